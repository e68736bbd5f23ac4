"""Changes to a live Route 53 set, replayed through the engine's step order on the zone model.

Each change goes from one deployed configuration to the next (``failover_components.changes``:
creates and replacements first in dependency order, updates in place, deletes last in reverse
order; every state the engine can reach among independent steps is checked against every
refusal rule Route 53 documents). The checker itself is tested on unsafe designs: the 0.1.0
chain (kept here as a small reproduction) and hand-made zones breaking each rule.
"""

import copy
import dataclasses
import itertools
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from aws_support import RECORD, ep, make
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from failover_components import changes, testing
from failover_components.aws import changes as route53_changes
from failover_components.aws.rules import check_args
from failover_components.diff import diff_document, plan_of, render_diff

Config = dict[str, Any]
HOST = "app.example.com"


def pool(name: str, *addresses: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "endpoints": [ep(f"{name}{i + 1}", a) for i, a in enumerate(addresses)],
        **extra,
    }


def config(*pools: dict[str, Any], **extra: Any) -> Config:
    return {
        "hostname": HOST,
        "zone_name": "example.com",
        "create_zone": True,
        "pools": list(pools),
        **extra,
    }


EU = pool("eu", "192.0.2.10")
US = pool("us", "198.51.100.10")
DR = pool("dr", "203.0.113.10")
AP = pool("ap", "192.0.2.40")
SA = pool("sa", "192.0.2.50")


def record(cfg: Config) -> testing.Recording:
    return testing.run(lambda: make("web", cfg))


def verdict(before: Config, after: Config) -> dict[str, Any]:
    return diff_document(plan_of(record(before)), plan_of(record(after)))


def with_pool(cfg: Config, index: int, **changes_: Any) -> Config:
    out = copy.deepcopy(cfg)
    out["pools"][index].update(changes_)
    return out


def ipv6(cfg: Config) -> Config:
    out = copy.deepcopy(cfg)
    for i, p in enumerate(out["pools"]):
        for j, e in enumerate(p["endpoints"]):
            e["address"] = f"2001:db8:{i}::{j + 10}"
    return out


ALB_POOL = {
    "name": "edge",
    "endpoints": [
        ep("alb", "web-alb-123.us-east-1.elb.amazonaws.com", alias_zone_id="Z35SXDOTRQ7X7K")
    ],
}
CNAME = config(pool("a", "a.example.net", "a2.example.net"), pool("b", "b.example.net"))
TWO = config(EU, US)
THREE = config(EU, US, DR)
FOUR = config(EU, US, DR, AP)
FIVE = config(EU, US, DR, AP, SA)
MULTI = config(pool("eu", "192.0.2.10", "192.0.2.11"), US, DR)
MIN_HEALTHY = with_pool(MULTI, 0, min_healthy=2)

