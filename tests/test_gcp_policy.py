"""The policy rules on Cloud DNS resources: a compliant and a non-compliant case per rule that
applies, inside the component and hand-written."""

from typing import Any

import pulumi_gcp as gcp
import pytest
from gcp_support import (
    FAILOVER_POLICY,
    HC,
    RECORD,
    ZONE,
    alert_policy,
    build,
    record_set,
    two_tiers,
    with_primary_backup,
)

from failover_components.policy import (
    RULES,
    ResourceView,
    check_recording,
    evaluate,
    render_rules_markdown,
)
from failover_components.testing import Recording, run

COMPLIANT = two_tiers(dnssec=True, alerts={"emails": ["ops@example.com"]})


def findings(rec: Recording, **config: Any) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.resource[0], f.resource[1]) for f in check_recording(rec, config=config)]


def test_a_compliant_set_has_no_finding() -> None:
    assert check_recording(build(COMPLIANT)) == []


def test_a_lax_set_breaks_ttl_budget_https_dnssec_and_alerts() -> None:
    rec = build(two_tiers(ttl=600, health_check={"protocol": "TCP", "port": 443}))
    assert findings(rec) == [
        ("FO002", RECORD, "web-record"),
        ("FO003", "failover-components:index:CloudDnsFailover", "web"),
        ("FO004", HC, "web-hc"),
        ("FO007", ZONE, "web-zone"),
        ("FO008", "failover-components:index:CloudDnsFailover", "web"),
    ]
    messages = {f.rule_id: f.message for f in check_recording(rec)}
    assert messages["FO002"] == (
        "record set app.example.com. A has ttl 600 s, above 300 s: resolvers keep serving the "
        "failed answer that long after failover"
    )
    assert messages["FO004"] == "health check probes over TCP, not HTTPS"
    assert messages["FO007"] == (
        "managed zone 'example.com.' is not signed: dnssec_config.state is not 'on'"
    )


def test_recovery_budget_reads_the_gcp_component() -> None:
    rec = build(COMPLIANT)
    assert findings(rec, budgetSeconds=100) == [
        ("FO003", "failover-components:index:CloudDnsFailover", "web")
    ]


def test_acknowledgements_apply_to_gcp_findings() -> None:
    rec = build(
        two_tiers(
            dnssec=True,
            alerts={"emails": ["ops@example.com"]},
            health_check={"protocol": "HTTP"},
            policy_acknowledgements={"FO004": "the origin serves plain HTTP on its health port"},
        )
    )
    (finding,) = check_recording(rec)
    assert (finding.rule_id, finding.acknowledged, finding.failing) == ("FO004", True, False)


def test_invalid_acknowledgement_is_fo013_for_a_gcp_component() -> None:
    """The component refuses it at construction; a state written otherwise (another language,
    an older version) is still caught by the rule, which knows the type from the registry."""
    component = ResourceView(
        type="failover-components:index:CloudDnsFailover",
        name="web",
        urn="urn:pulumi:s::p::failover-components:index:CloudDnsFailover::web",
        parent=None,
        props={"acknowledgedPolicies": {"FO999": "x"}, "worstCaseFailoverSeconds": 125},
    )
    got = [(f.rule_id, f.component) for f in evaluate([component])]
    assert got == [("FO008", "web"), ("FO013", "web")]


def test_hand_written_compliant_record_set_with_an_alert_policy() -> None:
    def program() -> None:
        record_set(FAILOVER_POLICY)
        alert_policy()

    assert findings(run(program)) == []


@pytest.mark.parametrize(
    ("policy", "rule", "message"),
    [
        (
            {**FAILOVER_POLICY, "health_check": None},
            "FO001",
            "failover record set app.example.com. A has external endpoints but no "
            "routing_policy.health_check: Cloud DNS cannot tell the primary is down, so traffic "
            "never fails over",
        ),
        (
            with_primary_backup(backup_geos=[{"location": "us-east4"}]),
            "FO009",
            "failover record set app.example.com. A has no backup target: there is nothing to "
            "fail over to",
        ),
        (
            with_primary_backup(primary={"external_endpoints": ["10.0.0.5"]}),
            "FO010",
            "external endpoint 10.0.0.5 is in the private (RFC 1918) address 10.0.0.0/8: "
            "Google's probers cannot reach it, so it is always unhealthy",
        ),
    ],
    ids=["fo001-no-health-check", "fo009-no-backup", "fo010-private"],
)
def test_hand_written_non_compliant(policy: dict[str, Any], rule: str, message: str) -> None:
    def program() -> None:
        record_set(policy)
        alert_policy()

    got = [(f.rule_id, f.message) for f in check_recording(run(program))]
    assert got == [(rule, message)]


def test_hand_written_record_set_without_any_alert_is_fo008() -> None:
    got = [
        (f.rule_id, f.message) for f in check_recording(run(lambda: record_set(FAILOVER_POLICY)))
    ]
    assert got == [
        (
            "FO008",
            "no Cloud Monitoring alert policy in the stack: nobody is told when this failover "
            "record set fails over",
        )
    ]


def test_private_zone_is_not_asked_to_sign() -> None:
    rec = run(lambda: gcp.dns.ManagedZone("z", dns_name="internal.example.", visibility="private"))
    assert findings(rec) == []


def test_rules_document_cloud_dns() -> None:
    by_id = {r.id: r for r in RULES}
    for rule_id in ("FO001", "FO002", "FO004", "FO007", "FO008", "FO009", "FO010"):
        assert "Cloud DNS" in by_id[rule_id].applies_to or "Compute" in by_id[rule_id].applies_to
    assert "dnssec_config state 'on'" in render_rules_markdown()
