"""The Traffic Manager resolver: each documented rule on hand-built SDK programs, then every
combination of up and down tiers on what TrafficManagerFailover declares, and the example."""

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from pulumi_azure_native import dns, trafficmanager

from failover_components.azure import AZURE, EXTERNAL, NESTED, TrafficManagerFailover
from failover_components.simulate import Answer, SimulationError, resolve
from failover_components.simulate import traffic_manager as tm
from failover_components.testing import Recording, run, run_program

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "azure"
SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"
PIP = f"{SUB}/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-west"


def ext(name: str, target: str, **kw: Any) -> trafficmanager.EndpointArgs:
    return trafficmanager.EndpointArgs(name=name, type=EXTERNAL, target=target, **kw)


def profile(
    name: str,
    endpoints: Sequence[trafficmanager.EndpointArgs],
    *,
    routing: str = "Priority",
    ttl: int = 30,
    status: str | None = None,
) -> trafficmanager.Profile:
    return trafficmanager.Profile(
        name,
        resource_group_name="rg",
        location="global",
        traffic_routing_method=routing,
        profile_status=status,
        dns_config=trafficmanager.DnsConfigArgs(relative_name=f"{name}-label", ttl=ttl),
        monitor_config=trafficmanager.MonitorConfigArgs(protocol="HTTPS", port=443, path="/"),
        endpoints=list(endpoints),
    )


def cname(target: trafficmanager.Profile, name: str = "app", ttl: int = 300) -> dns.RecordSet:
    return dns.RecordSet(
        f"{name}-record",
        resource_group_name="rg",
        zone_name="example.com",
        relative_record_set_name=name,
        record_type="CNAME",
        ttl=ttl,
        cname_record=dns.CnameRecordArgs(cname=f"{target._name}-label.trafficmanager.net"),
    )


def three_priorities() -> None:
    # Listed out of priority order: the priority number decides, not the list position.
    p = profile(
        "tm",
        [
            ext("c", "203.0.113.10", priority=3),
            ext("a", "192.0.2.10", priority=1),
            ext("b", "198.51.100.10", priority=2),
        ],
    )
    cname(p)


@pytest.mark.parametrize(
    ("down", "pool", "value", "fail_open"),
    [
        ((), "a", "192.0.2.10", False),
        (("192.0.2.10",), "b", "198.51.100.10", False),
        (("192.0.2.10", "198.51.100.10"), "c", "203.0.113.10", False),
        (("198.51.100.10",), "a", "192.0.2.10", False),
        (("192.0.2.10", "198.51.100.10", "203.0.113.10"), "a", "192.0.2.10", True),
    ],
    ids=["all-up", "a-down", "a-b-down", "b-down", "all-down-fail-open"],
)
def test_priority_answers_the_lowest_priority_online_endpoint(
    down: tuple[str, ...], pool: str, value: str, fail_open: bool
) -> None:
    answer = resolve(run(three_priorities), "app.example.com", down)
    assert (answer.pools, answer.values, answer.fail_open) == ((pool,), (value,), fail_open)
    assert (answer.record_type, answer.ttl, answer.hostname) == ("A", 30, "app.example.com")


def test_priorities_default_to_the_endpoint_order() -> None:
    def body() -> None:
        cname(profile("tm", [ext("x", "198.51.100.10"), ext("y", "192.0.2.10")]))

    rec = run(body)
    assert resolve(rec, "app.example.com").pools == ("x",)
    assert resolve(rec, "app.example.com", ["198.51.100.10"]).pools == ("y",)


