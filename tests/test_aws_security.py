"""Route53Failover's security options under the mock engine: DNSSEC (key, key-signing key,
signing, DS record), alerts (topic, subscriptions, alarms in us-east-1, secrets), the
deployer's IAM policy, the acknowledged policies, their bad inputs and preview."""

import copy
import json
from collections.abc import Callable
from typing import Any

import aws_support
import pulumi
import pytest
from aws_support import (
    ALB,
    ALB_ZONE,
    CANONICAL,
    HC,
    LOOKED_UP,
    RECORD,
    ZONE,
    children,
    config_error,
    depends_on,
    ep,
    make,
    rejected,
    two_tiers,
)
from support import is_unknown

from failover_components import FailoverConfigError, policy, testing
from failover_components._component import STATE_OUTPUTS
from failover_components.aws import (
    check_args,
    deployer_policy,
    dnssec_key_policy,
)
from failover_components.aws.layout import ksk_name
from failover_components.testing import Recording

KEY = "aws:kms/key:Key"
KSK = "aws:route53/keySigningKey:KeySigningKey"
SIGNING = "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec"
TOPIC = "aws:sns/topic:Topic"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
ACCOUNT = "123456789012"  # what the testing kit's getCallerIdentity answers
OWN_ZONE = "Z0123456789ABCDEFGHIJ"
WEBHOOK = "https://hooks.example.com/services/T000/B000/XXXXSECRETXXXX"
KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:ops-alerts"
URL_EXPECTED = "https://<host>/<path> (the value is a secret and is not shown)"


SECURE: dict[str, Any] = {
    **CANONICAL,
    "dnssec": True,
    "alerts": {"emails": ["ops@example.com", "oncall@example.net"], "webhook_url": WEBHOOK},
}


EXPORTS = {
    key: key
    for key in (
        "zone_id",
        "ds_record",
        "acknowledged_policies",
        "alert_topic_arn",
        "deployer_policy_json",
    )
}


def build(
    args: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    preview: bool = False,
    name: str = "web",
) -> Recording:
    """Run the component with the outputs these tests read."""
    return aws_support.build(args, EXPORTS, preview=preview, name=name)


