"""TrafficManagerFailover under the mock engine: children, their inputs, outputs, preview."""

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from azure_support import PROFILE, RECORD, RG, SUB, TOKEN, ZONE, args, build, pool
from pulumi_azure_native import Provider
from support import config_error

from failover_components import FailoverConfigError
from failover_components._component import STATE_OUTPUTS
from failover_components.azure import (
    AZURE,
    EXTERNAL,
    NESTED,
    TrafficManagerFailover,
    check_args,
    default_profile_dns_name,
    nested_profile_dns_name,
)
from failover_components.program import declare
from failover_components.testing import UNKNOWN, run, unknown

DNS = "web-ef9581"
"""default_profile_dns_name('web', 'project', 'stack'): pinned, since a new value would be a new
public DNS name for every deployed profile."""
PIP = f"{SUB}/resourceGroups/rg-app/providers/Microsoft.Network/publicIPAddresses/pip-west"


def monitor(**changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "protocol": "HTTPS",
        "port": 443,
        "path": "/",
        "intervalInSeconds": 30,
        "timeoutInSeconds": 10,
        "toleratedNumberOfFailures": 3,
        "expectedStatusCodeRanges": [{"min": 200, "max": 299}],
        "customHeaders": [{"name": "Host", "value": "app.example.com"}],
    }
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


def external(name: str, target: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": EXTERNAL,
        "target": target,
        "endpointStatus": "Enabled",
        "alwaysServe": "Disabled",
        **extra,
    }


def profile_id(name: str, rg: str = RG) -> str:
    return f"{SUB}/resourceGroups/{rg}/providers/Microsoft.Network/trafficManagerProfiles/{name}"


def test_two_tiers_children_inputs_and_outputs() -> None:
    rec = build(args())
    assert rec.names() == {
        (TOKEN, "web"),
        (PROFILE, "web-profile"),
        (RECORD, "web-record"),
    }
    comp = rec.get(TOKEN, "web")
    assert {r.parent for r in rec.resources if r.custom} == {comp.urn}
    profile = rec.get(PROFILE, "web-profile")
    assert profile.inputs == {
        "resourceGroupName": RG,
        "location": "global",
        "profileStatus": "Enabled",
        "trafficRoutingMethod": "Priority",
        "dnsConfig": {"relativeName": DNS, "ttl": 30},
        "monitorConfig": monitor(),
        "endpoints": [
            external("primary", "192.0.2.10", priority=1),
            external("secondary", "198.51.100.10", priority=2),
        ],
        # Named after its DNS label, valid and unique; later changes ignored (0.1.0 profiles
        # were auto-named and keep their names).
        "profileName": DNS,
    }
    assert profile.ignore_changes == ("profileName",)
    record = rec.get(RECORD, "web-record")
    assert record.inputs == {
        "resourceGroupName": RG,
        "zoneName": "example.com",
        "relativeRecordSetName": "app",
        "recordType": "CNAME",
        "ttl": 30,
        "cnameRecord": {"cname": f"{DNS}.trafficmanager.net"},
    }
    assert profile.urn in record.dependencies
    assert rec.outputs == {
        "fqdn": "app.example.com",
        "profile_fqdn": f"{DNS}.trafficmanager.net",
        "profile_id": profile_id(DNS),
        "name_servers": None,
        "worst_case_failover_seconds": 160,  # the documented timeline: 30 + 3x30 + 10 + 30
        "ds_record": None,
        "acknowledged_policies": {},
        "action_group_id": None,
    }
    # register_outputs carries every output; the engine drops the None ones.
    assert rec.component_outputs[comp.urn] == {
        k: v for k, v in rec.outputs.items() if k in STATE_OUTPUTS and v is not None
    }


@pytest.mark.parametrize(
    ("pools", "priorities"),
    [
        (
            [pool("primary", "192.0.2.10"), pool("secondary", "198.51.100.10")],
            {"primary": 1, "secondary": 2},
        ),
        (
            [
                pool("primary", "192.0.2.10"),
                pool("secondary", "198.51.100.10"),
                pool("tertiary", "203.0.113.10"),
            ],
            {"primary": 1, "secondary": 2, "tertiary": 3},
        ),
        (
            [
                pool("dr", "203.0.113.10"),
                pool("main", "192.0.2.10"),
                pool("standby", "198.51.100.10"),
            ],
            {"dr": 1, "main": 2, "standby": 3},
        ),
    ],
    ids=["2-tiers", "3-tiers", "3-tiers-named-otherwise"],
)
def test_priorities_follow_pool_order(
    pools: list[dict[str, Any]], priorities: dict[str, int]
) -> None:
    rec = build(args(*pools))
    endpoints = rec.get(PROFILE, "web-profile").inputs["endpoints"]
    assert {e["name"]: e["priority"] for e in endpoints} == priorities
    assert [e["name"] for e in endpoints] == list(priorities)
    assert [e["target"] for e in endpoints] == [p["endpoints"][0]["address"] for p in pools]


