"""The Cloudflare package's shape: public names, registry, the one pure layout, the capabilities
table and the token permissions, each checked against what the component really declares."""

import ast
from pathlib import Path
from typing import Any

import pytest
from cloudflare_support import base, deploy
from hypothesis import given, settings
from hypothesis import strategies as st

import failover_components.cloudflare as package
import failover_components.simulate.cloudflare as old_resolver_path
from failover_components import clouds
from failover_components.cloudflare import check_args, deployer_permissions, iam, resolver
from failover_components.cloudflare.constants import MONITOR, POOL, WEIGHT_STEP
from failover_components.cloudflare.layout import plan
from failover_components.cloudflare.rules import CAPABILITIES
from failover_components.cloudflare.settings import parse_settings
from failover_components.spec import HealthCheckArgs
from failover_components.validation import parse_failover_set, typeddict_keys

PUBLIC = {
    "CloudflareAlertsArgs",
    "CloudflareFailover",
    "CloudflareFailoverArgs",
    "CloudflarePlan",
    "check_args",
}
"""``failover_components.cloudflare.__all__`` before it became a package."""


def test_every_public_name_of_the_old_module_is_still_there() -> None:
    assert set(package.__all__) >= PUBLIC
    assert set(dir(package)) >= set(package.__all__)
    assert package.CloudflareFailover.__name__ == "CloudflareFailover"
    assert package.CloudflareFailover.__module__ == "failover_components.cloudflare.component"
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        package.Nope  # noqa: B018 - the attribute access is the test


def test_the_old_resolver_path_is_the_package_resolver() -> None:
    assert old_resolver_path.resolve is resolver.resolve
    assert old_resolver_path.publishes is resolver.publishes
    assert set(old_resolver_path.__all__) == {"publishes", "resolve"}


def test_the_registry_names_the_package_parts() -> None:
    entry = clouds.CLOUDS["cloudflare"]
    assert entry.resolver_module() is resolver
    mocks = entry.mocks_module()
    assert mocks is not None
    assert mocks.__name__ == "failover_components.cloudflare.mocks"
    assert entry.check_args is not None
    assert clouds.for_resource_type(MONITOR) is entry


def test_only_component_alerts_and_dnssec_import_the_sdk() -> None:
    # Read from the source, so an import inside a function counts too; the rules, settings,
    # layout and resolver must run where pulumi_cloudflare is not installed (the policy pack).
    here = Path(package.__file__).parent
    importers: set[str] = set()
    for path in here.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            if any(n.split(".")[0] == "pulumi_cloudflare" for n in names):
                importers.add(path.stem)
    assert importers == {"component", "alerts", "dnssec"}


# -- capabilities ------------------------------------------------------------------------------


def test_every_neutral_health_check_key_has_a_monitor_setting() -> None:
    """The capabilities table is empty: a set giving every neutral health-check key (values
    Cloudflare takes) is accepted, and each reaches the monitor or the pool."""
    assert dict(CAPABILITIES) == {}
    args = base(plan="enterprise", allow_insecure=True)
    args["health_check"] = {
        "protocol": "HTTPS",
        "port": 8443,
        "path": "/healthz",
        "host": "health.example.com",
        "search_string": "ok",
        "expected_codes": "200",
        "headers": {"X-Token": "s3cret"},
        "interval_seconds": 30,
        "timeout_seconds": 4,
        "failure_threshold": 3,
        "regions": ["WEU", "ENAM"],
    }
    assert set(args["health_check"]) == typeddict_keys(HealthCheckArgs)
    assert check_args(args) == []
    rec = deploy(lambda: args, ())
    (monitor,) = rec.by_type(MONITOR)
    assert {
        k: monitor.plain(k)
        for k in ("type", "port", "path", "expectedBody", "expectedCodes", "interval", "timeout")
    } == {
        "type": "https",
        "port": 8443,
        "path": "/healthz",
        "expectedBody": "ok",
        "expectedCodes": "200",
        "interval": 30,
        "timeout": 4,
    }
    assert monitor.plain("consecutiveDown") == monitor.plain("consecutiveUp") == 3
    assert monitor.plain("header") == {"Host": ["health.example.com"], "X-Token": ["s3cret"]}
    assert {p.plain("checkRegions") == ["WEU", "ENAM"] for p in rec.by_type(POOL)} == {True}


def test_the_route53_endpoint_keys_are_refused_by_name() -> None:
    args = base()
    args["pools"][0]["endpoints"][0].update(
        address="lb.example.net", alias_zone_id="Z35SXDOTRQ7X7K", evaluate_target_health=False
    )
    assert [str(r) for r in check_args(args)] == [
        "pools[0].endpoints[0].alias_zone_id: Route 53 only: Cloudflare origins are addresses "
        "or host names; expected no alias_zone_id (give the target's host name as address)",
        "pools[0].endpoints[0].evaluate_target_health: Route 53 only, got False; expected no "
        "evaluate_target_health",
    ]


# -- the token permissions --------------------------------------------------------------------


FEATURES: dict[str, dict[str, Any]] = {
    "basic": {},
    "dnssec": {"dnssec": True},
    "emails": {"alerts": {"emails": ["ops@example.com"]}},
    "everything": {
        "dnssec": True,
        "alerts": {
            "emails": ["ops@example.com"],
            "webhook_url": "https://hooks.example.com/a",
            "webhook_id": "b115d5ec15c641ee8b7692c449b5227b",
        },
    },
}


