"""CloudflareFailover under the mock engine: children, inputs, outputs, preview, bad inputs."""

from collections.abc import Callable
from typing import Any

import cloudflare_support
import pulumi
import pytest
from cloudflare_support import ACCOUNT, COMPONENT, LB, MONITOR, POOL, ZONE, base, without_ids
from support import config_error

from failover_components import FailoverConfigError
from failover_components._component import STATE_OUTPUTS
from failover_components.cloudflare import CloudflareFailover, CloudflarePlan, check_args
from failover_components.testing import UNKNOWN, FailoverMocks, Recording, run, run_program, unknown

IDS_HINT = (
    "32 lowercase hexadecimal characters (dashboard, Overview page: "
    "https://developers.cloudflare.com/fundamentals/account/find-account-and-zone-ids/)"
)
REGION_LIST = "WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS"


def three_tiers(**extra: Any) -> dict[str, Any]:
    args = base(**extra)
    args["pools"] = [
        {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
        {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
        {"name": "tertiary", "endpoints": [{"address": "203.0.113.10"}]},
    ]
    return args


OUTPUTS = ("fqdn", "load_balancer_id", "pool_ids", "monitor_ids", "worst_case_failover_seconds")


def deploy(
    make: Callable[[], dict[str, Any]],
    *,
    name: str = "web",
    preview: bool = False,
    opts: Callable[[], pulumi.ResourceOptions | None] = lambda: None,
) -> Recording:
    """Run one component and export the outputs of :data:`OUTPUTS`."""
    return cloudflare_support.deploy(make, OUTPUTS, name=name, preview=preview, opts=opts)


# --- The canonical configuration: names are a public contract -------------------------------


def canonical() -> dict[str, Any]:
    args = three_tiers()
    args["pools"][0]["health_check"] = {"path": "/healthz"}
    args["pools"][2]["endpoints"][0]["status"] = "up"
    return args


def test_canonical_child_names_are_pinned() -> None:
    rec = deploy(canonical)
    assert rec.names() == {
        (COMPONENT, "web"),
        (MONITOR, "web-monitor"),
        (MONITOR, "web-primary-monitor"),
        (POOL, "web-primary-pool"),
        (POOL, "web-secondary-pool"),
        (POOL, "web-tertiary-pool"),
        (LB, "web-lb"),
    }
    # Cloudflare pool names (unique in the account) are pinned too: renaming one is an update.
    assert {r.name: r.inputs["name"] for r in rec.by_type(POOL)} == {
        "web-primary-pool": "web-primary-280598",
        "web-secondary-pool": "web-secondary-280598",
        "web-tertiary-pool": "web-tertiary-280598",
    }


def test_reordering_tiers_renames_nothing() -> None:
    def reordered() -> dict[str, Any]:
        args = canonical()
        args["pools"] = [args["pools"][1], args["pools"][0], args["pools"][2]]
        return args

    assert deploy(reordered).names() == deploy(canonical).names()


def test_every_child_has_the_component_as_parent_and_create_before_delete() -> None:
    rec = deploy(canonical)
    component = rec.get(COMPONENT, "web")
    children = rec.children(component)
    assert len(children) == 6
    assert all(r.parent == component.urn for r in rec.resources if r is not component)
    # Pools are replaced create-before-delete (never delete_before_replace: pain.md §E26).
    assert not any(r.delete_before_replace for r in rec.resources)


# --- Two tiers: every input of every child ---------------------------------------------------


def test_two_tiers_exact_inputs() -> None:
    rec = deploy(base)
    monitor = rec.get(MONITOR, "web-monitor")
    assert monitor.plain() == {
        "accountId": ACCOUNT,
        "type": "https",
        "port": 443,
        "method": "GET",
        "path": "/",
        "expectedCodes": "2xx",
        "header": {"Host": ["app.example.com"]},
        "interval": 60,
        "timeout": 5,
        "retries": 0,
        "consecutiveDown": 2,
        "consecutiveUp": 2,
        "allowInsecure": False,
        "followRedirects": False,
        "description": "app.example.com failover (web)",
    }
    primary = rec.get(POOL, "web-primary-pool")
    assert primary.plain() == {
        "accountId": ACCOUNT,
        "name": "web-primary-280598",
        "description": "app.example.com failover tier 1: primary (web)",
        "origins": [{"address": "192.0.2.10", "name": "192-0-2-10", "weight": 1, "enabled": True}],
        "minimumOrigins": 1,
        "monitor": monitor.id,
        "checkRegions": ["WEU", "ENAM"],
        "enabled": True,
    }
    secondary = rec.get(POOL, "web-secondary-pool")
    assert secondary.plain()["monitor"] == monitor.id
    lb = rec.get(LB, "web-lb")
    assert lb.plain() == {
        "zoneId": ZONE,
        "name": "app.example.com",
        "description": "failover set web: primary > secondary",
        "defaultPools": [primary.id, secondary.id],
        "fallbackPool": secondary.id,
        "steeringPolicy": "off",
        "proxied": True,
        "enabled": True,
    }
    # The load balancer waits for its pools (and Pulumi deletes an old pool only after the
    # load balancer no longer refers to it).
    assert set(lb.dependencies) >= {primary.urn, secondary.urn}
    assert set(lb.property_dependencies["defaultPools"]) == {primary.urn, secondary.urn}
    assert lb.property_dependencies["fallbackPool"] == (secondary.urn,)
    assert set(primary.dependencies) == {monitor.urn}


def test_outputs() -> None:
    rec = deploy(canonical)
    pools = {r.name: r.id for r in rec.by_type(POOL)}
    monitors = {r.name: r.id for r in rec.by_type(MONITOR)}
    assert rec.outputs == {
        "fqdn": "app.example.com",
        "load_balancer_id": rec.get(LB, "web-lb").id,
        "pool_ids": {
            "primary": pools["web-primary-pool"],
            "secondary": pools["web-secondary-pool"],
            "tertiary": pools["web-tertiary-pool"],
        },
        # The 'up' pool has no monitor and is left out.
        "monitor_ids": {
            "primary": monitors["web-primary-monitor"],
            "secondary": monitors["web-monitor"],
        },
        # interval 60 + (2 - 1) x 60 + timeout 5 x (0 retries + 1), proxied: no ttl term.
        "worst_case_failover_seconds": 125,
    }
    component = rec.get(COMPONENT, "web")
    assert set(rec.component_outputs[component.urn]) == set(STATE_OUTPUTS)
    assert rec.component_outputs[component.urn]["worst_case_failover_seconds"] == 125


def test_three_tiers_pool_order_and_fallback() -> None:
    rec = deploy(three_tiers)
    ids = [rec.get(POOL, f"web-{p}-pool").id for p in ("primary", "secondary", "tertiary")]
    lb = rec.get(LB, "web-lb")
    assert lb.inputs["defaultPools"] == ids
    assert lb.inputs["fallbackPool"] == ids[2]
    assert lb.inputs["description"] == "failover set web: primary > secondary > tertiary"
    assert [r.inputs["description"] for r in rec.by_type(POOL)] == [
        "app.example.com failover tier 1: primary (web)",
        "app.example.com failover tier 2: secondary (web)",
        "app.example.com failover tier 3: tertiary (web)",
    ]
    # One shared monitor for all three pools.
    assert [r.name for r in rec.by_type(MONITOR)] == ["web-monitor"]


def test_multi_endpoint_pool_min_healthy_and_weights() -> None:
    def make() -> dict[str, Any]:
        args = base()
        args["pools"][0] = {
            "name": "primary",
            "min_healthy": 2,
            "endpoints": [
                {"name": "a", "address": "192.0.2.10", "weight": 4},
                {"name": "b", "address": "192.0.2.11", "weight": 2},
                {"name": "c", "address": "192.0.2.12", "weight": 3},
            ],
        }
        return args

    pool = deploy(make).get(POOL, "web-primary-pool")
    assert pool.inputs["minimumOrigins"] == 2
    # Cloudflare weights are 0-1, relative within the pool: ours divided by the largest.
    assert pool.plain("origins") == [
        {"address": "192.0.2.10", "name": "a", "weight": 1, "enabled": True},
        {"address": "192.0.2.11", "name": "b", "weight": 0.5, "enabled": True},
        {"address": "192.0.2.12", "name": "c", "weight": 0.75, "enabled": True},
    ]


# --- Proxied and DNS-only ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "proxied", "ttl", "worst", "summary_ttl"),
    [
        ({}, True, None, 125, 0),
        ({"proxied": True}, True, None, 125, 0),
        ({"proxied": False}, False, 60, 185, 60),
        ({"proxied": False, "ttl": 300}, False, 300, 425, 300),
        ({"proxied": False, "ttl": 30, "plan": "enterprise"}, False, 30, 155, 30),
    ],
    ids=["default-proxied", "proxied", "dns-only-default-ttl", "dns-only-ttl-300", "enterprise-30"],
)
def test_proxied_and_dns_only(
    extra: dict[str, Any], proxied: bool, ttl: int | None, worst: int, summary_ttl: int
) -> None:
    rec = deploy(lambda: base(**extra))
    lb = rec.get(LB, "web-lb")
    assert lb.inputs["proxied"] is proxied
    assert lb.inputs.get("ttl") == ttl
    assert rec.outputs["worst_case_failover_seconds"] == worst
    reported = rec.failover_sets[0]
    assert reported.ttl == summary_ttl
    assert reported.timing.worst_case_failover_seconds == worst
    assert reported.facts["proxied"] is proxied


# --- Health check protocols --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("health_check", "monitor", "proxied"),
    [
        (
            {"protocol": "HTTP", "path": "/health", "port": 8080},
            {
                "type": "http",
                "port": 8080,
                "method": "GET",
                "path": "/health",
                "expectedCodes": "2xx",
                "header": {"Host": ["app.example.com"]},
                "allowInsecure": False,
                "followRedirects": False,
            },
            True,
        ),
        (
            {
                "protocol": "HTTPS",
                "expected_codes": "200",
                "search_string": "ok",
                "host": "h.example.net",
            },
            {
                "type": "https",
                "port": 443,
                "method": "GET",
                "path": "/",
                "expectedCodes": "200",
                "expectedBody": "ok",
                "header": {"Host": ["h.example.net"]},
                "allowInsecure": False,
                "followRedirects": False,
            },
            True,
        ),
        (
            {"protocol": "TCP", "port": 5432},
            {"type": "tcp", "port": 5432, "method": "connection_established"},
            False,
        ),
    ],
    ids=["http", "https", "tcp"],
)
def test_protocols(health_check: dict[str, Any], monitor: dict[str, Any], proxied: bool) -> None:
    rec = deploy(lambda: base(health_check={**health_check, "regions": ["WEU"]}))
    inputs = rec.get(MONITOR, "web-monitor").plain()
    common = {
        "accountId": ACCOUNT,
        "interval": 60,
        "timeout": 5,
        "retries": 0,
        "consecutiveDown": 2,
        "consecutiveUp": 2,
        "description": "app.example.com failover (web)",
    }
    assert inputs == {**common, **monitor}
    # Proxied by default for HTTP(S) only: a TCP service is answered DNS-only with ttl 60.
    lb = rec.get(LB, "web-lb")
    assert lb.inputs["proxied"] is proxied
    assert lb.inputs.get("ttl") == (None if proxied else 60)


