"""Route53Failover under the mock engine: children, their inputs, parents, outputs, preview."""

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import aws_support
import pulumi
import pulumi_aws as aws
import pytest
from aws_support import (
    ALB,
    ALB_ZONE,
    CANONICAL,
    CF,
    CF_ZONE,
    COMPONENT,
    HC,
    LOOKED_UP,
    RECORD,
    ZONE,
    children,
    config_error,
    depends_on,
    ep,
    make,
    two_tiers,
)
from support import is_unknown

from failover_components import FailoverConfigError, testing
from failover_components._component import STATE_OUTPUTS
from failover_components.aws import check_args
from failover_components.simulate import route53 as r53
from failover_components.testing import RecordedResource, Recording

ROOT = Path(__file__).resolve().parents[1]


def three_tiers(**extra: Any) -> dict[str, Any]:
    args = two_tiers(**extra)
    args["pools"].append({"name": "tertiary", "endpoints": [ep("c", "203.0.113.10")]})
    return args


EXPORTS = {
    "fqdn": "fqdn",
    "zone_id": "zone_id",
    "name_servers": "name_servers",
    "health_check_ids": "health_check_ids",
    "worst": "worst_case_failover_seconds",
}


def build(
    args: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    preview: bool = False,
    name: str = "web",
) -> Recording:
    """Run the component with the outputs these tests read."""
    return aws_support.build(args, EXPORTS, preview=preview, name=name)


def hc(rec: Recording, name: str) -> RecordedResource:
    return rec.get(HC, name)


def record(rec: Recording, name: str) -> RecordedResource:
    return rec.get(RECORD, name)


def https_check(ip: str, name: str, **extra: Any) -> dict[str, Any]:
    """The inputs of a default Route 53 check for an IP endpoint of app.example.com."""
    return {
        "type": "HTTPS",
        "ipAddress": ip,
        "fqdn": "app.example.com",
        "port": 443,
        "resourcePath": "/",
        "enableSni": True,
        "requestInterval": 30,
        "failureThreshold": 3,
        "disabled": False,
        "invertHealthcheck": False,
        "tags": {"Name": f"app.example.com {name}"},
        **extra,
    }


# -- names and parents ------------------------------------------------------------------


def test_canonical_child_names_are_pinned() -> None:
    # Changing any of these replaces a live DNS record or health check: keep them.
    rec = build(CANONICAL)
    assert children(rec) == {
        (ZONE, "web-zone"),
        (HC, "web-primary-a-hc"),
        (HC, "web-primary-b-hc"),
        (HC, "web-primary-calculated"),
        (HC, "web-secondary-dr-hc"),
        (RECORD, "web-primary-a-record"),
        (RECORD, "web-primary-b-record"),
        (RECORD, "web-level-1-primary"),
        (RECORD, "web-level-1-secondary"),
        (RECORD, "web-level-2-primary"),
        (RECORD, "web-level-2-secondary"),
    }
    assert [r.name for r in rec.components()] == ["web"]


def test_every_child_is_parented_to_the_component() -> None:
    rec = build(CANONICAL)
    (component,) = rec.components()
    assert component.type == COMPONENT
    assert {(r.type, r.name) for r in rec.children(component)} == children(rec)


def test_names_follow_pool_and_endpoint_names_not_positions() -> None:
    reordered = copy.deepcopy(CANONICAL)
    reordered["pools"][0]["endpoints"].reverse()
    assert children(build(reordered)) == children(build(CANONICAL))


def test_two_instances_in_one_stack_do_not_collide() -> None:
    def program() -> None:
        make("web", two_tiers())
        make("api", two_tiers(hostname="api.example.com"))

    rec = testing.run(program)
    assert len(rec.resources) == 2 * 5


def test_the_same_name_twice_is_the_engines_duplicate_error() -> None:
    def program() -> None:
        make("web", two_tiers())
        make("web", two_tiers(hostname="api.example.com"))

    with pytest.raises(testing.DuplicateResourceError):
        testing.run(program)


def test_callers_options_reach_the_children() -> None:
    def program() -> None:
        provider = aws.Provider("east", region="us-east-1")
        make("web", two_tiers(), pulumi.ResourceOptions(provider=provider))

    rec = testing.run(program)
    provider = rec.get("pulumi:providers:aws", "east")
    kids = [r for r in rec.resources if r.type in (HC, RECORD)]
    assert len(kids) == 4
    assert all(r.provider.startswith(provider.urn + "::") for r in kids)


# -- two tiers ----------------------------------------------------------------------------


