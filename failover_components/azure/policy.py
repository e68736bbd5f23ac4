"""The policy rules' view of Azure Traffic Manager, Azure DNS and Azure Monitor resources: one
check per rule that applies, reading only resources (camelCase properties), inside components
and hand-written.

:mod:`failover_components.policy` runs these beside each rule's cloud-neutral part through the
registry (``policy`` of :data:`failover_components.clouds.CLOUDS`); the rules' documentation
for this cloud stays in :mod:`failover_components.policy.catalogue`, so that ``RULES.md`` reads
as before. No SDK import: the CrossGuard pack installs this library without the cloud SDKs.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..networks import unprobeable_address
from ..policy.base import STALE, PolicyConfig, Violation
from ..policy.read import UNKNOWN, as_list, as_map, as_num, as_str, fmt, is_set
from ..policy.views import ResourceView, StackView, matches_id

__all__ = [
    "AZ_ALERT",
    "AZ_DNSSEC",
    "AZ_RECORD",
    "AZ_ZONE",
    "CHECKS",
    "TM_ENDPOINT",
    "TM_PROFILE",
]

TM_PROFILE = "azure-native:trafficmanager:Profile"
TM_ENDPOINT = "azure-native:trafficmanager:Endpoint"
AZ_ZONE = "azure-native:dns:Zone"
AZ_DNSSEC = "azure-native:dns:DnssecConfig"
AZ_RECORD = "azure-native:dns:RecordSet"
AZ_ALERT = "azure-native:monitor:MetricAlert"


def _is_priority_profile(profile: ResourceView) -> bool:
    method = as_str(profile.props.get("trafficRoutingMethod"))
    return method is not None and method.lower() == "priority"


@dataclass(frozen=True)
class _TmEndpoint:
    holder: ResourceView
    """The profile (inline endpoint) or the Endpoint resource."""
    props: Mapping[str, Any]
    name: str
    order: int


def _endpoint_profile_match(endpoint: ResourceView) -> Callable[[ResourceView, str], bool]:
    group = as_str(endpoint.props.get("resourceGroupName"))

    def match(profile: ResourceView, value: str) -> bool:
        names = (profile.props.get("profileName"), profile.props.get("name"))
        other = as_str(profile.props.get("resourceGroupName"))
        same_group = group is None or other is None or group.lower() == other.lower()
        return value in names and same_group

    return match


def _tm_endpoints(stack: StackView, profile: ResourceView) -> list[_TmEndpoint]:
    """Inline and stand-alone endpoints of a profile, in priority order (lowest first;
    endpoints without a priority keep their order, which is Traffic Manager's default)."""
    found: list[_TmEndpoint] = []
    for i, raw in enumerate(as_list(profile.props.get("endpoints"))):
        ep = as_map(raw)
        found.append(_TmEndpoint(profile, ep, as_str(ep.get("name")) or f"endpoints[{i}]", i))
    base = len(found)
    for j, res in enumerate(stack.of_type(TM_ENDPOINT)):
        link = stack.linked(res, "profileName", [TM_PROFILE], match=_endpoint_profile_match(res))
        if link is profile:
            name = as_str(res.props.get("endpointName")) or res.name
            found.append(_TmEndpoint(res, res.props, name, base + j))

    def key(ep: _TmEndpoint) -> tuple[float, int]:
        priority = as_num(ep.props.get("priority"))
        return (priority if priority is not None else float("inf"), ep.order)

    return sorted(found, key=key)


def _nested_profile(stack: StackView, endpoint: _TmEndpoint) -> ResourceView | None:
    """The child profile a nested endpoint points at (by id, else by the id's last segment,
    the profile name), or ``None``."""
    kind = as_str(endpoint.props.get("type")) or ""
    target = as_str(endpoint.props.get("targetResourceId"))
    if not kind.lower().endswith("/nestedendpoints") or target is None:
        return None
    profiles = stack.of_type(TM_PROFILE)
    hits = [p for p in profiles if matches_id(p, target)]
    if not hits:
        name = target.rsplit("/", 1)[-1].lower()
        hits = [
            p
            for p in profiles
            if name in (str(p.props.get("profileName") or "").lower(), p.name.lower())
        ]
    return hits[0] if len(hits) == 1 else None


def _enabled(endpoint: _TmEndpoint) -> bool:
    status = as_str(endpoint.props.get("endpointStatus"))
    return status is None or status.lower() != "disabled"


def _always_serve(endpoint: _TmEndpoint) -> bool:
    value = as_str(endpoint.props.get("alwaysServe"))
    return value is not None and value.lower() == "enabled"


def _primary_health_checked(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for profile in stack.of_type(TM_PROFILE):
        if not _is_priority_profile(profile):
            continue
        if not is_set(profile.props.get("monitorConfig")):
            yield Violation(
                profile,
                "priority profile has no monitor_config: Traffic Manager cannot tell the "
                "priority-1 endpoint is down, so traffic never fails over",
            )
        enabled = [e for e in _tm_endpoints(stack, profile) if _enabled(e)]
        if enabled and _always_serve(enabled[0]):
            yield Violation(
                enabled[0].holder,
                f"priority-1 endpoint {enabled[0].name!r} has always_serve=Enabled: Traffic "
                "Manager never probes it, so traffic never fails over",
            )
        child = _nested_profile(stack, enabled[0]) if enabled else None
        if child is not None:
            inner = [e for e in _tm_endpoints(stack, child) if _enabled(e)]
            if inner and all(_always_serve(e) for e in inner):
                yield Violation(
                    enabled[0].holder,
                    f"priority-1 endpoint {enabled[0].name!r} is a nested profile whose "
                    "endpoints all have always_serve=Enabled: Traffic Manager never probes "
                    "them, so traffic never fails over",
                )


def _failover_ttl(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
    limit = config.max_ttl_seconds
    for profile in stack.of_type(TM_PROFILE):
        ttl = as_num(as_map(profile.props.get("dnsConfig")).get("ttl"))
        if ttl is not None and ttl > limit:
            yield Violation(profile, f"dns_config.ttl is {fmt(ttl)} s, above {limit} s: {STALE}")
    for rs in stack.of_type(AZ_RECORD):
        ttl = as_num(rs.props.get("ttl"))
        if ttl is not None and ttl > limit and _points_at_traffic_manager(stack, rs):
            name = as_str(rs.props.get("relativeRecordSetName")) or rs.name
            yield Violation(
                rs,
                f"record {name} {rs.props.get('recordType')} points at Traffic Manager with ttl "
                f"{fmt(ttl)} s, above {limit} s: {STALE}",
            )


def _points_at_traffic_manager(stack: StackView, rs: ResourceView) -> bool:
    # A CNAME or an alias record (targetResource) keeps its own TTL in front of the profile's.
    # A Traffic Manager linked record (trafficManagementProfile) is not matched: its own TTL is
    # ignored for the profile's (https://learn.microsoft.com/azure/dns/dns-traffic-manager-linked-records).
    cname = as_str(as_map(rs.props.get("cnameRecord")).get("cname")) or ""
    if cname.lower().rstrip(".").endswith(".trafficmanager.net"):
        return True
    target = as_str(as_map(rs.props.get("targetResource")).get("id")) or ""
    if "/trafficmanagerprofiles/" in target.lower():
        return True
    return bool(stack.dependencies(rs, "targetResource", [TM_PROFILE]))


def _https_health_checks(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for profile in stack.of_type(TM_PROFILE):
        protocol = as_str(as_map(profile.props.get("monitorConfig")).get("protocol"))
        if protocol is not None and protocol.upper() != "HTTPS":
            yield Violation(profile, f"monitor_config.protocol is {protocol}, not HTTPS")


def _zone_dnssec(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    signed: set[str] = set()
    for sig in stack.of_type(AZ_DNSSEC):
        zone = stack.linked(sig, "zoneName", [AZ_ZONE], match=_azure_zone_match(sig))
        if zone is not None:
            signed.add(zone.urn)
    for zone in stack.of_type(AZ_ZONE):
        zone_type = as_str(zone.props.get("zoneType"))
        if zone.urn in signed or (zone_type is not None and zone_type.lower() == "private"):
            continue
        yield Violation(
            zone,
            f"DNS zone {as_str(zone.props.get('zoneName')) or zone.name!r} is not signed: no "
            "DnssecConfig refers to it",
        )


def _azure_zone_match(sig: ResourceView) -> Callable[[ResourceView, str], bool]:
    group = as_str(sig.props.get("resourceGroupName"))

    def match(zone: ResourceView, value: str) -> bool:
        names = (zone.props.get("zoneName"), zone.props.get("name"))
        other = as_str(zone.props.get("resourceGroupName"))
        same_group = group is None or other is None or group.lower() == other.lower()
        return (
            value.lower().rstrip(".")
            in {n.lower().rstrip(".") for n in names if isinstance(n, str)}
            and same_group
        )

    return match


def _health_alerts(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    # Hand-written profiles: a metric alert scoped to them, outside the components (the rule's
    # cloud-neutral part covers the components).
    loose_alerts = [a for a in stack.of_type(AZ_ALERT) if stack.component_of(a) is None]
    for profile in stack.of_type(TM_PROFILE):
        if stack.component_of(profile) is not None:
            continue
        covered = any(_alert_covers(stack, a, profile) for a in loose_alerts)
        if not covered:
            yield Violation(
                profile,
                "no Azure Monitor metric alert is scoped to this profile: nobody is told when "
                "it fails over",
            )


def _alert_covers(stack: StackView, alert: ResourceView, profile: ResourceView) -> bool:
    if profile in stack.dependencies(alert, "scopes", [TM_PROFILE]):
        return True
    ids = {i.lower() for i in (profile.id, as_str(profile.props.get("id"))) if i}
    return any(isinstance(s, str) and s.lower() in ids for s in as_list(alert.props.get("scopes")))


def _second_tier(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for profile in stack.of_type(TM_PROFILE):
        if not _is_priority_profile(profile) or profile.props.get("endpoints") is UNKNOWN:
            continue
        enabled = [e for e in _tm_endpoints(stack, profile) if _enabled(e)]
        if len(enabled) < 2:
            yield Violation(
                profile,
                f"priority profile has {len(enabled)} enabled endpoint(s): there is nothing to "
                "fail over to",
            )


def _probe_public_address(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for profile in stack.of_type(TM_PROFILE):
        if not is_set(profile.props.get("monitorConfig")):
            continue
        for ep in _tm_endpoints(stack, profile):
            why = unprobeable_address(ep.props.get("target"))
            if why and _enabled(ep) and not _always_serve(ep):
                yield Violation(
                    ep.holder,
                    f"endpoint {ep.name!r} targets {ep.props.get('target')}, in the {why}: "
                    "Traffic Manager's probes cannot reach it, so it is always degraded",
                )


CHECKS = {
    "FO001": _primary_health_checked,
    "FO002": _failover_ttl,
    "FO004": _https_health_checks,
    "FO007": _zone_dnssec,
    "FO008": _health_alerts,
    "FO009": _second_tier,
    "FO010": _probe_public_address,
}
"""Rule id -> this cloud's check (FO003 and FO013 read the component itself, any cloud)."""
