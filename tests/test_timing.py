"""The failover-time model against values computed by hand from each cloud's documentation."""

import pytest

from failover_components import cloudflare_timing, route53_timing, traffic_manager_timing
from failover_components.timing import FailoverTiming, budget_reasons, slowest


def numbers(t: FailoverTiming) -> tuple[int, int, int, int, int]:
    return (
        t.detection_seconds,
        t.worst_case_failover_seconds,
        t.best_case_failover_seconds,
        t.recovery_seconds,
        t.ttl_seconds,
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # Defaults: 30 s interval, threshold 3, HTTPS (4 s connect + 2 s status), TTL 60.
        # detection = 30 + 2*30 + 6 + 30 (skew) = 126; failover = 126 + 60; best = 2*30;
        # recovery = 3*30 + 60.
        (
            {
                "interval_seconds": 30,
                "failure_threshold": 3,
                "check_type": "HTTPS",
                "ttl_seconds": 60,
            },
            (126, 186, 60, 150, 60),
        ),
        # String match adds 2 s for the body: 30 + 60 + 8 + 30 = 128.
        (
            {
                "interval_seconds": 30,
                "failure_threshold": 3,
                "check_type": "HTTPS_STR_MATCH",
                "ttl_seconds": 60,
            },
            (128, 188, 60, 150, 60),
        ),
        # Fast checks, threshold 1, TCP (10 s connect), TTL 0: 10 + 0 + 10 + 10 = 30.
        (
            {"interval_seconds": 10, "failure_threshold": 1, "check_type": "TCP", "ttl_seconds": 0},
            (30, 30, 0, 10, 0),
        ),
    ],
    ids=["defaults", "string-match", "fastest-tcp"],
)
def test_route53(kwargs: dict[str, object], expected: tuple[int, ...]) -> None:
    t = route53_timing(**kwargs)  # type: ignore[arg-type]
    assert numbers(t) == expected
    assert t.cloud == "aws"
    assert sum(term.seconds for term in t.terms) == t.worst_case_failover_seconds
    assert [term.name for term in t.terms] == [
        "interval",
        "threshold",
        "timeout",
        "checker skew",
        "ttl",
    ]


def test_traffic_manager_matches_documented_timeline() -> None:
    """Microsoft's own example: interval 30, 3 tolerated failures, timeout 10, TTL 30 -> 160 s."""
    t = traffic_manager_timing(
        interval_seconds=30, failure_threshold=4, timeout_seconds=10, ttl_seconds=30
    )
    assert numbers(t) == (130, 160, 90, 60, 30)
    assert [(term.name, term.seconds) for term in t.terms] == [
        ("interval", 30),
        ("threshold", 90),
        ("timeout", 10),
        ("ttl", 30),
    ]
    assert t.terms[0].source.startswith("https://learn.microsoft.com/")


def test_traffic_manager_fastest() -> None:
    t = traffic_manager_timing(
        interval_seconds=10, failure_threshold=1, timeout_seconds=5, ttl_seconds=0
    )
    assert numbers(t) == (15, 15, 0, 10, 0)


@pytest.mark.parametrize(
    ("proxied", "ttl", "retries", "expected"),
    [
        # 60 s interval, 2 consecutive failures, 5 s timeout, no retries:
        # detection = 60 + 60 + 5 = 125; proxied has no resolver-cache term; recovery = 2*60.
        (True, 60, 0, (125, 125, 60, 120, 0)),
        # DNS-only adds the LB ttl to failover and recovery.
        (False, 60, 0, (125, 185, 60, 180, 60)),
        # Two immediate retries triple the last check's timeout: 60 + 60 + 15 = 135.
        (True, 60, 2, (135, 135, 60, 120, 0)),
    ],
    ids=["proxied", "dns-only", "retries"],
)
def test_cloudflare(proxied: bool, ttl: int, retries: int, expected: tuple[int, ...]) -> None:
    t = cloudflare_timing(
        interval_seconds=60,
        failure_threshold=2,
        timeout_seconds=5,
        retries=retries,
        recovery_threshold=2,
        proxied=proxied,
        ttl_seconds=ttl,
    )
    assert numbers(t) == expected
    assert sum(term.seconds for term in t.terms) == t.worst_case_failover_seconds


def test_explain_names_every_term() -> None:
    t = route53_timing(interval_seconds=30, failure_threshold=3, check_type="HTTP", ttl_seconds=60)
    assert t.explain() == (
        "worst-case 186 s = interval 30 (the first failing probe comes up to interval_seconds 30 s "
        "after the outage) + threshold 60 ((failure_threshold 3 - 1) x interval_seconds 30) + "
        "timeout 6 (fixed HTTP probe timeout) + checker skew 30 (unsynchronised checkers, up to "
        "one interval_seconds 30) + ttl 60 (ttl 60 s of the failover answer)"
    )


def test_budget_within_and_over() -> None:
    t = traffic_manager_timing(
        interval_seconds=30, failure_threshold=4, timeout_seconds=10, ttl_seconds=30
    )
    assert budget_reasons(t, None) == []
    assert budget_reasons(t, 160) == []
    (reason,) = budget_reasons(t, 120, tier="primary")
    assert reason.path == "max_failover_seconds"
    assert reason.got == 120
    assert reason.problem.startswith(
        "worst-case failover (pool 'primary') is 160 s, over the budget"
    )
    # The levers are named biggest term first: threshold 90, interval 30 / ttl 30, timeout 10.
    assert reason.expected == (
        "a budget of at least 160 s, or lower failure_threshold, interval_seconds, ttl, timeout_seconds"
    )


def test_slowest_picks_the_worst_case() -> None:
    fast = traffic_manager_timing(
        interval_seconds=10, failure_threshold=1, timeout_seconds=5, ttl_seconds=0
    )
    slow = traffic_manager_timing(
        interval_seconds=30, failure_threshold=4, timeout_seconds=10, ttl_seconds=30
    )
    assert slowest([fast, slow, fast]) is slow
