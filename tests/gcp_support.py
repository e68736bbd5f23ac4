"""What the Cloud DNS test files share: type tokens, argument builders, the component from
plain dicts, and a config error collector. Not a test module (pytest collects test_*.py)."""

from collections.abc import Callable
from typing import Any, cast

import pulumi

from failover_components import FailoverConfigError
from failover_components.gcp import CloudDnsFailover, CloudDnsFailoverArgs
from failover_components.testing import Recording, run

COMPONENT = "failover-components:index:CloudDnsFailover"
ZONE = "gcp:dns/managedZone:ManagedZone"
RECORD = "gcp:dns/recordSet:RecordSet"
HC = "gcp:compute/healthCheck:HealthCheck"
ALERT = "gcp:monitoring/alertPolicy:AlertPolicy"
CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel"


def make(name: str, args: Any, opts: pulumi.ResourceOptions | None = None) -> CloudDnsFailover:
    """The component from plain dicts, as a hosted component receives them."""
    return CloudDnsFailover(name, cast("CloudDnsFailoverArgs", args), opts)


def ep(name: str, address: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "address": address, **extra}


def two_tiers(**extra: Any) -> dict[str, Any]:
    """Two pools of IPv4 endpoints in a zone created here."""
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "create_zone": True,
        "pools": [
            {"name": "primary", "endpoints": [ep("a", "198.51.100.10")]},
            {"name": "backup", "endpoints": [ep("b", "203.0.113.20")]},
        ],
        **extra,
    }


def build(args: Any, *, preview: bool = False, name: str = "web") -> Recording:
    return run(lambda: make(name, args), preview=preview)


def config_error(fn: Callable[[], object]) -> list[str]:
    """Every reason of the FailoverConfigError ``fn`` raises under the mocks."""
    try:
        run(fn)
    except Exception as exc:
        found = FailoverConfigError.find(exc)
        if found is None:
            raise
        return [str(r) for r in found.reasons]
    raise AssertionError("no FailoverConfigError raised")


def reasons(args: Any) -> list[str]:
    return config_error(lambda: make("web", args))


FAILOVER_POLICY: dict[str, Any] = {
    "health_check": "projects/p/global/healthChecks/hc",
    "primary_backup": {
        "primary": {"external_endpoints": ["198.51.100.10"]},
        "backup_geos": [
            {
                "location": "us-east4",
                "health_checked_targets": {"external_endpoints": ["203.0.113.20"]},
            }
        ],
    },
}
"""A hand-written failover routing policy (snake_case, as the SDK takes it)."""


def record_set(policy: dict[str, Any], ttl: int = 60) -> None:
    """A hand-written Cloud DNS record set for app.example.com (inside a program)."""
    import pulumi_gcp as gcp

    gcp.dns.RecordSet(
        "rs",
        managed_zone="example-com",
        name="app.example.com.",
        type="A",
        ttl=ttl,
        routing_policy=cast("gcp.dns.RecordSetRoutingPolicyArgs", policy),
    )


def alert_policy() -> None:
    """A hand-written Cloud Monitoring alert policy (inside a program)."""
    import pulumi_gcp as gcp

    gcp.monitoring.AlertPolicy(
        "alert",
        display_name="failover",
        combiner="OR",
        conditions=[{"display_name": "x", "condition_matched_log": {"filter": "x"}}],
    )


def with_primary_backup(**changes: Any) -> dict[str, Any]:
    """:data:`FAILOVER_POLICY` with keys of its ``primary_backup`` replaced."""
    return {**FAILOVER_POLICY, "primary_backup": {**FAILOVER_POLICY["primary_backup"], **changes}}