@pytest.mark.parametrize(
    ("codes", "sent"),
    [("200", "200"), ("2xx", "2xx"), ("200-299", "2xx"), ("301", "301"), ("300-399", "3xx")],
    ids=["code", "class", "range-as-class", "redirect", "3xx-range"],
)
def test_expected_codes_mapping(codes: str, sent: str) -> None:
    rec = deploy(lambda: base(health_check={"expected_codes": codes, "regions": ["WEU"]}))
    assert rec.get(MONITOR, "web-monitor").inputs["expectedCodes"] == sent


def test_headers_are_sent_and_secret_values_stay_secret() -> None:
    def make() -> dict[str, Any]:
        return base(
            health_check={
                "regions": ["weu"],
                "headers": {
                    "X-Health-Token": pulumi.Output.secret("s3cret"),
                    "Accept": "text/plain",
                },
            }
        )

    rec = deploy(make)
    monitor = rec.get(MONITOR, "web-monitor")
    assert monitor.plain("header") == {
        "Host": ["app.example.com"],
        "X-Health-Token": ["s3cret"],
        "Accept": ["text/plain"],
    }
    assert monitor.is_secret("header")
    # Region codes are sent in Cloudflare's spelling.
    assert rec.get(POOL, "web-primary-pool").inputs["checkRegions"] == ["WEU"]
    # The plan never prints header values other than Host.
    tier = rec.failover_sets[0].tiers[0]
    assert tier.health_check["header"] == {
        "Host": "app.example.com",
        "X-Health-Token": "[hidden]",
        "Accept": "[hidden]",
    }