def test_two_tiers_are_a_primary_secondary_pair_with_health_checks() -> None:
    rec = build(two_tiers())
    assert children(rec) == {
        (HC, "web-primary-a-hc"),
        (HC, "web-secondary-b-hc"),
        (RECORD, "web-level-1-primary"),
        (RECORD, "web-level-1-secondary"),
    }
    check_a, check_b = hc(rec, "web-primary-a-hc"), hc(rec, "web-secondary-b-hc")
    assert dict(check_a.inputs) == https_check("192.0.2.10", "primary a")
    assert dict(check_b.inputs) == https_check("198.51.100.10", "secondary b")
    # Without regions Route 53 reports all 8 afterwards: ignored, not a perpetual diff.
    assert check_a.ignore_changes == ("regions",)
    assert dict(record(rec, "web-level-1-primary").inputs) == {
        "zoneId": LOOKED_UP,
        "name": "app.example.com",
        "type": "A",
        "setIdentifier": "primary-primary",
        "failoverRoutingPolicies": [{"type": "PRIMARY"}],
        "records": ["192.0.2.10"],
        "ttl": 60,
        "healthCheckId": check_a.id,
    }
    assert dict(record(rec, "web-level-1-secondary").inputs) == {
        "zoneId": LOOKED_UP,
        "name": "app.example.com",
        "type": "A",
        "setIdentifier": "secondary-secondary",
        "failoverRoutingPolicies": [{"type": "SECONDARY"}],
        "records": ["198.51.100.10"],
        "ttl": 60,
        "healthCheckId": check_b.id,
    }


def test_outputs_of_a_looked_up_zone() -> None:
    rec = build(two_tiers())
    assert rec.outputs == {
        "fqdn": "app.example.com",
        "zone_id": LOOKED_UP,
        "name_servers": None,
        "health_check_ids": {
            "primary": {"a": hc(rec, "web-primary-a-hc").id},
            "secondary": {"b": hc(rec, "web-secondary-b-hc").id},
        },
        # interval 30 + (3 - 1) x 30 + 6 s HTTPS timeout + 30 checker skew + ttl 60
        "worst": 186,
    }
    (component,) = rec.components()
    # The state keeps what the policy pack reads; every output stays an attribute.
    assert set(rec.component_outputs[component.urn]) == set(STATE_OUTPUTS)


def test_summary_reports_route53_settings_and_timing() -> None:
    rec = build(two_tiers(ttl=30))
    (summary,) = rec.failover_sets
    assert (summary.component, summary.type, summary.cloud) == ("web", COMPONENT, "aws")
    assert (summary.hostname, summary.zone_name, summary.record_type, summary.ttl) == (
        "app.example.com",
        "example.com",
        "A",
        30,
    )
    assert [t.name for t in summary.tiers] == ["primary", "secondary"]
    assert dict(summary.tiers[0].health_check) == {
        "type": "HTTPS",
        "port": 443,
        "resource_path": "/",
        "search_string": None,
        "fqdn": "app.example.com",
        "enable_sni": True,
        "request_interval": 30,
        "failure_threshold": 3,
        "regions": "all 8 checker regions",
        "health_checks": 1,
    }
    assert summary.timing.worst_case_failover_seconds == 156
    assert summary.facts["zone"] == "looked up by name"
    assert summary.facts["health_checks"] == 2


# -- three tiers --------------------------------------------------------------------------


def test_three_tiers_chain_through_a_name_inside_the_zone() -> None:
    rec = build(three_tiers())
    assert children(rec) == {
        (HC, "web-primary-a-hc"),
        (HC, "web-secondary-b-hc"),
        (HC, "web-tertiary-c-hc"),
        (RECORD, "web-level-1-primary"),
        (RECORD, "web-level-1-secondary"),
        (RECORD, "web-level-2-primary"),
        (RECORD, "web-level-2-secondary"),
    }
    primary = record(rec, "web-level-1-primary")
    fallback = record(rec, "web-level-1-secondary")
    secondary = record(rec, "web-level-2-primary")
    tertiary = record(rec, "web-level-2-secondary")
    assert (primary.inputs["name"], primary.inputs["failoverRoutingPolicies"]) == (
        "app.example.com",
        [{"type": "PRIMARY"}],
    )
    assert dict(fallback.inputs) == {
        "zoneId": LOOKED_UP,
        "name": "app.example.com",
        "type": "A",
        "setIdentifier": "_fo2-secondary",
        "failoverRoutingPolicies": [{"type": "SECONDARY"}],
        "aliases": [
            {
                "name": "_fo2.app.example.com",
                "zoneId": LOOKED_UP,
                "evaluateTargetHealth": True,
            }
        ],
    }
    link = "_fo2.app.example.com"
    assert (secondary.inputs["name"], secondary.inputs["failoverRoutingPolicies"]) == (
        link,
        [{"type": "PRIMARY"}],
    )
    assert (tertiary.inputs["name"], tertiary.inputs["failoverRoutingPolicies"]) == (
        link,
        [{"type": "SECONDARY"}],
    )
    assert tertiary.inputs["healthCheckId"] == hc(rec, "web-tertiary-c-hc").id
    # The alias names a record by a plain string: it depends on it explicitly.
    assert depends_on(rec, fallback) == {"web-level-2-primary", "web-level-2-secondary"}


