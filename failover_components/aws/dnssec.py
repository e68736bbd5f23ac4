"""DNSSEC for the Route 53 zone of a :class:`~failover_components.aws.Route53Failover`: the
signing key, the key-signing key and zone signing.

Imports ``pulumi_aws.kms`` (and ``route53``) when called: only a component with ``dnssec``
calls it, so the component's module stays as cheap to import as ``pulumi_aws.route53``.
"""

from typing import Optional, cast

import pulumi

from .. import _component, naming
from ..errors import Reason
from .constants import DNSSEC_KEY_DELETION_WINDOW_DAYS, US_EAST_1
from .iam import dnssec_key_policy
from .layout import ksk_name
from .settings import AwsSettings, kms_key_arn_reason

__all__ = ["sign_zone"]


def sign_zone(
    parent: pulumi.Resource,
    name: str,
    zone_name: str,
    settings: AwsSettings,
    zone_id: pulumi.Input[str],
    identity: tuple[pulumi.Input[str], pulumi.Input[str]],
    subject: str,
) -> pulumi.Output[Optional[str]]:
    """The signing key (created or given), the key-signing key and zone signing, children of
    ``parent`` named after ``name``; returns the DS record. All three are protected: see the
    component's docstring for the order to turn signing off. ``identity`` is the account id and
    the partition."""
    from pulumi_aws import kms, route53

    account, partition = identity
    zone_arn = pulumi.Output.concat("arn:", partition, ":route53:::hostedzone/", zone_id)
    given = settings.dnssec_kms_key_arn
    key_arn: pulumi.Input[str]
    if given is None:
        root = pulumi.Output.concat("arn:", partition, ":iam::", account, ":root")
        # Route 53 signs with an asymmetric ECC_NIST_P256 SIGN_VERIFY key in us-east-1
        # (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-cmk-requirements.html);
        # pulumi-aws 7 places it there with the resource's own `region`, whatever the
        # provider's region. No rotation: KMS does not rotate asymmetric keys (a KSK
        # rollover is a new key-signing key).
        key = kms.Key(
            naming.child(name, "dnssec", "key"),
            description=f"Route 53 DNSSEC signing key for {zone_name} (failover component {name})",
            customer_master_key_spec="ECC_NIST_P256",
            key_usage="SIGN_VERIFY",
            deletion_window_in_days=DNSSEC_KEY_DELETION_WINDOW_DAYS,
            policy=pulumi.Output.json_dumps(
                dnssec_key_policy(account_id=account, root_arn=root, zone_arn=zone_arn)
            ),
            region=US_EAST_1,
            opts=pulumi.ResourceOptions(parent=parent, protect=True),
        )
        key_arn = key.arn
    else:
        key_arn = _component.check_when_known(given, _key_arn_reasons, subject)
    ksk = route53.KeySigningKey(
        naming.child(name, "dnssec", "ksk"),
        hosted_zone_id=zone_id,
        key_management_service_arn=key_arn,
        name=ksk_name(name),
        status="ACTIVE",
        opts=pulumi.ResourceOptions(parent=parent, protect=True),
    )
    # Signing starts once the zone has an active key-signing key: the zone id is read
    # from the key-signing key, so it depends on it (the provider's example orders them
    # the same way: pulumi_aws route53.KeySigningKey docstring).
    route53.HostedZoneDnsSec(
        naming.child(name, "dnssec"),
        hosted_zone_id=ksk.hosted_zone_id,
        signing_status="SIGNING",
        opts=pulumi.ResourceOptions(parent=parent, protect=True),
    )
    return cast("pulumi.Output[Optional[str]]", ksk.ds_record)


def _key_arn_reasons(value: object) -> list[Reason]:
    reason = kms_key_arn_reason(value)
    return [reason] if reason else []