def key_policy(zone_id: str) -> dict[str, Any]:
    """The key policy the component must write for a zone of the testing kit's account."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EnableIamPolicies",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "AllowRoute53DnssecService",
                "Effect": "Allow",
                "Principal": {"Service": "dnssec-route53.amazonaws.com"},
                "Action": ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": ACCOUNT},
                    "ArnEquals": {"aws:SourceArn": f"arn:aws:route53:::hostedzone/{zone_id}"},
                },
            },
            {
                "Sid": "AllowRoute53DnssecToCreateGrant",
                "Effect": "Allow",
                "Principal": {"Service": "dnssec-route53.amazonaws.com"},
                "Action": "kms:CreateGrant",
                "Resource": "*",
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
            },
        ],
    }


# -- names, parents, protection ----------------------------------------------------------


def test_canonical_child_names_with_dnssec_and_alerts_are_pinned() -> None:
    # Changing any of these replaces a signing key (an outage for validating resolvers while
    # the DS is published), an alarm or a subscription (a new confirmation mail): keep them.
    rec = build(SECURE)
    assert children(rec) == {
        (ZONE, "web-zone"),
        (HC, "web-primary-a-hc"),
        (HC, "web-primary-b-hc"),
        (HC, "web-primary-calculated"),
        (HC, "web-secondary-dr-hc"),
        (RECORD, "web-primary-a-record"),
        (RECORD, "web-primary-b-record"),
        (RECORD, "web-level-1-primary"),
        (RECORD, "web-level-1-secondary"),
        (RECORD, "web-level-2-primary"),
        (RECORD, "web-level-2-secondary"),
        (KEY, "web-dnssec-key"),
        (KSK, "web-dnssec-ksk"),
        (SIGNING, "web-dnssec"),
        (TOPIC, "web-alerts"),
        (SUBSCRIPTION, "web-alerts-email-ops-example-com"),
        (SUBSCRIPTION, "web-alerts-email-oncall-example-net"),
        (SUBSCRIPTION, "web-alerts-webhook"),
        (ALARM, "web-primary-a-alarm"),
        (ALARM, "web-primary-b-alarm"),
        (ALARM, "web-primary-calculated-alarm"),
        (ALARM, "web-secondary-dr-alarm"),
    }


def test_every_new_child_is_parented_and_only_signing_resources_are_protected() -> None:
    rec = build(SECURE)
    (component,) = rec.components()
    assert {(r.type, r.name) for r in rec.children(component)} == children(rec)
    assert {r.name for r in rec.resources if r.protect} == {
        "web-dnssec-key",
        "web-dnssec-ksk",
        "web-dnssec",
    }


def test_subscription_names_follow_addresses_not_positions() -> None:
    reordered = copy.deepcopy(SECURE)
    reordered["alerts"]["emails"].reverse()
    assert children(build(reordered)) == children(build(SECURE))


def test_two_secure_instances_in_one_stack_do_not_collide() -> None:
    def program() -> None:
        make("web", copy.deepcopy(SECURE))
        make(
            "api",
            {**copy.deepcopy(SECURE), "hostname": "api.example.com", "create_zone": False},
        )

    rec = testing.run(program)
    api = {n for _, n in children(rec) if n.startswith("api-")}
    assert {n for n in api if "dnssec" in n or "alert" in n or n.endswith("-alarm")} == {
        "api-dnssec-key",
        "api-dnssec-ksk",
        "api-dnssec",
        "api-alerts",
        "api-alerts-email-ops-example-com",
        "api-alerts-email-oncall-example-net",
        "api-alerts-webhook",
        "api-primary-a-alarm",
        "api-primary-b-alarm",
        "api-primary-calculated-alarm",
        "api-secondary-dr-alarm",
    }
    assert rec.get(KSK, "api-dnssec-ksk").inputs["name"] == "api_ksk"


# -- DNSSEC --------------------------------------------------------------------------------


def test_dnssec_key_is_a_p256_signing_key_in_us_east_1_with_a_scoped_policy() -> None:
    rec = build(SECURE)
    zone_id = rec.get(ZONE, "web-zone").outputs["zoneId"]
    key = rec.get(KEY, "web-dnssec-key")
    inputs = dict(key.inputs)
    assert json.loads(inputs.pop("policy")) == key_policy(zone_id)
    assert inputs == {
        "customerMasterKeySpec": "ECC_NIST_P256",
        "keyUsage": "SIGN_VERIFY",
        "deletionWindowInDays": 30,
        "region": "us-east-1",
        "description": "Route 53 DNSSEC signing key for example.com (failover component web)",
    }
    assert key.ignore_changes == ()


def test_key_signing_key_and_signing_use_the_zone_and_the_key() -> None:
    rec = build(SECURE)
    zone_id = rec.get(ZONE, "web-zone").outputs["zoneId"]
    key = rec.get(KEY, "web-dnssec-key")
    ksk = rec.get(KSK, "web-dnssec-ksk")
    assert dict(ksk.inputs) == {
        "hostedZoneId": zone_id,
        "keyManagementServiceArn": key.outputs["arn"],
        "name": "web_ksk",
        "status": "ACTIVE",
    }
    assert key.outputs["arn"].startswith(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/")
    signing = rec.get(SIGNING, "web-dnssec")
    assert dict(signing.inputs) == {"hostedZoneId": zone_id, "signingStatus": "SIGNING"}
    assert depends_on(rec, signing) == {"web-dnssec-ksk"}
    assert depends_on(rec, ksk) == {"web-zone", "web-dnssec-key"}


def test_ds_record_comes_from_the_key_signing_key() -> None:
    rec = build(SECURE)
    ds = rec.get(KSK, "web-dnssec-ksk").outputs["dsRecord"]
    assert rec.outputs["ds_record"] == ds
    assert ds.split()[1:3] == ["13", "2"]  # ECDSAP256SHA256, SHA-256
    assert len(rec.components()) == 1
    assert rec.outputs["ds_record"] == ds


def test_without_dnssec_nothing_signs_and_ds_record_is_none() -> None:
    rec = build(CANONICAL)
    assert {t for t, _ in children(rec)} == {ZONE, HC, RECORD}
    assert rec.outputs["ds_record"] is None
    assert not any(r.protect for r in rec.resources)


@pytest.mark.parametrize(
    ("extra", "zone_id"),
    [
        ({}, LOOKED_UP),
        ({"zone_id": OWN_ZONE}, OWN_ZONE),
        ({"zone_id": "OUTPUT"}, OWN_ZONE),
    ],
    ids=["looked-up-zone", "adopted-zone", "adopted-zone-output"],
)
def test_dnssec_signs_an_adopted_or_looked_up_zone(extra: dict[str, Any], zone_id: str) -> None:
    def args() -> dict[str, Any]:
        given = dict(extra)
        if given.get("zone_id") == "OUTPUT":
            given["zone_id"] = pulumi.Output.from_input(OWN_ZONE)
        return two_tiers(dnssec=True, **given)

    rec = build(args)
    assert ZONE not in {t for t, _ in children(rec)}
    assert json.loads(rec.get(KEY, "web-dnssec-key").inputs["policy"]) == key_policy(zone_id)
    assert rec.get(KSK, "web-dnssec-ksk").inputs["hostedZoneId"] == zone_id
    assert rec.get(SIGNING, "web-dnssec").inputs["hostedZoneId"] == zone_id


@pytest.mark.parametrize(
    "given",
    [KEY_ARN, "OUTPUT"],
    ids=["plain", "output"],
)
def test_an_existing_key_is_used_instead_of_a_new_one(given: str) -> None:
    def args() -> dict[str, Any]:
        arn: Any = pulumi.Output.from_input(KEY_ARN) if given == "OUTPUT" else KEY_ARN
        return two_tiers(dnssec=True, dnssec_kms_key_arn=arn)

    rec = build(args)
    assert {(t, n) for t, n in children(rec) if t in (KEY, KSK, SIGNING)} == {
        (KSK, "web-dnssec-ksk"),
        (SIGNING, "web-dnssec"),
    }
    assert rec.get(KSK, "web-dnssec-ksk").inputs["keyManagementServiceArn"] == KEY_ARN
    assert {r.name for r in rec.resources if r.protect} == {"web-dnssec-ksk", "web-dnssec"}
    assert rec.failover_sets[0].facts["dnssec"] == (
        "signed with the given KMS key (protected); publish ds_record at the registrar"
    )


@pytest.mark.parametrize(
    ("component", "expected"),
    [
        ("web", "web_ksk"),
        ("my.app-1", "my_app_1_ksk"),
        ("a", "a_ksk"),
        ("x" * 124, "x" * 124 + "_ksk"),
    ],
    ids=["plain", "punctuation", "short", "longest-unhashed"],
)
def test_ksk_name_uses_only_the_characters_route53_allows(component: str, expected: str) -> None:
    assert ksk_name(component) == expected


def test_over_long_ksk_names_are_cut_to_128_with_a_hash() -> None:
    first, second = ksk_name("y" * 200), ksk_name("y" * 199 + "z")
    assert len(first) == len(second) == 128
    assert first != second
    assert first.startswith("y" * 110)
    assert first.endswith("_ksk")
    assert all(c.isalnum() or c == "_" for c in first)


# -- alerts --------------------------------------------------------------------------------


def test_alert_topic_lives_in_us_east_1_and_signs_with_sha256() -> None:
    rec = build(SECURE)
    topic = rec.get(TOPIC, "web-alerts")
    assert dict(topic.inputs) == {"signatureVersion": 2, "region": "us-east-1"}
    assert rec.outputs["alert_topic_arn"] == topic.outputs["arn"]
    assert topic.outputs["arn"].startswith("arn:aws:sns:us-east-1:")


def test_email_subscriptions_one_per_address() -> None:
    rec = build(SECURE)
    arn = rec.get(TOPIC, "web-alerts").outputs["arn"]
    for name, address in (
        ("web-alerts-email-ops-example-com", "ops@example.com"),
        ("web-alerts-email-oncall-example-net", "oncall@example.net"),
    ):
        assert dict(rec.get(SUBSCRIPTION, name).inputs) == {
            "topic": arn,
            "protocol": "email",
            "endpoint": address,
            "region": "us-east-1",
        }


@pytest.mark.parametrize(
    "source", ["plain", "output", "secret-output", "plain-padded", "output-padded"]
)
def test_webhook_url_is_a_secret_on_its_subscription(source: str) -> None:
    # White space around the URL is stripped (WebhookRules(strip=True)), plain or resolved.
    def args() -> dict[str, Any]:
        url: Any = {
            "plain": WEBHOOK,
            "output": pulumi.Output.from_input(WEBHOOK),
            "secret-output": pulumi.Output.secret(WEBHOOK),
            "plain-padded": f"  {WEBHOOK}\n",
            "output-padded": pulumi.Output.from_input(f"\t{WEBHOOK} "),
        }[source]
        return two_tiers(alerts={"webhook_url": url})

    rec = build(args)
    hook = rec.get(SUBSCRIPTION, "web-alerts-webhook")
    assert hook.is_secret("endpoint")
    assert not hook.is_secret("topic")
    assert hook.plain() == {
        "topic": rec.get(TOPIC, "web-alerts").outputs["arn"],
        "protocol": "https",
        "endpoint": WEBHOOK,
        "region": "us-east-1",
    }
    # The URL is nowhere in the clear: not in any other input, output or the summary.
    for res in rec.resources:
        if res is not hook:
            assert WEBHOOK not in json.dumps(res.plain(), default=str)
    assert WEBHOOK not in json.dumps(rec.outputs, default=str)
    assert WEBHOOK not in repr(rec.failover_sets)


def test_one_alarm_per_health_check_on_healthcheckstatus_in_us_east_1() -> None:
    rec = build(SECURE)
    arn = rec.get(TOPIC, "web-alerts").outputs["arn"]

    def alarm(check: str, description: str) -> dict[str, Any]:
        return {
            "alarmDescription": description,
            "namespace": "AWS/Route53",
            "metricName": "HealthCheckStatus",
            "dimensions": {"HealthCheckId": rec.get(HC, check).id},
            "statistic": "Minimum",
            "comparisonOperator": "LessThanThreshold",
            "threshold": 1,
            "period": 60,
            "evaluationPeriods": 1,
            "treatMissingData": "notBreaching",
            "alarmActions": [arn],
            "okActions": [arn],
            "region": "us-east-1",
        }

    expected = {
        "web-primary-a-alarm": alarm(
            "web-primary-a-hc",
            "app.example.com: the Route 53 health check of endpoint 'a' in pool 'primary' "
            "reports it unhealthy",
        ),
        "web-primary-b-alarm": alarm(
            "web-primary-b-hc",
            "app.example.com: the Route 53 health check of endpoint 'b' in pool 'primary' "
            "reports it unhealthy",
        ),
        "web-secondary-dr-alarm": alarm(
            "web-secondary-dr-hc",
            "app.example.com: the Route 53 health check of endpoint 'dr' in pool 'secondary' "
            "reports it unhealthy",
        ),
        "web-primary-calculated-alarm": alarm(
            "web-primary-calculated",
            "app.example.com: pool 'primary' has fewer than 2 healthy endpoints, so Route 53 "
            "takes it out of rotation",
        ),
    }
    assert {r.name: dict(r.inputs) for r in rec.by_type(ALARM)} == expected


def test_alarms_watch_every_probed_check_but_not_forced_down_ones() -> None:
    args = two_tiers(alerts={"emails": ["ops@example.com"]})
    args["pools"][0]["endpoints"] = [
        ep("a", "192.0.2.10"),
        ep("b", "192.0.2.11", status="down"),
        ep("c", "192.0.2.12", status="up"),
    ]
    rec = build(args)
    watched = {r.inputs["dimensions"]["HealthCheckId"] for r in rec.by_type(ALARM)}
    assert {r.name for r in rec.by_type(ALARM)} == {"web-primary-a-alarm", "web-secondary-b-alarm"}
    assert watched == {rec.get(HC, "web-primary-a-hc").id, rec.get(HC, "web-secondary-b-hc").id}
    assert (HC, "web-primary-b-hc") in children(rec)  # the down check exists, unwatched


@pytest.mark.parametrize(
    ("alerts", "subscriptions"),
    [
        ({"sns_topic_arn": TOPIC_ARN}, set[str]()),
        (
            {"sns_topic_arn": TOPIC_ARN, "emails": ["ops@example.com"], "webhook_url": WEBHOOK},
            {"web-alerts-email-ops-example-com", "web-alerts-webhook"},
        ),
    ],
    ids=["topic-only", "topic-and-subscriptions"],
)
def test_an_existing_topic_is_notified_and_subscribed_to(
    alerts: dict[str, Any], subscriptions: set[str]
) -> None:
    rec = build(two_tiers(alerts=alerts))
    assert TOPIC not in {t for t, _ in children(rec)}
    assert {r.name for r in rec.by_type(SUBSCRIPTION)} == subscriptions
    assert {r.plain("topic") for r in rec.by_type(SUBSCRIPTION)} <= {TOPIC_ARN}
    for alarm in rec.by_type(ALARM):
        assert (alarm.inputs["alarmActions"], alarm.inputs["okActions"]) == (
            [TOPIC_ARN],
            [TOPIC_ARN],
        )
    assert len(rec.by_type(ALARM)) == 2
    assert rec.outputs["alert_topic_arn"] == TOPIC_ARN


def test_without_alerts_nothing_is_alarmed() -> None:
    rec = build(two_tiers())
    assert not {t for t, _ in children(rec)} & {TOPIC, SUBSCRIPTION, ALARM}
    assert rec.outputs["alert_topic_arn"] is None


def test_summary_reports_dnssec_and_alerts() -> None:
    rec = build(SECURE)
    facts = rec.failover_sets[0].facts
    assert facts["dnssec"] == (
        "signed with a new KMS key in us-east-1 (protected); publish ds_record at the registrar"
    )
    assert facts["alerts"] == (
        "4 CloudWatch alarm(s) in us-east-1 notify a new SNS topic (2 email(s), a webhook)"
    )
    plain = build(two_tiers()).failover_sets[0].facts
    assert (plain["dnssec"], plain["alerts"]) == ("off", "off")


# -- outputs -------------------------------------------------------------------------------


def test_acknowledged_policies_are_exported_and_registered() -> None:
    acks = {"FO004": "the origin only speaks HTTP inside the VPN", "zone-dnssec": "registrar"}
    rec = build(two_tiers(policy_acknowledgements=acks))
    assert rec.outputs["acknowledged_policies"] == acks
    (component,) = rec.components()
    assert rec.component_outputs[component.urn]["acknowledged_policies"] == acks
    assert build(two_tiers()).outputs["acknowledged_policies"] == {}


def test_every_new_output_is_registered() -> None:
    rec = build(SECURE)
    (component,) = rec.components()
    registered = rec.component_outputs[component.urn]
    assert set(registered) == set(STATE_OUTPUTS)
    assert registered["acknowledged_policies"] == rec.outputs["acknowledged_policies"]
    # The rest are attributes (and reach other languages), not state.
    assert rec.outputs["alert_topic_arn"].startswith("arn:aws:sns:us-east-1:")
    assert "deployer_policy_json" not in registered


# -- the deployer's IAM policy ------------------------------------------------------------

R53 = "arn:aws:route53:::"
RECORD_ACTIONS = [
    "route53:ChangeResourceRecordSets",
    "route53:GetHostedZone",
    "route53:ListResourceRecordSets",
]
HEALTH_CHECKS = {
    "Sid": "Route53HealthChecks",
    "Effect": "Allow",
    "Action": [
        "route53:ChangeTagsForResource",
        "route53:DeleteHealthCheck",
        "route53:GetHealthCheck",
        "route53:ListTagsForResource",
        "route53:UpdateHealthCheck",
    ],
    "Resource": f"{R53}healthcheck/*",
}
CHANGES = {
    "Sid": "Route53Changes",
    "Effect": "Allow",
    "Action": ["route53:GetChange"],
    "Resource": f"{R53}change/*",
}


def _unscoped(*actions: str) -> dict[str, Any]:
    return {
        "Sid": "NotResourceScoped",
        "Effect": "Allow",
        "Action": sorted(actions),
        "Resource": "*",
    }


def test_deployer_policy_of_a_looked_up_zone_is_route53_only() -> None:
    assert deployer_policy(component="web", account_id=ACCOUNT, zone_id="Z1") == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Route53Zone",
                "Effect": "Allow",
                "Action": [*RECORD_ACTIONS, "route53:ListTagsForResource"],
                "Resource": f"{R53}hostedzone/Z1",
            },
            HEALTH_CHECKS,
            CHANGES,
            _unscoped("route53:CreateHealthCheck", "route53:ListHostedZones"),
        ],
    }


def test_deployer_policy_of_an_adopted_zone_needs_no_listing() -> None:
    doc = deployer_policy(component="web", account_id=ACCOUNT, zone_id="Z1", zone="adopted")
    assert doc["Statement"][0] == {
        "Sid": "Route53Zone",
        "Effect": "Allow",
        "Action": RECORD_ACTIONS,
        "Resource": f"{R53}hostedzone/Z1",
    }
    assert doc["Statement"][-1] == _unscoped("route53:CreateHealthCheck")


def test_deployer_policy_of_a_zone_to_create_covers_every_zone_until_it_has_an_id() -> None:
    doc = deployer_policy(component="web", account_id=ACCOUNT, zone_id=None, zone="created")
    assert doc["Statement"][0] == {
        "Sid": "Route53Zone",
        "Effect": "Allow",
        "Action": sorted(
            [*RECORD_ACTIONS, "route53:DeleteHostedZone", "route53:ListTagsForResource"]
        ),
        "Resource": f"{R53}hostedzone/*",
    }
    assert doc["Statement"][-1] == _unscoped(
        "route53:CreateHealthCheck", "route53:CreateHostedZone"
    )


def test_deployer_policy_with_dnssec_and_alerts() -> None:
    doc = deployer_policy(
        component="web",
        account_id=ACCOUNT,
        zone_id="Z1",
        zone="adopted",
        dnssec=True,
        alerts=True,
        subscriptions=True,
    )
    assert doc == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Route53Zone",
                "Effect": "Allow",
                "Action": sorted(
                    [
                        *RECORD_ACTIONS,
                        "route53:ActivateKeySigningKey",
                        "route53:CreateKeySigningKey",
                        "route53:DeactivateKeySigningKey",
                        "route53:DeleteKeySigningKey",
                        "route53:DisableHostedZoneDNSSEC",
                        "route53:EnableHostedZoneDNSSEC",
                        "route53:GetDNSSEC",
                    ]
                ),
                "Resource": f"{R53}hostedzone/Z1",
            },
            HEALTH_CHECKS,
            CHANGES,
            {
                "Sid": "DnssecKey",
                "Effect": "Allow",
                "Action": [
                    "kms:DescribeKey",
                    "kms:GetKeyPolicy",
                    "kms:GetKeyRotationStatus",
                    "kms:ListResourceTags",
                    "kms:PutKeyPolicy",
                    "kms:ScheduleKeyDeletion",
                    "kms:UpdateKeyDescription",
                ],
                "Resource": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/*",
            },
            {
                "Sid": "HealthCheckAlarms",
                "Effect": "Allow",
                "Action": [
                    "cloudwatch:DeleteAlarms",
                    "cloudwatch:ListTagsForResource",
                    "cloudwatch:PutMetricAlarm",
                ],
                "Resource": f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:web-*",
            },
            {
                "Sid": "AlertTopic",
                "Effect": "Allow",
                "Action": [
                    "sns:CreateTopic",
                    "sns:DeleteTopic",
                    "sns:GetTopicAttributes",
                    "sns:ListSubscriptionsByTopic",
                    "sns:ListTagsForResource",
                    "sns:SetTopicAttributes",
                    "sns:Subscribe",
                ],
                "Resource": f"arn:aws:sns:us-east-1:{ACCOUNT}:web-alerts-*",
            },
            _unscoped(
                "cloudwatch:DescribeAlarms",
                "kms:CreateKey",
                "route53:CreateHealthCheck",
                "sns:GetSubscriptionAttributes",
                "sns:SetSubscriptionAttributes",
                "sns:Unsubscribe",
            ),
        ],
    }


@pytest.mark.parametrize(
    ("options", "sids", "unscoped"),
    [
        (
            {"dnssec": True, "create_key": False},
            ["Route53Zone", "Route53HealthChecks", "Route53Changes", "NotResourceScoped"],
            ["route53:CreateHealthCheck"],
        ),
        (
            {"alerts": True, "sns_topic_arn": TOPIC_ARN},
            [
                "Route53Zone",
                "Route53HealthChecks",
                "Route53Changes",
                "HealthCheckAlarms",
                "NotResourceScoped",
            ],
            ["cloudwatch:DescribeAlarms", "route53:CreateHealthCheck"],
        ),
        (
            {"alerts": True, "sns_topic_arn": TOPIC_ARN, "subscriptions": True},
            [
                "Route53Zone",
                "Route53HealthChecks",
                "Route53Changes",
                "HealthCheckAlarms",
                "AlertTopic",
                "NotResourceScoped",
            ],
            [
                "cloudwatch:DescribeAlarms",
                "route53:CreateHealthCheck",
                "sns:GetSubscriptionAttributes",
                "sns:SetSubscriptionAttributes",
                "sns:Unsubscribe",
            ],
        ),
    ],
    ids=["existing-key", "existing-topic", "existing-topic-with-subscriptions"],
)
def test_deployer_policy_leaves_out_what_is_not_created(
    options: dict[str, Any], sids: list[str], unscoped: list[str]
) -> None:
    doc = deployer_policy(
        component="web", account_id=ACCOUNT, zone_id="Z1", zone="adopted", **options
    )
    assert [s["Sid"] for s in doc["Statement"]] == sids
    assert doc["Statement"][-1]["Action"] == unscoped
    actions = [a for s in doc["Statement"] for a in s["Action"]]
    assert not [a for a in actions if a.startswith("kms:")]
    topic = [s for s in doc["Statement"] if s["Sid"] == "AlertTopic"]
    if topic:
        assert topic == [
            {
                "Sid": "AlertTopic",
                "Effect": "Allow",
                "Action": ["sns:ListSubscriptionsByTopic", "sns:Subscribe"],
                "Resource": TOPIC_ARN,
            }
        ]


def test_deployer_policy_follows_the_partition() -> None:
    doc = deployer_policy(
        component="web", account_id=ACCOUNT, zone_id="Z1", dnssec=True, partition="aws-us-gov"
    )
    resources = [s["Resource"] for s in doc["Statement"]]
    assert resources == [
        "arn:aws-us-gov:route53:::hostedzone/Z1",
        "arn:aws-us-gov:route53:::healthcheck/*",
        "arn:aws-us-gov:route53:::change/*",
        f"arn:aws-us-gov:kms:us-east-1:{ACCOUNT}:key/*",
        "*",
    ]


def test_deployer_policy_rejects_an_unknown_zone_mode() -> None:
    with pytest.raises(ValueError, match="zone must be 'lookup', 'adopted' or 'created', got 'x'"):
        deployer_policy(component="web", account_id=ACCOUNT, zone_id="Z1", zone="x")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (two_tiers(), {"zone_id": LOOKED_UP}),
        (two_tiers(zone_id=OWN_ZONE), {"zone_id": OWN_ZONE, "zone": "adopted"}),
        (
            two_tiers(
                zone_id=OWN_ZONE,
                dnssec=True,
                dnssec_kms_key_arn=KEY_ARN,
                alerts={"sns_topic_arn": TOPIC_ARN},
            ),
            {
                "zone_id": OWN_ZONE,
                "zone": "adopted",
                "dnssec": True,
                "create_key": False,
                "alerts": True,
                "sns_topic_arn": TOPIC_ARN,
            },
        ),
        (
            SECURE,
            {
                "zone_id": "CREATED",
                "zone": "created",
                "dnssec": True,
                "alerts": True,
                "subscriptions": True,
            },
        ),
    ],
    ids=["looked-up", "adopted", "existing-key-and-topic", "secure-created"],
)
def test_component_exports_the_deployer_policy_of_its_own_zone(
    args: dict[str, Any], expected: dict[str, Any]
) -> None:
    rec = build(args)
    if expected["zone_id"] == "CREATED":
        expected = {**expected, "zone_id": rec.get(ZONE, "web-zone").outputs["zoneId"]}
    exported = json.loads(rec.outputs["deployer_policy_json"])
    assert exported == deployer_policy(component="web", account_id=ACCOUNT, **expected)
    actions = {a for s in exported["Statement"] for a in s["Action"]}
    assert {a.split(":")[0] for a in actions} <= {"route53", "kms", "cloudwatch", "sns"}


def test_dnssec_key_policy_is_plain_data() -> None:
    doc = dnssec_key_policy(account_id="1", root_arn="arn:aws:iam::1:root", zone_arn="Z-ARN")
    assert [s["Sid"] for s in doc["Statement"]] == [
        "EnableIamPolicies",
        "AllowRoute53DnssecService",
        "AllowRoute53DnssecToCreateGrant",
    ]
    assert doc["Statement"][1]["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "1"},
        "ArnEquals": {"aws:SourceArn": "Z-ARN"},
    }


# -- the policy pack reads the component ----------------------------------------------------


def test_policy_pack_sees_the_zone_signed_and_the_set_alerted() -> None:
    def findings(args: dict[str, Any]) -> set[str]:
        return {f.rule_name for f in policy.check_recording(build(args))}

    assert {"zone-dnssec", "health-alerts"} <= findings(CANONICAL)
    assert not {"zone-dnssec", "health-alerts"} & findings(SECURE)


def test_policy_pack_marks_acknowledged_findings() -> None:
    args = {**CANONICAL, "policy_acknowledgements": {"health-alerts": "paged by the LB"}}
    (finding,) = [f for f in policy.check_recording(build(args)) if f.rule_name == "health-alerts"]
    assert (finding.acknowledged, finding.acknowledgement) == (True, "paged by the LB")


# -- bad input -------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def top(**keys: Any) -> Mutation:
    return lambda a: a.update(keys)


def alerts(**keys: Any) -> Mutation:
    return lambda a: a.update(alerts=keys)


NOT_US_EAST_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_EXPECTED = (
    "the ARN of a KMS key in us-east-1, e.g. "
    "'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'"
)
TOPIC_EXPECTED = "the ARN of an SNS topic in us-east-1, e.g. 'arn:aws:sns:us-east-1:111122223333:failover-alerts'"
NO_TARGET = (
    "alerts: no one to notify; expected at least one of emails, webhook_url or sns_topic_arn"
)

CASES: list[tuple[str, Mutation, list[str]]] = [
    (
        "dnssec-not-bool",
        top(dnssec="yes"),
        ["dnssec: not a boolean, got 'yes'; expected true or false"],
    ),
    (
        "key-without-dnssec",
        top(dnssec_kms_key_arn=KEY_ARN),
        [
            "dnssec_kms_key_arn: only used to sign the zone, and dnssec is not true; expected "
            "dnssec true, or no dnssec_kms_key_arn"
        ],
    ),
    (
        "key-not-in-us-east-1",
        top(dnssec=True, dnssec_kms_key_arn=NOT_US_EAST_KEY),
        [
            "dnssec_kms_key_arn: the key is in eu-west-1, and Route 53 signs zones only with a "
            f"KMS key in us-east-1, got '{NOT_US_EAST_KEY}'; expected a key in us-east-1, or no "
            "dnssec_kms_key_arn (a key is then created there)"
        ],
    ),
    (
        "key-alias-arn",
        top(dnssec=True, dnssec_kms_key_arn="arn:aws:kms:us-east-1:111122223333:alias/dnssec"),
        [
            "dnssec_kms_key_arn: a KMS alias ARN; Route 53 takes the key's own ARN, got "
            f"'arn:aws:kms:us-east-1:111122223333:alias/dnssec'; expected {KEY_EXPECTED}"
        ],
    ),
    (
        "key-id-not-arn",
        top(dnssec=True, dnssec_kms_key_arn="1234abcd-12ab-34cd-56ef-1234567890ab"),
        [
            "dnssec_kms_key_arn: not a KMS key ARN, got '1234abcd-12ab-34cd-56ef-1234567890ab'; "
            f"expected {KEY_EXPECTED}"
        ],
    ),
    (
        "key-not-a-string",
        top(dnssec=True, dnssec_kms_key_arn=42),
        [f"dnssec_kms_key_arn: not a string, got 42; expected {KEY_EXPECTED}"],
    ),
    (
        "alerts-not-a-mapping",
        top(alerts="ops@example.com"),
        [
            "alerts: not a mapping, got 'ops@example.com'; expected a mapping with emails, "
            "webhook_url and/or sns_topic_arn"
        ],
    ),
    ("alerts-empty", alerts(), [NO_TARGET]),
    ("alerts-no-emails", alerts(emails=[]), [NO_TARGET]),
    (
        "alerts-misspelled-key",
        alerts(email=["ops@example.com"]),
        [
            "alerts.email: unknown key (did you mean 'emails'?); expected one of emails, "
            "sns_topic_arn, webhook_url",
            NO_TARGET,
        ],
    ),
    (
        "emails-not-a-list",
        alerts(emails="ops@example.com"),
        ["alerts.emails: not a list, got 'ops@example.com'; expected a list of email addresses"],
    ),
    (
        "bad-emails",
        alerts(
            emails=[
                "ops@example.com",
                "ops",
                42,
                "OPS@example.com ",
                "a.b@example.com",
                "a-b@example.com",
                "x@localhost",
            ]
        ),
        [
            "alerts.emails[1]: not an email address, got 'ops'; expected an address such as 'ops@example.com'",
            "alerts.emails[2]: not a string, got 42; expected an email address",
            "alerts.emails[3]: duplicate address (also alerts.emails[0]), got 'OPS@example.com '",
            "alerts.emails[6]: not an email address, got 'x@localhost'; expected an address such as 'ops@example.com'",
            "alerts.emails[5]: gives the child resource name "
            "'<component>-alerts-email-a-b-example-com', which alerts.emails[4] gives too, got "
            "'a-b@example.com'; expected addresses that differ in more than punctuation",
        ],
    ),
    (
        "webhook-http",
        alerts(webhook_url="http://hooks.example.com/T000/XXXXSECRET"),
        [
            "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in "
            "it, must travel encrypted, got 'http://hooks.example.com/<redacted>'; expected "
            f"{URL_EXPECTED}"
        ],
    ),
    (
        "webhook-no-scheme",
        alerts(webhook_url="hooks.example.com/XXXXSECRET"),
        [
            "alerts.webhook_url: not an https URL (no scheme): the URL, and any token in it, "
            f"must travel encrypted, got '<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-no-host",
        alerts(webhook_url="https:///XXXXSECRET"),
        [f"alerts.webhook_url: has no host name, got '<redacted>'; expected {URL_EXPECTED}"],
    ),
    (
        "webhook-space-inside",
        alerts(webhook_url="https://hooks.example.com/T000 XXXXSECRET"),
        [
            "alerts.webhook_url: contains white space, which a URL never does, got "
            f"'https://hooks.example.com/<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-port-out-of-range",
        alerts(webhook_url="https://hooks.example.com:99999/XXXXSECRET"),
        [
            "alerts.webhook_url: not a URL (its port is not 1 to 65535, or its IPv6 address is "
            f"malformed), got 'https://hooks.example.com/<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-not-a-string",
        alerts(webhook_url=42),
        [f"alerts.webhook_url: not a string (int); expected {URL_EXPECTED}"],
    ),
    (
        "topic-not-in-us-east-1",
        alerts(sns_topic_arn="arn:aws:sns:eu-west-1:111122223333:ops"),
        [
            "alerts.sns_topic_arn: the topic is in eu-west-1; the alarms live in us-east-1 with "
            "Route 53's health-check metrics and can notify a topic in their own region only, "
            "got 'arn:aws:sns:eu-west-1:111122223333:ops'; expected a topic in us-east-1, or no "
            "sns_topic_arn (a topic is then created there)"
        ],
    ),
    (
        "topic-not-an-arn",
        alerts(sns_topic_arn="ops-alerts"),
        [
            f"alerts.sns_topic_arn: not an SNS topic ARN, got 'ops-alerts'; expected {TOPIC_EXPECTED}"
        ],
    ),
    (
        "nothing-to-alarm-on",
        lambda a: a.update(
            alerts={"emails": ["ops@example.com"]},
            pools=[
                {"name": "primary", "endpoints": [ep("alb", ALB, alias_zone_id=ALB_ZONE)]},
                {"name": "secondary", "endpoints": [ep("b", "198.51.100.10", status="up")]},
            ],
        ),
        [
            "alerts: no endpoint of this set has a Route 53 health check to alarm on (alias "
            "endpoints follow their target's health, status 'up' is never probed and status "
            "'down' is always unhealthy); expected a health_check on a pool (alias endpoints "
            "are then probed), or no alerts"
        ],
    ),
    (
        "alarm-names-collide",
        lambda a: a.update(
            alerts={"emails": ["ops@example.com"]},
            pools=[
                {
                    "name": "primary",
                    "min_healthy": 2,
                    "endpoints": [ep("calculated", "192.0.2.10"), ep("b", "192.0.2.11")],
                },
                {"name": "secondary", "endpoints": [ep("c", "198.51.100.10")]},
            ],
        ),
        [
            "pools[0]: gives the child resource name '<component>-primary-calculated-alarm', "
            "which pools[0].endpoints[0].name gives too; expected pool and endpoint names whose "
            "hyphenated joins differ"
        ],
    ),
    (
        "everything-at-once",
        lambda a: a.update(
            dnssec=1,
            dnssec_kms_key_arn=NOT_US_EAST_KEY,
            alerts={"emails": ["nobody"], "webhook_url": "ftp://x"},
            health_check={"headers": {"X-Token": "s3cret"}},
        ),
        [
            "dnssec: not a boolean, got 1; expected true or false",
            "dnssec_kms_key_arn: only used to sign the zone, and dnssec is not true; expected "
            "dnssec true, or no dnssec_kms_key_arn",
            "alerts.emails[0]: not an email address, got 'nobody'; expected an address such as 'ops@example.com'",
            "alerts.webhook_url: not an https URL (scheme 'ftp'): the URL, and any token in it, "
            f"must travel encrypted, got 'ftp://x'; expected {URL_EXPECTED}",
            "health_check.headers: not available on Route 53: it sends no request headers "
            "but Host (from host) (https://docs.aws.amazon.com/Route53/latest/APIReference/"
            "API_HealthCheckConfig.html), got ['X-Token']; expected no headers; allow-list Route 53's "
            "checker IP ranges (ROUTE53_HEALTHCHECKS in ip-ranges.json) instead of a "
            "shared-secret header",
        ],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_security_input_is_rejected_with_exact_reasons(
    mutate: Mutation, expected: list[str]
) -> None:
    args = two_tiers()
    mutate(args)
    assert [str(r) for r in check_args(args)] == expected
    error = rejected(args)
    assert [str(r) for r in error.reasons] == expected
    # A webhook URL (it carries a token) never appears in an error.
    assert "XXXXSECRET" not in str(error)


# Mutations that make Outputs, which only exist inside a run: called there.
PLAIN_CASES: list[tuple[str, Mutation, str]] = [
    (
        "alerts-output",
        lambda a: a.update(alerts=pulumi.Output.from_input({"emails": ["ops@example.com"]})),
        "alerts: must be a plain mapping, not an Output; expected a mapping with emails, "
        "webhook_url and/or sns_topic_arn",
    ),
    (
        "emails-output",
        lambda a: a.update(alerts={"emails": pulumi.Output.from_input(["ops@example.com"])}),
        "alerts.emails: must be a plain list, not an Output: each address names an SNS "
        "subscription; expected a list of email addresses known when the program runs",
    ),
    (
        "email-output",
        lambda a: a.update(alerts={"emails": [pulumi.Output.from_input("ops@example.com")]}),
        "alerts.emails[0]: must be a plain string, not an Output: it names an SNS subscription; "
        "expected an email address known when the program runs",
    ),
    (
        "key-output-without-dnssec",
        lambda a: a.update(dnssec_kms_key_arn=pulumi.Output.from_input(KEY_ARN)),
        "dnssec_kms_key_arn: only used to sign the zone, and dnssec is not true; expected "
        "dnssec true, or no dnssec_kms_key_arn",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [c[1:] for c in PLAIN_CASES], ids=[c[0] for c in PLAIN_CASES]
)
def test_values_that_decide_resources_must_not_be_outputs(mutate: Mutation, expected: str) -> None:
    found: list[str] = []
    errors: list[FailoverConfigError] = []

    def program() -> None:
        args = two_tiers()
        mutate(args)
        found.extend(str(r) for r in check_args(args))
        try:
            make("web", args)
        except FailoverConfigError as exc:
            errors.append(exc)

    rec = testing.run(program)
    assert found == [expected]
    assert [str(r) for r in errors[0].reasons] == [expected]
    assert rec.resources == []


COMPLIANT: list[tuple[str, Mutation]] = [
    ("dnssec", top(dnssec=True)),
    ("dnssec-false", top(dnssec=False)),
    ("dnssec-key-in-us-east-1", top(dnssec=True, dnssec_kms_key_arn=KEY_ARN)),
    ("mrk-key", top(dnssec=True, dnssec_kms_key_arn=KEY_ARN.replace("key/", "key/mrk-"))),
    ("emails", alerts(emails=["ops@example.com", "first.last+tag@sub.example.org"])),
    ("webhook", alerts(webhook_url=WEBHOOK)),
    ("topic", alerts(sns_topic_arn=TOPIC_ARN)),
    (
        "calculated-endpoint-name-without-alerts",
        lambda a: a["pools"][0].update(
            min_healthy=2, endpoints=[ep("calculated", "192.0.2.10"), ep("b", "192.0.2.11")]
        ),
    ),
    ("acknowledgements", top(policy_acknowledgements={"FO008": "paged elsewhere"})),
]


@pytest.mark.parametrize("mutate", [c[1] for c in COMPLIANT], ids=[c[0] for c in COMPLIANT])
def test_the_compliant_neighbours_pass(mutate: Mutation) -> None:
    args = two_tiers()
    mutate(args)
    assert check_args(args) == []
    rec = build(args)
    assert rec.components()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            two_tiers(alerts={"emails": ["ops@example.com"]}),
            "alerts: creates an SNS topic named after the component 'web.app', and SNS topic "
            "names allow only letters, digits, '-' and '_'; expected such a component name, or "
            "alerts.sns_topic_arn of an existing topic",
        ),
        (two_tiers(alerts={"sns_topic_arn": TOPIC_ARN}), None),
        (two_tiers(), None),
    ],
    ids=["created-topic", "existing-topic", "no-alerts"],
)
def test_component_name_must_suit_the_topic_it_names(
    args: dict[str, Any], message: str | None
) -> None:
    # check_args has no component name; the component checks it before registering anything.
    assert check_args(args) == []
    if message is None:
        assert build(args, name="web.app").components()
        return
    with pytest.raises(FailoverConfigError) as info:
        testing.run(lambda: make("web.app", copy.deepcopy(args)))
    assert [str(r) for r in info.value.reasons] == [message]


OUTPUT_CASES: list[tuple[str, Callable[[], dict[str, Any]], str]] = [
    (
        "key-region",
        lambda: two_tiers(
            dnssec=True, dnssec_kms_key_arn=pulumi.Output.from_input(NOT_US_EAST_KEY)
        ),
        "dnssec_kms_key_arn: the key is in eu-west-1, and Route 53 signs zones only with a KMS "
        f"key in us-east-1, got '{NOT_US_EAST_KEY}'; expected a key in us-east-1, or no "
        "dnssec_kms_key_arn (a key is then created there)",
    ),
    (
        "topic-region",
        lambda: two_tiers(
            alerts={
                "sns_topic_arn": pulumi.Output.from_input("arn:aws:sns:us-west-2:111122223333:x")
            }
        ),
        "alerts.sns_topic_arn: the topic is in us-west-2; the alarms live in us-east-1 with "
        "Route 53's health-check metrics and can notify a topic in their own region only, got "
        "'arn:aws:sns:us-west-2:111122223333:x'; expected a topic in us-east-1, or no "
        "sns_topic_arn (a topic is then created there)",
    ),
    (
        "webhook-http",
        lambda: two_tiers(
            alerts={"webhook_url": pulumi.Output.secret("http://hooks.example.com/XXXXSECRET")}
        ),
        "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in it, "
        "must travel encrypted, got 'http://hooks.example.com/<redacted>'; expected "
        f"{URL_EXPECTED}",
    ),
]


@pytest.mark.usefixtures("collect_failed_outputs")
@pytest.mark.parametrize(
    ("args", "message"), [c[1:] for c in OUTPUT_CASES], ids=[c[0] for c in OUTPUT_CASES]
)
def test_outputs_are_checked_when_they_resolve(
    args: Callable[[], dict[str, Any]], message: str
) -> None:
    with pytest.raises(ValueError, match="invalid failover configuration") as info:
        testing.run(lambda: make("web", args()))
    error = config_error(info.value)
    assert [str(r) for r in error.reasons] == [message]
    assert error.subject == "Route53Failover 'web'"
    assert "XXXXSECRET" not in str(error)


# -- preview ----------------------------------------------------------------------------------


def test_preview_with_unknowns_declares_dnssec_and_alerts() -> None:
    def args() -> dict[str, Any]:
        secure = copy.deepcopy(SECURE)
        secure["record_type"] = "A"
        for pool in secure["pools"][:2]:
            for endpoint in pool["endpoints"]:
                endpoint["address"] = testing.unknown()
        secure["alerts"]["webhook_url"] = pulumi.Output.secret(testing.unknown())
        return secure

    preview = build(args, preview=True)
    assert children(preview) == children(build(SECURE))
    key = preview.get(KEY, "web-dnssec-key")
    assert is_unknown(key.inputs["policy"])  # the zone to scope it to is created
    assert (key.inputs["region"], key.inputs["customerMasterKeySpec"]) == (
        "us-east-1",
        "ECC_NIST_P256",
    )
    ksk = preview.get(KSK, "web-dnssec-ksk")
    assert is_unknown(ksk.inputs["hostedZoneId"])
    assert is_unknown(ksk.inputs["keyManagementServiceArn"])
    assert ksk.inputs["name"] == "web_ksk"
    assert {r.name for r in preview.resources if r.protect} == {
        "web-dnssec-key",
        "web-dnssec-ksk",
        "web-dnssec",
    }
    alarm = preview.get(ALARM, "web-primary-a-alarm")
    assert is_unknown(alarm.inputs["dimensions"]["HealthCheckId"])
    assert is_unknown(alarm.inputs["alarmActions"][0])
    assert alarm.inputs["region"] == "us-east-1"
    hook = preview.get(SUBSCRIPTION, "web-alerts-webhook")
    assert hook.is_secret("endpoint")
    assert is_unknown(hook.plain("endpoint"))
    assert preview.outputs["ds_record"] is testing.UNKNOWN
    assert preview.outputs["alert_topic_arn"] is testing.UNKNOWN
    assert preview.outputs["deployer_policy_json"] is testing.UNKNOWN
    assert preview.outputs["acknowledged_policies"] == {}


def test_preview_of_a_known_secure_configuration_matches_the_deployment_shape() -> None:
    preview, real = build(SECURE, preview=True), build(SECURE)
    assert children(preview) == children(real)
    for res in real.resources:
        if res.type in (SUBSCRIPTION,) and res.name != "web-alerts-webhook":
            assert preview.get(res.type, res.name).inputs["endpoint"] == res.inputs["endpoint"]
    assert preview.get(TOPIC, "web-alerts").inputs == real.get(TOPIC, "web-alerts").inputs


@pytest.mark.parametrize(
    ("extra", "lookups"),
    [
        ({"zone_id": OWN_ZONE}, []),
        ({"zone_id": OWN_ZONE, "dnssec": True}, ["aws:index/getCallerIdentity:getCallerIdentity"]),
        (
            {"zone_id": OWN_ZONE, "alerts": {"emails": ["ops@example.com"]}},
            ["aws:index/getCallerIdentity:getCallerIdentity"],
        ),
    ],
    ids=["plain", "dnssec", "alerts"],
)
def test_account_is_looked_up_only_when_an_arn_needs_it(
    extra: dict[str, Any], lookups: list[str]
) -> None:
    """Route 53 ARNs carry no account: a plain set makes no invoke (programs with many sets
    would pay one per component)."""
    rec = build(two_tiers(**extra))
    assert [token for token, _ in rec.invokes] == lookups
    policy_doc = json.loads(rec.outputs["deployer_policy_json"])
    resources = json.dumps(policy_doc)
    assert "arn:aws:route53:::hostedzone/" + OWN_ZONE in resources
    if not lookups:
        assert ":*:" not in resources.replace("arn:aws:route53", "")
