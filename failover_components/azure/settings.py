"""The Azure keys of the args, parsed once into :class:`AzureSettings`, with every reason a
value is wrong. The rules, the layout, the component, its summary and the IAM list read the
settings, never the raw dict again. No SDK import.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from .._component import is_plain
from ..alerts import AlertRules, WebhookRules, parse_alerts
from ..errors import Reason
from ..validation import typeddict_keys
from .args import AzureAlertsArgs

__all__ = [
    "AzureAlerts",
    "AzureSettings",
    "action_group_reason",
    "action_group_reasons",
    "parse_settings",
    "resource_group_reason",
]

_DNS_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_RESOURCE_GROUP = re.compile(r"^[-\w.()]{1,90}$")
_ACTION_GROUP_ID = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/microsoft\.insights/"
    r"actionGroups/[^/]+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AzureAlerts:
    """A validated ``alerts`` argument."""

    emails: tuple[str, ...]
    webhook_url: pulumi.Input[str] | None
    action_group_id: pulumi.Input[str] | None

    @property
    def creates_action_group(self) -> bool:
        """True when the component creates an action group (for emails or a webhook)."""
        return bool(self.emails) or self.webhook_url is not None


@dataclass(frozen=True)
class AzureSettings:
    """The Azure keys, with their defaults (``None`` where a key is missing or wrong)."""

    resource_group_name: "pulumi.Input[str] | None" = None
    """Plain names are checked here; an Output is checked by the component when it resolves."""
    create_zone: bool = False
    profile_dns_name: str | None = None
    """``None``: the component derives it (see ``layout.default_profile_dns_name``)."""
    dnssec: bool = False
    alerts: AzureAlerts | None = None


def _dns_name_problem(value: str) -> str | None:
    if not value:
        return "empty"
    if len(value) > 63:
        return f"{len(value)} characters long, more than 63"
    if value != value.lower():
        return "not lowercase"
    if not _DNS_LABEL.match(value):
        return "not lowercase letters, digits and inner hyphens (one DNS label, no dots)"
    return None


def resource_group_reason(value: str, path: str = "resource_group_name") -> Reason | None:
    """Why a (plain or resolved) name is not a resource group name, or ``None``."""
    # 1-90 letters, digits, underscores, hyphens, periods and parentheses; not ending with a
    # period [RG_NAME_RULES].
    if _RESOURCE_GROUP.match(value) and not value.endswith("."):
        return None
    return Reason(
        path,
        "not a valid Azure resource group name",
        value,
        "1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'",
    )


def action_group_reason(value: object) -> Reason | None:
    """Why a (plain or resolved) value is not an action group id, or ``None``."""
    path = "alerts.action_group_id"
    if not isinstance(value, str):
        return Reason(path, "not a string", value, "an action group resource id")
    if not _ACTION_GROUP_ID.match(value):
        return Reason(
            path,
            "not an Azure Monitor action group id",
            value,
            "/subscriptions/<id>/resourceGroups/<group>/providers/microsoft.insights/"
            "actionGroups/<name>",
        )
    return None


def _resource_group(args: Mapping[str, Any], reasons: list[Reason]) -> Any:
    rg = args.get("resource_group_name")
    if rg is None:
        reasons.append(
            Reason(
                "resource_group_name",
                "required",
                expected="the resource group of the profile and the Azure DNS zone",
            )
        )
    elif isinstance(rg, str):
        bad = resource_group_reason(rg)
        if bad:
            reasons.append(bad)
    elif is_plain(rg):
        reasons.append(Reason("resource_group_name", "not a string", rg, "a resource group name"))
    return rg


def _flag(args: Mapping[str, Any], key: str, reasons: list[Reason]) -> bool:
    flag = args.get(key)
    if flag is not None and not isinstance(flag, bool):
        reasons.append(Reason(key, "not a boolean", flag, "true or false"))
        return False
    return bool(flag)


def _profile_dns_name(args: Mapping[str, Any], reasons: list[Reason]) -> str | None:
    dns_name = args.get("profile_dns_name")
    if dns_name is None:
        return None
    if not is_plain(dns_name):
        reasons.append(
            Reason(
                "profile_dns_name",
                "must be a plain string, not an Output: it names the profile and its "
                "nested profiles",
                expected="a DNS label known when the program runs",
            )
        )
    elif not isinstance(dns_name, str):
        reasons.append(Reason("profile_dns_name", "not a string", dns_name, "a DNS label"))
    else:
        problem = _dns_name_problem(dns_name)
        if not problem:
            return dns_name
        reasons.append(
            Reason(
                "profile_dns_name",
                f"not a valid Traffic Manager DNS name: {problem}",
                dns_name,
                "1-63 lowercase letters, digits and inner hyphens, "
                "the <name> of <name>.trafficmanager.net",
            )
        )
    return None


def action_group_reasons(value: object) -> list[Reason]:
    """:func:`action_group_reason` as a list (the shape the alerts rules and
    ``check_when_known`` take)."""
    reason = action_group_reason(value)
    return [reason] if reason else []


_ALERTS = AlertRules(
    keys=typeddict_keys(AzureAlertsArgs),
    recipient="its receiver in the action group",
    # Action group webhooks take any https URI [ACTION_GROUPS]; the URL is sent as given,
    # so white space around it is refused too.
    webhook=WebhookRules(),
    targets={"action_group_id": action_group_reasons},
)


def _alerts(args: Mapping[str, Any], reasons: list[Reason]) -> AzureAlerts | None:
    alerts, found = parse_alerts(args.get("alerts"), _ALERTS)
    reasons.extend(found)
    if alerts is None:
        return None
    return AzureAlerts(
        emails=alerts.emails,
        webhook_url=alerts.webhook_url,
        action_group_id=alerts.targets.get("action_group_id"),
    )


def parse_settings(args: Mapping[str, Any]) -> tuple[AzureSettings, list[Reason]]:
    """The Azure keys of ``args``, and every reason one of them is wrong (run even when the
    cloud-neutral keys are broken)."""
    reasons: list[Reason] = []
    settings = AzureSettings(
        resource_group_name=_resource_group(args, reasons),
        create_zone=_flag(args, "create_zone", reasons),
        dnssec=_flag(args, "dnssec", reasons),
        profile_dns_name=_profile_dns_name(args, reasons),
        alerts=_alerts(args, reasons),
    )
    return settings, reasons
