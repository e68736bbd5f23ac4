"""The Cloudflare resolver: each documented rule on hand-built SDK resources, then every
combination of healthy and failed tiers of the component."""

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

import pulumi
import pytest

# Imported through our module first: it silences the SDK's import-time deprecation warnings.
from failover_components.cloudflare import CloudflareFailover
from failover_components.simulate import Answer, SimulationError
from failover_components.simulate import resolve as resolve_any
from failover_components.simulate.cloudflare import resolve
from failover_components.testing import Recording, run

# isort: split
import pulumi_cloudflare as cloudflare
from cloudflare_support import ACCOUNT, ZONE

HOST = "app.example.com"

# --- Hand-written SDK programs (no component) ------------------------------------------------

OriginSpec = tuple[str, bool]  # (address, enabled)


def origins(*spec: str | OriginSpec) -> list[OriginSpec]:
    return [(s, True) if isinstance(s, str) else s for s in spec]


def program(
    pools: dict[str, dict[str, Any]],
    *,
    default: Sequence[str],
    fallback: str,
    **lb: Any,
) -> Recording:
    """A load balancer over hand-built pools: ``pools[name] = {"origins": [...],
    "monitor": bool, "minimum_origins": int, "enabled": bool}``."""

    def build() -> None:
        monitor = cloudflare.LoadBalancerMonitor(
            "mon", account_id=ACCOUNT, type="https", interval=60, timeout=5
        )
        made: dict[str, cloudflare.LoadBalancerPool] = {}
        for name, spec in pools.items():
            made[name] = cloudflare.LoadBalancerPool(
                name,
                account_id=ACCOUNT,
                name=name,
                origins=[
                    cloudflare.LoadBalancerPoolOriginArgs(address=a, name=a, enabled=e)
                    for a, e in spec["origins"]
                ],
                monitor=monitor.id if spec.get("monitor", True) else None,
                minimum_origins=spec.get("minimum_origins"),
                enabled=spec.get("enabled"),
            )
        options: dict[str, Any] = {"steering_policy": "off", "proxied": True, **lb}
        cloudflare.LoadBalancer(
            "lb",
            zone_id=ZONE,
            name=HOST,
            default_pools=[made[n].id for n in default],
            fallback_pool=made[fallback].id,
            **options,
        )

    return run(build)


def two_pools(**a_spec: Any) -> dict[str, dict[str, Any]]:
    return {
        "a": {"origins": origins("192.0.2.1", "192.0.2.2"), **a_spec},
        "b": {"origins": origins("198.51.100.1")},
    }


