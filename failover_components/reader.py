"""Reading typed values out of the user's args, one reason for each bad one.

Every parser of the args (the cloud-neutral one in :mod:`~failover_components.validation`,
the health check's, each cloud's own keys) reads through these, so a tuple is a list
everywhere, a misspelt key is an error everywhere, and an ``Output`` where a plain value
decides which resources exist gets the same reason everywhere.
"""

import difflib
from collections.abc import Collection, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar, cast

import pulumi

from .errors import MISSING, Reason

__all__ = [
    "LIST_EXPECTED",
    "Reader",
    "as_list",
    "check_keys",
    "is_output",
    "join",
    "typeddict_keys",
]

E = TypeVar("E", bound=Enum)


def typeddict_keys(td: type) -> frozenset[str]:
    """Every key a ``TypedDict`` allows, inherited ones included."""
    required: frozenset[str] = getattr(td, "__required_keys__", frozenset())
    optional: frozenset[str] = getattr(td, "__optional_keys__", frozenset())
    return frozenset(required | optional)


def check_keys(value: Mapping[str, Any], allowed: Collection[str], path: str) -> list[Reason]:
    """One reason per key that ``allowed`` does not name: a misspelling is an error, not ignored."""
    reasons: list[Reason] = []
    for key in value:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
        problem = f"unknown key (did you mean {close[0]!r}?)" if close else "unknown key"
        reasons.append(
            Reason(join(path, str(key)), problem, expected="one of " + ", ".join(sorted(allowed)))
        )
    return reasons


def join(path: str, key: str) -> str:
    """``path.key``, or ``key`` at the top level (whose path is empty)."""
    return f"{path}.{key}" if path else key


def _is_plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_output(value: object) -> bool:
    """True when ``value`` is not known yet: an ``Output`` or another awaitable."""
    return isinstance(value, pulumi.Output) or hasattr(value, "__await__")


class Reader:
    """Reads typed values out of a dict, recording a reason for each bad one."""

    def __init__(self, reasons: list[Reason]) -> None:
        self.reasons = reasons

    def fail(self, path: str, problem: str, got: object = MISSING, expected: str = "") -> None:
        self.reasons.append(Reason(path, problem, got, expected))

    def plain(self, value: object, path: str, what: str) -> bool:
        if is_output(value):
            self.fail(
                path,
                f"must be a plain {what}, not an Output: it decides which resources exist",
                expected=f"a {what} known when the program runs",
            )
            return False
        return True

    def integer(
        self, data: Mapping[str, Any], key: str, path: str, low: int, high: int | None = None
    ) -> int | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        where = join(path, key)
        if not self.plain(value, where, "integer"):
            return None
        if not _is_plain_int(value):
            self.fail(where, "not an integer", value, "a whole number")
            return None
        if value < low or (high is not None and value > high):
            bound = f"{low} to {high}" if high is not None else f"at least {low}"
            self.fail(where, "out of range", value, bound)
            return None
        return int(value)

    def string(self, data: Mapping[str, Any], key: str, path: str) -> str | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        where = join(path, key)
        if not self.plain(value, where, "string"):
            return None
        if not isinstance(value, str):
            self.fail(where, "not a string", value, _string_expected(value))
            return None
        return value

    def present_null(self, data: Mapping[str, Any], key: str, path: str, expected: str) -> bool:
        """True (and a reason) when ``key`` is given as ``None``: a required value or a name
        cannot be "nothing" (YAML reads an empty value, ``~`` and ``null`` as ``None``)."""
        if key in data and data[key] is None:
            self.fail(join(path, key), "null is not a value here", None, expected)
            return True
        return False

    def required(self, data: Mapping[str, Any], key: str, path: str, expected: str) -> bool:
        """True when ``key`` is there and not ``None``; otherwise one reason: null given, or
        the key missing."""
        if self.present_null(data, key, path, expected):
            return False
        if key not in data:
            self.fail(join(path, key), "required", expected=expected)
            return False
        return True

    def boolean(self, data: Mapping[str, Any], key: str, path: str) -> bool | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if not isinstance(value, bool):
            self.fail(join(path, key), "not a boolean", value, "true or false")
            return None
        return value

    def enum(self, data: Mapping[str, Any], key: str, path: str, enum: type[E]) -> E | None:
        """Accepts the enum member or its plain value, case-insensitively."""
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if isinstance(value, enum):
            return value
        if isinstance(value, str):
            for member in enum:
                if str(member.value).lower() == value.strip().lower():
                    return member
        allowed = ", ".join(repr(m.value) for m in enum)
        hint = (
            " (YAML reads unquoted on and off as booleans: quote it)"
            if isinstance(value, bool)
            else ""
        )
        self.fail(join(path, key), "not an allowed value", value, f"one of {allowed}{hint}")
        return None

    def mapping(self, value: object, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.fail(path, "not a mapping", value, "a mapping of keys to values")
            return None
        return cast("Mapping[str, Any]", value)

    def sequence(self, data: Mapping[str, Any], key: str, path: str) -> list[Any] | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        where = join(path, key)
        if not self.plain(value, where, "list"):
            return None
        items = as_list(value)
        if items is None:
            self.fail(where, "not a list", cast(object, value), LIST_EXPECTED)
        return items


LIST_EXPECTED = (
    "a list (any sequence: a tuple works too; a generator, set or other one-pass iterable does "
    "not, because the args are read more than once and pools are ordered)"
)


def as_list(value: object) -> list[Any] | None:
    """``value`` as a list when it is a sequence (list, tuple, ...) other than a string, else
    ``None``.

    The one way every module reads a list argument (the neutral rules and each cloud's own),
    so a tuple is accepted everywhere a list is, and a generator or set is refused everywhere:
    a generator is used up by the first reader (a cloud's own check of the same list would see
    it empty), and a set has no order, while pools are ordered tiers."""
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Sequence):
        return None
    return list(cast("Sequence[Any]", value))  # type: ignore[redundant-cast]


def _string_expected(value: object) -> str:
    if isinstance(value, bool):
        # PyYAML reads YAML 1.1, where unquoted yes/no/on/off/true/false are booleans
        # (https://yaml.org/type/bool.html): a pool named 'no' arrives as False.
        return (
            "a string (YAML reads unquoted yes, no, on, off, true and false as booleans: quote it)"
        )
    return "a string"
