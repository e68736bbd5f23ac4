"""DNSSEC for the zone of a :class:`~failover_components.cloudflare.CloudflareFailover`: the
``ZoneDnssec`` that signs it, and the DS record and status it reports.

Imports ``pulumi_cloudflare`` when called (the component's module has imported it already, with
its deprecation warnings filtered), the same shape as every cloud's ``dnssec.py``.
"""

from dataclasses import dataclass
from typing import Optional

import pulumi

from .layout import dnssec_name

__all__ = ["Signed", "sign_zone"]


@dataclass(frozen=True)
class Signed:
    """What signing the zone gives the component's outputs."""

    ds: "pulumi.Output[str]"
    """The DS record to publish at the registrar."""
    status: "pulumi.Output[Optional[str]]"
    """Cloudflare's DNSSEC status of the zone (``pending``, then ``active``)."""


def sign_zone(parent: pulumi.Resource, name: str, zone_id: pulumi.Input[str]) -> Signed:
    """Sign the zone ``zone_id``: a ``ZoneDnssec`` child of ``parent``, ``<name>-dnssec``.
    Protected: disabling DNSSEC while the DS record is still published at the parent breaks
    resolution of the whole zone [CF_DNSSEC_STATES]."""
    import pulumi_cloudflare as cloudflare

    dnssec = cloudflare.ZoneDnssec(
        dnssec_name(name),
        zone_id=zone_id,
        # The desired state; Cloudflare reports "pending" until the parent publishes the
        # DS record, "active" after [CF_DNSSEC_STATES]. NSEC3, multi-signer and presigned
        # zones are left at Cloudflare's defaults (off).
        status="active",
        opts=pulumi.ResourceOptions(parent=parent, protect=True),
    )
    return Signed(ds=dnssec.ds, status=dnssec.status)
