"""Route 53's own rules on top of the cloud-neutral ones: pure, every reason at once.

:func:`check_args` returns every reason a set of args cannot be declared on Route 53 without
registering anything; the component raises them as one
:class:`~failover_components.errors.FailoverConfigError`. Values that are ``Output``s are
checked when they resolve, with the same wording (``*_problem`` helpers below).
"""

import ipaddress
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pulumi

from .. import _component
from ..errors import Reason
from ..model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from ..spec import EndpointStatus, RecordType
from ..validation import (
    check_keys,
    email_list_reasons,
    email_reasons,
    typeddict_keys,
    unprobeable_network,
)
from .args import Route53AlertsArgs, Route53FailoverArgs
from .constants import (
    CHECKER_REGIONS,
    MAX_CHILD_CHECKS,
    MAX_MULTIVALUE_ANSWERS,
    MAX_NAME,
    MAX_WEIGHTED_RECORDS,
    MIN_REGIONS,
    R53_MULTIVALUE,
    REQUEST_INTERVALS,
    US_EAST_1,
    ZONE_ID,
)
from .layout import (
    Layout,
    Probe,
    TierMode,
    email_subscription_name,
    is_cloudfront,
    plan,
)

__all__ = [
    "alert_emails",
    "azure_id_reason",
    "check_args",
    "cloud_name_reasons",
    "cloudfront_eth_reason",
    "down_address_reason",
    "host_reason",
    "key_reasons",
    "kms_key_arn_reason",
    "own_zone_reason",
    "set_reasons",
    "sns_topic_arn_reason",
    "topic_name_reasons",
    "webhook_url_reasons",
    "zone_id_reason",
]

_ZONE_ID_EXPECTED = "'Z' followed by 1 to 31 upper-case letters and digits, e.g. 'Z1D633PJN98FT9'"

# Keys of the neutral health check that Route 53 has no setting for
# (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
_UNSUPPORTED: dict[str, tuple[str, str]] = {
    "expected_codes": (
        "not available on Route 53, whose HTTP and HTTPS checks pass on any 2xx or 3xx status",
        "no expected_codes (remove the key)",
    ),
    "headers": (
        "not available on Route 53, which sends no request headers but Host (from host)",
        "no headers; allow-list Route 53's checker IP ranges (ROUTE53_HEALTHCHECKS in "
        "ip-ranges.json) instead of a shared-secret header",
    ),
    "timeout_seconds": (
        "not available on Route 53, whose probe timeouts are fixed (4 s to connect and 2 s "
        "to the status; 10 s for TCP)",
        "no timeout_seconds (remove the key)",
    ),
}


def _is_output(value: object) -> bool:
    return isinstance(value, pulumi.Output) or hasattr(value, "__await__")


# -- DNSSEC and alerts: the values of the keys ---------------------------------------------

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
_WEBHOOK_URL_EXPECTED = "https://<host>/<path> (the value is a secret and is not shown)"
_TOPIC_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_ALERT_KEYS = typeddict_keys(Route53AlertsArgs)
_ALERTS_EXPECTED = "a mapping with emails, webhook_url and/or sns_topic_arn"


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
    """The rules of a (plain or resolved) webhook URL. The value never appears in a reason:
    it usually carries a token."""
    if not isinstance(value, str):
        return [Reason(path, f"not a string ({type(value).__name__})", expected="an https URL")]
    try:
        parts = urllib.parse.urlsplit(value.strip())
        host = parts.hostname
    except ValueError:
        return [Reason(path, "not a URL", expected=_WEBHOOK_URL_EXPECTED)]
    if parts.scheme.lower() != "https":
        scheme = parts.scheme or "no scheme"
        return [
            Reason(
                path,
                f"{scheme}: only https keeps the alert and the URL's token off the wire in clear",
                expected=_WEBHOOK_URL_EXPECTED,
            )
        ]
    if not host:
        return [Reason(path, "has no host name", expected=_WEBHOOK_URL_EXPECTED)]
    return []


def _email_reasons(emails: Sequence[object]) -> list[Reason]:
    reasons = email_reasons(emails, names="an SNS subscription")
    bad = {r.path for r in reasons}
    names: dict[tuple[str, ...], str] = {}
    for index, item in enumerate(emails):
        path = f"alerts.emails[{index}]"
        if path in bad or not isinstance(item, str):
            continue
        address = item.strip()
        # Subscriptions are named after a slug of the address: 'a.b@x' and 'a-b@x' share one.
        name = email_subscription_name(address)
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


