"""The pure Cloud DNS plan, generated near the valid boundary (Hypothesis): a set is accepted
exactly when every Cloud DNS limit holds, and an accepted set's layout and timing agree with
what it was given."""

from typing import Any

from gcp_support import ep, two_tiers
from hypothesis import given, settings
from hypothesis import strategies as st

from failover_components.gcp import CloudDnsFailoverArgs, check_args
from failover_components.gcp.constants import GOOGLE_REGIONS
from failover_components.gcp.layout import GcpLayout, plan
from failover_components.gcp.settings import parse_settings
from failover_components.validation import parse_failover_set

REGIONS = sorted(GOOGLE_REGIONS)


def accepted_layout(args: dict[str, Any], valid: bool) -> GcpLayout | None:
    """The layout when the rules accept ``args``, after checking they accept it exactly when
    ``valid`` says so; ``None`` for a refused set."""
    reasons = check_args(args)
    assert (reasons == []) is valid, [str(r) for r in reasons]
    if not valid:
        return None
    fset, _ = parse_failover_set(args, args_type=CloudDnsFailoverArgs)
    assert fset is not None
    return plan(fset, parse_settings(args)[0])


@settings(max_examples=200, deadline=None)
@given(
    interval=st.integers(min_value=25, max_value=305),
    timeout=st.integers(min_value=1, max_value=310),
    threshold=st.integers(min_value=1, max_value=10),
    healthy=st.integers(min_value=0, max_value=11),
    regions=st.lists(
        st.sampled_from([*REGIONS[:6], "mars-north1"]), min_size=1, max_size=5, unique=True
    ),
    trickle=st.floats(min_value=-0.25, max_value=1.25, allow_nan=False),
    ttl=st.integers(min_value=0, max_value=3600),
)
def test_accepted_exactly_within_the_limits(
    interval: int,
    timeout: int,
    threshold: int,
    healthy: int,
    regions: list[str],
    trickle: float,
    ttl: int,
) -> None:
    args: dict[str, Any] = two_tiers(
        health_check={
            "interval_seconds": interval,
            "timeout_seconds": timeout,
            "failure_threshold": threshold,
            "regions": regions,
        },
        healthy_threshold=healthy,
        trickle_ratio=trickle,
        ttl=ttl,
    )
    valid = (
        30 <= interval <= 300
        and timeout < interval
        and 1 <= healthy <= 10
        and len(regions) == 3
        and "mars-north1" not in regions
        and 0 <= trickle <= 1
    )
    layout = accepted_layout(args, valid)
    if layout is None:
        return
    check = layout.check
    assert (check.check_interval_sec, check.timeout_sec, check.unhealthy_threshold) == (
        interval,
        timeout,
        threshold,
    )
    assert (check.healthy_threshold, check.source_regions) == (healthy, tuple(regions))
    assert layout.trickle_ratio == trickle
    timing = layout.timing
    assert timing.worst_case_failover_seconds == sum(t.seconds for t in timing.terms)
    assert timing.worst_case_failover_seconds == interval * (threshold + 1) + timeout + ttl
    assert timing.recovery_seconds == healthy * interval + ttl


@settings(max_examples=100, deadline=None)
@given(
    statuses=st.lists(st.sampled_from(["obey", "up", "down"]), min_size=1, max_size=4),
    backup=st.lists(st.sampled_from(["obey", "up", "down"]), min_size=1, max_size=4),
)
def test_status_placement(statuses: list[str], backup: list[str]) -> None:
    """Every endpoint lands where its status says, or the set is refused with a reason."""
    primary_eps = [ep(f"p{i}", f"198.51.100.{i + 1}", status=s) for i, s in enumerate(statuses)]
    backup_eps = [ep(f"b{i}", f"203.0.113.{i + 1}", status=s) for i, s in enumerate(backup)]
    args = two_tiers(
        pools=[
            {"name": "primary", "endpoints": primary_eps},
            {"name": "backup", "endpoints": backup_eps},
        ]
    )
    valid = "up" not in statuses and any(s != "down" for s in backup)
    layout = accepted_layout(args, valid)
    if layout is None:
        return
    drained = all(s == "down" for s in statuses)
    expected_primary = [e["address"] for e in primary_eps if drained or e["status"] != "down"]
    assert [e.address for e in layout.primary_targets] == expected_primary
    assert layout.trickle_ratio == (1.0 if drained else 0.0)
    assert [e.address for e in layout.backup_targets] == [
        e["address"] for e in backup_eps if e["status"] == "obey"
    ]
    assert [e.address for e in layout.backup_rrdatas] == [
        e["address"] for e in backup_eps if e["status"] == "up"
    ]
