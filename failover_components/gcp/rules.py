"""What Google Cloud DNS can and cannot do with a failover set, and the reasons: pure, every
reason at once.

:func:`check_args` returns every reason a set of args cannot be declared on Cloud DNS without
registering anything; the component raises them as one
:class:`~failover_components.errors.FailoverConfigError`. What Cloud DNS cannot do is an error
naming the field, never a silent drop.
"""

import re
from collections.abc import Mapping
from typing import Any

from .. import _component, naming
from ..capabilities import Capabilities, Unavailable, unavailable_reasons
from ..cloud_names import NameRule
from ..errors import Reason
from ..model import AddressKind, Endpoint, FailoverSet, HealthCheck
from ..spec import EndpointStatus, RecordType
from .args import CloudDnsFailoverArgs
from .constants import (
    CHECK_INTERVAL_FLOOR,
    GOOGLE_REGIONS,
    HEALTH_CHECK_API,
    MAX_INTERVAL,
    SOURCE_REGION_COUNT,
)
from .layout import plan
from .settings import GcpSettings, parse_settings

__all__ = [
    "CAPABILITIES",
    "address_reasons",
    "check_args",
    "cloud_name_reasons",
    "set_reasons",
    "settings_of",
]

CLOUD = "Google Cloud DNS"

CAPABILITIES: Capabilities = {
    "expected_codes": Unavailable(
        "a Compute health check passes on HTTP 200 only and takes no status list "
        "(https://cloud.google.com/load-balancing/docs/health-check-concepts)",
        "no expected_codes (remove the key)",
    ),
    "headers": Unavailable(
        "a Compute health check sends no custom request headers, only Host "
        "(https://cloud.google.com/compute/docs/reference/rest/v1/healthChecks)",
        "no headers (remove the key)",
    ),
}
"""The neutral health-check keys Cloud DNS cannot honour, with the reason and what to do:
every "not available" reason of this cloud is generated from this table
(:func:`~failover_components.capabilities.unavailable_reasons`)."""

_SEARCH_STRING = re.compile(r"^[\x20-\x7e]+$")


def settings_of(args: Mapping[str, Any]) -> GcpSettings:
    """The parsed Cloud DNS settings (defaults where a value is missing or wrong)."""
    return parse_settings(args)[0]


def key_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """Rules for the Cloud DNS keys themselves (run even when the neutral keys are broken)."""
    return parse_settings(args)[1]


def _health_check_reasons(hc: HealthCheck) -> list[Reason]:
    reasons = unavailable_reasons("gcp", CAPABILITIES, hc)
    interval = hc.interval_seconds
    if interval is not None and not CHECK_INTERVAL_FLOOR <= interval <= MAX_INTERVAL:
        reasons.append(
            Reason(
                hc.path_of("interval_seconds"),
                f"a health check with source regions probes every {CHECK_INTERVAL_FLOOR} s at "
                "the most often",
                interval,
                f"{CHECK_INTERVAL_FLOOR} to {MAX_INTERVAL}",
            )
        )
    if hc.regions is not None:
        unknown = [r for r in hc.regions if r not in GOOGLE_REGIONS]
        if unknown:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    "not Google Cloud regions: " + ", ".join(unknown),
                    list(hc.regions),
                    "region names such as 'us-east4', 'europe-west1', 'asia-southeast1'",
                )
            )
        elif len(hc.regions) != SOURCE_REGION_COUNT:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    f"a DNS health check probes from exactly {SOURCE_REGION_COUNT} source regions",
                    list(hc.regions),
                    f"exactly {SOURCE_REGION_COUNT} Google Cloud regions, or leave it unset",
                )
            )
    if hc.search_string is not None and not _SEARCH_STRING.match(hc.search_string):
        reasons.append(
            Reason(
                hc.path_of("search_string"),
                "Compute matches the response against ASCII text only",
                hc.search_string,
                "printable ASCII text the response body starts with",
            )
        )
    return reasons


