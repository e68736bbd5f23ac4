"""When clients move, and how often a flaky endpoint would move them for nothing.

:func:`timeline` turns a tier's :class:`~failover_components.timing.FailoverTiming` and an
outage ("down at t=0, back at t=900") into events with a best and a worst time each, every
one explained by the terms it adds up (interval, threshold, timeout, checker skew, TTL).

:func:`false_failovers_per_day` and :func:`tradeoffs` are the other half of the trade-off: a
low threshold and a short interval fail over fast, and also fail over on noise. The model
assumes probe failures come from the endpoint (every checker sees the same failure), which is
the conservative case: independent checker-side losses are filtered further by each cloud's
aggregation (Route 53's 18% rule, Traffic Manager's and Cloudflare's majority votes).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..timing import FailoverTiming

__all__ = [
    "Event",
    "Timeline",
    "TradeOff",
    "false_failovers_in_pattern",
    "false_failovers_per_day",
    "timeline",
    "tradeoffs",
]

DAY = 86_400


@dataclass(frozen=True)
class Event:
    """One moment of a failover, between ``best`` and ``worst`` seconds after the outage began."""

    name: str
    best: int
    worst: int
    why: str
    """The terms that make up the worst case, in words."""
    bounded: bool = True
    """False when a term has no documented bound (an alias target's own health): ``worst`` is
    then only the part that is derived, a lower bound."""


@dataclass(frozen=True)
class Timeline:
    """A tier outage from start to recovery."""

    down_at: int
    back_at: int | None
    events: tuple[Event, ...]
    fails_over: str
    """``always``, ``maybe`` (the outage ends inside the detection window) or ``never``."""

    def event(self, name: str) -> Event:
        """The event called ``name``."""
        for e in self.events:
            if e.name == name:
                return e
        raise KeyError(name)


def _terms(timing: FailoverTiming, names: Iterable[str]) -> str:
    wanted = set(names)
    return (
        " + ".join(
            f"{t.name} unknown" if t.unknown else f"{t.name} {t.seconds} s"
            for t in timing.terms
            if t.name in wanted
        )
        or "0"
    )


def timeline(timing: FailoverTiming, *, down_at: int = 0, back_at: int | None = None) -> Timeline:
    """Events of one tier's outage, using the tier's own timing.

    ``unhealthy``: the cloud marks the tier unhealthy and its name servers answer with the next
    tier; ``caches expired``: the last TTL-honouring resolver has the new answer;
    ``healthy again`` and ``traffic back``: after ``back_at``, the tier passes its checks and the
    old answer's caches expire.
    """
    detect_terms = [t.name for t in timing.terms if t.name != "ttl"]
    bounded = timing.bounded
    events = [
        Event("outage starts", down_at, down_at, "the tier stops answering"),
        Event(
            "unhealthy",
            down_at + timing.best_detection_seconds,
            down_at + timing.detection_seconds,
            _terms(timing, detect_terms),
            bounded,
        ),
        Event(
            "caches expired",
            down_at + timing.best_case_failover_seconds,
            down_at + timing.worst_case_failover_seconds,
            _terms(timing, [*detect_terms, "ttl"]),
            bounded,
        ),
    ]
    fails_over = "always"
    if back_at is not None:
        outage = back_at - down_at
        if not bounded:
            # Whether a short outage is noticed depends on the target's own checks.
            fails_over = "maybe"
        elif outage <= timing.best_detection_seconds:
            fails_over = "never"
            events = events[:1]
        elif outage <= timing.detection_seconds:
            fails_over = "maybe"
        recover_detect = sum(t.seconds for t in timing.recovery_terms if t.name != "ttl")
        events.append(Event("outage ends", back_at, back_at, "the tier answers again"))
        if fails_over != "never":
            recovery_names = " + ".join(
                f"{t.name} unknown" if t.unknown else f"{t.name} {t.seconds} s"
                for t in timing.recovery_terms
            )
            events.append(
                Event(
                    "healthy again",
                    back_at + min(recover_detect, timing.best_detection_seconds),
                    back_at + recover_detect,
                    " + ".join(
                        f"{t.name} unknown" if t.unknown else f"{t.name} {t.seconds} s"
                        for t in timing.recovery_terms
                        if t.name != "ttl"
                    )
                    or "0",
                    bounded,
                )
            )
            events.append(
                Event(
                    "traffic back",
                    back_at + min(recover_detect, timing.best_detection_seconds),
                    back_at + timing.recovery_seconds,
                    recovery_names,
                    bounded,
                )
            )
    return Timeline(down_at, back_at, tuple(events), fails_over)


def false_failovers_per_day(
    failure_rate: float, *, interval_seconds: int, failure_threshold: int
) -> float:
    """Expected false failovers a day for independent probe failures at ``failure_rate``.

    A failover starts at every probe that begins a run of ``failure_threshold`` consecutive
    failures: rate = probes a day x (1 - p) x p^N.
    """
    if not 0.0 <= failure_rate <= 1.0:
        raise ValueError(f"failure_rate must be between 0 and 1, got {failure_rate!r}")
    probes = DAY / interval_seconds
    p = failure_rate
    return probes * (1.0 - p) * p**failure_threshold


def false_failovers_in_pattern(pattern: Sequence[bool], failure_threshold: int) -> int:
    """How many times a probe pattern (``True`` = failed probe) would trip ``failure_threshold``.

    Each run of at least ``failure_threshold`` consecutive failures trips it once.
    """
    trips = 0
    run = 0
    for failed in pattern:
        run = run + 1 if failed else 0
        if run == failure_threshold:
            trips += 1
    return trips


@dataclass(frozen=True)
class TradeOff:
    """One choice of interval and threshold with what it costs and buys."""

    interval_seconds: int
    failure_threshold: int
    worst_case_failover_seconds: int
    false_failovers_per_day: float


def tradeoffs(
    timing_for: Callable[[int, int], FailoverTiming],
    *,
    intervals: Iterable[int],
    thresholds: Iterable[int] = range(1, 11),
    failure_rate: float,
    budget_seconds: int,
) -> list[TradeOff]:
    """Every (interval, threshold) that meets ``budget_seconds``, fewest false failovers first.

    ``timing_for(interval, threshold)`` builds the cloud's timing with everything else fixed,
    e.g. ``lambda i, n: route53_timing(interval_seconds=i, failure_threshold=n,
    check_type="HTTPS", ttl_seconds=60)``. Ties go to the faster failover.
    """
    options: list[TradeOff] = []
    for interval in intervals:
        for threshold in thresholds:
            worst = timing_for(interval, threshold).worst_case_failover_seconds
            if worst > budget_seconds:
                continue
            options.append(
                TradeOff(
                    interval,
                    threshold,
                    worst,
                    false_failovers_per_day(
                        failure_rate, interval_seconds=interval, failure_threshold=threshold
                    ),
                )
            )
    return sorted(options, key=lambda o: (o.false_failovers_per_day, o.worst_case_failover_seconds))
