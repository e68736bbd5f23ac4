"""What Cloudflare Load Balancing can and cannot do with a failover set, and the reasons:
pure, every reason at once.

:func:`check_args` returns every reason a set of args cannot be declared on Cloudflare without
registering anything; the component raises them as one
:class:`~failover_components.errors.FailoverConfigError`. What Cloudflare cannot do is an error
naming the field, never a silent drop.
"""

import ipaddress
from collections.abc import Callable, Mapping
from typing import Any

from .. import _component, cloud_names, ownership
from ..capabilities import Capabilities, unavailable_reasons
from ..errors import Reason
from ..model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from ..spec import EndpointStatus, Protocol
from .args import CloudflareFailoverArgs, CloudflarePlan
from .constants import (
    ALL_REGIONS,
    CF_LB_API,
    CF_WEIGHT_SCHEMA,
    CLOUDFLARE_NETS,
    CONFLICTING,
    INTERVAL_SOURCES,
    MAX_INTERVAL,
    MAX_TTL,
    MAX_WEIGHT_RATIO,
    MIN_INTERVAL,
    MIN_TTL,
    REGIONS,
)
from .layout import (
    effective_proxied,
    expected_codes,
    interval,
    is_monitored,
    pool_name,
    region_codes,
    tier_timings,
    timeout,
)
from .settings import CloudflareSettings, parse_settings

__all__ = [
    "CAPABILITIES",
    "anycast_check",
    "check_args",
    "key_reasons",
    "occupies",
    "pool_name_reasons",
    "set_reasons",
    "settings_of",
]

CAPABILITIES: Capabilities = {}
"""The neutral health-check keys Cloudflare cannot honour, with the reason and what to do:
every "not available" reason of this cloud is generated from this table
(:func:`~failover_components.capabilities.unavailable_reasons`). It is empty: every key of the
neutral health check has a monitor setting (protocol ``type``, ``port``, ``path``,
``expected_codes``, ``expected_body`` from ``search_string``, ``header``, ``interval``,
``timeout``, ``consecutive_down`` and ``consecutive_up`` from ``failure_threshold``,
``check_regions`` from ``regions``: CF_MONITOR_SETTINGS, CF_POOLS). Some values are refused,
each with its own reason below (an interval below the plan's floor, a status-code range
Cloudflare cannot say, a User-Agent header)."""


def settings_of(args: Mapping[str, Any]) -> CloudflareSettings:
    """The parsed Cloudflare settings (defaults where a value is missing or wrong)."""
    return parse_settings(args)[0]


def key_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """Rules for the Cloudflare keys themselves (run even when the neutral keys are broken)."""
    return parse_settings(args)[1]


def occupies(_fset: FailoverSet) -> str | None:
    """What this cloud holds at the hostname, for :mod:`ownership`: the whole name, since a
    zone has one load balancer per hostname whatever the record type it answers
    (https://developers.cloudflare.com/load-balancing/load-balancers/dns-records/)."""
    return ownership.WHOLE_NAME


def _anycast_reasons(kind: AddressKind, address: str, path: str) -> list[Reason]:
    if kind not in (AddressKind.IPV4, AddressKind.IPV6):
        return []
    ip = ipaddress.ip_address(address)
    for net in CLOUDFLARE_NETS:
        if ip.version == net.version and ip in net:
            return [
                Reason(
                    path,
                    f"a Cloudflare anycast address ({net}), not an origin server",
                    address,
                    "the origin's own address, or the host name of a site behind Cloudflare",
                )
            ]
    return []


def anycast_check(path: str) -> Callable[[AddressKind, str], list[Reason]]:
    """The anycast rule for an address known only at deployment."""

    def check(kind: AddressKind, address: str) -> list[Reason]:
        if kind is AddressKind.AZURE_RESOURCE_ID:
            return [_azure_id_reason(path, address)]
        return _anycast_reasons(kind, address, path)

    return check


def _azure_id_reason(path: str, address: object) -> Reason:
    return Reason(
        path,
        "an Azure resource id cannot be a Cloudflare origin",
        address,
        "an IPv4 or IPv6 address or a host name",
    )