def answer_of(
    rec: Recording, down: Sequence[str] = ()
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    a = resolve(rec, HOST, down)
    return a.values, a.pools, a.fail_open


def test_default_pool_order_decides() -> None:
    pools = two_pools()
    assert answer_of(program(pools, default=["a", "b"], fallback="b")) == (
        ("192.0.2.1", "192.0.2.2"),
        ("a",),
        False,
    )
    # Same pools, the other order: the first listed pool answers, not the first created.
    assert answer_of(program(pools, default=["b", "a"], fallback="a")) == (
        ("198.51.100.1",),
        ("b",),
        False,
    )


@pytest.mark.parametrize(
    ("down", "expected"),
    [
        ((), (("192.0.2.1", "192.0.2.2", "192.0.2.3"), ("a",), False)),
        (("192.0.2.1",), (("192.0.2.2", "192.0.2.3"), ("a",), False)),
        (("192.0.2.1", "192.0.2.3"), (("198.51.100.1",), ("b",), False)),
    ],
    ids=["all-healthy", "one-down-still-two", "two-down-below-minimum"],
)
def test_pool_health_from_minimum_origins(down: tuple[str, ...], expected: Any) -> None:
    pools = {
        "a": {"origins": origins("192.0.2.1", "192.0.2.2", "192.0.2.3"), "minimum_origins": 2},
        "b": {"origins": origins("198.51.100.1")},
    }
    assert answer_of(program(pools, default=["a", "b"], fallback="b"), down) == expected


def test_disabled_origins_are_never_answered_and_do_not_count() -> None:
    pools: dict[str, dict[str, Any]] = {
        "a": {
            "origins": origins("192.0.2.1", ("192.0.2.2", False)),
            "minimum_origins": 1,
        },
        "b": {"origins": origins("198.51.100.1")},
    }
    rec = program(pools, default=["a", "b"], fallback="b")
    assert answer_of(rec) == (("192.0.2.1",), ("a",), False)
    # The disabled origin does not keep the pool healthy.
    assert answer_of(rec, ["192.0.2.1"]) == (("198.51.100.1",), ("b",), False)

    pools["a"]["minimum_origins"] = 2
    rec = program(pools, default=["a", "b"], fallback="b")
    assert answer_of(rec) == (("198.51.100.1",), ("b",), False)


def test_disabled_pool_is_skipped() -> None:
    rec = program(two_pools(enabled=False), default=["a", "b"], fallback="b")
    assert answer_of(rec) == (("198.51.100.1",), ("b",), False)


def test_pool_without_monitor_ignores_health() -> None:
    rec = program(two_pools(monitor=False), default=["a", "b"], fallback="b")
    assert answer_of(rec, ["192.0.2.1", "192.0.2.2"]) == (
        ("192.0.2.1", "192.0.2.2"),
        ("a",),
        False,
    )


def test_fallback_pool_answers_whatever_its_health() -> None:
    pools = {
        **two_pools(),
        "last": {"origins": origins("203.0.113.1", ("203.0.113.2", False))},
    }
    # The fallback pool is not one of the default pools: it is used only when they all fail.
    rec = program(pools, default=["a", "b"], fallback="last")
    assert answer_of(rec, ["192.0.2.2"]) == (("192.0.2.1",), ("a",), False)
    everything = ["192.0.2.1", "192.0.2.2", "198.51.100.1", "203.0.113.1"]
    # Its own origin is down too, and it answers anyway; its disabled origin never.
    assert answer_of(rec, everything) == (("203.0.113.1",), ("last",), True)


def test_disabled_fallback_pool_gives_no_answer() -> None:
    pools = {**two_pools(), "last": {"origins": origins("203.0.113.1"), "enabled": False}}
    for proxied, what in ((True, "HTTP 530 (error 1016)"), (False, "only the SOA record")):
        rec = program(
            pools, default=["a", "b"], fallback="last", proxied=proxied, ttl=None if proxied else 30
        )
        a = resolve(rec, HOST, ["192.0.2.1", "192.0.2.2", "198.51.100.1"])
        assert (a.values, a.pools, a.fail_open) == ((), (), False)
        assert what in a.trace[-1]


@pytest.mark.parametrize(
    ("lb", "ttl", "proxied"),
    [({"proxied": True}, 0, True), ({"proxied": False, "ttl": 30}, 30, False)],
    ids=["proxied", "dns-only"],
)
def test_proxied_and_dns_only_answers(lb: dict[str, Any], ttl: int, proxied: bool) -> None:
    a = resolve(program(two_pools(), default=["a", "b"], fallback="b", **lb), HOST)
    assert (a.ttl, a.proxied, a.record_type) == (ttl, proxied, "A")


def test_hostname_origins_of_a_dns_only_load_balancer_are_flattened() -> None:
    pools = {
        "a": {"origins": origins("origin-a.example.net")},
        "b": {"origins": origins("origin-b.example.net")},
    }
    a = resolve(program(pools, default=["a", "b"], fallback="b", proxied=False, ttl=60), HOST)
    assert (a.record_type, a.values) == ("CNAME", ("origin-a.example.net",))
    assert "flattens them and clients get their A/AAAA records" in a.trace[-1]


def test_hostname_and_down_are_matched_without_case_or_trailing_dot() -> None:
    rec = program(two_pools(), default=["a", "b"], fallback="b")
    assert resolve(rec, "APP.example.com.", ["192.0.2.1", "192.0.2.2"]).pools == ("b",)


def test_generic_resolve_picks_cloudflare() -> None:
    rec = program(two_pools(), default=["a", "b"], fallback="b")
    assert resolve_any(rec, HOST) == resolve(rec, HOST)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: program(
                two_pools(), default=["a", "b"], fallback="b", steering_policy="random"
            ),
            "steers with 'random'; only 'off' (ordered failover) is modelled",
        ),
        (
            lambda: program(
                two_pools(),
                default=["a", "b"],
                fallback="b",
                steering_policy="",
                region_pools={"WEU": []},
            ),
            "steers with 'geo'",
        ),
        (
            lambda: program(two_pools(), default=["a", "b"], fallback="b", enabled=False),
            "is disabled",
        ),
        (
            lambda: program(two_pools(), default=["a", "b"], fallback="b", proxied=False),
            "sets no ttl, and Cloudflare does not document its default",
        ),
        (
            lambda: program(two_pools(minimum_origins=0), default=["a", "b"], fallback="b"),
            "has minimum_origins 0",
        ),
        (
            lambda: program(
                {
                    "a": {"origins": origins("192.0.2.1", "2001:db8::1")},
                    "b": {"origins": origins("198.51.100.1")},
                },
                default=["a", "b"],
                fallback="b",
            ),
            "mixes origin kinds ['A', 'AAAA']",
        ),
    ],
    ids=[
        "random-steering",
        "geo-steering",
        "disabled-lb",
        "dns-only-without-ttl",
        "minimum-0",
        "mixed-families",
    ],
)
def test_what_it_cannot_interpret_is_an_error(build: Callable[[], Recording], message: str) -> None:
    with pytest.raises(SimulationError, match=re.escape(message)):
        resolve(build(), HOST)