def test_multi_endpoint_pool_is_a_weighted_nested_profile() -> None:
    a = args(
        pool("primary", "192.0.2.10"),
        {
            "name": "secondary",
            "min_healthy": 2,
            "endpoints": [
                {"address": "198.51.100.10", "name": "north", "weight": 3},
                {"address": "198.51.100.11", "name": "south"},
                {"address": "198.51.100.12", "name": "east", "status": "up"},
            ],
        },
    )
    rec = build(a)
    assert rec.names() == {
        (TOKEN, "web"),
        (PROFILE, "web-profile"),
        (PROFILE, "web-secondary-profile"),
        (RECORD, "web-record"),
    }
    child = rec.get(PROFILE, "web-secondary-profile")
    assert child.parent == rec.get(TOKEN, "web").urn
    assert child.inputs == {
        "resourceGroupName": RG,
        "location": "global",
        "profileStatus": "Enabled",
        "trafficRoutingMethod": "Weighted",
        "dnsConfig": {"relativeName": f"{DNS}-secondary", "ttl": 30},
        "monitorConfig": monitor(),
        "endpoints": [
            external("north", "198.51.100.10", weight=3),
            external("south", "198.51.100.11", weight=1),
            external("east", "198.51.100.12", weight=1, alwaysServe="Enabled"),
        ],
        "profileName": f"{DNS}-secondary",
    }
    parent = rec.get(PROFILE, "web-profile")
    assert parent.inputs["endpoints"] == [
        external("primary", "192.0.2.10", priority=1),
        {
            "name": "secondary",
            "type": NESTED,
            "targetResourceId": child.id,
            "minChildEndpoints": 2,
            "priority": 2,
            "endpointStatus": "Enabled",
        },
    ]
    assert child.id == profile_id(f"{DNS}-secondary")
    assert child.urn in parent.dependencies
    assert "alwaysServe" not in parent.inputs["endpoints"][1]


def test_pool_health_check_override_gets_its_own_profile_and_timing() -> None:
    a = args(
        pool("primary", "192.0.2.10", health_check={"interval_seconds": 10, "path": "/live"}),
        pool("secondary", "198.51.100.10"),
    )
    rec = build(a)
    child = rec.get(PROFILE, "web-primary-profile")
    assert child.inputs["trafficRoutingMethod"] == "Weighted"
    assert child.inputs["monitorConfig"] == monitor(
        intervalInSeconds=10, timeoutInSeconds=9, path="/live"
    )
    assert child.inputs["endpoints"] == [external("192-0-2-10", "192.0.2.10", weight=1)]
    parent = rec.get(PROFILE, "web-profile")
    assert parent.inputs["monitorConfig"] == monitor()
    assert parent.inputs["endpoints"][0]["type"] == NESTED
    assert parent.inputs["endpoints"][0]["minChildEndpoints"] == 1
    assert parent.inputs["endpoints"][1] == external("secondary", "198.51.100.10", priority=2)
    # Only the primary can fail over: 10 + 3x10 + 9 + 30.
    assert rec.outputs["worst_case_failover_seconds"] == 79