# Every change of the issue, each from a deployed configuration to the next.
MATRIX: list[tuple[str, Config, Config]] = [
    ("2-to-3-tiers", TWO, THREE),
    ("3-to-2-tiers", THREE, TWO),
    ("drop-middle-tier", THREE, config(EU, DR)),
    ("3-to-4-tiers", THREE, FOUR),
    ("4-to-3-tiers", FOUR, THREE),
    ("swap-two-tiers", TWO, config(US, EU)),
    ("swap-last-two-of-three", THREE, config(EU, DR, US)),
    ("reorder-three-tiers", THREE, config(DR, EU, US)),
    ("reverse-five-tiers", FIVE, config(SA, AP, DR, US, EU)),
    ("2-to-5-tiers", TWO, FIVE),
    ("5-to-2-tiers", FIVE, TWO),
    ("single-to-multi-endpoint", THREE, MULTI),
    ("multi-to-single-endpoint", MULTI, THREE),
    ("add-endpoint", MULTI, config(pool("eu", "192.0.2.10", "192.0.2.11", "192.0.2.12"), US, DR)),
    (
        "remove-endpoint",
        config(pool("eu", "192.0.2.10", "192.0.2.11", "192.0.2.12"), US, DR),
        MULTI,
    ),
    ("min-healthy-on", MULTI, MIN_HEALTHY),
    ("min-healthy-off", MIN_HEALTHY, MULTI),
    ("rename-pool", THREE, config(pool("europe", "192.0.2.10"), US, DR)),
    (
        "rename-multi-endpoint-pool",
        MULTI,
        config(pool("europe", "192.0.2.10", "192.0.2.11"), US, DR),
    ),
    (
        "drain-endpoint",
        MULTI,
        config(
            {
                "name": "eu",
                "endpoints": [ep("eu1", "192.0.2.10"), ep("eu2", "192.0.2.11", status="down")],
            },
            US,
            DR,
        ),
    ),
    (
        "status-down",
        THREE,
        config({"name": "eu", "endpoints": [ep("eu1", "192.0.2.10", status="down")]}, US, DR),
    ),
    (
        "status-up",
        THREE,
        config({"name": "eu", "endpoints": [ep("eu1", "192.0.2.10", status="up")]}, US, DR),
    ),
    (
        "status-up-to-obey",
        config({"name": "eu", "endpoints": [ep("eu1", "192.0.2.10", status="up")]}, US, DR),
        THREE,
    ),
    ("interval-30-to-10", THREE, config(EU, US, DR, health_check={"interval_seconds": 10})),
    ("ttl-change", THREE, config(EU, US, DR, ttl=30)),
    ("protocol-https-to-http", THREE, config(EU, US, DR, health_check={"protocol": "HTTP"})),
    (
        "protocol-https-to-tcp",
        MIN_HEALTHY,
        {**MIN_HEALTHY, "health_check": {"protocol": "TCP", "port": 443}},
    ),
    ("a-to-aaaa", MULTI, ipv6(MULTI)),
    ("aaaa-to-a", ipv6(THREE), THREE),
    ("a-to-aaaa-five-tiers", FIVE, ipv6(FIVE)),
    # A pool moving tier keeps its _pool-<p> name and members; the records at each level
    # switch their alias target in place, after the target exists.
    (
        "reorder-multi-endpoint-pools",
        MIN_HEALTHY,
        config(US, DR, with_pool(MULTI, 0, min_healthy=2)["pools"][0]),
    ),
    ("multi-endpoint-pool-to-last-tier", MULTI, config(US, DR, MULTI["pools"][0])),
    ("alias-endpoint-moves-tier", config(EU, ALB_POOL, DR), config(ALB_POOL, EU, DR)),
    ("cname-set-reorder", CNAME, {**CNAME, "pools": list(reversed(CNAME["pools"]))}),
    (
        "cname-set-add-tier",
        CNAME,
        {**CNAME, "pools": [*CNAME["pools"], pool("c", "c.example.net")]},
    ),
]


@pytest.mark.parametrize(
    ("before", "after"), [(b, a) for _i, b, a in MATRIX], ids=[i for i, _b, _a in MATRIX]
)
def test_every_change_is_accepted_by_route53_in_every_engine_order(
    before: Config, after: Config
) -> None:
    doc = verdict(before, after)
    refused = [r for s in doc["sets"] for r in s["refused"]]
    assert refused == []
    assert doc["safe"] is True
    assert doc["exhaustive"] is True
    assert doc["states_checked"] > 0
    # Something really changes (a no-op matrix entry would prove nothing).
    assert any(s["steps"] for s in doc["sets"])


def test_the_matrix_chains_from_each_deployed_state_to_the_next() -> None:
    # One stack living through the whole story: every hop accepted.
    chain = [
        TWO,
        THREE,
        FOUR,
        FIVE,
        config(SA, AP, DR, US, EU),
        THREE,
        MULTI,
        MIN_HEALTHY,
        ipv6(MIN_HEALTHY),
        TWO,
    ]
    plans = [plan_of(record(c)) for c in chain]
    for i, (a, b) in enumerate(itertools.pairwise(plans)):
        assert diff_document(a, b)["safe"], f"hop {i}"


def test_a_tier_reorder_updates_records_in_place_and_replaces_nothing() -> None:
    doc = verdict(THREE, config(DR, EU, US))
    (web,) = doc["sets"]
    ops = {(s["op"], s["name"]) for s in web["steps"]}
    assert ops == {
        ("update", "web-level-1-primary"),
        ("update", "web-level-2-primary"),
        ("update", "web-level-2-secondary"),
    }
    answers = [a["answer"] for a in web["answers"]]
    assert answers[0] == "pool eu: 192.0.2.10"
    assert answers[-1] == "pool dr: 203.0.113.10"


def test_adding_a_tier_creates_a_level_and_updates_the_link_to_it() -> None:
    doc = verdict(TWO, THREE)
    (web,) = doc["sets"]
    steps = [(s["op"], s["name"]) for s in web["steps"]]
    # The new level exists before the record that aliases it is updated.
    assert steps.index(("update", "web-level-1-secondary")) > steps.index(
        ("create", "web-level-2-primary")
    )
    assert steps.index(("update", "web-level-1-secondary")) > steps.index(
        ("create", "web-level-2-secondary")
    )
    assert ("create", "web-dr-dr1-hc") in steps