def test_a_host_header_replaces_the_default() -> None:
    rec = deploy(
        lambda: base(health_check={"regions": ["WEU"], "headers": {"host": "origin.example.net"}})
    )
    assert rec.get(MONITOR, "web-monitor").plain("header") == {"host": ["origin.example.net"]}


def test_pool_override_gets_its_own_monitor_with_merged_settings() -> None:
    def make() -> dict[str, Any]:
        args = base(health_check={"regions": ["WEU"], "path": "/a", "interval_seconds": 120})
        args["pools"][1]["health_check"] = {"path": "/b", "regions": ["ENAM", "WNAM"]}
        return args

    rec = deploy(make)
    shared = rec.get(MONITOR, "web-monitor")
    own = rec.get(MONITOR, "web-secondary-monitor")
    assert (shared.inputs["path"], shared.inputs["interval"]) == ("/a", 120)
    assert (own.inputs["path"], own.inputs["interval"]) == ("/b", 120)
    assert own.inputs["description"] == "app.example.com failover, pool secondary (web)"
    assert rec.get(POOL, "web-primary-pool").inputs["monitor"] == shared.id
    secondary = rec.get(POOL, "web-secondary-pool")
    assert secondary.inputs["monitor"] == own.id
    assert secondary.inputs["checkRegions"] == ["ENAM", "WNAM"]


# --- Endpoint status -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "enabled", "monitored"),
    [
        (["obey", "obey"], [True, True], True),
        (["obey", "down"], [True, False], True),
        (["down", "down"], [False, False], True),
        (["up", "up"], [True, True], False),
        (["up", "down"], [True, False], False),
    ],
    ids=["obey", "obey-down", "all-down", "all-up", "up-down"],
)
def test_endpoint_status(statuses: list[str], enabled: list[bool], monitored: bool) -> None:
    def make() -> dict[str, Any]:
        args = base()
        args["pools"][0]["endpoints"] = [
            {"name": f"e{i}", "address": f"192.0.2.{10 + i}", "status": s}
            for i, s in enumerate(statuses)
        ]
        return args

    rec = deploy(make)
    pool = rec.get(POOL, "web-primary-pool")
    assert [o["enabled"] for o in pool.plain("origins")] == enabled
    if monitored:
        assert pool.inputs["monitor"] == rec.get(MONITOR, "web-monitor").id
        assert pool.inputs["checkRegions"] == ["WEU", "ENAM"]
        assert set(rec.outputs["monitor_ids"]) == {"primary", "secondary"}
    else:
        # No monitor: Cloudflare never considers the pool unhealthy, which is what 'up' means.
        assert "monitor" not in pool.inputs
        assert "checkRegions" not in pool.inputs
        assert set(rec.outputs["monitor_ids"]) == {"secondary"}
        assert rec.failover_sets[0].facts["unmonitored_pools"] == (
            "primary: no monitor, so Cloudflare never considers them unhealthy"
        )


def test_no_monitor_at_all_when_every_pool_is_up() -> None:
    def make() -> dict[str, Any]:
        args = base()
        for pool in args["pools"]:
            pool["endpoints"][0]["status"] = "up"
        return args

    rec = deploy(make)
    assert rec.by_type(MONITOR) == []
    assert rec.outputs["monitor_ids"] == {}


# --- Summary --------------------------------------------------------------------------------


