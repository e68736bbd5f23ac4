"""Inputs near the boundary (issue 14): None, odd iterables, odd shapes and values the clouds'
APIs refuse, each refused with a path before anything is registered, on every cloud."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest

from failover_components import FailoverConfigError
from failover_components.aws import Route53Failover
from failover_components.azure import TrafficManagerFailover
from failover_components.cloudflare import CloudflareFailover
from failover_components.testing import Recording, run
from failover_components.validation import ARGS_PATH, classify_address

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "0123456789abcdef0123456789abcdef"
ZONE = "fedcba9876543210fedcba9876543210"
AZURE_ID = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
    "Microsoft.Network/publicIPAddresses/pip1"
)

Component = Callable[..., pulumi.ComponentResource]
CLOUDS: dict[str, tuple[Component, dict[str, Any]]] = {
    "aws": (Route53Failover, {}),
    "azure": (TrafficManagerFailover, {"resource_group_name": "rg-dns"}),
    "cloudflare": (
        CloudflareFailover,
        {"account_id": ACCOUNT, "zone_id": ZONE, "health_check": {"regions": ["WEU", "ENAM"]}},
    ),
}


def base(cloud: str) -> dict[str, Any]:
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {"name": "primary", "endpoints": [{"name": "a", "address": "192.0.2.10"}]},
            {"name": "secondary", "endpoints": [{"name": "b", "address": "198.51.100.10"}]},
        ],
        **CLOUDS[cloud][1],
    }


def refused(cloud: str, args: object, name: object = "web") -> list[str]:
    """The reasons the component refuses ``args`` with, checking that nothing (not even the
    component) was registered."""
    component = CLOUDS[cloud][0]
    errors: list[FailoverConfigError] = []

    def program() -> None:
        try:
            component(name, args)
        except FailoverConfigError as exc:
            errors.append(exc)

    rec = run(program)
    assert rec.resources == []
    assert len(errors) == 1
    assert all(r.path for r in errors[0].reasons), errors[0]
    return [str(r) for r in errors[0].reasons]


def _python(*argv: str) -> subprocess.CompletedProcess[str]:
    """This interpreter in a child process, with only this repository on its path."""
    return subprocess.run(
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=300,
        check=False,
    )


def deploy(cloud: str, make: Callable[[], dict[str, Any]]) -> Recording:
    return run(lambda: CLOUDS[cloud][0]("web", make()))


every_cloud = pytest.mark.parametrize("cloud", sorted(CLOUDS))


# --- None is not a value ---------------------------------------------------------------------


def _set(args: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    node: Any = args
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    node[int(last) if last.isdigit() else last] = value
    return args


NULLS = [
    (
        "hostname",
        "hostname: null is not a value here, got None; expected a DNS name such as 'example.com'",
    ),
    (
        "zone_name",
        "zone_name: null is not a value here, got None; expected a DNS name such as 'example.com'",
    ),
    (
        "pools",
        "pools: null is not a value here, got None; expected a list of at least 2 pools (tiers)",
    ),
    (
        "pools.1.endpoints",
        "pools[1].endpoints: null is not a value here, got None; expected a "
        "list of at least 1 endpoint",
    ),
    (
        "pools.1.name",
        "pools[1].name: null is not a value here, got None; expected a pool name such as 'primary'",
    ),
    (
        "pools.0.endpoints.0.name",
        "pools[0].endpoints[0].name: null is not a value here, got "
        "None; expected a stable endpoint name, or no name key (derived from address)",
    ),
    (
        "pools.0.endpoints.0.address",
        "pools[0].endpoints[0].address: null is not a value here, "
        "got None; expected an IP address or a host name",
    ),
]


@every_cloud
@pytest.mark.parametrize(("path", "reason"), NULLS, ids=[p for p, _ in NULLS])
def test_none_is_refused_with_its_path(cloud: str, path: str, reason: str) -> None:
    reasons = refused(cloud, _set(base(cloud), path, None))
    assert reasons == [reason]


# --- One way to read a list: any sequence, never a one-pass iterable -------------------------


@every_cloud
def test_a_tuple_is_a_list(cloud: str) -> None:
    def as_tuples() -> dict[str, Any]:
        args = base(cloud)
        args["pools"] = tuple({**p, "endpoints": tuple(p["endpoints"])} for p in args["pools"])
        return args

    assert deploy(cloud, as_tuples).names() == deploy(cloud, lambda: base(cloud)).names()


@every_cloud
@pytest.mark.parametrize("where", ["pools", "pools.0.endpoints"])
def test_a_generator_is_refused_the_same_on_every_cloud(cloud: str, where: str) -> None:
    args = base(cloud)
    # An alias key a list would refuse on Azure and Cloudflare: a generator used to hide it
    # from the cloud's own check, which read the already-consumed generator as empty.
    args["pools"][0]["endpoints"][0]["alias_zone_id"] = "Z35SXDOTRQ7X7K"
    if where == "pools":
        args["pools"] = (p for p in args["pools"])
    else:
        args["pools"][0]["endpoints"] = (e for e in args["pools"][0]["endpoints"])
    reasons = refused(cloud, args)
    path = "pools" if where == "pools" else "pools[0].endpoints"
    assert any(
        r.startswith(f"{path}: not a list, got <generator object") and "one-pass iterable" in r
        for r in reasons
    ), reasons


@every_cloud
def test_a_set_of_regions_is_refused(cloud: str) -> None:
    args = base(cloud)
    args["health_check"] = {"regions": {"WEU", "ENAM"}}
    assert any(r.startswith("health_check.regions: not a list") for r in refused(cloud, args))


# --- Odd shapes ------------------------------------------------------------------------------


@every_cloud
@pytest.mark.parametrize("args", [None, ["hostname"], "app.example.com"])
def test_args_that_are_not_a_mapping(cloud: str, args: object) -> None:
    assert refused(cloud, args) == [
        f"{ARGS_PATH}: not a mapping, got {args!r}; expected a mapping of keys to values"
    ]


@every_cloud
@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "<name>: empty resource name, got ''; expected a resource name such as 'web'"),
        (None, "<name>: not a string, got None; expected a resource name such as 'web'"),
    ],
)
def test_an_empty_component_name_is_a_config_error(cloud: str, name: object, reason: str) -> None:
    assert refused(cloud, base(cloud), name=name) == [reason]


NON_ASCII = (
    "not ASCII: write an internationalised name in its IDNA A-label form ('xn--...', RFC 5891)"
)


@every_cloud
@pytest.mark.parametrize(
    "host",
    ["\u212aelvin.example.com", "caf\u00e9.example.com", "\u0130stanbul.example.com"],
    ids=["kelvin-sign", "e-acute", "dotted-capital-i"],
)
def test_non_ascii_names_are_refused_alike(cloud: str, host: str) -> None:
    # str.lower() folds the Kelvin sign to 'k', which used to accept that one name only.
    assert refused(cloud, {**base(cloud), "hostname": host}) == [
        f"hostname: {NON_ASCII}, got {host!r}; expected a DNS name such as 'app.example.com'"
    ]


def test_non_ascii_endpoint_host_names_are_refused() -> None:
    _kind, _norm, problem = classify_address("\u212aelvin.example.net")
    assert problem == f"not an IP address or host name: {NON_ASCII}"


def test_the_xn_form_is_accepted() -> None:
    args = base("aws")
    args["hostname"] = "xn--caf-dma.example.com"
    rec = deploy("aws", lambda: args)
    assert rec.failover_sets[0].hostname == "xn--caf-dma.example.com"


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("192.0.2.10:443", "an address has no port; use health_check.port"),
        ("[2001:db8::1]:443", "an address has no port; use health_check.port"),
        ("app.example.net:8443", "an address has no port; use health_check.port"),
        ("2001:db8::1", None),
        ("2001:db8::443", None),
    ],
)
def test_an_address_with_a_port(address: str, problem: str | None) -> None:
    assert classify_address(address)[2] == problem


@every_cloud
def test_health_check_host_given_an_ip(cloud: str) -> None:
    args = base(cloud)
    args["health_check"] = {**args.get("health_check", {}), "host": "192.0.2.10"}
    assert refused(cloud, args) == [
        "health_check.host: an IP address, not a host name: host is the Host header and TLS "
        "SNI name, got '192.0.2.10'; expected a host name such as 'app.example.com' (the "
        "endpoint's address is probed)"
    ]


@every_cloud
def test_regions_differing_only_in_case_are_one_region(cloud: str) -> None:
    args = base(cloud)
    args["health_check"] = {"regions": ["WEU", "weu", "ENAM"]}
    reasons = refused(cloud, args)
    assert (
        "health_check.regions: duplicate regions ['WEU', 'weu'], got ['WEU', 'weu', 'ENAM']"
        in reasons
    ), reasons


def test_a_typo_reads_as_a_suggestion() -> None:
    args = base("aws")
    args["hostnme"] = args.pop("hostname")
    reasons = refused("aws", args)
    assert reasons[0].startswith(
        "hostnme: unknown key (did you mean 'hostname'?); expected one of alerts, "
    )
    assert "expected did you mean" not in " ".join(reasons)


@pytest.mark.parametrize("value", [False, True])
def test_yaml_booleans_get_a_quoting_hint(value: bool) -> None:
    # PyYAML reads `name: no` and `name: off` as False.
    args = _set(base("aws"), "pools.1.name", value)
    assert refused("aws", args) == [
        f"pools[1].name: not a string, got {value!r}; expected a string (YAML reads unquoted "
        "yes, no, on, off, true and false as booleans: quote it)"
    ]


# --- Values the clouds' APIs refuse ----------------------------------------------------------


def test_route53_refuses_an_azure_resource_id() -> None:
    args = _set(base("aws"), "pools.0.endpoints.0.address", AZURE_ID)
    assert refused("aws", args) == [
        f"pools[0].endpoints[0].address: an Azure resource id cannot be a Route 53 answer (only "
        f"Traffic Manager takes one), got {AZURE_ID!r}; expected an IPv4 or IPv6 address or a "
        "host name (an AWS alias target's DNS name with alias_zone_id)"
    ]


@pytest.mark.parametrize(
    ("cloud", "problem"),
    [
        (
            "aws",
            "an Azure resource id cannot be a Route 53 answer (only Traffic Manager takes one)",
        ),
        ("cloudflare", "an Azure resource id cannot be a Cloudflare origin"),
    ],
)
def test_an_azure_resource_id_is_refused_when_an_output_resolves(cloud: str, problem: str) -> None:
    def program() -> None:
        args = base(cloud)
        args["record_type"] = "A"
        args["pools"][0]["endpoints"][0]["address"] = pulumi.Output.from_input(AZURE_ID)
        CLOUDS[cloud][0]("web", args)

    with pytest.raises(FailoverConfigError) as caught:
        run(program)
    assert [r.path for r in caught.value.reasons] == ["pools[0].endpoints[0].address"]
    assert [r.problem for r in caught.value.reasons] == [problem]


def _weights(*weights: int) -> Callable[[], dict[str, Any]]:
    def make() -> dict[str, Any]:
        args = base("cloudflare")
        args["pools"][0]["endpoints"] = [
            {"name": f"e{i}", "address": f"192.0.2.{10 + i}", "weight": w}
            for i, w in enumerate(weights)
        ]
        return args

    return make


@pytest.mark.parametrize(
    ("weights", "sent"),
    [
        ((1, 3), [0.33, 1.0]),
        ((1, 3, 100), [0.01, 0.03, 1.0]),
        ((3, 4, 255), [0.01, 0.02, 1.0]),
        ((200, 201, 255), [0.78, 0.79, 1.0]),
        ((5, 5), [1.0, 1.0]),
    ],
)
def test_cloudflare_origin_weights_are_on_the_api_grid(
    weights: tuple[int, ...], sent: list[float]
) -> None:
    pool = deploy("cloudflare", _weights(*weights)).get(
        "cloudflare:index/loadBalancerPool:LoadBalancerPool", "web-primary-pool"
    )
    got = [o["weight"] for o in pool.plain("origins")]
    assert got == sent
    # multipleOf 0.01, 0 < w <= 1 (cloudflare/api-schemas, load-balancing_weight).
    assert all(0 < w <= 1 and abs(w * 100 - round(w * 100)) < 1e-9 for w in got)


def test_cloudflare_refuses_weight_ratios_the_grid_cannot_express() -> None:
    reasons = refused("cloudflare", _weights(1, 3, 255)())
    assert reasons == [
        "pools[0].endpoints[0].weight: 255:1 is more than the 100:1 ratio Cloudflare origin "
        "weights can express (0 to 1 in steps of 0.01, https://github.com/cloudflare/"
        "api-schemas/blob/main/openapi.json (components.schemas.load-balancing_weight)), got "
        "1; expected at least 3 next to a weight of 255"
    ]


def test_cloudflare_dns_only_ttl_30_on_pro() -> None:
    rec = deploy("cloudflare", lambda: {**base("cloudflare"), "proxied": False, "ttl": 30})
    lb = rec.get("cloudflare:index/loadBalancer:LoadBalancer", "web-lb")
    assert lb.inputs["ttl"] == 30


# --- The testing kit -------------------------------------------------------------------------


def test_run_raises_the_config_error_of_a_resolved_output() -> None:
    def program() -> None:
        args = base("aws")
        args["record_type"] = "A"
        args["pools"][0]["endpoints"][0]["address"] = pulumi.Output.from_input("10.0.0.300")
        Route53Failover("web", args)  # type: ignore[arg-type]

    with pytest.raises(FailoverConfigError) as caught:
        run(program)
    assert type(caught.value) is FailoverConfigError
    assert [str(r) for r in caught.value.reasons] == [
        "pools[0].endpoints[0].address: not an IPv4 address, got '10.0.0.300'; expected an "
        "IPv4 or IPv6 address or a host name"
    ]
    assert caught.value.subject == "Route53Failover 'web'"


SCRIPT = """
import logging
import pulumi
from failover_components import FailoverConfigError
from failover_components.aws import Route53Failover
from failover_components.testing import run