def test_a_to_aaaa_replaces_records_so_both_types_answer_until_the_old_ones_go() -> None:
    doc = verdict(MULTI, ipv6(MULTI))
    (web,) = doc["sets"]
    replaced = {
        s["name"]: s["replaced_because"] for s in web["steps"] if s["op"] == "create-replacement"
    }
    assert replaced["web-level-1-primary"] == ["type"]
    deletes = [s["step"] for s in web["steps"] if s["op"] == "delete-replaced"]
    creates = [s["step"] for s in web["steps"] if s["op"] == "create-replacement"]
    assert min(deletes) > max(creates)


# -- the checker catches unsafe designs -----------------------------------------------------


def legacy_chain(tiers: list[tuple[str, str]]) -> None:
    """A small reproduction of 0.1.0's Route 53 chain: records keyed by *pool*
    (``<pool>-failover`` at ``_fo-<pool>``, ``<pool>-fallback``, set identifier = pool)."""
    component = pulumi.ComponentResource("failover-components:index:Route53Failover", "web")
    child = pulumi.ResourceOptions(parent=component)
    zone = aws.route53.Zone("web-zone", name="example.com", opts=child)
    n = len(tiers)

    def level(i: int) -> str:
        return HOST if i == 0 else f"_fo-{tiers[i][0]}.{HOST}"

    checks = {
        p: aws.route53.HealthCheck(
            f"web-{p}-{p}1-hc",
            type="HTTPS",
            ip_address=a,
            port=443,
            failure_threshold=3,
            request_interval=30,
            opts=child,
        )
        for p, a in tiers
    }
    made: dict[int, list[pulumi.Resource]] = {}
    for i in reversed(range(n)):
        p, a = tiers[i]
        last = i == n - 1
        at = n - 2 if last else i
        rec = aws.route53.Record(
            f"web-{p}-failover",
            zone_id=zone.zone_id,
            name=level(at),
            type="A",
            set_identifier=p,
            failover_routing_policies=[{"type": "SECONDARY" if last else "PRIMARY"}],
            health_check_id=checks[p].id,
            records=[a],
            ttl=60,
            opts=child,
        )
        made.setdefault(at, []).append(rec)
        if not last and i < n - 2:
            made[at].append(
                aws.route53.Record(
                    f"web-{p}-fallback",
                    zone_id=zone.zone_id,
                    name=level(at),
                    type="A",
                    set_identifier=f"{p}-fallback",
                    failover_routing_policies=[{"type": "SECONDARY"}],
                    aliases=[
                        {
                            "name": level(i + 1),
                            "zone_id": zone.zone_id,
                            "evaluate_target_health": True,
                        }
                    ],
                    opts=pulumi.ResourceOptions(parent=component, depends_on=made[i + 1]),
                )
            )


def legacy_plan(tiers: list[tuple[str, str]]) -> dict[str, Any]:
    return plan_of(testing.run(lambda: legacy_chain(tiers)))


A, B, C = ("a", "192.0.2.10"), ("b", "198.51.100.10"), ("c", "203.0.113.10")
D = ("d", "192.0.2.40")


@pytest.mark.parametrize(
    ("before", "after", "rule"),
    [
        ([A, B], [A, B, C], "one PRIMARY and one SECONDARY per name and type"),
        ([A, B, C], [A, C], "one PRIMARY and one SECONDARY per name and type"),
        ([A, B], [B, A], "one PRIMARY and one SECONDARY per name and type"),
        ([A, B, C], [A, B], "one PRIMARY and one SECONDARY per name and type"),
        ([A, B, C], [A, B, C, D], "one PRIMARY and one SECONDARY per name and type"),
        ([A, B, C], [C, A, B], "one PRIMARY and one SECONDARY per name and type"),
    ],
    ids=["add-tier", "drop-middle", "swap", "drop-last", "3-to-4", "reorder-three"],
)
def test_the_checker_catches_the_010_chain(
    before: list[tuple[str, str]], after: list[tuple[str, str]], rule: str
) -> None:
    doc = diff_document(legacy_plan(before), legacy_plan(after))
    assert doc["safe"] is False
    rules = {r["rule"] for s in doc["sets"] for r in s["refused"]}
    assert rule in rules


