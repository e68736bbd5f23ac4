"""Cloud-side names: valid under each cloud's documented rule, at the boundary on both sides,
and never shared by two different pools or components."""

import re
from typing import Any, cast

import pytest
from aws_support import two_tiers
from test_program import CLOUDFLARE

from failover_components import FailoverConfigError, cloud_names, testing
from failover_components.aws import Route53Failover, Route53FailoverArgs
from failover_components.azure import (
    TrafficManagerFailover,
    TrafficManagerFailoverArgs,
    default_profile_dns_name,
    nested_profile_dns_name,
)
from failover_components.cloudflare import CloudflareFailover, CloudflareFailoverArgs

PROFILE = "azure-native:trafficmanager:Profile"
CF_POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool"
AZURE_PROFILE_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?$")
"""Azure's rule, written independently of the package: 1-63 alphanumerics, hyphens and periods,
starting and ending with an alphanumeric (resource-name-rules, trafficmanagerprofiles)."""


def multi(name: str, base: int) -> dict[str, Any]:
    return {
        "name": name,
        "endpoints": [
            {"name": "a", "address": f"192.0.2.{base}"},
            {"name": "b", "address": f"192.0.2.{base + 1}"},
        ],
    }


def azure_args(*pools: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "resource_group_name": "rg-dns",
        "pools": list(pools),
        **extra,
    }


def azure(name: str, a: dict[str, Any]) -> testing.Recording:
    return testing.run(lambda: TrafficManagerFailover(name, cast("TrafficManagerFailoverArgs", a)))


def azure_error(name: str, a: dict[str, Any]) -> FailoverConfigError:
    with pytest.raises(FailoverConfigError) as info:
        azure(name, a)
    return info.value


def profile_names(rec: testing.Recording) -> dict[str, str]:
    return {r.name: r.inputs["profileName"] for r in rec.by_type(PROFILE)}


def test_the_issue_example_gets_valid_profile_names() -> None:
    # checkout-api-prod with a 32-character pool name: 0.1.0's auto-name was 66 characters.
    pool = "p" * 32
    rec = azure("checkout-api-prod", azure_args(multi(pool, 10), multi("dr", 20)))
    names = profile_names(rec)
    assert set(names) == {
        "checkout-api-prod-profile",
        f"checkout-api-prod-{pool}-profile",
        "checkout-api-prod-dr-profile",
    }
    for value in names.values():
        assert AZURE_PROFILE_NAME.match(value), value
        assert len(value) <= 63
    assert len(set(names.values())) == 3
    for r in rec.by_type(PROFILE):
        # The profile is named after its own DNS label.
        assert r.inputs["profileName"] == r.inputs["dnsConfig"]["relativeName"]
        assert r.ignore_changes == ("profileName",)


def test_an_underscore_in_the_component_name_gives_valid_names() -> None:
    rec = azure("web_app", azure_args(multi("primary", 10), multi("secondary", 20)))
    dns = default_profile_dns_name("web_app", "project", "stack")
    assert dns.startswith("web-app-")
    assert profile_names(rec) == {
        "web_app-profile": dns,
        "web_app-primary-profile": f"{dns}-primary",
        "web_app-secondary-profile": f"{dns}-secondary",
    }
    # web-app (a different component) never shares it.
    assert default_profile_dns_name("web-app", "project", "stack") != dns


@pytest.mark.parametrize(("length", "kept"), [(63, True), (64, False)], ids=["63", "64"])
def test_nested_label_at_the_63_character_boundary(length: int, kept: bool) -> None:
    pool = "secondary"
    parent = "a" * (length - len(pool) - 1)
    label = nested_profile_dns_name(parent, pool)
    if kept:
        assert label == f"{parent}-{pool}"
        assert len(label) == 63
    else:
        assert len(label) == 63
        assert label != f"{parent}-{pool}"[:63]
        assert label != nested_profile_dns_name(parent, "tertiary")
    rec = azure("web", azure_args(multi("primary", 10), multi(pool, 20), profile_dns_name=parent))
    assert profile_names(rec)["web-secondary-profile"] == label


@pytest.mark.parametrize(("length", "ok"), [(63, True), (64, False)], ids=["63", "64"])
def test_explicit_profile_dns_name_at_the_boundary(length: int, ok: bool) -> None:
    a = azure_args(multi("primary", 10), multi("secondary", 20), profile_dns_name="b" * length)
    if ok:
        assert profile_names(azure("web", a))["web-profile"] == "b" * 63
        return
    error = azure_error("web", a)
    assert [r.path for r in error.reasons] == ["profile_dns_name"]


def test_pools_whose_slugs_collide_keep_distinct_cloud_names() -> None:
    rec = azure("web", azure_args(multi("eu-1", 10), multi("eu--1", 20)))
    names = profile_names(rec)
    dns = default_profile_dns_name("web", "project", "stack")
    # eu-1 keeps the name 0.1.0 gave it; eu--1 carries a hash of itself.
    assert names["web-eu-1-profile"] == f"{dns}-eu-1"
    assert names["web-eu--1-profile"].startswith(f"{dns}-eu-1-")
    assert names["web-eu--1-profile"] != names["web-eu-1-profile"]


