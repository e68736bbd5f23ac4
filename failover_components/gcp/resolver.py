"""Answer a hostname the way Google Cloud DNS does, from recorded resources only.

Reads what a program registered (``gcp:dns/recordSet:RecordSet`` with a failover routing
policy, its camelCase inputs), so it works on a hand-written SDK program as well as on
:class:`~failover_components.gcp.CloudDnsFailover`. It never imports ``pulumi_gcp``.

The rules, each with its source:

1. The record set is the one whose ``name`` is the hostname and whose ``routingPolicy`` holds
   ``primaryBackup``; a plain record set answers its ``rrdatas`` [RRSET_API].
2. Without ``routingPolicy.healthCheck`` the external endpoints are never probed ("Specifies
   the health check (used with external endpoints)", pulumi_gcp dns.RecordSetRoutingPolicy
   Args.health_check), so every target counts as healthy.
3. Queries get the primary targets that are healthy; when none is, the backup geo policy
   answers ("all queries are responded with the primary_targets if they are healthy. And if
   all of them are unhealthy, then we fallback to a geo localized policy") [RRSET_API].
4. ``trickleRatio`` sends that share of the traffic to the backup while the primary is
   healthy; 1.0 sends all of it ("You can manually trigger failover by sending 100% of
   traffic to the backup") [CONFIGURE_ROUTING]. Between 0 and 1 both sets may answer.
5. A backup item answers its healthy health-checked targets and its ``rrdatas``, which are
   never checked; with all checked targets down it still answers the ``rrdatas`` ("Cloud DNS
   returns all the IP addresses that don't have health checking configured") [ROUTING_POLICIES,
   second-hand quote in gcp.md §1.6]. With several backup items the answer depends on where the
   client is, which is not modelled: an error.
6. Fail-open: with nothing healthy, "Cloud DNS behaves as if all endpoints are healthy"
   [ROUTING_POLICIES, second-hand quote in gcp.md §1.6]: the primary targets, or the backup's
   with ``trickleRatio`` 1.0; with ``enableGeoFencingForBackups`` the backup bucket answers
   all its targets even when unhealthy [RRSET_API, enableFencing].
"""

import ipaddress
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, cast

from ..recording import RecordedResource, Recording
from ..simulate import Answer, SimulationError
from ..simulate import is_unknown as _is_unknown
from ..simulate import known as _known
from .constants import CONFIGURE_ROUTING, RECORD_SET, ROUTING_POLICIES, RRSET_API

__all__ = ["publishes", "resolve"]


def _norm(name: object) -> str:
    return str(name or "").strip().lower().removesuffix(".")


def _address(value: object) -> str:
    text = str(value).strip()
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return text.lower()


def _addresses(raw: object, what: str) -> tuple[str, ...]:
    items = _known(raw, what)
    if items is None:
        return ()
    if not isinstance(items, list):
        raise SimulationError(f"{what} is not a list")
    return tuple(_address(_known(v, what)) for v in cast("list[object]", items))


def _map(value: object, what: str) -> Mapping[str, Any]:
    value = _known(value, what)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise SimulationError(f"{what} is not an object")
    return cast("Mapping[str, Any]", value)


@dataclass(frozen=True)
class _Backup:
    location: str
    checked: tuple[str, ...]
    unchecked: tuple[str, ...]


def _record_sets(recording: Recording, hostname: str) -> list[RecordedResource]:
    host = _norm(hostname)
    return [
        r
        for r in recording.resources
        if r.type == RECORD_SET and not _is_unknown(r.inputs.get("name"))
        if _norm(r.inputs.get("name")) == host
    ]


def publishes(recording: Recording, hostname: str) -> bool:
    """True when a Cloud DNS record set in the recording answers ``hostname``."""
    return bool(_record_sets(recording, hostname))


def _backup(policy: Mapping[str, Any]) -> _Backup:
    geos = _known(policy.get("backupGeos"), "primaryBackup.backupGeos")
    if not isinstance(geos, list) or not geos:
        raise SimulationError("primaryBackup has no backupGeos item (the API requires one)")
    items = cast("list[object]", geos)
    if len(items) > 1:
        raise SimulationError(
            f"primaryBackup has {len(items)} backupGeos items: which one answers depends on "
            "where the client is, which is not modelled"
        )
    item = _map(items[0], "backupGeos[0]")
    targets = _map(item.get("healthCheckedTargets"), "backupGeos[0].healthCheckedTargets")
    if targets.get("internalLoadBalancers"):
        raise SimulationError("internal load balancer targets (private zones) are not modelled")
    return _Backup(
        location=str(_known(item.get("location"), "backupGeos[0].location")),
        checked=_addresses(
            targets.get("externalEndpoints"), "backupGeos[0].healthCheckedTargets.externalEndpoints"
        ),
        unchecked=_addresses(item.get("rrdatas"), "backupGeos[0].rrdatas"),
    )


