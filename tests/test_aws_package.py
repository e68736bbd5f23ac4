"""The AWS package's parts: settings parsed once, the capabilities table, the mock answers
through the registry, and the resolver at its old and new paths."""

import dataclasses
import inspect
from typing import Any

import pulumi
import pytest
from aws_support import ALB, ALB_ZONE, make, two_tiers

from failover_components import testing
from failover_components.aws import Route53Failover, check_args, constants, resolver
from failover_components.aws.layout import plan
from failover_components.aws.rules import CAPABILITIES
from failover_components.aws.settings import AwsAlerts, AwsSettings, parse_settings
from failover_components.clouds import CLOUDS
from failover_components.simulate import route53 as old_path
from failover_components.validation import parse_failover_set


def test_settings_are_parsed_once_into_a_frozen_copy() -> None:
    alerts: dict[str, Any] = {"emails": [" ops@example.com "], "webhook_url": "https://h/x"}
    args = two_tiers(zone_id="Z1D633PJN98FT9", dnssec=True, alerts=alerts)
    settings, reasons = parse_settings(args)
    assert reasons == []
    assert settings == AwsSettings(
        zone_id="Z1D633PJN98FT9",
        dnssec=True,
        alerts=AwsAlerts(emails=("ops@example.com",), webhook_url="https://h/x"),
    )
    assert settings.zone_source == "adopted"
    assert settings.alerts is not None
    assert settings.alerts.creates_topic
    assert settings.alerts.subscribes
    # The caller may reuse (and change) its args dict: the settings keep what was declared.
    alerts["emails"].append("late@example.com")
    assert settings.alerts.emails == ("ops@example.com",)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.dnssec = False  # type: ignore[misc]


@pytest.mark.parametrize(
    ("extra", "source"),
    [({}, "looked up by name"), ({"create_zone": True}, "created"), ({"zone_id": "Z1"}, "adopted")],
)
def test_zone_source(extra: dict[str, Any], source: str) -> None:
    assert parse_settings(two_tiers(**extra))[0].zone_source == source


def test_bad_keys_give_defaults_and_every_reason() -> None:
    settings, reasons = parse_settings(
        two_tiers(create_zone="yes", dnssec=1, alerts={"sns_topic_arn": "arn:x"})
    )
    assert settings.create_zone is False
    assert settings.dnssec is False
    assert [r.path for r in reasons] == ["create_zone", "dnssec", "alerts.sns_topic_arn"]


@pytest.mark.parametrize("key", sorted(CAPABILITIES))
def test_every_capability_gives_one_reason_in_the_one_wording(key: str) -> None:
    value: object = {"expected_codes": "200", "headers": {"X-A": "1"}, "timeout_seconds": 5}[key]
    args = two_tiers(health_check={key: value})
    why, instead = CAPABILITIES[key]
    got = "['X-A']" if key == "headers" else repr(value)
    assert [str(r) for r in check_args(args)] == [
        f"health_check.{key}: not available on Route 53: {why}, got {got}; expected {instead}"
    ]


def test_a_key_route53_supports_is_not_in_the_table() -> None:
    # The table lists only what is refused: a key Route 53 honours must pass.
    assert check_args(two_tiers(health_check={"interval_seconds": 10})) == []
    assert set(CAPABILITIES) == {"expected_codes", "headers", "timeout_seconds"}


def test_the_layout_reads_the_defaults_from_constants() -> None:
    fset, reasons = parse_failover_set(two_tiers())
    assert reasons == []
    assert fset is not None
    layout = plan(fset)
    assert layout.ttl == constants.DEFAULT_TTL
    assert layout.tiers[0].settings.request_interval == constants.DEFAULT_INTERVAL
    assert layout.tiers[0].settings.failure_threshold == constants.DEFAULT_FAILURE_THRESHOLD


def test_the_registry_names_the_aws_resolver_and_mocks() -> None:
    aws = CLOUDS["aws"]
    assert aws.resolver_module() is resolver
    assert aws.mock_options == ("account_id",)
    # The old path still works and is the same function.
    assert old_path.resolve is resolver.resolve
    assert old_path.publishes is resolver.publishes


def test_the_kits_account_id_reaches_the_aws_answers() -> None:
    account = "210987654321"
    args = two_tiers(dnssec=True, alerts={"emails": ["ops@example.com"]})

    def program() -> None:
        comp = make("web", args)
        pulumi.export("topic", comp.alert_topic_arn)

    rec = testing.run(program, mocks=testing.FailoverMocks(account_id=account))
    key = rec.by_type(constants.KMS_KEY)[0]
    assert key.outputs["arn"].split(":")[4] == account
    assert rec.outputs["topic"] == f"arn:aws:sns:us-east-1:{account}:web-alerts"
    # The caller identity the component looked up is the same account.
    assert ("aws:index/getCallerIdentity:getCallerIdentity", {}) in rec.invokes


def test_outputs_are_plain_instance_attributes() -> None:
    seen: dict[str, Any] = {}

    def program() -> None:
        args = two_tiers()
        args["pools"][1]["endpoints"][0] = {
            "name": "alb",
            "address": ALB,
            "alias_zone_id": ALB_ZONE,
        }
        comp = make("web", args)
        seen.update(vars(comp))

    testing.run(program)
    # urn and id are the engine's own attributes of every resource.
    public = {k for k in seen if not k.startswith("_")} - {"urn", "id"}
    assert (
        public
        == set(inspect.get_annotations(Route53Failover))
        == {
            "fqdn",
            "zone_id",
            "name_servers",
            "health_check_ids",
            "worst_case_failover_seconds",
            "ds_record",
            "acknowledged_policies",
            "alert_topic_arn",
            "deployer_policy_json",
        }
    )
    assert all(isinstance(seen[k], pulumi.Output) for k in public)
