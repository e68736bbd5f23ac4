"""Failover drills: what clients get when tiers or endpoints fail, and when.

A drill compares two things for every failover set of a recorded program:

* the **intent**, from what the component declared (its ordered tiers, each endpoint's status
  and each pool's ``min_healthy``): the first healthy tier should answer with its healthy
  endpoints;
* the **behaviour**, from a cloud resolver reading the resources the program registers (what
  ``pulumi up`` would create).

:func:`drill` runs one scenario ("these pools or endpoints are down"); :func:`drill_all` runs
every combination of tiers down and reports each mismatch, a regression gate for CI.
"""

import itertools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..recording import Recording
from ..summary import UNKNOWN_ADDRESS, FailoverSetSummary, TierSummary
from . import Answer, SimulationError, resolve
from .timeline import Timeline, timeline

__all__ = [
    "DrillResult",
    "Expectation",
    "Mismatch",
    "drill",
    "drill_all",
    "drill_names_match",
    "expected_answer",
    "select_down",
]


@dataclass(frozen=True)
class Expectation:
    """What the ordered pools promise for one set of down endpoints."""

    tier: str | None
    """The pool that should answer; ``None`` when every tier is down (the cloud fails open)."""
    values: frozenset[str]
    """The addresses it should answer with (its healthy endpoints)."""


@dataclass(frozen=True)
class DrillResult:
    """One failover set in one scenario."""

    component: str
    hostname: str
    cloud: str
    down: tuple[str, ...]
    """The endpoint addresses taken down."""
    before: Answer
    after: Answer
    expected: Expectation
    ok: bool
    """True when ``after`` is what the ordered pools promise."""
    failed_tier: TierSummary | None
    """The tier that stopped answering (whose timing drives the timeline)."""
    timeline: Timeline | None


@dataclass(frozen=True)
class Mismatch:
    """A scenario whose answer is not the first healthy tier."""

    component: str
    tiers_down: tuple[str, ...]
    expected: Expectation
    got: Answer
    reason: str


@dataclass
class _Index:
    """Endpoint names and addresses of one failover set."""

    summary: FailoverSetSummary
    by_pool: dict[str, list[str]] = field(default_factory=lambda: {})
    by_endpoint: dict[str, list[str]] = field(default_factory=lambda: {})


def _index(summary: FailoverSetSummary) -> _Index:
    idx = _Index(summary)
    for tier in summary.tiers:
        addresses = [e.address for e in tier.endpoints]
        idx.by_pool[tier.name] = addresses
        for e in tier.endpoints:
            idx.by_endpoint.setdefault(e.name, []).append(e.address)
            idx.by_endpoint.setdefault(f"{tier.name}/{e.name}", []).append(e.address)
    return idx


def select_down(summary: FailoverSetSummary, names: Iterable[str]) -> tuple[str, ...]:
    """Addresses to take down for ``names``: pool names, ``pool/endpoint``, endpoint names or
    addresses. Raises ``KeyError`` naming what matched nothing."""
    idx = _index(summary)
    known = {a for addresses in idx.by_pool.values() for a in addresses}
    out: list[str] = []
    for name in names:
        if name in idx.by_pool:
            out.extend(idx.by_pool[name])
        elif name in idx.by_endpoint:
            out.extend(idx.by_endpoint[name])
        elif name in known:
            out.append(name)
        else:
            raise KeyError(
                f"{name!r} is not a pool, endpoint or address of {summary.component!r} "
                f"(pools: {', '.join(idx.by_pool)})"
            )
    if UNKNOWN_ADDRESS in out:
        raise SimulationError(
            f"{summary.component!r}: an endpoint address is only known after deployment"
        )
    return tuple(dict.fromkeys(out))


def drill_names_match(summary: FailoverSetSummary, name: str) -> bool:
    """True when ``name`` names a pool, an endpoint or an address of ``summary``."""
    idx = _index(summary)
    addresses = {a for group in idx.by_pool.values() for a in group}
    return name in idx.by_pool or name in idx.by_endpoint or name in addresses


