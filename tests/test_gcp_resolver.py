"""The Cloud DNS resolver, from recorded resources only: every combination of endpoints down
against what the ordered pools promise, the documented rules one by one, and drills."""

import itertools
from typing import Any

import pytest
from gcp_support import build, ep, record_set, two_tiers, with_primary_backup
from hypothesis import given, settings
from hypothesis import strategies as st

from failover_components.gcp.resolver import publishes
from failover_components.gcp.resolver import resolve as resolve_gcp
from failover_components.simulate import SimulationError, resolve
from failover_components.simulate.drill import drill, drill_all, expected_answer
from failover_components.testing import Recording, run

SETS: dict[str, dict[str, Any]] = {
    "one-each": two_tiers(),
    "two-each": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "198.51.100.10"), ep("b", "198.51.100.11")]},
            {"name": "backup", "endpoints": [ep("c", "203.0.113.20"), ep("d", "203.0.113.21")]},
        ]
    ),
    "backup-with-up": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "198.51.100.10"), ep("b", "198.51.100.11")]},
            {
                "name": "backup",
                "endpoints": [ep("c", "203.0.113.20"), ep("u", "203.0.113.29", status="up")],
            },
        ]
    ),
    "primary-partly-down": two_tiers(
        pools=[
            {
                "name": "primary",
                "endpoints": [ep("a", "198.51.100.10"), ep("x", "198.51.100.19", status="down")],
            },
            {"name": "backup", "endpoints": [ep("c", "203.0.113.20")]},
        ]
    ),
    "primary-drained": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "198.51.100.10", status="down")]},
            {"name": "backup", "endpoints": [ep("c", "203.0.113.20"), ep("d", "203.0.113.21")]},
        ]
    ),
    "ipv6": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "2001:db8::10"), ep("b", "2001:db8::11")]},
            {"name": "backup", "endpoints": [ep("c", "2001:db8::20")]},
        ]
    ),
}


@pytest.mark.parametrize("set_name", list(SETS), ids=list(SETS))
def test_every_combination_of_endpoints_down(set_name: str) -> None:
    """2^n scenarios over every endpoint address: the answer is the first pool with a healthy
    endpoint, its healthy endpoints; with none, Cloud DNS fails open to the primary."""
    rec = build(SETS[set_name])
    (summary,) = rec.failover_sets
    addresses = [e.address for t in summary.tiers for e in t.endpoints]
    # The record holds the primary endpoints not forced down (all of them when drained).
    primary = [e.address for e in summary.tiers[0].endpoints if e.status != "down"]
    drained = all(e.status == "down" for e in summary.tiers[0].endpoints)
    for flags in itertools.product((False, True), repeat=len(addresses)):
        down = {a for a, d in zip(addresses, flags, strict=True) if d}
        got = resolve(rec, "app.example.com", down)
        expected = expected_answer(summary, down)
        if expected.tier is None:
            assert got.fail_open, (set_name, down)
            fail_open = (
                [e.address for e in summary.tiers[1].endpoints if e.status != "down"]
                if drained
                else primary
            )
            assert set(got.values) == set(fail_open), (set_name, down)
        else:
            assert not got.fail_open, (set_name, down)
            assert set(got.values) == set(expected.values), (set_name, down, got.trace)
        assert got.ttl == 30


@pytest.mark.parametrize("set_name", list(SETS), ids=list(SETS))
def test_drill_all_finds_no_mismatch(set_name: str) -> None:
    rec = build(SETS[set_name])
    (summary,) = rec.failover_sets
    assert drill_all(rec, summary) == []


def test_drill_of_the_primary_fails_over_with_the_gcp_timeline() -> None:
    rec = build(SETS["one-each"])
    (summary,) = rec.failover_sets
    result = drill(rec, summary, ["primary"])
    assert result.ok
    assert result.cloud == "gcp"
    assert result.after.values == ("203.0.113.20",)
    assert result.after.pools == ("backup:us-east4",)
    assert result.timeline is not None
    assert result.failed_tier is not None
    assert result.failed_tier.name == "primary"


def _hand_written(policy: dict[str, Any]) -> Recording:
    return run(lambda: record_set(policy))


