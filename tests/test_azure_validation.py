"""Every Azure bad-input row of pain.md §3, rejected with its exact reasons before anything is
registered (``check_args`` is what the component and the config-driven program both use)."""

from typing import Any

import pytest

from failover_components import FailoverConfigError
from failover_components.azure import TrafficManagerFailover, check_args
from failover_components.testing import run

SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"
PIP = f"{SUB}/resourceGroups/rg-app/providers/Microsoft.Network/publicIPAddresses/pip-west"
STORAGE = f"{SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/files"
DNS_EXPECTED = (
    "expected 1-63 lowercase letters, digits and inner hyphens, the <name> of "
    "<name>.trafficmanager.net"
)


def base() -> dict[str, Any]:
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "resource_group_name": "rg-dns",
        "pools": [
            {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
            {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
        ],
    }


def with_(path: str, value: object, args: dict[str, Any] | None = None) -> dict[str, Any]:
    """base() (or ``args``) with one value set at a dotted path ('pools.0.endpoints.0.address');
    the value ``DELETE`` removes the key."""
    out = args if args is not None else base()
    node: Any = out
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    last = parts[-1]
    if value is DELETE:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return out


DELETE = object()


def apex(*addresses: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    args = base()
    args["hostname"] = "example.com"
    args["pools"] = [
        {"name": f"p{i}", "endpoints": [{"address": a}]} for i, a in enumerate(addresses)
    ]
    args.update(extra or {})
    return args


CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    # --- Addresses and targets
    (
        "ipv4-out-of-range",
        with_("pools.0.endpoints.0.address", "999.1.1.1"),
        [
            "pools[0].endpoints[0].address: not an IPv4 address, got '999.1.1.1'; expected an "
            "IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "ipv4-cidr",
        with_("pools.0.endpoints.0.address", "192.0.2.10/32"),
        [
            "pools[0].endpoints[0].address: a network (CIDR), not one address, got "
            "'192.0.2.10/32'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "ipv6-in-a-record",
        with_("record_type", "A", with_("pools.1.endpoints.0.address", "2001:db8::1")),
        [
            "pools[1].endpoints[0].address: an IPv6 address cannot be a A answer, got "
            "'2001:db8::1'; expected an IPv4 address"
        ],
    ),
    (
        "ipv4-and-ipv6-mixed",
        with_("pools.1.endpoints.0.address", "2001:db8::1"),
        [
            "pools: endpoints mix an IPv4 address, an IPv6 address, so no single record type "
            "fits; expected one address family per failover set (declare an A set and an AAAA "
            "set)"
        ],
    ),
    (
        "private-address-probed",
        with_("pools.0.endpoints.0.address", "10.0.0.5"),
        [
            "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be "
            "reached by the cloud's public health checkers, got '10.0.0.5'; expected a public "
            "address, or status 'up' for an endpoint that is never probed"
        ],
    ),
    (
        "loopback-ipv6-probed",
        with_(
            "pools",
            [
                {"name": "primary", "endpoints": [{"address": "::1"}]},
                {"name": "secondary", "endpoints": [{"address": "2001:db8::1"}]},
            ],
        ),
        [
            "pools[0].endpoints[0].address: loopback (RFC 4291) address ::1/128 cannot be "
            "reached by the cloud's public health checkers, got '::1'; expected a public "
            "address, or status 'up' for an endpoint that is never probed"
        ],
    ),
    (
        "apex-a-alias-with-fqdn-endpoints",
        apex("a.example.net", "b.example.net"),
        [
            "record_type: a CNAME is not allowed at the zone apex (RFC 1034 §3.6.2), got "
            "'CNAME'; expected A or AAAA endpoints (an alias A record on Route 53, alias record "
            "on Azure DNS), or a hostname below the apex"
        ],
    ),
    (
        "apex-a-alias-with-nested-pool",
        with_(
            "pools.1.endpoints",
            [{"address": "198.51.100.10"}, {"address": "198.51.100.11"}],
            apex("192.0.2.10", "198.51.100.10"),
        ),
        [
            "pools[1]: a pool with several endpoints is a nested Traffic Manager profile, and at "
            "the zone apex the hostname is an Azure DNS alias A/AAAA record, which Azure allows "
            "only for a profile whose endpoints are all IP addresses (no nested profiles), got "
            "'p1'; expected one endpoint per pool and no per-pool health_check at the apex, or a "
            "hostname below the apex (a CNAME to the profile)"
        ],
    ),
    (
        "apex-a-alias-with-pool-health-check",
        with_("pools.0.health_check", {"path": "/live"}, apex("192.0.2.10", "198.51.100.10")),
        [
            "pools[0]: a pool with its own health_check is a nested Traffic Manager profile, and "
            "at the zone apex the hostname is an Azure DNS alias A/AAAA record, which Azure "
            "allows only for a profile whose endpoints are all IP addresses (no nested "
            "profiles), got 'p0'; expected one endpoint per pool and no per-pool health_check at "
            "the apex, or a hostname below the apex (a CNAME to the profile)"
        ],
    ),
    (
        "apex-a-alias-with-azure-endpoint",
        apex("192.0.2.10", PIP),
        [
            "pools[1].endpoints[0].address: at the zone apex the hostname is an Azure DNS alias "
            "A/AAAA record to the profile, which Azure allows only when every endpoint is an IP "
            f"address, got '{PIP}'; expected an IPv4 or IPv6 address, or a hostname below the "
            "apex (a CNAME to the profile)"
        ],
    ),
    (
        "azure-endpoint-in-an-a-set",
        with_("pools.1.endpoints.0.address", PIP),
        [
            "pools[1].endpoints[0].address: Traffic Manager answers an Azure endpoint with its "
            "DNS name (a CNAME), which record_type 'A' does not allow, got "
            f"'{PIP}'; expected record_type 'CNAME', or an IP address"
        ],
    ),
    (
        "azure-id-of-unsupported-type",
        with_(
            "record_type",
            "CNAME",
            with_(
                "pools",
                [
                    {"name": "primary", "endpoints": [{"address": "origin.example.net"}]},
                    {"name": "secondary", "endpoints": [{"address": STORAGE}]},
                ],
            ),
        ),
        [
            "pools[1].endpoints[0].address: not a resource type Traffic Manager accepts as an "
            f"Azure endpoint, got '{STORAGE}'; expected the id of a public IP address with a DNS "
            "name, an App Service app or slot, or a cloud service"
        ],
    ),
    (
        "route53-alias-keys",
        with_(
            "pools.0.endpoints.0",
            {"address": "lb-1.example.net", "alias_zone_id": "Z2FDTNDATAQYW2"},
            with_("record_type", "CNAME", with_("pools.1.endpoints.0.address", "b.example.net")),
        ),
        [
            "pools[0].endpoints[0].alias_zone_id: Route 53 only: Traffic Manager has no alias "
            "endpoints, got 'Z2FDTNDATAQYW2'; expected no alias keys; an IP address, a host name "
            "or an Azure resource id as address"
        ],
    ),
    # --- Names and zones
    (
        "hostname-outside-zone",
        with_("hostname", "api.other.com"),
        [
            "hostname: not inside zone 'example.com', got 'api.other.com'; expected 'example.com' itself or a name ending in '.example.com'"
        ],
    ),
    (
        "suffix-but-not-subdomain",
        with_("hostname", "badexample.com"),
        [
            "hostname: not inside zone 'example.com', got 'badexample.com'; expected 'example.com' itself or a name ending in '.example.com'"
        ],
    ),
    (
        "label-over-63",
        with_("hostname", "a" * 64 + ".example.com"),
        [
            f"hostname: label {'a' * 20!r}... is 64 characters long, more than 63 (RFC 1035), "
            f"got '{'a' * 64}.example.com'; expected a DNS name such as 'app.example.com'"
        ],
    ),
    (
        "wildcard-hostname",
        with_("hostname", "*.example.com"),
        [
            "hostname: wildcard names are not supported, got '*.example.com'; expected a DNS "
            "name such as 'app.example.com'"
        ],
    ),
    (
        "profile-dns-name-underscore",
        with_("profile_dns_name", "shop_failover"),
        [
            "profile_dns_name: not a valid Traffic Manager DNS name: not lowercase letters, "
            "digits and inner hyphens (one DNS label, no dots), got 'shop_failover'; "
            + DNS_EXPECTED
        ],
    ),
    (
        "profile-dns-name-uppercase",
        with_("profile_dns_name", "Shop"),
        [
            "profile_dns_name: not a valid Traffic Manager DNS name: not lowercase, got 'Shop'; "
            + DNS_EXPECTED
        ],
    ),
    (
        "profile-dns-name-64-chars",
        with_("profile_dns_name", "a" * 64),
        [
            "profile_dns_name: not a valid Traffic Manager DNS name: 64 characters long, more "
            f"than 63, got '{'a' * 64}'; " + DNS_EXPECTED
        ],
    ),
    (
        "profile-dns-name-dotted",
        with_("profile_dns_name", "shop.failover"),
        [
            "profile_dns_name: not a valid Traffic Manager DNS name: not lowercase letters, "
            "digits and inner hyphens (one DNS label, no dots), got 'shop.failover'; "
            + DNS_EXPECTED
        ],
    ),
    (
        "profile-dns-name-leading-hyphen",
        with_("profile_dns_name", "-shop"),
        [
            "profile_dns_name: not a valid Traffic Manager DNS name: not lowercase letters, "
            "digits and inner hyphens (one DNS label, no dots), got '-shop'; " + DNS_EXPECTED
        ],
    ),
    (
        "profile-dns-name-empty",
        with_("profile_dns_name", ""),
        ["profile_dns_name: not a valid Traffic Manager DNS name: empty, got ''; " + DNS_EXPECTED],
    ),
    (
        "profile-dns-name-not-a-string",
        with_("profile_dns_name", 7),
        ["profile_dns_name: not a string, got 7; expected a DNS label"],
    ),
    (
        "resource-group-missing",
        with_("resource_group_name", DELETE),
        [
            "resource_group_name: required; expected the resource group of the profile and the "
            "Azure DNS zone"
        ],
    ),
    (
        "resource-group-trailing-dot",
        with_("resource_group_name", "rg-dns."),
        [
            "resource_group_name: not a valid Azure resource group name, got 'rg-dns.'; expected "
            "1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'"
        ],
    ),
    (
        "resource-group-not-a-string",
        with_("resource_group_name", 5),
        ["resource_group_name: not a string, got 5; expected a resource group name"],
    ),
    (
        "create-zone-not-a-boolean",
        with_("create_zone", "yes"),
        ["create_zone: not a boolean, got 'yes'; expected true or false"],
    ),
    (
        "misspelled-key",
        with_("profile_dns_nmae", "shop"),
        [
            "profile_dns_nmae: unknown key (did you mean 'profile_dns_name'?); expected one of "
            "alerts, create_zone, dnssec, health_check, hostname, max_failover_seconds, "
            "policy_acknowledgements, pools, "
            "profile_dns_name, record_type, resource_group_name, ttl, zone_name"
        ],
    ),
    # --- Endpoint lists and roles
    (
        "empty-pool",
        with_("pools.1.endpoints", []),
        ["pools[1].endpoints: empty pool, got []; expected at least 1 endpoint"],
    ),
    (
        "single-pool",
        with_("pools", [{"name": "primary", "endpoints": [{"address": "192.0.2.10"}]}]),
        [
            "pools: 1 pool(s) is not a failover set; expected at least 2 pools: a primary and a secondary"
        ],
    ),
    (
        "duplicate-endpoint",
        with_("pools.1.endpoints.0.address", "192.0.2.10"),
        [
            "pools[1].endpoints[0].address: duplicate endpoint (also "
            "pools[0].endpoints[0].address); an endpoint belongs to one tier, got '192.0.2.10'"
        ],
    ),
    (
        "more-pools-than-priorities-allow",
        with_(
            "pools",
            [
                {"name": f"p{i}", "endpoints": [{"address": f"2001:db8::{i + 1:x}"}]}
                for i in range(201)
            ],
        ),
        [
            "pools: 201 pools, more than the 200 endpoints of one Traffic Manager profile; "
            "expected at most 200 pools"
        ],
    ),
    (
        "more-endpoints-than-a-profile-holds",
        with_(
            "pools.1.endpoints",
            [{"address": f"198.51.100.{i}"} for i in range(1, 202)],
            with_("pools.0.endpoints.0.address", "192.0.2.10"),
        ),
        [
            "pools[1].endpoints: 201 endpoints, more than the 200 of one Traffic Manager "
            "profile; expected at most 200 endpoints"
        ],
    ),
    # --- Health-check and monitor parameters
    (
        "interval-20",
        with_("health_check.interval_seconds", 20),
        [
            "health_check.interval_seconds: not a Traffic Manager probing interval, got 20; "
            "expected 10 or 30 (10 is fast probing, billed extra)"
        ],
    ),
    (
        "timeout-10-with-interval-10",
        with_("health_check", {"interval_seconds": 10, "timeout_seconds": 10}),
        [
            "health_check.timeout_seconds: must be below interval_seconds (10), got 10; expected 1 to 9"
        ],
    ),
    (
        "timeout-4",
        with_("health_check.timeout_seconds", 4),
        [
            "health_check.timeout_seconds: out of Traffic Manager's range, got 4; expected 5 to "
            "10 (5 to 9 with interval_seconds 10)"
        ],
    ),
    (
        "timeout-11",
        with_("health_check.timeout_seconds", 11),
        [
            "health_check.timeout_seconds: out of Traffic Manager's range, got 11; expected 5 to "
            "10 (5 to 9 with interval_seconds 10)"
        ],
    ),
    (
        "timeout-4-with-interval-10-in-a-pool",
        with_("pools.1.health_check", {"interval_seconds": 10, "timeout_seconds": 4}),
        [
            "pools[1].health_check.timeout_seconds: out of Traffic Manager's range, got 4; "
            "expected 5 to 9 with interval_seconds 10"
        ],
    ),
    (
        "tolerated-failures-10",
        with_("health_check.failure_threshold", 11),
        ["health_check.failure_threshold: out of range, got 11; expected 1 to 10"],
    ),
    (
        "nine-status-ranges",
        with_("health_check.expected_codes", "200,201,202,203,204,205,206,207,301"),
        [
            "health_check.expected_codes: 9 status code ranges, more than Traffic Manager "
            "allows, got '200,201,202,203,204,205,206,207,301'; expected at most 8 ranges"
        ],
    ),
    (
        "status-range-600-700",
        with_("health_check.expected_codes", "600-700"),
        [
            "health_check.expected_codes: '600-700' is outside 100-599 or has its bounds "
            "reversed, got '600-700'; expected e.g. '200-299', '200,301-302' or '2xx'"
        ],
    ),
    (
        "path-on-tcp",
        with_("health_check", {"protocol": "TCP", "port": 5432, "path": "/"}),
        ["health_check.path: not allowed with a TCP health check, got '/'"],
    ),
    (
        "path-without-slash",
        with_("health_check.path", "healthz"),
        [
            "health_check.path: must start with '/', got 'healthz'; expected a path such as '/healthz'"
        ],
    ),
    (
        "port-0",
        with_("health_check.port", 0),
        ["health_check.port: out of range, got 0; expected 1 to 65535"],
    ),
    (
        "port-65536",
        with_("health_check.port", 65536),
        ["health_check.port: out of range, got 65536; expected 1 to 65535"],
    ),
    (
        "nine-headers-with-the-default-host",
        with_("health_check.headers", {f"X-H{i}": "v" for i in range(8)}),
        [
            "health_check.headers: 9 custom headers with the default Host header, more than "
            "Traffic Manager allows, got ['X-H0', 'X-H1', 'X-H2', 'X-H3', 'X-H4', 'X-H5', "
            "'X-H6', 'X-H7']; expected at most 8 headers including Host"
        ],
    ),
    (
        "star-in-host-header",
        with_("health_check.headers", {"Host": "*.example.com"}),
        [
            "health_check.headers.Host: '*' is not allowed in the Host header on Traffic "
            "Manager, got '*.example.com'; expected a host name"
        ],
    ),
    (
        "search-string",
        with_("health_check.search_string", "ok"),
        [
            "health_check.search_string: not available on Azure Traffic Manager: its probes "
            "only check the status code (https://learn.microsoft.com/azure/traffic-manager/"
            "traffic-manager-monitoring), got 'ok'; expected no search_string; make the health "
            "endpoint return an error status when unhealthy"
        ],
    ),
    (
        "search-string-with-https",
        with_("health_check", {"protocol": "HTTPS", "search_string": "ok"}),
        [
            "health_check.search_string: not available on Azure Traffic Manager: its probes "
            "only check the status code (https://learn.microsoft.com/azure/traffic-manager/"
            "traffic-manager-monitoring), got 'ok'; expected no search_string; make the health "
            "endpoint return an error status when unhealthy"
        ],
    ),
    (
        "regions",
        with_("health_check.regions", ["eu-west-1", "us-east-1", "us-west-2"]),
        [
            "health_check.regions: not available on Azure Traffic Manager: probes always run "
            "from all of its probing locations (https://learn.microsoft.com/azure/"
            "traffic-manager/traffic-manager-monitoring), got ['eu-west-1', 'us-east-1', "
            "'us-west-2']; expected no regions"
        ],
    ),
    (
        "pool-level-search-string-and-regions",
        with_("pools.1.health_check", {"search_string": "ok", "regions": ["WEU"]}),
        [
            "pools[1].health_check.search_string: not available on Azure Traffic Manager: its "
            "probes only check the status code (https://learn.microsoft.com/azure/"
            "traffic-manager/traffic-manager-monitoring), got 'ok'; expected no search_string; "
            "make the health endpoint return an error status when unhealthy",
            "pools[1].health_check.regions: not available on Azure Traffic Manager: probes "
            "always run from all of its probing locations (https://learn.microsoft.com/azure/"
            "traffic-manager/traffic-manager-monitoring), got ['WEU']; expected no regions",
        ],
    ),
    # --- TTL and budget
    (
        "ttl-negative",
        with_("ttl", -1),
        ["ttl: out of range, got -1; expected 0 to 2147483647"],
    ),
    (
        "ttl-2-pow-31",
        with_("ttl", 2**31),
        ["ttl: out of range, got 2147483648; expected 0 to 2147483647"],
    ),
    (
        "over-budget",
        with_("max_failover_seconds", 60),
        [
            "max_failover_seconds: worst-case failover (pool 'primary') is 160 s, over the "
            "budget (worst-case 160 s = interval 30 (the first failing probe comes up to "
            "interval_seconds 30 s after the outage) + threshold 90 ((failure_threshold 4 - 1) "
            "x interval_seconds 30) + timeout 10 (timeout_seconds 10 of the last failing probe) "
            "+ ttl 30 (profile ttl 30 s)), got 60; expected a budget of at least 160 s, or lower "
            "failure_threshold, interval_seconds, ttl, timeout_seconds"
        ],
    ),
]


@pytest.mark.parametrize(("args", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_reasons(args: dict[str, Any], expected: list[str]) -> None:
    assert [str(r) for r in check_args(args)] == expected


@pytest.mark.parametrize(
    "args",
    [
        base(),
        with_("health_check", {"interval_seconds": 10, "timeout_seconds": 9}),
        with_("health_check", {"interval_seconds": 10, "timeout_seconds": 5}),
        with_("health_check.expected_codes", "200,201,202,203,204,205,206,207"),
        with_("health_check.headers", {f"X-H{i}": "v" for i in range(7)}),
        with_(
            "health_check.headers", {"Host": "a.example.net", **{f"X-H{i}": "v" for i in range(7)}}
        ),
        with_("ttl", 0),
        with_("profile_dns_name", "a" * 63),
        with_("max_failover_seconds", 160),
        with_("pools.0.endpoints.0", {"address": "10.0.0.5", "status": "up"}),
        with_("resource_group_name", "My_RG-(prod).1"),
    ],
    ids=[
        "base",
        "fast-probing-timeout-9",
        "fast-probing-timeout-5",
        "eight-status-ranges",
        "seven-headers-plus-host",
        "eight-headers-with-own-host",
        "ttl-0",
        "dns-name-63",
        "budget-exactly-met",
        "private-address-never-probed",
        "resource-group-with-parentheses",
    ],
)
def test_limits_that_are_allowed(args: dict[str, Any]) -> None:
    assert check_args(args) == []


def test_every_problem_is_reported_at_once() -> None:
    args = base()
    args["resource_group_name"] = "rg."
    args["profile_dns_name"] = "Bad"
    args["create_zone"] = 1
    args["health_check"] = {"interval_seconds": 20, "search_string": "ok", "timeout_seconds": 4}
    assert [r.path for r in check_args(args)] == [
        "resource_group_name",
        "create_zone",
        "profile_dns_name",
        "health_check.search_string",
        "health_check.interval_seconds",
        "health_check.timeout_seconds",
    ]


def test_budget_is_not_checked_against_settings_traffic_manager_refuses() -> None:
    args = with_("max_failover_seconds", 10, with_("health_check.interval_seconds", 20))
    assert [r.path for r in check_args(args)] == ["health_check.interval_seconds"]
    fixed = with_("max_failover_seconds", 10, with_("health_check.interval_seconds", 10))
    assert [r.path for r in check_args(fixed)] == ["max_failover_seconds"]


def test_azure_keys_are_checked_even_when_neutral_keys_are_broken() -> None:
    args = with_("hostname", "api.other.com", with_("profile_dns_name", "Bad"))
    assert [r.path for r in check_args(args)] == ["hostname", "profile_dns_name"]


def test_component_raises_every_reason_before_registering() -> None:
    args = with_("health_check.search_string", "ok", with_("profile_dns_name", "Bad"))
    errors: list[FailoverConfigError] = []

    def body() -> None:
        try:
            TrafficManagerFailover("web", args)  # type: ignore[arg-type]
        except FailoverConfigError as exc:
            errors.append(exc)

    rec = run(body)
    assert rec.resources == []
    assert errors[0].subject == "TrafficManagerFailover 'web'"
    assert [r.path for r in errors[0].reasons] == [
        "profile_dns_name",
        "health_check.search_string",
    ]
    assert str(errors[0]).splitlines()[0] == (
        "invalid failover configuration for TrafficManagerFailover 'web' (2 problems):"
    )
