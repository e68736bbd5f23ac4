"""The arguments of :class:`~failover_components.azure.TrafficManagerFailover`: the TypedDicts
whose docstrings the multi-language schema is read from. No SDK import.
"""

import sys

import pulumi

from ..spec import FailoverSetArgs

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired, TypedDict

__all__ = ["AzureAlertsArgs", "TrafficManagerFailoverArgs"]


class AzureAlertsArgs(TypedDict):
    """Who is told when an endpoint of the profile goes down: an Azure Monitor metric alert on
    the profile's endpoint status notifies an action group. At least one of ``emails``,
    ``webhook_url`` and ``action_group_id``; given together, all of them are notified."""

    emails: NotRequired[list[str]]
    """Addresses that receive the alert (each one gets a confirmation mail from Azure when it
    is added); plain strings, each address once. Default: none."""
    webhook_url: NotRequired[pulumi.Input[str]]
    """An ``https://`` URL that receives the alert as a POST in the common alert schema; it
    often carries a token, so it is kept a Pulumi secret on every resource. Default: none."""
    action_group_id: NotRequired[pulumi.Input[str]]
    """The resource id of an existing Azure Monitor action group to notify as well (an on-call
    rotation, say): ``/subscriptions/<id>/resourceGroups/<group>/providers/
    microsoft.insights/actionGroups/<name>``. Default: none; an action group is created for
    ``emails`` and ``webhook_url``."""


class TrafficManagerFailoverArgs(FailoverSetArgs):
    """A failover set declared with Azure Traffic Manager and Azure DNS."""

    resource_group_name: pulumi.Input[str]
    """The resource group of the Traffic Manager profile(s) and of the Azure DNS zone.
    Default: none, required."""
    create_zone: NotRequired[bool]
    """Create the Azure DNS zone ``zone_name`` in the resource group and export its name
    servers; otherwise the zone must already exist there. Default: ``false``."""
    profile_dns_name: NotRequired[str]
    """The profile's ``<name>.trafficmanager.net`` label: 1-63 lowercase letters, digits and
    inner hyphens, unique across Azure. Default: the component name and a short hash of the
    project, stack and component name, stable across updates."""
    dnssec: NotRequired[bool]
    """Sign the Azure DNS zone ``zone_name`` (created or existing) with DNSSEC and export its DS
    record as ``ds_record``; the signing configuration is protected from deletion. The answer
    through ``trafficmanager.net`` stays unsigned (see the component's documentation).
    Default: ``false``."""
    alerts: NotRequired[AzureAlertsArgs]
    """Notify ``emails``, a ``webhook_url`` and/or an existing action group when an endpoint
    of the profile goes down. Default: no alerts."""


# ----------------------------------------------------------------------------------------
# Monitor settings: the neutral health check in Traffic Manager's terms, defaults resolved.