def test_summary_reports_cloudflare_settings() -> None:
    rec = deploy(canonical)
    [reported] = rec.failover_sets
    assert (reported.component, reported.type, reported.cloud) == ("web", COMPONENT, "cloudflare")
    assert (reported.hostname, reported.zone_name, reported.record_type) == (
        "app.example.com",
        "example.com",
        "A",
    )
    primary, _secondary, tertiary = reported.tiers
    assert primary.health_check == {
        "monitor": "web-primary-monitor",
        "minimum_origins": 1,
        "type": "https",
        "port": 443,
        "method": "GET",
        "interval": 60,
        "timeout": 5,
        "retries": 0,
        "consecutive_down": 2,
        "consecutive_up": 2,
        "check_regions": ["WEU", "ENAM"],
        "path": "/healthz",
        "expected_codes": "2xx",
        "expected_body": None,
        "header": {"Host": "app.example.com"},
        "allow_insecure": False,
        "follow_redirects": False,
    }
    assert tertiary.health_check == {
        "monitor": None,
        "minimum_origins": 1,
        "health": "ignored: no monitor, the pool's endpoints are 'up' (never probed)",
    }
    assert reported.facts["fallback_pool"] == (
        "tertiary: never health-checked; answers whenever every pool is unhealthy (fail-open)"
    )
    assert reported.timing.explain() == (
        "worst-case 125 s = interval 60 (the first failing check comes up to interval_seconds 60 s "
        "after the outage) + threshold 60 ((failure_threshold 2 - 1) x interval_seconds 60) + "
        "timeout 5 (timeout_seconds 5 x (retries 0 + 1) of the last failing check) + ttl 0 "
        "(proxied: answered at Cloudflare's edge, no resolver cache)"
    )


def test_slowest_failing_over_tier_sets_the_worst_case() -> None:
    def make() -> dict[str, Any]:
        args = three_tiers()
        args["pools"][1]["health_check"] = {"interval_seconds": 300}
        args["pools"][2]["health_check"] = {
            "interval_seconds": 3600
        }  # the last tier never fails over
        return args

    rec = deploy(make)
    # Tier 2: 300 + 300 + 5.
    assert rec.outputs["worst_case_failover_seconds"] == 605


# --- Options, several instances -----------------------------------------------------------


def test_caller_provider_reaches_every_child() -> None:
    # Imported through our module, which silences the SDK's import-time deprecation warnings.
    import pulumi_cloudflare as cloudflare

    def opts() -> pulumi.ResourceOptions:
        provider = cloudflare.Provider("cf", api_token="t" * 40)
        return pulumi.ResourceOptions(providers={"cloudflare": provider})

    rec = deploy(base, opts=opts)
    provider = rec.get("pulumi:providers:cloudflare", "cf")
    for r in (*rec.by_type(MONITOR), *rec.by_type(POOL), *rec.by_type(LB)):
        assert r.provider.startswith(provider.urn + "::"), r.name


def test_two_instances_in_one_stack() -> None:
    def program() -> None:
        CloudflareFailover("web", base())  # type: ignore[arg-type]
        other = base(hostname="api.example.com")
        CloudflareFailover("api", other)  # type: ignore[arg-type]

    rec = run(program)
    assert len(rec.resources) == 10
    names = {r.inputs["name"] for r in rec.by_type(POOL)}
    assert len(names) == 4


# --- Preview and values known only at deployment ---------------------------------------------


def test_preview_with_unknown_addresses_and_ids() -> None:
    def make() -> dict[str, Any]:
        args = base(account_id=unknown(), zone_id=unknown())
        args["pools"][0]["endpoints"] = [{"name": "app", "address": unknown()}]
        return args

    rec = deploy(make, preview=True)
    assert rec.names() == {
        (COMPONENT, "web"),
        (MONITOR, "web-monitor"),
        (POOL, "web-primary-pool"),
        (POOL, "web-secondary-pool"),
        (LB, "web-lb"),
    }
    primary = rec.get(POOL, "web-primary-pool")
    origin = primary.inputs["origins"][0]
    assert origin["address"] is UNKNOWN or type(origin["address"]).__name__ == "Unknown"
    assert origin["name"] == "app"
    assert type(primary.inputs["accountId"]).__name__ == "Unknown"
    assert type(rec.get(LB, "web-lb").inputs["zoneId"]).__name__ == "Unknown"
    assert rec.outputs["fqdn"] == "app.example.com"
    assert rec.outputs["worst_case_failover_seconds"] == 125
    assert rec.outputs["load_balancer_id"] is UNKNOWN
    assert rec.outputs["pool_ids"] is UNKNOWN


