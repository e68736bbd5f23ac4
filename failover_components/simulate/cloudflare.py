"""The Cloudflare resolver's old path: it lives in
:mod:`failover_components.cloudflare.resolver` (the cloud's package) now."""

from ..cloudflare.resolver import publishes, resolve

__all__ = ["publishes", "resolve"]