@pytest.mark.parametrize(
    ("status", "endpoint_status", "always_serve"),
    [
        ("obey", "Enabled", "Disabled"),
        ("up", "Enabled", "Enabled"),
        ("down", "Disabled", "Disabled"),
    ],
    ids=["obey", "up", "down"],
)
@pytest.mark.parametrize("nested", [False, True], ids=["inline", "in-nested-profile"])
def test_status_maps_to_endpoint_status_and_always_serve(
    status: str, endpoint_status: str, always_serve: str, nested: bool
) -> None:
    first: dict[str, Any] = {
        "name": "primary",
        "endpoints": [{"address": "192.0.2.10", "status": status}],
    }
    if nested:
        first["endpoints"].append({"address": "192.0.2.11"})
    rec = build(args(first, pool("secondary", "198.51.100.10")))
    where = rec.get(PROFILE, "web-primary-profile" if nested else "web-profile")
    ep = where.inputs["endpoints"][0]
    assert (ep["endpointStatus"], ep["alwaysServe"]) == (endpoint_status, always_serve)
    if nested:
        # The nested entry itself never carries always serve (Traffic Manager refuses it).
        nested_entry = rec.get(PROFILE, "web-profile").inputs["endpoints"][0]
        assert nested_entry["type"] == NESTED
        assert "alwaysServe" not in nested_entry
        assert nested_entry["endpointStatus"] == "Enabled"


@pytest.mark.parametrize(
    ("health_check", "expected"),
    [
        ({"protocol": "HTTP"}, monitor(protocol="HTTP", port=80)),
        (
            {"protocol": "HTTPS", "port": 8443, "path": "/healthz"},
            monitor(port=8443, path="/healthz"),
        ),
        (
            {"protocol": "TCP", "port": 5432},
            monitor(
                protocol="TCP",
                port=5432,
                path=None,
                expectedStatusCodeRanges=None,
                customHeaders=None,
            ),
        ),
        (
            {
                "protocol": "HTTP",
                "interval_seconds": 10,
                "timeout_seconds": 5,
                "failure_threshold": 1,
                "expected_codes": "200-204,301",
                "host": "origin.example.net",
                "headers": {"X-Probe": "yes"},
            },
            monitor(
                protocol="HTTP",
                port=80,
                intervalInSeconds=10,
                timeoutInSeconds=5,
                toleratedNumberOfFailures=0,
                expectedStatusCodeRanges=[{"min": 200, "max": 204}, {"min": 301, "max": 301}],
                customHeaders=[
                    {"name": "Host", "value": "origin.example.net"},
                    {"name": "X-Probe", "value": "yes"},
                ],
            ),
        ),
        (
            {"headers": {"X-Probe": "yes", "host": "vhost.example.net"}},
            monitor(
                customHeaders=[
                    {"name": "host", "value": "vhost.example.net"},
                    {"name": "X-Probe", "value": "yes"},
                ]
            ),
        ),
        ({"expected_codes": "2xx"}, monitor()),
        (
            {"failure_threshold": 10, "timeout_seconds": 5},
            monitor(toleratedNumberOfFailures=9, timeoutInSeconds=5),
        ),
    ],
    ids=[
        "http",
        "https-port-path",
        "tcp",
        "http-fast-all-keys",
        "host-in-headers",
        "2xx",
        "threshold-10",
    ],
)
def test_monitor_config(health_check: dict[str, Any], expected: dict[str, Any]) -> None:
    rec = build(args(health_check=health_check))
    profile = rec.get(PROFILE, "web-profile")
    assert profile.plain("monitorConfig") == expected
    # A header other than Host makes the monitor configuration a secret; Host alone does not.
    names = {h["name"].lower() for h in expected.get("customHeaders", [])}
    assert profile.is_secret("monitorConfig") == bool(names - {"host"})


def test_secret_header_stays_secret() -> None:
    rec = build(lambda: args(health_check={"headers": {"X-Token": pulumi.Output.secret("s3cret")}}))
    profile = rec.get(PROFILE, "web-profile")
    assert profile.is_secret("monitorConfig")
    assert profile.plain("monitorConfig")["customHeaders"] == [
        {"name": "Host", "value": "app.example.com"},
        {"name": "X-Token", "value": "s3cret"},
    ]
    summary = rec.failover_sets[0].tiers[0].health_check
    assert summary["custom_headers"] == {"Host": "app.example.com", "X-Token": "[secret]"}


@pytest.mark.parametrize(
    ("addresses", "record_type"),
    [(("192.0.2.10", "198.51.100.10"), "A"), (("2001:db8::10", "2001:db8:1::10"), "AAAA")],
    ids=["A", "AAAA"],
)
def test_apex_is_an_alias_record_to_the_profile(
    addresses: tuple[str, str], record_type: str
) -> None:
    a = args(pool("primary", addresses[0]), pool("secondary", addresses[1]))
    a["hostname"] = "Example.COM."
    rec = build(a)
    profile = rec.get(PROFILE, "web-profile")
    record = rec.get(RECORD, "web-record")
    assert record.inputs == {
        "resourceGroupName": RG,
        "zoneName": "example.com",
        "relativeRecordSetName": "@",
        "recordType": record_type,
        "ttl": 30,
        "targetResource": {"id": profile.id},
    }
    assert rec.outputs["fqdn"] == "example.com"
    assert rec.failover_sets[0].facts["record"] == (
        f"alias {record_type} record to the profile (zone apex)"
    )