def address_reasons(
    endpoint: Endpoint, kind: AddressKind, address: str, record_type: RecordType
) -> list[Reason]:
    """Cloud DNS's rules for one known address (at construction, or when an Output resolves).

    A host name in an A or AAAA set is already refused by the neutral rules (wrong answer
    type); here: host names that made the set a CNAME set, and Azure resource ids."""
    if kind in (AddressKind.IPV4, AddressKind.IPV6):
        return []
    if kind is AddressKind.HOSTNAME and record_type is not RecordType.CNAME:
        return []
    return [
        Reason(
            f"{endpoint.where}.address",
            f"{CLOUD} health-checks IP addresses only (external endpoints of an A or AAAA "
            "record set); a host name or CNAME target cannot be a failover target",
            address,
            "an IPv4 or IPv6 address",
        )
    ]


def _endpoint_reasons(fset: FailoverSet) -> list[Reason]:
    reasons: list[Reason] = []
    for endpoint in fset.endpoints():
        if endpoint.known and isinstance(endpoint.address, str):
            reasons.extend(
                address_reasons(endpoint, endpoint.kind, endpoint.address, fset.record_type)
            )
    return reasons


def _status_reasons(fset: FailoverSet, settings: GcpSettings) -> list[Reason]:
    reasons: list[Reason] = []
    primary, backup = fset.pools[0], fset.pools[1]
    for endpoint in primary.endpoints:
        if endpoint.status is EndpointStatus.UP:
            reasons.append(
                Reason(
                    f"{endpoint.where}.status",
                    "the primary of a Cloud DNS failover policy takes health-checked targets "
                    "only, so an endpoint that is never probed cannot be in it",
                    "up",
                    "'obey' or 'down', or move the endpoint to the backup pool (whose rrdatas "
                    "are never probed)",
                )
            )
    if all(e.status is EndpointStatus.DOWN for e in backup.endpoints):
        reasons.append(
            Reason(
                f"{backup.where}.endpoints",
                "every backup endpoint has status 'down', and Cloud DNS needs a backup target",
                expected="at least one backup endpoint with status 'obey' or 'up'",
            )
        )
    drained = all(e.status is EndpointStatus.DOWN for e in primary.endpoints)
    if drained and settings.trickle_ratio is not None and settings.trickle_ratio != 1.0:
        reasons.append(
            Reason(
                "trickle_ratio",
                "every primary endpoint has status 'down', which Cloud DNS expresses as "
                "trickle_ratio 1.0 (all traffic to the backup)",
                settings.trickle_ratio,
                "1.0 or no trickle_ratio",
            )
        )
    return reasons


def _dnssec_reasons(fset: FailoverSet, settings: GcpSettings) -> list[Reason]:
    """With DNSSEC, at most one health-checked address per item and no mix with un-checked
    ones (RRSetRoutingPolicyHealthCheckTargets in the DNS API; gcp.md §1.7)."""
    if not settings.dnssec:
        return []
    reasons: list[Reason] = []
    for pool in fset.pools[:2]:
        checked = [e for e in pool.endpoints if e.status is not EndpointStatus.UP]
        unchecked = [e for e in pool.endpoints if e.status is EndpointStatus.UP]
        if len(checked) > 1:
            reasons.append(
                Reason(
                    f"{pool.where}.endpoints",
                    f"with dnssec, Cloud DNS allows one health-checked address per pool, and "
                    f"pool {pool.name!r} has {len(checked)}",
                    [e.name for e in checked],
                    "one health-checked endpoint per pool, or dnssec: false",
                )
            )
        if checked and unchecked:
            reasons.append(
                Reason(
                    f"{pool.where}.endpoints",
                    "with dnssec, Cloud DNS cannot mix health-checked and un-checked "
                    "(status 'up') addresses in one pool",
                    [e.name for e in pool.endpoints],
                    "all endpoints of the pool health-checked, or all 'up'",
                )
            )
    return reasons


