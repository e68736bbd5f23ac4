"""The Route 53 resolver: each rule on hand-built SDK resources, then the component's records
for every combination of healthy and unhealthy tiers."""

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from aws_support import ALB, ALB_ZONE, CF, CF_ZONE, make
from pulumi_aws import route53

from failover_components import testing
from failover_components.simulate import Answer, SimulationError
from failover_components.simulate import resolve as resolve_any
from failover_components.simulate.route53 import resolve
from failover_components.testing import Recording

ZONE = "Z0123456789ABCDEFGHIJ"
NAME = "app.example.com"


# -- hand-built programs -------------------------------------------------------------------


def check(name: str, target: str, **extra: Any) -> route53.HealthCheck:
    """An HTTPS check of ``target`` (an IP address, or a host name with ``fqdn=True``)."""
    by_name = extra.pop("by_name", False)
    where = {"fqdn": target} if by_name else {"ip_address": target, "fqdn": NAME}
    return route53.HealthCheck(name, type="HTTPS", port=443, resource_path="/", **where, **extra)


def a_record(name: str, value: str, *, dns: str = NAME, **extra: Any) -> route53.Record:
    return route53.Record(name, zone_id=ZONE, name=dns, type="A", ttl=60, records=[value], **extra)


def alias(
    name: str, target: str, *, dns: str = NAME, zone: str = ZONE, eth: bool = True, **extra: Any
) -> route53.Record:
    return route53.Record(
        name,
        zone_id=ZONE,
        name=dns,
        type="A",
        aliases=[route53.RecordAliasArgs(name=target, zone_id=zone, evaluate_target_health=eth)],
        **extra,
    )


def failover(role: str) -> dict[str, Any]:
    return {
        "set_identifier": role.lower(),
        "failover_routing_policies": [route53.RecordFailoverRoutingPolicyArgs(type=role)],
    }


def weighted(ident: str, weight: int) -> dict[str, Any]:
    return {
        "set_identifier": ident,
        "weighted_routing_policies": [route53.RecordWeightedRoutingPolicyArgs(weight=weight)],
    }


def multivalue(ident: str) -> dict[str, Any]:
    return {"set_identifier": ident, "multivalue_answer_routing_policy": True}