def test_dangling_references_are_errors() -> None:
    def build() -> None:
        pool = cloudflare.LoadBalancerPool(
            "a",
            account_id=ACCOUNT,
            name="a",
            origins=[cloudflare.LoadBalancerPoolOriginArgs(address="192.0.2.1")],
        )
        cloudflare.LoadBalancer(
            "lb",
            zone_id=ZONE,
            name=HOST,
            default_pools=[pool.id],
            fallback_pool="f" * 32,
            proxied=True,
        )

    rec = run(build)
    with pytest.raises(
        SimulationError, match=r"fallback_pool 'f{32}' is not a pool in the recording"
    ):
        resolve(rec, HOST)

    def build_monitor() -> None:
        pool = cloudflare.LoadBalancerPool(
            "a",
            account_id=ACCOUNT,
            name="a",
            origins=[cloudflare.LoadBalancerPoolOriginArgs(address="192.0.2.1")],
            monitor="0" * 32,
        )
        cloudflare.LoadBalancer(
            "lb",
            zone_id=ZONE,
            name=HOST,
            default_pools=[pool.id],
            fallback_pool=pool.id,
            proxied=True,
        )

    with pytest.raises(
        SimulationError, match=r"refers to monitor '0{32}', which the recording does not hold"
    ):
        resolve(run(build_monitor), HOST)


def test_unknown_hostname_and_preview_recordings_are_errors() -> None:
    rec = program(two_pools(), default=["a", "b"], fallback="b")
    with pytest.raises(
        SimulationError, match=re.escape("no Cloudflare load balancer named 'www.example.com'")
    ):
        resolve(rec, "www.example.com")

    def preview() -> None:
        CloudflareFailover("web", component_args(["obey", "obey"]))  # type: ignore[arg-type]

    with pytest.raises(SimulationError, match="no id"):
        resolve(run(preview, preview=True), HOST)


# --- The component: every combination of healthy and failed tiers ---------------------------

TIER_ADDRESSES = ("192.0.2.10", "198.51.100.10", "203.0.113.10")
TIER_NAMES = ("primary", "secondary", "tertiary")


def component_args(statuses: Sequence[str], **extra: Any) -> dict[str, Any]:
    return {
        "account_id": ACCOUNT,
        "zone_id": ZONE,
        "hostname": HOST,
        "zone_name": "example.com",
        "health_check": {"regions": ["WEU"]},
        "pools": [
            {
                "name": TIER_NAMES[i],
                "endpoints": [{"address": TIER_ADDRESSES[i], "status": s}],
            }
            for i, s in enumerate(statuses)
        ],
        **extra,
    }


def pool_names(rec: Recording) -> dict[str, str]:
    """Tier name -> the Cloudflare pool name the resolver reports."""
    return {
        r.name.removeprefix("web-").removesuffix("-pool"): r.inputs["name"]
        for r in rec.by_type("cloudflare:index/loadBalancerPool:LoadBalancerPool")
    }


