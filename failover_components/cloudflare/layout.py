"""The pure plan of a Cloudflare failover set: child names, each monitor's effective settings,
which pool uses which monitor, the origins' weights, the load balancer's proxy mode and ttl,
and the timing.

No SDK import: the rules, the component and its plan summary read the same plan, so the
settings a monitor is declared with and the settings the plan shows are computed once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from .. import cloud_names, naming
from ..model import Endpoint, FailoverSet, HealthCheck, Pool
from ..spec import EndpointStatus, Protocol
from ..timing import FailoverTiming, cloudflare_timing, slowest
from .args import CloudflarePlan
from .constants import (
    DEFAULT_DNS_ONLY_TTL,
    DEFAULT_EXPECTED_CODES,
    DEFAULT_FAILURE_THRESHOLD,
    DEFAULT_INTERVAL,
    DEFAULT_TIMEOUT,
    HIDDEN_HEADER_VALUE,
    POOL_NAME_MAX,
    RETRIES,
    WEIGHT_STEP,
)
from .settings import CloudflareSettings

__all__ = [
    "CloudflareLayout",
    "MonitorPlan",
    "OriginPlan",
    "PoolPlan",
    "effective_proxied",
    "expected_codes",
    "interval",
    "is_monitored",
    "plan",
    "pool_name",
    "region_codes",
    "tier_timings",
    "timeout",
]

# --- Effective settings -----------------------------------------------------------------


def interval(hc: HealthCheck) -> int:
    """The monitor's ``interval``: the given one, or Cloudflare's default."""
    return hc.interval_seconds if hc.interval_seconds is not None else DEFAULT_INTERVAL


def timeout(hc: HealthCheck) -> int:
    """The monitor's ``timeout``: the given one, or Cloudflare's default."""
    return hc.timeout_seconds if hc.timeout_seconds is not None else DEFAULT_TIMEOUT


def threshold(hc: HealthCheck) -> int:
    """``consecutive_down`` and ``consecutive_up``."""
    return hc.failure_threshold if hc.failure_threshold is not None else DEFAULT_FAILURE_THRESHOLD


def expected_codes(hc: HealthCheck) -> str | None:
    """Cloudflare's ``expected_codes``: one code (``200``) or one class (``2xx``)
    [CF_MONITOR_SETTINGS]; ``None`` when our ranges cannot be said that way."""
    if hc.expected_codes is None:
        return DEFAULT_EXPECTED_CODES
    if len(hc.expected_codes) != 1:
        return None
    low, high = hc.expected_codes[0]
    if low == high:
        return str(low)
    if low % 100 == 0 and high == low + 99:
        return f"{low // 100}xx"
    return None


def is_monitored(pool: Pool) -> bool:
    """False when every endpoint is ``up`` or ``down`` with at least one ``up``: such a pool
    has no monitor, and Cloudflare never considers its health [CF_HEALTH]."""
    return not any(e.status is EndpointStatus.UP for e in pool.endpoints)


def region_codes(hc: HealthCheck) -> list[str] | None:
    """The pool's ``check_regions``, as Cloudflare spells them; ``None`` when not given."""
    if hc.regions is None:
        return None
    return [r.strip().upper() for r in hc.regions]


def _default_proxied(fset: FailoverSet) -> bool:
    # Proxied load balancing is layer 7 (HTTP/HTTPS) [CF_PROXY]; a TCP service needs answers
    # that point at the origins themselves.
    return all(p.health_check.protocol is not Protocol.TCP for p in fset.pools if is_monitored(p))


def effective_proxied(fset: FailoverSet, settings: CloudflareSettings) -> bool:
    """``proxied`` as given, else the default for the set's health checks."""
    return _default_proxied(fset) if settings.proxied is None else settings.proxied


def effective_ttl(fset: FailoverSet) -> int:
    """The DNS-only load balancer's ttl: the given one, or the default."""
    return fset.ttl if fset.ttl is not None else DEFAULT_DNS_ONLY_TTL


def _tier_timing(hc: HealthCheck, *, proxied: bool, ttl: int) -> FailoverTiming:
    down = threshold(hc)
    return cloudflare_timing(
        interval_seconds=interval(hc),
        failure_threshold=down,
        timeout_seconds=timeout(hc),
        retries=RETRIES,
        recovery_threshold=down,
        proxied=proxied,
        ttl_seconds=ttl,
    )


def tier_timings(fset: FailoverSet, settings: CloudflareSettings) -> list[FailoverTiming]:
    """The timing of each tier, in tier order."""
    proxied = effective_proxied(fset, settings)
    ttl = effective_ttl(fset)
    return [_tier_timing(p.health_check, proxied=proxied, ttl=ttl) for p in fset.pools]


def allow_insecure(hc: HealthCheck, allow: bool) -> bool | None:
    """``allow_insecure`` for one monitor: never for TCP (no such setting), true only for an
    HTTPS monitor when the user asked; certificates are validated otherwise [CF_MONITOR_SETTINGS]."""
    if hc.protocol is Protocol.TCP:
        return None
    return allow and hc.protocol is Protocol.HTTPS