def test_known_outputs_resolve_and_pass() -> None:
    def make() -> dict[str, Any]:
        args = base(
            account_id=pulumi.Output.from_input(ACCOUNT), zone_id=pulumi.Output.from_input(ZONE)
        )
        args["pools"][0]["endpoints"] = [
            {"name": "app", "address": pulumi.Output.from_input("2001:DB8::10")}
        ]
        args["record_type"] = "AAAA"
        args["pools"][1]["endpoints"] = [{"address": "2001:db8::20"}]
        return args

    rec = deploy(make)
    assert rec.get(POOL, "web-primary-pool").plain("origins")[0]["address"] == "2001:db8::10"
    assert rec.get(POOL, "web-primary-pool").inputs["accountId"] == ACCOUNT
    assert rec.get(LB, "web-lb").inputs["zoneId"] == ZONE


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        (
            {"address": "10.0.0.5"},
            "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be "
            "reached by the cloud's public health checkers, got '10.0.0.5'; expected a public "
            "address, or status 'up' for an endpoint that is never probed",
        ),
        (
            {"address": "104.16.1.1"},
            "pools[0].endpoints[0].address: a Cloudflare anycast address (104.16.0.0/13), not an "
            "origin server, got '104.16.1.1'; expected the origin's own address, or the host "
            "name of a site behind Cloudflare",
        ),
        (
            {"account_id": "ACCOUNT"},
            f"account_id: not a Cloudflare id, got 'ACCOUNT'; expected {IDS_HINT}",
        ),
        (
            {"zone_id": ACCOUNT},
            f"zone_id: is the same as account_id, got '{ACCOUNT}'; expected the zone's own id: "
            "monitors and pools belong to the account, the load balancer to the zone",
        ),
        (
            {"account_id": ZONE, "zone_id": ZONE},
            f"zone_id: is the same as account_id, got '{ZONE}'; expected the zone's own id: "
            "monitors and pools belong to the account, the load balancer to the zone",
        ),
    ],
    ids=[
        "private-address",
        "anycast-address",
        "bad-account-id",
        "zone-equals-plain-account",
        "both-outputs-equal",
    ],
)
def test_outputs_are_checked_when_they_resolve(patch: dict[str, Any], expected: str) -> None:
    def make() -> dict[str, Any]:
        args = base()
        if "address" in patch:
            args["pools"][0]["endpoints"] = [
                {"name": "app", "address": pulumi.Output.from_input(patch["address"])}
            ]
        for key in ("account_id", "zone_id"):
            if key in patch:
                args[key] = pulumi.Output.from_input(patch[key])
        return args

    with pytest.raises(Exception) as caught:  # noqa: PT011 - the engine may wrap it
        deploy(make)
    error = config_error(caught.value)
    assert [str(r) for r in error.reasons] == [expected]
    assert error.subject == "CloudflareFailover 'web'"


# --- Bad inputs: every Cloudflare row of pain.md §3, with the exact reasons ------------------


def mutate(
    fn: Callable[[dict[str, Any]], object], make: Callable[[], dict[str, Any]] = base
) -> dict[str, Any]:
    args = make()
    fn(args)
    return args


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def apply(args: dict[str, Any]) -> None:
        node: Any = args
        parts = path.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        last = parts[-1]
        if value is _DELETE:
            del node[last]
        elif last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return apply


_DELETE = object()

