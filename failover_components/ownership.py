"""One owner per name: two failover sets never answer the same hostname and record type.

On Route 53 a second set's records collide with the first's at the hostname (two PRIMARY
records, refused mid-deployment); on Azure DNS a record set is written with PUT, so the second
silently overwrites the first; on Cloudflare the second load balancer of a hostname is refused.
So every component, whatever its cloud, *claims* its name before it registers anything, and a
second claim in the same program is a :class:`~failover_components.errors.FailoverConfigError`
naming both sets. A cloud package calls :func:`claim` in one line, after validating its
arguments and before ``super().__init__``.

What is compared is what is known at construction: the zone name, the hostname and what the
cloud writes there, which is not always the set's record type (``occupies``): Route 53 writes
records of the set's type; Azure writes a CNAME to the Traffic Manager profile off the apex
(so an A set and an AAAA set of one hostname collide there), alias A/AAAA records at the apex;
Cloudflare makes one load balancer per hostname, whatever the type (:data:`WHOLE_NAME`). A
CNAME conflicts with every type, since a CNAME is alone at its name (RFC 1034 §3.6.2).
Zone ids may be unknown ``Output``s and are not compared: two sets of one hostname in two
zones of the same name (two accounts, two clouds) are refused too, since only one of those
zones can be the one the internet resolves.

Claims are scoped to one program run: the Pulumi runtime settings give every run (the
engine's, each ``pulumi.runtime.set_mocks``, each ``@pulumi.runtime.test`` function, each
hosted component's construct) a fresh list of outstanding RPCs, so claims are kept per that
list, project and stack, and dropped when it is replaced. :func:`reset` drops them by hand.
"""

import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from .errors import FailoverConfigError, Reason
from .model import FailoverSet

__all__ = [
    "WHOLE_NAME",
    "Claim",
    "claim",
    "claim_names",
    "claim_set",
    "conflicts",
    "entries_reasons",
    "occupied_type",
    "reset",
]

WHOLE_NAME = "*"
"""``occupies`` of a cloud that holds the whole hostname whatever the record type (Cloudflare:
one load balancer per hostname)."""


@dataclass(frozen=True)
class Claim:
    """What one failover set answers."""

    zone_name: str
    hostname: str
    record_type: str
    owner: str
    """Who claims it, as errors name it (``Route53Failover 'web'`` or ``failovers[1]``)."""
    parent: object = None
    """The component's parent resource (``None``: the stack), compared by identity: with
    ``owner`` it tells one component from another of the same type and name elsewhere in
    the tree."""

    def conflicts_with(self, other: "Claim") -> bool:
        if (self.zone_name, self.hostname) != (other.zone_name, other.hostname):
            return False
        types = {self.record_type, other.record_type}
        return len(types) == 1 or bool(types & {"CNAME", WHOLE_NAME})

    def same_owner(self, other: "Claim") -> bool:
        return self.owner == other.owner and self.parent is other.parent


class _Scope:
    """The claims of one program run, with the RPC list that identifies the run."""

    def __init__(self, rpcs: object) -> None:
        self.rpcs = rpcs
        self.claims: dict[tuple[str, str], list[Claim]] = {}
        self.names: dict[tuple[str, str], dict[tuple[str, str], str]] = {}


# Keyed by the runtime settings' RPCManager (one per set_mocks / engine run); a scope whose
# RPC list was replaced (``@pulumi.runtime.test`` clears it before each test) is stale.
_SCOPES: "weakref.WeakKeyDictionary[object, _Scope]" = weakref.WeakKeyDictionary()


def reset() -> None:
    """Forget every claim of this process. The runtime already scopes claims to one program
    run (see the module docstring); call this in a test fixture that runs programs some other
    way."""
    _SCOPES.clear()


def _scope() -> tuple[_Scope, tuple[str, str]]:
    import pulumi
    from pulumi.runtime.settings import _get_rpc_manager  # pyright: ignore[reportPrivateUsage]

    manager = _get_rpc_manager()
    rpcs = cast(object, manager.rpcs)  # its identity only
    scope = _SCOPES.get(manager)
    if scope is None or scope.rpcs is not rpcs:
        scope = _SCOPES[manager] = _Scope(rpcs)
    return scope, (pulumi.get_project(), pulumi.get_stack())