@pytest.mark.parametrize("tiers", [2, 3], ids=["2-tiers", "3-tiers"])
@pytest.mark.parametrize("proxied", [True, False], ids=["proxied", "dns-only"])
def test_every_combination_answers_the_first_healthy_tier(tiers: int, proxied: bool) -> None:
    rec = run(
        lambda: CloudflareFailover("web", component_args(["obey"] * tiers, proxied=proxied))  # type: ignore[arg-type]
    )
    names = pool_names(rec)
    for failed in itertools.product([False, True], repeat=tiers):
        down = [TIER_ADDRESSES[i] for i in range(tiers) if failed[i]]
        answer = resolve(rec, HOST, down)
        healthy = [i for i in range(tiers) if not failed[i]]
        chosen = healthy[0] if healthy else tiers - 1  # fail-open to the fallback (last) pool
        assert answer == Answer(
            hostname=HOST,
            record_type="A",
            values=(TIER_ADDRESSES[chosen],),
            pools=(names[TIER_NAMES[chosen]],),
            fail_open=not healthy,
            ttl=0 if proxied else 60,
            proxied=proxied,
            trace=answer.trace,
        ), failed


def test_min_healthy_tier_with_every_combination_of_its_endpoints() -> None:
    def make() -> dict[str, Any]:
        args = component_args(["obey", "obey"])
        args["pools"][0] = {
            "name": "primary",
            "min_healthy": 2,
            "endpoints": [{"address": a} for a in ("192.0.2.1", "192.0.2.2", "192.0.2.3")],
        }
        return args

    rec = run(lambda: CloudflareFailover("web", make()))  # type: ignore[arg-type]
    names = pool_names(rec)
    primary = ("192.0.2.1", "192.0.2.2", "192.0.2.3")
    for failed in itertools.product([False, True], repeat=3):
        down = [a for a, f in zip(primary, failed, strict=True) if f]
        up = tuple(a for a, f in zip(primary, failed, strict=True) if not f)
        answer = resolve(rec, HOST, down)
        if len(up) >= 2:
            assert (answer.values, answer.pools) == (up, (names["primary"],)), failed
        else:
            assert (answer.values, answer.pools) == (("198.51.100.10",), (names["secondary"],)), (
                failed
            )


@pytest.mark.parametrize(
    ("statuses", "down", "values", "tier", "fail_open"),
    [
        (["down", "obey"], [], ("198.51.100.10",), "secondary", False),
        (["up", "obey"], ["192.0.2.10"], ("192.0.2.10",), "primary", False),
        (["obey", "up"], ["192.0.2.10", "198.51.100.10"], ("198.51.100.10",), "secondary", False),
    ],
    # A drained fallback pool (every origin of the last tier 'down') answered nothing with every
    # tier down; the component refuses it now (tests/test_fails_well.py).
    ids=["drained-primary", "unprobed-primary", "unprobed-last-tier"],
)
def test_endpoint_status_as_cloudflare_answers_it(
    statuses: list[str], down: list[str], values: tuple[str, ...], tier: str | None, fail_open: bool
) -> None:
    rec = run(lambda: CloudflareFailover("web", component_args(statuses)))  # type: ignore[arg-type]
    names = pool_names(rec)
    answer = resolve(rec, HOST, down)
    assert (answer.values, answer.pools, answer.fail_open) == (
        values,
        (names[tier],) if tier else (),
        fail_open,
    )


def test_trace_names_each_rule() -> None:
    rec = run(lambda: CloudflareFailover("web", component_args(["obey", "obey"])))  # type: ignore[arg-type]
    names = pool_names(rec)
    trace = resolve(rec, HOST, ["192.0.2.10", "198.51.100.10"]).trace
    assert trace[1].startswith(f"pool {names['primary']!r} (default_pools[0]): critical")
    assert trace[3].startswith(f"every pool is unhealthy: fallback pool {names['secondary']!r}")
    assert all("https://developers.cloudflare.com/" in step for step in trace)


def test_program_uses_pulumi_outputs_only_through_the_recording() -> None:
    # A recording made by an ordinary Pulumi program with an exported value is still resolved
    # from resources alone.
    def build() -> None:
        comp = CloudflareFailover("web", component_args(["obey", "obey"]))  # type: ignore[arg-type]
        pulumi.export("fqdn", comp.fqdn)

    rec = run(build)
    assert resolve(rec, rec.outputs["fqdn"]).values == ("192.0.2.10",)
