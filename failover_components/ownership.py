"""One owner per name: two failover sets never answer the same hostname and record type.

On Route 53 a second set's records collide with the first's at the hostname (two PRIMARY
records, refused mid-deployment); on Azure DNS a record set is written with PUT, so the second
silently overwrites the first; on Cloudflare the second load balancer of a hostname is refused.
So every component, whatever its cloud, *claims* its name before it registers anything, and a
second claim in the same program is a :class:`~failover_components.errors.FailoverConfigError`
naming both sets. A cloud package calls :func:`claim` in one line, after validating its
arguments and before ``super().__init__``.

What is compared is what is known at construction: the zone name, the hostname and the record
type (a CNAME conflicts with every type, since a CNAME is alone at its name, RFC 1034 §3.6.2).
Zone ids may be unknown ``Output``s and are not compared: two sets of one hostname in two
zones of the same name (two accounts, two clouds) are refused too, since only one of those
zones can be the one the internet resolves.

Claims are scoped to one program run: the engine runs a program on one event loop, and the
testing kit runs each program on a loop of its own, so claims are kept per running event
loop, project and stack, and dropped with the loop.
"""

import asyncio
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import FailoverConfigError, Reason
from .model import FailoverSet

__all__ = ["Claim", "claim", "claim_names", "claim_set", "conflicts", "entries_reasons"]


@dataclass(frozen=True)
class Claim:
    """What one failover set answers."""

    zone_name: str
    hostname: str
    record_type: str
    owner: str
    """Who claims it, as errors name it (``Route53Failover 'web'`` or ``failovers[1]``)."""

    def conflicts_with(self, other: "Claim") -> bool:
        if (self.zone_name, self.hostname) != (other.zone_name, other.hostname):
            return False
        types = {self.record_type, other.record_type}
        return len(types) == 1 or "CNAME" in types


_CLAIMS: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, str], list[Claim]]]" = weakref.WeakKeyDictionary()


def _program_key() -> tuple[asyncio.AbstractEventLoop, tuple[str, str]]:
    import pulumi

    # The loop the program runs on (set by the engine, or by the testing kit for each run), as
    # _component.known finds it.
    loop = asyncio.get_event_loop()
    return loop, (pulumi.get_project(), pulumi.get_stack())


def conflicts(claims: list[Claim], new: Claim) -> list[Claim]:
    """The claims in ``claims`` that ``new`` conflicts with. A claim by the same owner is not
    a conflict: one component constructed again in the same process (a hosted component's
    provider serving a preview, then the update) is the same set, and two components of one
    type and name in one program are refused by the engine itself (one URN)."""
    return [c for c in claims if c.owner != new.owner and c.conflicts_with(new)]


def reason(new: Claim, other: Claim, path: str = "hostname") -> Reason:
    """Why ``new`` cannot be declared beside ``other``."""
    what = (
        f"{other.record_type} records"
        if other.record_type == new.record_type
        else f"{other.record_type} records (a CNAME is alone at its name)"
    )
    return Reason(
        path,
        f"{other.owner} already answers this hostname with {what} in zone {other.zone_name!r}: "
        "two failover sets would overwrite or collide with each other's records",
        new.hostname,
        "one failover set per hostname and record type in a zone (merge the pools into one "
        "set, or use another hostname)",
    )


def claim(
    subject: str, *, zone_name: str, hostname: str, record_type: str, path: str = "hostname"
) -> None:
    """Claim ``hostname`` (``record_type``, zone ``zone_name``) for ``subject`` in this program,
    or raise :class:`FailoverConfigError` naming the set that already holds it."""
    loop, key = _program_key()
    by_program = _CLAIMS.setdefault(loop, {})
    claims = by_program.setdefault(key, [])
    new = Claim(zone_name.lower(), hostname.lower(), record_type.upper(), subject)
    found = conflicts(claims, new)
    FailoverConfigError.raise_if_any([reason(new, c, path) for c in found], subject)
    claims.append(new)


def claim_set(subject: str, fset: FailoverSet) -> None:
    """:func:`claim` the name of a validated failover set: the one line each cloud's component
    runs after validation and before registering anything."""
    claim(
        subject,
        zone_name=fset.zone_name,
        hostname=fset.hostname,
        record_type=fset.record_type.value,
    )


def entries_reasons(entries: Sequence[Mapping[str, Any]], key: str) -> list[Reason]:
    """Every pair of (already valid) config entries that would answer the same name, each
    reason at the later entry's ``hostname`` and naming the earlier entry by its path."""
    from .spec import FailoverSetArgs
    from .validation import parse_failover_set, typeddict_keys

    neutral = typeddict_keys(FailoverSetArgs)
    claims: list[Claim] = []
    reasons: list[Reason] = []
    for index, entry in enumerate(entries):
        fset, _ = parse_failover_set({k: v for k, v in entry.items() if k in neutral})
        if fset is None:
            continue
        new = Claim(
            fset.zone_name,
            fset.hostname,
            fset.record_type.value,
            f"{key}[{index}] (name {entry.get('name')!r})",
        )
        reasons.extend(
            reason(new, other, f"{key}[{index}].hostname") for other in conflicts(claims, new)
        )
        claims.append(new)
    return reasons


_NAMES: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[tuple[str, str], dict[tuple[str, str], str]]]" = weakref.WeakKeyDictionary()


def claim_names(subject: str, kind: str, names: Sequence[tuple[str, str]]) -> None:
    """Claim cloud-side names that must be unique beyond one component (a Traffic Manager
    DNS name is unique among all profiles): ``names`` holds ``(argument path, name)``; a name
    another component of this program already holds raises :class:`FailoverConfigError`."""
    loop, key = _program_key()
    held = _NAMES.setdefault(loop, {}).setdefault(key, {})
    reasons = [
        Reason(
            path,
            f"makes the {kind} {name!r}, which {held[(kind, name.lower())]} also makes",
            name,
            f"a {kind} no other failover set of the program uses",
        )
        for path, name in names
        if (kind, name.lower()) in held and held[(kind, name.lower())] != subject
    ]
    FailoverConfigError.raise_if_any(reasons, subject)
    for _path, name in names:
        held.setdefault((kind, name.lower()), subject)