def answer(
    rec: Recording, down: Sequence[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    got = resolve(rec, NAME, down)
    return got.values, got.pools, got.fail_open


def pair_program(secondary_checked: bool = True) -> Callable[[], None]:
    def program() -> None:
        p = check("p-hc", "192.0.2.1")
        a_record("p", "192.0.2.1", health_check_id=p.id, **failover("PRIMARY"))
        extra: dict[str, Any] = {}
        if secondary_checked:
            extra["health_check_id"] = check("s-hc", "192.0.2.2").id
        a_record("s", "192.0.2.2", **failover("SECONDARY"), **extra)

    return program


@pytest.mark.parametrize(
    ("down", "expected"),
    [
        ((), (("192.0.2.1",), ("primary",), False)),
        (("192.0.2.2",), (("192.0.2.1",), ("primary",), False)),
        (("192.0.2.1",), (("192.0.2.2",), ("secondary",), False)),
        # An unhealthy SECONDARY sends Route 53 back to the PRIMARY, whatever its health.
        (("192.0.2.1", "192.0.2.2"), (("192.0.2.1",), ("primary",), True)),
    ],
    ids=["both-up", "secondary-down", "primary-down", "both-down-fails-open-to-primary"],
)
def test_failover_pair(down: tuple[str, ...], expected: tuple[Any, ...]) -> None:
    assert answer(testing.run(pair_program()), down) == expected


def test_unchecked_secondary_is_served_whenever_the_primary_is_unhealthy() -> None:
    rec = testing.run(pair_program(secondary_checked=False))
    assert answer(rec, ["192.0.2.1", "192.0.2.2"]) == (("192.0.2.2",), ("secondary",), False)


@pytest.mark.parametrize(
    ("down", "values", "fail_open"),
    [
        ((), ("192.0.2.1", "192.0.2.2"), False),
        (("192.0.2.1",), ("192.0.2.2",), False),
        # Weight 0 is only used when every other record is unhealthy.
        (("192.0.2.1", "192.0.2.2"), ("192.0.2.3",), False),
        # Nothing healthy: all treated as healthy, and weight 0 still waits behind the rest.
        (("192.0.2.1", "192.0.2.2", "192.0.2.3"), ("192.0.2.1", "192.0.2.2"), True),
    ],
    ids=["all-up", "one-down", "zero-weight-last", "fail-open"],
)
def test_weighted_records(down: tuple[str, ...], values: tuple[str, ...], fail_open: bool) -> None:
    def program() -> None:
        for i, weight in ((1, 3), (2, 1), (3, 0)):
            hc = check(f"w{i}-hc", f"192.0.2.{i}")
            a_record(f"w{i}", f"192.0.2.{i}", health_check_id=hc.id, **weighted(f"w{i}", weight))

    got = resolve(testing.run(program), NAME, down)
    assert (got.values, got.fail_open) == (values, fail_open)
    assert got.pools == tuple(sorted(f"w{v[-1]}" for v in values))


def test_weighted_records_all_weight_zero_share_equally() -> None:
    def program() -> None:
        a_record("w1", "192.0.2.1", **weighted("w1", 0))
        a_record("w2", "192.0.2.2", **weighted("w2", 0))

    assert answer(testing.run(program))[0] == ("192.0.2.1", "192.0.2.2")


@pytest.mark.parametrize(
    ("down", "values", "fail_open"),
    [
        ((), ("192.0.2.1", "192.0.2.2", "192.0.2.3"), False),
        (("192.0.2.2",), ("192.0.2.1", "192.0.2.3"), False),
        (("192.0.2.1", "192.0.2.2"), ("192.0.2.3",), False),
        (("192.0.2.1", "192.0.2.2", "192.0.2.3"), ("192.0.2.1", "192.0.2.2", "192.0.2.3"), True),
    ],
    ids=["all-up", "one-down", "two-down", "all-down-fails-open"],
)
def test_multivalue_records(
    down: tuple[str, ...], values: tuple[str, ...], fail_open: bool
) -> None:
    def program() -> None:
        for i in (1, 2, 3):
            hc = check(f"m{i}-hc", f"192.0.2.{i}")
            a_record(f"m{i}", f"192.0.2.{i}", health_check_id=hc.id, **multivalue(f"m{i}"))

    got = resolve(testing.run(program), NAME, down)
    assert (got.values, got.fail_open) == (values, fail_open)


@pytest.mark.parametrize(
    ("flags", "primary_down", "answer_is_primary"),
    [
        ({}, False, True),
        ({}, True, False),
        ({"invert_healthcheck": True}, False, False),
        ({"invert_healthcheck": True}, True, True),
        ({"disabled": True}, True, True),
        ({"disabled": True}, False, True),
        ({"disabled": True, "invert_healthcheck": True}, False, False),
        ({"disabled": True, "invert_healthcheck": True}, True, False),
    ],
    ids=[
        "basic-up",
        "basic-down",
        "inverted-up-is-unhealthy",
        "inverted-down-is-healthy",
        "disabled-down-is-healthy",
        "disabled-up-is-healthy",
        "disabled-inverted-up-is-unhealthy",
        "disabled-inverted-down-is-unhealthy",
    ],
)
def test_inverted_and_disabled_checks(
    flags: dict[str, bool], primary_down: bool, answer_is_primary: bool
) -> None:
    def program() -> None:
        p = check("p-hc", "192.0.2.1", **flags)
        a_record("p", "192.0.2.1", health_check_id=p.id, **failover("PRIMARY"))
        a_record("s", "192.0.2.2", **failover("SECONDARY"))

    values = answer(testing.run(program), ["192.0.2.1"] if primary_down else [])[0]
    assert values == (("192.0.2.1",) if answer_is_primary else ("192.0.2.2",))


@pytest.mark.parametrize(
    ("threshold", "down", "primary"),
    [
        (2, (), True),
        (2, ("192.0.2.11",), True),
        (2, ("192.0.2.11", "192.0.2.12"), False),
        (3, ("192.0.2.11",), False),
        (0, ("192.0.2.11", "192.0.2.12", "192.0.2.13"), True),
    ],
    ids=["3-of-3", "2-of-3", "1-of-3", "threshold-3", "threshold-0-always-healthy"],
)
def test_calculated_check_counts_healthy_children(
    threshold: int, down: tuple[str, ...], primary: bool
) -> None:
    def program() -> None:
        kids = [check(f"c{i}", f"192.0.2.{10 + i}") for i in (1, 2, 3)]
        calc = route53.HealthCheck(
            "calc",
            type="CALCULATED",
            child_healthchecks=[k.id for k in kids],
            child_health_threshold=threshold,
        )
        a_record("p", "192.0.2.1", health_check_id=calc.id, **failover("PRIMARY"))
        a_record("s", "192.0.2.2", **failover("SECONDARY"))

    assert answer(testing.run(program), down)[0] == (("192.0.2.1",) if primary else ("192.0.2.2",))


def test_alias_evaluates_the_target_group_healthy_while_any_record_is() -> None:
    def program() -> None:
        members = []
        for i in (1, 2):
            hc = check(f"m{i}-hc", f"192.0.2.{i}")
            members.append(
                a_record(
                    f"m{i}",
                    f"192.0.2.{i}",
                    dns=f"pool.{NAME}",
                    health_check_id=hc.id,
                    **weighted(f"m{i}", 1),
                )
            )
        alias("p", f"pool.{NAME}", **failover("PRIMARY"))
        s = check("s-hc", "198.51.100.1")
        a_record("s", "198.51.100.1", health_check_id=s.id, **failover("SECONDARY"))

    rec = testing.run(program)
    assert answer(rec, ["192.0.2.1"]) == (("192.0.2.2",), ("primary",), False)
    assert answer(rec, ["192.0.2.1", "192.0.2.2"]) == (("198.51.100.1",), ("secondary",), False)
    # Everything down: back to the PRIMARY alias, whose weighted group fails open.
    assert answer(rec, ["192.0.2.1", "192.0.2.2", "198.51.100.1"]) == (
        ("192.0.2.1", "192.0.2.2"),
        ("primary",),
        True,
    )


def test_alias_with_a_health_check_needs_both_to_pass() -> None:
    def program() -> None:
        a_record("t", "192.0.2.1", dns=f"target.{NAME}")  # a simple record: always healthy
        gate = check("gate", "gate.example.net", by_name=True)
        alias("p", f"target.{NAME}", health_check_id=gate.id, **failover("PRIMARY"))
        a_record("s", "192.0.2.2", **failover("SECONDARY"))

    rec = testing.run(program)
    assert answer(rec)[0] == ("192.0.2.1",)
    assert answer(rec, ["gate.example.net"])[0] == ("192.0.2.2",)


@pytest.mark.parametrize(
    ("eth", "down", "values", "ttl"),
    [
        (True, (), (ALB,), 60),
        (True, (ALB,), ("192.0.2.2",), 30),
        (False, (ALB,), (ALB,), 60),
    ],
    ids=["target-healthy", "target-down", "not-evaluated"],
)
def test_alias_to_an_aws_target(
    eth: bool, down: tuple[str, ...], values: tuple[str, ...], ttl: int
) -> None:
    def program() -> None:
        alias("p", ALB, zone=ALB_ZONE, eth=eth, **failover("PRIMARY"))
        route53.Record(
            "s",
            zone_id=ZONE,
            name=NAME,
            type="A",
            ttl=30,
            records=["192.0.2.2"],
            **failover("SECONDARY"),
        )

    got = resolve(testing.run(program), NAME, down)
    assert (got.values, got.ttl) == (values, ttl)


def test_the_ip_address_is_probed_not_the_host_header() -> None:
    rec = testing.run(pair_program())
    # NAME is only the Host header of both checks: taking it "down" changes nothing.
    assert answer(rec, [NAME])[0] == ("192.0.2.1",)


def test_simple_records_are_answered_whatever_their_health() -> None:
    def program() -> None:
        hc = check("hc", "192.0.2.1")
        a_record("only", "192.0.2.1", health_check_id=hc.id)

    got = resolve(testing.run(program), NAME, ["192.0.2.1"])
    assert (got.values, got.pools, got.fail_open) == (("192.0.2.1",), (NAME,), False)


def test_names_relative_to_a_created_zone_are_expanded() -> None:
    def program() -> None:
        zone = route53.Zone("zone", name="example.com")
        route53.Record(
            "r", zone_id=zone.zone_id, name="app", type="A", ttl=60, records=["192.0.2.1"]
        )

    assert answer(testing.run(program)) == (("192.0.2.1",), (NAME,), False)


def test_the_package_resolver_dispatches_to_route53() -> None:
    rec = testing.run(pair_program())
    assert resolve_any(rec, NAME, ["192.0.2.1"]) == resolve(rec, NAME, ["192.0.2.1"])


# -- what the resolver refuses to guess -----------------------------------------------------


def _cloudfront_eth() -> None:
    alias("p", CF, zone=CF_ZONE, eth=True, **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))


def _unchecked_primary() -> None:
    a_record("p", "192.0.2.1", **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))