def expected_answer(summary: FailoverSetSummary, down: Collection[str]) -> Expectation:
    """The first tier with at least ``min_healthy`` healthy endpoints, and those endpoints.

    An endpoint is healthy when its status is ``up``, or ``obey`` and its address is not down;
    ``down`` endpoints never are.
    """
    for tier in summary.tiers:
        healthy = [
            e.address
            for e in tier.endpoints
            if e.status == "up" or (e.status == "obey" and e.address not in down)
        ]
        if len(healthy) >= tier.min_healthy:
            return Expectation(tier.name, frozenset(healthy))
    return Expectation(None, frozenset())


def _matches(expected: Expectation, got: Answer) -> tuple[bool, str]:
    if expected.tier is None:
        if got.fail_open:
            return True, ""
        return False, "every tier is down, but the answer is not the cloud's fail-open answer"
    if got.fail_open:
        return False, f"fell open although tier {expected.tier!r} is healthy"
    if frozenset(got.values) != expected.values:
        return False, (
            f"answered {sorted(got.values)} (from {list(got.pools)}), expected tier "
            f"{expected.tier!r}: {sorted(expected.values)}"
        )
    return True, ""


def _failed_tier(
    summary: FailoverSetSummary, before: Expectation, after: Expectation
) -> TierSummary | None:
    if before.tier is None or before.tier == after.tier:
        return None
    return next(t for t in summary.tiers if t.name == before.tier)


def drill(
    recording: Recording,
    summary: FailoverSetSummary,
    down_names: Sequence[str],
    *,
    back_at: int | None = 900,
) -> DrillResult:
    """One scenario: the answer before and after ``down_names`` go down, and the timeline."""
    down = select_down(summary, down_names)
    before = resolve(recording, summary.hostname, ())
    after = resolve(recording, summary.hostname, down)
    expected_before = expected_answer(summary, ())
    expected = expected_answer(summary, down)
    ok, _why = _matches(expected, after)
    failed = _failed_tier(summary, expected_before, expected)
    return DrillResult(
        component=summary.component,
        hostname=summary.hostname,
        cloud=summary.cloud,
        down=down,
        before=before,
        after=after,
        expected=expected,
        ok=ok,
        failed_tier=failed,
        timeline=timeline(failed.timing, back_at=back_at) if failed is not None else None,
    )


def drill_all(recording: Recording, summary: FailoverSetSummary) -> list[Mismatch]:
    """Every combination of tiers down (2^n scenarios); the ones whose answer is wrong."""
    idx = _index(summary)
    if any(UNKNOWN_ADDRESS in a for a in idx.by_pool.values()):
        raise SimulationError(
            f"{summary.component!r}: an endpoint address is only known after deployment"
        )
    mismatches: list[Mismatch] = []
    names = [t.name for t in summary.tiers]
    for flags in itertools.product((False, True), repeat=len(names)):
        tiers_down = tuple(n for n, is_down in zip(names, flags, strict=True) if is_down)
        down = {a for n in tiers_down for a in idx.by_pool[n]}
        expected = expected_answer(summary, down)
        got = resolve(recording, summary.hostname, down)
        ok, why = _matches(expected, got)
        if not ok:
            mismatches.append(Mismatch(summary.component, tiers_down, expected, got, why))
    return mismatches


def answer_json(answer: Answer) -> dict[str, Any]:
    """An answer as JSON-ready data."""
    return {
        "record_type": answer.record_type,
        "values": list(answer.values),
        "pools": list(answer.pools),
        "fail_open": answer.fail_open,
        "proxied": answer.proxied,
        "ttl": answer.ttl,
    }


def result_json(result: DrillResult) -> dict[str, Any]:
    """A drill result as JSON-ready data with stable keys."""
    return {
        "component": result.component,
        "hostname": result.hostname,
        "cloud": result.cloud,
        "down": list(result.down),
        "before": answer_json(result.before),
        "after": answer_json(result.after),
        "expected": {"tier": result.expected.tier, "values": sorted(result.expected.values)},
        "ok": result.ok,
        "failed_tier": result.failed_tier.name if result.failed_tier else None,
        "timeline": None
        if result.timeline is None
        else {
            "fails_over": result.timeline.fails_over,
            "events": [
                {
                    "name": e.name,
                    "best": e.best,
                    "worst": e.worst if e.bounded else None,
                    "why": e.why,
                }
                for e in result.timeline.events
            ],
        },
    }
