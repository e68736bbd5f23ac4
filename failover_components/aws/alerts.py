"""Alerts of a :class:`~failover_components.aws.Route53Failover`: the SNS topic (created or
given), its subscriptions and one CloudWatch alarm per health check.

Imports ``pulumi_aws.sns`` and ``pulumi_aws.cloudwatch`` when called: only a component with
``alerts`` calls it, so the component's module stays as cheap to import as
``pulumi_aws.route53``.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Optional, cast

import pulumi

from .. import _component, naming
from .constants import ALARM_PERIOD_SECONDS, ALARM_TREAT_MISSING_DATA, US_EAST_1
from .layout import Layout
from .settings import AwsAlerts, email_subscription_name, sns_topic_arn_reasons, webhook_url_reasons

if TYPE_CHECKING:  # pragma: no cover - annotations only; the SDK is imported when called
    from pulumi_aws import route53

__all__ = ["notify"]


def notify(
    parent: pulumi.Resource,
    name: str,
    alerts: AwsAlerts,
    layout: Layout,
    checks: "Mapping[str, Mapping[str, route53.HealthCheck]]",
    calculated: "Mapping[str, route53.HealthCheck]",
    subject: str,
) -> "pulumi.Input[Optional[str]]":
    """The topic, its subscriptions and one alarm per health check (``checks``: each
    endpoint's by pool, ``calculated``: each pool's), children of ``parent`` named after
    ``name``; returns the topic's ARN."""
    from pulumi_aws import cloudwatch, sns

    topic_arn: pulumi.Input[str]
    if alerts.creates_topic:
        # Not encrypted: with SSE under the AWS-managed key, CloudWatch cannot publish to
        # the topic (it needs a customer-managed key whose policy admits
        # cloudwatch.amazonaws.com), and the messages hold no secret, only alarm states
        # (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
        # Signature version 2 signs deliveries with SHA256 for webhook receivers that
        # verify them (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html).
        topic = sns.Topic(
            naming.child(name, "alerts"),
            signature_version=2,
            region=US_EAST_1,
            opts=pulumi.ResourceOptions(parent=parent),
        )
        topic_arn = topic.arn
    else:
        given = cast("pulumi.Input[str]", alerts.sns_topic_arn)
        topic_arn = _component.check_when_known(given, sns_topic_arn_reasons, subject)
    # Subscriptions live in the topic's region (pulumi_aws sns.TopicSubscription notes).
    for address in alerts.emails:
        sns.TopicSubscription(
            naming.child(name, *email_subscription_name(address)),
            topic=topic_arn,
            protocol="email",
            endpoint=address,
            region=US_EAST_1,
            opts=pulumi.ResourceOptions(parent=parent),
        )
    url = alerts.webhook_url
    if url is not None:
        # Secret before it reaches the resource: the URL usually carries a token.
        checked = _component.check_when_known(url, webhook_url_reasons, subject, str.strip)
        endpoint: pulumi.Output[str] = pulumi.Output.secret(checked)
        sns.TopicSubscription(
            naming.child(name, "alerts", "webhook"),
            topic=topic_arn,
            protocol="https",
            endpoint=endpoint,
            region=US_EAST_1,
            opts=pulumi.ResourceOptions(parent=parent, additional_secret_outputs=["endpoint"]),
        )
    for alarm in layout.alarms():
        check = (
            checks[alarm.pool][alarm.endpoint]
            if alarm.endpoint is not None
            else calculated[alarm.pool]
        )
        # HealthCheckStatus is 1 while healthy and 0 while not; its Minimum over a minute
        # below 1 means the check reported unhealthy in that minute. Route 53 publishes
        # it in us-east-1 only, so the alarm lives there [constants.R53_MONITOR]; one period is
        # enough, since the check's failure_threshold already debounced the status.
        cloudwatch.MetricAlarm(
            naming.child(name, *alarm.name),
            alarm_description=alarm.description[:1024],
            namespace="AWS/Route53",
            metric_name="HealthCheckStatus",
            dimensions={"HealthCheckId": check.id},
            statistic="Minimum",
            comparison_operator="LessThanThreshold",
            threshold=1,
            period=ALARM_PERIOD_SECONDS,
            evaluation_periods=1,
            treat_missing_data=ALARM_TREAT_MISSING_DATA,
            alarm_actions=[topic_arn],
            ok_actions=[topic_arn],
            region=US_EAST_1,
            opts=pulumi.ResourceOptions(parent=parent),
        )
    return topic_arn