def _alerts_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """``alerts``: its keys, every email, the webhook URL, the topic ARN (plain values;
    Outputs are checked when they resolve), and at least one target."""
    if "alerts" not in args or args["alerts"] is None:
        return []
    raw = args["alerts"]
    if _is_output(raw):
        return [
            Reason("alerts", "must be a plain mapping, not an Output", expected=_ALERTS_EXPECTED)
        ]
    if not isinstance(raw, Mapping):
        return [Reason("alerts", "not a mapping", raw, _ALERTS_EXPECTED)]
    alerts = cast("Mapping[str, Any]", raw)
    reasons = check_keys(alerts, _ALERT_KEYS, "alerts")
    emails: object = alerts.get("emails")
    email_problems, targets = email_list_reasons(
        emails, check=_email_reasons, why_plain="it decides which subscriptions exist"
    )
    reasons.extend(email_problems)
    url = alerts.get("webhook_url")
    if url is not None:
        targets += 1
        if not _is_output(url):
            reasons.extend(webhook_url_reasons(url))
    topic = alerts.get("sns_topic_arn")
    if topic is not None:
        targets += 1
        if not _is_output(topic):
            reason = sns_topic_arn_reason(topic)
            if reason:
                reasons.append(reason)
    if targets == 0:
        reasons.append(
            Reason(
                "alerts",
                "names no one to notify",
                expected="at least one of emails, webhook_url or sns_topic_arn",
            )
        )
    return reasons


def _dnssec_reasons(args: Mapping[str, Any]) -> list[Reason]:
    reasons: list[Reason] = []
    dnssec = args.get("dnssec")
    if dnssec is not None and not isinstance(dnssec, bool):
        reasons.append(Reason("dnssec", "not a boolean", dnssec, "true or false"))
    arn = args.get("dnssec_kms_key_arn")
    if arn is None:
        return reasons
    if dnssec is not True:
        reasons.append(
            Reason(
                "dnssec_kms_key_arn",
                "only used to sign the zone, and dnssec is not true",
                expected="dnssec true, or no dnssec_kms_key_arn",
            )
        )
    elif not _is_output(arn):
        reason = kms_key_arn_reason(arn)
        if reason:
            reasons.append(reason)
    return reasons