def _dangling_alias() -> None:
    alias("p", f"missing.{NAME}", **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))


def _alias_loop() -> None:
    alias("p", f"loop.{NAME}", **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))
    alias("l", NAME, dns=f"loop.{NAME}")


def _geolocation() -> None:
    a_record(
        "g",
        "192.0.2.1",
        set_identifier="eu",
        geolocation_routing_policies=[route53.RecordGeolocationRoutingPolicyArgs(continent="EU")],
    )


def _missing_check() -> None:
    a_record("p", "192.0.2.1", health_check_id="not-a-check", **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))


def _two_primaries() -> None:
    hc = check("hc", "192.0.2.1")
    a_record(
        "p1",
        "192.0.2.1",
        health_check_id=hc.id,
        set_identifier="a",
        failover_routing_policies=[route53.RecordFailoverRoutingPolicyArgs(type="PRIMARY")],
    )
    a_record(
        "p2",
        "192.0.2.2",
        health_check_id=hc.id,
        set_identifier="b",
        failover_routing_policies=[route53.RecordFailoverRoutingPolicyArgs(type="PRIMARY")],
    )


def _dual_stack() -> None:
    a_record("a", "192.0.2.1")
    route53.Record("aaaa", zone_id=ZONE, name=NAME, type="AAAA", ttl=60, records=["2001:db8::1"])


