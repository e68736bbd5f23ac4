"""The Cloudflare keys of the args, parsed once into :class:`CloudflareSettings`, with every
reason a value is wrong. The rules, the layout, the component and its summary read the
settings, never the raw dict again. No SDK import.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from .._component import is_plain
from ..alerts import AlertRules, WebhookRules, parse_alerts
from ..alerts import webhook_url_reasons as _webhook_url_reasons
from ..errors import Reason
from ..validation import typeddict_keys
from .args import CloudflareAlertsArgs, CloudflarePlan
from .constants import CF_API_IDS, HEX32

__all__ = [
    "CloudflareAlerts",
    "CloudflareSettings",
    "id_reason",
    "parse_settings",
    "same_ids_reason",
    "webhook_id_reasons",
    "webhook_url_reasons",
]

# The API documents a webhook id as "UUID" (maxLength 32) and shows it both without hyphens
# and with them [CF_WEBHOOK_API]; both spellings are accepted.
_WEBHOOK_ID = re.compile(
    r"^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.IGNORECASE
)
_WEBHOOK = WebhookRules(
    # Generic webhooks are only dispatched to port 80 or 443 [CF_WEBHOOKS]. The component
    # strips the URL before it reaches the webhook resource, so white space around it is
    # harmless (inside it, it is refused).
    ports=frozenset({80, 443}),
    ports_why="Cloudflare sends webhook notifications to port 80 or 443 only",
    strip=True,
)


@dataclass(frozen=True)
class CloudflareAlerts:
    """Who the health-alert notification policy notifies."""

    emails: tuple[str, ...]
    """The addresses (stripped), in the order given."""
    webhook_url: "pulumi.Input[str] | None"
    """The URL of a webhook destination to create (an Output is checked when it resolves)."""
    webhook_id: "pulumi.Input[str] | None"
    """An existing webhook destination's id (an Output is checked when it resolves)."""


@dataclass(frozen=True)
class CloudflareSettings:
    """The Cloudflare keys, with their defaults (a wrong value reads as its default; the
    reason is reported by :func:`parse_settings`)."""

    account_id: "pulumi.Input[str] | None" = None
    zone_id: "pulumi.Input[str] | None" = None
    plan: CloudflarePlan = CloudflarePlan.PRO
    proxied: bool | None = None
    """``proxied`` as given; ``None`` when absent (the layout then picks the default)."""
    allow_insecure: bool = False
    dnssec: bool = False
    alerts: CloudflareAlerts | None = None


def id_reason(path: str, value: object) -> Reason | None:
    """Why a (plain or resolved) account or zone id is not one, or ``None``."""
    if not isinstance(value, str):
        return Reason(path, "not a string", value, "32 lowercase hexadecimal characters")
    if len(value) != 32 or not set(value) <= HEX32:
        return Reason(
            path,
            "not a Cloudflare id",
            value,
            f"32 lowercase hexadecimal characters (dashboard, Overview page: {CF_API_IDS})",
        )
    return None


def same_ids_reason(account_id: str) -> Reason:
    """The reason for one id given as both the account and the zone."""
    # Monitors and pools live under /accounts/{account_id}, the load balancer under
    # /zones/{zone_id}; one id for both is always a mix-up (pain.md §E23).
    return Reason(
        "zone_id",
        "is the same as account_id",
        account_id,
        "the zone's own id: monitors and pools belong to the account, the load balancer to the zone",
    )


def webhook_url_reasons(value: object, path: str = "alerts.webhook_url") -> list[Reason]:
    """The rules for a (plain or resolved) ``alerts.webhook_url``: the core rules with
    Cloudflare's ports; the value is shown redacted only (it usually carries a token)."""
    return _webhook_url_reasons(value, path, rules=_WEBHOOK)


def webhook_id_reasons(value: object) -> list[Reason]:
    """The rules for ``alerts.webhook_id`` (plain or resolved)."""
    path = "alerts.webhook_id"
    expected = (
        "32 hexadecimal characters or a UUID: the id of a webhook destination "
        "(Notifications > Destinations in the dashboard)"
    )
    if not isinstance(value, str):
        return [Reason(path, "not a string", value, expected)]
    if not _WEBHOOK_ID.match(value):
        return [Reason(path, "not a Cloudflare webhook id", value, expected)]
    return []


_ALERTS = AlertRules(
    keys=typeddict_keys(CloudflareAlertsArgs),
    recipient="a notification destination",
    webhook=_WEBHOOK,
    targets={"webhook_id": webhook_id_reasons},
)


def _id_reasons(args: Mapping[str, Any]) -> list[Reason]:
    reasons: list[Reason] = []
    plain_ids: dict[str, str] = {}
    for key in ("account_id", "zone_id"):
        if key not in args or args[key] is None:
            reasons.append(Reason(key, "required", expected="32 lowercase hexadecimal characters"))
            continue
        value = args[key]
        if not is_plain(value):
            continue  # checked when it resolves (see component._checked_ids)
        reason = id_reason(key, value)
        if reason:
            reasons.append(reason)
        else:
            plain_ids[key] = value
    if len(plain_ids) == 2 and plain_ids["account_id"] == plain_ids["zone_id"]:
        reasons.append(same_ids_reason(plain_ids["account_id"]))
    return reasons


def _plan(raw: object, reasons: list[Reason]) -> CloudflarePlan:
    """The plan, or the default when absent or invalid (with the reason)."""
    if raw is None:
        return CloudflarePlan.PRO
    if isinstance(raw, CloudflarePlan):
        return raw
    if isinstance(raw, str):
        for member in CloudflarePlan:
            if member.value == raw.strip().lower():
                return member
    allowed = ", ".join(repr(m.value) for m in CloudflarePlan)
    reasons.append(Reason("plan", "not an allowed value", raw, f"one of {allowed}"))
    return CloudflarePlan.PRO


def _bool(args: Mapping[str, Any], key: str, reasons: list[Reason]) -> bool | None:
    """A boolean key: its value, ``None`` when absent or wrong (with the reason)."""
    value = args.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        reasons.append(Reason(key, "not a boolean", value, "true or false"))
        return None
    return value


def _alerts(args: Mapping[str, Any], reasons: list[Reason]) -> CloudflareAlerts | None:
    """``alerts`` by the core validator: its keys, every email, the webhook URL and id (plain
    values; Outputs are checked when they resolve), and at least one target."""
    alerts, found = parse_alerts(args.get("alerts"), _ALERTS)
    reasons.extend(found)
    if alerts is None:
        return None
    return CloudflareAlerts(alerts.emails, alerts.webhook_url, alerts.targets.get("webhook_id"))


def parse_settings(args: Mapping[str, Any]) -> tuple[CloudflareSettings, list[Reason]]:
    """The Cloudflare keys of ``args``, and every reason one of them is wrong (these run even
    when the neutral keys are broken)."""
    reasons = _id_reasons(args)
    proxied = _bool(args, "proxied", reasons)
    plan = _plan(args.get("plan"), reasons)
    settings = CloudflareSettings(
        account_id=args.get("account_id"),
        zone_id=args.get("zone_id"),
        plan=plan,
        proxied=proxied,
        allow_insecure=_bool(args, "allow_insecure", reasons) is True,
        dnssec=_bool(args, "dnssec", reasons) is True,
        alerts=_alerts(args, reasons),
    )
    return settings, reasons
