"""What the Cloudflare test files share: ids, type tokens, a valid set, the component run with
its outputs exported, and preview-stable inputs. Not a test module (pytest collects test_*.py)."""

from collections.abc import Callable, Sequence
from typing import Any

import pulumi

from failover_components.cloudflare import CloudflareFailover
from failover_components.cloudflare.constants import (
    LOAD_BALANCER,
    MONITOR,
    NOTIFICATION_POLICY,
    POOL,
    TYPE_TOKEN,
    WEBHOOKS,
    ZONE_DNSSEC,
)
from failover_components.testing import Recording, run

__all__ = [
    "ACCOUNT",
    "COMPONENT",
    "DNSSEC",
    "LB",
    "MONITOR",
    "POLICY",
    "POOL",
    "WEBHOOK",
    "ZONE",
    "base",
    "deploy",
    "without_ids",
]

ACCOUNT = "0123456789abcdef0123456789abcdef"
ZONE = "fedcba9876543210fedcba9876543210"
COMPONENT = TYPE_TOKEN
LB = LOAD_BALANCER
DNSSEC = ZONE_DNSSEC
POLICY = NOTIFICATION_POLICY
WEBHOOK = WEBHOOKS


def base(**extra: Any) -> dict[str, Any]:
    """A valid two-tier set on the default 'pro' plan (regions are required there)."""
    args: dict[str, Any] = {
        "account_id": ACCOUNT,
        "zone_id": ZONE,
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "health_check": {"regions": ["WEU", "ENAM"]},
        "pools": [
            {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
            {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
        ],
    }
    args.update(extra)
    return args


def deploy(
    make: Callable[[], dict[str, Any]],
    outputs: Sequence[str],
    *,
    name: str = "web",
    preview: bool = False,
    opts: Callable[[], pulumi.ResourceOptions | None] = lambda: None,
) -> Recording:
    """One component, args built inside the run (Outputs belong to its loop), ``outputs``
    exported."""

    def program() -> None:
        comp = CloudflareFailover(name, make(), opts())  # type: ignore[arg-type]
        for key in outputs:
            pulumi.export(key, getattr(comp, key))

    return run(program, preview=preview)


def without_ids(inputs: dict[str, Any]) -> dict[str, Any]:
    """Inputs with every resource id (unknown in preview) replaced by a marker."""
    out = dict(inputs)
    for key in ("monitor", "defaultPools", "fallbackPool"):
        if key in out:
            out[key] = "<id>"
    if "filters" in out:
        out["filters"] = {**out["filters"], "poolIds": "<ids>"}
    if "mechanisms" in out and "webhooks" in out["mechanisms"]:
        out["mechanisms"] = {**out["mechanisms"], "webhooks": "<ids>"}
    return out
