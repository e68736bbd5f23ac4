"""What the CI deployer's identity needs to deploy a
:class:`~failover_components.azure.TrafficManagerFailover`, as data: per resource type the
component declares, the Azure built-in role that manages it and the ``Microsoft.*`` actions
that role grants for it. Assign the roles on the resource group (``resource_group_name``), or
build a custom role from :func:`deployer_actions`. Pure: no SDK import.

Sources: the built-in roles, Networking
(https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/networking:
"Traffic Manager Contributor" holds ``Microsoft.Network/trafficManagerProfiles/*``,
"DNS Zone Contributor" ``Microsoft.Network/dnsZones/*``) and Monitor
(https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/monitor:
"Monitoring Contributor" holds ``Microsoft.Insights/actionGroups/*`` and
``Microsoft.Insights/metricAlerts/*``); the action names are those of the resource provider
operations (https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from .constants import ACTION_GROUP, DNSSEC_CONFIG, METRIC_ALERT, PROFILE, RECORD_SET, ZONE

__all__ = [
    "DNS_ZONE_CONTRIBUTOR",
    "MONITORING_CONTRIBUTOR",
    "NEEDS",
    "TRAFFIC_MANAGER_CONTRIBUTOR",
    "Need",
    "declared_types",
    "deployer_actions",
    "deployer_roles",
]

TRAFFIC_MANAGER_CONTRIBUTOR = "Traffic Manager Contributor"
DNS_ZONE_CONTRIBUTOR = "DNS Zone Contributor"
MONITORING_CONTRIBUTOR = "Monitoring Contributor"

RESOURCE_GROUP_READ = "Microsoft.Resources/subscriptions/resourceGroups/read"
"""Every deployment reads the resource group it writes into (each role above includes it)."""


@dataclass(frozen=True)
class Need:
    """What deploying one resource type takes."""

    role: str
    """The narrowest built-in role that manages the type."""
    actions: tuple[str, ...]
    """The actions that role grants for the type (create or update, read, delete)."""


NEEDS: Mapping[str, Need] = {
    # The parent and the nested profiles, endpoints inline (one PUT per profile).
    PROFILE: Need(TRAFFIC_MANAGER_CONTRIBUTOR, ("Microsoft.Network/trafficManagerProfiles/*",)),
    ZONE: Need(DNS_ZONE_CONTRIBUTOR, ("Microsoft.Network/dnsZones/*",)),
    # Record sets and the DNSSEC configuration are child resources of the zone
    # (Microsoft.Network/dnsZones/CNAME, .../A, .../AAAA, .../dnssecConfigs), all under the
    # zone's wildcard.
    RECORD_SET: Need(DNS_ZONE_CONTRIBUTOR, ("Microsoft.Network/dnsZones/*",)),
    DNSSEC_CONFIG: Need(DNS_ZONE_CONTRIBUTOR, ("Microsoft.Network/dnsZones/*",)),
    ACTION_GROUP: Need(MONITORING_CONTRIBUTOR, ("Microsoft.Insights/actionGroups/*",)),
    METRIC_ALERT: Need(MONITORING_CONTRIBUTOR, ("Microsoft.Insights/metricAlerts/*",)),
}
"""Resource type token -> what deploying it takes."""


def declared_types(
    *, create_zone: bool, dnssec: bool, alerts: bool, creates_action_group: bool
) -> list[str]:
    """The resource types the component declares with these settings, sorted (a profile and
    a record set always; the zone, the DNSSEC configuration, the metric alert and the action
    group when asked for)."""
    types = {PROFILE, RECORD_SET}
    if create_zone:
        types.add(ZONE)
    if dnssec:
        types.add(DNSSEC_CONFIG)
    if alerts:
        types.add(METRIC_ALERT)
        if creates_action_group:
            types.add(ACTION_GROUP)
    return sorted(types)


def deployer_roles(
    *, create_zone: bool, dnssec: bool, alerts: bool, creates_action_group: bool = True
) -> list[str]:
    """The built-in roles to assign on the resource group, sorted. An existing zone still
    needs DNS Zone Contributor (its record sets are written); alerts need Monitoring
    Contributor, which also lets the metric alert reference an existing action group."""
    types = declared_types(
        create_zone=create_zone,
        dnssec=dnssec,
        alerts=alerts,
        creates_action_group=creates_action_group,
    )
    return sorted({NEEDS[t].role for t in types})


def deployer_actions(
    *, create_zone: bool, dnssec: bool, alerts: bool, creates_action_group: bool = True
) -> list[str]:
    """The actions of a custom role that deploys the component, sorted. Azure endpoints
    given by resource id also need read access on those resources (Traffic Manager checks the
    caller may read the target); that is the app's own resource group, not listed here."""
    types = declared_types(
        create_zone=create_zone,
        dnssec=dnssec,
        alerts=alerts,
        creates_action_group=creates_action_group,
    )
    return sorted({RESOURCE_GROUP_READ, *(a for t in types for a in NEEDS[t].actions)})