def test_hostname_is_normalised() -> None:
    a = args()
    a["hostname"] = "API.Example.com."
    a["zone_name"] = "EXAMPLE.com"
    rec = build(a)
    record = rec.get(RECORD, "web-record")
    assert (record.inputs["zoneName"], record.inputs["relativeRecordSetName"]) == (
        "example.com",
        "api",
    )
    assert rec.outputs["fqdn"] == "api.example.com"


def test_create_zone_exports_name_servers() -> None:
    rec = build(args(create_zone=True))
    zone = rec.get(ZONE, "web-zone")
    assert zone.inputs == {
        "resourceGroupName": RG,
        "zoneName": "example.com",
        "location": "global",
        "zoneType": "Public",
    }
    assert zone.parent == rec.get(TOKEN, "web").urn
    record = rec.get(RECORD, "web-record")
    assert zone.urn in record.dependencies
    assert rec.outputs["name_servers"] == zone.outputs["nameServers"]
    assert len(rec.outputs["name_servers"]) == 4
    assert rec.failover_sets[0].facts["create_zone"] is True


@pytest.mark.parametrize(
    ("ttl", "profile_ttl", "record_ttl", "worst"),
    [(None, 30, 30, 160), (60, 60, 60, 190), (0, 0, 1, 130)],
    ids=["default", "60", "zero"],
)
def test_ttl(ttl: int | None, profile_ttl: int, record_ttl: int, worst: int) -> None:
    a = args() if ttl is None else args(ttl=ttl)
    rec = build(a)
    assert rec.get(PROFILE, "web-profile").inputs["dnsConfig"]["ttl"] == profile_ttl
    assert rec.get(RECORD, "web-record").inputs["ttl"] == record_ttl
    assert rec.outputs["worst_case_failover_seconds"] == worst
    assert rec.failover_sets[0].ttl == profile_ttl


def test_worst_case_is_the_slowest_tier_that_can_fail_over() -> None:
    a = args(
        pool(
            "primary", "192.0.2.10", health_check={"interval_seconds": 10, "failure_threshold": 2}
        ),
        pool("secondary", "198.51.100.10"),
        # The last tier never fails over, so its slower settings do not count.
        pool("last", "203.0.113.10", health_check={"failure_threshold": 10}),
        ttl=20,
    )
    rec = build(a)
    # secondary: 30 + 3x30 + 10 + 20 = 150; primary: 10 + 10 + 9 + 20 = 49;
    # last: 30 + 9x30 + 10 + 20 = 330.
    assert rec.outputs["worst_case_failover_seconds"] == 150
    s = rec.failover_sets[0]
    assert [t.timing.worst_case_failover_seconds for t in s.tiers] == [49, 150, 330]
    assert s.timing.worst_case_failover_seconds == 150


def test_summary() -> None:
    rec = build(args(max_failover_seconds=200))
    s = rec.failover_sets[0]
    assert (s.component, s.type, s.cloud, s.hostname, s.zone_name, s.record_type, s.ttl) == (
        "web",
        TOKEN,
        "azure",
        "app.example.com",
        "example.com",
        "A",
        30,
    )
    assert s.budget_seconds == 200
    assert [(t.name, t.tier, t.min_healthy) for t in s.tiers] == [
        ("primary", 1, 1),
        ("secondary", 2, 1),
    ]
    assert s.tiers[0].health_check == {
        "protocol": "HTTPS",
        "port": 443,
        "path": "/",
        "interval_in_seconds": 30,
        "timeout_in_seconds": 10,
        "tolerated_number_of_failures": 3,
        "expected_status_code_ranges": ["200-299"],
        "custom_headers": {"Host": "app.example.com"},
        "profile": DNS,
    }
    assert s.facts == {
        "profile_dns_name": DNS,
        "routing": "Priority (priority = tier)",
        "nested_profiles": [],
        "record": "CNAME to the profile's FQDN",
        "create_zone": False,
        "fail_open": "when every enabled endpoint is Degraded, Traffic Manager answers as if "
        "all were Online",
    }