@pytest.mark.parametrize("features", list(FEATURES), ids=list(FEATURES))
def test_permissions_cover_every_resource_the_component_declares(features: str) -> None:
    extra = FEATURES[features]
    rec = deploy(lambda: base(**extra), ())
    declared = {r.type for r in rec.resources if r.custom}
    assert declared <= set(iam.PERMISSIONS), declared - set(iam.PERMISSIONS)
    needed = sorted({str(p) for t in declared for p in iam.PERMISSIONS[t]})
    assert deployer_permissions(dnssec="dnssec" in extra, alerts="alerts" in extra) == needed


def test_permissions_for_every_feature_by_name() -> None:
    assert deployer_permissions(dnssec=True, alerts=True) == [
        "Account: Load Balancing: Monitors and Pools Write",
        "Account: Notifications Write",
        "Zone: DNS Write",
        "Zone: Load Balancers Write",
        "Zone: Zone Read",
    ]
    assert deployer_permissions() == [
        "Account: Load Balancing: Monitors and Pools Write",
        "Zone: Load Balancers Write",
        "Zone: Zone Read",
    ]
    for permissions in iam.PERMISSIONS.values():
        assert all(p.source.startswith("https://developers.cloudflare.com/") for p in permissions)


# -- the one layout --------------------------------------------------------------------------

STATUSES = st.sampled_from(["obey", "obey", "up", "down"])


@st.composite
def failover_sets(draw: st.DrawFn) -> dict[str, Any]:
    """Valid-shaped sets near the boundary: 1-4 tiers, 1-3 endpoints each, any status, some
    pools overriding the health check, weights from 1 to 255."""
    pools: list[dict[str, Any]] = []
    for p in range(draw(st.integers(1, 4))):
        endpoints = [
            {
                "name": f"e{e}",
                "address": f"192.0.2.{p * 10 + e + 1}",
                "status": draw(STATUSES),
                "weight": draw(st.integers(1, 255)),
            }
            for e in range(draw(st.integers(1, 3)))
        ]
        pool: dict[str, Any] = {"name": f"p{p}", "endpoints": endpoints}
        if draw(st.booleans()):
            pool["health_check"] = {"path": f"/p{p}"}
        pools.append(pool)
    return base(pools=pools, allow_insecure=draw(st.booleans()))


@settings(max_examples=60, deadline=None)
@given(failover_sets())
def test_the_layout_is_the_plan_the_rules_accept(args: dict[str, Any]) -> None:
    """Whatever the rules accept, the layout gives each monitored pool a monitor (one shared
    by the pools that keep the set's check), none to the others, a distinct pool name, and
    weights on Cloudflare's 0.01 grid with the pool's heaviest origin at 1."""
    if check_args(args):
        return
    fset, reasons = parse_failover_set(args, args_type=package.CloudflareFailoverArgs)
    assert fset is not None
    assert not reasons
    settings_, _ = parse_settings(args)
    layout = plan("web", fset, settings_)
    assert [p.pool.name for p in layout.pools] == [p.name for p in fset.pools]
    assert len({p.name for p in layout.pools}) == len(layout.pools)
    shared = {
        p.monitor.resource_name
        for p in layout.pools
        if p.monitor and not p.pool.overrides_health_check
    }
    assert len(shared) <= 1
    for pool in layout.pools:
        probed = not any(e.status.value == "up" for e in pool.pool.endpoints)
        assert (pool.monitor is not None) == probed
        assert (pool.check_regions is not None) == probed
        weights = [o.weight for o in pool.origins]
        assert max(weights) == 1.0
        assert all(0 < w <= 1 and round(w / float(WEIGHT_STEP), 6).is_integer() for w in weights)
    assert {m.resource_name for m in layout.monitors} == {
        p.monitor.resource_name for p in layout.pools if p.monitor
    }


def test_the_summary_shows_the_settings_the_monitors_are_declared_with() -> None:
    """The plan summary and the monitors come from one layout: every monitored tier's summary
    settings are the recorded monitor's inputs (header values hidden)."""

    def make() -> dict[str, Any]:
        args = base(allow_insecure=True)
        args["health_check"] = {
            "regions": ["WEU"],
            "protocol": "HTTPS",
            "headers": {"X-Token": "s3cret"},
            "interval_seconds": 90,
        }
        args["pools"][1]["health_check"] = {"protocol": "TCP", "port": 5432}
        return args

    rec = deploy(make, ())
    (set_summary,) = rec.failover_sets
    monitors = {r.name: r for r in rec.by_type(MONITOR)}
    pools = {r.inputs["name"]: r for r in rec.by_type(POOL)}
    assert len(monitors) == 2
    assert len(pools) == 2
    camel = {
        "expected_codes": "expectedCodes",
        "expected_body": "expectedBody",
        "allow_insecure": "allowInsecure",
        "follow_redirects": "followRedirects",
        "consecutive_down": "consecutiveDown",
        "consecutive_up": "consecutiveUp",
    }
    for tier in set_summary.to_json()["tiers"]:
        health = tier["health_check"]
        monitor = monitors[health["monitor"]]
        for key, value in health.items():
            if key in ("monitor", "minimum_origins", "check_regions", "header"):
                continue
            assert monitor.plain(camel.get(key, key)) == value, key
        if "header" in health:
            sent = monitor.plain("header")
            assert set(sent) == set(health["header"])
            assert health["header"]["X-Token"] == "[hidden]"
            assert monitor.is_secret("header")