def _endpoint_reasons(endpoint: Endpoint) -> list[Reason]:
    reasons: list[Reason] = []
    if endpoint.is_alias:
        reasons.append(
            Reason(
                f"{endpoint.where}.alias_zone_id",
                "Route 53 only: Cloudflare origins are addresses or host names",
                expected="no alias_zone_id (give the target's host name as address)",
            )
        )
    if endpoint.evaluate_target_health is not None:
        reasons.append(
            Reason(
                f"{endpoint.where}.evaluate_target_health",
                "Route 53 only",
                endpoint.evaluate_target_health,
                "no evaluate_target_health",
            )
        )
    if endpoint.kind is AddressKind.AZURE_RESOURCE_ID:
        reasons.append(_azure_id_reason(f"{endpoint.where}.address", endpoint.address))
    if endpoint.known and isinstance(endpoint.address, str):
        reasons.extend(
            _anycast_reasons(endpoint.kind, endpoint.address, f"{endpoint.where}.address")
        )
    return reasons


def _health_check_reasons(hc: HealthCheck, plan: CloudflarePlan) -> list[Reason]:
    """Rules for one monitor's settings on this plan."""
    reasons = unavailable_reasons("cloudflare", CAPABILITIES, hc)
    every = interval(hc)
    low = MIN_INTERVAL[plan]
    if hc.interval_seconds is not None and not low <= every <= MAX_INTERVAL:
        reasons.append(
            Reason(
                hc.path_of("interval_seconds"),
                f"out of range on the {plan.value!r} plan",
                every,
                f"{low} to {MAX_INTERVAL} (shortest interval: 60 s free and pro, 15 s business, "
                f"10 s enterprise{INTERVAL_SOURCES if plan in CONFLICTING else ''})",
            )
        )
    wait = timeout(hc)
    if wait >= every:
        default = "" if hc.interval_seconds is not None else ", the default interval_seconds"
        reasons.append(
            Reason(
                hc.path_of("timeout_seconds"),
                f"must be below the interval ({every} s{default})",
                wait,
                f"1 to {every - 1}",
            )
        )
    if hc.protocol is not Protocol.TCP and expected_codes(hc) is None:
        reasons.append(
            Reason(
                hc.path_of("expected_codes"),
                "Cloudflare accepts one status code or one class of codes",
                hc.expected_codes_text,
                "e.g. '200' or '2xx'",
            )
        )
    for header in hc.headers:
        if header.lower() == "user-agent":
            reasons.append(
                Reason(
                    f"{hc.path_of('headers')}.{header}",
                    "Cloudflare monitors cannot override the User-Agent header",
                    expected="another header name",
                )
            )
    codes = region_codes(hc)
    if codes is None:
        if plan is not CloudflarePlan.ENTERPRISE:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    f"required on the {plan.value!r} plan: without regions Cloudflare probes "
                    "from every data center, which only Enterprise allows",
                    expected="one or more of " + ", ".join(r for r in REGIONS if r != ALL_REGIONS),
                )
            )
        return reasons
    for code in codes:
        if code not in REGIONS:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    f"{code!r} is not a Cloudflare health check region",
                    list(hc.regions or ()),
                    "codes among " + ", ".join(REGIONS),
                )
            )
    if ALL_REGIONS in codes:
        if plan is not CloudflarePlan.ENTERPRISE:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    f"ALL_REGIONS is Enterprise only (plan {plan.value!r})",
                    list(hc.regions or ()),
                    "the regions to probe from, e.g. ['WEU', 'ENAM']",
                )
            )
        elif len(codes) > 1:
            reasons.append(
                Reason(
                    hc.path_of("regions"),
                    "ALL_REGIONS already includes every region",
                    list(hc.regions or ()),
                    "['ALL_REGIONS'] alone, or a list of regions",
                )
            )
    return reasons


def _pool_reasons(pool: Pool) -> list[Reason]:
    statuses = {e.status for e in pool.endpoints}
    reasons: list[Reason] = []
    if EndpointStatus.UP in statuses and EndpointStatus.OBEY in statuses:
        up = [e.where for e in pool.endpoints if e.status is EndpointStatus.UP]
        reasons.append(
            Reason(
                f"{pool.where}.endpoints",
                "mixes status 'up' ("
                + ", ".join(up)
                + ") with probed endpoints: a Cloudflare monitor probes every enabled origin "
                "of its pool, so one origin cannot skip the health check",
                expected="the 'up' endpoints in a pool of their own (it gets no monitor), "
                "or status 'obey'",
            )
        )
    elif EndpointStatus.UP in statuses and pool.overrides_health_check:
        reasons.append(
            Reason(
                f"{pool.where}.health_check",
                "not used: the pool has 'up' endpoints and no 'obey' ones, so it gets no monitor",
                expected="no health_check on this pool",
            )
        )
    return reasons


