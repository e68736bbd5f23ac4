"""What a failover component declared, in cloud-neutral terms: its tiers, endpoints, the
effective health-check settings and the timing model's numbers.

Each component reports how to build its :class:`FailoverSetSummary` when it is constructed;
the summary itself is built when someone drains the list. The testing kit listens and
collects them (``Recording.failover_sets``), and the offline plan prints them. Nothing here
talks to a cloud, and when nobody listens (a real ``pulumi up``) nothing is kept.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Union

from .model import FailoverSet
from .timing import FailoverTiming

__all__ = [
    "EndpointSummary",
    "FailoverSetSummary",
    "SummarySource",
    "TierSummary",
    "build",
    "drain",
    "listen",
    "report",
    "stop",
    "tiers_of",
]

UNKNOWN_ADDRESS = "<known after deployment>"


@dataclass(frozen=True)
class EndpointSummary:
    """One endpoint as declared."""

    name: str
    address: str
    """The address, or ``<known after deployment>`` for an unresolved ``Output``."""
    weight: int
    status: str


@dataclass(frozen=True)
class TierSummary:
    """One tier (pool) as declared, with its effective health check and timing."""

    name: str
    tier: int
    min_healthy: int
    endpoints: tuple[EndpointSummary, ...]
    health_check: Mapping[str, Any]
    """The settings the cloud will use (its own names and units), defaults included."""
    timing: FailoverTiming


@dataclass(frozen=True)
class FailoverSetSummary:
    """One failover component as declared."""

    component: str
    """The component's resource name."""
    type: str
    """The component's type token."""
    cloud: str
    hostname: str
    zone_name: str
    record_type: str
    ttl: int
    """The TTL clients see (0 for a proxied Cloudflare load balancer)."""
    tiers: tuple[TierSummary, ...]
    timing: FailoverTiming
    """The slowest tier's timing: the set's worst case."""
    budget_seconds: int | None
    facts: Mapping[str, Any] = field(default_factory=lambda: {})
    """Cloud facts worth showing (proxied, profile DNS name, fail-open behaviour...)."""

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready data with stable keys."""
        data = asdict(self)
        data["facts"] = dict(self.facts)
        return data


def endpoints_of(fset: FailoverSet, pool_index: int) -> tuple[EndpointSummary, ...]:
    """The endpoints of one pool, addresses shown as declared."""
    return tuple(
        EndpointSummary(
            name=e.name,
            address=e.address if isinstance(e.address, str) else UNKNOWN_ADDRESS,
            weight=e.weight,
            status=e.status.value,
        )
        for e in fset.pools[pool_index].endpoints
    )


def tiers_of(
    fset: FailoverSet,
    health_checks: Sequence[Mapping[str, Any]],
    timings: Sequence[FailoverTiming],
) -> tuple[TierSummary, ...]:
    """One :class:`TierSummary` per pool, in tier order, with the effective health-check
    settings and the timing the cloud gives each (one of each per pool, in the same order)."""
    return tuple(
        TierSummary(
            name=pool.name,
            tier=pool.tier,
            min_healthy=pool.min_healthy,
            endpoints=endpoints_of(fset, index),
            health_check=health_check,
            timing=timing,
        )
        for index, (pool, health_check, timing) in enumerate(
            zip(fset.pools, health_checks, timings, strict=True)
        )
    )


SummarySource = Union[FailoverSetSummary, Callable[[], FailoverSetSummary]]
"""A summary, or what builds it when it is drained."""

_REPORTED: list[SummarySource] = []
_listening = False


def listen() -> None:
    """Start collecting what components report (the testing kit does, for the offline plan and
    tests); until then :func:`report` keeps nothing, so a real ``pulumi up`` holds no
    reference to any component."""
    global _listening
    _REPORTED.clear()
    _listening = True


def report(summary: SummarySource) -> None:
    """Called by every component once it has declared its children, with its summary or with
    what builds it (components pass their ``_summary`` method: built only when drained)."""
    if _listening:
        _REPORTED.append(summary)


def stop() -> list[SummarySource]:
    """Stop collecting; returns what was reported and not drained, not yet built."""
    global _listening
    _listening = False
    taken = list(_REPORTED)
    _REPORTED.clear()
    return taken


def build(sources: list[SummarySource]) -> list[FailoverSetSummary]:
    """The summaries of ``sources``, in order (builders are called now)."""
    return [s if isinstance(s, FailoverSetSummary) else s() for s in sources]


def drain() -> list[FailoverSetSummary]:
    """Every summary reported since :func:`listen` or the last drain, oldest first; collecting
    goes on. The list is emptied before anything is built, so a builder that raises leaves
    nothing behind for the next run."""
    taken = list(_REPORTED)
    _REPORTED.clear()
    return build(taken)
