"""Alerts of a :class:`~failover_components.gcp.CloudDnsFailover`: one Cloud Monitoring
notification channel per e-mail address, one webhook channel, and the log-match alert policy.

Imports ``pulumi_gcp.monitoring`` when called (through :func:`quiet_import`): only a component
with ``alerts`` calls it, so a component without alerts never loads it.
"""

import importlib
import warnings
from types import ModuleType
from typing import Any, Optional, cast

import pulumi

from .. import _component
from .constants import ALERT_AUTO_CLOSE, ALERT_RATE_LIMIT, HEALTH_CHECK_LOG_NAME
from .layout import alert_policy_name, email_channel_name, webhook_channel_name
from .settings import GcpAlerts, GcpSettings, webhook_url_reasons

__all__ = ["LOG_FILTER", "describe", "notify", "quiet_import"]


LOG_FILTER = (
    f'logName:"/logs/{HEALTH_CHECK_LOG_NAME}" '
    'AND jsonPayload.healthCheckProbeResult.healthState="UNHEALTHY"'
)
"""The alert's log filter. Health-check logs hold state transitions only; the log name and
the state field are documented (HEALTH_CHECK_LOGGING). Which resource type and labels a DNS
external-endpoint check logs under is not (gcp.md §7), so the filter does not narrow on them:
any logged health check of the project turning unhealthy notifies, rather than a filter that
might never match."""


def quiet_import(module: str) -> ModuleType:
    """``pulumi_gcp.<module>``, loaded now, without its import-time DeprecationWarnings (they
    name deprecated classes such as ``compute.MangedSslCertificate`` that this package never
    uses). pulumi_gcp registers its sub-packages lazily (``_utilities.lazy_import``), so the
    real import runs on the first attribute access: that happens here, inside the filter."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"pulumi_gcp\.")
        loaded = importlib.import_module(f"pulumi_gcp.{module}")
        getattr(loaded, "__all__", None)
    return loaded


def notify(
    parent: pulumi.Resource,
    name: str,
    hostname: str,
    alerts: GcpAlerts,
    settings: GcpSettings,
    subject: str,
) -> pulumi.Output[Optional[str]]:
    """The notification channels and the alert policy, children of ``parent`` named after
    ``name``; returns the policy's resource name."""
    monitoring = quiet_import("monitoring")
    channels: list[Any] = []
    opts = pulumi.ResourceOptions(parent=parent)
    for address in alerts.emails:
        channels.append(
            monitoring.NotificationChannel(
                email_channel_name(name, address),
                type="email",
                display_name=f"{name} failover: {address}",
                labels={"email_address": address},
                project=settings.project,
                opts=opts,
            )
        )
    if alerts.webhook_url is not None:
        channels.append(
            monitoring.NotificationChannel(
                webhook_channel_name(name),
                # webhook_tokenauth takes the URL as its 'url' label
                # (https://cloud.google.com/monitoring/support/notification-options#webhooks).
                type="webhook_tokenauth",
                display_name=f"{name} failover webhook",
                labels={"url": _webhook(alerts.webhook_url, subject)},
                project=settings.project,
                opts=opts,
            )
        )
    policy = monitoring.AlertPolicy(
        alert_policy_name(name),
        display_name=f"{name}: {hostname} failover health",
        combiner="OR",
        conditions=[
            {
                "display_name": "an endpoint turned UNHEALTHY",
                "condition_matched_log": {"filter": LOG_FILTER},
            }
        ],
        # Required for a log-match condition (pulumi_gcp monitoring
        # .AlertPolicyAlertStrategyArgs.notification_rate_limit).
        alert_strategy={
            "notification_rate_limit": {"period": ALERT_RATE_LIMIT},
            "auto_close": ALERT_AUTO_CLOSE,
        },
        notification_channels=[c.id for c in channels],
        documentation={
            "content": (
                f"Cloud DNS health check of {hostname} saw an endpoint turn "
                "unhealthy: the record set may have failed over to the backup."
            ),
            "mime_type": "text/markdown",
        },
        severity="WARNING",
        project=settings.project,
        opts=opts,
    )
    return cast("pulumi.Output[Optional[str]]", policy.name)


def describe(alerts: Optional[GcpAlerts]) -> str:
    """The summary's ``alerts`` fact."""
    if alerts is None:
        return "off"
    targets: list[str] = []
    if alerts.emails:
        targets.append(f"{len(alerts.emails)} e-mail channel(s)")
    if alerts.webhook_url is not None:
        targets.append("a webhook channel")
    return "a Cloud Monitoring log-match alert policy notifies " + ", ".join(targets)


def _webhook(url: "pulumi.Input[str]", subject: str) -> pulumi.Output[str]:
    # Secret before it reaches the resource: the URL usually carries a token. A plain URL was
    # checked at construction; an Output is checked when it resolves.
    checked = _component.check_when_known(url, webhook_url_reasons, subject)
    return pulumi.Output.secret(checked)
