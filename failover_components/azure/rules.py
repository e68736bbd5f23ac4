"""What Traffic Manager and Azure DNS can and cannot do with a failover set, and the reasons:
pure, every reason at once.

:func:`check_args` returns every reason a set of args cannot be declared as a
:class:`~failover_components.azure.TrafficManagerFailover` without registering anything; the
component raises them as one :class:`~failover_components.errors.FailoverConfigError`.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Optional, cast

import pulumi

from .. import _component, cloud_names, ownership
from ..alerts import webhook_url_reasons
from ..capabilities import Capabilities, Unavailable, unavailable_reasons
from ..errors import MISSING, FailoverConfigError, Reason
from ..model import AddressKind, Endpoint, FailoverSet, HealthCheck
from ..spec import EndpointStatus, RecordType
from ..validation import as_list
from .args import TrafficManagerFailoverArgs
from .constants import MAX_CUSTOM_HEADERS, MAX_ENDPOINTS_PER_PROFILE, MAX_STATUS_RANGES, TM_MONITOR
from .layout import (
    Monitor,
    default_profile_dns_name,
    is_nested,
    occupies,
    probe_headers,
    profile_names,
    tier_timings,
)
from .settings import (
    AzureSettings,
    action_group_reasons,
    parse_settings,
    resource_group_reason,
)

__all__ = [
    "CAPABILITIES",
    "address_rules",
    "check_args",
    "checked_action_group",
    "checked_headers",
    "checked_resource_group",
    "checked_set",
    "checked_webhook",
    "key_reasons",
    "profile_name_reasons",
    "set_reasons",
    "star_host_reason",
]

CAPABILITIES: Capabilities = {
    "search_string": Unavailable(
        f"its probes only check the status code ({TM_MONITOR})",
        "no search_string; make the health endpoint return an error status when unhealthy",
    ),
    "regions": Unavailable(
        f"probes always run from all of its probing locations ({TM_MONITOR})",
        "no regions",
    ),
}
"""The neutral health-check keys Traffic Manager cannot honour, with the reason and what to
do: every "not available" reason of this cloud is generated from this table
(:func:`~failover_components.capabilities.unavailable_reasons`)."""


# Azure endpoints are Cloud Services, App Service apps (and slots) and public IP addresses with
# a DNS name [TM_ENDPOINT_TYPES]; a Traffic Manager profile is a nested endpoint, which this
# component creates itself.
_AZURE_ENDPOINT_TYPES = (
    "microsoft.network/publicipaddresses",
    "microsoft.web/sites",
    "microsoft.classiccompute/domainnames",
)
_PROVIDER_TYPE = re.compile(r"/providers/([^/]+/[^/]+)", re.IGNORECASE)


def _capability_reasons(hc: HealthCheck) -> list[Reason]:
    # A key given as None (a config file's empty value) asks for nothing: not a reason.
    unset = {k for k in CAPABILITIES if k in hc.given and getattr(hc, k) is None}
    return unavailable_reasons("azure", CAPABILITIES, replace(hc, given=hc.given - unset))


def monitor_reasons(hc: HealthCheck) -> list[Reason]:
    """Every setting of one health check that Traffic Manager's monitor cannot take."""
    reasons = _capability_reasons(hc)
    interval = hc.interval_seconds
    if interval is not None and interval not in (10, 30):
        reasons.append(
            Reason(
                hc.path_of("interval_seconds"),
                "not a Traffic Manager probing interval",
                interval,
                "10 or 30 (10 is fast probing, billed extra)",
            )
        )
        interval = None
    timeout = hc.timeout_seconds
    if timeout is not None:
        high = 9 if interval == 10 else 10
        if not 5 <= timeout <= high:
            reasons.append(
                Reason(
                    hc.path_of("timeout_seconds"),
                    "out of Traffic Manager's range",
                    timeout,
                    "5 to 9 with interval_seconds 10"
                    if interval == 10
                    else "5 to 10 (5 to 9 with interval_seconds 10)",
                )
            )
    if hc.expected_codes is not None and len(hc.expected_codes) > MAX_STATUS_RANGES:
        reasons.append(
            Reason(
                hc.path_of("expected_codes"),
                f"{len(hc.expected_codes)} status code ranges, more than Traffic Manager allows",
                hc.expected_codes_text,
                f"at most {MAX_STATUS_RANGES} ranges",
            )
        )
    headers = probe_headers(hc)
    if len(headers) > MAX_CUSTOM_HEADERS:
        default_host = not any(k.lower() == "host" for k in hc.headers)
        reasons.append(
            Reason(
                hc.path_of("headers"),
                f"{len(headers)} custom headers"
                + (" with the default Host header" if default_host else "")
                + ", more than Traffic Manager allows",
                sorted(hc.headers),
                f"at most {MAX_CUSTOM_HEADERS} headers"
                + (" including Host" if default_host else ""),
            )
        )
    for name, header_value in hc.headers.items():
        if name.lower() == "host" and isinstance(header_value, str) and "*" in header_value:
            reasons.append(star_host_reason(f"{hc.path_of('headers')}.{name}", header_value))
    return reasons


