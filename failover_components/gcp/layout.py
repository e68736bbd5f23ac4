"""The pure plan of a Cloud DNS failover set: child names, the health check's settings, which
endpoint goes where in the record set's ``primary_backup`` policy, and the timing.

No SDK import: the rules, the component, the plan summary and the tests read the same plan.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import naming
from ..model import Endpoint, FailoverSet, HealthCheck, Pool
from ..spec import EndpointStatus, Protocol
from ..timing import FailoverTiming, cloud_dns_timing
from .constants import (
    DEFAULT_FAILURE_THRESHOLD,
    DEFAULT_INTERVAL,
    DEFAULT_SOURCE_REGIONS,
    DEFAULT_TIMEOUT,
    DEFAULT_TTL,
)
from .settings import GcpSettings

__all__ = ["CheckPlan", "GcpLayout", "check_plan", "email_channel_name", "plan"]

EMAIL_SLUG_MAX = 48


@dataclass(frozen=True)
class CheckPlan:
    """The one global Compute health check of the set, in the API's own terms."""

    protocol: Protocol
    port: int
    request_path: str | None
    """``None`` for TCP."""
    host: str | None
    """The Host header and SNI name; ``None`` for TCP."""
    response: str | None
    """Bytes the start of the response must match (from ``search_string``)."""
    check_interval_sec: int
    timeout_sec: int
    unhealthy_threshold: int
    healthy_threshold: int
    source_regions: tuple[str, ...]

    @property
    def block(self) -> str:
        """The protocol block's argument name (``https_health_check``...)."""
        return f"{self.protocol.value.lower()}_health_check"

    def block_args(self) -> dict[str, Any]:
        """The protocol block's arguments (snake_case, as the SDK takes them)."""
        args: dict[str, Any] = {"port": self.port, "port_specification": "USE_FIXED_PORT"}
        if self.protocol is not Protocol.TCP:
            args["request_path"] = self.request_path
            args["host"] = self.host
        if self.response is not None:
            args["response"] = self.response
        return args

    def to_summary(self) -> dict[str, Any]:
        """The settings as the plan shows them (the API's names)."""
        out: dict[str, Any] = {
            "type": self.protocol.value,
            "port": self.port,
            "check_interval_sec": self.check_interval_sec,
            "timeout_sec": self.timeout_sec,
            "unhealthy_threshold": self.unhealthy_threshold,
            "healthy_threshold": self.healthy_threshold,
            "source_regions": list(self.source_regions),
        }
        if self.protocol is not Protocol.TCP:
            out["request_path"] = self.request_path
            out["host"] = self.host
        if self.response is not None:
            out["response"] = self.response
        return out


def check_plan(hc: HealthCheck, settings: GcpSettings) -> CheckPlan:
    """The health check the set's neutral settings become on Compute (defaults included)."""
    tcp = hc.protocol is Protocol.TCP
    port = hc.port if hc.port is not None else (80 if hc.protocol is Protocol.HTTP else 443)
    return CheckPlan(
        protocol=hc.protocol,
        port=port,
        request_path=None if tcp else (hc.path or "/"),
        host=None if tcp else hc.host,
        response=hc.search_string,
        check_interval_sec=hc.interval_seconds or DEFAULT_INTERVAL,
        timeout_sec=hc.timeout_seconds or DEFAULT_TIMEOUT,
        unhealthy_threshold=hc.failure_threshold or DEFAULT_FAILURE_THRESHOLD,
        healthy_threshold=settings.healthy_threshold,
        source_regions=hc.regions or DEFAULT_SOURCE_REGIONS,
    )


@dataclass(frozen=True)
class GcpLayout:
    """What the component declares for one failover set."""

    record_name: str
    """The record set's DNS name (FQDN with the trailing dot)."""
    record_type: str
    ttl: int
    primary: Pool
    backup: Pool
    primary_targets: tuple[Endpoint, ...]
    """``primary.external_endpoints``: the primary's endpoints that are not ``down``, or all of
    them when every one is ``down`` (the API requires a primary target; ``trickle_ratio`` 1.0
    then sends every query to the backup)."""
    backup_targets: tuple[Endpoint, ...]
    """The backup item's ``health_checked_targets.external_endpoints`` (status ``obey``)."""
    backup_rrdatas: tuple[Endpoint, ...]
    """The backup item's ``rrdatas`` (status ``up``: answered, never probed)."""
    primary_drained: bool
    """Every primary endpoint has status ``down``."""
    trickle_ratio: float
    backup_location: str
    check: CheckPlan
    tier_timings: tuple[FailoverTiming, ...]
    timing: FailoverTiming
    """The set's worst case (the primary's failover: the backup is the last tier)."""

    def alert_endpoints(self) -> list[Endpoint]:
        """Every endpoint the health check probes (what the alert can report on)."""
        return [*self.primary_targets, *self.backup_targets]


def plan(fset: FailoverSet, settings: GcpSettings) -> GcpLayout:
    """The layout of a set that passed the rules (exactly two pools)."""
    primary, backup = fset.pools[0], fset.pools[-1]
    live = tuple(e for e in primary.endpoints if e.status is not EndpointStatus.DOWN)
    drained = not live
    check = check_plan(fset.pools[0].health_check, settings)
    ttl = fset.ttl if fset.ttl is not None else DEFAULT_TTL
    timing = cloud_dns_timing(
        interval_seconds=check.check_interval_sec,
        failure_threshold=check.unhealthy_threshold,
        healthy_threshold=check.healthy_threshold,
        timeout_seconds=check.timeout_sec,
        ttl_seconds=ttl,
    )
    trickle = settings.trickle_ratio
    if trickle is None:
        trickle = 1.0 if drained else 0.0
    return GcpLayout(
        record_name=f"{fset.hostname}.",
        record_type=fset.record_type.value,
        ttl=ttl,
        primary=primary,
        backup=backup,
        primary_targets=primary.endpoints if drained else live,
        backup_targets=_with_status(backup.endpoints, EndpointStatus.OBEY),
        backup_rrdatas=_with_status(backup.endpoints, EndpointStatus.UP),
        primary_drained=drained,
        trickle_ratio=float(trickle),
        backup_location=settings.backup_location,
        check=check,
        tier_timings=tuple(timing for _ in fset.pools),
        timing=timing,
    )


def _with_status(endpoints: Sequence[Endpoint], status: EndpointStatus) -> tuple[Endpoint, ...]:
    return tuple(e for e in endpoints if e.status is status)


# -- child names (pinned in tests/test_gcp.py: renaming one replaces a resource) -------------


def zone_name(component: str) -> str:
    """The managed zone created with ``create_zone``."""
    return naming.child(component, "zone")


def health_check_name(component: str) -> str:
    """The set's one health check: keyed by the component alone, so reordering or swapping
    tiers, or changing any setting, updates it in place (only ``name`` and ``project`` force a
    new check: PROVIDER_HEALTH_CHECK)."""
    return naming.child(component, "hc")


def record_name(component: str) -> str:
    """The one record set for the hostname: swapping the tiers updates it in place."""
    return naming.child(component, "record")


def alert_policy_name(component: str) -> str:
    """The Cloud Monitoring alert policy."""
    return naming.child(component, "alerts")


def email_channel_name(component: str, address: str) -> str:
    """An e-mail notification channel, keyed by its address (never its position)."""
    return naming.child(component, "alerts", "email", naming.slug(address, EMAIL_SLUG_MAX))


def webhook_channel_name(component: str) -> str:
    """The webhook notification channel."""
    return naming.child(component, "alerts", "webhook")