def alerts_of(args: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The ``alerts`` mapping when it is one (read defensively: rules report the rest)."""
    raw = args.get("alerts")
    return cast("Mapping[str, Any]", raw) if isinstance(raw, Mapping) else None


def alert_emails(alerts: Mapping[str, Any]) -> list[str]:
    """The email addresses of a valid ``alerts``, stripped, in the order given."""
    return [cast(str, e).strip() for e in alerts.get("emails") or ()]


def creates_topic(alerts: Mapping[str, Any]) -> bool:
    """True when the component creates its own SNS topic (no ``sns_topic_arn``)."""
    return alerts.get("sns_topic_arn") is None


def topic_name_reasons(component: str, args: Mapping[str, Any]) -> list[Reason]:
    """The created topic is auto-named after the component, and SNS topic names allow only
    letters, digits, hyphens and underscores (pulumi_aws sns.TopicArgs.name)."""
    alerts = alerts_of(args)
    if (
        alerts is None
        or not creates_topic(alerts)
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


def own_zone_reason(endpoint: Endpoint, zone: str) -> Reason:
    """An alias endpoint that names the failover set's own zone (pain.md §A5)."""
    return Reason(
        f"{endpoint.where}.alias_zone_id",
        "is the failover set's own hosted zone; an alias endpoint is an AWS resource named "
        "by its canonical hosted zone id",
        zone,
        "the target's canonical hosted zone id (the load balancer's or distribution's zone_id)",
    )


def cloudfront_eth_reason(endpoint: Endpoint, resolved: bool = False) -> Reason:
    """``evaluate_target_health`` on a CloudFront alias, which AWS rejects
    (https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html)."""
    if resolved:
        return Reason(
            f"{endpoint.where}.evaluate_target_health",
            "the alias target resolved to a CloudFront distribution, where AWS does not allow "
            "evaluate_target_health (it defaults to true when the target is not known to be "
            "CloudFront at construction)",
            True,
            "evaluate_target_health false, and a health_check on the pool",
        )
    return Reason(
        f"{endpoint.where}.evaluate_target_health",
        "AWS does not allow evaluate_target_health on a CloudFront alias",
        True,
        "false or unset, and a health_check on the pool to fail over on the distribution",
    )


def azure_id_reason(endpoint: Endpoint, address: str) -> Reason:
    """An Azure resource id is a Traffic Manager endpoint; Route 53 would publish the string as
    a record value and probe it as an IP address."""
    return Reason(
        f"{endpoint.where}.address",
        "an Azure resource id cannot be a Route 53 answer (only Traffic Manager takes one)",
        address,
        "an IPv4 or IPv6 address or a host name (an AWS alias target's DNS name with "
        "alias_zone_id)",
    )


def host_reason(hc: HealthCheck, address: str) -> Reason:
    """A pool ``host`` that Route 53 cannot send for a host-name endpoint."""
    return Reason(
        hc.path_of("host"),
        f"Route 53 probes the host-name endpoint {address!r} by that name and sends it as the "
        "Host header and SNI name, so a different host cannot be honoured",
        hc.host,
        f"no host for this pool, or {address!r}",
    )


def down_address_reason(endpoint: Endpoint, address: str) -> Reason | None:
    """Route 53 refuses a health check (even a disabled one) on a non-routable address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    why = unprobeable_network(parsed)
    if why is None:
        return None
    return Reason(
        f"{endpoint.where}.address",
        f"{why} cannot carry a Route 53 health check, which status 'down' keeps (disabled and "
        "inverted)",
        address,
        "a public address, or remove the endpoint",
    )


def key_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """Rules for the Route 53 keys themselves (run even when the neutral keys are broken)."""
    reasons: list[Reason] = []
    zone_id = args.get("zone_id")
    if zone_id is not None and not _is_output(zone_id):
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
    reasons.extend(_dnssec_reasons(args))
    reasons.extend(_alerts_reasons(args))
    return reasons


def _health_check_reasons(hc: HealthCheck) -> list[Reason]:
    reasons: list[Reason] = []
    for key, (problem, expected) in _UNSUPPORTED.items():
        if key not in hc.given:
            continue
        got: object
        if key == "headers":
            got = sorted(hc.headers)
        elif key == "expected_codes":
            got = hc.expected_codes_text
        else:
            got = hc.timeout_seconds
        reasons.append(Reason(hc.path_of(key), problem, got, expected))
    if hc.interval_seconds is not None and hc.interval_seconds not in REQUEST_INTERVALS:
        reasons.append(
            Reason(
                hc.path_of("interval_seconds"),
                "not a Route 53 request interval",
                hc.interval_seconds,
                "10 or 30 (fixed once the health check exists)",
            )
        )
    if hc.regions is not None:
        unknown = [r for r in hc.regions if r not in CHECKER_REGIONS]
        if unknown:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    "not Route 53 health-checker regions: " + ", ".join(unknown),
                    list(hc.regions),
                    "regions from " + ", ".join(CHECKER_REGIONS),
                )
            )
        elif len(hc.regions) < MIN_REGIONS:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    f"Route 53 needs at least {MIN_REGIONS} checker regions",
                    list(hc.regions),
                    f"at least {MIN_REGIONS} of "
                    + ", ".join(CHECKER_REGIONS)
                    + ", or no regions (all 8)",
                )
            )
    return reasons


def _never_evaluated(pool: Pool, layout: Layout) -> list[Reason]:
    """Obey alias endpoints nothing evaluates, in a tier that can then never fail over."""
    tier = next(t for t in layout.tiers if t.pool is pool)
    always = [e for e in tier.endpoints if not e.evaluated]
    if len(always) < pool.min_healthy:
        return []
    reasons: list[Reason] = []
    for ep in always:
        endpoint = ep.endpoint
        if not endpoint.is_alias or endpoint.status is not EndpointStatus.OBEY:
            continue
        why = (
            "a CloudFront distribution, where AWS forbids evaluate_target_health"
            if is_cloudfront(endpoint) and endpoint.evaluate_target_health is None
            else "evaluate_target_health is false"
        )
        reasons.append(
            Reason(
                endpoint.where,
                f"nothing evaluates this alias endpoint's health ({why}), so it stays in "
                f"rotation and pool {pool.name!r} can never fail over to the next pool",
                expected="a health_check on the pool (Route 53 then probes the alias DNS "
                "name), or the endpoint in the last pool",
            )
        )
    return reasons


def _alias_reasons(fset: FailoverSet, args: Mapping[str, Any], layout: Layout) -> list[Reason]:
    reasons: list[Reason] = []
    own_zone = args.get("zone_id")
    if any(e.is_alias for e in fset.endpoints()) and fset.record_type is RecordType.CNAME:
        reasons.append(
            Reason(
                "record_type",
                "alias endpoints (AWS alias targets) answer A or AAAA queries, not CNAME",
                fset.record_type.value,
                "'A' or 'AAAA'",
            )
        )
    last = fset.pools[-1]
    for pool in fset.pools:
        for endpoint in pool.endpoints:
            if not endpoint.is_alias:
                continue
            zone = endpoint.alias_zone_id
            if isinstance(zone, str):
                reason = zone_id_reason(zone, f"{endpoint.where}.alias_zone_id")
                if reason:
                    reasons.append(reason)
                elif isinstance(own_zone, str) and zone == own_zone:
                    reasons.append(own_zone_reason(endpoint, zone))
            if endpoint.evaluate_target_health is True:
                if is_cloudfront(endpoint):
                    reasons.append(cloudfront_eth_reason(endpoint))
                elif endpoint.status is EndpointStatus.UP:
                    reasons.append(
                        Reason(
                            f"{endpoint.where}.evaluate_target_health",
                            "conflicts with status 'up' (always in rotation, never evaluated)",
                            True,
                            "no evaluate_target_health, or status 'obey'",
                        )
                    )
        if pool is not last:
            reasons.extend(_never_evaluated(pool, layout))
    return reasons


def _pool_reasons(fset: FailoverSet, layout: Layout) -> list[Reason]:
    reasons: list[Reason] = []
    for tier in layout.tiers:
        pool = tier.pool
        if tier.mode is TierMode.POOL and pool.min_healthy > 1:
            for ep in tier.endpoints:
                if ep.eth and not ep.checked:
                    reasons.append(
                        Reason(
                            f"{pool.where}.min_healthy",
                            "counts endpoints through a calculated health check, but alias "
                            f"endpoint {ep.endpoint.name!r} has no Route 53 health check (its "
                            "target health cannot feed one)",
                            pool.min_healthy,
                            "min_healthy 1, or a health_check on the pool",
                        )
                    )
        if tier.routing == "weighted" and len(tier.endpoints) > MAX_WEIGHTED_RECORDS:
            reasons.append(
                Reason(
                    f"{pool.where}.endpoints",
                    f"{len(tier.endpoints)} endpoints is more than the {MAX_WEIGHTED_RECORDS} "
                    "weighted records Route 53 allows per name",
                    expected=f"at most {MAX_WEIGHTED_RECORDS} endpoints in a pool with "
                    "weights or alias targets",
                )
            )
        if tier.routing == "multivalue" and len(tier.endpoints) > MAX_MULTIVALUE_ANSWERS:
            reasons.append(
                Reason(
                    f"{pool.where}.endpoints",
                    f"{len(tier.endpoints)} endpoints is more than the {MAX_MULTIVALUE_ANSWERS} "
                    "healthy records a Route 53 multivalue answer holds: each resolver would get "
                    f"a different subset of 8 ({R53_MULTIVALUE})",
                    expected=f"at most {MAX_MULTIVALUE_ANSWERS} endpoints in a pool without "
                    "weights, or weights on its endpoints (weighted records answer one at a "
                    "time, up to 100)",
                )
            )
        if tier.calculated_threshold is not None and len(tier.checked) > MAX_CHILD_CHECKS:
            reasons.append(
                Reason(
                    f"{pool.where}.endpoints",
                    f"{len(tier.checked)} health checks is more than the {MAX_CHILD_CHECKS} "
                    "children of a calculated health check (min_healthy > 1)",
                    expected=f"at most {MAX_CHILD_CHECKS} health-checked endpoints",
                )
            )
        for ep in tier.endpoints:
            endpoint = ep.endpoint
            address = endpoint.address
            if not isinstance(address, str):
                continue
            if endpoint.kind is AddressKind.AZURE_RESOURCE_ID:
                reasons.append(azure_id_reason(endpoint, address))
                continue
            if ep.probe in (Probe.HOST, Probe.ALIAS):
                hc = pool.health_check
                if "host" in hc.given and hc.host != address:
                    reasons.append(host_reason(hc, address))
            if ep.forced_down and ep.probe is Probe.IP:
                reason = down_address_reason(endpoint, address)
                if reason:
                    reasons.append(reason)
    if fset.ttl is not None and not layout.ttl_used:
        reasons.append(
            Reason(
                "ttl",
                "every endpoint is an alias target, and alias records have no TTL (Route 53 "
                "answers with the target's; 60 s for ELB and S3)",
                fset.ttl,
                "no ttl",
            )
        )
    return reasons


def _alarm_reasons(layout: Layout, args: Mapping[str, Any]) -> list[Reason]:
    """Alerts need something to alarm on: a Route 53 health check that is not forced down."""
    if alerts_of(args) is None or layout.alarms():
        return []
    return [
        Reason(
            "alerts",
            "no endpoint of this set has a Route 53 health check to alarm on (alias endpoints "
            "follow their target's health, status 'up' is never probed and status 'down' is "
            "always unhealthy)",
            expected="a health_check on a pool (alias endpoints are then probed), or no alerts",
        )
    ]


def _name_reasons(fset: FailoverSet, layout: Layout, alarms: bool = False) -> list[Reason]:
    reasons: list[Reason] = []
    names: list[tuple[Pool, str]] = [(t.pool, t.level_name) for t in layout.tiers[1:-1]]
    for tier in layout.tiers:
        if tier.pool_name is not None:
            names.append((tier.pool, tier.pool_name))
    for pool, dns_name in names:
        if len(dns_name) > MAX_NAME:
            reasons.append(
                Reason(
                    "hostname",
                    f"pool {pool.name!r} needs the record name {dns_name[:40]!r}..., which is "
                    f"{len(dns_name)} characters long, more than {MAX_NAME} (RFC 1035)",
                    fset.hostname,
                    "a shorter hostname or pool name",
                )
            )
    # Names join pool and endpoint names with hyphens, which the names may contain too:
    # pool 'eu' endpoint 'west-a' and pool 'eu-west' endpoint 'a' would collide.
    seen: dict[tuple[str, str], str] = {}
    children = layout.child_names()
    if alarms:
        children += [("alarm", a.name, a.where) for a in layout.alarms()]
    for kind, parts, where in children:
        key = (kind, "-".join(parts))
        if key in seen:
            reasons.append(
                Reason(
                    where,
                    f"gives the child resource name '<component>-{key[1]}', which "
                    f"{seen[key]} gives too",
                    expected="pool and endpoint names whose hyphenated joins differ",
                )
            )
        else:
            seen[key] = where
    return reasons


def set_reasons(fset: FailoverSet, args: Mapping[str, Any]) -> list[Reason]:
    """Route 53's rules on a set that passed the neutral rules."""
    reasons: list[Reason] = []
    for hc in (fset.health_check, *(p.health_check for p in fset.pools)):
        reasons.extend(_health_check_reasons(hc))
    layout = plan(fset)
    reasons.extend(_alias_reasons(fset, args, layout))
    reasons.extend(_pool_reasons(fset, layout))
    reasons.extend(_alarm_reasons(layout, args))
    reasons.extend(_name_reasons(fset, layout, alarms=alerts_of(args) is not None))
    reasons.extend(_component.tier_budget_reasons(fset, [t.timing for t in layout.tiers]))
    return _unique(reasons)


def _unique(reasons: list[Reason]) -> list[Reason]:
    """A set-level setting inherited by every pool is reported once."""
    out: list[Reason] = []
    seen: set[str] = set()
    for reason in reasons:
        key = str(reason)
        if key not in seen:
            seen.add(key)
            out.append(reason)
    return out


def check_args(args: Mapping[str, Any]) -> list[Reason]:
    """Every reason ``args`` cannot be declared as a :class:`Route53Failover`; registers
    nothing (the config-driven program checks every entry with it first)."""
    _fset, reasons = _component.collect_reasons(
        args,
        args_type=Route53FailoverArgs,
        cloud_keys=key_reasons,
        cloud_set=set_reasons,
    )
    return reasons


def cloud_name_reasons(component: str, layout: Layout, args: Mapping[str, Any]) -> list[Reason]:
    """Every name that reaches AWS, checked against its documented rule
    (:data:`failover_components.cloud_names.RULES`): the records' set identifiers, and with
    ``alerts`` the auto-named SNS topic and CloudWatch alarms (Pulumi appends 8 characters)."""
    from .. import cloud_names, naming

    names: list[tuple[str, str, str]] = []
    for tier in layout.tiers:
        names.append(("Route 53 set identifier", tier.set_identifier, tier.pool.where))
        if tier.fallback_name is not None:
            names.append(("Route 53 set identifier", tier.fallback_set_identifier, tier.pool.where))
        if tier.mode is TierMode.POOL:
            names.extend(
                ("Route 53 set identifier", ep.endpoint.name, f"{ep.endpoint.where}.name")
                for ep in tier.endpoints
            )
    alerts = alerts_of(args)
    if alerts is not None:
        if creates_topic(alerts):
            names.append(("SNS topic name", naming.child(component, "alerts"), "alerts"))
        names.extend(
            ("CloudWatch alarm name", naming.child(component, *a.name), a.where)
            for a in layout.alarms()
        )
    reasons = [cloud_names.reason(kind, value, path) for kind, value, path in names]
    return [r for r in reasons if r is not None]