def test_trickle_between_0_and_1_may_answer_both_sets() -> None:
    rec = _hand_written(with_primary_backup(trickle_ratio=0.1))
    got = resolve_gcp(rec, "app.example.com")
    assert got.values == ("198.51.100.10", "203.0.113.20")
    assert got.pools == ("primary", "backup:us-east4")
    assert resolve_gcp(rec, "app.example.com", {"198.51.100.10"}).values == ("203.0.113.20",)


def test_without_a_health_check_nothing_is_ever_down() -> None:
    rec = _hand_written(
        {
            "primary_backup": {
                "primary": {"external_endpoints": ["198.51.100.10"]},
                "backup_geos": [{"location": "us-east4", "rrdatas": ["203.0.113.20"]}],
            }
        }
    )
    got = resolve_gcp(rec, "app.example.com", {"198.51.100.10"})
    assert (got.values, got.fail_open) == (("198.51.100.10",), False)


def test_geo_fencing_keeps_the_backup_bucket_when_all_fail() -> None:
    rec = _hand_written(with_primary_backup(enable_geo_fencing_for_backups=True))
    got = resolve_gcp(rec, "app.example.com", {"198.51.100.10", "203.0.113.20"})
    assert (got.values, got.fail_open) == (("203.0.113.20",), True)


def test_plain_record_set_answers_its_rrdatas() -> None:
    import pulumi_gcp as gcp

    rec = run(
        lambda: gcp.dns.RecordSet(
            "rs",
            managed_zone="z",
            name="app.example.com.",
            type="A",
            ttl=300,
            rrdatas=["192.0.2.1"],
        )
    )
    got = resolve(rec, "APP.example.com.")
    assert (got.values, got.ttl, got.fail_open) == (("192.0.2.1",), 300, False)


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            {
                "primary_backup": {
                    "primary": {"external_endpoints": ["198.51.100.10"]},
                    "backup_geos": [
                        {"location": "us-east4", "rrdatas": ["203.0.113.20"]},
                        {"location": "europe-west1", "rrdatas": ["203.0.113.21"]},
                    ],
                }
            },
            "2 backupGeos items",
        ),
        (
            {"wrrs": [{"weight": 1, "rrdatas": ["198.51.100.10"]}]},
            r"only the failover \(primaryBackup\) policy is modelled",
        ),
    ],
    ids=["several-geo-items", "wrr"],
)
def test_what_is_not_modelled_is_an_error_never_a_guess(
    policy: dict[str, Any], message: str
) -> None:
    with pytest.raises(SimulationError, match=message):
        resolve_gcp(_hand_written(policy), "app.example.com")


def test_preview_values_are_an_error() -> None:
    rec = build(two_tiers(), preview=True)
    assert publishes(rec, "app.example.com")
    # The health check's id is unknown in a preview, which the resolver cannot guess.
    with pytest.raises(SimulationError, match="unknown"):
        resolve(rec, "app.example.com")


_ADDRESS = st.integers(min_value=1, max_value=254).map(lambda n: f"198.51.100.{n}")


@settings(max_examples=60, deadline=None)
@given(
    primary=st.lists(_ADDRESS, min_size=1, max_size=3, unique=True),
    backup=st.lists(
        st.integers(min_value=1, max_value=254).map(lambda n: f"203.0.113.{n}"),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    data=st.data(),
)
def test_the_answer_is_never_empty_and_never_mixes_in_dead_targets(
    primary: list[str], backup: list[str], data: st.DataObject
) -> None:
    """Invariants over generated sets: an answer always has values (fail-open), and unless it
    failed open it never holds a down address."""
    args = two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep(f"p{i}", a) for i, a in enumerate(primary)]},
            {"name": "backup", "endpoints": [ep(f"b{i}", a) for i, a in enumerate(backup)]},
        ]
    )
    rec = build(args)
    down = set(data.draw(st.lists(st.sampled_from(primary + backup), unique=True)))
    got = resolve(rec, "app.example.com", down)
    assert got.values
    if not got.fail_open:
        assert not set(got.values) & down
        assert set(got.values) <= set(primary) or set(got.values) <= set(backup)
    else:
        assert down == set(primary) | set(backup)