def star_host_reason(path: str, value: str) -> Reason:
    """A Host header with '*' (plain, or resolved from an Output) [TM_FAQ]."""
    return Reason(
        path, "'*' is not allowed in the Host header on Traffic Manager", value, "a host name"
    )


def _route53_only_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """Alias endpoints are a Route 53 feature; read from the raw args, so the reason shows even
    when the neutral rules reject the same endpoint."""
    reasons: list[Reason] = []
    pools = as_list(args.get("pools"))
    if pools is None:
        return reasons
    for index, pool in enumerate(pools):
        endpoints = as_list(
            cast("Mapping[str, Any]", pool).get("endpoints") if isinstance(pool, Mapping) else None
        )
        if endpoints is None:
            continue
        for e_index, endpoint in enumerate(endpoints):
            if not isinstance(endpoint, Mapping):
                continue
            for key in ("alias_zone_id", "evaluate_target_health"):
                value = cast("Mapping[str, Any]", endpoint).get(key)
                if value is not None:
                    reasons.append(
                        Reason(
                            f"pools[{index}].endpoints[{e_index}].{key}",
                            "Route 53 only: Traffic Manager has no alias endpoints",
                            MISSING if not _component.is_plain(value) else value,
                            "no alias keys; an IP address, a host name or an Azure resource id "
                            "as address",
                        )
                    )
    return reasons


def _azure_type(resource_id: str) -> str:
    match = _PROVIDER_TYPE.search(resource_id)
    return match.group(1).lower() if match else ""


def address_rules(
    fset: FailoverSet, endpoint: Endpoint, kind: AddressKind, address: str
) -> list[Reason]:
    """Azure's rules for one known (or just resolved) endpoint address."""
    path = f"{endpoint.where}.address"
    reasons: list[Reason] = []
    if kind is AddressKind.AZURE_RESOURCE_ID:
        rtype = _azure_type(address)
        if not any(rtype == t or rtype.startswith(t + "/") for t in _AZURE_ENDPOINT_TYPES):
            reasons.append(
                Reason(
                    path,
                    "not a resource type Traffic Manager accepts as an Azure endpoint",
                    address,
                    "the id of a public IP address with a DNS name, an App Service app or "
                    "slot, or a cloud service",
                )
            )
        if fset.is_apex:
            reasons.append(
                Reason(
                    path,
                    "at the zone apex the hostname is an Azure DNS alias A/AAAA record to the "
                    "profile, which Azure allows only when every endpoint is an IP address",
                    address,
                    "an IPv4 or IPv6 address, or a hostname below the apex (a CNAME to the "
                    "profile)",
                )
            )
        elif fset.record_type is not RecordType.CNAME:
            # Traffic Manager answers an Azure endpoint with the resource's DNS name (a CNAME)
            # and does not mix addressing types in one profile [TM_FAQ].
            reasons.append(
                Reason(
                    path,
                    "Traffic Manager answers an Azure endpoint with its DNS name (a CNAME), "
                    f"which record_type {fset.record_type.value!r} does not allow",
                    address,
                    "record_type 'CNAME', or an IP address",
                )
            )
    return reasons


def set_reasons(fset: FailoverSet, _args: Mapping[str, Any]) -> list[Reason]:
    """Azure's rules on the parsed set (the Azure keys need no set context: see key_reasons)."""
    reasons: list[Reason] = []
    if all(e.status is EndpointStatus.DOWN for e in fset.endpoints()):
        # Found by the property tests: a profile whose endpoints are all disabled answers
        # NXDOMAIN [TM_ENDPOINT_TYPES], where the drill promises the fail-open answer.
        reasons.append(
            Reason(
                "pools",
                "every endpoint is 'down', and a Traffic Manager profile whose endpoints are all "
                "disabled answers NXDOMAIN",
                expected="at least one endpoint not 'down'",
            )
        )
    # A set-level setting every pool inherits is found once per pool: with_budget keeps one.
    for hc in [fset.health_check, *(p.health_check for p in fset.pools)]:
        reasons.extend(monitor_reasons(hc))
    if len(fset.pools) > MAX_ENDPOINTS_PER_PROFILE:
        reasons.append(
            Reason(
                "pools",
                f"{len(fset.pools)} pools, more than the {MAX_ENDPOINTS_PER_PROFILE} endpoints "
                "of one Traffic Manager profile",
                expected=f"at most {MAX_ENDPOINTS_PER_PROFILE} pools",
            )
        )
    for pool in fset.pools:
        if len(pool.endpoints) > MAX_ENDPOINTS_PER_PROFILE:
            reasons.append(
                Reason(
                    f"{pool.where}.endpoints",
                    f"{len(pool.endpoints)} endpoints, more than the "
                    f"{MAX_ENDPOINTS_PER_PROFILE} of one Traffic Manager profile",
                    expected=f"at most {MAX_ENDPOINTS_PER_PROFILE} endpoints",
                )
            )
        if fset.is_apex and is_nested(pool):
            why = "several endpoints" if len(pool.endpoints) > 1 else "its own health_check"
            reasons.append(
                Reason(
                    pool.where,
                    f"a pool with {why} is a nested Traffic Manager profile, and at the zone "
                    "apex the hostname is an Azure DNS alias A/AAAA record, which Azure allows "
                    "only for a profile whose endpoints are all IP addresses (no nested "
                    "profiles)",
                    pool.name,
                    "one endpoint per pool and no per-pool health_check at the apex, or a "
                    "hostname below the apex (a CNAME to the profile)",
                )
            )
        for endpoint in pool.endpoints:
            if endpoint.known:
                reasons.extend(address_rules(fset, endpoint, endpoint.kind, str(endpoint.address)))
    return _component.with_budget(fset, reasons, lambda: tier_timings(fset))


