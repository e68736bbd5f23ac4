"""What the Traffic Manager test files share: type tokens, argument builders and the component
run with its outputs exported. Not a test module (pytest collects test_*.py)."""

from collections.abc import Callable, Sequence
from typing import Any

import pulumi

from failover_components.azure import TrafficManagerFailover
from failover_components.testing import Recording, run

TOKEN = "failover-components:index:TrafficManagerFailover"
PROFILE = "azure-native:trafficmanager:Profile"
RECORD = "azure-native:dns:RecordSet"
ZONE = "azure-native:dns:Zone"
DNSSEC = "azure-native:dns:DnssecConfig"
ACTION_GROUP = "azure-native:monitor:ActionGroup"
ALERT = "azure-native:monitor:MetricAlert"
RG = "rg-dns"
SUB = "/subscriptions/00000000-0000-0000-0000-000000000000"

OUTPUTS = (
    "fqdn",
    "profile_fqdn",
    "profile_id",
    "name_servers",
    "worst_case_failover_seconds",
    "ds_record",
    "acknowledged_policies",
    "action_group_id",
)
"""Every output of the component."""


def pool(name: str, *addresses: str, **extra: Any) -> dict[str, Any]:
    """A pool of plain addresses."""
    return {"name": name, "endpoints": [{"address": a} for a in addresses], **extra}


def args(*pools: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A set in resource group :data:`RG`; two single-IP tiers unless ``pools`` are given."""
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "resource_group_name": RG,
        "pools": list(pools) or [pool("primary", "192.0.2.10"), pool("secondary", "198.51.100.10")],
        **extra,
    }


def build(
    a: dict[str, Any] | Callable[[], dict[str, Any]],
    name: str = "web",
    *,
    outputs: Sequence[str] = OUTPUTS,
    **kw: Any,
) -> Recording:
    """Run one component and export ``outputs``; ``a`` may be a function, so that Outputs in
    the args are created inside the run (an Output needs the run's event loop)."""

    def body() -> None:
        comp = TrafficManagerFailover(name, a() if callable(a) else a)  # type: ignore[arg-type]
        for key in outputs:
            pulumi.export(key, getattr(comp, key))

    return run(body, **kw)
