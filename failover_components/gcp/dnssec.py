"""DNSSEC for the Cloud DNS zone of a :class:`~failover_components.gcp.CloudDnsFailover`: the
created zone's signing config and the DS record read back from the zone's keys.

Imports ``pulumi_gcp.dns`` when called: only a component with ``dnssec`` calls it (the
component's module imports ``pulumi_gcp.dns`` anyway, a cheap lazy module).
"""

from typing import TYPE_CHECKING, Any, Optional, cast

import pulumi

from ..errors import FailoverConfigError, Reason
from .settings import GcpSettings

if TYPE_CHECKING:  # pragma: no cover - annotations only; the SDK is imported when called
    from pulumi_gcp import dns

__all__ = ["ds_record", "zone_config"]


def zone_config() -> "dns.ManagedZoneDnssecConfigArgs":
    """The ``dnssec_config`` of a zone the component creates with ``dnssec``."""
    from pulumi_gcp import dns

    # NSEC3 hides the zone's names from walking; state 'on' signs with Google's default keys
    # (https://cloud.google.com/dns/docs/dnssec-config).
    return dns.ManagedZoneDnssecConfigArgs(state="on", non_existence="nsec3")


def ds_record(
    parent: pulumi.Resource,
    zone: pulumi.Input[str],
    settings: GcpSettings,
    subject: str,
) -> pulumi.Output[Optional[str]]:
    """The DS record of the zone's (first) key-signing key, read with ``gcp.dns.get_keys`` as
    a child invoke of ``parent``; fails the deployment, naming ``dnssec``, when the zone has
    no key-signing key (a given zone that is not signed)."""
    from pulumi_gcp import dns

    keys = dns.get_keys_output(
        managed_zone=zone,
        project=settings.project,
        # The zone name is the created zone's output, so the lookup waits for the zone.
        opts=pulumi.InvokeOutputOptions(parent=parent),
    )

    def ds(result: Any) -> Optional[str]:
        ksks = list(result.key_signing_keys or [])
        if not ksks:
            raise FailoverConfigError(
                [
                    Reason(
                        "dnssec",
                        "the managed zone has no key-signing key: it is not signed",
                        True,
                        "a zone with DNSSEC on (dnssec_config state 'on'), or dnssec: false",
                    )
                ],
                subject,
            )
        return cast(Optional[str], ksks[0].ds_record)

    record: pulumi.Output[Optional[str]] = keys.apply(ds)
    return record