def weight(endpoint: Endpoint, pool: Pool) -> float:
    """The origin weight Cloudflare is sent: ours (1-255) relative to the pool's largest, on
    Cloudflare's 0.01 grid [CF_WEIGHT_SCHEMA]. The rules refuse ratios above
    :data:`~failover_components.cloudflare.constants.MAX_WEIGHT_RATIO`, so no weight rounds to
    0 (no traffic)."""
    top = max(e.weight for e in pool.endpoints)
    share = (Decimal(endpoint.weight) / Decimal(top)).quantize(WEIGHT_STEP, ROUND_HALF_EVEN)
    return float(max(share, WEIGHT_STEP))


def pool_name(component: str, pool: Pool, hostname: str) -> str:
    """The pool's name in the account."""
    # Pool names must be unique in the account [CF_POOLS] and may hold letters, digits,
    # hyphens and underscores. The hostname's hash keeps two stacks of the same program
    # (dev and prod, same component name) from colliding in one account.
    # A pool name with a hyphen run (eu--1) carries a hash of itself: the slug would collapse
    # it onto eu-1's name (cloud_names.pool_part).
    digest = naming.short_hash(hostname)
    stem = naming.slug(
        f"{component}-{cloud_names.pool_part(pool.name)}", POOL_NAME_MAX - len(digest) - 1
    )
    return f"{stem}-{digest}"


# --- The plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MonitorPlan:
    """One ``LoadBalancerMonitor``, in the provider's own terms (defaults included)."""

    resource_name: str
    description: str
    health_check: HealthCheck
    type: str
    port: int | None
    method: str
    interval: int
    timeout: int
    retries: int
    consecutive_down: int
    consecutive_up: int
    path: str | None
    """``None`` for TCP (as are the HTTP-only settings below)."""
    expected_codes: str | None
    expected_body: str | None
    allow_insecure: bool | None
    follow_redirects: bool | None

    @property
    def tcp(self) -> bool:
        """A TCP monitor (no HTTP settings)."""
        return self.health_check.protocol is Protocol.TCP

    @property
    def default_host(self) -> bool:
        """True when the monitor sends the Host header itself (no ``Host`` in ``headers``)."""
        return not any(name.lower() == "host" for name in self.health_check.headers)

    def to_summary(self, check_regions: object) -> dict[str, Any]:
        """The settings as the plan shows them (header values hidden: they are secrets)."""
        out: dict[str, Any] = {
            "type": self.type,
            "port": self.port,
            "method": self.method,
            "interval": self.interval,
            "timeout": self.timeout,
            "retries": self.retries,
            "consecutive_down": self.consecutive_down,
            "consecutive_up": self.consecutive_up,
            "check_regions": check_regions,
        }
        if not self.tcp:
            hc = self.health_check
            header = {"Host": hc.host} if self.default_host else {}
            header.update(dict.fromkeys(hc.headers, HIDDEN_HEADER_VALUE))
            out.update(
                path=self.path,
                expected_codes=self.expected_codes,
                expected_body=self.expected_body,
                header=header,
                allow_insecure=self.allow_insecure,
                follow_redirects=self.follow_redirects,
            )
        return out


def monitor_plan(
    resource_name: str, description: str, hc: HealthCheck, *, insecure: bool
) -> MonitorPlan:
    """The monitor a health check becomes."""
    tcp = hc.protocol is Protocol.TCP
    return MonitorPlan(
        resource_name=resource_name,
        description=description,
        health_check=hc,
        type=hc.protocol.value.lower(),
        port=hc.port,
        # The provider's schema defaults method to GET even for TCP monitors, so say it.
        method="connection_established" if tcp else "GET",
        interval=interval(hc),
        timeout=timeout(hc),
        retries=RETRIES,
        consecutive_down=threshold(hc),
        consecutive_up=threshold(hc),
        # The rest is HTTP/HTTPS only [CF_MONITOR_SETTINGS].
        path=None if tcp else hc.path,
        expected_codes=None if tcp else expected_codes(hc),
        expected_body=None if tcp else hc.search_string,
        # Certificates are validated unless allow_insecure is set (features.md gotcha 9); a
        # redirect counts as a failure instead of being followed to some other server.
        allow_insecure=allow_insecure(hc, insecure),
        follow_redirects=None if tcp else False,
    )


@dataclass(frozen=True)
class OriginPlan:
    """One origin of a pool."""

    endpoint: Endpoint
    weight: float
    enabled: bool
    """A disabled origin gets no traffic and no probes [CF_POOLS]: a drain."""


@dataclass(frozen=True)
class PoolPlan:
    """One ``LoadBalancerPool`` (one tier)."""

    pool: Pool
    resource_name: str
    name: str
    """The pool's name in the account (:func:`pool_name`)."""
    description: str
    origins: tuple[OriginPlan, ...]
    monitor: MonitorPlan | None
    """The monitor it uses (one object shared by the pools that keep the set's health check);
    ``None`` for a pool whose health Cloudflare must ignore."""
    check_regions: list[str] | None