def resolve(recording: Recording, hostname: str, down: Collection[str] = ()) -> Answer:
    """What Cloud DNS answers for ``hostname`` while the addresses in ``down`` fail their
    health checks."""
    found = _record_sets(recording, hostname)
    if len(found) != 1:
        types = sorted(str(r.inputs.get("type")) for r in found)
        raise SimulationError(
            f"{hostname!r}: expected one Cloud DNS record set, found {len(found)} {types}"
        )
    record = found[0]
    rtype = str(_known(record.inputs.get("type"), "record set type"))
    ttl = int(_known(record.inputs.get("ttl"), "record set ttl") or 0)
    host = _norm(hostname)
    failed = {_address(a) for a in down}
    routing = _map(record.inputs.get("routingPolicy"), "routingPolicy")
    if not routing:
        values = _addresses(record.inputs.get("rrdatas"), "rrdatas")
        return Answer(
            host,
            rtype,
            tuple(sorted(values)),
            ("rrdatas",),
            False,
            ttl,
            trace=(f"a plain record set answers its rrdatas [{RRSET_API}]",),
        )
    policy = _map(routing.get("primaryBackup"), "routingPolicy.primaryBackup")
    if not policy:
        raise SimulationError(f"{hostname!r}: only the failover (primaryBackup) policy is modelled")
    primary_block = _map(policy.get("primary"), "primaryBackup.primary")
    if primary_block.get("internalLoadBalancers"):
        raise SimulationError("internal load balancer targets (private zones) are not modelled")
    primary = _addresses(primary_block.get("externalEndpoints"), "primary.externalEndpoints")
    backup = _backup(policy)
    trickle = float(_known(policy.get("trickleRatio"), "trickleRatio") or 0.0)
    fencing = bool(_known(policy.get("enableGeoFencingForBackups"), "fencing") or False)
    checked = bool(_known(routing.get("healthCheck"), "routingPolicy.healthCheck"))
    trace: list[str] = []
    if not checked:
        trace.append(
            "no routingPolicy.healthCheck: the external endpoints are never probed, all healthy"
        )
        failed = set[str]()
    backup_pool = f"backup:{backup.location}"
    healthy_primary = tuple(a for a in primary if a not in failed)
    healthy_backup = tuple(a for a in backup.checked if a not in failed) + backup.unchecked

    def answer(values: tuple[str, ...], pools: tuple[str, ...], fail_open: bool) -> Answer:
        return Answer(
            host, rtype, tuple(sorted(set(values))), pools, fail_open, ttl, trace=tuple(trace)
        )

    if healthy_primary and trickle < 1.0:
        trace.append(f"healthy primary targets {list(healthy_primary)} answer [{RRSET_API}]")
        if trickle > 0.0 and healthy_backup:
            trace.append(
                f"trickle_ratio {trickle}: the backup answers a share [{CONFIGURE_ROUTING}]"
            )
            return answer(healthy_primary + healthy_backup, ("primary", backup_pool), False)
        return answer(healthy_primary, ("primary",), False)
    if healthy_backup:
        why = (
            f"trickle_ratio {trickle}: every query goes to the backup [{CONFIGURE_ROUTING}]"
            if healthy_primary
            else f"no healthy primary target: the backup geo policy answers [{RRSET_API}]"
        )
        trace.append(why)
        if backup.unchecked and not any(a not in failed for a in backup.checked):
            trace.append(
                f"un-checked rrdatas answer although checked targets fail [{ROUTING_POLICIES}]"
            )
        return answer(healthy_backup, (backup_pool,), False)
    # Nothing healthy: Cloud DNS behaves as if every target were healthy [ROUTING_POLICIES].
    if fencing and not healthy_primary:
        trace.append(f"geo fencing: the backup bucket answers all its targets [{RRSET_API}]")
        return answer(backup.checked + backup.unchecked, (backup_pool,), True)
    if trickle >= 1.0:
        trace.append(f"fail-open with trickle_ratio 1.0: the backup's targets [{ROUTING_POLICIES}]")
        return answer(backup.checked + backup.unchecked, (backup_pool,), True)
    trace.append(f"nothing healthy: fail-open to the primary targets [{ROUTING_POLICIES}]")
    return answer(primary, ("primary",), True)
