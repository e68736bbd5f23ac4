"""The Route 53 resolver, at its old path: it lives in :mod:`failover_components.aws.resolver`."""

from ..aws.resolver import ANSWER_TYPES, ENDPOINT_CHECKS, publishes, resolve
from . import SimulationError

__all__ = ["ANSWER_TYPES", "ENDPOINT_CHECKS", "SimulationError", "publishes", "resolve"]
