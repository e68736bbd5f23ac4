"""Policies as data: the DNSSEC key policy and the CI deployer's IAM policy. Pure, no SDK.

:func:`dnssec_key_policy` is the key policy of the KMS key Route 53 signs the zone with.
:func:`deployer_policy` lists only the API actions the component's resources make the AWS
provider call (create, read, update, delete of each child), grouped by what they act on and
scoped to the narrowest resource IAM can name for them:

* record changes and DNSSEC calls: the hosted zone's ARN (``hostedzone/<id>``);
* health checks and change tracking: ``healthcheck/*`` and ``change/*`` (their ids are
  assigned by Route 53 at creation, so no policy written beforehand can name them);
* the DNSSEC KMS key: keys of this account in us-east-1 (its id is assigned at creation);
* alarms and the SNS topic: names starting with the component name in us-east-1 (Pulumi
  auto-names them ``<component>-...-<random suffix>``), or the given topic's ARN;
* ``*`` for the calls IAM cannot scope to a resource: creating health checks, zones and keys
  (no ARN exists before them), listing zones to look one up by name, and describing alarms
  and subscriptions (the Service Authorization Reference lists no resource
  type for them: https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).

``sts:GetCallerIdentity`` (the account id for the key policy) needs no permission
(https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
"""

import json
from collections.abc import Iterable
from typing import Any

from .constants import US_EAST_1
from .settings import AwsSettings

__all__ = ["DNSSEC_SERVICE", "deployer_policy", "deployer_policy_json", "dnssec_key_policy"]

DNSSEC_SERVICE = "dnssec-route53.amazonaws.com"
"""The service principal Route 53's DNSSEC signing uses the KMS key as."""
R53_DNSSEC_KEY_POLICY = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "access-control-managing-permissions.html#KMS-key-policy-for-DNSSEC"
)

# Route 53 ARNs have no region or account: arn:<partition>:route53:::hostedzone/<id>
# (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html).
_RECORDS = (
    "route53:ChangeResourceRecordSets",
    "route53:GetHostedZone",
    "route53:ListResourceRecordSets",
)
_ZONE_TAGS = ("route53:ListTagsForResource",)
_ZONE_DELETE = ("route53:DeleteHostedZone",)
_DNSSEC = (
    "route53:ActivateKeySigningKey",
    "route53:CreateKeySigningKey",
    "route53:DeactivateKeySigningKey",
    "route53:DeleteKeySigningKey",
    "route53:DisableHostedZoneDNSSEC",
    "route53:EnableHostedZoneDNSSEC",
    "route53:GetDNSSEC",
)
_HEALTH_CHECKS = (
    "route53:ChangeTagsForResource",
    "route53:DeleteHealthCheck",
    "route53:GetHealthCheck",
    "route53:ListTagsForResource",
    "route53:UpdateHealthCheck",
)
_KMS_KEY = (
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:UpdateKeyDescription",
)
_ALARMS = ("cloudwatch:DeleteAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:PutMetricAlarm")
_TOPIC = (
    "sns:CreateTopic",
    "sns:DeleteTopic",
    "sns:GetTopicAttributes",
    "sns:ListTagsForResource",
    "sns:SetTopicAttributes",
)
_SUBSCRIBE = ("sns:ListSubscriptionsByTopic", "sns:Subscribe")
_SUBSCRIPTIONS = (
    "sns:GetSubscriptionAttributes",
    "sns:SetSubscriptionAttributes",
    "sns:Unsubscribe",
)


def dnssec_key_policy(*, account_id: Any, root_arn: Any, zone_arn: Any) -> dict[str, Any]:
    """The key policy of the zone's signing key (values may be ``Output``s: the component
    serialises it with ``pulumi.Output.json_dumps``).

    * The account root gets ``kms:*``: the key's management is then delegated to IAM
      policies, as in KMS's default key policy, and the deployer is not locked out of the key
      (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
    * Route 53's DNSSEC service may describe the key, read its public key and sign, only on
      behalf of this account (``aws:SourceAccount``) and this hosted zone (``aws:SourceArn``,
      the confused-deputy guard), and create grants only for AWS resources
      (``kms:GrantIsForAWSResource``) [R53_DNSSEC_KEY_POLICY]. Provider examples without
      ``kms:CreateGrant`` failed with "InvalidKMSArn ... did not grant all required
      permissions" (https://github.com/hashicorp/terraform-provider-aws/pull/33590).
    """
    service = {"Service": DNSSEC_SERVICE}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EnableIamPolicies",
                "Effect": "Allow",
                "Principal": {"AWS": root_arn},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "AllowRoute53DnssecService",
                "Effect": "Allow",
                "Principal": service,
                "Action": ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account_id},
                    "ArnEquals": {"aws:SourceArn": zone_arn},
                },
            },
            {
                # As the Route 53 guide writes it: the grant is bounded to AWS resources only.
                "Sid": "AllowRoute53DnssecToCreateGrant",
                "Effect": "Allow",
                "Principal": service,
                "Action": "kms:CreateGrant",
                "Resource": "*",
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
            },
        ],
    }