def set_reasons(fset: FailoverSet, args: Mapping[str, Any]) -> list[Reason]:
    """Cloudflare's rules on a valid neutral set (cloud keys read defensively)."""
    settings = settings_of(args)
    plan = settings.plan
    reasons: list[Reason] = []
    for endpoint in fset.endpoints():
        reasons.extend(_endpoint_reasons(endpoint))
    last = fset.pools[-1]
    if all(e.status is EndpointStatus.DOWN for e in last.endpoints):
        # Found by the property tests: with every tier down, Cloudflare answers from the
        # fallback pool whatever its health [CF_HEALTH]; a fallback pool whose origins are
        # all disabled answers nothing, where every other cloud still answers (fail-open).
        reasons.append(
            Reason(
                f"{last.where}.endpoints",
                "every endpoint of the last pool is 'down', and the last pool is Cloudflare's "
                "fallback pool: with every tier down the load balancer would answer nothing",
                expected="at least one endpoint of the last pool not 'down' (drain the last "
                "tier by adding another after it)",
            )
        )
    checked: set[int] = set()
    for pool in fset.pools:
        reasons.extend(_pool_reasons(pool))
        reasons.extend(_weight_reasons(pool))
        if is_monitored(pool) and id(pool.health_check) not in checked:
            checked.add(id(pool.health_check))
            reasons.extend(_health_check_reasons(pool.health_check, plan))
    if settings.allow_insecure and not any(
        p.health_check.protocol is Protocol.HTTPS for p in fset.pools if is_monitored(p)
    ):
        reasons.append(
            Reason(
                "allow_insecure",
                "no monitor uses HTTPS, so there is no certificate to validate or skip",
                True,
                "allow_insecure only with an HTTPS health check",
            )
        )
    proxied = effective_proxied(fset, settings)
    if fset.ttl is not None:
        if proxied:
            why = (
                "proxied is true"
                if settings.proxied
                else "proxied defaults to true with HTTP/HTTPS health checks"
            )
            reasons.append(
                Reason(
                    "ttl",
                    f"a proxied load balancer has no ttl ({why}); clients get Cloudflare's "
                    "edge addresses and failover does not wait for resolver caches",
                    fset.ttl,
                    "proxied: false for a DNS-only load balancer with a ttl, or no ttl",
                )
            )
        elif not MIN_TTL[plan] <= fset.ttl <= MAX_TTL:
            reasons.append(
                Reason(
                    "ttl",
                    f"out of range on the {plan.value!r} plan",
                    fset.ttl,
                    f"{MIN_TTL[plan]} to {MAX_TTL} (the load balancer's ttl, {CF_LB_API})",
                )
            )
    return _component.with_budget(fset, reasons, lambda: tier_timings(fset, settings))


def _weight_reasons(pool: Pool) -> list[Reason]:
    """Weights whose ratio the 0.01 grid cannot express (more than 100:1 within a pool)."""
    top = max((e.weight for e in pool.endpoints), default=1)
    return [
        Reason(
            f"{e.where}.weight",
            f"{top}:{e.weight} is more than the {MAX_WEIGHT_RATIO}:1 ratio Cloudflare origin "
            f"weights can express (0 to 1 in steps of 0.01, {CF_WEIGHT_SCHEMA})",
            e.weight,
            f"at least {-(-top // MAX_WEIGHT_RATIO)} next to a weight of {top}",
        )
        for e in pool.endpoints
        if e.weight * MAX_WEIGHT_RATIO < top
    ]


def check_args(args: Mapping[str, Any]) -> list[Reason]:
    """Every reason ``args`` cannot be declared as a :class:`CloudflareFailover`; registers
    nothing. The component and the config-driven program both use it."""
    _fset, reasons = _component.collect_reasons(
        args, args_type=CloudflareFailoverArgs, cloud_keys=key_reasons, cloud_set=set_reasons
    )
    return reasons


def pool_name_reasons(component: str, fset: FailoverSet) -> list[Reason]:
    """The pools' names in the account under Cloudflare's naming rule, and distinct."""
    names = [
        (f"pools[{i}].name", pool_name(component, pool, fset.hostname))
        for i, pool in enumerate(fset.pools)
    ]
    return [
        r
        for path, value in names
        if (r := cloud_names.reason("Cloudflare pool name", value, path)) is not None
    ] + cloud_names.distinct_reasons("Cloudflare pool name", names)
