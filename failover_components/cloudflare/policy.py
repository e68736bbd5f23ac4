"""The policy rules' view of Cloudflare Load Balancing, DNS and notification resources: one
check per rule that applies, reading only resources (camelCase properties), inside components
and hand-written.

:mod:`failover_components.policy` runs these beside each rule's cloud-neutral part through the
registry (``policy`` of :data:`failover_components.clouds.CLOUDS`); the rules' documentation
for this cloud stays in :mod:`failover_components.policy.catalogue`, so that ``RULES.md`` reads
as before. No SDK import: the CrossGuard pack installs this library without the cloud SDKs.
"""

from collections.abc import Iterator

from ..policy.base import STALE, PolicyConfig, Violation
from ..policy.read import UNKNOWN, as_list, as_num, as_str, fmt, is_set
from ..policy.views import ResourceView, StackView

__all__ = [
    "CF_DNSSEC",
    "CF_LB",
    "CF_MONITOR",
    "CF_NOTIFICATION",
    "CF_POOL",
    "CF_ZONE",
    "CHECKS",
]

CF_LB = "cloudflare:index/loadBalancer:LoadBalancer"
CF_POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool"
CF_MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor"
CF_ZONE = "cloudflare:index/zone:Zone"
CF_DNSSEC = "cloudflare:index/zoneDnssec:ZoneDnssec"
CF_NOTIFICATION = "cloudflare:index/notificationPolicy:NotificationPolicy"


def _pool_label(pool: ResourceView) -> str:
    return as_str(pool.props.get("name")) or pool.name


def _monitored(pool: ResourceView) -> bool:
    return is_set(pool.props.get("monitor")) or is_set(pool.props.get("monitorGroup"))


def _lb_label(lb: ResourceView) -> str:
    return as_str(lb.props.get("name")) or lb.name


def _primary_health_checked(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for lb in stack.of_type(CF_LB):
        pools = stack.linked_list(lb, "defaultPools", [CF_POOL])
        if pools and pools[0] is not None:
            if not _monitored(pools[0]):
                yield Violation(
                    lb,
                    f"the first default pool {_pool_label(pools[0])!r} has no monitor: "
                    "Cloudflare treats it as healthy, so traffic never fails over",
                )
            continue
        # In a preview pool ids are unknown and the first pool cannot be told apart; when no
        # pool the load balancer depends on has a monitor, the first one has none either.
        deps = stack.dependencies(lb, "defaultPools", [CF_POOL])
        if deps and not any(_monitored(p) for p in deps):
            yield Violation(
                lb,
                "no default pool has a monitor: Cloudflare treats the first one as healthy, "
                "so traffic never fails over",
            )


def _failover_ttl(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
    limit = config.max_ttl_seconds
    for lb in stack.of_type(CF_LB):
        ttl = as_num(lb.props.get("ttl"))
        # A proxied load balancer answers with Cloudflare's addresses and ignores ttl [CF_PROXY].
        if lb.props.get("proxied") is not True and ttl is not None and ttl > limit:
            yield Violation(
                lb,
                f"DNS-only load balancer {_lb_label(lb)} has ttl {fmt(ttl)} s, above {limit} s: "
                f"{STALE}",
            )


def _https_health_checks(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for monitor in stack.of_type(CF_MONITOR):
        kind = monitor.props.get("type")
        if kind is None:
            # Cloudflare's default monitor type is http [CF_MONITORS].
            yield Violation(
                monitor, "monitor type is not set (Cloudflare's default is 'http'), not 'https'"
            )
        elif isinstance(kind, str) and kind.lower() != "https":
            yield Violation(monitor, f"monitor type is {kind!r}, not 'https'")


def _cloudflare_monitor_tls(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for monitor in stack.of_type(CF_MONITOR):
        if monitor.props.get("allowInsecure") is True:
            yield Violation(
                monitor,
                "allow_insecure=True: the monitor accepts any certificate, so an origin with an "
                "expired or wrong certificate stays healthy while clients reject it",
            )


def _zone_dnssec(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    signed: set[str] = set()
    for sig in stack.of_type(CF_DNSSEC):
        # status is "active" or "disabled" as declared, "pending" in the outputs until the DS
        # record is published; only a disabled one leaves the zone unsigned.
        status = as_str(sig.props.get("status"))
        zone = stack.linked(sig, "zoneId", [CF_ZONE])
        if zone is not None and (status is None or "disabled" not in status.lower()):
            signed.add(zone.urn)
    for zone in stack.of_type(CF_ZONE):
        if zone.urn in signed:
            continue
        yield Violation(
            zone,
            f"zone {as_str(zone.props.get('name')) or zone.name!r} is not signed: no ZoneDnssec "
            "with status 'active' refers to it",
        )


def _health_alerts(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    # Hand-written load balancers: a load-balancing health notification anywhere outside the
    # components (the rule's cloud-neutral part covers the components).
    cf_alert = any(
        (as_str(a.props.get("alertType")) or "").startswith("load_balancing_health")
        for a in stack.of_type(CF_NOTIFICATION)
        if stack.component_of(a) is None
    )
    for lb in stack.of_type(CF_LB):
        if stack.component_of(lb) is None and not cf_alert:
            yield Violation(
                lb,
                "no Cloudflare notification policy for load_balancing_health_alert in the stack: "
                "nobody is told when this load balancer fails over",
            )


def _second_tier(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for lb in stack.of_type(CF_LB):
        tiers = _cloudflare_tiers(stack, lb)
        if tiers is not None and tiers < 2:
            yield Violation(
                lb,
                f"load balancer {_lb_label(lb)} has one pool across default_pools and "
                "fallback_pool: there is nothing to fail over to",
            )


def _cloudflare_tiers(stack: StackView, lb: ResourceView) -> int | None:
    """How many distinct pools a load balancer can answer from, or ``None`` if unknown."""
    values = [*as_list(lb.props.get("defaultPools")), lb.props.get("fallbackPool")]
    values = [v for v in values if v is not None]
    if not values:
        return None
    known = {v for v in values if isinstance(v, str)}
    if all(isinstance(v, str) for v in values):
        return len(known)
    deps = stack.dependencies(lb, "defaultPools", [CF_POOL]) + stack.dependencies(
        lb, "fallbackPool", [CF_POOL]
    )
    if not deps:
        return None
    tiers = set(known)
    tiers.update("urn:" + p.urn for p in deps if p.id not in known)
    return len(tiers)


def _cloudflare_proxied(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for lb in stack.of_type(CF_LB):
        proxied = lb.props.get("proxied")
        if proxied is not True and proxied is not UNKNOWN:
            yield Violation(
                lb,
                f"load balancer {_lb_label(lb)} is DNS-only (proxied is not True): clients fail "
                "over only when their resolvers drop the cached answer; a proxied load balancer "
                "fails over at Cloudflare's edge",
            )


CHECKS = {
    "FO001": _primary_health_checked,
    "FO002": _failover_ttl,
    "FO004": _https_health_checks,
    "FO006": _cloudflare_monitor_tls,
    "FO007": _zone_dnssec,
    "FO008": _health_alerts,
    "FO009": _second_tier,
    "FO012": _cloudflare_proxied,
}
"""Rule id -> this cloud's check (FO003 and FO013 read the component itself, any cloud)."""
