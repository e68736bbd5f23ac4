"""DNSSEC for the Azure DNS zone of a :class:`~failover_components.azure.TrafficManagerFailover`:
the zone's signing configuration and the DS record to publish at the parent.

Imports ``pulumi_azure_native.dns`` when called (the component has it already); kept apart
from the component as every cloud's ``dnssec.py`` is, so the zone-signing resources of all
clouds are found in one place.
"""

from typing import TYPE_CHECKING, Optional, cast

import pulumi

from .. import naming
from ..model import FailoverSet
from .constants import DNS_TMLINK, TYPE_NAME, UNSIGNED_HOP_WARNING
from .layout import ds_record_of

if TYPE_CHECKING:  # pragma: no cover - annotations only; the SDK is imported when called
    from pulumi_azure_native import dns

__all__ = ["sign_zone"]


def sign_zone(
    parent: pulumi.Resource,
    name: str,
    fset: FailoverSet,
    rg: pulumi.Input[str],
    dns_name: str,
    zone: "dns.Zone | None",
) -> pulumi.Output[Optional[str]]:
    """The zone's signing configuration ``<name>-dnssec`` (protected), a child of ``parent``,
    with the unsigned-hop warning; returns the DS record (``<key tag> 13 2 <digest>``)."""
    from pulumi_azure_native import dns

    config = dns.DnssecConfig(
        naming.child(name, "dnssec"),
        resource_group_name=rg,
        zone_name=fset.zone_name,
        # Deleting it while the parent publishes the DS breaks resolution of the whole
        # zone: unprotect deliberately, after the DS is gone (see the component's docstring).
        opts=pulumi.ResourceOptions(
            parent=parent, protect=True, depends_on=[zone] if zone is not None else None
        ),
    )
    pulumi.log.warn(
        f"{UNSIGNED_HOP_WARNING} {TYPE_NAME} {name!r}: DNSSEC signs zone "
        f"{fset.zone_name!r}, but {fset.hostname!r} answers through "
        f"{dns_name}.trafficmanager.net, which is not signed: validating resolvers "
        "treat the failover answer as insecure. Azure DNS Traffic Manager linked "
        f"records (preview) keep the chain of trust: {DNS_TMLINK}",
        resource=parent,
    )
    # Tied to the configuration's id: the signing keys exist once it does, so a preview
    # shows the DS record as unknown rather than as missing.
    ds_record = pulumi.Output.all(config.id, config.signing_keys).apply(
        lambda pair: ds_record_of(pair[1])
    )
    return cast("pulumi.Output[Optional[str]]", ds_record)