def test_preview_with_unknown_addresses() -> None:
    def a() -> dict[str, Any]:
        return args(
            {"name": "primary", "endpoints": [{"address": unknown(), "name": "west"}]},
            {
                "name": "secondary",
                "endpoints": [
                    {"address": unknown(), "name": "north"},
                    {"address": "198.51.100.11", "name": "south"},
                ],
            },
            record_type="A",
            create_zone=True,
        )

    rec = build(a, preview=True)
    assert (
        rec.names()
        == build(a).names()
        == {
            (TOKEN, "web"),
            (PROFILE, "web-profile"),
            (PROFILE, "web-secondary-profile"),
            (ZONE, "web-zone"),
            (RECORD, "web-record"),
        }
    )
    parent = rec.get(PROFILE, "web-profile")
    first = parent.inputs["endpoints"][0]
    assert type(first["target"]).__name__ == "Unknown"
    assert {k: v for k, v in first.items() if k != "target"} == {
        "name": "primary",
        "type": EXTERNAL,
        "endpointStatus": "Enabled",
        "alwaysServe": "Disabled",
        "priority": 1,
    }
    assert type(parent.inputs["endpoints"][1]["targetResourceId"]).__name__ == "Unknown"
    child = rec.get(PROFILE, "web-secondary-profile")
    assert type(child.inputs["endpoints"][0]["target"]).__name__ == "Unknown"
    assert child.inputs["endpoints"][1]["target"] == "198.51.100.11"
    cname = rec.get(RECORD, "web-record").inputs["cnameRecord"]["cname"]
    assert type(cname).__name__ == "Unknown"
    assert rec.outputs["fqdn"] == "app.example.com"
    assert rec.outputs["worst_case_failover_seconds"] == 160
    for key in ("profile_fqdn", "profile_id", "name_servers"):
        assert rec.outputs[key] is UNKNOWN or type(rec.outputs[key]).__name__ == "Unknown"
    assert rec.failover_sets[0].tiers[0].endpoints[0].address == "<known after deployment>"


def test_preview_apex_alias_target_is_unknown() -> None:
    a = args()
    a["hostname"] = "example.com"
    rec = build(a, preview=True)
    target = rec.get(RECORD, "web-record").inputs["targetResource"]["id"]
    assert type(target).__name__ == "Unknown"


@pytest.mark.parametrize(
    ("resolved", "expected"),
    [
        (PIP, {"type": AZURE, "targetResourceId": PIP}),
        ("Origin.Example.NET", {"type": EXTERNAL, "target": "origin.example.net"}),
    ],
    ids=["azure-resource-id", "host-name"],
)
def test_output_address_in_a_cname_set_is_typed_by_its_value(
    resolved: str, expected: dict[str, str]
) -> None:
    rec = build(
        lambda: args(
            {
                "name": "primary",
                "endpoints": [{"address": pulumi.Output.from_input(resolved), "name": "app"}],
            },
            pool("secondary", "standby.example.net"),
            record_type="CNAME",
        )
    )
    ep = rec.get(PROFILE, "web-profile").inputs["endpoints"][0]
    assert ep == {
        "name": "primary",
        "endpointStatus": "Enabled",
        "alwaysServe": "Disabled",
        "priority": 1,
        **expected,
    }


def test_plain_azure_resource_id_is_an_azure_endpoint() -> None:
    a = args(
        {"name": "primary", "endpoints": [{"address": PIP}]},
        pool("secondary", "standby.example.net"),
        record_type="CNAME",
    )
    rec = build(a)
    assert rec.get(PROFILE, "web-profile").inputs["endpoints"][0] == {
        "name": "primary",
        "type": AZURE,
        "targetResourceId": PIP,
        "endpointStatus": "Enabled",
        "alwaysServe": "Disabled",
        "priority": 1,
    }


def with_output(path: str, value: str, **extra: Any) -> Callable[[], dict[str, Any]]:
    """args() with ``Output.from_input(value)`` at a dotted path, built inside the run."""

    def make() -> dict[str, Any]:
        a = args(**extra)
        node: Any = a
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        node[parts[-1]] = pulumi.Output.from_input(value)
        if parts[-1] == "address":
            node["name"] = "app"  # an Output address needs a stable endpoint name
        return a

    return make