def test_four_tiers_chain_twice() -> None:
    args = three_tiers()
    args["pools"].append({"name": "last", "endpoints": [ep("d", "203.0.113.20")]})
    rec = build(args)
    levels = {
        r.name: (r.inputs["name"], r.inputs["setIdentifier"], r.inputs["failoverRoutingPolicies"])
        for r in rec.by_type(RECORD)
    }
    assert levels == {
        "web-level-1-primary": ("app.example.com", "primary-primary", [{"type": "PRIMARY"}]),
        "web-level-1-secondary": ("app.example.com", "_fo2-secondary", [{"type": "SECONDARY"}]),
        "web-level-2-primary": (
            "_fo2.app.example.com",
            "secondary-primary",
            [{"type": "PRIMARY"}],
        ),
        "web-level-2-secondary": (
            "_fo2.app.example.com",
            "_fo3-secondary",
            [{"type": "SECONDARY"}],
        ),
        "web-level-3-primary": (
            "_fo3.app.example.com",
            "tertiary-primary",
            [{"type": "PRIMARY"}],
        ),
        "web-level-3-secondary": (
            "_fo3.app.example.com",
            "last-secondary",
            [{"type": "SECONDARY"}],
        ),
    }
    fallback = record(rec, "web-level-2-secondary")
    assert fallback.inputs["aliases"][0]["name"] == "_fo3.app.example.com"
    assert depends_on(rec, fallback) == {"web-level-3-primary", "web-level-3-secondary"}


def test_set_identifiers_are_unique_in_every_group_and_primaries_are_checked() -> None:
    args = copy.deepcopy(CANONICAL)
    args["pools"].append({"name": "static", "endpoints": [ep("s", "203.0.113.30", status="up")]})
    rec = build(args)
    groups: dict[tuple[str, str], list[RecordedResource]] = {}
    for r in rec.by_type(RECORD):
        groups.setdefault((r.inputs["name"], r.inputs["type"]), []).append(r)
    for group in groups.values():
        idents = [r.inputs["setIdentifier"] for r in group]
        assert len(set(idents)) == len(idents)
        roles = sorted(
            p["type"] for r in group for p in r.inputs.get("failoverRoutingPolicies", [])
        )
        assert roles in ([], ["PRIMARY", "SECONDARY"])
    for r in rec.by_type(RECORD):
        roles = [p["type"] for p in r.inputs.get("failoverRoutingPolicies", [])]
        if roles == ["PRIMARY"] and "aliases" not in r.inputs:
            assert r.inputs["healthCheckId"]  # Route 53 rejects a non-alias PRIMARY without one
        if "aliases" in r.inputs:
            assert "ttl" not in r.inputs
            if roles:
                assert r.inputs["aliases"][0]["evaluateTargetHealth"] is True


# -- pools with several endpoints ---------------------------------------------------------


def test_min_healthy_pool_uses_a_calculated_check_over_multivalue_records() -> None:
    rec = build(CANONICAL)
    a, b = hc(rec, "web-primary-a-hc"), hc(rec, "web-primary-b-hc")
    calculated = hc(rec, "web-primary-calculated")
    assert dict(calculated.inputs) == {
        "type": "CALCULATED",
        "childHealthchecks": [a.id, b.id],
        "childHealthThreshold": 2,
        "tags": {"Name": "app.example.com primary min_healthy 2"},
    }
    for endpoint, check, ip in (("a", a, "192.0.2.10"), ("b", b, "192.0.2.11")):
        assert dict(record(rec, f"web-primary-{endpoint}-record").inputs) == {
            "zoneId": rec.outputs["zone_id"],
            "name": "_pool-primary.app.example.com",
            "type": "A",
            "setIdentifier": endpoint,
            "multivalueAnswerRoutingPolicy": True,
            "records": [ip],
            "ttl": 60,
            "healthCheckId": check.id,
        }
    tier = record(rec, "web-level-1-primary")
    assert dict(tier.inputs) == {
        "zoneId": rec.outputs["zone_id"],
        "name": "app.example.com",
        "type": "A",
        "setIdentifier": "primary-primary",
        "failoverRoutingPolicies": [{"type": "PRIMARY"}],
        "healthCheckId": calculated.id,
        "aliases": [
            {
                "name": "_pool-primary.app.example.com",
                "zoneId": rec.outputs["zone_id"],
                "evaluateTargetHealth": True,
            }
        ],
    }
    assert depends_on(rec, tier) == {
        "web-primary-a-record",
        "web-primary-b-record",
        "web-primary-calculated",
        "web-zone",
    }


def test_weights_make_weighted_records_and_min_healthy_one_needs_no_calculated_check() -> None:
    args = two_tiers()
    args["pools"][0]["endpoints"] = [
        ep("a", "192.0.2.10", weight=3),
        ep("b", "192.0.2.11"),
    ]
    rec = build(args)
    assert (HC, "web-primary-calculated") not in children(rec)
    weights = {
        r.name: (r.inputs["weightedRoutingPolicies"], "multivalueAnswerRoutingPolicy" in r.inputs)
        for r in rec.by_type(RECORD)
        if r.inputs["name"] == "_pool-primary.app.example.com"
    }
    assert weights == {
        "web-primary-a-record": ([{"weight": 3}], False),
        "web-primary-b-record": ([{"weight": 1}], False),
    }
    assert "healthCheckId" not in record(rec, "web-level-1-primary").inputs


