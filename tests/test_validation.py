"""Every cloud-neutral validation rule, each with its exact reason."""

from typing import Any

import pulumi
import pytest

from failover_components import (
    AddressKind,
    EndpointStatus,
    FailoverConfigError,
    Protocol,
    RecordType,
    parse_failover_set,
)
from failover_components.errors import Reason
from failover_components.policy import RULES
from failover_components.testing import run, unknown
from failover_components.validation import checked_address, classify_address


def base() -> dict[str, Any]:
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
            {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
        ],
    }


def reasons_of(args: dict[str, Any]) -> list[str]:
    fset, reasons = parse_failover_set(args)
    assert fset is None if reasons else fset is not None
    return [str(r) for r in reasons]


def with_(path: str, value: object) -> dict[str, Any]:
    """base() with one value set at a dotted/indexed path, e.g. 'pools.0.endpoints.0.address'."""
    args = base()
    node: Any = args
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return args


def test_valid_set_is_normalised_with_defaults() -> None:
    args = base()
    args["hostname"] = "App.Example.COM."
    args["zone_name"] = "EXAMPLE.com"
    fset, reasons = parse_failover_set(args)
    assert reasons == []
    assert fset is not None
    assert fset.hostname == "app.example.com"
    assert fset.zone_name == "example.com"
    assert fset.record_type is RecordType.A
    assert fset.ttl is None
    assert fset.relative_name == "app"
    assert [p.name for p in fset.pools] == ["primary", "secondary"]
    assert [p.tier for p in fset.pools] == [1, 2]
    ep = fset.pools[0].endpoints[0]
    assert (ep.name, ep.address, ep.kind, ep.weight, ep.status) == (
        "192-0-2-10",
        "192.0.2.10",
        AddressKind.IPV4,
        1,
        EndpointStatus.OBEY,
    )
    hc = fset.pools[0].health_check
    assert (hc.protocol, hc.port, hc.path, hc.host) == (Protocol.HTTPS, 443, "/", "app.example.com")
    assert hc.given == frozenset()
    assert fset.pools[0].min_healthy == 1


@pytest.mark.parametrize(
    ("addresses", "expected"),
    [
        (["192.0.2.1", "198.51.100.1"], RecordType.A),
        (["2001:db8::1", "2001:DB8:0:0::2"], RecordType.AAAA),
        (["eu.example.net", "US.Example.NET."], RecordType.CNAME),
    ],
    ids=["ipv4-A", "ipv6-AAAA", "names-CNAME"],
)
def test_record_type_inferred(addresses: list[str], expected: RecordType) -> None:
    args = base()
    args["pools"][0]["endpoints"] = [{"address": addresses[0]}]
    args["pools"][1]["endpoints"] = [{"address": addresses[1]}]
    fset, reasons = parse_failover_set(args)
    assert reasons == []
    assert fset is not None
    assert fset.record_type is expected
    assert fset.pools[1].endpoints[0].address in {"198.51.100.1", "2001:db8::2", "us.example.net"}


def test_pool_health_check_overrides_set_keys() -> None:
    args = base()
    args["health_check"] = {"protocol": "http", "path": "/healthz", "interval_seconds": 30}
    args["pools"][1]["health_check"] = {"path": "/ready"}
    fset, reasons = parse_failover_set(args)
    assert reasons == []
    assert fset is not None
    first, second = fset.pools
    assert (first.health_check.protocol, first.health_check.port, first.health_check.path) == (
        Protocol.HTTP,
        80,
        "/healthz",
    )
    assert (second.health_check.path, second.health_check.interval_seconds) == ("/ready", 30)
    assert second.overrides_health_check
    assert not first.overrides_health_check
    assert second.health_check.path_of("path") == "pools[1].health_check.path"
    assert second.health_check.path_of("interval_seconds") == "health_check.interval_seconds"