BAD: list[tuple[str, Callable[[dict[str, Any]], object], list[str]]] = [
    (
        "account-id-missing",
        _set("account_id", _DELETE),
        ["account_id: required; expected 32 lowercase hexadecimal characters"],
    ),
    (
        "account-id-not-hex",
        _set("account_id", "my-account"),
        [f"account_id: not a Cloudflare id, got 'my-account'; expected {IDS_HINT}"],
    ),
    (
        "zone-id-uppercase",
        _set("zone_id", ZONE.upper()),
        [f"zone_id: not a Cloudflare id, got '{ZONE.upper()}'; expected {IDS_HINT}"],
    ),
    (
        "zone-id-31-chars",
        _set("zone_id", ZONE[:31]),
        [f"zone_id: not a Cloudflare id, got '{ZONE[:31]}'; expected {IDS_HINT}"],
    ),
    (
        "zone-id-not-a-string",
        _set("zone_id", 42),
        ["zone_id: not a string, got 42; expected 32 lowercase hexadecimal characters"],
    ),
    (
        "ids-equal",
        _set("zone_id", ACCOUNT),
        [
            f"zone_id: is the same as account_id, got '{ACCOUNT}'; expected the zone's own id: "
            "monitors and pools belong to the account, the load balancer to the zone"
        ],
    ),
    (
        "proxied-not-bool",
        _set("proxied", "yes"),
        ["proxied: not a boolean, got 'yes'; expected true or false"],
    ),
    (
        "unknown-plan",
        _set("plan", "premium"),
        [
            "plan: not an allowed value, got 'premium'; expected one of 'free', 'pro', "
            "'business', 'enterprise'"
        ],
    ),
    (
        "misspelled-key",
        _set("zone_idd", ZONE),
        [
            "zone_idd: unknown key (did you mean 'zone_id'?); expected one of account_id, "
            "alerts, allow_insecure, dnssec, health_check, hostname, max_failover_seconds, plan, "
            "policy_acknowledgements, pools, proxied, record_type, ttl, zone_id, zone_name"
        ],
    ),
    (
        "lb-name-not-fqdn",
        _set("hostname", "www"),
        [
            "hostname: not inside zone 'example.com', got 'www'; expected 'example.com' itself "
            "or a name ending in '.example.com'"
        ],
    ),
    (
        "interval-55-on-pro",
        _set("health_check.interval_seconds", 55),
        [
            "health_check.interval_seconds: out of range on the 'pro' plan, got 55; expected 60 "
            "to 3600 (shortest interval: 60 s free and pro, 15 s business, 10 s enterprise; "
            "https://developers.cloudflare.com/load-balancing/monitors/create-monitor/ gives 60 s "
            "on free and pro, https://developers.cloudflare.com/load-balancing/reference/"
            "limitations/ 15 s: the stricter is checked, so a plan accepted here is never "
            "refused by the API)"
        ],
    ),
    (
        "interval-10-on-business",
        lambda a: (a.update(plan="business"), a["health_check"].update(interval_seconds=10)),
        [
            "health_check.interval_seconds: out of range on the 'business' plan, got 10; "
            "expected 15 to 3600 (shortest interval: 60 s free and pro, 15 s business, 10 s "
            "enterprise)"
        ],
    ),
    (
        "interval-3601",
        _set("health_check.interval_seconds", 3601),
        [
            "health_check.interval_seconds: out of range on the 'pro' plan, got 3601; expected "
            "60 to 3600 (shortest interval: 60 s free and pro, 15 s business, 10 s enterprise; "
            "https://developers.cloudflare.com/load-balancing/monitors/create-monitor/ gives 60 s "
            "on free and pro, https://developers.cloudflare.com/load-balancing/reference/"
            "limitations/ 15 s: the stricter is checked, so a plan accepted here is never "
            "refused by the API)"
        ],
    ),
    (
        "timeout-equals-default-interval",
        _set("health_check.timeout_seconds", 60),
        [
            "health_check.timeout_seconds: must be below the interval (60 s, the default "
            "interval_seconds), got 60; expected 1 to 59"
        ],
    ),
    (
        "timeout-at-least-interval",
        _set("health_check.timeout_seconds", 90),
        [
            "health_check.timeout_seconds: must be below the interval (60 s, the default "
            "interval_seconds), got 90; expected 1 to 59"
        ],
    ),
    (
        "expected-codes-range",
        _set("health_check.expected_codes", "200-204"),
        [
            "health_check.expected_codes: Cloudflare accepts one status code or one class of "
            "codes, got '200-204'; expected e.g. '200' or '2xx'"
        ],
    ),
    (
        "expected-codes-list",
        _set("health_check.expected_codes", "200,301"),
        [
            "health_check.expected_codes: Cloudflare accepts one status code or one class of "
            "codes, got '200,301'; expected e.g. '200' or '2xx'"
        ],
    ),
    (
        "user-agent-header",
        _set("health_check.headers", {"User-Agent": "probe"}),
        [
            "health_check.headers.User-Agent: Cloudflare monitors cannot override the "
            "User-Agent header; expected another header name"
        ],
    ),
    (
        "regions-missing-on-pro",
        _set("health_check.regions", _DELETE),
        [
            "health_check.regions: required on the 'pro' plan: without regions Cloudflare "
            "probes from every data center, which only Enterprise allows; expected one or more "
            f"of {REGION_LIST}"
        ],
    ),
    (
        "all-regions-on-pro",
        _set("health_check.regions", ["ALL_REGIONS"]),
        [
            "health_check.regions: ALL_REGIONS is Enterprise only (plan 'pro'), got "
            "['ALL_REGIONS']; expected the regions to probe from, e.g. ['WEU', 'ENAM']"
        ],
    ),
    (
        "unknown-region",
        _set("health_check.regions", ["WEU", "EU-WEST"]),
        [
            "health_check.regions: 'EU-WEST' is not a Cloudflare health check region, got "
            f"['WEU', 'EU-WEST']; expected codes among {REGION_LIST}, ALL_REGIONS"
        ],
    ),
    (
        "all-regions-with-others-on-enterprise",
        lambda a: (
            a.update(plan="enterprise"),
            a["health_check"].update(regions=["ALL_REGIONS", "WEU"]),
        ),
        [
            "health_check.regions: ALL_REGIONS already includes every region, got "
            "['ALL_REGIONS', 'WEU']; expected ['ALL_REGIONS'] alone, or a list of regions"
        ],
    ),
    (
        "ttl-with-default-proxied",
        _set("ttl", 60),
        [
            "ttl: a proxied load balancer has no ttl (proxied defaults to true with HTTP/HTTPS "
            "health checks); clients get Cloudflare's edge addresses and failover does not wait "
            "for resolver caches, got 60; expected proxied: false for a DNS-only load balancer "
            "with a ttl, or no ttl"
        ],
    ),
    (
        "ttl-with-proxied-true",
        lambda a: a.update(proxied=True, ttl=120),
        [
            "ttl: a proxied load balancer has no ttl (proxied is true); clients get Cloudflare's "
            "edge addresses and failover does not wait for resolver caches, got 120; expected "
            "proxied: false for a DNS-only load balancer with a ttl, or no ttl"
        ],
    ),
    (
        "ttl-29-on-pro",
        lambda a: a.update(proxied=False, ttl=29),
        [
            "ttl: out of range on the 'pro' plan, got 29; expected 30 to 86400 (the load "
            "balancer's ttl, https://developers.cloudflare.com/api/resources/load_balancers/"
            "methods/create/)"
        ],
    ),
    (
        "ttl-over-a-day",
        lambda a: a.update(proxied=False, ttl=86401),
        [
            "ttl: out of range on the 'pro' plan, got 86401; expected 30 to 86400 (the load "
            "balancer's ttl, https://developers.cloudflare.com/api/resources/load_balancers/"
            "methods/create/)"
        ],
    ),
    (
        "up-mixed-with-obey",
        _set(
            "pools.0.endpoints",
            [{"address": "192.0.2.10"}, {"address": "192.0.2.11", "status": "up"}],
        ),
        [
            "pools[0].endpoints: mixes status 'up' (pools[0].endpoints[1]) with probed "
            "endpoints: a Cloudflare monitor probes every enabled origin of its pool, so one "
            "origin cannot skip the health check; expected the 'up' endpoints in a pool of their "
            "own (it gets no monitor), or status 'obey'"
        ],
    ),
    (
        "health-check-on-unprobed-pool",
        _set(
            "pools.1",
            {
                "name": "secondary",
                "endpoints": [{"address": "198.51.100.10", "status": "up"}],
                "health_check": {"path": "/x"},
            },
        ),
        [
            "pools[1].health_check: not used: the pool has 'up' endpoints and no 'obey' ones, so "
            "it gets no monitor; expected no health_check on this pool"
        ],
    ),
    (
        "anycast-origin-v6",
        lambda a: (
            a["pools"][0]["endpoints"][0].update(address="2001:db8::10"),
            a["pools"][1]["endpoints"][0].update(address="2606:4700::1111"),
        ),
        [
            "pools[1].endpoints[0].address: a Cloudflare anycast address (2606:4700::/32), not "
            "an origin server, got '2606:4700::1111'; expected the origin's own address, or the "
            "host name of a site behind Cloudflare"
        ],
    ),
    (
        "anycast-origin-v4",
        _set("pools.1.endpoints.0.address", "172.64.1.1"),
        [
            "pools[1].endpoints[0].address: a Cloudflare anycast address (172.64.0.0/13), not an "
            "origin server, got '172.64.1.1'; expected the origin's own address, or the host "
            "name of a site behind Cloudflare"
        ],
    ),
    (
        "route53-alias",
        _set(
            "pools.1.endpoints.0", {"address": "lb.example.net", "alias_zone_id": "Z35SXDOTRQ7X7K"}
        ),
        [
            "pools[1].endpoints[0].alias_zone_id: Route 53 only: Cloudflare origins are "
            "addresses or host names; expected no alias_zone_id (give the target's host name as "
            "address)"
        ],
    ),
    (
        "empty-origin-list",
        _set("pools.1.endpoints", []),
        ["pools[1].endpoints: empty pool, got []; expected at least 1 endpoint"],
    ),
    (
        "minimum-origins-0",
        _set("pools.0.min_healthy", 0),
        ["pools[0].min_healthy: out of range, got 0; expected at least 1"],
    ),
    (
        "minimum-origins-over-origins",
        _set("pools.0.min_healthy", 2),
        ["pools[0].min_healthy: more than the pool's 1 endpoint(s), got 2; expected 1 to 1"],
    ),
    (
        "duplicate-origin",
        _set("pools.1.endpoints.0.address", "192.0.2.10"),
        [
            "pools[1].endpoints[0].address: duplicate endpoint (also "
            "pools[0].endpoints[0].address); an endpoint belongs to one tier, got '192.0.2.10'"
        ],
    ),
    (
        "port-0",
        _set("health_check.port", 0),
        ["health_check.port: out of range, got 0; expected 1 to 65535"],
    ),
    (
        "port-65536",
        _set("health_check.port", 65536),
        ["health_check.port: out of range, got 65536; expected 1 to 65535"],
    ),
    (
        "budget",
        _set("max_failover_seconds", 100),
        [
            "max_failover_seconds: worst-case failover (pool 'primary') is 125 s, over the "
            "budget (worst-case 125 s = interval 60 (the first failing check comes up to "
            "interval_seconds 60 s after the outage) + threshold 60 ((failure_threshold 2 - 1) x "
            "interval_seconds 60) + timeout 5 (timeout_seconds 5 x (retries 0 + 1) of the last "
            "failing check) + ttl 0 (proxied: answered at Cloudflare's edge, no resolver cache)), "
            "got 100; expected a budget of at least 125 s, or lower interval_seconds, "
            "failure_threshold, timeout_seconds"
        ],
    ),
]


