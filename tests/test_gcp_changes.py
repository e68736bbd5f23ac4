"""Day-2 changes of a Cloud DNS failover set, replayed through the engine's step order and the
provider's create/update/delete semantics (failover_components.gcp.changes): which changes
update in place and which replace, and that no step leaves the hostname without a record."""

import dataclasses
from typing import Any

import pytest
from gcp_support import HC, RECORD, build, ep, two_tiers

from failover_components.gcp.changes import ChangeRefusedError, Step, apply_steps, plan_steps
from failover_components.testing import Recording

HOST = "app.example.com"
BASE = two_tiers(
    pools=[
        {"name": "primary", "endpoints": [ep("a", "198.51.100.10"), ep("b", "198.51.100.11")]},
        {"name": "backup", "endpoints": [ep("c", "203.0.113.20")]},
    ]
)


def variant(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


CHANGES: dict[str, tuple[dict[str, Any], dict[str, tuple[str, tuple[str, ...]]]]] = {
    # name -> (configuration B, {child: (op, changed input paths)})
    "tier-swap": (
        variant(pools=list(reversed(BASE["pools"]))),
        {
            "web-record": (
                "update",
                (
                    "routingPolicy.primaryBackup.backupGeos",
                    "routingPolicy.primaryBackup.primary.externalEndpoints",
                ),
            )
        },
    ),
    "endpoint-add": (
        variant(
            pools=[
                BASE["pools"][0],
                {"name": "backup", "endpoints": [ep("c", "203.0.113.20"), ep("d", "203.0.113.21")]},
            ]
        ),
        {"web-record": ("update", ("routingPolicy.primaryBackup.backupGeos",))},
    ),
    "endpoint-remove": (
        variant(
            pools=[{"name": "primary", "endpoints": [ep("a", "198.51.100.10")]}, BASE["pools"][1]]
        ),
        {"web-record": ("update", ("routingPolicy.primaryBackup.primary.externalEndpoints",))},
    ),
    "health-check-setting": (
        variant(health_check={"path": "/healthz", "interval_seconds": 60, "failure_threshold": 3}),
        {
            "web-hc": (
                "update",
                ("checkIntervalSec", "httpsHealthCheck.requestPath", "unhealthyThreshold"),
            )
        },
    ),
    "protocol-switch": (
        variant(health_check={"protocol": "TCP", "port": 443}),
        {"web-hc": ("update", ("httpsHealthCheck", "tcpHealthCheck"))},
    ),
    "status-drain": (
        variant(
            pools=[
                {
                    "name": "primary",
                    "endpoints": [
                        ep("a", "198.51.100.10", status="down"),
                        ep("b", "198.51.100.11", status="down"),
                    ],
                },
                BASE["pools"][1],
            ]
        ),
        {"web-record": ("update", ("routingPolicy.primaryBackup.trickleRatio",))},
    ),
    "ttl": (variant(ttl=60), {"web-record": ("update", ("ttl",))}),
    "a-to-aaaa": (
        variant(
            pools=[
                {
                    "name": "primary",
                    "endpoints": [ep("a", "2001:db8::10"), ep("b", "2001:db8::11")],
                },
                {"name": "backup", "endpoints": [ep("c", "2001:db8::20")]},
            ]
        ),
        {
            "web-record": (
                "update",
                (
                    "routingPolicy.primaryBackup.backupGeos",
                    "routingPolicy.primaryBackup.primary.externalEndpoints",
                    "type",
                ),
            )
        },
    ),
}


def steps_between(a: dict[str, Any], b: dict[str, Any]) -> tuple[Recording, list[Step]]:
    before, after = build(a), build(b)
    return before, plan_steps(before, after)


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_change_updates_in_place_and_the_hostname_always_answers(change: str) -> None:
    config, expected = CHANGES[change]
    before, steps = steps_between(BASE, config)
    assert {s.name: (s.op, s.changed) for s in steps} == expected
    replayed = apply_steps(before, steps, HOST)
    assert [answers for _step, answers in replayed] == [True] * len(steps)


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_the_reverse_change_is_also_safe(change: str) -> None:
    config, _expected = CHANGES[change]
    before, steps = steps_between(config, BASE)
    assert all(s.op == "update" for s in steps)
    assert all(answers for _s, answers in apply_steps(before, steps, HOST))


def test_adding_alerts_creates_and_removing_deletes_only_alert_children() -> None:
    with_alerts = variant(alerts={"emails": ["ops@example.com"]})
    before, steps = steps_between(BASE, with_alerts)
    # The health check logs transitions with or without alerts: it does not change.
    assert sorted((s.op, s.name) for s in steps) == [
        ("create", "web-alerts"),
        ("create", "web-alerts-email-ops-example-com"),
    ]
    assert all(answers for _s, answers in apply_steps(before, steps, HOST))
    back, steps = steps_between(with_alerts, BASE)
    assert sorted((s.op, s.name) for s in steps) == [
        ("delete", "web-alerts"),
        ("delete", "web-alerts-email-ops-example-com"),
    ]
    assert all(answers for _s, answers in apply_steps(back, steps, HOST))


def _with_health_check_id(rec: Recording, new_id: str) -> Recording:
    """The recording with the record set pointing at another health check: what a replaced
    health check (new name or project) would give."""
    out: list[Any] = []
    for r in rec.resources:
        if r.type == RECORD:
            policy = dict(r.inputs["routingPolicy"])
            policy["healthCheck"] = new_id
            r = dataclasses.replace(r, inputs={**r.inputs, "routingPolicy": policy})
        out.append(r)
    return dataclasses.replace(rec, resources=out)


def test_a_new_health_check_reference_replaces_delete_first() -> None:
    """routing_policy.health_check is ForceNew: the record set is replaced. With the
    component's delete_before_replace the old record set goes first (a gap of one step, while
    Cloud DNS applies the change), then the new one is created."""
    before = build(BASE)
    after = _with_health_check_id(before, "projects/other/global/healthChecks/web-hc-0000000")
    steps = plan_steps(before, after)
    assert [(s.op, s.name, s.changed) for s in steps] == [
        ("delete-replaced", "web-record", ("routingPolicy.healthCheck",)),
        ("create-replacement", "web-record", ("routingPolicy.healthCheck",)),
    ]
    assert [a for _s, a in apply_steps(before, steps, HOST)] == [False, True]


def test_create_before_delete_would_strand_the_replacement() -> None:
    """Why delete_before_replace: under the default order the provider's create already
    removed the old record set, so the trailing delete does not match what is there and the
    API refuses it (or, if it matched, it would delete the new record set)."""
    before = build(BASE)
    after = _with_health_check_id(before, "projects/other/global/healthChecks/web-hc-0000000")
    cbd = Recording(
        resources=[
            dataclasses.replace(r, delete_before_replace=False) if r.type == RECORD else r
            for r in after.resources
        ]
    )
    steps = plan_steps(before, cbd)
    assert [(s.op, s.name) for s in steps] == [
        ("create-replacement", "web-record"),
        ("delete-replaced", "web-record"),
    ]
    with pytest.raises(ChangeRefusedError, match="deletion does not match"):
        apply_steps(before, steps, HOST)


def test_health_check_keeps_its_identity_across_every_change() -> None:
    """The record set's reference never changes: the health check is never replaced."""
    ids = {build(config).get(HC, "web-hc").id for config, _ in CHANGES.values()}
    assert ids == {build(BASE).get(HC, "web-hc").id}