def _two_policies() -> None:
    a_record("x", "192.0.2.1", **weighted("x", 1), multivalue_answer_routing_policy=True)


def _multivalue_alias() -> None:
    alias("x", ALB, zone=ALB_ZONE, **multivalue("x"))


def _mixed_group() -> None:
    a_record("x", "192.0.2.1", **weighted("x", 1))
    a_record("y", "192.0.2.2", **multivalue("y"))


def _two_simple() -> None:
    a_record("x", "192.0.2.1")
    a_record("y", "192.0.2.2")


def _repeated_identifier() -> None:
    a_record("x", "192.0.2.1", **weighted("same", 1))
    a_record("y", "192.0.2.2", **weighted("same", 1))


def _calculated_without_threshold() -> None:
    calc = route53.HealthCheck("calc", type="CALCULATED", child_healthchecks=[])
    a_record("p", "192.0.2.1", health_check_id=calc.id, **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))


def _check_without_target() -> None:
    hc = route53.HealthCheck("hc", type="HTTPS", port=443)
    a_record("p", "192.0.2.1", health_check_id=hc.id, **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))


def _cloudwatch_check() -> None:
    hc = route53.HealthCheck(
        "hc",
        type="CLOUDWATCH_METRIC",
        cloudwatch_alarm_name="a",
        cloudwatch_alarm_region="us-east-1",
    )
    a_record("p", "192.0.2.1", health_check_id=hc.id, **failover("PRIMARY"))
    a_record("s", "192.0.2.2", **failover("SECONDARY"))


def _no_ttl() -> None:
    route53.Record("x", zone_id=ZONE, name=NAME, type="A", records=["192.0.2.1"])


def _answer_loop() -> None:
    alias("x", f"loop.{NAME}", eth=False)
    alias("l", NAME, dns=f"loop.{NAME}", eth=False)


def _cross_zone_alias() -> None:
    other = route53.Zone("other", name="example.net")
    route53.Record(
        "x",
        zone_id=ZONE,
        name=NAME,
        type="A",
        aliases=[
            route53.RecordAliasArgs(
                name="www.example.net", zone_id=other.zone_id, evaluate_target_health=False
            )
        ],
    )