@pytest.mark.parametrize(
    ("fn", "expected"), [(fn, exp) for _, fn, exp in BAD], ids=[i for i, _, _ in BAD]
)
def test_bad_input_rejected_before_anything_is_registered(
    fn: Callable[[dict[str, Any]], object], expected: list[str]
) -> None:
    args = mutate(fn)
    got = [str(r) for r in check_args(args)]
    assert got == expected

    registered: list[str] = []

    class Counting(FailoverMocks):
        def new_resource(
            self, args: pulumi.runtime.MockResourceArgs
        ) -> tuple[str | None, dict[str, Any]]:
            registered.append(args.name)
            return super().new_resource(args)

    with pytest.raises(FailoverConfigError) as caught:
        run(lambda: CloudflareFailover("web", args), mocks=Counting())  # type: ignore[arg-type]
    assert [str(r) for r in caught.value.reasons] == expected
    assert caught.value.subject == "CloudflareFailover 'web'"
    assert registered == []


def test_every_problem_is_reported_at_once() -> None:
    args = base(account_id="x", proxied=True, ttl=60, plan="pro")
    args["health_check"] = {"interval_seconds": 30, "regions": ["ALL_REGIONS"]}
    got = [r.path for r in check_args(args)]
    assert got == ["account_id", "health_check.interval_seconds", "health_check.regions", "ttl"]


@pytest.mark.parametrize(
    ("extra", "health_check"),
    [
        ({"plan": "business"}, {"interval_seconds": 15, "regions": ["WEU"]}),
        ({"plan": "enterprise"}, {"interval_seconds": 10}),
        ({"plan": "enterprise"}, {"regions": ["ALL_REGIONS"]}),
        (
            {"plan": CloudflarePlan.FREE},
            {"interval_seconds": 60, "timeout_seconds": 59, "regions": ["SAS"]},
        ),
        ({"plan": "PRO", "proxied": False, "ttl": 60}, {"regions": ["WEU"]}),
    ],
    ids=[
        "business-15s",
        "enterprise-10s-every-data-center",
        "enterprise-all-regions",
        "free-enum",
        "plan-case",
    ],
)
def test_compliant_plan_settings(extra: dict[str, Any], health_check: dict[str, Any]) -> None:
    assert check_args(base(**extra, health_check=health_check)) == []


