"""Route 53's own rules on top of the cloud-neutral ones: pure, every reason at once.

:func:`check_args` returns every reason a set of args cannot be declared on Route 53 without
registering anything; the component raises them as one
:class:`~failover_components.errors.FailoverConfigError`. Values that are ``Output``s are
checked when they resolve, with the same wording (the ``*_reason`` helpers of
:mod:`.settings` and below). What Route 53 cannot do is declared once, in :data:`CAPABILITIES`.
"""

import ipaddress
from collections.abc import Mapping
from typing import Any, cast

from .. import _component
from ..capabilities import Capabilities, Unavailable, unavailable_reasons
from ..errors import Reason, unique
from ..model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from ..spec import EndpointStatus, RecordType
from ..validation import unprobeable_network
from .args import Route53FailoverArgs
from .constants import (
    CHECKER_REGIONS,
    CLOUDFRONT_ZONE_ID,
    MAX_CHILD_CHECKS,
    MAX_MULTIVALUE_ANSWERS,
    MAX_NAME,
    MAX_WEIGHTED_RECORDS,
    MIN_REGIONS,
    R53_HEALTH_CONFIG,
    R53_HEALTHY,
    R53_MULTIVALUE,
    REQUEST_INTERVALS,
)
from .layout import EndpointPlan, Layout, Probe, TierMode, is_cloudfront, plan
from .settings import (
    AwsAlerts,
    AwsSettings,
    kms_key_arn_reason,
    parse_settings,
    sns_topic_arn_reason,
    topic_name_reasons,
    webhook_url_reasons,
    zone_id_reason,
)

__all__ = [
    "CAPABILITIES",
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
    "resolved_address_reasons",
    "resolved_alias_zone_reasons",
    "set_reasons",
    "settings_of",
    "sns_topic_arn_reason",
    "topic_name_reasons",
    "webhook_url_reasons",
    "zone_id_reason",
]

CAPABILITIES: Capabilities = {
    "expected_codes": Unavailable(
        f"its HTTP and HTTPS checks pass on any 2xx or 3xx status ({R53_HEALTHY})",
        "no expected_codes (remove the key)",
    ),
    "headers": Unavailable(
        f"it sends no request headers but Host (from host) ({R53_HEALTH_CONFIG})",
        "no headers; allow-list Route 53's checker IP ranges (ROUTE53_HEALTHCHECKS in "
        "ip-ranges.json) instead of a shared-secret header",
    ),
    "timeout_seconds": Unavailable(
        "its probe timeouts are fixed (4 s to connect and 2 s to the status; 10 s for TCP) "
        f"({R53_HEALTHY})",
        "no timeout_seconds (remove the key)",
    ),
}
"""The neutral health-check keys Route 53 cannot honour, with the reason and what to do:
every "not available" reason of this cloud is generated from this table
(:func:`~failover_components.capabilities.unavailable_reasons`)."""


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


def alert_emails(alerts: AwsAlerts) -> list[str]:
    """The email addresses of ``alerts``, stripped, in the order given."""
    return list(alerts.emails)


def settings_of(args: Mapping[str, Any]) -> AwsSettings:
    """The parsed Route 53 settings (defaults where a value is missing or wrong)."""
    return parse_settings(args)[0]


def resolved_address_reasons(
    ep: EndpointPlan, hc: HealthCheck, kind: AddressKind, value: str
) -> list[Reason]:
    """Route 53's rules on an endpoint address that was an ``Output`` and resolved to
    ``value`` (a plain address is checked with the set)."""
    endpoint = ep.endpoint
    if kind is AddressKind.AZURE_RESOURCE_ID:
        return [azure_id_reason(endpoint, value)]
    reasons: list[Reason] = []
    if ep.probe in (Probe.HOST, Probe.ALIAS) and "host" in hc.given and hc.host != value:
        reasons.append(host_reason(hc, value))
    if ep.forced_down and ep.probe is Probe.IP:
        reason = down_address_reason(endpoint, value)
        if reason:
            reasons.append(reason)
    if endpoint.is_alias and ep.eth and value.endswith(".cloudfront.net"):
        reasons.append(cloudfront_eth_reason(endpoint, endpoint.evaluate_target_health is None))
    return reasons


def resolved_alias_zone_reasons(ep: EndpointPlan, zone: object, own: object) -> list[Reason]:
    """Route 53's rules on an alias endpoint's hosted zone id once it (or the set's own zone
    id, ``own``: ``None`` when not known) resolved."""
    endpoint = ep.endpoint
    reason = zone_id_reason(zone, f"{endpoint.where}.alias_zone_id")
    if reason:
        return [reason]
    if own is not None and zone == own:
        return [own_zone_reason(endpoint, cast(str, zone))]
    defaulted_eth = bool(ep.eth) and endpoint.evaluate_target_health is None
    if defaulted_eth and zone == CLOUDFRONT_ZONE_ID:
        return [cloudfront_eth_reason(endpoint, resolved=True)]
    return []


def key_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """Rules for the Route 53 keys themselves (run even when the neutral keys are broken)."""
    return parse_settings(args)[1]


def _health_check_reasons(hc: HealthCheck) -> list[Reason]:
    reasons = unavailable_reasons("aws", CAPABILITIES, hc)
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


def _alias_reasons(fset: FailoverSet, settings: AwsSettings, layout: Layout) -> list[Reason]:
    reasons: list[Reason] = []
    own_zone = settings.zone_id
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


def _alarm_reasons(layout: Layout, settings: AwsSettings) -> list[Reason]:
    """Alerts need something to alarm on: a Route 53 health check that is not forced down."""
    if settings.alerts is None or layout.alarms():
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


def set_reasons(
    fset: FailoverSet, args: Mapping[str, Any], settings: AwsSettings | None = None
) -> list[Reason]:
    """Route 53's rules on a set that passed the neutral rules (``settings``: the Route 53 keys
    of ``args``, when the caller parsed them already)."""
    if settings is None:
        settings = settings_of(args)
    reasons: list[Reason] = []
    for hc in (fset.health_check, *(p.health_check for p in fset.pools)):
        reasons.extend(_health_check_reasons(hc))
    layout = plan(fset)
    reasons.extend(_alias_reasons(fset, settings, layout))
    reasons.extend(_pool_reasons(fset, layout))
    reasons.extend(_alarm_reasons(layout, settings))
    reasons.extend(_name_reasons(fset, layout, alarms=settings.alerts is not None))
    reasons.extend(_component.tier_budget_reasons(fset, [t.timing for t in layout.tiers]))
    return list(unique(reasons))


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


def cloud_name_reasons(component: str, layout: Layout, settings: AwsSettings) -> list[Reason]:
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
    alerts = settings.alerts
    if alerts is not None:
        if alerts.creates_topic:
            names.append(("SNS topic name", naming.child(component, "alerts"), "alerts"))
        names.extend(
            ("CloudWatch alarm name", naming.child(component, *a.name), a.where)
            for a in layout.alarms()
        )
    reasons = [cloud_names.reason(kind, value, path) for kind, value, path in names]
    return [r for r in reasons if r is not None]
