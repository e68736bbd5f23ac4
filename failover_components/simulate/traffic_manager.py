"""The Traffic Manager resolver moved to :mod:`failover_components.azure.resolver`; this path
keeps working for code that imports it from here."""

from ..azure.resolver import publishes, resolve

__all__ = ["publishes", "resolve"]