@dataclass(frozen=True)
class CloudflareLayout:
    """What the component declares for one failover set."""

    plan: CloudflarePlan
    monitors: tuple[MonitorPlan, ...]
    """Every distinct monitor, in the order they are declared."""
    pools: tuple[PoolPlan, ...]
    """In tier order: ``default_pools``; the last one is the fallback pool."""
    load_balancer: str
    """The load balancer's resource name."""
    description: str
    proxied: bool
    ttl: int
    """The DNS-only ttl (the load balancer sends none when proxied)."""
    tier_timings: tuple[FailoverTiming, ...]
    timing: FailoverTiming
    """The slowest tier that can fail over (the only tier of a one-pool set)."""

    def health_summaries(self) -> list[dict[str, Any]]:
        """Each tier's monitor settings as the plan summary shows them."""
        return [self._health_summary(p) for p in self.pools]

    def _health_summary(self, pool: PoolPlan) -> dict[str, Any]:
        monitor = pool.monitor
        out: dict[str, Any] = {
            "monitor": monitor.resource_name if monitor else None,
            "minimum_origins": pool.pool.min_healthy,
        }
        if monitor is None:
            out["health"] = "ignored: no monitor, the pool's endpoints are 'up' (never probed)"
            return out
        enterprise = self.plan is CloudflarePlan.ENTERPRISE
        out.update(
            monitor.to_summary(
                region_codes(pool.pool.health_check)
                or ("every data center" if enterprise else None)
            )
        )
        return out


def _monitors(
    component: str, fset: FailoverSet, insecure: bool
) -> tuple[tuple[MonitorPlan, ...], dict[str, MonitorPlan]]:
    """Every monitor, and the one each pool uses: one shared by the pools that keep the set's
    health check, one per pool that overrides it, none for a pool whose health Cloudflare must
    ignore."""
    made: list[MonitorPlan] = []
    used: dict[str, MonitorPlan] = {}
    shared: MonitorPlan | None = None
    for pool in fset.pools:
        if not is_monitored(pool):
            continue
        if pool.overrides_health_check:
            used[pool.name] = monitor_plan(
                naming.child(component, pool.name, "monitor"),
                f"{fset.hostname} failover, pool {pool.name} ({component})",
                pool.health_check,
                insecure=insecure,
            )
            made.append(used[pool.name])
            continue
        if shared is None:
            shared = monitor_plan(
                naming.child(component, "monitor"),
                f"{fset.hostname} failover ({component})",
                fset.health_check,
                insecure=insecure,
            )
            made.append(shared)
        used[pool.name] = shared
    return tuple(made), used


def _pool_plan(
    component: str, fset: FailoverSet, pool: Pool, monitor: MonitorPlan | None
) -> PoolPlan:
    return PoolPlan(
        pool=pool,
        resource_name=naming.child(component, pool.name, "pool"),
        name=pool_name(component, pool, fset.hostname),
        description=f"{fset.hostname} failover tier {pool.tier}: {pool.name} ({component})",
        origins=tuple(
            OriginPlan(e, weight(e, pool), enabled=e.status is not EndpointStatus.DOWN)
            for e in pool.endpoints
        ),
        monitor=monitor,
        check_regions=region_codes(pool.health_check) if monitor is not None else None,
    )


def worst(timings: Sequence[FailoverTiming]) -> FailoverTiming:
    """The slowest tier that can fail over (the only tier of a one-pool set)."""
    return slowest(timings[:-1]) if len(timings) > 1 else timings[0]


def plan(component: str, fset: FailoverSet, settings: CloudflareSettings) -> CloudflareLayout:
    """The layout of a set that passed the rules."""
    monitors, used = _monitors(component, fset, settings.allow_insecure)
    timings = tier_timings(fset, settings)
    return CloudflareLayout(
        plan=settings.plan,
        monitors=monitors,
        pools=tuple(_pool_plan(component, fset, p, used.get(p.name)) for p in fset.pools),
        load_balancer=naming.child(component, "lb"),
        description=f"failover set {component}: " + " > ".join(p.name for p in fset.pools),
        proxied=effective_proxied(fset, settings),
        ttl=effective_ttl(fset),
        tier_timings=tuple(timings),
        timing=worst(timings),
    )


# -- child names of the optional features (pinned in tests/test_cloudflare_security.py) -----


def dnssec_name(component: str) -> str:
    """The ``ZoneDnssec`` that signs the zone."""
    return naming.child(component, "dnssec")


def webhook_name(component: str) -> str:
    """The webhook destination created from ``alerts.webhook_url``."""
    return naming.child(component, "alert-webhook")


def alert_policy_name(component: str) -> str:
    """The health-alert notification policy."""
    return naming.child(component, "health-alert")
