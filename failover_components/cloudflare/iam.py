"""The API token permissions deploying a
:class:`~failover_components.cloudflare.CloudflareFailover` needs, as data: give them to the
token the CI deployer runs ``pulumi up`` with.

Cloudflare permission groups by their dashboard names ("Write" is shown as "Edit" in newer
dashboards), each with the scope it is granted on: the account that owns the monitors, pools
and notifications, or the zone that owns the load balancer
(https://developers.cloudflare.com/fundamentals/api/reference/permissions/). Pure: no SDK
import. Not checked against a live account here: the groups come from Cloudflare's API
reference ("Accepted Permissions" of each call) and its token templates.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .constants import (
    LOAD_BALANCER,
    MONITOR,
    NOTIFICATION_POLICY,
    POOL,
    WEBHOOKS,
    ZONE_DNSSEC,
)

__all__ = ["PERMISSIONS", "Permission", "deployer_permissions"]

PERMISSIONS_DOC = "https://developers.cloudflare.com/fundamentals/api/reference/permissions/"
TEMPLATES_DOC = "https://developers.cloudflare.com/fundamentals/api/reference/template/"


@dataclass(frozen=True, order=True)
class Permission:
    """One permission group of an API token, on its scope."""

    scope: str
    """``Account`` or ``Zone``: what the group is granted on (the account ``account_id``, the
    zone ``zone_id``)."""
    name: str
    """The permission group's name, e.g. ``Load Balancers Write``."""
    source: str
    """Where Cloudflare says so."""

    def __str__(self) -> str:
        return f"{self.scope}: {self.name}"


ZONE_READ = Permission(
    "Zone",
    "Zone Read",
    f"{PERMISSIONS_DOC} (read the zone zone_id the load balancer belongs to)",
)
LOAD_BALANCERS = Permission(
    "Zone",
    "Load Balancers Write",
    "https://developers.cloudflare.com/api/resources/load_balancers/methods/create/ "
    f"(and the 'Edit load balancing configuration' template, {TEMPLATES_DOC})",
)
MONITORS_AND_POOLS = Permission(
    "Account",
    "Load Balancing: Monitors and Pools Write",
    "https://developers.cloudflare.com/api/resources/load_balancers/subresources/monitors/"
    f"methods/create/ (and the 'Edit load balancing configuration' template, {TEMPLATES_DOC})",
)
DNS = Permission(
    "Zone",
    "DNS Write",
    "https://developers.cloudflare.com/api/resources/dns/subresources/dnssec/methods/edit/ "
    "(Edit DNSSEC Status: accepted permission DNS Write)",
)
NOTIFICATIONS = Permission(
    "Account",
    "Notifications Write",
    "https://developers.cloudflare.com/api/resources/alerting/subresources/policies/methods/"
    "create/ (notification policies and webhook destinations)",
)

PERMISSIONS: Mapping[str, tuple[Permission, ...]] = {
    MONITOR: (MONITORS_AND_POOLS,),
    POOL: (MONITORS_AND_POOLS,),
    LOAD_BALANCER: (ZONE_READ, LOAD_BALANCERS),
    ZONE_DNSSEC: (ZONE_READ, DNS),
    NOTIFICATION_POLICY: (NOTIFICATIONS,),
    WEBHOOKS: (NOTIFICATIONS,),
}
"""The permission groups each resource type the component declares needs (create, read,
update and delete: a "Write" group includes reading)."""


def deployer_permissions(*, dnssec: bool = False, alerts: bool = False) -> list[str]:
    """The permission groups a token needs for a set with these features, sorted, as
    ``"<scope>: <group>"``: monitors, pools and the load balancer always, ``DNS Write`` with
    ``dnssec``, ``Notifications Write`` with ``alerts``."""
    types = [MONITOR, POOL, LOAD_BALANCER]
    if dnssec:
        types.append(ZONE_DNSSEC)
    if alerts:
        types += [NOTIFICATION_POLICY, WEBHOOKS]
    return [str(p) for p in sorted({p for t in types for p in PERMISSIONS[t]})]