def test_two_components_with_one_traffic_manager_dns_name_are_refused() -> None:
    def program() -> None:
        TrafficManagerFailover(
            "a",
            cast(
                "TrafficManagerFailoverArgs",
                azure_args(multi("primary", 10), multi("dr", 20), profile_dns_name="shop"),
            ),
        )
        TrafficManagerFailover(
            "b",
            cast(
                "TrafficManagerFailoverArgs",
                {
                    **azure_args(multi("primary", 30), multi("dr", 40), profile_dns_name="shop"),
                    "hostname": "api.example.com",
                },
            ),
        )

    with pytest.raises(FailoverConfigError) as info:
        testing.run(program)
    assert info.value.subject == "TrafficManagerFailover 'b'"
    assert next(str(r) for r in info.value.reasons) == (
        "profile_dns_name: makes the Traffic Manager DNS name 'shop', which TrafficManagerFailover "
        "'a' also makes, got 'shop'; expected a Traffic Manager DNS name no other failover set of "
        "the program uses"
    )


def cloudflare(name: str, *pools: str) -> testing.Recording:
    a = {
        **{k: v for k, v in CLOUDFLARE.items() if k not in ("name", "cloud")},
        "pools": [
            {"name": p, "endpoints": [{"address": f"203.0.113.{20 + i}"}]}
            for i, p in enumerate(pools)
        ],
    }
    return testing.run(lambda: CloudflareFailover(name, cast("CloudflareFailoverArgs", a)))


def test_cloudflare_pool_names_stay_distinct_and_valid() -> None:
    rec = cloudflare("shop", "eu-1", "eu--1")
    names = {r.name: r.inputs["name"] for r in rec.by_type(CF_POOL)}
    assert len(set(names.values())) == 2
    for value in names.values():
        assert re.match(r"^[A-Za-z0-9_-]+$", value), value
    # eu-1 keeps its 0.1.0 name: <component>-<pool>-<hash of the hostname>.
    assert names["shop-eu-1-pool"].startswith("shop-eu-1-")
    assert len(names["shop-eu-1-pool"].split("-")) == 4
    assert len(cloudflare("web_app", "primary", "dr").by_type(CF_POOL)) == 2


# -- Route 53 and the AWS names -------------------------------------------------------------


def aws(name: str, a: dict[str, Any]) -> testing.Recording:
    return testing.run(lambda: Route53Failover(name, cast("Route53FailoverArgs", a)))


@pytest.mark.parametrize(("length", "ok"), [(229, True), (230, False)], ids=["229", "230"])
def test_alarm_name_boundary(length: int, ok: bool) -> None:
    # The longest alarm, <name>-secondary-b-alarm, plus Pulumi's 8-character suffix must fit
    # CloudWatch's 255 (the SNS topic, <name>-alerts, is shorter).
    name = "w" * length
    a = two_tiers(alerts={"emails": ["ops@example.com"]})
    if ok:
        assert aws(name, a).failover_sets
        return
    with pytest.raises(FailoverConfigError) as info:
        aws(name, a)
    (reason,) = info.value.reasons
    assert reason.path == "pools[1].endpoints[0].name"
    assert "makes the CloudWatch alarm name" in reason.problem
    assert "248 characters long, more than 247" in reason.problem


def test_alarm_names_longer_than_cloudwatch_allows_are_refused() -> None:
    name = "w" * 240
    a = two_tiers(alerts={"sns_topic_arn": "arn:aws:sns:us-east-1:123456789012:ops"})
    with pytest.raises(FailoverConfigError) as info:
        aws(name, a)
    assert {r.path for r in info.value.reasons} == {
        "pools[0].endpoints[0].name",
        "pools[1].endpoints[0].name",
    }
    assert all("CloudWatch alarm name" in r.problem for r in info.value.reasons)


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("Route 53 set identifier", "s" * 128, True),
        ("Route 53 set identifier", "s" * 129, False),
        ("SNS topic name", "t" * 248, True),
        ("SNS topic name", "t" * 249, False),
        ("SNS topic name", "web.alerts", False),
        ("Traffic Manager profile name", "a" * 63, True),
        ("Traffic Manager profile name", "a" * 64, False),
        ("Traffic Manager profile name", "web_app", False),
        ("Traffic Manager profile name", "-web", False),
        ("Traffic Manager profile name", "web.app", True),
        ("Traffic Manager DNS name", "web.app", False),
        ("Cloudflare pool name", "web_app-1", True),
        ("Cloudflare pool name", "web app", False),
    ],
)
def test_each_rule_at_its_boundary(kind: str, value: str, ok: bool) -> None:
    assert (cloud_names.reason(kind, value, "x") is None) is ok


def test_route53_set_identifiers_are_checked_on_the_component() -> None:
    rec = aws("web", two_tiers())
    idents = [r.inputs["setIdentifier"] for r in rec.by_type("aws:route53/record:Record")]
    assert idents
    assert all(cloud_names.reason("Route 53 set identifier", i, "") is None for i in idents)
