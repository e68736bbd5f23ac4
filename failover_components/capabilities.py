"""What a cloud cannot do, said one way: every "not available on <cloud>" reason.

Each cloud's ``rules.py`` keeps one table, ``CAPABILITIES``: the keys of the neutral health
check that the cloud has no setting for, each with why (and a link to the cloud's own
documentation) and what to do instead. :func:`unavailable_reasons` turns a health check into
the reasons for the keys the user set, with one wording for every cloud:
``<path>: not available on <cloud>: <why>, got <value>; expected <instead>``. Pure: no SDK.
"""

from collections.abc import Mapping
from typing import NamedTuple, cast

from .clouds import CLOUDS
from .errors import Reason
from .model import HealthCheck

__all__ = ["Capabilities", "Unavailable", "given_value", "unavailable_reasons"]


class Unavailable(NamedTuple):
    """One neutral key a cloud has no setting for."""

    why: str
    """Why the cloud cannot honour it, with a link to its documentation."""
    instead: str
    """What the user can do instead (the reason's "expected" part)."""


Capabilities = Mapping[str, Unavailable]
"""Neutral health-check key (``expected_codes``) -> why it is not available, what to do."""


def given_value(hc: HealthCheck, key: str) -> object:
    """What the user set for ``key``, as a reason shows it: header names only (their values
    are often shared secrets), status codes as written, tuples as lists."""
    if key == "headers":
        return sorted(hc.headers)
    if key == "expected_codes":
        return hc.expected_codes_text
    value: object = getattr(hc, key)
    return list(cast("tuple[object, ...]", value)) if isinstance(value, tuple) else value


def unavailable_reasons(cloud: str, table: Capabilities, hc: HealthCheck) -> list[Reason]:
    """A reason for each key of ``table`` the user set on ``hc`` (``cloud`` is the registry
    key, ``aws``; the reason names the service by the registry's title)."""
    title = CLOUDS[cloud].title
    return [
        Reason(
            hc.path_of(key), f"not available on {title}: {u.why}", given_value(hc, key), u.instead
        )
        for key, u in table.items()
        if key in hc.given
    ]
