"""The policy rules' view of Route 53 (and CloudWatch) resources: one check per rule that
applies, reading only resources (camelCase properties), inside components and hand-written.

:mod:`failover_components.policy` runs these beside each rule's cloud-neutral part through the
registry (``policy`` of :data:`failover_components.clouds.CLOUDS`); the rules' documentation
for this cloud stays in :mod:`failover_components.policy.catalogue`, so that ``RULES.md`` reads
as before. No SDK import: the CrossGuard pack installs this library without the cloud SDKs.
"""

import ipaddress
from collections.abc import Callable, Iterator
from typing import Any, cast

from ..networks import unprobeable_address
from ..policy.base import STALE, PolicyConfig, Violation
from ..policy.read import UNKNOWN, as_list, as_map, as_num, as_str, fmt, is_set
from ..policy.views import ResourceView, StackView
from .constants import CHECKER_REGIONS, HEALTH_CHECK, HOSTED_ZONE_DNSSEC, METRIC_ALARM, RECORD, ZONE

__all__ = [
    "AWS_ALARM",
    "AWS_HEALTH_CHECK",
    "AWS_RECORD",
    "AWS_ZONE",
    "AWS_ZONE_DNSSEC",
    "CHECKS",
    "R53_CHECKER_REGIONS",
]

# The policy package's names for the type tokens (``failover_components.policy.AWS_ZONE``).
AWS_ZONE = ZONE
AWS_RECORD = RECORD
AWS_HEALTH_CHECK = HEALTH_CHECK
AWS_ZONE_DNSSEC = HOSTED_ZONE_DNSSEC
AWS_ALARM = METRIC_ALARM


def _role(record: ResourceView) -> str | None:
    """``PRIMARY``/``SECONDARY`` of a Route 53 failover record, else ``None``."""
    policies = as_list(record.props.get("failoverRoutingPolicies"))
    kind = as_str(as_map(policies[0]).get("type")) if policies else None
    return kind.upper() if kind else None


def _record_name(record: ResourceView) -> str:
    name = as_str(record.props.get("name"))
    return name if name is not None else record.name


def _record_key(stack: StackView, record: ResourceView) -> tuple[str, str, str] | None:
    """``(zone, name, type)`` identifying a Route 53 record set, or ``None`` if unknown."""
    name, rtype = as_str(record.props.get("name")), as_str(record.props.get("type"))
    if name is None or rtype is None:
        return None
    zone = stack.linked(record, "zoneId", [AWS_ZONE], match=_aws_zone_match)
    zone_id = record.props.get("zoneId")
    if zone is not None:
        zone_key = "urn:" + zone.urn
    elif isinstance(zone_id, str):
        zone_key = "id:" + zone_id
    else:
        return None
    return zone_key, name.lower().rstrip("."), rtype.upper()


def _aws_zone_match(zone: ResourceView, value: str) -> bool:
    return value in (zone.id, zone.props.get("zoneId"), zone.props.get("id"))