def test_enterprise_without_regions_probes_from_every_data_center() -> None:
    rec = deploy(lambda: base(plan="enterprise", health_check={}))
    assert "checkRegions" not in rec.get(POOL, "web-primary-pool").inputs
    assert rec.failover_sets[0].tiers[0].health_check["check_regions"] == "every data center"


# --- The example ----------------------------------------------------------------------------


def test_example_runs_under_the_testing_kit() -> None:
    rec = run_program("examples/cloudflare")
    assert rec.names() == {
        (COMPONENT, "www"),
        (MONITOR, "www-monitor"),
        (POOL, "www-primary-pool"),
        (POOL, "www-secondary-pool"),
        (POOL, "www-maintenance-pool"),
        (LB, "www-lb"),
    }
    assert rec.outputs["fqdn"] == "www.example.com"
    assert rec.outputs["worst_case_failover_seconds"] == 125
    maintenance = rec.get(POOL, "www-maintenance-pool")
    assert "monitor" not in maintenance.inputs
    assert rec.get(LB, "www-lb").inputs["fallbackPool"] == maintenance.id
    assert rec.get(POOL, "www-primary-pool").inputs["minimumOrigins"] == 2


# --- The config-driven program ----------------------------------------------------------------


def test_config_driven_program_declares_and_checks_cloudflare_sets() -> None:
    from failover_components.program import declare

    entry = {"cloud": "cloudflare", "name": "web", **base()}
    rec = run(lambda: declare([entry]))
    assert (LB, "web-lb") in rec.names()

    broken = {"cloud": "cloudflare", "name": "web", **base(plan="business", health_check={})}
    with pytest.raises(FailoverConfigError) as caught:
        run(lambda: declare([broken]))
    assert [r.path for r in caught.value.reasons] == ["failovers[0].health_check.regions"]


# --- Preview registers the same children with the same inputs --------------------------------


def _tcp() -> dict[str, Any]:
    return base(health_check={"protocol": "TCP", "port": 5432, "regions": ["WEU"]})


def _mixed_status() -> dict[str, Any]:
    args = three_tiers()
    args["pools"][0]["endpoints"].append({"address": "192.0.2.11", "status": "down"})
    args["pools"][2]["endpoints"][0]["status"] = "up"
    return args


def _multi() -> dict[str, Any]:
    args = base()
    args["pools"][0] = {
        "name": "primary",
        "min_healthy": 2,
        "endpoints": [{"address": "192.0.2.10"}, {"address": "192.0.2.11"}],
    }
    return args


TWO = {
    (COMPONENT, "web"),
    (MONITOR, "web-monitor"),
    (POOL, "web-primary-pool"),
    (POOL, "web-secondary-pool"),
    (LB, "web-lb"),
}
CONFIGS: dict[str, tuple[Callable[[], dict[str, Any]], set[tuple[str, str]]]] = {
    "2-tiers": (base, TWO),
    "3-tiers": (three_tiers, TWO | {(POOL, "web-tertiary-pool")}),
    "min-healthy": (_multi, TWO),
    "dns-only": (lambda: base(proxied=False, ttl=120), TWO),
    "http": (lambda: base(health_check={"protocol": "HTTP", "regions": ["WEU"]}), TWO),
    "tcp": (_tcp, TWO),
    "statuses": (_mixed_status, TWO | {(POOL, "web-tertiary-pool")}),
    "canonical": (canonical, TWO | {(MONITOR, "web-primary-monitor"), (POOL, "web-tertiary-pool")}),
}


@pytest.mark.parametrize("config", list(CONFIGS), ids=list(CONFIGS))
def test_preview_declares_the_same_children_and_inputs(config: str) -> None:
    make, names = CONFIGS[config]
    real = deploy(make)
    preview = deploy(make, preview=True)
    assert real.names() == names
    assert preview.names() == names
    for r in real.resources:
        p = preview.get(r.type, r.name)
        assert without_ids(p.plain()) == without_ids(r.plain()), r.name
        assert p.parent == r.parent
    # Ids are unknown in preview, and so are the outputs built from them; the rest is known.
    assert preview.outputs["pool_ids"] is UNKNOWN
    assert preview.outputs["load_balancer_id"] is UNKNOWN
    assert preview.outputs["fqdn"] == real.outputs["fqdn"]
    assert (
        preview.outputs["worst_case_failover_seconds"]
        == real.outputs["worst_case_failover_seconds"]
    )


def test_host_name_origins_dns_only_are_flattened_by_cloudflare() -> None:
    def make() -> dict[str, Any]:
        args = base(proxied=False)
        args["pools"][0]["endpoints"] = [{"address": "Origin-A.example.net."}]
        args["pools"][1]["endpoints"] = [{"address": "origin-b.example.net"}]
        return args

    rec = deploy(make)
    assert rec.get(POOL, "web-primary-pool").plain("origins") == [
        {
            "address": "origin-a.example.net",
            "name": "origin-a-example-net",
            "weight": 1,
            "enabled": True,
        }
    ]
    [reported] = rec.failover_sets
    assert reported.record_type == "CNAME"
    assert reported.facts["answers"] == "origin host names flattened to their A/AAAA records"