def key_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """The Azure keys' own values, and Route 53's alias keys; runs even when the
    cloud-neutral keys are broken."""
    return [*parse_settings(args)[1], *_route53_only_reasons(args)]


def check_args(args: Mapping[str, Any]) -> list[Reason]:
    """Every reason ``args`` cannot be declared as a :class:`TrafficManagerFailover`, without
    registering anything (the component and the config-driven program both use it)."""
    return _component.collect_reasons(
        args,
        args_type=TrafficManagerFailoverArgs,
        cloud_keys=key_reasons,
        cloud_set=set_reasons,
    )[1]


def profile_name_reasons(names: Sequence[tuple[str, str, str]]) -> list[Reason]:
    """Every profile name or DNS label that breaks Azure's rules, or that two pools share."""
    reasons: list[Reason] = []
    for path, label, profile in names:
        for kind, value in (
            ("Traffic Manager DNS name", label),
            ("Traffic Manager profile name", profile),
        ):
            bad = cloud_names.reason(kind, value, path)
            if bad is not None:
                reasons.append(bad)
    reasons.extend(
        cloud_names.distinct_reasons(
            "Traffic Manager DNS name", [(path, label) for path, label, _p in names]
        )
    )
    return reasons


def checked_set(
    name: str, raw: Mapping[str, Any], subject: str, parent: Optional[pulumi.Resource]
) -> tuple[FailoverSet, AzureSettings, str, list[tuple[str, str, str]]]:
    """Every check before anything is registered: the args, the profile names, and the
    program's claims on the hostname and on the global Traffic Manager DNS names."""
    fset = _component.validated(
        raw,
        subject,
        args_type=TrafficManagerFailoverArgs,
        cloud_keys=key_reasons,
        cloud_set=set_reasons,
        name=name,
    )
    settings = parse_settings(raw)[0]
    dns_name = settings.profile_dns_name or default_profile_dns_name(
        name, pulumi.get_project(), pulumi.get_stack()
    )
    names = profile_names(dns_name, fset)
    FailoverConfigError.raise_if_any(profile_name_reasons(names), subject)
    ownership.claim_set(subject, fset, occupies=occupies(fset), parent=parent)
    # Traffic Manager DNS names are global: two sets of one program must not share one.
    ownership.claim_names(
        subject, "Traffic Manager DNS name", [(path, label) for path, label, _p in names]
    )
    return fset, settings, dns_name, names


# ----------------------------------------------------------------------------------------
# Checks that run when an Output resolves (plain values were checked by check_args).


def _resource_group_reasons(value: object) -> list[Reason]:
    bad = (
        resource_group_reason(value)
        if isinstance(value, str)
        else Reason("resource_group_name", "not a string", value, "a resource group name")
    )
    return [bad] if bad else []


def checked_resource_group(value: pulumi.Input[str], subject: str) -> pulumi.Input[str]:
    """A plain name was checked at construction; an Output is checked when it resolves."""
    return _component.check_when_known(value, _resource_group_reasons, subject)


def checked_webhook(url: pulumi.Input[str], subject: str) -> pulumi.Input[str]:
    """The webhook URL. A plain URL was checked at construction; an Output is checked when it
    resolves (the error shows only its scheme and host)."""
    return _component.check_when_known(url, webhook_url_reasons, subject)


def checked_action_group(value: pulumi.Input[str], subject: str) -> pulumi.Input[str]:
    """A plain id was checked at construction; an Output is checked when it resolves."""
    return _component.check_when_known(value, action_group_reasons, subject)


def checked_headers(
    monitor: Monitor, hc: HealthCheck, subject: str
) -> tuple[tuple[str, pulumi.Input[str]], ...]:
    """Host header values that are Outputs get the '*' rule when they resolve [TM_FAQ]."""
    out: list[tuple[str, pulumi.Input[str]]] = []
    for name, value in monitor.headers:
        if name.lower() == "host":
            path = f"{hc.path_of('headers')}.{name}"

            def star(v: str, path: str = path) -> list[Reason]:
                return [star_host_reason(path, v)] if "*" in v else []

            value = _component.check_when_known(value, star, subject)
        out.append((name, value))
    return tuple(out)