@pytest.mark.parametrize(
    ("program", "message"),
    [
        (_two_policies, "several routing policies ['weighted', 'multivalue']"),
        (_multivalue_alias, "Route 53 has no multivalue alias records"),
        (_mixed_group, "records with different routing policies"),
        (_two_simple, "2 simple records (Route 53 allows one)"),
        (_repeated_identifier, "set identifiers missing or repeated: ['same', 'same']"),
        (_calculated_without_threshold, "calculated check 'calc' has no threshold"),
        (_check_without_target, "health check 'hc' has no ipAddress or fqdn"),
        (_cloudwatch_check, "type CLOUDWATCH_METRIC is not modelled"),
        (_no_ttl, "a non-alias record without a TTL"),
        (_answer_loop, "alias loop"),
        (_cross_zone_alias, "alias into another hosted zone of the recording"),
        (_cloudfront_eth, "rejects evaluateTargetHealth on a CloudFront alias"),
        (_unchecked_primary, "rejects a non-alias PRIMARY without a health check"),
        (_dangling_alias, "no A record named 'missing.app.example.com'"),
        (_alias_loop, "alias loop"),
        (_geolocation, "'geolocationRoutingPolicies' is not modelled"),
        (_missing_check, "health check id 'not-a-check' is not in the recording"),
        (_two_primaries, "failover roles ['PRIMARY', 'PRIMARY']"),
        (_dual_stack, "several record sets"),
    ],
    ids=[
        "two-policies",
        "multivalue-alias",
        "mixed-group",
        "two-simple",
        "repeated-identifier",
        "calculated-without-threshold",
        "check-without-target",
        "cloudwatch-check",
        "no-ttl",
        "answer-loop",
        "cross-zone-alias",
        "cloudfront-eth",
        "unchecked-primary",
        "dangling-alias",
        "alias-loop",
        "geolocation",
        "missing-check",
        "two-primaries",
        "dual-stack",
    ],
)
def test_what_it_cannot_interpret_is_an_error(program: Callable[[], None], message: str) -> None:
    rec = testing.run(program)
    with pytest.raises(SimulationError) as info:
        resolve(rec, NAME, ["192.0.2.1", ALB, CF])
    assert message in str(info.value)


def test_unknown_hostname_and_preview_are_errors() -> None:
    with pytest.raises(
        SimulationError, match=r"no A, AAAA or CNAME record named 'www\.example\.com'"
    ):
        resolve(testing.run(pair_program()), "www.example.com")
    with pytest.raises(SimulationError, match="preview"):
        resolve(testing.run(pair_program(), preview=True), NAME)


# -- the component: every combination of tiers up and down ----------------------------------


def ep(name: str, address: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "address": address, **extra}


SETS: dict[str, dict[str, Any]] = {
    "2-direct": {
        "pools": [
            {"name": "primary", "endpoints": [ep("a", "192.0.2.10")]},
            {"name": "secondary", "endpoints": [ep("b", "198.51.100.10")]},
        ]
    },
    "2-pools": {
        "pools": [
            {
                "name": "primary",
                "min_healthy": 2,
                "endpoints": [ep("a", "192.0.2.10"), ep("b", "192.0.2.11"), ep("c", "192.0.2.12")],
            },
            {
                "name": "secondary",
                "endpoints": [ep("d", "198.51.100.10", weight=2), ep("e", "198.51.100.11")],
            },
        ]
    },
    "3-direct": {
        "pools": [
            {"name": "primary", "endpoints": [ep("a", "192.0.2.10")]},
            {"name": "secondary", "endpoints": [ep("b", "198.51.100.10")]},
            {"name": "tertiary", "endpoints": [ep("c", "203.0.113.10")]},
        ]
    },
    "3-mixed-with-alias": {
        "pools": [
            {
                "name": "primary",
                "min_healthy": 2,
                "endpoints": [ep("a", "192.0.2.10"), ep("b", "192.0.2.11")],
            },
            {"name": "edge", "endpoints": [ep("alb", ALB, alias_zone_id=ALB_ZONE)]},
            {
                "name": "cdn",
                "health_check": {"path": "/"},
                "endpoints": [ep("cf", CF, alias_zone_id=CF_ZONE)],
            },
        ]
    },
    "3-cname": {
        "pools": [
            {
                "name": "primary",
                "endpoints": [ep("eu", "eu.example.net"), ep("us", "us.example.net")],
            },
            {"name": "secondary", "endpoints": [ep("dr", "dr.example.net")]},
            {"name": "tertiary", "endpoints": [ep("old", "old.example.net")]},
        ]
    },
    "4-tiers": {
        "pools": [
            {"name": "one", "endpoints": [ep("a", "192.0.2.10")]},
            {"name": "two", "endpoints": [ep("b", "192.0.2.20"), ep("c", "192.0.2.21")]},
            {"name": "three", "endpoints": [ep("d", "198.51.100.10")]},
            {"name": "four", "endpoints": [ep("e", "203.0.113.10")]},
        ]
    },
}