def _shape_reasons(fset: FailoverSet, args: Mapping[str, Any]) -> list[Reason]:
    reasons: list[Reason] = []
    if len(fset.pools) > 2:
        reasons.append(
            Reason(
                "pools",
                f"{len(fset.pools)} pools: Cloud DNS fails over from one primary set to one "
                "backup, which is a geolocation policy (its items are chosen by client "
                "location, not in order)",
                [p.name for p in fset.pools],
                "exactly 2 pools",
            )
        )
    if fset.record_type is RecordType.CNAME and "record_type" in args:
        reasons.append(
            Reason(
                "record_type",
                f"{CLOUD} health-checks A and AAAA record sets only",
                "CNAME",
                "'A' or 'AAAA'",
            )
        )
    for pool in fset.pools:
        if pool.min_healthy > 1:
            reasons.append(
                Reason(
                    f"{pool.where}.min_healthy",
                    "Cloud DNS serves a pool while any of its targets is healthy",
                    pool.min_healthy,
                    "1 (or no min_healthy)",
                )
            )
        if pool.overrides_health_check:
            reasons.append(
                Reason(
                    f"{pool.where}.health_check",
                    "Cloud DNS takes one health check per record set, shared by both pools",
                    expected="the settings in the set's health_check only",
                )
            )
    return reasons


def set_reasons(fset: FailoverSet, args: Mapping[str, Any]) -> list[Reason]:
    """Cloud DNS's rules on a set that passed the neutral rules."""
    settings = settings_of(args)
    reasons = _shape_reasons(fset, args)
    reasons.extend(_health_check_reasons(fset.health_check))
    reasons.extend(_endpoint_reasons(fset))
    if len(fset.pools) == 2:
        reasons.extend(_status_reasons(fset, settings))
    reasons.extend(_dnssec_reasons(fset, settings))
    return _component.with_budget(fset, reasons, lambda: plan(fset, settings).tier_timings)


def check_args(args: Mapping[str, Any]) -> list[Reason]:
    """Every reason ``args`` cannot be declared as a
    :class:`~failover_components.gcp.CloudDnsFailover`; registers nothing (the config-driven
    program checks every entry with it first)."""
    _fset, reasons = _component.collect_reasons(
        args,
        args_type=CloudDnsFailoverArgs,
        cloud_keys=key_reasons,
        cloud_set=set_reasons,
    )
    return reasons


_RFC1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_AUTO_SUFFIX = "-0000000"
"""What Pulumi appends to an auto-named resource: a hyphen and 7 random hex characters."""
GOOGLE_NAMES = (
    NameRule(
        "Compute health check name",
        _RFC1035,
        63,
        "lowercase letters, digits and hyphens, starting with a letter, not ending with a "
        "hyphen (RFC 1035)",
        HEALTH_CHECK_API,
    ),
    NameRule(
        "Cloud DNS managed zone name",
        _RFC1035,
        63,
        "lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen",
        "https://cloud.google.com/dns/docs/reference/rest/v1/managedZones",
    ),
)
"""Google's rules for the names Pulumi derives from the component name."""


def cloud_name_reasons(component: str, settings: GcpSettings) -> list[Reason]:
    """The auto-named health check (and created zone) under Google's naming rule: the
    component name reaches Google Cloud as ``<name>-hc-<7 hex>``."""
    names = [(GOOGLE_NAMES[0], naming.child(component, "hc") + _AUTO_SUFFIX)]
    if settings.create_zone:
        names.append((GOOGLE_NAMES[1], naming.child(component, "zone") + _AUTO_SUFFIX))
    reasons: list[Reason] = []
    for rule, value in names:
        problem = rule.problem(value)
        if problem is not None:
            reasons.append(
                Reason(
                    "name",
                    f"the component name makes the {rule.kind} {value!r} (the last 7 "
                    f"characters are Pulumi's random suffix), which is {problem}",
                    component,
                    f"a component name that keeps it {rule.allowed}, at most "
                    f"{rule.max_length} characters ({rule.source})",
                )
            )
    return reasons