@pytest.mark.parametrize(
    ("statuses", "min_healthy", "threshold", "children_checked"),
    [
        (("obey", "obey", "obey"), 2, 2, ["a", "b", "c"]),
        (("obey", "obey", "up"), 2, 1, ["a", "b"]),
        (("obey", "down", "obey"), 3, 3, ["a", "b", "c"]),
        (("obey", "up", "up"), 2, None, ["a"]),
    ],
    ids=["all-probed", "up-lowers-threshold", "down-is-a-child", "ups-suffice"],
)
def test_calculated_threshold_counts_up_endpoints_as_healthy(
    statuses: tuple[str, ...], min_healthy: int, threshold: int | None, children_checked: list[str]
) -> None:
    args = two_tiers()
    args["pools"][0] = {
        "name": "primary",
        "min_healthy": min_healthy,
        "endpoints": [
            ep(n, f"192.0.2.{10 + i}", status=s)
            for i, (n, s) in enumerate(zip("abc", statuses, strict=True))
        ],
    }
    rec = build(args)
    ids = {hc(rec, f"web-primary-{n}-hc").id: n for n in children_checked}
    if threshold is None:
        assert (HC, "web-primary-calculated") not in children(rec)
        return
    calculated = hc(rec, "web-primary-calculated")
    assert calculated.inputs["childHealthThreshold"] == threshold
    assert [ids[i] for i in calculated.inputs["childHealthchecks"]] == children_checked


def test_host_name_endpoints_are_weighted_cname_records_probed_by_name() -> None:
    args = {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {
                "name": "primary",
                "endpoints": [ep("eu", "eu.example.net"), ep("us", "us.example.net")],
            },
            {"name": "secondary", "endpoints": [ep("dr", "dr.example.net")]},
        ],
    }
    rec = build(args)
    eu = hc(rec, "web-primary-eu-hc")
    assert "ipAddress" not in eu.inputs
    assert (eu.inputs["fqdn"], eu.inputs["type"]) == ("eu.example.net", "HTTPS")
    member = record(rec, "web-primary-eu-record")
    assert (member.inputs["type"], member.inputs["records"]) == ("CNAME", ["eu.example.net"])
    # Route 53 has no multivalue CNAME records: weighted, equal weights.
    assert member.inputs["weightedRoutingPolicies"] == [{"weight": 1}]
    direct = record(rec, "web-level-1-secondary")
    assert (direct.inputs["type"], direct.inputs["records"]) == ("CNAME", ["dr.example.net"])


def test_ipv6_endpoints_make_aaaa_records() -> None:
    args = two_tiers()
    args["pools"][0]["endpoints"] = [ep("a", "2001:DB8::10")]
    args["pools"][1]["endpoints"] = [ep("b", "2001:db8:1::10")]
    rec = build(args)
    primary = record(rec, "web-level-1-primary")
    assert (primary.inputs["type"], primary.inputs["records"]) == ("AAAA", ["2001:db8::10"])
    assert hc(rec, "web-primary-a-hc").inputs["ipAddress"] == "2001:db8::10"


# -- health-check settings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("health_check", "expected"),
    [
        (
            {"protocol": "TCP", "port": 8443},
            {"type": "TCP", "port": 8443},
        ),
        (
            {"protocol": "HTTP", "path": "/healthz", "search_string": "ok"},
            {
                "type": "HTTP_STR_MATCH",
                "port": 80,
                "resourcePath": "/healthz",
                "searchString": "ok",
                "fqdn": "app.example.com",
            },
        ),
        (
            {"search_string": "ok", "host": "origin.example.com"},
            {
                "type": "HTTPS_STR_MATCH",
                "port": 443,
                "resourcePath": "/",
                "searchString": "ok",
                "fqdn": "origin.example.com",
                "enableSni": True,
            },
        ),
        (
            {"protocol": "HTTP", "port": 8080},
            {"type": "HTTP", "port": 8080, "resourcePath": "/", "fqdn": "app.example.com"},
        ),
    ],
    ids=["tcp", "http-string-match", "https-string-match", "http"],
)
def test_protocol_and_search_string_choose_the_check_type(
    health_check: dict[str, Any], expected: dict[str, Any]
) -> None:
    rec = build(two_tiers(health_check=health_check))
    inputs = dict(hc(rec, "web-primary-a-hc").inputs)
    base = {
        "ipAddress": "192.0.2.10",
        "requestInterval": 30,
        "failureThreshold": 3,
        "disabled": False,
        "invertHealthcheck": False,
        "tags": {"Name": "app.example.com primary a"},
    }
    # A TCP check with an IP address never carries an fqdn (pain.md §B12).
    assert inputs == {**base, **expected}


def test_interval_threshold_and_regions_are_passed_and_regions_are_then_watched() -> None:
    regions = ["us-east-1", "eu-west-1", "ap-southeast-1"]
    rec = build(
        two_tiers(health_check={"interval_seconds": 10, "failure_threshold": 2, "regions": regions})
    )
    check = hc(rec, "web-primary-a-hc")
    assert (
        check.inputs["requestInterval"],
        check.inputs["failureThreshold"],
        check.inputs["regions"],
    ) == (10, 2, regions)
    assert check.ignore_changes == ()
    # 10 + (2 - 1) x 10 + 6 + 10 + 60
    assert rec.outputs["worst"] == 96


