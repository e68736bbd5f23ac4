"""The CrossGuard policies of failover-components, built from ``failover_components.policy.RULES``.

One ``StackValidationPolicy`` per rule, named after the rule (``second-tier``, ...), so the pack
checks exactly what the offline plan and ``check_recording`` check. Enforcement follows the
rule's level: ``error`` is mandatory, ``warning`` and ``advisory`` are advisory. A finding that
its component acknowledged is not a violation of its rule's policy; the advisory policy
``acknowledged-findings`` lists it with its reason instead, so it stays visible.

Importing this module starts nothing; only ``__main__.py`` hands the policies to ``PolicyPack``.
"""

from collections.abc import Callable, Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from failover_components import policy as rules

__all__ = ["ACKNOWLEDGED", "DESCRIPTION", "PACK_NAME", "build_policies", "enforcement_level"]

PACK_NAME = "failover-components"
DESCRIPTION = (
    "DNS failover rules (RULES.md) for Route 53, Azure Traffic Manager and Cloudflare Load "
    "Balancing: health-checked primaries, short TTLs, HTTPS probes, DNSSEC, alerts, two tiers."
)
ACKNOWLEDGED = "acknowledged-findings"
"""The advisory policy that lists findings their component acknowledged."""

_SEVERITY = {
    rules.Level.ERROR: Severity.HIGH,
    rules.Level.WARNING: Severity.MEDIUM,
    rules.Level.ADVISORY: Severity.LOW,
}


def enforcement_level(level: rules.Level) -> EnforcementLevel:
    """``error`` -> mandatory (fails the preview), ``warning``/``advisory`` -> advisory."""
    return EnforcementLevel.MANDATORY if level is rules.Level.ERROR else EnforcementLevel.ADVISORY


def _config(raw: Mapping[str, Any] | None) -> rules.PolicyConfig:
    # CrossGuard hands each policy its own properties; an unknown key is an error, not a
    # silently ignored typo.
    return rules.PolicyConfig.of({k: v for k, v in (raw or {}).items() if k != "enforcementLevel"})


def _where(finding: rules.Finding) -> str:
    return f"{finding.component}: " if finding.component else ""


Validate = Callable[[StackValidationArgs, ReportViolation], None]
"""A stack validation that returns nothing (pulumi_policy's StackValidation also allows a coroutine)."""


def _rule_validator(rule: rules.Rule) -> Validate:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        views = rules.from_policy_resources(args.resources)
        for finding in rules.evaluate(views, config=_config(args.get_config()), rules=[rule]):
            if not finding.acknowledged:
                report_violation(f"{_where(finding)}{finding.message}", finding.urn or None)

    return validate


def _acknowledged(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    views = rules.from_policy_resources(args.resources)
    for finding in rules.evaluate(views, config=_config(args.get_config())):
        if finding.acknowledged:
            report_violation(
                f"{finding.rule_id} {finding.rule_name} acknowledged by {finding.component}: "
                f"{finding.acknowledgement} (finding: {finding.message})",
                finding.urn or None,
            )


def _schema(properties: Mapping[str, Mapping[str, Any]]) -> PolicyConfigSchema | None:
    if not properties:
        return None
    return PolicyConfigSchema(properties={k: dict(v) for k, v in properties.items()})


def build_policies() -> list[StackValidationPolicy]:
    """One stack policy per rule, plus ``acknowledged-findings``."""
    policies = [
        StackValidationPolicy(
            name=rule.name,
            description=f"{rule.id}: {rule.cause}",
            validate=_rule_validator(rule),
            enforcement_level=enforcement_level(rule.level),
            config_schema=_schema(rule.config_schema),
            display_name=f"{rule.id} {rule.name}",
            severity=_SEVERITY[rule.level],
            remediation_steps=rule.explanation,
            tags=["dns-failover", rule.level.value],
        )
        for rule in rules.RULES
    ]
    # Acknowledged findings are re-evaluated here, so this policy takes every rule's settings.
    every_setting: dict[str, Mapping[str, Any]] = {}
    for rule in rules.RULES:
        every_setting.update(rule.config_schema)
    policies.append(
        StackValidationPolicy(
            name=ACKNOWLEDGED,
            description="Findings a failover component acknowledged, with the reason it gave.",
            validate=_acknowledged,
            enforcement_level=EnforcementLevel.ADVISORY,
            config_schema=_schema(every_setting),
            display_name="acknowledged findings",
            severity=Severity.LOW,
            tags=["dns-failover", "acknowledged"],
        )
    )
    return policies
