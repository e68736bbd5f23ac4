"""The Azure keys of the args, parsed once into :class:`AzureSettings`, with every reason a
value is wrong. The rules, the layout, the component, its summary and the IAM list read the
settings, never the raw dict again. No SDK import.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

import pulumi

from .._component import is_plain
from ..errors import Reason
from ..validation import as_list, check_keys, email_list_reasons, email_reasons, typeddict_keys
from .args import AzureAlertsArgs

__all__ = [
    "AzureAlerts",
    "AzureSettings",
    "action_group_reason",
    "parse_settings",
    "resource_group_reason",
    "webhook_reason",
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


_ALERTS_KEYS = typeddict_keys(AzureAlertsArgs)


def _alerts_reasons(alerts: object) -> list[Reason]:
    """``alerts``: its keys, every address, the webhook URL and the action group id, and at
    least one target."""
    if alerts is None:
        return []
    if not isinstance(alerts, Mapping):
        return [Reason("alerts", "not a mapping", alerts, "a mapping of keys to values")]
    data = cast("Mapping[str, Any]", alerts)
    reasons = check_keys(data, _ALERTS_KEYS, "alerts")
    reasons.extend(_email_reasons(data.get("emails")))
    webhook = data.get("webhook_url")
    if webhook is not None and is_plain(webhook):
        bad = webhook_reason(webhook)
        if bad:
            reasons.append(bad)
    group = data.get("action_group_id")
    if group is not None and is_plain(group):
        bad = action_group_reason(group)
        if bad:
            reasons.append(bad)
    # An empty list names no one; a malformed value was reported above and counts as given.
    emails = data.get("emails")
    no_emails = emails is None or as_list(emails) == []
    if no_emails and webhook is None and group is None:
        reasons.append(
            Reason(
                "alerts",
                "no one to notify",
                dict(data),
                "at least one of emails, webhook_url or action_group_id",
            )
        )
    return reasons


def _email_reasons(emails: object) -> list[Reason]:
    reasons, _targets = email_list_reasons(
        emails,
        check=lambda items: email_reasons(items, names="its receiver in the action group"),
        why_plain="each address is a receiver of the action group",
    )
    return reasons


def _redacted_url(url: str) -> str:
    """Scheme and host only: the rest of a webhook URL (path, query, user info) often holds a
    token, and an error message ends up in CI logs."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "<redacted>"
    if not parts.scheme or not host:
        return "<redacted>"
    rest = url != f"{parts.scheme}://{host}" and url != f"{parts.scheme}://{host}/"
    return f"{parts.scheme}://{host}" + ("/<redacted>" if rest else "")


def webhook_reason(url: object) -> Reason | None:
    """Why a (plain or resolved) webhook URL is not an https URL, or ``None`` (the reason
    shows only its scheme and host)."""
    path = "alerts.webhook_url"
    if not isinstance(url, str):
        return Reason(path, "not a string", url, "an https:// URL")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises on a port outside 0-65535
    except ValueError:
        host = None
        parts = None
    if (
        parts is None
        or parts.scheme.lower() != "https"
        or not host
        or any(c.isspace() for c in url)
    ):
        # Plain http would carry the alert, and any token in the URL, in clear text.
        return Reason(
            path,
            "not an https URL",
            _redacted_url(url),
            "an https:// URL with a host name (plain http would send the alert and its token "
            "in clear text)",
        )
    return None


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


def _alerts(args: Mapping[str, Any], reasons: list[Reason]) -> AzureAlerts | None:
    raw = args.get("alerts")
    reasons.extend(_alerts_reasons(raw))
    if not isinstance(raw, Mapping):
        return None
    data = cast("Mapping[str, Any]", raw)
    emails = as_list(data.get("emails")) or []
    return AzureAlerts(
        # A copy: the args dict may be changed after the component is declared.
        emails=tuple(e for e in cast("Sequence[object]", emails) if isinstance(e, str)),
        webhook_url=data.get("webhook_url"),
        action_group_id=data.get("action_group_id"),
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
