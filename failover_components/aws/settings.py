"""The Route 53 keys of the args (``zone_id``, ``create_zone``, ``dnssec``,
``dnssec_kms_key_arn``, ``alerts``), parsed once into :class:`AwsSettings`, with every reason a
value is wrong. The rules, the layout, the component, its summary and the deployer's policy read
the settings, never the raw dict again. Values that are ``Output``s are checked when they
resolve, with the same wording (the ``*_reason`` helpers below).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pulumi

from .. import naming
from .._component import is_plain
from ..alerts import AlertRules, WebhookRules, parse_alerts
from ..alerts import webhook_url_reasons as _webhook_url_reasons
from ..errors import Reason
from ..validation import typeddict_keys
from .args import Route53AlertsArgs
from .constants import EMAIL_SLUG_MAX, US_EAST_1, ZONE_ID

__all__ = [
    "AwsAlerts",
    "AwsSettings",
    "alerts_description",
    "dnssec_description",
    "email_subscription_name",
    "kms_key_arn_reason",
    "parse_settings",
    "sns_topic_arn_reason",
    "sns_topic_arn_reasons",
    "topic_name_reasons",
    "webhook_url_reasons",
    "zone_id_problem",
    "zone_id_reason",
]

_ZONE_ID_EXPECTED = "'Z' followed by 1 to 31 upper-case letters and digits, e.g. 'Z1D633PJN98FT9'"
_KMS_KEY_ARN = re.compile(r"^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):key/([A-Za-z0-9-]+)$")
_KMS_KEY_ARN_EXPECTED = (
    "the ARN of a KMS key in us-east-1, e.g. "
    "'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'"
)
_SNS_TOPIC_ARN = re.compile(r"^arn:(aws[a-z-]*):sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,256})$")
_SNS_TOPIC_ARN_EXPECTED = (
    "the ARN of an SNS topic in us-east-1, e.g. "
    "'arn:aws:sns:us-east-1:111122223333:failover-alerts'"
)
_TOPIC_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_WEBHOOK = WebhookRules(strip=True)
"""SNS HTTPS subscriptions take any port
(https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html); the
component strips the URL before subscribing it, so white space around it is harmless."""


@dataclass(frozen=True)
class AwsAlerts:
    """Who the alarms notify."""

    emails: tuple[str, ...] = ()
    """The addresses, stripped, in the order given."""
    webhook_url: "pulumi.Input[str] | None" = None
    sns_topic_arn: "pulumi.Input[str] | None" = None

    @property
    def creates_topic(self) -> bool:
        """True when the component creates its own SNS topic (no ``sns_topic_arn``)."""
        return self.sns_topic_arn is None

    @property
    def subscribes(self) -> bool:
        """True when the component subscribes someone (an email or the webhook) to the topic."""
        return bool(self.emails) or self.webhook_url is not None


@dataclass(frozen=True)
class AwsSettings:
    """The Route 53 keys, with their defaults."""

    zone_id: "pulumi.Input[str] | None" = None
    """The hosted zone to adopt (``None``: created, or looked up by ``zone_name``)."""
    create_zone: bool = False
    dnssec: bool = False
    dnssec_kms_key_arn: "pulumi.Input[str] | None" = None
    """The KMS key to sign with (``None``: one is created in us-east-1)."""
    alerts: AwsAlerts | None = None

    @property
    def zone_source(self) -> str:
        """How the zone is found: ``adopted``, ``created`` or ``looked up by name``."""
        if self.zone_id is not None:
            return "adopted"
        return "created" if self.create_zone else "looked up by name"


def kms_key_arn_reason(value: object, path: str = "dnssec_kms_key_arn") -> Reason | None:
    """Why a (plain or resolved) KMS key ARN cannot sign a Route 53 zone, or ``None``.

    Route 53 signs only with a key in us-east-1, and takes the key's ARN (not an alias)
    [dns-configuring-dnssec-cmk-requirements, API_CreateKeySigningKey].
    """
    if not isinstance(value, str):
        return Reason(path, "not a string", value, _KMS_KEY_ARN_EXPECTED)
    match = _KMS_KEY_ARN.match(value)
    if match is None:
        problem = (
            "a KMS alias ARN; Route 53 takes the key's own ARN"
            if ":alias/" in value
            else "not a KMS key ARN"
        )
        return Reason(path, problem, value, _KMS_KEY_ARN_EXPECTED)
    region = match.group(2)
    if region != US_EAST_1:
        return Reason(
            path,
            f"the key is in {region}, and Route 53 signs zones only with a KMS key in us-east-1",
            value,
            "a key in us-east-1, or no dnssec_kms_key_arn (a key is then created there)",
        )
    return None


def sns_topic_arn_reason(value: object, path: str = "alerts.sns_topic_arn") -> Reason | None:
    """Why a (plain or resolved) SNS topic ARN cannot receive the alarms, or ``None``.

    The alarms live in us-east-1 with the health-check metrics, and CloudWatch alarms notify
    topics in their own region only ("Invalid region ... specified. Only us-east-1 is
    supported", https://github.com/cds-snc/notification-terraform/pull/128).
    """
    if not isinstance(value, str):
        return Reason(path, "not a string", value, _SNS_TOPIC_ARN_EXPECTED)
    match = _SNS_TOPIC_ARN.match(value)
    if match is None:
        return Reason(path, "not an SNS topic ARN", value, _SNS_TOPIC_ARN_EXPECTED)
    region = match.group(2)
    if region != US_EAST_1:
        return Reason(
            path,
            f"the topic is in {region}; the alarms live in us-east-1 with Route 53's "
            "health-check metrics and can notify a topic in their own region only",
            value,
            "a topic in us-east-1, or no sns_topic_arn (a topic is then created there)",
        )
    return None


def webhook_url_reasons(value: object, path: str = "alerts.webhook_url") -> list[Reason]:
    """The rules of a (plain or resolved) webhook URL (the core's, with white space around it
    stripped); the value is shown redacted only: it usually carries a token."""
    return _webhook_url_reasons(value, path, rules=_WEBHOOK)


def zone_id_problem(value: str) -> str | None:
    """Why ``value`` is not a hosted zone id, or ``None``."""
    if ZONE_ID.match(value):
        return None
    if value.lower().startswith("/hostedzone/"):
        return "includes the '/hostedzone/' prefix"
    if "." in value:
        return "a DNS name, not a hosted zone id"
    return "not a Route 53 hosted zone id"


def zone_id_reason(value: object, path: str) -> Reason | None:
    """The reason a zone id value (plain or resolved) is unusable, or ``None``."""
    if not isinstance(value, str):
        return Reason(path, "not a string", value, _ZONE_ID_EXPECTED)
    problem = zone_id_problem(value)
    if problem:
        expected = "only the id, e.g. 'Z1D633PJN98FT9'" if "hostedzone" in problem else ""
        return Reason(path, problem, value, expected or _ZONE_ID_EXPECTED)
    return None


def _subscription_name_reasons(emails: Sequence[object]) -> list[Reason]:
    """The addresses whose subscriptions would share a child name (the shared email rules ran
    already: an address that broke one is ``None`` here)."""
    reasons: list[Reason] = []
    names: dict[tuple[str, ...], str] = {}
    for index, item in enumerate(emails):
        if not isinstance(item, str):
            continue
        path = f"alerts.emails[{index}]"
        # Subscriptions are named after a slug of the address: 'a.b@x' and 'a-b@x' share one.
        name = email_subscription_name(item.strip())
        if name in names:
            reasons.append(
                Reason(
                    path,
                    f"gives the child resource name '<component>-{'-'.join(name)}', which "
                    f"{names[name]} gives too",
                    item,
                    "addresses that differ in more than punctuation",
                )
            )
            continue
        names[name] = path
    return reasons


def sns_topic_arn_reasons(value: object) -> list[Reason]:
    """:func:`sns_topic_arn_reason` as a list, the form the alerts validator and
    ``_component.check_when_known`` take."""
    reason = sns_topic_arn_reason(value)
    return [reason] if reason else []


_ALERTS = AlertRules(
    keys=typeddict_keys(Route53AlertsArgs),
    recipient="an SNS subscription",
    email_check=_subscription_name_reasons,
    webhook=_WEBHOOK,
    targets={"sns_topic_arn": sns_topic_arn_reasons},
)


def _alerts(args: Mapping[str, Any], reasons: list[Reason]) -> AwsAlerts | None:
    """``alerts`` through the core validator: its keys, every email, the webhook URL, the
    topic ARN (plain values; Outputs are checked when they resolve), and at least one
    target."""
    alerts, found = parse_alerts(args.get("alerts"), _ALERTS)
    reasons.extend(found)
    if alerts is None:
        return None
    return AwsAlerts(
        emails=alerts.emails,
        webhook_url=alerts.webhook_url,
        sns_topic_arn=alerts.targets.get("sns_topic_arn"),
    )


def _dnssec(args: Mapping[str, Any], reasons: list[Reason]) -> tuple[bool, Any]:
    dnssec = args.get("dnssec")
    if dnssec is not None and not isinstance(dnssec, bool):
        reasons.append(Reason("dnssec", "not a boolean", dnssec, "true or false"))
    arn = args.get("dnssec_kms_key_arn")
    if arn is not None:
        if dnssec is not True:
            reasons.append(
                Reason(
                    "dnssec_kms_key_arn",
                    "only used to sign the zone, and dnssec is not true",
                    expected="dnssec true, or no dnssec_kms_key_arn",
                )
            )
        elif is_plain(arn):
            reason = kms_key_arn_reason(arn)
            if reason:
                reasons.append(reason)
    return dnssec is True, arn


def _zone(args: Mapping[str, Any], reasons: list[Reason]) -> tuple[Any, bool]:
    zone_id = args.get("zone_id")
    if zone_id is not None and is_plain(zone_id):
        reason = zone_id_reason(zone_id, "zone_id")
        if reason:
            reasons.append(reason)
    create = args.get("create_zone")
    if create is not None and not isinstance(create, bool):
        reasons.append(Reason("create_zone", "not a boolean", create, "true or false"))
    if create is True and zone_id is not None:
        reasons.append(
            Reason(
                "create_zone",
                "conflicts with zone_id: the zone is either adopted or created",
                True,
                "zone_id to adopt an existing zone, or create_zone to make one, not both",
            )
        )
    return zone_id, create is True


def parse_settings(args: Mapping[str, Any]) -> tuple[AwsSettings, list[Reason]]:
    """The Route 53 keys of ``args``, and every reason one of them is wrong (these rules run
    even when the neutral keys are broken)."""
    reasons: list[Reason] = []
    zone_id, create = _zone(args, reasons)
    dnssec, arn = _dnssec(args, reasons)
    alerts = _alerts(args, reasons)
    settings = AwsSettings(
        zone_id=zone_id,
        create_zone=create,
        dnssec=dnssec,
        dnssec_kms_key_arn=arn,
        alerts=alerts,
    )
    return settings, reasons


def topic_name_reasons(component: str, settings: AwsSettings) -> list[Reason]:
    """The created topic is auto-named after the component, and SNS topic names allow only
    letters, digits, hyphens and underscores (pulumi_aws sns.TopicArgs.name)."""
    alerts = settings.alerts
    if (
        alerts is None
        or not alerts.creates_topic
        or not isinstance(cast(object, component), str)
        or _TOPIC_NAME.match(component)
    ):
        return []
    return [
        Reason(
            "alerts",
            f"creates an SNS topic named after the component {component!r}, and SNS topic "
            "names allow only letters, digits, '-' and '_'",
            expected="such a component name, or alerts.sns_topic_arn of an existing topic",
        )
    ]


def email_subscription_name(address: str) -> tuple[str, ...]:
    """Parts of an email subscription's resource name: keyed by the address, never by its
    position in ``alerts.emails``."""
    return ("alerts", "email", naming.slug(address, EMAIL_SLUG_MAX))


def dnssec_description(settings: AwsSettings) -> str:
    """How the zone is signed, for the plan summary."""
    if not settings.dnssec:
        return "off"
    key = (
        "the given KMS key"
        if settings.dnssec_kms_key_arn is not None
        else "a new KMS key in us-east-1"
    )
    return f"signed with {key} (protected); publish ds_record at the registrar"


def alerts_description(alerts: AwsAlerts | None, alarm_count: int) -> str:
    """Who the alarms notify, for the plan summary."""
    if alerts is None:
        return "off"
    targets: list[str] = []
    emails = len(alerts.emails)
    if emails:
        targets.append(f"{emails} email(s)")
    if alerts.webhook_url is not None:
        targets.append("a webhook")
    topic = "a new SNS topic" if alerts.creates_topic else "the given SNS topic"
    to = f" ({', '.join(targets)})" if targets else ""
    return f"{alarm_count} CloudWatch alarm(s) in us-east-1 notify {topic}{to}"