def _primary_health_checked(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for rec in stack.of_type(AWS_RECORD):
        if _role(rec) != "PRIMARY" or is_set(rec.props.get("healthCheckId")):
            continue
        aliases = as_list(rec.props.get("aliases"))
        evaluate = as_map(aliases[0]).get("evaluateTargetHealth") if aliases else None
        if evaluate is UNKNOWN:
            continue
        if evaluate is True:
            if _alias_watched(stack, rec, set()) is False:
                yield Violation(
                    rec,
                    f"PRIMARY failover record {_record_name(rec)} {rec.props.get('type')} "
                    "evaluates the target health of records in its zone that no health check "
                    "watches (status 'up' endpoints): Route 53 counts them healthy, so traffic "
                    "never fails over",
                )
            continue
        yield Violation(
            rec,
            f"PRIMARY failover record {_record_name(rec)} {rec.props.get('type')} has neither a "
            "health_check_id nor an alias with evaluate_target_health=True: Route 53 cannot "
            "tell it is down, so traffic never fails over",
        )


def _alias_watched(stack: StackView, rec: ResourceView, seen: set[str]) -> bool | None:
    """Whether anything watches the health of what an alias with evaluate_target_health
    points at: ``False`` when its target is a name of the same zone whose records have no
    health check and are not themselves watched aliases (Route 53 counts a record without a
    health check healthy [R53_CHOOSE], so the alias never fails); ``True`` when one of them is
    watched; ``None`` when the target is outside the zone or unknown (an ALB or CloudFront
    reports its own health)."""
    aliases = as_list(rec.props.get("aliases"))
    target = as_str(as_map(aliases[0]).get("name")) if aliases else None
    key = _record_key(stack, rec)
    if target is None or key is None or rec.urn in seen:
        return None
    seen.add(rec.urn)
    wanted = (key[0], target.lower().rstrip("."), key[2])
    targets = [r for r in stack.of_type(AWS_RECORD) if _record_key(stack, r) == wanted]
    if not targets:
        return None
    for r in targets:
        if is_set(r.props.get("healthCheckId")):
            return True
        r_aliases = as_list(r.props.get("aliases"))
        evaluate = as_map(r_aliases[0]).get("evaluateTargetHealth") if r_aliases else None
        if evaluate is UNKNOWN or (
            evaluate is True and _alias_watched(stack, r, seen) is not False
        ):
            return True
    return False


def _failover_ttl(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
    limit = config.max_ttl_seconds
    for rec in stack.of_type(AWS_RECORD):
        routed = (
            bool(as_list(rec.props.get("failoverRoutingPolicies")))
            or bool(as_list(rec.props.get("weightedRoutingPolicies")))
            or rec.props.get("multivalueAnswerRoutingPolicy") is True
        )
        ttl = as_num(rec.props.get("ttl"))
        if routed and ttl is not None and ttl > limit:
            yield Violation(
                rec,
                f"record {_record_name(rec)} {rec.props.get('type')} has ttl {fmt(ttl)} s, "
                f"above {limit} s: {STALE}",
            )


_R53_HTTPS_TYPES = frozenset({"HTTPS", "HTTPS_STR_MATCH"})
_R53_PROBING_TYPES = frozenset({"HTTP", "HTTP_STR_MATCH", "TCP"}) | _R53_HTTPS_TYPES


def _https_health_checks(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        kind = as_str(hc.props.get("type"))
        # CALCULATED, CLOUDWATCH_METRIC and RECOVERY_CONTROL checks send no probe of their own.
        if kind is not None and kind.upper() in _R53_PROBING_TYPES - _R53_HTTPS_TYPES:
            yield Violation(hc, f"health check type is {kind}, not HTTPS or HTTPS_STR_MATCH")


R53_CHECKER_REGIONS = CHECKER_REGIONS
"""Route 53's health-checker regions (``HealthCheckRegion`` in the API reference)."""


def _route53_checker_regions(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        raw = hc.props.get("regions")
        regions = as_list(raw)
        if not regions or not all(isinstance(r, str) for r in regions):
            continue  # not set (every region checks) or not known yet
        names = cast("list[str]", regions)
        if len(set(names)) < 3:
            yield Violation(
                hc,
                f"regions lists {len(set(names))} checker region(s) {sorted(set(names))}; "
                "Route 53 needs at least 3",
            )
        unknown_regions = sorted(set(names) - set(R53_CHECKER_REGIONS))
        if unknown_regions:
            yield Violation(
                hc,
                f"regions {unknown_regions} are not Route 53 checker regions; expected some of "
                + ", ".join(R53_CHECKER_REGIONS),
            )


def _zone_dnssec(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    signed: set[str] = set()
    for sig in stack.of_type(AWS_ZONE_DNSSEC):
        status = as_str(sig.props.get("signingStatus"))
        zone = stack.linked(sig, "hostedZoneId", [AWS_ZONE], match=_aws_zone_match)
        if zone is not None and (status is None or status.upper() != "NOT_SIGNING"):
            signed.add(zone.urn)
    for zone in stack.of_type(AWS_ZONE):
        # Route 53 signs public hosted zones only [R53_DNSSEC]; a zone with VPCs is private.
        if zone.urn in signed or is_set(zone.props.get("vpcs")):
            continue
        yield Violation(
            zone,
            f"hosted zone {as_str(zone.props.get('name')) or zone.name!r} is not signed: no "
            "HostedZoneDnsSec with signing_status SIGNING refers to it",
        )


def _health_alerts(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    # Hand-written failover records: a CloudWatch alarm on Route 53 anywhere outside the
    # components (the rule's cloud-neutral part covers the components).
    route53_alarm = any(
        a.props.get("namespace") == "AWS/Route53"
        for a in stack.of_type(AWS_ALARM)
        if stack.component_of(a) is None
    )
    for rec in stack.of_type(AWS_RECORD):
        if stack.component_of(rec) is None and _role(rec) == "PRIMARY" and not route53_alarm:
            yield Violation(
                rec,
                "no CloudWatch alarm on the AWS/Route53 namespace (HealthCheckStatus) in the "
                "stack: nobody is told when this failover record fails over",
            )


def _second_tier(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    secondaries: set[tuple[str, str, str]] = set()
    primaries: list[tuple[ResourceView, tuple[str, str, str]]] = []
    for rec in stack.of_type(AWS_RECORD):
        role, key = _role(rec), _record_key(stack, rec)
        if key is None:
            continue
        if role == "SECONDARY":
            secondaries.add(key)
        elif role == "PRIMARY":
            primaries.append((rec, key))
    for rec, key in primaries:
        if key not in secondaries:
            yield Violation(
                rec,
                f"PRIMARY failover record {_record_name(rec)} {rec.props.get('type')} has no "
                "SECONDARY at the same name and type: there is nothing to fail over to",
            )


def _probe_public_address(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc, where in _aws_checks_in(stack, unprobeable_address):
        yield Violation(
            hc, f"{where}: Route 53's checkers cannot reach it, so it is always unhealthy"
        )


# Route 53 "can't check the health of endpoints for which the IP address is in local, private,
# non-routable, or multicast ranges" and points at RFC 5735, RFC 6598 and RFC 5156 [R53_HC_API,
# IPAddress]. FO010 already reports the ranges no checker reaches anywhere; these are the rest
# of those RFCs' ranges, which the input rules accept on purpose (examples and samples use the
# documentation ranges), so a plan of a sample warns that a real deployment would be refused.
_R53_SPECIAL_USE: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), why)
    for net, why in (
        ("192.0.2.0/24", "documentation range TEST-NET-1 (RFC 5735, RFC 5737)"),
        ("198.51.100.0/24", "documentation range TEST-NET-2 (RFC 5735, RFC 5737)"),
        ("203.0.113.0/24", "documentation range TEST-NET-3 (RFC 5735, RFC 5737)"),
        ("192.88.99.0/24", "6to4 relay anycast range (RFC 5735)"),
        ("255.255.255.255/32", "limited broadcast address (RFC 5735)"),
        ("2001:db8::/32", "documentation range (RFC 5156, RFC 3849)"),
        ("2001::/32", "Teredo range (RFC 5156)"),
        ("2001:10::/28", "ORCHID range (RFC 5156)"),
        ("2002::/16", "6to4 range (RFC 5156)"),
        ("::/96", "IPv4-compatible range (RFC 5156)"),
    )
)


def _route53_special_use(value: Any) -> str | None:
    if not isinstance(value, str) or unprobeable_address(value):
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    for net, why in _R53_SPECIAL_USE:
        if address.version == net.version and address in net:
            return f"{why}, {net}"
    return None


def _aws_checks_in(
    stack: StackView, classify: Callable[[Any], str | None]
) -> Iterator[tuple[ResourceView, str]]:
    """Each Route 53 health check whose ``ipAddress`` ``classify`` names a range for."""
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        why = classify(hc.props.get("ipAddress"))
        if why:
            yield hc, f"health check probes {hc.props.get('ipAddress')}, in the {why}"


def _route53_checkable_address(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc, where in _aws_checks_in(stack, _route53_special_use):
        yield Violation(
            hc,
            f"{where}: Route 53 refuses health checks on special-use addresses, so a real "
            "deployment of this address fails (fine in documentation and samples)",
        )


def _route53_check_enabled(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        if hc.props.get("disabled") is True:
            yield Violation(
                hc,
                "disabled=True: Route 53 considers a disabled health check healthy, so its "
                "record never fails over (to drain an endpoint, set invert_healthcheck instead)",
            )


CHECKS = {
    "FO001": _primary_health_checked,
    "FO002": _failover_ttl,
    "FO004": _https_health_checks,
    "FO005": _route53_checker_regions,
    "FO007": _zone_dnssec,
    "FO008": _health_alerts,
    "FO009": _second_tier,
    "FO010": _probe_public_address,
    "FO011": _route53_check_enabled,
    "FO014": _route53_checkable_address,
}
"""Rule id -> this cloud's check (FO003 and FO013 read the component itself, any cloud)."""