@pytest.mark.parametrize(
    ("statuses", "down", "pools", "fail_open"),
    [
        (("Disabled", "Enabled", "Enabled"), (), ("b",), False),
        # Disabled endpoints are not eligible, even for the fail-open answer.
        (("Disabled", "Enabled", "Enabled"), ("198.51.100.10", "203.0.113.10"), ("b",), True),
        (("Enabled", "Disabled", "Enabled"), ("192.0.2.10",), ("c",), False),
        # Every endpoint disabled: NXDOMAIN.
        (("Disabled", "Disabled", "Disabled"), (), (), False),
    ],
    ids=["a-disabled", "a-disabled-rest-down", "b-disabled-a-down", "all-disabled-nxdomain"],
)
def test_disabled_endpoints_are_never_answered(
    statuses: tuple[str, str, str], down: tuple[str, ...], pools: tuple[str, ...], fail_open: bool
) -> None:
    def body() -> None:
        cname(
            profile(
                "tm",
                [
                    ext("a", "192.0.2.10", priority=1, endpoint_status=statuses[0]),
                    ext("b", "198.51.100.10", priority=2, endpoint_status=statuses[1]),
                    ext("c", "203.0.113.10", priority=3, endpoint_status=statuses[2]),
                ],
            )
        )

    answer = resolve(run(body), "app.example.com", down)
    assert (answer.pools, answer.fail_open) == (pools, fail_open)
    if not pools:
        assert answer.values == ()
        assert "NXDOMAIN" in answer.trace[-1]


def test_always_serve_is_online_whatever_its_probes_say() -> None:
    def body() -> None:
        cname(
            profile(
                "tm",
                [
                    ext("a", "192.0.2.10", priority=1, always_serve="Enabled"),
                    ext("b", "198.51.100.10", priority=2),
                ],
            )
        )

    answer = resolve(run(body), "app.example.com", ["192.0.2.10", "198.51.100.10"])
    assert (answer.pools, answer.values, answer.fail_open) == (("a",), ("192.0.2.10",), False)


def nested_program(
    *, min_child: int = 2, child_status: str | None = None, child_endpoint_status: str = "Enabled"
) -> Callable[[], None]:
    def body() -> None:
        child = profile(
            "tier1",
            [
                ext("n1", "192.0.2.11", weight=1, endpoint_status=child_endpoint_status),
                ext("n2", "192.0.2.12", weight=2, endpoint_status=child_endpoint_status),
                ext("n3", "192.0.2.13", weight=1, endpoint_status=child_endpoint_status),
            ],
            routing="Weighted",
            status=child_status,
        )
        parent = profile(
            "tm",
            [
                trafficmanager.EndpointArgs(
                    name="tier1",
                    type=NESTED,
                    target_resource_id=child.id,
                    min_child_endpoints=min_child,
                    priority=1,
                ),
                ext("backup", "203.0.113.10", priority=2),
            ],
        )
        cname(parent)

    return body


@pytest.mark.parametrize(
    ("down", "pools", "values", "fail_open"),
    [
        ((), ("tier1",), ("192.0.2.11", "192.0.2.12", "192.0.2.13"), False),
        # 2 Online children still meet minChildEndpoints 2; the child answers its Online ones.
        (("192.0.2.11",), ("tier1",), ("192.0.2.12", "192.0.2.13"), False),
        # 1 Online child is below the minimum: the nested endpoint is Degraded.
        (("192.0.2.11", "192.0.2.12"), ("backup",), ("203.0.113.10",), False),
        # Everything Degraded: the parent answers priority 1 as if Online; the child, all its
        # endpoints Degraded, also fails open.
        (
            ("192.0.2.11", "192.0.2.12", "192.0.2.13", "203.0.113.10"),
            ("tier1",),
            ("192.0.2.11", "192.0.2.12", "192.0.2.13"),
            True,
        ),
        # The child below its minimum and the backup down: fail-open to priority 1, whose child
        # answers its one Online endpoint.
        (("192.0.2.11", "192.0.2.12", "203.0.113.10"), ("tier1",), ("192.0.2.13",), True),
    ],
    ids=["all-up", "one-child-down", "below-min-child", "all-down", "below-min-and-backup-down"],
)
def test_nested_endpoint_follows_min_child_endpoints(
    down: tuple[str, ...], pools: tuple[str, ...], values: tuple[str, ...], fail_open: bool
) -> None:
    answer = resolve(run(nested_program()), "app.example.com", down)
    assert (answer.pools, answer.values, answer.fail_open) == (pools, values, fail_open)