def test_pool_health_check_overrides_the_sets() -> None:
    args = two_tiers(health_check={"path": "/healthz"})
    args["pools"][1]["health_check"] = {"protocol": "HTTP", "failure_threshold": 5}
    rec = build(args)
    assert hc(rec, "web-primary-a-hc").inputs["resourcePath"] == "/healthz"
    secondary = hc(rec, "web-secondary-b-hc")
    assert (
        secondary.inputs["type"],
        secondary.inputs["port"],
        secondary.inputs["failureThreshold"],
    ) == (
        "HTTP",
        80,
        5,
    )


# -- endpoint status ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "check"),
    [
        ("obey", {"disabled": False, "invertHealthcheck": False}),
        ("down", {"disabled": True, "invertHealthcheck": True}),
        ("up", None),
    ],
    ids=["obey", "down", "up"],
)
def test_status_of_a_single_endpoint_tier(status: str, check: dict[str, bool] | None) -> None:
    args = two_tiers()
    args["pools"][0]["endpoints"][0]["status"] = status
    rec = build(args)
    tier = record(rec, "web-level-1-primary")
    if check is None:
        # Never probed: no check, and a PRIMARY without a check must be an alias, so the
        # endpoint sits in the pool name.
        assert (HC, "web-primary-a-hc") not in children(rec)
        assert tier.inputs["aliases"][0]["name"] == "_pool-primary.app.example.com"
        assert "healthCheckId" not in record(rec, "web-primary-a-record").inputs
        assert rec.outputs["health_check_ids"]["primary"] == {}
        return
    inputs = hc(rec, "web-primary-a-hc").inputs
    assert {k: inputs[k] for k in check} == check
    assert tier.inputs["records"] == ["192.0.2.10"]
    assert tier.inputs["healthCheckId"] == hc(rec, "web-primary-a-hc").id


# -- alias endpoints ----------------------------------------------------------------------


def test_alias_tier_is_a_failover_alias_to_the_target_without_ttl_or_check() -> None:
    rec = build(CANONICAL)
    edge = record(rec, "web-level-2-secondary")
    assert dict(edge.inputs) == {
        "zoneId": rec.outputs["zone_id"],
        "name": "_fo2.app.example.com",
        "type": "A",
        "setIdentifier": "edge-secondary",
        "failoverRoutingPolicies": [{"type": "SECONDARY"}],
        "aliases": [{"name": ALB, "zoneId": ALB_ZONE, "evaluateTargetHealth": True}],
    }
    assert rec.outputs["health_check_ids"]["edge"] == {}


def test_alias_with_a_pool_health_check_probes_the_alias_name() -> None:
    args = copy.deepcopy(CANONICAL)
    args["pools"][2]["health_check"] = {"path": "/ping"}
    rec = build(args)
    check = hc(rec, "web-edge-alb-hc")
    assert (check.inputs["fqdn"], check.inputs["resourcePath"], "ipAddress" in check.inputs) == (
        ALB,
        "/ping",
        False,
    )
    edge = record(rec, "web-level-2-secondary")
    assert edge.inputs["healthCheckId"] == check.id
    assert edge.inputs["aliases"][0]["evaluateTargetHealth"] is True


def test_cloudfront_never_evaluates_target_health_and_sits_in_the_pool_name() -> None:
    args = two_tiers()
    args["pools"][0]["endpoints"] = [ep("cdn", CF, alias_zone_id=CF_ZONE)]
    args["pools"][0]["health_check"] = {"path": "/healthz"}
    rec = build(args)
    member = record(rec, "web-primary-cdn-record")
    check = hc(rec, "web-primary-cdn-hc")
    assert dict(member.inputs) == {
        "zoneId": LOOKED_UP,
        "name": "_pool-primary.app.example.com",
        "type": "A",
        "setIdentifier": "cdn",
        "weightedRoutingPolicies": [{"weight": 1}],
        "aliases": [{"name": CF, "zoneId": CF_ZONE, "evaluateTargetHealth": False}],
        "healthCheckId": check.id,
    }
    assert check.inputs["fqdn"] == CF
    # Failover aliases always evaluate target health (the API requires it).
    assert record(rec, "web-level-1-primary").inputs["aliases"] == [
        {"name": "_pool-primary.app.example.com", "zoneId": LOOKED_UP, "evaluateTargetHealth": True}
    ]


def test_cloudfront_in_the_last_tier_needs_no_check() -> None:
    args = two_tiers()
    args["pools"][1]["endpoints"] = [ep("cdn", CF, alias_zone_id=CF_ZONE)]
    rec = build(args)
    assert (HC, "web-secondary-cdn-hc") not in children(rec)
    assert (
        record(rec, "web-secondary-cdn-record").inputs["aliases"][0]["evaluateTargetHealth"]
        is False
    )