@pytest.mark.parametrize(
    ("a", "expected"),
    [
        (
            with_output(
                "pools.0.endpoints.0.address", PIP, hostname="example.com", record_type="A"
            ),
            [
                "pools[0].endpoints[0].address: at the zone apex the hostname is an Azure DNS "
                "alias A/AAAA record to the profile, which Azure allows only when every endpoint "
                f"is an IP address, got '{PIP}'; expected an IPv4 or IPv6 address, or a hostname "
                "below the apex (a CNAME to the profile)"
            ],
        ),
        (
            with_output("pools.0.endpoints.0.address", "10.0.0.5"),
            [
                "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be "
                "reached by the cloud's public health checkers, got '10.0.0.5'; expected a public "
                "address, or status 'up' for an endpoint that is never probed"
            ],
        ),
        (
            with_output("pools.0.endpoints.0.address", "origin.example.net", record_type="A"),
            [
                "pools[0].endpoints[0].address: a host name cannot be a A answer, got "
                "'origin.example.net'; expected an IPv4 address"
            ],
        ),
        (
            with_output("resource_group_name", "rg with spaces"),
            [
                "resource_group_name: not a valid Azure resource group name, got 'rg with "
                "spaces'; expected 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending "
                "with '.'"
            ],
        ),
        (
            with_output("health_check.headers.Host", "*.example.com"),
            [
                "health_check.headers.Host: '*' is not allowed in the Host header on Traffic "
                "Manager, got '*.example.com'; expected a host name"
            ],
        ),
    ],
    ids=["apex-azure-id", "private-ip", "hostname-in-a-set", "resource-group", "host-header-star"],
)
def test_outputs_are_checked_when_they_resolve(
    a: Callable[[], dict[str, Any]], expected: list[str]
) -> None:
    # Construction passes (the values are Outputs); the deployment fails naming the path.
    with pytest.raises(ValueError, match="invalid failover configuration") as info:
        build(a)
    error = config_error(info.value)
    assert [str(r) for r in error.reasons] == expected
    assert error.subject == "TrafficManagerFailover 'web'"


def test_resource_group_output_is_used() -> None:
    rec = build(with_output("resource_group_name", "rg-from-output"))
    assert rec.get(PROFILE, "web-profile").inputs["resourceGroupName"] == "rg-from-output"
    assert rec.get(RECORD, "web-record").inputs["resourceGroupName"] == "rg-from-output"


def test_profile_dns_names() -> None:
    assert default_profile_dns_name("web", "project", "stack") == DNS
    # Stable for the same project, stack and name; different in another stack or project.
    assert default_profile_dns_name("web", "project", "stack") == DNS
    assert default_profile_dns_name("web", "project", "prod") != DNS
    assert default_profile_dns_name("web", "other", "stack") != DNS
    long = default_profile_dns_name("x" * 100, "p", "s")
    assert len(long) == 63
    assert long == default_profile_dns_name("x" * 100, "p", "s")
    assert default_profile_dns_name("---", "p", "s").startswith("failover-")
    assert nested_profile_dns_name("shop", "secondary") == "shop-secondary"
    child = nested_profile_dns_name("a" * 63, "secondary")
    assert len(child) == 63
    assert child != nested_profile_dns_name("a" * 63, "tertiary")


def test_profile_dns_name_given_and_from_the_stack() -> None:
    a = args(pool("primary", "192.0.2.10"), pool("secondary", "198.51.100.10", "198.51.100.11"))
    rec = build({**a, "profile_dns_name": "shop-failover"})
    assert rec.get(PROFILE, "web-profile").inputs["dnsConfig"]["relativeName"] == "shop-failover"
    assert (
        rec.get(PROFILE, "web-secondary-profile").inputs["dnsConfig"]["relativeName"]
        == "shop-failover-secondary"
    )
    assert rec.outputs["profile_fqdn"] == "shop-failover.trafficmanager.net"
    prod = build(a, project="shop", stack="prod")
    expected = default_profile_dns_name("web", "shop", "prod")
    assert prod.get(PROFILE, "web-profile").inputs["dnsConfig"]["relativeName"] == expected
    assert expected != DNS