def conflicts(claims: list[Claim], new: Claim) -> list[Claim]:
    """The claims in ``claims`` that ``new`` conflicts with. A claim by the same owner (type,
    name and parent object) is not a conflict: it is the same component claiming again; two
    components of one type and name under one parent are refused by the engine itself (one
    URN), while under two parents they are two sets and are refused here."""
    return [c for c in claims if not c.same_owner(new) and c.conflicts_with(new)]


def reason(new: Claim, other: Claim, path: str = "hostname") -> Reason:
    """Why ``new`` cannot be declared beside ``other``."""
    if other.record_type == WHOLE_NAME:
        what = "a load balancer (every record type)"
    elif new.record_type == WHOLE_NAME:
        what = f"{other.record_type} records (a load balancer takes every record type)"
    elif other.record_type == new.record_type:
        what = f"{other.record_type} records"
    else:
        what = f"{other.record_type} records (a CNAME is alone at its name)"
    return Reason(
        path,
        f"{other.owner} already answers this hostname with {what} in zone {other.zone_name!r}: "
        "two failover sets would overwrite or collide with each other's records",
        new.hostname,
        "one failover set per hostname and record type in a zone (merge the pools into one "
        "set, or use another hostname)",
    )


def claim(
    subject: str,
    *,
    zone_name: str,
    hostname: str,
    record_type: str,
    path: str = "hostname",
    parent: object = None,
) -> None:
    """Claim ``hostname`` (``record_type``, or :data:`WHOLE_NAME`; zone ``zone_name``) for
    ``subject`` under ``parent`` in this program, or raise :class:`FailoverConfigError`
    naming the set that already holds it."""
    scope, key = _scope()
    claims = scope.claims.setdefault(key, [])
    new = Claim(zone_name.lower(), hostname.lower(), record_type.upper(), subject, parent)
    found = conflicts(claims, new)
    FailoverConfigError.raise_if_any([reason(new, c, path) for c in found], subject)
    claims.append(new)


def occupied_type(fset: FailoverSet, occupies: str | None) -> str:
    """What a cloud writes at the hostname: ``occupies`` (``"CNAME"``, :data:`WHOLE_NAME`), or
    the set's own record type when ``None``."""
    return occupies if occupies is not None else fset.record_type.value


def claim_set(
    subject: str,
    fset: FailoverSet,
    *,
    occupies: str | None = None,
    parent: object = None,
) -> None:
    """:func:`claim` the name of a validated failover set: the one line each cloud's component
    runs after validation and before registering anything. ``occupies``: what the cloud
    writes at the hostname when it is not the set's record type (see the module docstring);
    ``parent``: the component's ``opts.parent``."""
    claim(
        subject,
        zone_name=fset.zone_name,
        hostname=fset.hostname,
        record_type=occupied_type(fset, occupies),
        parent=parent,
    )


def entries_reasons(
    entries: Sequence[Mapping[str, Any]],
    key: str,
    occupies: Callable[[str, FailoverSet], str | None] = lambda _cloud, _fset: None,
) -> list[Reason]:
    """Every pair of (already valid) config entries that would answer the same name, each
    reason at the later entry's ``hostname`` and naming the earlier entry by its path.
    ``occupies(cloud, set)``: what that entry's cloud writes at the hostname (``None``: the
    set's record type)."""
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
            occupied_type(fset, occupies(str(entry.get("cloud")), fset)),
            f"{key}[{index}] (name {entry.get('name')!r})",
        )
        reasons.extend(
            reason(new, other, f"{key}[{index}].hostname") for other in conflicts(claims, new)
        )
        claims.append(new)
    return reasons


def claim_names(subject: str, kind: str, names: Sequence[tuple[str, str]]) -> None:
    """Claim cloud-side names that must be unique beyond one component (a Traffic Manager
    DNS name is unique among all profiles): ``names`` holds ``(argument path, name)``; a name
    another component of this program already holds raises :class:`FailoverConfigError`."""
    scope, key = _scope()
    held = scope.names.setdefault(key, {})
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