def test_alias_tier_timing_uses_the_fixed_60_s_alias_ttl() -> None:
    args = two_tiers()
    args["pools"][0]["endpoints"] = [ep("alb", ALB, alias_zone_id=ALB_ZONE)]
    args["pools"][1]["endpoints"] = [
        ep("alb2", "web-alb-2.us-west-2.elb.amazonaws.com", alias_zone_id="Z1H1FL5HABSF5")
    ]
    rec = build(args)
    # The ALB's own target-group checks decide its health; nothing documented bounds that, so
    # only the alias answer's fixed 60 s TTL is a derived number: a lower bound.
    assert rec.outputs["worst"] == 60
    timing = rec.failover_sets[0].timing
    assert not timing.bounded
    assert [(t.name, t.seconds, t.unknown) for t in timing.terms] == [
        ("target health", 0, True),
        ("ttl", 60, False),
    ]
    assert timing.explain().startswith("worst-case at least 60 s = target health unknown (")
    assert rec.failover_sets[0].ttl == 60


# -- zones --------------------------------------------------------------------------------


def test_created_zone_exports_its_name_servers() -> None:
    rec = build(two_tiers(create_zone=True))
    zone = rec.get(ZONE, "web-zone")
    assert zone.inputs["name"] == "example.com"
    assert rec.outputs["zone_id"] == zone.outputs["zoneId"]
    assert rec.outputs["name_servers"] == zone.outputs["nameServers"]
    assert len(rec.outputs["name_servers"]) == 4
    (component,) = rec.components()
    assert "name_servers" not in rec.component_outputs[component.urn]
    assert record(rec, "web-level-1-primary").inputs["zoneId"] == zone.outputs["zoneId"]


def test_adopted_zone_id_is_used_as_given() -> None:
    rec = build(two_tiers(zone_id="Z0123456789ABCDEFGHIJ"))
    assert ZONE not in {t for t, _ in children(rec)}
    assert rec.outputs["zone_id"] == "Z0123456789ABCDEFGHIJ"
    assert {r.inputs["zoneId"] for r in rec.by_type(RECORD)} == {"Z0123456789ABCDEFGHIJ"}


def test_adopted_zone_id_may_be_an_output() -> None:
    args = two_tiers()

    def program() -> None:
        args["zone_id"] = pulumi.Output.from_input("Z0123456789ABCDEFGHIJ")
        make("web", args)

    rec = testing.run(program)
    assert {r.inputs["zoneId"] for r in rec.by_type(RECORD)} == {"Z0123456789ABCDEFGHIJ"}


# -- outputs (resolved values) ------------------------------------------------------------


def test_output_addresses_resolve_into_checks_and_records() -> None:
    def program() -> None:
        args = two_tiers()
        args["pools"][0]["endpoints"][0]["address"] = pulumi.Output.from_input("192.0.2.10")
        make("web", args)

    rec = testing.run(program)
    assert hc(rec, "web-primary-a-hc").inputs["ipAddress"] == "192.0.2.10"
    assert record(rec, "web-level-1-primary").inputs["records"] == ["192.0.2.10"]


OUTPUT_CASES: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (
        lambda a: a["pools"][0]["endpoints"][0].update(
            address=pulumi.Output.from_input("10.0.0.5")
        ),
        "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be "
        "reached by the cloud's public health checkers, got '10.0.0.5'; expected a public "
        "address, or status 'up' for an endpoint that is never probed",
    ),
    (
        lambda a: a.update(zone_id=pulumi.Output.from_input("/hostedzone/Z123")),
        "zone_id: includes the '/hostedzone/' prefix, got '/hostedzone/Z123'; expected only "
        "the id, e.g. 'Z1D633PJN98FT9'",
    ),
    (
        lambda a: a["pools"][0].update(
            endpoints=[ep("alb", ALB, alias_zone_id=pulumi.Output.from_input(LOOKED_UP))]
        ),
        "pools[0].endpoints[0].alias_zone_id: is the failover set's own hosted zone; an "
        f"alias endpoint is an AWS resource named by its canonical hosted zone id, got "
        f"{LOOKED_UP!r}; expected the target's canonical hosted zone id (the load "
        "balancer's or distribution's zone_id)",
    ),
    (
        lambda a: a["pools"][0].update(
            endpoints=[ep("cdn", pulumi.Output.from_input(CF), alias_zone_id="Z2FDTNDATAQYW3")],
        ),
        "pools[0].endpoints[0].evaluate_target_health: the alias target resolved to a "
        "CloudFront distribution, where AWS does not allow evaluate_target_health (it "
        "defaults to true when the target is not known to be CloudFront at construction), "
        "got True; expected evaluate_target_health false, and a health_check on the pool",
    ),
    (
        lambda a: a["pools"][0]["endpoints"][0].update(
            address=pulumi.Output.from_input("192.168.1.1"), status="down"
        ),
        "pools[0].endpoints[0].address: private (RFC 1918) address 192.168.0.0/16 cannot carry "
        "a Route 53 health check, which status 'down' keeps (disabled and inverted), got "
        "'192.168.1.1'; expected a public address, or remove the endpoint",
    ),
    (
        lambda a: a["pools"][0].update(
            endpoints=[
                ep(
                    "api",
                    "d-abc123.execute-api.example.net",
                    alias_zone_id=pulumi.Output.from_input(CF_ZONE),
                )
            ]
        ),
        "pools[0].endpoints[0].evaluate_target_health: the alias target resolved to a "
        "CloudFront distribution, where AWS does not allow evaluate_target_health (it "
        "defaults to true when the target is not known to be CloudFront at construction), "
        "got True; expected evaluate_target_health false, and a health_check on the pool",
    ),
    (
        lambda a: a.update(
            record_type="CNAME",
            health_check={"host": "app.example.com"},
            pools=[
                {
                    "name": "primary",
                    "endpoints": [ep("x", pulumi.Output.from_input("x.example.net"))],
                },
                {"name": "secondary", "endpoints": [ep("y", "y.example.net", status="up")]},
            ],
        ),
        "health_check.host: Route 53 probes the host-name endpoint 'x.example.net' by that "
        "name and sends it as the Host header and SNI name, so a different host cannot be "
        "honoured, got 'app.example.com'; expected no host for this pool, or 'x.example.net'",
    ),
]