CANONICAL: dict[str, Any] = args(
    pool("primary", "192.0.2.10"),
    {
        "name": "secondary",
        "min_healthy": 1,
        "endpoints": [
            {"address": "198.51.100.10", "name": "north"},
            {"address": "198.51.100.11", "name": "south"},
        ],
    },
    pool("backup", "203.0.113.10"),
    create_zone=True,
)


def test_canonical_child_names_are_pinned() -> None:
    """Renaming any of these replaces a live profile or DNS record: change them only with an
    alias to the old name."""
    rec = build(CANONICAL)
    assert rec.names() == {
        (TOKEN, "web"),
        (PROFILE, "web-profile"),
        (PROFILE, "web-secondary-profile"),
        (ZONE, "web-zone"),
        (RECORD, "web-record"),
    }
    labels = {r.name: r.inputs["dnsConfig"]["relativeName"] for r in rec.by_type(PROFILE)}
    assert labels == {"web-profile": "web-ef9581", "web-secondary-profile": "web-ef9581-secondary"}
    endpoint_names = {
        r.name: [e["name"] for e in r.inputs["endpoints"]] for r in rec.by_type(PROFILE)
    }
    assert endpoint_names == {
        "web-profile": ["primary", "secondary", "backup"],
        "web-secondary-profile": ["north", "south"],
    }
    # The library adds no aliases; the SDK's own are type aliases only (its older API versions
    # and the v2 `azure-native:network:Profile` token, so v2 stacks upgrade in place).
    assert all("name:" not in alias for r in rec.resources for alias in r.aliases)
    assert any(
        'type: "azure-native:network:Profile"' in alias
        for alias in rec.get(PROFILE, "web-profile").aliases
    )


DNSSEC = "azure-native:dns:DnssecConfig"
ACTION_GROUP = "azure-native:monitor:ActionGroup"
ALERT = "azure-native:monitor:MetricAlert"
CANONICAL_SECURED: dict[str, Any] = {
    **CANONICAL,
    "dnssec": True,
    "alerts": {
        "emails": ["oncall@example.com", "dns-team@example.net"],
        "webhook_url": "https://hooks.example.com/services/T000/B000/XXXX",
    },
}


def test_canonical_child_names_with_dnssec_and_alerts_are_pinned() -> None:
    """The canonical set with DNSSEC and alerts: the same names plus the signing configuration,
    the action group and the metric alert. Renaming the signing configuration would delete it
    (and it is protected); renaming a receiver re-sends its confirmation mail."""
    rec = build(CANONICAL_SECURED)
    assert rec.names() == {
        (TOKEN, "web"),
        (PROFILE, "web-profile"),
        (PROFILE, "web-secondary-profile"),
        (ZONE, "web-zone"),
        (RECORD, "web-record"),
        (DNSSEC, "web-dnssec"),
        (ACTION_GROUP, "web-action-group"),
        (ALERT, "web-alert"),
    }
    group = rec.get(ACTION_GROUP, "web-action-group")
    assert group.inputs["groupShortName"] == "web"
    assert [r["name"] for r in group.inputs["emailReceivers"]] == [
        "email-oncall-example-com",
        "email-dns-team-example-net",
    ]
    assert [r["name"] for r in group.plain("webhookReceivers")] == ["webhook"]
    criteria = rec.get(ALERT, "web-alert").inputs["criteria"]["allOf"]
    assert [c["name"] for c in criteria] == ["endpoint-down"]
    # The pre-existing children keep exactly the names of the plain canonical set.
    assert build(CANONICAL).names() < rec.names()


def test_reordering_pools_renames_nothing() -> None:
    first = build(CANONICAL)
    swapped = dict(CANONICAL)
    swapped["pools"] = list(reversed(CANONICAL["pools"]))
    second = build(swapped)
    assert first.names() == second.names()
    priorities = {
        e["name"]: e["priority"] for e in second.get(PROFILE, "web-profile").inputs["endpoints"]
    }
    assert priorities == {"backup": 1, "secondary": 2, "primary": 3}


def test_two_instances_do_not_collide() -> None:
    def body() -> None:
        TrafficManagerFailover("web", args())  # type: ignore[arg-type]
        TrafficManagerFailover("api", {**args(), "hostname": "api.example.com"})  # type: ignore[arg-type]

    rec = run(body)
    labels = sorted(r.inputs["dnsConfig"]["relativeName"] for r in rec.by_type(PROFILE))
    assert labels == sorted([DNS, default_profile_dns_name("api", "project", "stack")])
    assert len(set(labels)) == 2
    assert {r.name for r in rec.by_type(RECORD)} == {"web-record", "api-record"}


