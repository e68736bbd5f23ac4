"""The drill timeline and the false-failover model, against hand-computed values."""

import pytest

from failover_components import FailoverTiming, route53_timing, traffic_manager_timing
from failover_components.simulate.timeline import (
    false_failovers_in_pattern,
    false_failovers_per_day,
    timeline,
    tradeoffs,
)

TM = traffic_manager_timing(
    interval_seconds=30, failure_threshold=4, timeout_seconds=10, ttl_seconds=30
)


def test_outage_with_recovery() -> None:
    t = timeline(TM, down_at=0, back_at=900)
    assert t.fails_over == "always"
    assert [(e.name, e.best, e.worst) for e in t.events] == [
        ("outage starts", 0, 0),
        ("unhealthy", 90, 130),  # (4-1)*30 best; 30 + 90 + 10 worst
        ("caches expired", 90, 160),  # + ttl 30
        ("outage ends", 900, 900),
        ("healthy again", 930, 930),  # one passing probe, up to 30 s away
        ("traffic back", 930, 960),  # + ttl 30
    ]
    assert (
        t.event("caches expired").why == "interval 30 s + threshold 90 s + timeout 10 s + ttl 30 s"
    )


def test_short_blip_never_fails_over() -> None:
    t = timeline(TM, down_at=100, back_at=150)
    assert t.fails_over == "never"
    assert [e.name for e in t.events] == ["outage starts", "outage ends"]


def test_outage_inside_detection_window_may_fail_over() -> None:
    assert timeline(TM, back_at=120).fails_over == "maybe"


def test_open_ended_outage() -> None:
    t = timeline(TM, down_at=10)
    assert [(e.name, e.worst) for e in t.events] == [
        ("outage starts", 10),
        ("unhealthy", 140),
        ("caches expired", 170),
    ]
    with pytest.raises(KeyError):
        t.event("traffic back")


@pytest.mark.parametrize(
    ("rate", "interval", "threshold", "expected"),
    [
        (0.0, 30, 3, 0.0),
        # 2880 probes a day x 0.9 x 0.1^3 = 2.592
        (0.1, 30, 3, 2.592),
        # 8640 probes a day x 0.99 x 0.01 = 85.536
        (0.01, 10, 1, 85.536),
        (1.0, 30, 3, 0.0),  # never recovers, so it never starts a new run of failures
    ],
)
def test_false_failovers_per_day(
    rate: float, interval: int, threshold: int, expected: float
) -> None:
    assert false_failovers_per_day(
        rate, interval_seconds=interval, failure_threshold=threshold
    ) == pytest.approx(expected)


def test_false_failover_rate_must_be_a_probability() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        false_failovers_per_day(1.5, interval_seconds=30, failure_threshold=3)


def test_pattern_counts_runs_reaching_the_threshold() -> None:
    pattern = [True, True, False, True, True, True, True, False, True, True, True]
    assert false_failovers_in_pattern(pattern, 3) == 2
    assert false_failovers_in_pattern(pattern, 2) == 3
    assert false_failovers_in_pattern(pattern, 5) == 0


def test_tradeoffs_meet_the_budget_with_fewest_false_failovers() -> None:
    def r53(interval: int, threshold: int) -> FailoverTiming:
        return route53_timing(
            interval_seconds=interval,
            failure_threshold=threshold,
            check_type="HTTPS",
            ttl_seconds=60,
        )

    options = tradeoffs(r53, intervals=(10, 30), failure_rate=0.05, budget_seconds=180)
    assert options, "some setting must meet a 180 s budget"
    assert all(o.worst_case_failover_seconds <= 180 for o in options)
    best = options[0]
    # 30 s x 3 gives 186 s (over budget); the best that fits is 10 s interval with the highest
    # threshold that fits: 10 + (n-1)*10 + 6 + 10 + 60 <= 180  ->  n <= 10.
    assert (best.interval_seconds, best.failure_threshold) == (10, 10)
    assert best.worst_case_failover_seconds == 176
    rates = [o.false_failovers_per_day for o in options]
    assert rates == sorted(rates)