@pytest.mark.parametrize(
    "program",
    [nested_program(child_status="Disabled"), nested_program(child_endpoint_status="Disabled")],
    ids=["child-profile-disabled", "child-endpoints-all-disabled"],
)
def test_stopped_nested_endpoint_is_not_eligible(program: Callable[[], None]) -> None:
    rec = run(program)
    assert resolve(rec, "app.example.com").pools == ("backup",)
    # Not even for the fail-open answer: the backup alone is eligible.
    answer = resolve(rec, "app.example.com", ["203.0.113.10"])
    assert (answer.pools, answer.fail_open) == (("backup",), True)
    assert "tier1 Stopped" in answer.trace[1]


def test_disabled_profile_is_nxdomain() -> None:
    def body() -> None:
        cname(profile("tm", [ext("a", "192.0.2.10")], status="Disabled"))

    answer = resolve(run(body), "app.example.com")
    assert answer == Answer(
        hostname="app.example.com",
        record_type="CNAME",
        values=(),
        pools=(),
        fail_open=False,
        ttl=30,
        trace=(
            "app.example.com: CNAME tm-label.trafficmanager.net",
            "tm (tm-label.trafficmanager.net): profile disabled, NXDOMAIN [TM_MONITOR]",
        ),
    )


def test_weighted_profile_answers_every_online_endpoint() -> None:
    def body() -> None:
        cname(
            profile(
                "tm",
                [ext("a", "192.0.2.10", weight=1), ext("b", "192.0.2.11", weight=5)],
                routing="Weighted",
            )
        )

    rec = run(body)
    assert resolve(rec, "app.example.com").values == ("192.0.2.10", "192.0.2.11")
    assert resolve(rec, "app.example.com").pools == ("a", "b")
    assert resolve(rec, "app.example.com", ["192.0.2.11"]).values == ("192.0.2.10",)


@pytest.mark.parametrize("link", ["target_resource", "traffic_management_profile"])
def test_apex_alias_and_linked_records_answer_from_the_profile(link: str) -> None:
    def body() -> None:
        p = profile(
            "tm",
            [ext("a", "2001:db8::10", priority=1), ext("b", "2001:db8::20", priority=2)],
            ttl=15,
        )
        ref = dns.SubResourceArgs(id=p.id)
        dns.RecordSet(
            "apex",
            resource_group_name="rg",
            zone_name="example.com",
            relative_record_set_name="@",
            record_type="AAAA",
            ttl=3600,
            target_resource=ref if link == "target_resource" else None,
            traffic_management_profile=ref if link == "traffic_management_profile" else None,
        )

    rec = run(body)
    answer = resolve(rec, "EXAMPLE.com.", ["2001:DB8::10"])
    assert (answer.record_type, answer.values, answer.pools, answer.ttl) == (
        "AAAA",
        ("2001:db8::20",),
        ("b",),
        15,  # the profile's TTL, not the record set's 3600
    )


def test_azure_endpoint_is_down_by_its_resource_id() -> None:
    def body() -> None:
        cname(
            profile(
                "tm",
                [
                    trafficmanager.EndpointArgs(
                        name="pip", type=AZURE, target_resource_id=PIP, priority=1
                    ),
                    ext("b", "standby.example.net", priority=2),
                ],
            )
        )

    rec = run(body)
    assert resolve(rec, "app.example.com").values == (PIP.lower(),)
    answer = resolve(rec, "app.example.com", [PIP])
    assert (answer.values, answer.record_type) == (("standby.example.net",), "CNAME")


