"""The Cloud DNS keys of the args, parsed once into :class:`GcpSettings`, with every reason a
value is wrong. The rules, the layout, the component and its summary read the settings, never
the raw dict again.
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
from .args import CloudDnsAlertsArgs
from .constants import (
    DEFAULT_BACKUP_LOCATION,
    DEFAULT_HEALTHY_THRESHOLD,
    GOOGLE_REGIONS,
    MAX_THRESHOLD,
)

__all__ = [
    "GcpAlerts",
    "GcpSettings",
    "managed_zone_reason",
    "parse_settings",
    "project_reason",
    "webhook_url_reasons",
]

_ZONE_NAME = re.compile(r"^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")
_ZONE_NAME_EXPECTED = (
    "the managed zone's name (not its DNS name): 1-63 lowercase letters, digits and hyphens, "
    "starting with a letter, e.g. 'example-com'"
)
# Project ids: 6-30 lowercase letters, digits and hyphens, starting with a letter; legacy
# domain-scoped projects prefix 'example.com:' (https://cloud.google.com/resource-manager/docs/creating-managing-projects).
_PROJECT = re.compile(r"^([a-z0-9.-]+\.[a-z]{2,}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$")
_PROJECT_EXPECTED = "a project id: 6-30 lowercase letters, digits and hyphens, e.g. 'my-project'"
_WEBHOOK = WebhookRules()
"""A ``webhook_tokenauth`` channel takes the URL as its ``url`` label, any port
(https://cloud.google.com/monitoring/support/notification-options#webhooks); the component
sends it as given, so white space around it is refused, not stripped."""
_ALERTS = AlertRules(
    keys=typeddict_keys(CloudDnsAlertsArgs),
    recipient="a notification channel",
    webhook=_WEBHOOK,
)


@dataclass(frozen=True)
class GcpAlerts:
    """Who the alert policy notifies."""

    emails: tuple[str, ...]
    webhook_url: "pulumi.Input[str] | None"


@dataclass(frozen=True)
class GcpSettings:
    """The Cloud DNS keys, with their defaults."""

    managed_zone: "pulumi.Input[str] | None" = None
    create_zone: bool = False
    project: "pulumi.Input[str] | None" = None
    backup_location: str = DEFAULT_BACKUP_LOCATION
    trickle_ratio: float | None = None
    """``None``: not given (0, or 1.0 for a drained primary)."""
    healthy_threshold: int = DEFAULT_HEALTHY_THRESHOLD
    dnssec: bool = False
    alerts: GcpAlerts | None = None


def managed_zone_reason(value: object, path: str = "managed_zone") -> Reason | None:
    """Why a (plain or resolved) managed zone name is not one, or ``None``."""
    if not isinstance(value, str):
        return Reason(path, "not a string", value, _ZONE_NAME_EXPECTED)
    if not _ZONE_NAME.match(value):
        problem = (
            "a DNS name; Cloud DNS names a managed zone separately from its DNS name"
            if "." in value
            else "not a managed zone name"
        )
        return Reason(path, problem, value, _ZONE_NAME_EXPECTED)
    return None


def project_reason(value: object, path: str = "project") -> Reason | None:
    """Why a (plain or resolved) project id is not one, or ``None``."""
    if not isinstance(value, str) or not _PROJECT.match(value):
        return Reason(path, "not a Google Cloud project id", value, _PROJECT_EXPECTED)
    return None


def webhook_url_reasons(value: object, path: str = "alerts.webhook_url") -> list[Reason]:
    """The rules for a (plain or resolved) webhook URL; the value is shown redacted only."""
    return _webhook_url_reasons(value, path, rules=_WEBHOOK)


def _flag(args: Mapping[str, Any], key: str, reasons: list[Reason]) -> bool:
    value = args.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        reasons.append(Reason(key, "not a boolean", value, "true or false"))
        return False
    return value


def _zone(args: Mapping[str, Any], reasons: list[Reason]) -> tuple[Any, bool]:
    zone = args.get("managed_zone")
    create = _flag(args, "create_zone", reasons)
    if zone is not None and is_plain(zone):
        reason = managed_zone_reason(zone)
        if reason:
            reasons.append(reason)
    if create and zone is not None:
        reasons.append(
            Reason(
                "create_zone",
                "conflicts with managed_zone: the zone is either adopted or created",
                True,
                "managed_zone to adopt an existing zone, or create_zone to make one, not both",
            )
        )
    elif not create and zone is None and "create_zone" not in args:
        reasons.append(
            Reason(
                "managed_zone",
                "required: Cloud DNS needs the managed zone to put the record set in",
                expected="the name of an existing public managed zone, or create_zone: true",
            )
        )
    elif not create and zone is None and isinstance(args.get("create_zone"), bool):
        reasons.append(
            Reason(
                "create_zone",
                "false, and no managed_zone is given: there is no zone for the record set",
                False,
                "create_zone: true, or managed_zone",
            )
        )
    return zone, create


def _trickle(args: Mapping[str, Any], reasons: list[Reason]) -> float | None:
    value = args.get("trickle_ratio")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        reasons.append(Reason("trickle_ratio", "not a number", value, "a number from 0 to 1"))
        return None
    if not 0 <= value <= 1:
        reasons.append(
            Reason(
                "trickle_ratio",
                "out of range (the share of traffic sent to the backup)",
                value,
                "a number from 0 to 1",
            )
        )
        return None
    return float(value)


def _threshold(args: Mapping[str, Any], reasons: list[Reason]) -> int:
    value = args.get("healthy_threshold")
    if value is None:
        return DEFAULT_HEALTHY_THRESHOLD
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_THRESHOLD:
        reasons.append(
            Reason(
                "healthy_threshold",
                "not a whole number from 1 to 10",
                value,
                f"1 to {MAX_THRESHOLD} consecutive passing probes",
            )
        )
        return DEFAULT_HEALTHY_THRESHOLD
    return value


def _location(args: Mapping[str, Any], reasons: list[Reason]) -> str:
    value = args.get("backup_location")
    if value is None:
        return DEFAULT_BACKUP_LOCATION
    if not isinstance(value, str) or value not in GOOGLE_REGIONS:
        reasons.append(
            Reason(
                "backup_location",
                "not a Google Cloud region",
                value,
                "a region name such as 'us-east4' or 'europe-west1'",
            )
        )
        return DEFAULT_BACKUP_LOCATION
    return value


def _alerts(args: Mapping[str, Any], reasons: list[Reason]) -> GcpAlerts | None:
    alerts, found = parse_alerts(args.get("alerts"), _ALERTS)
    reasons.extend(found)
    return None if alerts is None else GcpAlerts(alerts.emails, alerts.webhook_url)


def parse_settings(args: Mapping[str, Any]) -> tuple[GcpSettings, list[Reason]]:
    """The Cloud DNS keys of ``args``, and every reason one of them is wrong."""
    reasons: list[Reason] = []
    zone, create = _zone(args, reasons)
    project = args.get("project")
    if project is not None and is_plain(project):
        reason = project_reason(project)
        if reason:
            reasons.append(reason)
    settings = GcpSettings(
        managed_zone=zone,
        create_zone=create,
        project=project,
        backup_location=_location(args, reasons),
        trickle_ratio=_trickle(args, reasons),
        healthy_threshold=_threshold(args, reasons),
        dnssec=_flag(args, "dnssec", reasons),
        alerts=_alerts(args, reasons),
    )
    return settings, reasons
