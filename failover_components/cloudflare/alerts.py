"""Alerts of a :class:`~failover_components.cloudflare.CloudflareFailover`: the notification
policy for the health of the set's pools and, with ``alerts.webhook_url``, the webhook
destination it notifies.

Imports ``pulumi_cloudflare`` when called (the component's module has imported it already, with
its deprecation warnings filtered), the same shape as every cloud's ``alerts.py``.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import pulumi

from .. import _component
from ..model import FailoverSet
from .constants import HEALTH_ALERT_EVENT_SOURCES, HEALTH_ALERT_NEW_HEALTHS, HEALTH_ALERT_TYPE
from .layout import alert_policy_name, webhook_name
from .settings import CloudflareAlerts, webhook_id_reasons, webhook_url_reasons

if TYPE_CHECKING:  # pragma: no cover - annotations only; the SDK is imported when called
    import pulumi_cloudflare as cloudflare

__all__ = ["Notified", "notify"]


@dataclass(frozen=True)
class Notified:
    """What the alerts give the component's outputs."""

    policy_id: "pulumi.Output[str]"
    """The id of the health-alert notification policy."""
    webhook_id: "Optional[pulumi.Output[str]]"
    """The id of the webhook destination created from ``webhook_url``; ``None`` without one."""


def notify(
    parent: pulumi.Resource,
    name: str,
    fset: FailoverSet,
    alerts: CloudflareAlerts,
    account_id: pulumi.Input[str],
    pools: "Mapping[str, cloudflare.LoadBalancerPool]",
    subject: str,
) -> Notified:
    """The webhook destination (when ``webhook_url`` is given) and the notification policy
    for the health of this set's pools [CF_HEALTH_ALERT], children of ``parent`` named after
    ``name``. An ``Output`` URL or id fails the deployment with its path when its resolved
    value breaks a rule (plain values were checked at construction)."""
    import pulumi_cloudflare as cloudflare

    webhook: cloudflare.NotificationPolicyWebhooks | None = None
    webhook_ids: list[pulumi.Input[str]] = []
    if alerts.webhook_url is not None:
        url = _component.check_when_known(
            alerts.webhook_url, webhook_url_reasons, subject, str.strip
        )
        webhook = cloudflare.NotificationPolicyWebhooks(
            webhook_name(name),
            account_id=account_id,
            # Included in the body of every notification [CF_WEBHOOK_API].
            name=f"{fset.hostname} failover ({name})",
            # The URL usually carries a token: a secret in the inputs, and (the SDK marks
            # only ``secret`` as a secret output) in the outputs too.
            url=pulumi.Output.secret(url),
            opts=pulumi.ResourceOptions(parent=parent, additional_secret_outputs=["url"]),
        )
        webhook_ids.append(webhook.id)
    if alerts.webhook_id is not None:
        webhook_ids.append(
            _component.check_when_known(alerts.webhook_id, webhook_id_reasons, subject, str.strip)
        )
    emails = alerts.emails
    policy = cloudflare.NotificationPolicy(
        alert_policy_name(name),
        account_id=account_id,
        name=f"{fset.hostname} failover health ({name})",
        description=f"Health of the pools of failover set {name} ({fset.hostname}): "
        + " > ".join(p.name for p in fset.pools),
        alert_type=HEALTH_ALERT_TYPE,
        enabled=True,
        filters=cloudflare.NotificationPolicyFiltersArgs(
            # Every pool of the set, in tier order: the fallback pool's own health is never
            # used for steering [CF_HEALTH], but its origins going down is still news.
            pool_ids=[pools[p.name].id for p in fset.pools],
            new_healths=list(HEALTH_ALERT_NEW_HEALTHS),
            event_sources=list(HEALTH_ALERT_EVENT_SOURCES),
        ),
        mechanisms=cloudflare.NotificationPolicyMechanismsArgs(
            # An email mechanism's id is the address itself (SDK docstring).
            emails=[cloudflare.NotificationPolicyMechanismsEmailArgs(id=e) for e in emails] or None,
            webhooks=[cloudflare.NotificationPolicyMechanismsWebhookArgs(id=i) for i in webhook_ids]
            or None,
        ),
        opts=pulumi.ResourceOptions(parent=parent),
    )
    return Notified(policy_id=policy.id, webhook_id=webhook.id if webhook is not None else None)