def test_cname_chain_in_the_zone_is_followed() -> None:
    def body() -> None:
        p = profile("tm", [ext("a", "192.0.2.10")])
        cname(p)
        dns.RecordSet(
            "www-record",
            resource_group_name="rg",
            zone_name="example.com",
            relative_record_set_name="www",
            record_type="CNAME",
            ttl=300,
            cname_record=dns.CnameRecordArgs(cname="app.example.com"),
        )

    answer = resolve(run(body), "www.example.com")
    assert answer.values == ("192.0.2.10",)
    assert answer.trace[:2] == (
        "www.example.com: CNAME app.example.com",
        "app.example.com: CNAME tm-label.trafficmanager.net",
    )


def test_standalone_endpoint_resources_are_read() -> None:
    def body() -> None:
        p = trafficmanager.Profile(
            "tm",
            resource_group_name="rg",
            profile_name="tm-prof",
            traffic_routing_method="Priority",
            dns_config=trafficmanager.DnsConfigArgs(relative_name="tm-label", ttl=30),
        )
        for name, target, priority in (("a", "192.0.2.10", 1), ("b", "198.51.100.10", 2)):
            trafficmanager.Endpoint(
                f"ep-{name}",
                resource_group_name="rg",
                profile_name=p.name,
                endpoint_type="ExternalEndpoints",
                endpoint_name=name,
                target=target,
                priority=priority,
            )
        cname(p)

    rec = run(body)
    assert resolve(rec, "app.example.com", ["192.0.2.10"]).pools == ("b",)


def test_inline_and_standalone_endpoints_conflict() -> None:
    def body() -> None:
        p = profile("tm", [ext("a", "192.0.2.10")])
        trafficmanager.Endpoint(
            "ep-b",
            resource_group_name="rg",
            profile_name=p.name,
            endpoint_type="ExternalEndpoints",
            endpoint_name="b",
            target="198.51.100.10",
        )
        cname(p)

    with pytest.raises(SimulationError, match="overwrite each other"):
        resolve(run(body), "app.example.com")


def _performance() -> None:
    cname(profile("tm", [ext("a", "192.0.2.10")], routing="Performance"))


def _dangling() -> None:
    cname(
        profile(
            "tm",
            [
                trafficmanager.EndpointArgs(
                    name="gone",
                    type=NESTED,
                    target_resource_id=f"{SUB}/resourceGroups/rg/providers/Microsoft.Network/trafficManagerProfiles/gone",
                )
            ],
        )
    )


def _always_serve_nested() -> None:
    child = profile("child", [ext("a", "192.0.2.10")])
    cname(
        profile(
            "tm",
            [
                trafficmanager.EndpointArgs(
                    name="n", type=NESTED, target_resource_id=child.id, always_serve="Enabled"
                )
            ],
        )
    )


def _partial_priorities() -> None:
    cname(profile("tm", [ext("a", "192.0.2.10", priority=1), ext("b", "198.51.100.10")]))


def _duplicate_priorities() -> None:
    cname(
        profile("tm", [ext("a", "192.0.2.10", priority=1), ext("b", "198.51.100.10", priority=1)])
    )


def _cname_elsewhere() -> None:
    profile("tm", [ext("a", "192.0.2.10")])
    dns.RecordSet(
        "app-record",
        resource_group_name="rg",
        zone_name="example.com",
        relative_record_set_name="app",
        record_type="CNAME",
        cname_record=dns.CnameRecordArgs(cname="somewhere.example.net"),
    )


def _plain_a_record() -> None:
    profile("tm", [ext("a", "192.0.2.10")])
    dns.RecordSet(
        "app-record",
        resource_group_name="rg",
        zone_name="example.com",
        relative_record_set_name="app",
        record_type="A",
        a_records=[dns.ARecordArgs(ipv4_address="192.0.2.99")],
    )