def test_the_010_chain_upgrades_in_place_through_the_aliases() -> None:
    # A stack deployed by 0.1.0, upgraded with the same tiers: the aliased records are the
    # same Route 53 record sets, updated in place; level 2 moves from _fo-<pool> to _fo2.
    old = legacy_plan([("eu", "192.0.2.10"), ("us", "198.51.100.10"), ("dr", "203.0.113.10")])
    # The reproduction has no calculated checks and names its checks differently: compare
    # only the chain records.
    new = plan_of(record(THREE))
    doc = diff_document(old, new)
    (web,) = [
        s for s in doc["sets"] if any(st["name"].startswith("web-level") for st in st_list(s))
    ]
    level1 = {s["name"]: s for s in web["steps"] if s["name"] == "web-level-1-primary"}
    assert level1["web-level-1-primary"]["op"] == "update"
    assert level1["web-level-1-primary"]["was"] == "web-eu-failover"
    assert doc["safe"] is True, [r for s in doc["sets"] for r in s["refused"]]


def st_list(s: dict[str, Any]) -> list[dict[str, Any]]:
    return list(s["steps"])


def test_every_chain_record_carries_its_010_name_as_an_alias() -> None:
    rec = record(THREE)
    aliases = {
        r.name: changes.alias_urns(r.urn, r.aliases)
        for r in rec.by_type(RECORD)
        if r.name.startswith("web-level")
    }
    prefix = rec.get(RECORD, "web-level-1-primary").urn.rsplit("::", 1)[0]
    assert aliases == {
        "web-level-1-primary": (f"{prefix}::web-eu-failover",),
        "web-level-1-secondary": (f"{prefix}::web-eu-fallback",),
        "web-level-2-primary": (f"{prefix}::web-us-failover",),
        "web-level-2-secondary": (f"{prefix}::web-dr-failover",),
    }


# -- each refusal rule, on hand-made zones ---------------------------------------------------


def zone_program(records: list[dict[str, Any]]) -> Callable[[], None]:
    def program() -> None:
        zone = aws.route53.Zone("zone", name="example.com")
        for spec in records:
            spec = dict(spec)
            name = spec.pop("resource")
            aws.route53.Record(name, zone_id=zone.zone_id, **spec)

    return program


def plain(name: str, record_name: str = HOST, type_: str = "A", **extra: Any) -> dict[str, Any]:
    return {
        "resource": name,
        "name": record_name,
        "type": type_,
        "records": ["192.0.2.1"],
        "ttl": 60,
        **extra,
    }


def fo(name: str, role: str, ident: str, **extra: Any) -> dict[str, Any]:
    return plain(name, set_identifier=ident, failover_routing_policies=[{"type": role}], **extra)


