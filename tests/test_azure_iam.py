"""The Azure deployer's permissions (failover_components.azure.iam) against what the component
really declares under the mock engine: every declared resource type is covered by a role and
by the actions of a custom role, and nothing is listed that is never declared."""

from typing import Any

import pytest
from azure_support import (
    ACTION_GROUP,
    ALERT,
    DNSSEC,
    PROFILE,
    RECORD,
    SUB,
    ZONE,
    args,
    build,
    pool,
)

from failover_components.azure import deployer_actions, deployer_roles
from failover_components.azure.iam import NEEDS, RESOURCE_GROUP_READ, declared_types

ONCALL = f"{SUB}/resourceGroups/rg-ops/providers/microsoft.insights/actionGroups/oncall"

ARM_TYPES = {
    PROFILE: "Microsoft.Network/trafficManagerProfiles",
    ZONE: "Microsoft.Network/dnsZones",
    RECORD: "Microsoft.Network/dnsZones",  # dnsZones/CNAME, dnsZones/A, dnsZones/AAAA
    DNSSEC: "Microsoft.Network/dnsZones",  # dnsZones/dnssecConfigs
    ACTION_GROUP: "Microsoft.Insights/actionGroups",
    ALERT: "Microsoft.Insights/metricAlerts",
}
"""The ARM resource type behind each token, written from the REST API reference (not from the
package): Traffic Manager profiles, DNS zones and their record sets and DNSSEC configs, and
Azure Monitor action groups and metric alerts."""

ROLE_OF = {
    "Microsoft.Network/trafficManagerProfiles": "Traffic Manager Contributor",
    "Microsoft.Network/dnsZones": "DNS Zone Contributor",
    "Microsoft.Insights/actionGroups": "Monitoring Contributor",
    "Microsoft.Insights/metricAlerts": "Monitoring Contributor",
}
"""The built-in role that manages each ARM type (Azure built-in roles, Networking and Monitor)."""

CASES: list[tuple[str, dict[str, Any]]] = [
    ("existing zone", {}),
    ("created zone", {"create_zone": True}),
    ("dnssec", {"dnssec": True}),
    ("nested pool", {"pools": [pool("a", "192.0.2.1", "192.0.2.2"), pool("b", "198.51.100.1")]}),
    ("emails", {"alerts": {"emails": ["ops@example.com"]}}),
    ("existing action group only", {"alerts": {"action_group_id": ONCALL}}),
    (
        "everything",
        {
            "create_zone": True,
            "dnssec": True,
            "alerts": {"emails": ["ops@example.com"], "action_group_id": ONCALL},
        },
    ),
]


def flags(extra: dict[str, Any]) -> dict[str, bool]:
    alerts: dict[str, Any] | None = extra.get("alerts")
    return {
        "create_zone": bool(extra.get("create_zone")),
        "dnssec": bool(extra.get("dnssec")),
        "alerts": alerts is not None,
        "creates_action_group": bool(
            alerts and (alerts.get("emails") or alerts.get("webhook_url"))
        ),
    }


@pytest.mark.parametrize(("case", "extra"), CASES, ids=[c for c, _ in CASES])
def test_every_declared_type_is_covered(case: str, extra: dict[str, Any]) -> None:
    a = args(**{k: v for k, v in extra.items() if k != "pools"})
    if "pools" in extra:
        a["pools"] = extra["pools"]
    rec = build(a)
    declared = sorted({r.type for r in rec.resources if r.custom})
    assert declared == declared_types(**flags(extra)), case
    roles = deployer_roles(**flags(extra))
    actions = deployer_actions(**flags(extra))
    for typ in declared:
        arm = ARM_TYPES[typ]
        assert ROLE_OF[arm] in roles
        assert NEEDS[typ].role == ROLE_OF[arm]
        assert any(a == f"{arm}/*" or a.startswith(f"{arm}/") for a in actions), (typ, actions)
    # Nothing beyond what is declared (and the resource group read every deployment does).
    needed = {RESOURCE_GROUP_READ, *(f"{ARM_TYPES[t]}/*" for t in declared)}
    assert set(actions) == needed
    assert set(roles) == {ROLE_OF[ARM_TYPES[t]] for t in declared}


def test_every_type_the_component_can_declare_has_a_need() -> None:
    everything = declared_types(
        create_zone=True, dnssec=True, alerts=True, creates_action_group=True
    )
    assert set(everything) == set(NEEDS) == set(ARM_TYPES)


def test_least_privilege_without_options() -> None:
    assert deployer_roles(create_zone=False, dnssec=False, alerts=False) == [
        "DNS Zone Contributor",
        "Traffic Manager Contributor",
    ]
    assert deployer_actions(create_zone=False, dnssec=False, alerts=False) == [
        "Microsoft.Network/dnsZones/*",
        "Microsoft.Network/trafficManagerProfiles/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
    ]