def _alias_a_to_fqdn_endpoints() -> None:
    p = profile("tm", [ext("a", "origin.example.net")])
    dns.RecordSet(
        "apex",
        resource_group_name="rg",
        zone_name="example.com",
        relative_record_set_name="@",
        record_type="A",
        target_resource=dns.SubResourceArgs(id=p.id),
    )


@pytest.mark.parametrize(
    ("program", "hostname", "preview", "match"),
    [
        (_performance, "app.example.com", False, "routing method 'Performance' is not modelled"),
        (_dangling, "app.example.com", False, "which the recording does not hold"),
        (_always_serve_nested, "app.example.com", False, "always serve on a nested endpoint"),
        (_partial_priorities, "app.example.com", False, "priority set on some endpoints only"),
        (_duplicate_priorities, "app.example.com", False, "two endpoints share a priority"),
        (_cname_elsewhere, "app.example.com", False, "CNAME to 'somewhere.example.net'"),
        (_plain_a_record, "app.example.com", False, "does not point at a Traffic Manager"),
        (
            _alias_a_to_fqdn_endpoints,
            "example.com",
            False,
            "alias A record, but the profile answers CNAME",
        ),
        (three_priorities, "other.example.com", False, "no Azure DNS record set"),
        (nested_program(), "app.example.com", True, "unknown"),
    ],
    ids=[
        "performance-routing",
        "dangling-nested-reference",
        "always-serve-on-nested",
        "partial-priorities",
        "duplicate-priorities",
        "cname-outside-the-recording",
        "not-linked-to-traffic-manager",
        "alias-a-to-fqdn-endpoints",
        "no-record",
        "preview-unknown-ids",
    ],
)
def test_what_it_cannot_interpret_raises(
    program: Callable[[], None], hostname: str, preview: bool, match: str
) -> None:
    with pytest.raises(SimulationError, match=match):
        tm.resolve(run(program, preview=preview), hostname)


def test_dispatch_picks_the_traffic_manager_resolver() -> None:
    rec = run(three_priorities)
    assert resolve(rec, "app.example.com") == tm.resolve(rec, "app.example.com")


# ----------------------------------------------------------------------------------------
# Every combination of up and down tiers on what the component declares.

