"""The public args of :class:`~failover_components.aws.Route53Failover`.

Kept in its own module, free of ``from __future__ import annotations``, ``Union`` and
``Literal``, because Pulumi's component analyzer reads these ``TypedDict``s at run time to
build the multi-language schema.
"""

import sys

import pulumi

from ..spec import FailoverSetArgs

if sys.version_info >= (3, 11):
    from typing import NotRequired
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired

__all__ = ["Route53FailoverArgs"]


class Route53FailoverArgs(FailoverSetArgs):
    """The cloud-neutral failover set plus the keys only Route 53 has.

    Route 53 notes on the neutral keys: ``health_check.interval_seconds`` is 10 or 30 and
    cannot change once a health check exists (changing it replaces the check);
    ``health_check.regions`` takes at least 3 of Route 53's 8 checker regions;
    ``expected_codes``, ``headers`` and ``timeout_seconds`` do not exist on Route 53 and are
    rejected. An endpoint with ``alias_zone_id`` is an AWS alias target (ALB/NLB/CLB,
    CloudFront, API Gateway, S3 website) whose DNS name is ``address``.
    """

    zone_id: NotRequired[pulumi.Input[str]]
    """The id of an existing public hosted zone for ``zone_name`` to put the records in
    (``Z`` followed by up to 31 upper-case letters and digits, without ``/hostedzone/``).
    Default: the zone is looked up by ``zone_name`` (or created, with ``create_zone``)."""
    create_zone: NotRequired[bool]
    """Create the public hosted zone for ``zone_name`` and export its ``name_servers`` for
    delegation at the registrar. Route 53 allows several zones with one name, so only set
    this when no zone for ``zone_name`` exists yet; not together with ``zone_id``.
    Default: false (look the zone up by name)."""