@pytest.mark.usefixtures("collect_failed_outputs")
@pytest.mark.parametrize(
    ("mutate", "message"),
    OUTPUT_CASES,
    ids=[
        "private-address",
        "zone-id-prefix",
        "own-zone",
        "cloudfront",
        "private-address-down",
        "cloudfront-zone",
        "host-vs-hostname",
    ],
)
def test_outputs_are_checked_when_they_resolve(
    mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    def program() -> None:
        args = two_tiers()
        mutate(args)
        make("web", args)

    with pytest.raises(ValueError, match="invalid failover configuration") as info:
        testing.run(program)
    error = config_error(info.value)
    assert [str(r) for r in error.reasons] == [message]
    assert error.subject == "Route53Failover 'web'"


# -- preview ------------------------------------------------------------------------------


def test_preview_with_unknown_addresses_declares_everything() -> None:
    def program() -> None:
        args = copy.deepcopy(CANONICAL)
        args["record_type"] = "A"
        for pool in args["pools"][:2]:
            for endpoint in pool["endpoints"]:
                endpoint["address"] = testing.unknown()
        args["pools"][2]["endpoints"][0]["alias_zone_id"] = testing.unknown()
        comp = make("web", args)
        pulumi.export("zone_id", comp.zone_id)
        pulumi.export("worst", comp.worst_case_failover_seconds)
        pulumi.export("fqdn", comp.fqdn)

    rec = testing.run(program, preview=True)
    assert children(rec) == children(build(CANONICAL))
    check = hc(rec, "web-primary-a-hc")
    assert type(check.inputs["ipAddress"]).__name__ == "Unknown"
    assert check.inputs["fqdn"] == "app.example.com"
    member = record(rec, "web-primary-a-record")
    assert type(member.inputs["records"][0]).__name__ == "Unknown"
    assert type(member.inputs["zoneId"]).__name__ == "Unknown"  # the zone is created
    edge = record(rec, "web-level-2-secondary")
    assert type(edge.inputs["aliases"][0]["zoneId"]).__name__ == "Unknown"
    assert rec.outputs["zone_id"] is testing.UNKNOWN
    assert rec.outputs["worst"] == 186
    assert rec.outputs["fqdn"] == "app.example.com"
    with pytest.raises(r53.SimulationError, match="preview"):
        r53.resolve(rec, "app.example.com")


def test_preview_of_a_known_configuration_matches_the_deployment_shape() -> None:
    preview, real = build(CANONICAL, preview=True), build(CANONICAL)
    assert children(preview) == children(real)
    assert record(preview, "web-level-1-primary").inputs["setIdentifier"] == "primary-primary"


# -- validation happens before anything is registered --------------------------------------


def test_bad_args_register_nothing() -> None:
    errors: list[FailoverConfigError] = []

    def program() -> None:
        try:
            make("web", two_tiers(health_check={"interval_seconds": 15}))
        except FailoverConfigError as exc:
            errors.append(exc)

    rec = testing.run(program)
    assert rec.resources == []
    assert [str(r) for r in errors[0].reasons] == [
        "health_check.interval_seconds: not a Route 53 request interval, got 15; expected 10 "
        "or 30 (fixed once the health check exists)"
    ]


def test_check_args_registers_nothing_and_agrees_with_the_component() -> None:
    rec = testing.run(lambda: check_args(CANONICAL))
    assert rec.resources == []
    assert check_args(CANONICAL) == []
    assert [str(r) for r in check_args(two_tiers(create_zone="yes"))] == [
        "create_zone: not a boolean, got 'yes'; expected true or false"
    ]


def test_config_driven_program_reports_aws_reasons_with_their_config_path() -> None:
    from failover_components import program

    entry = {"cloud": "aws", "name": "web", **two_tiers(health_check={"interval_seconds": 15})}
    with pytest.raises(FailoverConfigError) as info:
        testing.run(lambda: program.declare([entry]))
    assert [str(r) for r in info.value.reasons] == [
        "failovers[0].health_check.interval_seconds: not a Route 53 request interval, got 15; "
        "expected 10 or 30 (fixed once the health check exists)"
    ]


# -- the example --------------------------------------------------------------------------


def test_example_runs_under_the_testing_kit() -> None:
    rec = testing.run_program(ROOT / "examples" / "aws")
    assert children(rec) == {
        (HC, "web-primary-web-a-hc"),
        (HC, "web-primary-web-b-hc"),
        (HC, "web-primary-web-c-hc"),
        (HC, "web-primary-calculated"),
        (HC, "web-secondary-dr-hc"),
        (RECORD, "web-primary-web-a-record"),
        (RECORD, "web-primary-web-b-record"),
        (RECORD, "web-primary-web-c-record"),
        (RECORD, "web-level-1-primary"),
        (RECORD, "web-level-1-secondary"),
        (RECORD, "web-level-2-primary"),
        (RECORD, "web-maintenance-static-record"),
        (RECORD, "web-level-2-secondary"),
    }
    assert rec.outputs["fqdn"] == "app.example.com"
    # interval 10 + (3 - 1) x 10 + 10 s TCP timeout + 10 skew + ttl 30 (the secondary)
    assert rec.outputs["worst_case_failover_seconds"] == 80
    assert hc(rec, "web-secondary-dr-hc").inputs["type"] == "TCP"
    assert hc(rec, "web-primary-calculated").inputs["childHealthThreshold"] == 2
    down_primary = r53.resolve(rec, "app.example.com", ["192.0.2.10", "192.0.2.11"])
    assert (down_primary.values, down_primary.pools) == (("198.51.100.10",), ("secondary",))


def test_example_adopts_a_zone_from_config() -> None:
    rec = testing.run_program(ROOT / "examples" / "aws", config={"zoneId": "Z0123456789ABCDEFGHIJ"})
    assert rec.outputs["zone_id"] == "Z0123456789ABCDEFGHIJ"


def _with_status(status: str) -> dict[str, Any]:
    args = three_tiers()
    args["pools"][0]["endpoints"][0]["status"] = status
    return args


PREVIEW_SETS: dict[str, dict[str, Any]] = {
    "2-tiers": two_tiers(),
    "3-tiers": three_tiers(),
    "min-healthy-and-alias": CANONICAL,
    "status-down": _with_status("down"),
    "status-up": _with_status("up"),
    "tcp": two_tiers(health_check={"protocol": "TCP", "port": 443}),
    "string-match": two_tiers(health_check={"search_string": "ok"}),
    "cname": {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {
                "name": "primary",
                "endpoints": [ep("eu", "eu.example.net"), ep("us", "us.example.net")],
            },
            {"name": "secondary", "endpoints": [ep("dr", "dr.example.net")]},
        ],
    },
}