def _statement(sid: str, actions: Iterable[str], resources: Iterable[str]) -> dict[str, Any]:
    res = sorted(set(resources))
    return {
        "Sid": sid,
        "Effect": "Allow",
        "Action": sorted(set(actions)),
        "Resource": res[0] if len(res) == 1 else res,
    }


def deployer_policy(
    *,
    component: str,
    account_id: str,
    zone_id: str | None,
    zone: str = "lookup",
    dnssec: bool = False,
    create_key: bool = True,
    alerts: bool = False,
    sns_topic_arn: str | None = None,
    subscriptions: bool = False,
    partition: str = "aws",
) -> dict[str, Any]:
    """The identity-based IAM policy document (a JSON-ready ``dict``) for the role that
    deploys one ``Route53Failover``.

    ``zone`` says how the component finds its hosted zone: ``"lookup"`` (by name),
    ``"adopted"`` (``zone_id``) or ``"created"`` (``create_zone``); ``zone_id`` is the zone's
    id, or ``None`` while a zone to be created has none yet (record actions then cover every
    zone of the account: deploy once, then narrow with the id). ``dnssec`` adds the DNSSEC
    calls and, with ``create_key``, the management of the KMS key. ``alerts`` adds the alarms;
    ``sns_topic_arn`` is an existing topic (else one is created) and ``subscriptions`` says
    whether emails or a webhook are subscribed to it.
    """
    if zone not in ("lookup", "adopted", "created"):
        raise ValueError(f"zone must be 'lookup', 'adopted' or 'created', got {zone!r}")
    route53 = f"arn:{partition}:route53:::"
    zone_arn = f"{route53}hostedzone/{zone_id if zone_id else '*'}"
    unscoped: list[str] = ["route53:CreateHealthCheck"]
    zone_actions: list[str] = list(_RECORDS)
    if zone == "lookup":
        # The provider lists the account's zones to find the one with the name, then reads
        # its tags (pulumi_aws route53.get_zone).
        unscoped.append("route53:ListHostedZones")
        zone_actions += _ZONE_TAGS
    elif zone == "created":
        unscoped.append("route53:CreateHostedZone")
        zone_actions += (*_ZONE_TAGS, *_ZONE_DELETE)
    if dnssec:
        zone_actions += _DNSSEC
    statements = [
        _statement("Route53Zone", zone_actions, [zone_arn]),
        _statement("Route53HealthChecks", _HEALTH_CHECKS, [f"{route53}healthcheck/*"]),
        # Every change is awaited until Route 53 reports it INSYNC (GetChange).
        _statement("Route53Changes", ["route53:GetChange"], [f"{route53}change/*"]),
    ]
    if dnssec and create_key:
        unscoped.append("kms:CreateKey")
        statements.append(
            _statement(
                "DnssecKey",
                _KMS_KEY,
                [f"arn:{partition}:kms:{US_EAST_1}:{account_id}:key/*"],
            )
        )
    if alerts:
        unscoped.append("cloudwatch:DescribeAlarms")
        statements.append(
            _statement(
                "HealthCheckAlarms",
                _ALARMS,
                [f"arn:{partition}:cloudwatch:{US_EAST_1}:{account_id}:alarm:{component}-*"],
            )
        )
        if sns_topic_arn is None:
            topic = f"arn:{partition}:sns:{US_EAST_1}:{account_id}:{component}-alerts-*"
            statements.append(
                _statement("AlertTopic", (*_TOPIC, *(_SUBSCRIBE if subscriptions else ())), [topic])
            )
        elif subscriptions:
            statements.append(_statement("AlertTopic", _SUBSCRIBE, [sns_topic_arn]))
        if subscriptions:
            unscoped += _SUBSCRIPTIONS
    statements.append(_statement("NotResourceScoped", unscoped, ["*"]))
    return {"Version": "2012-10-17", "Statement": statements}


def deployer_policy_json(
    component: str,
    settings: AwsSettings,
    zone_id: str | None,
    account_id: str,
    partition: str,
    topic_arn: str | None,
) -> str:
    """:func:`deployer_policy` of a component with these settings, as compact JSON (the
    ``deployer_policy_json`` output); ``topic_arn`` is the topic the alarms notify."""
    alerts = settings.alerts
    zone = {"adopted": "adopted", "created": "created"}.get(settings.zone_source, "lookup")
    document = deployer_policy(
        component=component,
        account_id=account_id,
        zone_id=zone_id,
        zone=zone,
        dnssec=settings.dnssec,
        create_key=settings.dnssec_kms_key_arn is None,
        alerts=alerts is not None,
        sns_topic_arn=topic_arn if alerts is not None and not alerts.creates_topic else None,
        subscriptions=alerts is not None and alerts.subscribes,
        partition=partition,
    )
    # Compact: an indent makes json fall back to its pure-Python encoder (about 1 ms per
    # component, a tenth of a 1000-set program's cost); `jq .` pretty-prints it.
    return json.dumps(document, separators=(",", ":"))
