"""The public args of :class:`~failover_components.aws.Route53Failover`.

Kept in its own module, free of ``from __future__ import annotations``, ``Union`` and
``Literal``, because Pulumi's component analyzer reads these ``TypedDict``s at run time to
build the multi-language schema.
"""

import sys

import pulumi

from ..spec import FailoverSetArgs

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired, TypedDict

__all__ = ["Route53AlertsArgs", "Route53FailoverArgs"]


class Route53AlertsArgs(TypedDict):
    """Who is told when a Route 53 health check of the set turns unhealthy or healthy again.

    One CloudWatch alarm per health check (on ``AWS/Route53`` ``HealthCheckStatus``, in
    us-east-1, where Route 53 publishes it) notifies an SNS topic in us-east-1: the one
    created here for ``emails`` and ``webhook_url``, or ``sns_topic_arn``. Every target given
    is notified: with ``sns_topic_arn`` no topic is created, and ``emails`` and
    ``webhook_url`` are subscribed to that topic. At least one target is required.
    """

    emails: NotRequired[list[str]]
    """Addresses that get an SNS ``email`` subscription each (named after the address, not
    its position). AWS mails each a confirmation link: nothing is delivered until it is
    followed, and an unconfirmed subscription cannot be deleted by Pulumi.
    Default: no email subscriptions."""
    webhook_url: NotRequired[pulumi.Input[str]]
    """An ``https://`` URL that gets an SNS ``https`` subscription (it must confirm the
    subscription: SNS posts a ``SubscriptionConfirmation`` with a ``SubscribeURL`` first).
    Kept a Pulumi secret on every resource, since such URLs usually carry a token; it never
    appears in error messages. Default: no webhook."""
    sns_topic_arn: NotRequired[pulumi.Input[str]]
    """The ARN of an existing SNS topic in us-east-1 to notify instead of creating one
    (CloudWatch alarms notify topics in their own region only). Default: a topic is created
    when ``emails`` or ``webhook_url`` are given."""


class Route53FailoverArgs(FailoverSetArgs):
    """The cloud-neutral failover set plus the keys only Route 53 has.

    Route 53 notes on the neutral keys: ``health_check.interval_seconds`` is 10 or 30 and
    cannot change once a health check exists (changing it replaces the check);
    ``health_check.regions`` takes at least 3 of Route 53's 8 checker regions;
    ``expected_codes``, ``headers`` and ``timeout_seconds`` do not exist on Route 53 and are
    rejected: Route 53 sends no custom headers, so restrict the health endpoint to Route 53's
    checker addresses instead (``ROUTE53_HEALTHCHECKS`` in
    https://ip-ranges.amazonaws.com/ip-ranges.json, or the ``GetCheckerIpRanges`` API). An
    endpoint with ``alias_zone_id`` is an AWS alias target (ALB/NLB/CLB, CloudFront, API
    Gateway, S3 website) whose DNS name is ``address``.
    """

    zone_id: NotRequired[pulumi.Input[str]]
    """The id of an existing public hosted zone for ``zone_name`` to put the records in
    (``Z`` followed by up to 31 upper-case letters and digits, without ``/hostedzone/``).
    Default: the zone is looked up by ``zone_name`` (or created, with ``create_zone``)."""
    create_zone: NotRequired[bool]
    """Create the public hosted zone for ``zone_name`` and export its ``name_servers`` for
    delegation at the registrar. Route 53 allows several zones with one name, so only set
    this when no zone for ``zone_name`` exists yet; not together with ``zone_id``.
    Default: false (look the zone up by name)."""
    dnssec: NotRequired[bool]
    """Sign the hosted zone (created, adopted or looked up) with DNSSEC: a customer-managed
    KMS key in us-east-1 (``ECC_NIST_P256``, ``SIGN_VERIFY``, a key policy for Route 53's
    DNSSEC service scoped to this account and zone), a key-signing key and zone signing, all
    protected from deletion. Publish the exported ``ds_record`` at the registrar afterwards.
    One component per zone may set it. Default: false."""
    dnssec_kms_key_arn: NotRequired[pulumi.Input[str]]
    """With ``dnssec``: sign with this existing KMS key instead of creating one. It must be in
    us-east-1, ``ECC_NIST_P256`` with ``SIGN_VERIFY``, enabled, with a key policy that lets
    ``dnssec-route53.amazonaws.com`` use it (only the region can be checked here).
    Default: a key is created."""
    alerts: NotRequired[Route53AlertsArgs]
    """Notify people or systems when a health check of the set turns unhealthy or healthy
    again. Default: no alerts."""