logging.basicConfig(level=logging.WARNING)

def program():
    Route53Failover("web", {
        "hostname": "app.example.com", "zone_name": "example.com", "record_type": "A",
        "pools": [
            {"name": "primary", "endpoints": [
                {"name": f"e{i}", "address": pulumi.Output.from_input(f"10.0.0.{300 + i}")}
                for i in range(4)]},
            {"name": "secondary", "endpoints": [
                {"name": "b", "address": pulumi.Output.from_input("192.168.0.1")}]},
        ]})

kept = []
try:
    run(program)
except FailoverConfigError as exc:
    kept.append(exc)  # a script that keeps the error: its futures used to log at exit
    print("caught", type(exc).__name__)
"""


def test_a_kept_error_leaves_no_never_retrieved_noise(tmp_path: Path) -> None:
    script = tmp_path / "keep.py"
    script.write_text(SCRIPT)
    done = _python(str(script))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "caught FailoverConfigError\n"
    assert "never retrieved" not in done.stderr
    assert "Traceback" not in done.stderr


# --- Policy: one rule, one result on every cloud ---------------------------------------------


@every_cloud
@pytest.mark.parametrize("count", [1, 2])
@pytest.mark.parametrize("status", ["up", "obey"])
def test_fo001_when_the_primary_is_never_probed(cloud: str, status: str, count: int) -> None:
    from failover_components.policy import check_recording

    def make() -> dict[str, Any]:
        args = base(cloud)
        args["pools"][0]["endpoints"] = [
            {"name": f"e{i}", "address": f"192.0.2.{10 + i}", "status": status}
            for i in range(count)
        ]
        return args

    findings = [f for f in check_recording(deploy(cloud, make)) if f.rule_id == "FO001"]
    assert bool(findings) is (status == "up"), findings
    assert all(f.component == "web" and f.failing for f in findings)


@pytest.mark.parametrize(("count", "weights"), [(8, False), (9, False), (9, True)])
def test_route53_multivalue_pool_holds_at_most_8(count: int, weights: bool) -> None:
    args = base("aws")
    args["pools"][0]["endpoints"] = [
        {"name": f"e{i}", "address": f"192.0.2.{10 + i}", **({"weight": 1} if weights else {})}
        for i in range(count)
    ]
    if count <= 8 or weights:
        assert deploy("aws", lambda: args).failover_sets[0].hostname == "app.example.com"
        return
    assert refused("aws", args) == [
        "pools[0].endpoints: 9 endpoints is more than the 8 healthy records a Route 53 "
        "multivalue answer holds: each resolver would get a different subset of 8 "
        "(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-multivalue."
        "html); expected at most 8 endpoints in a pool without weights, or weights on its "
        "endpoints (weighted records answer one at a time, up to 100)"
    ]


# --- Timing: an alias tier's detection is the target's own --------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return _python("-m", "failover_components.cli", *args)


def test_plan_and_drill_show_an_alias_tier_detection_as_unknown() -> None:
    import json

    plan = _cli("plan", "examples/multicloud")
    assert plan.returncode == 0, plan.stderr
    assert (
        "      detection unknown (decided by the alias target's own health (e.g. the ALB's "
        "target groups' interval and unhealthy threshold), not by a Route 53 health check), "
        "failover at least 60 s, recovery at least 60 s\n" in plan.stdout
    )
    assert "    worst case = target health unknown + ttl 60\n" in plan.stdout
    drill = _cli("drill", "examples/multicloud", "--down", "aws-eu", "--json")
    assert drill.returncode == 0, drill.stderr
    (result,) = json.loads(drill.stdout)["results"]
    events = {e["name"]: e for e in result["timeline"]["events"]}
    assert events["unhealthy"]["worst"] is None
    assert events["unhealthy"]["why"] == "target health unknown"
    assert events["caches expired"] == {
        "name": "caches expired",
        "best": 0,
        "worst": None,
        "why": "target health unknown + ttl 60 s",
    }


def test_a_budget_cannot_be_checked_on_an_alias_tier() -> None:
    args = base("aws")
    args["max_failover_seconds"] = 600
    args["pools"][0]["endpoints"] = [
        {
            "name": "alb",
            "address": "web-alb-1.eu-west-1.elb.amazonaws.com",
            "alias_zone_id": "Z32O12XQLNTSW2",
        }
    ]
    (reason,) = refused("aws", args)
    assert reason.startswith(
        "max_failover_seconds: cannot be checked: the worst-case failover (pool 'primary') has "
        "a term nothing documented bounds (worst-case at least 60 s = target health unknown ("
    )


def test_yaml_off_as_a_status_gets_the_quoting_hint() -> None:
    args = _set(base("aws"), "pools.0.endpoints.0.status", False)  # `status: off` in YAML
    assert refused("aws", args) == [
        "pools[0].endpoints[0].status: not an allowed value, got False; expected one of 'obey', "
        "'up', 'down' (YAML reads unquoted on and off as booleans: quote it)"
    ]


def test_an_alias_tier_plots_with_its_unknown_detection(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "alias.png"
    done = _cli("drill", "examples/multicloud", "--down", "aws-eu", "--plot", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "      unhealthy        0 s-unknown  target health unknown\n" in done.stdout


def test_cloudflare_refuses_a_fallback_pool_with_every_origin_down() -> None:
    # Found by tests/test_properties.py (fuzz profile): with every tier down the drill expects
    # the fail-open answer, and a fallback pool whose origins are all disabled gives none.
    args = _set(base("cloudflare"), "pools.1.endpoints.0.status", "down")
    assert refused("cloudflare", args) == [
        "pools[1].endpoints: every endpoint of the last pool is 'down', and the last pool is "
        "Cloudflare's fallback pool: with every tier down the load balancer would answer "
        "nothing; expected at least one endpoint of the last pool not 'down' (drain the last "
        "tier by adding another after it)"
    ]
    # Down in an earlier tier is a drain, as on every cloud.
    assert deploy(
        "cloudflare", lambda: _set(base("cloudflare"), "pools.0.endpoints.0.status", "down")
    )


def test_traffic_manager_refuses_a_set_with_every_endpoint_down() -> None:
    # Found by tests/test_properties.py (fuzz profile): every endpoint disabled is NXDOMAIN.
    args = _set(base("azure"), "pools.0.endpoints.0.status", "down")
    _set(args, "pools.1.endpoints.0.status", "down")
    assert refused("azure", args) == [
        "pools: every endpoint is 'down', and a Traffic Manager profile whose endpoints are all "
        "disabled answers NXDOMAIN; expected at least one endpoint not 'down'"
    ]
