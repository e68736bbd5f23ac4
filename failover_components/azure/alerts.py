"""Alerts of a :class:`~failover_components.azure.TrafficManagerFailover`: the action group
(for ``emails`` and ``webhook_url``) and the Azure Monitor metric alert on the parent profile.

Imports ``pulumi_azure_native.monitor`` when called: only a component with ``alerts`` calls
it, so the component's module imports ``trafficmanager`` and ``dns`` only.
"""

from typing import TYPE_CHECKING, Optional, cast

import pulumi

from .. import _component, naming
from .constants import (
    ALERT_AGGREGATION,
    ALERT_EVALUATION_FREQUENCY,
    ALERT_SEVERITY,
    ALERT_THRESHOLD,
    ALERT_WINDOW_SIZE,
    ENDPOINT_STATUS_METRIC,
    METRIC_NAMESPACE,
)
from .layout import action_group_short_name, email_receiver_names
from .rules import checked_action_group, checked_webhook
from .settings import AzureAlerts

if TYPE_CHECKING:  # pragma: no cover - annotations only; the SDK is imported when called
    from pulumi_azure_native import monitor, trafficmanager

__all__ = ["notify"]


def notify(
    parent: pulumi.Resource,
    name: str,
    alerts: AzureAlerts,
    rg: pulumi.Input[str],
    profile: "trafficmanager.Profile",
    hostname: str,
    subject: str,
) -> pulumi.Output[Optional[str]]:
    """The action group ``<name>-action-group`` (for emails and the webhook) and the metric
    alert ``<name>-alert`` on the profile, children of ``parent``; returns the id of the
    group the alert notifies (the created one, else ``alerts.action_group_id``)."""
    from pulumi_azure_native import monitor

    action_ids: list[pulumi.Input[str]] = []
    created: monitor.ActionGroup | None = None
    if alerts.creates_action_group:
        created = _action_group(parent, name, alerts, rg, subject)
        action_ids.append(created.id)
    existing: pulumi.Output[str] | None = None
    if alerts.action_group_id is not None:
        existing = _component.as_output(checked_action_group(alerts.action_group_id, subject))
        action_ids.append(existing)
    monitor.MetricAlert(
        naming.child(name, "alert"),
        resource_group_name=rg,
        location="global",  # metric alert rules are global resources [METRIC_ALERTS]
        description=f"A Traffic Manager endpoint of {hostname} is down: fewer than half of "
        "the probes see it up, so its tier no longer answers",
        enabled=True,
        severity=ALERT_SEVERITY,
        scopes=[profile.id],
        evaluation_frequency=ALERT_EVALUATION_FREQUENCY,
        window_size=ALERT_WINDOW_SIZE,
        # Resolved when the endpoint is back, with a "resolved" notification.
        auto_mitigate=True,
        criteria=monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs(
            odata_type="Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            all_of=[
                monitor.MetricCriteriaArgs(
                    criterion_type="StaticThresholdCriterion",
                    name="endpoint-down",
                    metric_namespace=METRIC_NAMESPACE,
                    metric_name=ENDPOINT_STATUS_METRIC,
                    # Each endpoint is its own time series ('*': every value of the
                    # dimension, including endpoints added later), so one endpoint down
                    # fires even while the others are up [METRIC_ALERTS].
                    dimensions=[
                        monitor.MetricDimensionArgs(
                            name="EndpointName", operator="Include", values=["*"]
                        )
                    ],
                    operator="LessThan",
                    threshold=ALERT_THRESHOLD,
                    time_aggregation=ALERT_AGGREGATION,
                )
            ],
        ),
        actions=[monitor.MetricAlertActionArgs(action_group_id=i) for i in action_ids],
        opts=pulumi.ResourceOptions(parent=parent),
    )
    chosen = created.id if created is not None else existing
    return cast("pulumi.Output[Optional[str]]", chosen)


def _action_group(
    parent: pulumi.Resource,
    name: str,
    alerts: AzureAlerts,
    rg: pulumi.Input[str],
    subject: str,
) -> "monitor.ActionGroup":
    """The action group for ``alerts.emails`` and ``alerts.webhook_url``."""
    from pulumi_azure_native import monitor

    receivers = email_receiver_names(alerts.emails)
    return monitor.ActionGroup(
        naming.child(name, "action-group"),
        resource_group_name=rg,
        location="global",  # action groups are global [ACTION_GROUPS]
        enabled=True,
        group_short_name=action_group_short_name(name),
        email_receivers=[
            monitor.MicrosoftCommonEmailReceiverArgs(
                name=receivers[email],
                email_address=email,
                use_common_alert_schema=True,
            )
            for email in alerts.emails
        ]
        or None,
        webhook_receivers=[
            monitor.WebhookReceiverArgs(
                name="webhook",
                # The URL usually carries a token: secret before it reaches the resource,
                # so the state and every diff show it encrypted.
                service_uri=_secret(checked_webhook(alerts.webhook_url, subject)),
                # One payload shape for every alert type [COMMON_ALERT_SCHEMA].
                use_common_alert_schema=True,
            )
        ]
        if alerts.webhook_url is not None
        else None,
        opts=pulumi.ResourceOptions(parent=parent),
    )


def _secret(value: pulumi.Input[str]) -> pulumi.Output[str]:
    secret: pulumi.Output[str] = pulumi.Output.secret(value)
    return secret