def component_recording(spec: dict[str, Any]) -> Recording:
    def program() -> None:
        make("web", {"hostname": NAME, "zone_name": "example.com", **spec})

    return testing.run(program)


def addresses(pool: dict[str, Any]) -> list[str]:
    return [e["address"] for e in pool["endpoints"]]


@pytest.mark.parametrize("set_name", list(SETS), ids=list(SETS))
def test_every_combination_of_tiers_answers_the_first_healthy_tier(set_name: str) -> None:
    spec = SETS[set_name]
    rec = component_recording(spec)
    pools = spec["pools"]
    checked = 0
    for flags in itertools.product((False, True), repeat=len(pools)):
        down = [
            a
            for pool, is_down in zip(pools, flags, strict=True)
            if is_down
            for a in addresses(pool)
        ]
        got: Answer = resolve(rec, NAME, down)
        first = next((p for p, is_down in zip(pools, flags, strict=True) if not is_down), None)
        if first is None:
            # Every tier down: Route 53 falls back to the PRIMARY (the unhealthy SECONDARY rule),
            # whose group then answers every value (the no-healthy-record rule).
            assert (got.pools, got.values, got.fail_open) == (
                (pools[0]["name"],),
                tuple(sorted(addresses(pools[0]))),
                True,
            )
        else:
            assert (got.pools, got.values, got.fail_open) == (
                (first["name"],),
                tuple(sorted(addresses(first))),
                False,
            ), f"tiers down: {flags}"
        checked += 1
    assert checked == 2 ** len(pools)


@pytest.mark.parametrize(
    ("down", "pool", "values"),
    [
        (["192.0.2.10"], "primary", ["192.0.2.11", "192.0.2.12"]),
        (["192.0.2.10", "192.0.2.11"], "secondary", ["198.51.100.10", "198.51.100.11"]),
        (["192.0.2.10", "192.0.2.11", "198.51.100.10"], "secondary", ["198.51.100.11"]),
    ],
    ids=["one-below-min-healthy", "below-min-healthy", "partial-secondary"],
)
def test_min_healthy_is_what_keeps_a_pool_in_front(
    down: list[str], pool: str, values: list[str]
) -> None:
    got = resolve(component_recording(SETS["2-pools"]), NAME, down)
    assert (got.pools, got.values, got.fail_open) == ((pool,), tuple(values), False)


@pytest.mark.parametrize(
    ("status", "down", "pool"),
    [
        ("down", [], "secondary"),
        ("down", ["198.51.100.10"], "primary"),  # everything unhealthy: fails open to the primary
        ("up", ["192.0.2.10"], "primary"),
        ("obey", ["192.0.2.10"], "secondary"),
    ],
    ids=["down-is-unhealthy-while-up", "down-everything-fails-open", "up-is-never-probed", "obey"],
)
def test_endpoint_status_decides_health_whatever_the_probes_see(
    status: str, down: list[str], pool: str
) -> None:
    spec = {
        "pools": [
            {"name": "primary", "endpoints": [ep("a", "192.0.2.10", status=status)]},
            {"name": "secondary", "endpoints": [ep("b", "198.51.100.10")]},
        ]
    }
    assert resolve(component_recording(spec), NAME, down).pools == (pool,)


def test_alias_tier_answers_through_the_target_with_a_60_s_ttl() -> None:
    rec = component_recording(SETS["3-mixed-with-alias"])
    got = resolve(rec, NAME, ["192.0.2.10"])
    assert (got.values, got.pools, got.ttl) == ((ALB,), ("edge",), 60)
    assert resolve(rec, NAME, []).ttl == 60