def rules_of(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> set[str]:
    doc = diff_document(
        plan_of(testing.run(zone_program(before))), plan_of(testing.run(zone_program(after)))
    )
    return {r["rule"] for s in doc["sets"] for r in s["refused"]}


@pytest.mark.parametrize(
    ("after", "rule"),
    [
        ([plain("x"), plain("y")], "one simple record per name and type"),
        ([plain("x"), fo("y", "PRIMARY", "p")], "one routing policy per name and type"),
        (
            [fo("x", "PRIMARY", "p"), fo("y", "PRIMARY", "q")],
            "one PRIMARY and one SECONDARY per name and type",
        ),
        ([fo("x", "PRIMARY", "p"), fo("y", "SECONDARY", "p")], "unique set identifiers"),
        (
            [
                plain("x", type_="CNAME", records=["elsewhere.example.net"]),
                plain("y", type_="TXT", records=["v"]),
            ],
            "CNAME alone at its name",
        ),
        (
            [
                {
                    "resource": "x",
                    "name": HOST,
                    "type": "A",
                    "aliases": [
                        {"name": f"missing.{HOST}", "zone_id": "Z", "evaluate_target_health": True}
                    ],
                }
            ],
            "alias target exists",
        ),
    ],
    ids=[
        "two-simple",
        "mixed-policy",
        "two-primary",
        "same-set-id",
        "cname-not-alone",
        "dangling-alias",
    ],
)
def test_each_refusal_rule_is_applied(after: list[dict[str, Any]], rule: str) -> None:
    if rule == "alias target exists":
        # The alias must point into its own zone: the zone id is only known in the program.
        def program() -> None:
            zone = aws.route53.Zone("zone", name="example.com")
            aws.route53.Record(
                "x",
                zone_id=zone.zone_id,
                name=HOST,
                type="A",
                aliases=[
                    {
                        "name": f"missing.{HOST}",
                        "zone_id": zone.zone_id,
                        "evaluate_target_health": True,
                    }
                ],
            )

        doc = diff_document(plan_of(testing.run(zone_program([]))), plan_of(testing.run(program)))
        assert {r["rule"] for s in doc["sets"] for r in s["refused"]} == {rule}
        return
    assert rule in rules_of([], after)
    # One record alone is accepted: the rule is about the pair.
    assert rules_of([], after[:1]) == set()


def test_a_health_check_in_use_cannot_be_deleted_first() -> None:
    def with_check(checked: bool) -> Callable[[], None]:
        def program() -> None:
            zone = aws.route53.Zone("zone", name="example.com")
            check = (
                aws.route53.HealthCheck("hc", type="TCP", ip_address="192.0.2.1", port=80)
                if checked
                else None
            )
            aws.route53.Record(
                "x",
                zone_id=zone.zone_id,
                name=HOST,
                type="A",
                records=["192.0.2.1"],
                ttl=60,
                set_identifier="p",
                failover_routing_policies=[{"type": "PRIMARY"}],
                health_check_id=check.id if check is not None else None,
            )

        return program

    # Removing the check and its use together: the record is updated first, then the check
    # deleted (deletes last): accepted.
    without = with_check(False)
    ok = diff_document(plan_of(testing.run(with_check(True))), plan_of(testing.run(without)))
    assert ok["safe"] is True
    # A delete-before-replace of a used check would delete it while in use.
    deployed = changes.resources_from_plan(plan_of(testing.run(with_check(True))))
    changed = [
        dataclasses.replace(r, inputs={**r.inputs, "type": "HTTP"}, delete_before_replace=True)
        if r.type == "aws:route53/healthCheck:HealthCheck"
        else r
        for r in deployed
    ]
    plan = changes.plan_changes(deployed, changed)
    assert {r.rule for r in changes.check(plan).refusals} == {"health check in use"}


# -- any valid configuration to any other --------------------------------------------------

UNIVERSE = {
    "eu": ("192.0.2.10", "192.0.2.11", "192.0.2.12"),
    "us": ("198.51.100.10", "198.51.100.11", "198.51.100.12"),
    "dr": ("203.0.113.10", "203.0.113.11", "203.0.113.12"),
    "ap": ("192.0.2.40", "192.0.2.41", "192.0.2.42"),
    "sa": ("192.0.2.50", "192.0.2.51", "192.0.2.52"),
}


@st.composite
def configs(draw: st.DrawFn) -> Config:
    names = draw(st.permutations(list(UNIVERSE)))
    count = draw(st.integers(2, 5))
    pools: list[dict[str, Any]] = []
    for name in names[:count]:
        size = draw(st.integers(1, 3))
        statuses = draw(
            st.lists(st.sampled_from(["obey", "obey", "down", "up"]), min_size=size, max_size=size)
        )
        endpoints = [
            ep(f"{name}{i + 1}", UNIVERSE[name][i], **({} if s == "obey" else {"status": s}))
            for i, s in enumerate(statuses)
        ]
        extra: dict[str, Any] = {}
        if size > 1 and draw(st.booleans()):
            extra["min_healthy"] = draw(st.integers(2, size))
        pools.append({"name": name, "endpoints": endpoints, **extra})
    cfg = config(*pools)
    if draw(st.booleans()):
        cfg["health_check"] = {
            "protocol": draw(st.sampled_from(["HTTPS", "HTTP", "TCP"])),
            "interval_seconds": draw(st.sampled_from([10, 30])),
            "port": 443,
        }
    if draw(st.booleans()):
        cfg["ttl"] = draw(st.sampled_from([30, 60]))
    if draw(st.integers(0, 4)) == 0:
        cfg = ipv6(cfg)
    return cfg


def test_a_scope_too_large_to_enumerate_is_not_called_every_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Past MAX_SCOPE_STEPS one order is replayed: the verdict must not claim every order.
    _id, before, after = MATRIX[0]
    full = verdict(before, after)
    assert full["exhaustive"] is True
    assert "in every order the engine may take" in render_diff(full)
    monkeypatch.setattr(route53_changes, "MAX_SCOPE_STEPS", 1)
    doc = verdict(before, after)
    assert doc["safe"] is True
    assert doc["exhaustive"] is False
    text = render_diff(doc)
    assert "every order the engine may take" not in text
    assert (
        "SAFE as far as checked: Route 53 accepts every step in the numbered order listed" in text
    )
    assert "note: a scope had more than 1 steps, too many to try every order" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=configs(), after=configs())
def test_any_valid_change_is_accepted_in_every_engine_order(before: Config, after: Config) -> None:
    assume(not check_args(before) and not check_args(after))
    doc = verdict(before, after)
    assert [r for s in doc["sets"] for r in s["refused"]] == []
    # A large change (a family change reordering five pools) can exceed MAX_SCOPE_STEPS: then
    # one order is replayed, and the verdict must say so instead of claiming every order.
    if not doc["exhaustive"]:
        assert any("only the numbered order listed above was replayed" in n for n in doc["notes"])
        assert "SAFE as far as checked" in render_diff(doc)
