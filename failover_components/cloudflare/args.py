"""The public args of :class:`~failover_components.cloudflare.CloudflareFailover`.

Kept in its own module, free of ``from __future__ import annotations``, ``Union`` and
``Literal``, because Pulumi's component analyzer reads these ``TypedDict``s at run time to
build the multi-language schema. No SDK import.
"""

import sys
from enum import Enum

import pulumi

from ..spec import FailoverSetArgs

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired, TypedDict

__all__ = ["CloudflareAlertsArgs", "CloudflareFailoverArgs", "CloudflarePlan"]


class CloudflarePlan(str, Enum):
    """The Cloudflare plan of the account and zone: it decides which monitor settings exist."""

    FREE = "free"
    """Free zone with the Load Balancing add-on: intervals from 60 s, regions chosen explicitly."""
    PRO = "pro"
    """Pro: intervals from 60 s, regions chosen explicitly."""
    BUSINESS = "business"
    """Business: intervals from 15 s, regions chosen explicitly."""
    ENTERPRISE = "enterprise"
    """Enterprise: intervals from 10 s, ``ALL_REGIONS``, and probes from every data center
    when no region is chosen."""


class CloudflareAlertsArgs(TypedDict):
    """Who is told when a pool or an origin of the failover set changes health: one Cloudflare
    notification policy (``load_balancing_health_alert``) filtered to the component's pools.

    Every target given is notified: emails, the webhook created from ``webhook_url`` and an
    existing ``webhook_id`` may be combined. At least one is required.
    """

    emails: NotRequired[list[str]]
    """Email addresses to notify (plain strings, checked before anything is registered; no
    address twice). Default: none."""
    webhook_url: NotRequired[pulumi.Input[str]]
    """An ``https://`` URL for a new webhook destination of the account
    (``NotificationPolicyWebhooks``). It often carries a token, so it is made a Pulumi secret
    before it reaches any resource and is never printed in an error. Cloudflare rewrites
    Slack, Google Chat, Discord, Feishu and Teams URLs (it moves their secret out of the URL),
    which shows as a change on every update: create such a webhook outside the component and
    pass ``webhook_id`` instead. Webhooks need a zone on the Pro plan or above in the account.
    Default: none."""
    webhook_id: NotRequired[pulumi.Input[str]]
    """The id of an existing webhook destination of the account (32 hexadecimal characters,
    or a UUID with hyphens): Notifications > Destinations in the dashboard. Default: none."""


class CloudflareFailoverArgs(FailoverSetArgs):
    """The cloud-neutral failover set plus what Cloudflare Load Balancing needs."""

    account_id: pulumi.Input[str]
    """The Cloudflare account id (32 lowercase hex characters) that owns the monitors and pools.
    Default: none (required)."""
    zone_id: pulumi.Input[str]
    """The id (32 lowercase hex characters) of the zone ``zone_name``, which owns the load
    balancer; never the account id. Default: none (required)."""
    proxied: NotRequired[bool]
    """Proxied (orange cloud): failover happens at Cloudflare's edge, clients never cache an
    origin address; ``false`` (DNS-only) answers the origin addresses with ``ttl``.
    Default: true when every health check is HTTP or HTTPS, false with a TCP check."""
    plan: NotRequired[CloudflarePlan]
    """The account's plan (``free``, ``pro``, ``business``, ``enterprise``): decides the
    shortest monitor interval (60, 60, 15, 10 s), whether ``health_check.regions`` may be left
    out (Enterprise only: probes then come from every data center), ``ALL_REGIONS``
    (Enterprise only) and the shortest DNS-only ``ttl`` (60 s, 30 s on Enterprise).
    Default: ``pro``."""
    allow_insecure: NotRequired[bool]
    """Let the HTTPS monitors skip certificate validation (an expired, self-signed or
    wrong-name certificate then still counts as healthy). This is what the policy rule
    ``cloudflare-monitor-tls`` (FO006, see RULES.md) flags; acknowledge it in
    ``policy_acknowledgements`` with the reason if you must. Requires an HTTPS health check.
    Default: false (certificates are validated)."""
    dnssec: NotRequired[bool]
    """Sign the zone ``zone_id`` with DNSSEC (a protected ``ZoneDnssec``) and export the DS
    record to publish at the registrar as ``ds_record``. Set it on one component per zone.
    Default: false."""
    alerts: NotRequired[CloudflareAlertsArgs]
    """Notify emails and/or a webhook when a pool or origin of this set turns unhealthy or
    healthy again. Default: no alerts."""
