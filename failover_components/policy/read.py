"""Reading property values defensively: a rule never trusts a shape.

A resource's properties come from a mock recording or from CrossGuard, may be unknown in a
preview and may be anything a hand-written program put there; these readers give ``None`` (or
an empty list or mapping) for anything else than the shape asked for.
"""

from collections.abc import Mapping
from typing import Any, cast

__all__ = ["UNKNOWN", "as_list", "as_map", "as_num", "as_str", "fmt", "is_set"]


class _Unknown:
    """A value the engine does not know yet (a preview of a value another resource computes)."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN: Any = _Unknown()
"""What an unknown property value is in a :class:`ResourceView`, whatever its source."""


def is_set(value: Any) -> bool:
    """Given at all: an unknown value counts (it will be something)."""
    return value is UNKNOWN or (value is not None and value != "" and value != [] and value != {})


def as_str(value: Any) -> str | None:
    """``value`` if it is a string, else ``None``."""
    return value if isinstance(value, str) else None


def as_num(value: Any) -> float | None:
    """``value`` as a float if it is a number (not a bool), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def as_list(value: object) -> list[Any]:
    """A copy of ``value`` if it is a list, else an empty list."""
    return list(cast("list[object]", value)) if isinstance(value, list) else []


def as_map(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one."""
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else {}


def fmt(number: float) -> str:
    """A number for a message: ``60`` rather than ``60.0``."""
    return str(int(number)) if float(number).is_integer() else str(number)
