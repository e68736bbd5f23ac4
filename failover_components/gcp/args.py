"""The public args of :class:`~failover_components.gcp.CloudDnsFailover`.

Kept in its own module, free of ``from __future__ import annotations``, ``Union`` and
``Literal``, because Pulumi's component analyzer reads these ``TypedDict``s at run time to
build the multi-language schema.
"""

import sys

import pulumi

from ..spec import FailoverSetArgs

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired, TypedDict

__all__ = ["CloudDnsAlertsArgs", "CloudDnsFailoverArgs"]


class CloudDnsAlertsArgs(TypedDict):
    """Who is told when the set's health check sees an endpoint turn unhealthy.

    One Cloud Monitoring alert policy with a log-match condition on the health check's
    state-transition log (``logConfig.enable`` is always on), notifying one e-mail channel
    per address and one webhook channel. At least one target is required.
    """

    emails: NotRequired[list[str]]
    """Addresses that get a Cloud Monitoring ``email`` notification channel each (named after
    the address, not its position). Default: no e-mail channels."""
    webhook_url: NotRequired[pulumi.Input[str]]
    """An ``https://`` URL for a ``webhook_tokenauth`` notification channel. Kept a Pulumi
    secret on every resource, since such URLs usually carry a token; it never appears in error
    messages. Default: no webhook."""


class CloudDnsFailoverArgs(FailoverSetArgs):
    """The cloud-neutral failover set plus the keys only Google Cloud DNS has.

    Cloud DNS notes on the neutral keys: exactly 2 ``pools`` (a primary set and one backup);
    endpoints are IPv4 or IPv6 addresses (``record_type`` A or AAAA) that Google's probers can
    reach; one health check serves both pools, so ``pools[].health_check`` is refused;
    ``health_check.regions`` takes exactly 3 Google Cloud regions; ``interval_seconds`` is at
    least 30; ``min_healthy`` is 1 (a set is served while any target is healthy);
    ``expected_codes`` and ``headers`` do not exist on a Compute health check and are refused.
    Endpoint ``status``: ``down`` leaves the endpoint out of the record set (every primary
    endpoint ``down``: ``trickle_ratio`` 1.0, all traffic to the backup); ``up`` puts a backup
    endpoint in the backup's un-checked ``rrdatas`` (the primary takes health-checked targets
    only, so ``up`` there is refused).
    """

    managed_zone: NotRequired[pulumi.Input[str]]
    """The name (not the DNS name) of an existing public Cloud DNS managed zone for
    ``zone_name`` to put the record set in. Default: none; required unless ``create_zone``."""
    create_zone: NotRequired[bool]
    """Create a public managed zone for ``zone_name`` and export its ``name_servers`` for
    delegation at the registrar; not together with ``managed_zone``. Default: false."""
    project: NotRequired[pulumi.Input[str]]
    """The Google Cloud project of the zone, record set, health check and alerts.
    Default: the provider's project."""
    backup_location: NotRequired[str]
    """The Google Cloud region named as the ``location`` of the one backup geo item; with a
    single item every client's nearest match is that item. Default: ``us-east4``."""
    trickle_ratio: NotRequired[float]
    """Share of traffic (0 to 1) sent to the backup while the primary is healthy, to keep it
    warm (Google's typical value is 0.1); 1.0 sends everything to the backup.
    Default: 0 (1.0 when every primary endpoint has status ``down``)."""
    healthy_threshold: NotRequired[int]
    """Consecutive passing probes (1-10) before an unhealthy endpoint is healthy again.
    Default: 2."""
    dnssec: NotRequired[bool]
    """With ``create_zone``: sign the zone (``dnssec_config`` state ``on``) and export the DS
    record to publish at the registrar as ``ds_record``. Cloud DNS then allows one
    health-checked address per pool and no mix with un-checked ones. Default: false."""
    alerts: NotRequired[CloudDnsAlertsArgs]
    """Notify e-mail addresses and/or a webhook when an endpoint of the set turns unhealthy.
    Default: no alerts."""
