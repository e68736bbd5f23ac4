"""Test helpers every cloud's tests share (each cloud adds its own in ``<cloud>_support.py``)."""

from failover_components import FailoverConfigError

__all__ = ["config_error", "is_unknown"]


def config_error(exc: BaseException) -> FailoverConfigError:
    """The FailoverConfigError behind ``exc`` (raised directly, or while an Output resolves)."""
    found = FailoverConfigError.find(exc)
    assert found is not None, f"no FailoverConfigError in {exc!r}"
    return found


def is_unknown(value: object) -> bool:
    """Whether ``value`` is the mock engine's stand-in for a value known only after deployment
    (``pulumi.runtime`` marks it with a class named ``Unknown``)."""
    return type(value).__name__ == "Unknown"