def _unknown_addresses(args: dict[str, Any]) -> dict[str, Any]:
    args = copy.deepcopy(args)
    args["record_type"] = (
        "CNAME" if args["pools"][0]["endpoints"][0]["address"].endswith(".net") else "A"
    )
    for pool in args["pools"]:
        for endpoint in pool["endpoints"]:
            if "alias_zone_id" not in endpoint:
                endpoint["address"] = testing.unknown()
    return args


def _same_shape(preview: object, real: object, where: str, unknown: list[str]) -> None:
    """``preview`` equals ``real`` except where it is unknown (recorded in ``unknown``)."""
    if is_unknown(preview):
        unknown.append(where)
        return
    if isinstance(real, dict):
        assert isinstance(preview, dict), where
        real_d = cast("dict[str, Any]", real)
        preview_d = cast("dict[str, Any]", preview)
        assert set(preview_d) == set(real_d), where
        for key in real_d:
            _same_shape(preview_d[key], real_d[key], f"{where}.{key}", unknown)
    elif isinstance(real, list):
        real_l = cast("list[Any]", real)
        assert isinstance(preview, list), where
        preview_l = cast("list[Any]", preview)
        assert len(preview_l) == len(real_l), where
        for i, (p, r) in enumerate(zip(preview_l, real_l, strict=True)):
            _same_shape(p, r, f"{where}[{i}]", unknown)
    else:
        assert preview == real, where


@pytest.mark.parametrize("set_name", list(PREVIEW_SETS), ids=list(PREVIEW_SETS))
def test_preview_with_unknown_addresses_matches_the_deployment_but_for_unknowns(
    set_name: str,
) -> None:
    args = PREVIEW_SETS[set_name]
    real = build(args)
    preview = build(lambda: _unknown_addresses(args), preview=True)
    assert children(preview) == children(real)
    unknown: list[str] = []
    for res in real.resources:
        if res.type in (HC, RECORD):
            _same_shape(
                dict(preview.get(res.type, res.name).inputs), dict(res.inputs), res.name, unknown
            )
    # Only what comes from the addresses and from other resources' ids is unknown.
    allowed: tuple[str, ...] = (".ipAddress", ".fqdn", ".records[0]", ".healthCheckId")
    if args.get("create_zone"):
        allowed += (".zoneId",)  # the created zone's id is only known after deployment
    assert unknown, "the unknown addresses must show as unknown"
    assert all(u.endswith(allowed) or ".childHealthchecks[" in u for u in unknown), unknown
    assert any(u.endswith((".ipAddress", ".fqdn")) for u in unknown), unknown
    assert preview.outputs["worst"] == real.outputs["worst"]
    assert preview.outputs["fqdn"] == "app.example.com"