TIERS_2: list[dict[str, Any]] = [
    {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
    {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
]
TIERS_3_NESTED: list[dict[str, Any]] = [
    {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
    {
        "name": "secondary",
        "min_healthy": 2,
        "endpoints": [{"address": "198.51.100.10"}, {"address": "198.51.100.11"}],
    },
    {"name": "tertiary", "endpoints": [{"address": "203.0.113.10"}]},
]
TIERS_3_ALL_NESTED: list[dict[str, Any]] = [
    {
        "name": "primary",
        "endpoints": [{"address": "2001:db8:1::1"}, {"address": "2001:db8:1::2"}],
    },
    {
        "name": "secondary",
        "endpoints": [{"address": "2001:db8:2::1"}],
        "health_check": {"interval_seconds": 10},
    },
    {
        "name": "tertiary",
        "min_healthy": 1,
        "endpoints": [{"address": "2001:db8:3::1"}, {"address": "2001:db8:3::2"}],
    },
]


def component(pools: list[dict[str, Any]], hostname: str = "app.example.com") -> Recording:
    args: Any = {
        "hostname": hostname,
        "zone_name": "example.com",
        "resource_group_name": "rg",
        "pools": pools,
    }
    return run(lambda: TrafficManagerFailover("web", args))


def addresses(pool: dict[str, Any]) -> list[str]:
    return [e["address"] for e in pool["endpoints"]]


@pytest.mark.parametrize(
    ("pools", "hostname"),
    [
        (TIERS_2, "app.example.com"),
        (TIERS_2, "example.com"),
        (TIERS_3_NESTED, "app.example.com"),
        (TIERS_3_ALL_NESTED, "app.example.com"),
    ],
    ids=["2-tiers", "2-tiers-apex", "3-tiers-nested-middle", "3-tiers-nested"],
)
def test_every_combination_answers_the_first_healthy_tier(
    pools: list[dict[str, Any]], hostname: str
) -> None:
    rec = component(pools, hostname)
    checked = 0
    for down_flags in itertools.product([False, True], repeat=len(pools)):
        down = [
            a
            for pool, is_down in zip(pools, down_flags, strict=True)
            if is_down
            for a in addresses(pool)
        ]
        answer = resolve(rec, hostname, down)
        healthy = [p for p, is_down in zip(pools, down_flags, strict=True) if not is_down]
        # The first healthy tier answers; with none, Traffic Manager fails open to tier 1.
        expected = healthy[0] if healthy else pools[0]
        assert answer.pools == (expected["name"],), down_flags
        assert answer.values == tuple(sorted(addresses(expected))), down_flags
        assert answer.fail_open is (not healthy), down_flags
        assert answer.ttl == 30
        checked += 1
    assert checked == 2 ** len(pools)


def test_a_tier_below_min_healthy_fails_over() -> None:
    rec = component(TIERS_3_NESTED)
    # One of secondary's two endpoints down: below min_healthy 2, so tertiary answers.
    answer = resolve(rec, "app.example.com", ["192.0.2.10", "198.51.100.10"])
    assert (answer.pools, answer.values) == (("tertiary",), ("203.0.113.10",))


@pytest.mark.parametrize(
    ("status", "down", "pools", "fail_open"),
    [
        ("up", ["192.0.2.10", "198.51.100.10"], ("primary",), False),
        ("down", [], ("secondary",), False),
        # A drained primary is not even a fail-open candidate.
        ("down", ["198.51.100.10"], ("secondary",), True),
        ("obey", ["192.0.2.10"], ("secondary",), False),
    ],
    ids=["up-never-fails-over", "down-drains", "down-not-fail-open-target", "obey"],
)
def test_endpoint_status_on_the_component(
    status: str, down: list[str], pools: tuple[str, ...], fail_open: bool
) -> None:
    tiers = [
        {"name": "primary", "endpoints": [{"address": "192.0.2.10", "status": status}]},
        TIERS_2[1],
    ]
    answer = resolve(component(tiers), "app.example.com", down)
    assert (answer.pools, answer.fail_open) == (pools, fail_open)


def test_example_runs_and_fails_over() -> None:
    rec = run_program(EXAMPLE)
    assert rec.outputs["fqdn"] == "app.example.com"
    assert rec.outputs["worst_case_failover_seconds"] == 69
    assert rec.outputs["profile_fqdn"].endswith(".trafficmanager.net")
    assert len(rec.outputs["name_servers"]) == 4
    assert rec.names() == {
        ("failover-components:index:TrafficManagerFailover", "web"),
        ("azure-native:trafficmanager:Profile", "web-profile"),
        ("azure-native:trafficmanager:Profile", "web-secondary-profile"),
        ("azure-native:dns:Zone", "web-zone"),
        ("azure-native:dns:RecordSet", "web-record"),
    }
    assert rec.get("azure-native:dns:Zone", "web-zone").inputs["resourceGroupName"] == (
        "rg-dns-example"
    )
    host = "app.example.com"
    assert resolve(rec, host).pools == ("primary",)
    assert resolve(rec, host, ["192.0.2.10"]).values == ("198.51.100.10", "198.51.100.11")
    assert resolve(rec, host, ["192.0.2.10", "198.51.100.10"]).values == ("198.51.100.11",)
    # The backup is always served: with everything else down it answers, without fail-open.
    every = ["192.0.2.10", "198.51.100.10", "198.51.100.11", "203.0.113.10"]
    answer = resolve(rec, host, every)
    assert (answer.pools, answer.values, answer.fail_open) == (
        ("backup",),
        ("203.0.113.10",),
        False,
    )