def test_pool_switching_to_tcp_drops_inherited_http_keys() -> None:
    args = base()
    args["health_check"] = {"path": "/healthz", "search_string": "ok", "expected_codes": "200"}
    args["pools"][1]["health_check"] = {"protocol": "TCP", "port": 5432}
    fset, reasons = parse_failover_set(args)
    assert reasons == []
    assert fset is not None
    tcp = fset.pools[1].health_check
    assert (tcp.protocol, tcp.port, tcp.path, tcp.search_string, tcp.expected_codes) == (
        Protocol.TCP,
        5432,
        None,
        None,
        None,
    )
    assert fset.pools[0].health_check.path == "/healthz"
    # Keys given at the level that chose TCP are still errors.
    args["pools"][1]["health_check"]["path"] = "/x"
    assert reasons_of(args) == [
        "pools[1].health_check.path: not allowed with a TCP health check, got '/x'"
    ]


def test_expected_codes_parsed() -> None:
    fset, reasons = parse_failover_set(
        with_("health_check", {"expected_codes": "200-299, 301,4xx"})
    )
    assert reasons == []
    assert fset is not None
    assert fset.health_check.expected_codes == ((200, 299), (301, 301), (400, 499))


# Each case: a change to the base args and the exact reasons it must produce.
BAD: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "malformed-ipv4",
        with_("pools.0.endpoints.0.address", "999.1.1.1"),
        [
            "pools[0].endpoints[0].address: not an IPv4 address, got '999.1.1.1'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "three-octets",
        with_("pools.0.endpoints.0.address", "1.2.3"),
        [
            "pools[0].endpoints[0].address: not an IPv4 address, got '1.2.3'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "cidr",
        with_("pools.0.endpoints.0.address", "192.0.2.4/32"),
        [
            "pools[0].endpoints[0].address: a network (CIDR), not one address, got '192.0.2.4/32'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "leading-space",
        with_("pools.0.endpoints.0.address", " 192.0.2.4"),
        [
            "pools[0].endpoints[0].address: leading or trailing white space, or empty, got ' 192.0.2.4'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "bad-ipv6",
        with_("pools.0.endpoints.0.address", "2001:db8::zz"),
        [
            "pools[0].endpoints[0].address: not an IPv6 address, got '2001:db8::zz'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "ipv6-zone-index",
        with_("pools.0.endpoints.0.address", "fe80::1%eth0"),
        [
            "pools[0].endpoints[0].address: an IPv6 address with a zone index, got 'fe80::1%eth0'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "ipv6-in-A-set",
        {**with_("pools.0.endpoints.0.address", "2001:db8::1"), "record_type": "A"},
        [
            "pools[0].endpoints[0].address: an IPv6 address cannot be a A answer, got '2001:db8::1'; expected an IPv4 address"
        ],
    ),
    (
        "ipv4-in-AAAA-set",
        {**base(), "record_type": "AAAA"},
        [
            "pools[0].endpoints[0].address: an IPv4 address cannot be a AAAA answer, got '192.0.2.10'; expected an IPv6 address",
            "pools[1].endpoints[0].address: an IPv4 address cannot be a AAAA answer, got '198.51.100.10'; expected an IPv6 address",
        ],
    ),
    (
        "mixed-families",
        with_("pools.1.endpoints.0.address", "2001:db8::1"),
        [
            "pools: endpoints mix an IPv4 address, an IPv6 address, so no single record type fits; expected one address family per failover set (declare an A set and an AAAA set)"
        ],
    ),
    *[
        (
            f"unprobeable-{addr}",
            with_("pools.0.endpoints.0.address", addr),
            [
                f"pools[0].endpoints[0].address: {why} cannot be reached by the cloud's public health checkers, got '{addr}'; expected a public address, or status 'up' for an endpoint that is never probed"
            ],
        )
        for addr, why in [
            ("10.0.0.5", "private (RFC 1918) address 10.0.0.0/8"),
            ("192.168.1.1", "private (RFC 1918) address 192.168.0.0/16"),
            ("127.0.0.1", "loopback (RFC 1122) address 127.0.0.0/8"),
            ("169.254.1.1", "link-local (RFC 3927) address 169.254.0.0/16"),
            ("100.64.0.1", "shared carrier-grade NAT space (RFC 6598) address 100.64.0.0/10"),
        ]
    ],
    *[
        (
            f"unprobeable-{addr}",
            {
                **with_("pools.0.endpoints.0.address", addr),
                "pools": [
                    {"name": "primary", "endpoints": [{"address": addr}]},
                    {"name": "secondary", "endpoints": [{"address": "2001:db8::10"}]},
                ],
            },
            [
                f"pools[0].endpoints[0].address: {why} cannot be reached by the cloud's public health checkers, got '{addr}'; expected a public address, or status 'up' for an endpoint that is never probed"
            ],
        )
        for addr, why in [
            ("fc00::1", "unique-local (RFC 4193) address fc00::/7"),
            ("::1", "loopback (RFC 4291) address ::1/128"),
            ("fe80::1", "link-local (RFC 4291) address fe80::/10"),
        ]
    ],
    (
        "host-label-too-long",
        with_("pools.0.endpoints.0.address", "a" * 64 + ".example.net"),
        [
            f"pools[0].endpoints[0].address: not an IP address or host name: label {'a' * 20!r}... is 64 characters long, more than 63 (RFC 1035), got '{'a' * 64}.example.net'; expected an IPv4 or IPv6 address or a host name"
        ],
    ),
    (
        "hostname-too-long",
        {**base(), "hostname": ("a" * 60 + ".") * 4 + "example.com"},
        [
            "hostname: host name is 255 characters long, more than 253 (RFC 1035), got '"
            + ("a" * 60 + ".") * 4
            + "example.com'; expected a DNS name such as 'app.example.com'"
        ],
    ),
    (
        "hostname-bad-label",
        {**base(), "hostname": "ap_p.example.com"},
        [
            "hostname: label 'ap_p' is not letters, digits and inner hyphens (RFC 1123), got 'ap_p.example.com'; expected a DNS name such as 'app.example.com'"
        ],
    ),
    (
        "hostname-outside-zone",
        {**base(), "hostname": "api.other.com"},
        [
            "hostname: not inside zone 'example.com', got 'api.other.com'; expected 'example.com' itself or a name ending in '.example.com'"
        ],
    ),
    (
        "suffix-trap",
        {**base(), "hostname": "badexample.com"},
        [
            "hostname: not inside zone 'example.com', got 'badexample.com'; expected 'example.com' itself or a name ending in '.example.com'"
        ],
    ),
    (
        "cname-at-apex",
        {
            **base(),
            "hostname": "example.com",
            "pools": [
                {"name": "primary", "endpoints": [{"address": "a.example.net"}]},
                {"name": "secondary", "endpoints": [{"address": "b.example.net"}]},
            ],
        },
        [
            "record_type: a CNAME is not allowed at the zone apex (RFC 1034 §3.6.2), got 'CNAME'; expected A or AAAA endpoints (an alias A record on Route 53, alias record on Azure DNS), or a hostname below the apex"
        ],
    ),
    (
        "one-pool",
        {**base(), "pools": [{"name": "primary", "endpoints": [{"address": "192.0.2.10"}]}]},
        [
            "pools: 1 pool(s) is not a failover set; expected at least 2 pools: a primary and a secondary"
        ],
    ),
    (
        "no-pools-key",
        {k: v for k, v in base().items() if k != "pools"},
        ["pools: required; expected a list of at least 2 pools (tiers)"],
    ),
    (
        "empty-pool",
        with_("pools.1.endpoints", []),
        ["pools[1].endpoints: empty pool, got []; expected at least 1 endpoint"],
    ),
    (
        "duplicate-pool-names",
        with_("pools.1.name", "primary"),
        ["pools[1].name: duplicate pool name (also pools[0]), got 'primary'"],
    ),
    (
        "bad-pool-name",
        with_("pools.1.name", "Second Tier"),
        [
            "pools[1].name: not a valid pool name, got 'Second Tier'; expected 1-32 lowercase letters, digits and inner hyphens"
        ],
    ),
    (
        "duplicate-endpoint-address",
        with_("pools.1.endpoints", [{"address": "192.0.2.10"}]),
        [
            "pools[1].endpoints[0].address: duplicate endpoint (also pools[0].endpoints[0].address); an endpoint belongs to one tier, got '192.0.2.10'"
        ],
    ),
    (
        "duplicate-endpoint-name",
        with_(
            "pools.1.endpoints",
            [{"address": "198.51.100.10", "name": "x"}, {"address": "198.51.100.11", "name": "x"}],
        ),
        [
            "pools[1].endpoints[1].name: duplicate endpoint name in the pool (also pools[1].endpoints[0]), got 'x'"
        ],
    ),
    (
        "min-healthy-zero",
        with_("pools.0.min_healthy", 0),
        ["pools[0].min_healthy: out of range, got 0; expected at least 1"],
    ),
    (
        "min-healthy-too-many",
        with_("pools.0.min_healthy", 2),
        ["pools[0].min_healthy: more than the pool's 1 endpoint(s), got 2; expected 1 to 1"],
    ),
    (
        "port-zero",
        with_("health_check", {"port": 0}),
        ["health_check.port: out of range, got 0; expected 1 to 65535"],
    ),
    (
        "port-65536",
        with_("pools.1.health_check", {"port": 65536}),
        ["pools[1].health_check.port: out of range, got 65536; expected 1 to 65535"],
    ),
    (
        "path-without-slash",
        with_("health_check", {"path": "healthz"}),
        [
            "health_check.path: must start with '/', got 'healthz'; expected a path such as '/healthz'"
        ],
    ),
    (
        "tcp-with-path-and-search",
        with_("health_check", {"protocol": "TCP", "port": 443, "path": "/", "search_string": "ok"}),
        [
            "health_check.path: not allowed with a TCP health check, got '/'",
            "health_check.search_string: not allowed with a TCP health check, got 'ok'",
        ],
    ),
    (
        "tcp-without-port",
        with_("health_check", {"protocol": "TCP"}),
        ["health_check.port: required for a TCP health check; expected a port, 1 to 65535"],
    ),
    (
        "search-string-too-long",
        with_("health_check", {"search_string": "x" * 256}),
        ["health_check.search_string: is 256 characters long; expected 1 to 255"],
    ),
    (
        "bad-protocol",
        with_("health_check", {"protocol": "icmp"}),
        [
            "health_check.protocol: not an allowed value, got 'icmp'; expected one of 'HTTP', 'HTTPS', 'TCP'"
        ],
    ),
    (
        "bad-codes",
        with_("health_check", {"expected_codes": "600-700"}),
        [
            "health_check.expected_codes: '600-700' is outside 100-599 or has its bounds reversed, got '600-700'; expected e.g. '200-299', '200,301-302' or '2xx'"
        ],
    ),
    (
        "timeout-not-below-interval",
        with_("health_check", {"interval_seconds": 10, "timeout_seconds": 10}),
        [
            "health_check.timeout_seconds: must be below interval_seconds (10), got 10; expected 1 to 9"
        ],
    ),
    (
        "threshold-11",
        with_("health_check", {"failure_threshold": 11}),
        ["health_check.failure_threshold: out of range, got 11; expected 1 to 10"],
    ),
    (
        "bool-is-not-int",
        with_("health_check", {"failure_threshold": True}),
        ["health_check.failure_threshold: not an integer, got True; expected a whole number"],
    ),
    (
        "bad-header",
        with_("health_check", {"headers": {"X Bad": "v", "X-Ok": "a\nb"}}),
        [
            "health_check.headers.X Bad: not a valid header name, got 'X Bad'; expected an RFC 9110 token",
            "health_check.headers.X-Ok: header value contains a line break",
        ],
    ),
    (
        "duplicate-regions",
        with_("health_check", {"regions": ["us-east-1", "us-east-1", "eu-west-1"]}),
        [
            "health_check.regions: duplicate regions ['us-east-1'], got ['us-east-1', 'us-east-1', 'eu-west-1']"
        ],
    ),
    (
        "ttl-negative",
        {**base(), "ttl": -1},
        ["ttl: out of range, got -1; expected 0 to 2147483647"],
    ),
    (
        "ttl-2-31",
        {**base(), "ttl": 2**31},
        ["ttl: out of range, got 2147483648; expected 0 to 2147483647"],
    ),
    (
        "misspelled-top-key",
        {**base(), "hostnme": "x"},
        [
            "hostnme: unknown key (did you mean 'hostname'?); expected one of health_check, hostname, max_failover_seconds, policy_acknowledgements, pools, record_type, ttl, zone_name"
        ],
    ),
    (
        "misspelled-endpoint-key",
        with_("pools.0.endpoints.0.adress", "x"),
        [
            "pools[0].endpoints[0].adress: unknown key (did you mean 'address'?); expected one of address, alias_zone_id, evaluate_target_health, name, status, weight"
        ],
    ),
    (
        "misspelled-health-key",
        with_("pools.0.health_check", {"intervall_seconds": 10}),
        [
            "pools[0].health_check.intervall_seconds: unknown key (did you mean 'interval_seconds'?); expected one of expected_codes, failure_threshold, headers, host, interval_seconds, path, port, protocol, regions, search_string, timeout_seconds"
        ],
    ),
    (
        "bad-status",
        with_("pools.0.endpoints.0.status", "drained"),
        [
            "pools[0].endpoints[0].status: not an allowed value, got 'drained'; expected one of 'obey', 'up', 'down'"
        ],
    ),
    (
        "weight-zero",
        with_("pools.0.endpoints.0.weight", 0),
        ["pools[0].endpoints[0].weight: out of range, got 0; expected 1 to 255"],
    ),
    (
        "endpoint-is-hostname-loop",
        {
            **base(),
            "pools": [
                {"name": "primary", "endpoints": [{"address": "app.example.com"}]},
                {"name": "secondary", "endpoints": [{"address": "b.example.net"}]},
            ],
        },
        [
            "pools[0].endpoints[0].address: the endpoint is the failover hostname itself (a loop), got 'app.example.com'"
        ],
    ),
    (
        "acknowledgement-without-reason",
        {**base(), "policy_acknowledgements": {"FO004": " ", "FO008": 3}},
        [
            "policy_acknowledgements.FO004: an acknowledgement needs a reason, got ' '; expected a non-empty explanation",
            "policy_acknowledgements.FO008: an acknowledgement needs a reason, got 3; expected a non-empty explanation",
        ],
    ),
    (
        "acknowledging-an-unknown-rule",
        {**base(), "policy_acknowledgements": {"FO999": "we know"}},
        [
            "policy_acknowledgements.FO999: not a policy rule, got 'FO999'; expected a rule id or name from RULES.md: "
            + ", ".join(f"{r.id} ({r.name})" for r in RULES)
        ],
    ),
    (
        "budget-zero",
        {**base(), "max_failover_seconds": 0},
        ["max_failover_seconds: out of range, got 0; expected at least 1"],
    ),
    (
        "eval-target-health-without-alias",
        with_("pools.0.endpoints.0.evaluate_target_health", True),
        [
            "pools[0].endpoints[0].evaluate_target_health: only applies to an alias endpoint, got True; expected alias_zone_id set as well, or no evaluate_target_health"
        ],
    ),
]


@pytest.mark.parametrize(
    ("args", "expected"), [(a, e) for _, a, e in BAD], ids=[i for i, _, _ in BAD]
)
def test_bad_input_reasons(args: dict[str, Any], expected: list[str]) -> None:
    assert reasons_of(args) == expected


def test_plain_field_given_as_output() -> None:
    def body() -> None:
        args = {**base(), "hostname": pulumi.Output.from_input("app.example.com")}
        assert reasons_of(args) == [
            "hostname: must be a plain string, not an Output: it decides which resources exist; expected a string known when the program runs"
        ]

    run(body)


def test_unprobeable_address_is_fine_when_never_probed() -> None:
    args = with_("pools.1.endpoints.0", {"address": "10.0.0.5", "status": "up"})
    assert reasons_of(args) == []


def test_documentation_ranges_are_allowed() -> None:
    args = base()
    args["pools"][0]["endpoints"] = [{"address": "203.0.113.5"}]
    assert reasons_of(args) == []


def test_many_problems_reported_at_once() -> None:
    args = {
        "hostname": "api.badexample.com",
        "zone_name": "example.com",
        "ttl": -5,
        "pools": [{"name": "a", "endpoints": [{"address": "10.0.0.300"}]}],
        "extra": 1,
    }
    reasons = reasons_of(args)
    assert [r.split(":")[0] for r in reasons] == [
        "extra",
        "hostname",
        "ttl",
        "pools",
        "pools[0].endpoints[0].address",
    ]


def test_error_str_and_reasons() -> None:
    _, reasons = parse_failover_set(with_("pools.1.name", "primary"))
    err = FailoverConfigError(reasons, "Route53Failover 'web'")
    assert isinstance(err, ValueError)
    assert err.reasons == tuple(reasons)
    assert str(err) == (
        "invalid failover configuration for Route53Failover 'web' (1 problem):\n"
        "  - pools[1].name: duplicate pool name (also pools[0]), got 'primary'"
    )
    prefixed = err.with_prefix("failovers[2].")
    assert str(prefixed.reasons[0]).startswith("failovers[2].pools[1].name: duplicate")


def test_reason_rendering_without_value() -> None:
    assert str(Reason("ttl", "required")) == "ttl: required"
    assert str(Reason("", "bad", 1, "good")) == "bad, got 1; expected good"


def test_output_address_needs_name_and_record_type() -> None:
    def body() -> None:
        args = base()
        args["pools"][0]["endpoints"] = [{"address": unknown()}]
        args["pools"][1]["endpoints"] = [{"address": unknown(), "name": "b"}]
        assert reasons_of(args) == [
            "record_type: required when no endpoint address is a plain IP address or host name; expected 'A', 'AAAA' or 'CNAME'",
            "pools[0].endpoints[0].name: required when address is not a plain string (child resource names must not depend on values known only at deployment); expected a stable endpoint name",
        ]

    run(body)


def test_output_address_checked_when_it_resolves() -> None:
    """An Output address passes construction and fails the deployment naming the path."""

    def body() -> None:
        args = base()
        args["pools"][0]["endpoints"] = [
            {"address": pulumi.Output.from_input("10.1.2.3"), "name": "a"}
        ]
        fset, reasons = parse_failover_set(args)
        assert reasons == []
        assert fset is not None
        assert fset.pools[0].endpoints[0].kind is AddressKind.UNKNOWN
        checked_address(fset.pools[0].endpoints[0], fset, subject="X 'web'")

    with pytest.raises(FailoverConfigError) as info:
        run(body)
    assert [str(r) for r in info.value.reasons] == [
        "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be reached by the cloud's public health checkers, got '10.1.2.3'; expected a public address, or status 'up' for an endpoint that is never probed"
    ]


def test_output_address_resolves_normalised() -> None:
    seen: list[str] = []

    def body() -> None:
        args = base()
        args["pools"][0]["endpoints"] = [
            {"address": pulumi.Output.from_input("2001:DB8:0::1"), "name": "a"}
        ]
        args["pools"][1]["endpoints"] = [{"address": "2001:db8::2"}]
        fset, _ = parse_failover_set(args)
        assert fset is not None
        pulumi.Output.from_input(checked_address(fset.pools[0].endpoints[0], fset)).apply(
            seen.append
        )

    run(body)
    assert seen == ["2001:db8::1"]


@pytest.mark.parametrize(
    ("value", "kind", "normalised"),
    [
        ("192.0.2.1", AddressKind.IPV4, "192.0.2.1"),
        ("2001:0db8::0001", AddressKind.IPV6, "2001:db8::1"),
        ("Web.Example.NET.", AddressKind.HOSTNAME, "web.example.net"),
        (
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip",
            AddressKind.AZURE_RESOURCE_ID,
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip",
        ),
    ],
    ids=["ipv4", "ipv6", "hostname", "azure-id"],
)
def test_classify_address(value: str, kind: AddressKind, normalised: str) -> None:
    assert classify_address(value) == (kind, normalised, None)


def test_leading_zero_ipv4_is_rejected() -> None:
    assert classify_address("01.2.3.4")[2] == "not an IPv4 address"


def test_azure_id_default_endpoint_name() -> None:
    args = base()
    args["pools"][0]["endpoints"] = [
        {
            "address": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/Web-PIP"
        }
    ]
    fset, reasons = parse_failover_set(args)
    assert reasons == []
    assert fset is not None
    assert fset.pools[0].endpoints[0].name == "web-pip"