def test_children_inherit_the_callers_provider() -> None:
    def body() -> None:
        provider = Provider("azure-west")
        TrafficManagerFailover(
            "web",
            {**args(), "create_zone": True},  # type: ignore[arg-type]
            pulumi.ResourceOptions(providers=[provider], protect=False),
        )

    rec = run(body)
    provider = rec.get("pulumi:providers:azure-native", "azure-west")
    ref = f"{provider.urn}::{provider.id}"
    children = [r for r in rec.resources if r.type.startswith("azure-native:")]
    assert len(children) == 3
    assert {r.provider for r in children} == {ref}


def test_bad_input_registers_nothing() -> None:
    bad = {**args(), "health_check": {"interval_seconds": 20}}
    seen: list[FailoverConfigError] = []

    def body() -> None:
        try:
            TrafficManagerFailover("web", bad)  # type: ignore[arg-type]
        except FailoverConfigError as exc:
            seen.append(exc)

    rec = run(body)
    assert rec.resources == []
    assert [str(r) for r in seen[0].reasons] == [str(r) for r in check_args(bad)]
    assert [str(r) for r in seen[0].reasons] == [
        "health_check.interval_seconds: not a Traffic Manager probing interval, got 20; "
        "expected 10 or 30 (10 is fast probing, billed extra)"
    ]


def test_config_driven_program_declares_azure_sets() -> None:
    entry = {"cloud": "azure", "name": "web", **args()}
    rec = run(lambda: declare([entry]))
    assert (PROFILE, "web-profile") in rec.names()
    with pytest.raises(FailoverConfigError) as info:
        run(lambda: declare([{**entry, "profile_dns_name": "Bad_Name"}]))
    assert [str(r) for r in info.value.reasons] == [
        "failovers[0].profile_dns_name: not a valid Traffic Manager DNS name: not lowercase, "
        "got 'Bad_Name'; expected 1-63 lowercase letters, digits and inner hyphens, the <name> "
        "of <name>.trafficmanager.net"
    ]


def test_importing_the_component_loads_only_its_azure_submodules() -> None:
    # The package imports no SDK (tests/test_imports.py); its component class loads these.
    code = """
import json, sys
from failover_components.azure import TrafficManagerFailover
from pulumi._utils import _LazyModule
loaded = sorted(
    name for name, module in sys.modules.items()
    if name.startswith("pulumi_azure_native.") and not isinstance(module, _LazyModule)
)
others = sorted(n for n in sys.modules if n.startswith(("pulumi_aws", "pulumi_cloudflare")))
print(json.dumps({"loaded": loaded, "others": others}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    top = {name.split(".")[1] for name in data["loaded"]}
    # _utilities and provider load with the package itself; config is the provider's config;
    # monitor is imported for alerts (and may stay lazy until an alert is declared).
    assert top <= {"_utilities", "provider", "config", "dns", "monitor", "trafficmanager"}
    assert "trafficmanager" in top
    assert data["others"] == []


def test_component_schema_for_the_multi_language_package() -> None:
    from pulumi.provider.experimental.analyzer import Analyzer

    result = Analyzer("failover-components").analyze([TrafficManagerFailover])
    definition = result["component_definitions"]["TrafficManagerFailover"]
    inputs = {k: v.optional for k, v in definition.inputs.items()}
    assert inputs == {
        "hostname": False,
        "zoneName": False,
        "pools": False,
        "recordType": True,
        "ttl": True,
        "healthCheck": True,
        "maxFailoverSeconds": True,
        "policyAcknowledgements": True,
        "resourceGroupName": False,
        "createZone": True,
        "profileDnsName": True,
        "dnssec": True,
        "alerts": True,
    }
    outputs = {k: v.optional for k, v in definition.outputs.items()}
    assert outputs == {
        "fqdn": False,
        "profileFqdn": False,
        "profileId": False,
        "nameServers": True,
        "worstCaseFailoverSeconds": False,
        "dsRecord": True,
        "acknowledgedPolicies": False,
        "actionGroupId": True,
    }
    description = " ".join(str(definition.inputs["profileDnsName"].description).split())
    assert description.endswith(
        "Default: the component name and a short hash of the project, stack and component "
        "name, stable across updates."
    )
