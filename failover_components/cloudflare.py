"""``CloudflareFailover``: ordered failover with Cloudflare Load Balancing monitors and pools.

One failover set becomes, on pulumi-cloudflare 6.x (the v5 Terraform provider underneath):

* a ``LoadBalancerMonitor`` per distinct health check: pools that do not override
  ``health_check`` share ``<name>-monitor``; a pool with its own ``health_check`` gets
  ``<name>-<pool>-monitor``; a pool with ``up`` endpoints (and no ``obey`` one) gets none;
* a ``LoadBalancerPool`` per tier, ``<name>-<pool>-pool``: the tier's endpoints as origins;
* one ``LoadBalancer`` for the hostname, ``<name>-lb``: ``steering_policy="off"`` (failover
  in ``default_pools`` order), the last tier as the ``fallback_pool``;
* with ``dnssec: true``, a ``ZoneDnssec``, ``<name>-dnssec``, that signs the zone ``zone_id``
  (protected: see :class:`CloudflareFailover` for the order to turn it on and off);
* with ``alerts``, a ``NotificationPolicy``, ``<name>-health-alert``, for the
  ``load_balancing_health_alert`` of the component's pools, and, with ``alerts.webhook_url``,
  the webhook destination it notifies, ``<name>-alert-webhook``
  (``NotificationPolicyWebhooks``).

Child resource names are built from the component, pool and endpoint names, never list
positions, so reordering tiers never replaces anything. Monitors and pools are account
resources (``account_id``), the load balancer a zone resource (``zone_id``).

Cloudflare facts this module relies on (each repeated where it is used, with its source):

* the fallback pool is the pool of last resort: its health is never taken into account;
  when every pool is unhealthy, traffic goes there anyway (fail-open) [CF_HEALTH];
* a pool without a monitor is never considered unhealthy [CF_HEALTH], which is how
  endpoints with ``status: up`` are expressed;
* a proxied load balancer steers at Cloudflare's edge, independent of resolver caches;
  a DNS-only one answers origin addresses with its ``ttl`` [CF_PROXY];
* a DNS-only load balancer flattens host-name origins: clients get the A/AAAA records of
  the origin's name, not a CNAME (returning the CNAME needs ``flatten_cname: false``, an
  Enterprise feature in limited availability, left at its default here) [CF_FLATTEN];
* a pool without ``check_regions`` is probed from every data center, which only Enterprise
  allows: on other plans the API rejects it ("Probing from every data centre is not allowed
  with this subscription") [CF_ALL_DATA_CENTERS], so ``health_check.regions`` is required
  unless ``plan`` is ``enterprise``.
"""

import ipaddress
import re
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum
from typing import Any, Optional, cast
from urllib.parse import urlsplit

import pulumi

with warnings.catch_warnings():
    # pulumi_cloudflare's __init__ star-imports every module, deprecated aliases included
    # (AccessApplication and others), each warning at import time. None is used here; the
    # filter covers only the SDK's own deprecation warnings, during this import only.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"pulumi_cloudflare\.")
    import pulumi_cloudflare as cloudflare

from . import _component, cloud_names, naming, ownership, summary
from .errors import MISSING, FailoverConfigError, Reason
from .model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from .spec import EndpointStatus, FailoverSetArgs, Protocol
from .timing import FailoverTiming, cloudflare_timing, slowest
from .validation import (
    check_keys,
    checked_address,
    email_list_reasons,
    email_reasons,
    typeddict_keys,
)

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired, TypedDict

__all__ = [
    "CloudflareAlertsArgs",
    "CloudflareFailover",
    "CloudflareFailoverArgs",
    "CloudflarePlan",
    "check_args",
]

CF_MONITORS = "https://developers.cloudflare.com/load-balancing/monitors/"
CF_MONITOR_SETTINGS = "https://developers.cloudflare.com/load-balancing/monitors/create-monitor/"
CF_LIMITS = "https://developers.cloudflare.com/load-balancing/reference/limitations/"
CF_HEALTH = "https://developers.cloudflare.com/load-balancing/understand-basics/health-details/"
CF_STEERING_OFF = (
    "https://developers.cloudflare.com/load-balancing/understand-basics/"
    "traffic-steering/steering-policies/standard-options/"
)
CF_PROXY = "https://developers.cloudflare.com/load-balancing/understand-basics/proxy-modes/"
CF_FLATTEN = "https://developers.cloudflare.com/load-balancing/additional-options/cname-flattening/"
CF_POOLS = "https://developers.cloudflare.com/load-balancing/pools/create-pool/"
CF_DNS_TTL = "https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/"
CF_LB_API = "https://developers.cloudflare.com/api/resources/load_balancers/methods/create/"
CF_WEIGHT_SCHEMA = (
    "https://github.com/cloudflare/api-schemas/blob/main/openapi.json "
    "(components.schemas.load-balancing_weight)"
)
CF_IPS = "https://www.cloudflare.com/ips/"
CF_API_IDS = "https://developers.cloudflare.com/fundamentals/account/find-account-and-zone-ids/"
# The API rejects a pool without check_regions on non-Enterprise plans: "Probing from every
# data centre is not allowed with this subscription. Please choose regions to probe from."
CF_ALL_DATA_CENTERS = "https://github.com/cloudflare/cloudflare-go/pull/162"
CF_DNSSEC = "https://developers.cloudflare.com/dns/dnssec/"
CF_DNSSEC_STATES = "https://developers.cloudflare.com/dns/dnssec/dnssec-states/"
CF_HEALTH_ALERT = (
    "https://developers.cloudflare.com/load-balancing/reference/migration-guides/"
    "health-monitor-notifications/"
)
CF_WEBHOOKS = "https://developers.cloudflare.com/notifications/get-started/configure-webhooks/"
CF_WEBHOOK_API = (
    "https://developers.cloudflare.com/api/resources/alerting/subresources/destinations/"
    "subresources/webhooks/methods/create/"
)


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


# --- Cloudflare's limits ------------------------------------------------------------------

# CONFLICT in the docs (features.md §1.3): the monitor settings page gives 60 s (Pro),
# 15 s (Business), 10 s (Enterprise) [CF_MONITOR_SETTINGS]; the limitations page gives 15 s
# for every non-Enterprise plan [CF_LIMITS]. The stricter reading is taken, so a valid plan
# here is never rejected by the API. The maximum is 3600 s on every plan [CF_LIMITS].
_CONFLICTING = (CloudflarePlan.FREE, CloudflarePlan.PRO)
"""The plans whose shortest interval the two pages give differently."""
_INTERVAL_SOURCES = (
    f"; {CF_MONITOR_SETTINGS} gives 60 s on free and pro, {CF_LIMITS} 15 s: the stricter is "
    "checked, so a plan accepted here is never refused by the API"
)
MIN_INTERVAL = {
    CloudflarePlan.FREE: 60,
    CloudflarePlan.PRO: 60,
    CloudflarePlan.BUSINESS: 15,
    CloudflarePlan.ENTERPRISE: 10,
}
MAX_INTERVAL = 3600
DEFAULT_INTERVAL = 60
"""Cloudflare's own default monitor interval [CF_MONITOR_SETTINGS]."""
DEFAULT_TIMEOUT = 5
"""Cloudflare's own default probe timeout (Terraform schema default)."""
DEFAULT_FAILURE_THRESHOLD = 2
"""``consecutive_down`` (and ``consecutive_up``): two results in a row before a change, so one
lost probe never flips an origin (pain.md §E29)."""
RETRIES = 0
"""Cloudflare retries a timed-out probe immediately, ``retries`` times, before the check
counts as failed [CF_MONITOR_SETTINGS]. With 0, one check is one probe: ``failure_threshold``
checks ``interval`` apart mark an origin down, exactly what the timing model computes
(``timeout x (retries + 1)`` per check); flakiness is absorbed by ``consecutive_down``, which
is spread over time, instead of by instant retries that hit the same blip."""
DEFAULT_EXPECTED_CODES = "2xx"
DEFAULT_DNS_ONLY_TTL = 60
# A DNS-only load balancer's ttl is the load balancer's own setting (``load-balancing_ttl``:
# "Time to live (TTL) of the DNS entry for the IP address returned by this load balancer. This
# only applies to gray-clouded (unproxied) load balancers", a number, example 30, no minimum)
# [CF_LB_API]. The 60 s floor of non-Enterprise zones applies to plain DNS records
# [CF_DNS_TTL], not to it, so 30 s (the API's own default and example) is allowed on every
# plan; nothing shorter is documented, so nothing shorter is sent.
MIN_TTL = {
    CloudflarePlan.FREE: 30,
    CloudflarePlan.PRO: 30,
    CloudflarePlan.BUSINESS: 30,
    CloudflarePlan.ENTERPRISE: 30,
}
MAX_TTL = 86400
WEIGHT_STEP = Decimal("0.01")
"""Origin weights are 0 to 1 in steps of 0.01 (``load-balancing_weight``: ``minimum: 0``,
``maximum: 1``, ``multipleOf: 0.01``) [CF_WEIGHT_SCHEMA]; a weight off that grid is refused
or rounded by the API, and 0 sends the origin no traffic."""
MAX_WEIGHT_RATIO = 100
"""The largest ratio of weights in one pool the 0.01 grid can express (1 : 0.01)."""

REGIONS: dict[str, str] = {
    "WNAM": "Western North America",
    "ENAM": "Eastern North America",
    "WEU": "Western Europe",
    "EEU": "Eastern Europe",
    "NSAM": "Northern South America",
    "SSAM": "Southern South America",
    "OC": "Oceania",
    "ME": "Middle East",
    "NAF": "North Africa",
    "SAF": "South Africa",
    "SAS": "Southern Asia",
    "SEAS": "South East Asia",
    "NEAS": "North East Asia",
    "ALL_REGIONS": "all regions (Enterprise only)",
}
"""Pool ``check_regions`` codes (Terraform ``load_balancer_pool`` schema); each region probes
from three data centers [CF_MONITORS]."""
ALL_REGIONS = "ALL_REGIONS"

# Cloudflare's own anycast ranges [CF_IPS]. An origin there is another Cloudflare-proxied
# site, not a server: use that site's host name instead (pain.md §3).
_CLOUDFLARE_NETS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "173.245.48.0/20",
        "103.21.244.0/22",
        "103.22.200.0/22",
        "103.31.4.0/22",
        "141.101.64.0/18",
        "108.162.192.0/18",
        "190.93.240.0/20",
        "188.114.96.0/20",
        "197.234.240.0/22",
        "198.41.128.0/17",
        "162.158.0.0/15",
        "104.16.0.0/13",
        "104.24.0.0/14",
        "172.64.0.0/13",
        "131.0.72.0/22",
        "2400:cb00::/32",
        "2606:4700::/32",
        "2803:f800::/32",
        "2405:b500::/32",
        "2405:8100::/32",
        "2a06:98c0::/29",
        "2c0f:f248::/32",
    )
)

_HEX32 = frozenset("0123456789abcdef")
_POOL_NAME_MAX = 64
TYPE_TOKEN = naming.type_token("CloudflareFailover")


# --- Reading the Cloudflare keys -----------------------------------------------------------


def occupies(_fset: FailoverSet) -> str | None:
    """What this cloud holds at the hostname, for :mod:`ownership`: the whole name, since a
    zone has one load balancer per hostname whatever the record type it answers
    (https://developers.cloudflare.com/load-balancing/load-balancers/dns-records/)."""
    return ownership.WHOLE_NAME


def _is_output(value: object) -> bool:
    return isinstance(value, pulumi.Output) or hasattr(value, "__await__")


def _id_problem(value: str) -> str | None:
    if len(value) != 32 or not set(value) <= _HEX32:
        return "not a Cloudflare id"
    return None


def _id_reason(path: str, value: object) -> Reason | None:
    if not isinstance(value, str):
        return Reason(path, "not a string", value, "32 lowercase hexadecimal characters")
    problem = _id_problem(value)
    if problem:
        return Reason(
            path,
            problem,
            value,
            f"32 lowercase hexadecimal characters (dashboard, Overview page: {CF_API_IDS})",
        )
    return None


def _same_ids_reason(account_id: str) -> Reason:
    # Monitors and pools live under /accounts/{account_id}, the load balancer under
    # /zones/{zone_id}; one id for both is always a mix-up (pain.md §E23).
    return Reason(
        "zone_id",
        "is the same as account_id",
        account_id,
        "the zone's own id: monitors and pools belong to the account, the load balancer to the zone",
    )


def _plan(args: Mapping[str, Any]) -> CloudflarePlan:
    """The plan, or the default when absent or invalid (``_key_reasons`` reports that)."""
    raw = args.get("plan")
    if isinstance(raw, CloudflarePlan):
        return raw
    if isinstance(raw, str):
        for member in CloudflarePlan:
            if member.value == raw.strip().lower():
                return member
    return CloudflarePlan.PRO


def _proxied_given(args: Mapping[str, Any]) -> bool | None:
    raw = args.get("proxied")
    return raw if isinstance(raw, bool) else None


def _key_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """The Cloudflare keys' own values; runs even when the neutral keys are broken."""
    reasons: list[Reason] = []
    plain_ids: dict[str, str] = {}
    for key in ("account_id", "zone_id"):
        if key not in args or args[key] is None:
            reasons.append(Reason(key, "required", expected="32 lowercase hexadecimal characters"))
            continue
        value = args[key]
        if _is_output(value):
            continue  # checked when it resolves (see _checked_ids)
        reason = _id_reason(key, value)
        if reason:
            reasons.append(reason)
        else:
            plain_ids[key] = value
    if len(plain_ids) == 2 and plain_ids["account_id"] == plain_ids["zone_id"]:
        reasons.append(_same_ids_reason(plain_ids["account_id"]))
    if "proxied" in args and args["proxied"] is not None and not isinstance(args["proxied"], bool):
        reasons.append(Reason("proxied", "not a boolean", args["proxied"], "true or false"))
    raw_plan = args.get("plan")
    if raw_plan is not None and not (
        isinstance(raw_plan, CloudflarePlan)
        or (
            isinstance(raw_plan, str)
            and raw_plan.strip().lower() in {m.value for m in CloudflarePlan}
        )
    ):
        allowed = ", ".join(repr(m.value) for m in CloudflarePlan)
        reasons.append(Reason("plan", "not an allowed value", raw_plan, f"one of {allowed}"))
    for key in ("allow_insecure", "dnssec"):
        if key in args and args[key] is not None and not isinstance(args[key], bool):
            reasons.append(Reason(key, "not a boolean", args[key], "true or false"))
    reasons.extend(_alerts_reasons(args))
    return reasons


def _flag(args: Mapping[str, Any], key: str) -> bool:
    """A boolean key read defensively: only ``True`` turns it on."""
    return args.get(key) is True


# --- Alerts ---------------------------------------------------------------------------------

_ALERT_KEYS = typeddict_keys(CloudflareAlertsArgs)
# The API documents a webhook id as "UUID" (maxLength 32) and shows it both without hyphens
# and with them [CF_WEBHOOK_API]; both spellings are accepted.
_WEBHOOK_ID = re.compile(
    r"^([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.IGNORECASE
)
_WEBHOOK_URL_EXPECTED = "https://<host>/<path> (the value is a secret and is not shown)"
HEALTH_ALERT_TYPE = "load_balancing_health_alert"
HEALTH_ALERT_NEW_HEALTHS = ("Unhealthy", "Healthy")
"""Both directions: a pool or origin going down (failover) and coming back (failback)
[CF_HEALTH_ALERT]."""
HEALTH_ALERT_EVENT_SOURCES = ("pool", "origin")
"""Pool events say a tier became unhealthy (traffic moves to the next one); origin events
report each endpoint, so losing one origin of a multi-endpoint tier is news before the whole
tier fails over [CF_HEALTH_ALERT]."""


def _webhook_url_reasons(value: object) -> list[Reason]:
    """The rules for ``alerts.webhook_url``; the value itself never appears in a reason
    (it usually carries a token)."""
    path = "alerts.webhook_url"
    if not isinstance(value, str):
        return [Reason(path, f"not a string ({type(value).__name__})", expected="an https URL")]
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return [Reason(path, "not a URL", expected=_WEBHOOK_URL_EXPECTED)]
    if parts.scheme.lower() != "https":
        scheme = f"scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        return [
            Reason(
                path,
                f"not an https URL ({scheme}): the URL, and any token in it, must travel encrypted",
                expected=_WEBHOOK_URL_EXPECTED,
            )
        ]
    if not parts.hostname:
        return [Reason(path, "has no host name", expected=_WEBHOOK_URL_EXPECTED)]
    if port not in (None, 80, 443):
        # Generic webhooks are only dispatched to port 80 or 443 [CF_WEBHOOKS].
        return [
            Reason(
                path,
                f"port {port}: Cloudflare sends webhook notifications to port 80 or 443 only",
                expected=_WEBHOOK_URL_EXPECTED,
            )
        ]
    return []


def _webhook_id_reasons(value: object) -> list[Reason]:
    path = "alerts.webhook_id"
    expected = (
        "32 hexadecimal characters or a UUID: the id of a webhook destination "
        "(Notifications > Destinations in the dashboard)"
    )
    if not isinstance(value, str):
        return [Reason(path, "not a string", value, expected)]
    if not _WEBHOOK_ID.match(value):
        return [Reason(path, "not a Cloudflare webhook id", value, expected)]
    return []


def _alerts_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """``alerts``: its keys, every email, the webhook URL and id (plain values; Outputs are
    checked when they resolve), and at least one target."""
    raw = args.get("alerts")
    if raw is None:
        return []
    expected = "a mapping with emails, webhook_url and/or webhook_id"
    if _is_output(raw):
        return [Reason("alerts", "must be a plain mapping, not an Output", expected=expected)]
    if not isinstance(raw, Mapping):
        return [Reason("alerts", "not a mapping", raw, expected)]
    alerts = cast("Mapping[str, Any]", raw)
    reasons = check_keys(alerts, _ALERT_KEYS, "alerts")
    email_problems, targets = email_list_reasons(alerts.get("emails"), check=_email_reasons)
    reasons.extend(email_problems)
    for key, check in (("webhook_url", _webhook_url_reasons), ("webhook_id", _webhook_id_reasons)):
        value = alerts.get(key)
        if value is None:
            continue
        targets += 1
        if not _is_output(value):
            reasons.extend(check(value))
    if targets == 0:
        reasons.append(
            Reason(
                "alerts",
                "no notification target",
                expected="at least one of emails, webhook_url, webhook_id",
            )
        )
    return reasons


def _email_reasons(emails: Sequence[object]) -> list[Reason]:
    return email_reasons(emails, names="a notification destination")


def _emails(args: Mapping[str, Any]) -> list[str]:
    """The validated email addresses (stripped), in the order given."""
    alerts = cast("Mapping[str, Any]", args.get("alerts") or {})
    return [cast(str, e).strip() for e in alerts.get("emails") or ()]


# --- Effective settings -----------------------------------------------------------------


def _interval(hc: HealthCheck) -> int:
    return hc.interval_seconds if hc.interval_seconds is not None else DEFAULT_INTERVAL


def _timeout(hc: HealthCheck) -> int:
    return hc.timeout_seconds if hc.timeout_seconds is not None else DEFAULT_TIMEOUT


def _threshold(hc: HealthCheck) -> int:
    return hc.failure_threshold if hc.failure_threshold is not None else DEFAULT_FAILURE_THRESHOLD


def _expected_codes(hc: HealthCheck) -> str | None:
    """Cloudflare's ``expected_codes``: one code (``200``) or one class (``2xx``)
    [CF_MONITOR_SETTINGS]; ``None`` when our ranges cannot be said that way."""
    if hc.expected_codes is None:
        return DEFAULT_EXPECTED_CODES
    if len(hc.expected_codes) != 1:
        return None
    low, high = hc.expected_codes[0]
    if low == high:
        return str(low)
    if low % 100 == 0 and high == low + 99:
        return f"{low // 100}xx"
    return None


def _is_monitored(pool: Pool) -> bool:
    """False when every endpoint is ``up`` or ``down`` with at least one ``up``: such a pool
    has no monitor, and Cloudflare never considers its health [CF_HEALTH]."""
    return not any(e.status is EndpointStatus.UP for e in pool.endpoints)


def _region_codes(hc: HealthCheck) -> list[str] | None:
    if hc.regions is None:
        return None
    return [r.strip().upper() for r in hc.regions]


def _default_proxied(fset: FailoverSet) -> bool:
    # Proxied load balancing is layer 7 (HTTP/HTTPS) [CF_PROXY]; a TCP service needs answers
    # that point at the origins themselves.
    return all(p.health_check.protocol is not Protocol.TCP for p in fset.pools if _is_monitored(p))


def _effective_proxied(fset: FailoverSet, args: Mapping[str, Any]) -> bool:
    given = _proxied_given(args)
    return _default_proxied(fset) if given is None else given


def _effective_ttl(fset: FailoverSet) -> int:
    return fset.ttl if fset.ttl is not None else DEFAULT_DNS_ONLY_TTL


def _tier_timing(hc: HealthCheck, *, proxied: bool, ttl: int) -> FailoverTiming:
    threshold = _threshold(hc)
    return cloudflare_timing(
        interval_seconds=_interval(hc),
        failure_threshold=threshold,
        timeout_seconds=_timeout(hc),
        retries=RETRIES,
        recovery_threshold=threshold,
        proxied=proxied,
        ttl_seconds=ttl,
    )


def _tier_timings(fset: FailoverSet, args: Mapping[str, Any]) -> list[FailoverTiming]:
    proxied = _effective_proxied(fset, args)
    ttl = _effective_ttl(fset)
    return [_tier_timing(p.health_check, proxied=proxied, ttl=ttl) for p in fset.pools]


# --- Cloudflare rules on the parsed set ---------------------------------------------------


def _anycast_reasons(kind: AddressKind, address: str, path: str) -> list[Reason]:
    if kind not in (AddressKind.IPV4, AddressKind.IPV6):
        return []
    ip = ipaddress.ip_address(address)
    for net in _CLOUDFLARE_NETS:
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


def _anycast_check(path: str) -> Callable[[AddressKind, str], list[Reason]]:
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
    reasons: list[Reason] = []
    interval = _interval(hc)
    low = MIN_INTERVAL[plan]
    if hc.interval_seconds is not None and not low <= interval <= MAX_INTERVAL:
        reasons.append(
            Reason(
                hc.path_of("interval_seconds"),
                f"out of range on the {plan.value!r} plan",
                interval,
                f"{low} to {MAX_INTERVAL} (shortest interval: 60 s free and pro, 15 s business, "
                f"10 s enterprise{_INTERVAL_SOURCES if plan in _CONFLICTING else ''})",
            )
        )
    timeout = _timeout(hc)
    if timeout >= interval:
        default = "" if hc.interval_seconds is not None else ", the default interval_seconds"
        reasons.append(
            Reason(
                hc.path_of("timeout_seconds"),
                f"must be below the interval ({interval} s{default})",
                timeout,
                f"1 to {interval - 1}",
            )
        )
    if hc.protocol is not Protocol.TCP and _expected_codes(hc) is None:
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
    codes = _region_codes(hc)
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


def _set_reasons(fset: FailoverSet, args: Mapping[str, Any]) -> list[Reason]:
    """Cloudflare's rules on a valid neutral set (cloud keys read defensively)."""
    plan = _plan(args)
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
        if _is_monitored(pool) and id(pool.health_check) not in checked:
            checked.add(id(pool.health_check))
            reasons.extend(_health_check_reasons(pool.health_check, plan))
    if _flag(args, "allow_insecure") and not any(
        p.health_check.protocol is Protocol.HTTPS for p in fset.pools if _is_monitored(p)
    ):
        reasons.append(
            Reason(
                "allow_insecure",
                "no monitor uses HTTPS, so there is no certificate to validate or skip",
                True,
                "allow_insecure only with an HTTPS health check",
            )
        )
    proxied = _effective_proxied(fset, args)
    if fset.ttl is not None:
        if proxied:
            why = (
                "proxied is true"
                if _proxied_given(args)
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
    if not reasons:
        reasons.extend(_component.tier_budget_reasons(fset, _tier_timings(fset, args)))
    return _unique(reasons)


def _unique(reasons: list[Reason]) -> list[Reason]:
    """One reason per (path, problem): a set-level setting inherited by several pools that
    override other keys is reported once."""
    seen: set[tuple[str, str]] = set()
    out: list[Reason] = []
    for reason in reasons:
        key = (reason.path, reason.problem)
        if key not in seen:
            seen.add(key)
            out.append(reason)
    return out


def check_args(args: Mapping[str, Any]) -> list[Reason]:
    """Every reason ``args`` cannot be declared as a :class:`CloudflareFailover`; registers
    nothing. The component and the config-driven program both use it."""
    _fset, reasons = _component.collect_reasons(
        args, args_type=CloudflareFailoverArgs, cloud_keys=_key_reasons, cloud_set=_set_reasons
    )
    return reasons


# --- Values checked when they resolve ------------------------------------------------------


def _checked_ids(
    account_id: pulumi.Input[str], zone_id: pulumi.Input[str], subject: str
) -> tuple[pulumi.Input[str], pulumi.Input[str]]:
    """The ids as resource inputs; an ``Output`` fails the deployment with the path of the
    bad value when it resolves (plain values were checked at construction)."""

    def check(path: str, value: object, other: object = MISSING) -> str:
        reason = _id_reason(path, value)
        if reason is None and other is not MISSING and value == other:
            reason = _same_ids_reason(str(value))
        if reason is not None:
            raise FailoverConfigError([reason], subject)
        return cast(str, value)

    account_in: pulumi.Input[str] = account_id
    zone_in: pulumi.Input[str] = zone_id
    if _is_output(account_id):
        if _is_output(zone_id):
            account_in = pulumi.Output.all(account_id, zone_id).apply(
                lambda ids: check("account_id", ids[0], ids[1])
            )
        else:
            account_in = pulumi.Output.from_input(account_id).apply(
                lambda a: check("account_id", a, zone_id)
            )
    if _is_output(zone_id):
        other = MISSING if _is_output(account_id) else account_id
        zone_in = pulumi.Output.from_input(zone_id).apply(lambda z: check("zone_id", z, other))
    return account_in, zone_in


def _checked_alert_input(
    value: pulumi.Input[str], check: Callable[[object], list[Reason]], subject: str
) -> pulumi.Input[str]:
    """A webhook URL or id as a resource input; an ``Output`` fails the deployment with the
    path when its resolved value breaks a rule (plain values were checked at construction)."""
    if not _is_output(value):
        return cast(str, value).strip()

    def resolved(text: object) -> str:
        FailoverConfigError.raise_if_any(check(text), subject)
        return cast(str, text).strip()

    return pulumi.Output.from_input(value).apply(resolved)


# --- Building the children ------------------------------------------------------------------


def _header(hc: HealthCheck) -> dict[str, pulumi.Input[Sequence[pulumi.Input[str]]]]:
    """Host header (the public hostname unless ``host`` says otherwise) plus ``headers``.
    Cloudflare recommends a Host header; without it the probe's Host is the origin address
    [CF_MONITOR_SETTINGS] (how the SNI name of an HTTPS probe is chosen is not documented).

    Every value of ``headers`` is made a Pulumi secret: a shared secret header is how the
    health endpoint tells Cloudflare's probes from anyone else (with an allow-list of
    Cloudflare's source ranges [CF_IPS]), and a value given as a plain string must not land
    in the state in clear text. The default Host header (``host``, the public hostname by
    default) stays plain."""
    header: dict[str, pulumi.Input[Sequence[pulumi.Input[str]]]] = {}
    if not any(name.lower() == "host" for name in hc.headers):
        header["Host"] = [hc.host]
    for name, value in hc.headers.items():
        header[name] = [pulumi.Output.secret(value)]
    return header


def _allow_insecure(hc: HealthCheck, allow_insecure: bool) -> bool | None:
    """``allow_insecure`` for one monitor: never for TCP (no such setting), true only for an
    HTTPS monitor when the user asked; certificates are validated otherwise [CF_MONITOR_SETTINGS]."""
    if hc.protocol is Protocol.TCP:
        return None
    return allow_insecure and hc.protocol is Protocol.HTTPS


def _monitor(
    resource_name: str,
    hc: HealthCheck,
    account_id: pulumi.Input[str],
    description: str,
    opts: pulumi.ResourceOptions,
    *,
    allow_insecure: bool = False,
) -> cloudflare.LoadBalancerMonitor:
    tcp = hc.protocol is Protocol.TCP
    return cloudflare.LoadBalancerMonitor(
        resource_name,
        account_id=account_id,
        type=hc.protocol.value.lower(),
        # Set explicitly: server-side defaults otherwise show up as drift (pain.md §E27).
        port=hc.port,
        # The provider's schema defaults method to GET even for TCP monitors, so say it.
        method="connection_established" if tcp else "GET",
        interval=_interval(hc),
        timeout=_timeout(hc),
        retries=RETRIES,
        consecutive_down=_threshold(hc),
        consecutive_up=_threshold(hc),
        description=description,
        # The rest is HTTP/HTTPS only [CF_MONITOR_SETTINGS].
        path=None if tcp else hc.path,
        expected_codes=None if tcp else _expected_codes(hc),
        expected_body=None if tcp else hc.search_string,
        header=None if tcp else _header(hc),
        # Certificates are validated unless allow_insecure is set (features.md gotcha 9); a
        # redirect counts as a failure instead of being followed to some other server.
        allow_insecure=_allow_insecure(hc, allow_insecure),
        follow_redirects=None if tcp else False,
        opts=opts,
    )


def _weight(endpoint: Endpoint, pool: Pool) -> float:
    """The origin weight Cloudflare is sent: ours (1-255) relative to the pool's largest, on
    Cloudflare's 0.01 grid [CF_WEIGHT_SCHEMA]. ``_weight_reasons`` refuses ratios above
    :data:`MAX_WEIGHT_RATIO`, so no weight rounds to 0 (no traffic)."""
    top = max(e.weight for e in pool.endpoints)
    share = (Decimal(endpoint.weight) / Decimal(top)).quantize(WEIGHT_STEP, ROUND_HALF_EVEN)
    return float(max(share, WEIGHT_STEP))


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


def _ids_by_name(ids: Mapping[str, pulumi.Output[str]]) -> pulumi.Output[dict[str, str]]:
    """``{name: id}`` once every id is known."""
    names = list(ids)
    return _component.combine(
        [ids[n] for n in names], lambda values: dict(zip(names, values, strict=True))
    )


def _pool_name(component: str, pool: Pool, hostname: str) -> str:
    # Pool names must be unique in the account [CF_POOLS] and may hold letters, digits,
    # hyphens and underscores. The hostname's hash keeps two stacks of the same program
    # (dev and prod, same component name) from colliding in one account.
    # A pool name with a hyphen run (eu--1) carries a hash of itself: the slug would collapse
    # it onto eu-1's name (cloud_names.pool_part).
    digest = naming.short_hash(hostname)
    stem = naming.slug(
        f"{component}-{cloud_names.pool_part(pool.name)}", _POOL_NAME_MAX - len(digest) - 1
    )
    return f"{stem}-{digest}"


def _health_summary(
    pool: Pool, monitor_name: str | None, plan: CloudflarePlan, *, allow_insecure: bool = False
) -> dict[str, Any]:
    hc = pool.health_check
    out: dict[str, Any] = {"monitor": monitor_name, "minimum_origins": pool.min_healthy}
    if monitor_name is None:
        out["health"] = "ignored: no monitor, the pool's endpoints are 'up' (never probed)"
        return out
    out.update(
        type=hc.protocol.value.lower(),
        port=hc.port,
        method="connection_established" if hc.protocol is Protocol.TCP else "GET",
        interval=_interval(hc),
        timeout=_timeout(hc),
        retries=RETRIES,
        consecutive_down=_threshold(hc),
        consecutive_up=_threshold(hc),
        check_regions=_region_codes(hc)
        or ("every data center" if plan is CloudflarePlan.ENTERPRISE else None),
    )
    if hc.protocol is not Protocol.TCP:
        header = {"Host": hc.host} if not any(n.lower() == "host" for n in hc.headers) else {}
        header.update(dict.fromkeys(hc.headers, "[hidden]"))
        out.update(
            path=hc.path,
            expected_codes=_expected_codes(hc),
            expected_body=hc.search_string,
            header=header,
            allow_insecure=_allow_insecure(hc, allow_insecure),
            follow_redirects=False,
        )
    return out


@_component.outputs_built_by
class CloudflareFailover(pulumi.ComponentResource):
    """Ordered DNS failover on Cloudflare Load Balancing: one monitor per distinct health
    check, one pool per tier, and a load balancer for the hostname that answers from the first
    healthy pool (``steering_policy`` ``off``), falling back to the last tier when every pool
    is unhealthy (Cloudflare never health-checks its fallback pool).

    **Hardened checks.** Monitors probe over HTTPS by default, send the public hostname as
    Host header, validate certificates (unless ``allow_insecure``) and do not follow
    redirects. To keep anyone else off the health endpoint, require a shared secret header
    (``health_check.headers``, e.g. ``{"X-Health-Token": config.require_secret("token")}``):
    every header value is a Pulumi secret on the monitor. Allow-listing Cloudflare's source
    ranges (https://www.cloudflare.com/ips/) adds a second fence.

    **DNSSEC** (``dnssec: true``) signs the zone ``zone_id``; the load balancer's answers come
    from that same signed zone. The ``ZoneDnssec`` child is protected: deleting it while the
    parent zone still publishes the DS record makes validating resolvers reject every name of
    the zone [CF_DNSSEC_STATES]. To turn it on:

    1. set ``dnssec: true`` and run ``pulumi up``: Cloudflare signs the zone, its status is
       ``pending`` (output ``dnssec_status``);
    2. publish ``ds_record`` at the registrar (Cloudflare Registrar, and the ``.ch`` and
       ``.cz`` registries, add it automatically [CF_DNSSEC]);
    3. verify: after ``pulumi refresh`` the status is ``active``, and ``dig +dnssec`` (or
       DNSViz) shows a validated chain.

    To turn it off, in this order: remove the DS record at the registrar; wait out the DS
    record's TTL at the parent (often a day or two); ``pulumi state unprotect`` the
    ``<name>-dnssec`` resource; then set ``dnssec: false`` and run ``pulumi up``. Cloudflare
    deletes DNSSEC records only once the zone's DNSSEC is disabled [CF_DNSSEC_STATES]: if the
    delete is refused, disable DNSSEC in the dashboard first and run ``pulumi up`` again.

    **Alerts** (``alerts``) create one notification policy for
    ``load_balancing_health_alert``, filtered to this set's pools, for pool and origin
    events in both directions (unhealthy and healthy again) [CF_HEALTH_ALERT].
    """

    fqdn: pulumi.Output[str]
    """The hostname clients resolve (lower case, no trailing dot)."""
    load_balancer_id: pulumi.Output[str]
    """The Cloudflare id of the load balancer."""
    pool_ids: pulumi.Output[dict[str, str]]
    """The Cloudflare id of each pool, by pool name."""
    monitor_ids: pulumi.Output[dict[str, str]]
    """The Cloudflare id of the monitor of each pool, by pool name (pools without a monitor
    are left out)."""
    worst_case_failover_seconds: pulumi.Output[int]
    """Worst case, in seconds, from a tier going down until clients are sent to the next tier
    (the slowest tier that can fail over; proxied load balancers have no resolver-cache term)."""
    ds_record: pulumi.Output[Optional[str]]
    """The DS record to publish at the registrar (``<zone>. 3600 IN DS <key tag> 13 2
    <digest>``) when ``dnssec`` is on; ``None`` otherwise."""
    dnssec_status: pulumi.Output[Optional[str]]
    """Cloudflare's DNSSEC status of the zone when ``dnssec`` is on (``pending`` until the DS
    record is seen at the registrar, then ``active``; read again by ``pulumi refresh``);
    ``None`` otherwise."""
    notification_policy_id: pulumi.Output[Optional[str]]
    """The id of the health-alert notification policy when ``alerts`` is set; ``None``
    otherwise."""
    alert_webhook_id: pulumi.Output[Optional[str]]
    """The id of the webhook destination created from ``alerts.webhook_url`` (pass it as
    ``webhook_id`` to other components to share it); ``None`` when none was created."""
    acknowledged_policies: pulumi.Output[dict[str, str]]
    """The policy rules this set knowingly breaks, with their reasons
    (``policy_acknowledgements``); the policy pack reads it to mark findings acknowledged."""

    def __init__(
        self,
        name: str,
        args: CloudflareFailoverArgs,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        subject = f"CloudflareFailover {name!r}"
        raw = cast("Mapping[str, Any]", args)
        fset = _component.validated(
            raw,
            subject,
            args_type=CloudflareFailoverArgs,
            cloud_keys=_key_reasons,
            cloud_set=_set_reasons,
            name=name,
        )
        pool_names = [
            (f"pools[{i}].name", _pool_name(name, pool, fset.hostname))
            for i, pool in enumerate(fset.pools)
        ]
        FailoverConfigError.raise_if_any(
            [
                r
                for path, value in pool_names
                if (r := cloud_names.reason("Cloudflare pool name", value, path)) is not None
            ]
            + cloud_names.distinct_reasons("Cloudflare pool name", pool_names),
            subject,
        )
        ownership.claim_set(
            subject, fset, occupies=occupies(fset), parent=opts.parent if opts else None
        )
        super().__init__(TYPE_TOKEN, name, None, opts)

        plan = _plan(raw)
        proxied = _effective_proxied(fset, raw)
        ttl = _effective_ttl(fset)
        insecure = _flag(raw, "allow_insecure")
        account_id, zone_id = _checked_ids(raw["account_id"], raw["zone_id"], subject)
        child_opts = pulumi.ResourceOptions(parent=self)

        # Monitors: one shared by the pools that keep the set's health check, one per pool
        # that overrides it, none for a pool whose health Cloudflare must ignore.
        monitors: dict[str, cloudflare.LoadBalancerMonitor] = {}
        monitor_names: dict[str, str] = {}
        shared: cloudflare.LoadBalancerMonitor | None = None
        for pool in fset.pools:
            if not _is_monitored(pool):
                continue
            if pool.overrides_health_check:
                monitor_names[pool.name] = naming.child(name, pool.name, "monitor")
                monitors[pool.name] = _monitor(
                    monitor_names[pool.name],
                    pool.health_check,
                    account_id,
                    f"{fset.hostname} failover, pool {pool.name} ({name})",
                    child_opts,
                    allow_insecure=insecure,
                )
                continue
            monitor_names[pool.name] = naming.child(name, "monitor")
            if shared is None:
                shared = _monitor(
                    monitor_names[pool.name],
                    fset.health_check,
                    account_id,
                    f"{fset.hostname} failover ({name})",
                    child_opts,
                    allow_insecure=insecure,
                )
            monitors[pool.name] = shared

        pools: dict[str, cloudflare.LoadBalancerPool] = {}
        for pool in fset.pools:
            hc = pool.health_check
            monitor = monitors.get(pool.name)
            origins = [
                cloudflare.LoadBalancerPoolOriginArgs(
                    address=checked_address(
                        endpoint,
                        fset,
                        subject=subject,
                        extra=_anycast_check(f"{endpoint.where}.address"),
                    ),
                    name=endpoint.name,
                    weight=_weight(endpoint, pool),
                    # A disabled origin gets no traffic and no probes [CF_POOLS]: a drain.
                    enabled=endpoint.status is not EndpointStatus.DOWN,
                )
                for endpoint in pool.endpoints
            ]
            pools[pool.name] = cloudflare.LoadBalancerPool(
                naming.child(name, pool.name, "pool"),
                account_id=account_id,
                name=_pool_name(name, pool, fset.hostname),
                description=f"{fset.hostname} failover tier {pool.tier}: {pool.name} ({name})",
                origins=origins,
                # The pool is Critical, and skipped, below this many healthy origins [CF_HEALTH].
                minimum_origins=pool.min_healthy,
                monitor=monitor.id if monitor is not None else None,
                check_regions=_region_codes(hc) if monitor is not None else None,
                enabled=True,
                opts=child_opts,
            )

        ordered = [pools[p.name] for p in fset.pools]
        # default_pools in tier order with steering "off": the first healthy pool answers
        # [CF_STEERING_OFF]. The fallback pool is the last tier: Cloudflare never takes its
        # health into account and sends traffic there when every pool is unhealthy [CF_HEALTH].
        # The explicit dependency makes Pulumi update the load balancer before it deletes a
        # replaced or removed pool (create-before-delete, never delete_before_replace on pools:
        # pain.md §E26).
        lb = cloudflare.LoadBalancer(
            naming.child(name, "lb"),
            zone_id=zone_id,
            name=fset.hostname,
            description=f"failover set {name}: " + " > ".join(p.name for p in fset.pools),
            default_pools=[p.id for p in ordered],
            fallback_pool=ordered[-1].id,
            steering_policy="off",
            proxied=proxied,
            # ttl applies to DNS-only load balancers only [CF_PROXY].
            ttl=None if proxied else ttl,
            enabled=True,
            opts=pulumi.ResourceOptions(parent=self, depends_on=ordered),
        )

        dnssec = self._dnssec(name, zone_id) if _flag(raw, "dnssec") else None
        webhook, policy = (
            self._alerts(name, fset, raw, account_id, pools, subject)
            if raw.get("alerts") is not None
            else (None, None)
        )

        # What the outputs are built from (see _component.outputs_built_by) and what the plan
        # summary is built from when the plan or a test asks for it.
        self._name = name
        # Read again by the summary (_facts, _tier_timings): proxied and ttl reach the timing.
        self._raw = _component.snapshot(raw, ("allow_insecure", "dnssec", "alerts", "proxied"))
        self._fset = fset
        self._plan = plan
        self._proxied = proxied
        self._ttl = ttl
        self._insecure = insecure
        self._lb_id: pulumi.Output[str] = lb.id
        self._pools = pools
        self._monitors = monitors
        self._monitor_names = monitor_names
        self._ds_record: Optional[pulumi.Output[Optional[str]]] = (
            dnssec.ds if dnssec is not None else None
        )
        self._dnssec_status: Optional[pulumi.Output[Optional[str]]] = (
            dnssec.status if dnssec is not None else None
        )
        self._policy_id: Optional[pulumi.Output[str]] = policy.id if policy is not None else None
        self._webhook_id: Optional[pulumi.Output[str]] = webhook.id if webhook is not None else None
        _component.finish(
            self,
            self._summary,
            fqdn=fset.hostname,
            worst_case_failover_seconds=self._worst().worst_case_failover_seconds,
            acknowledged_policies=fset.policy_acknowledgements,
        )

    def _worst(self) -> FailoverTiming:
        """The slowest tier that can fail over (the only tier of a one-pool set)."""
        timings = _tier_timings(self._fset, self._raw)
        return slowest(timings[:-1]) if len(timings) > 1 else timings[0]

    # -- outputs, built by _component.finish ---------------------------------------------

    def _fqdn_output(self) -> pulumi.Output[str]:
        return _component.known(self._fset.hostname)

    def _load_balancer_id_output(self) -> pulumi.Output[str]:
        return self._lb_id

    def _pool_ids_output(self) -> pulumi.Output[dict[str, str]]:
        return _ids_by_name({n: p.id for n, p in self._pools.items()})

    def _monitor_ids_output(self) -> pulumi.Output[dict[str, str]]:
        return _ids_by_name({n: m.id for n, m in self._monitors.items()})

    def _worst_case_failover_seconds_output(self) -> pulumi.Output[int]:
        return _component.known(self._worst().worst_case_failover_seconds)

    def _ds_record_output(self) -> pulumi.Output[Optional[str]]:
        return _component.optional(self._ds_record)

    def _dnssec_status_output(self) -> pulumi.Output[Optional[str]]:
        return _component.optional(self._dnssec_status)

    def _notification_policy_id_output(self) -> pulumi.Output[Optional[str]]:
        return _component.optional(self._policy_id)

    def _alert_webhook_id_output(self) -> pulumi.Output[Optional[str]]:
        return _component.optional(self._webhook_id)

    def _acknowledged_policies_output(self) -> pulumi.Output[dict[str, str]]:
        return _component.known(dict(self._fset.policy_acknowledgements))

    # -- summary -------------------------------------------------------------------------

    def _summary(self) -> summary.FailoverSetSummary:
        """The plan summary (built when the plan or a test drains it, not at construction)."""
        fset, plan, proxied, ttl = self._fset, self._plan, self._proxied, self._ttl
        monitor_names, insecure = self._monitor_names, self._insecure
        timings = _tier_timings(fset, self._raw)
        return summary.FailoverSetSummary(
            component=self._name,
            type=TYPE_TOKEN,
            cloud="cloudflare",
            hostname=fset.hostname,
            zone_name=fset.zone_name,
            record_type=fset.record_type.value,
            ttl=0 if proxied else ttl,
            tiers=summary.tiers_of(
                fset,
                [
                    _health_summary(
                        pool, monitor_names.get(pool.name), plan, allow_insecure=insecure
                    )
                    for pool in fset.pools
                ],
                timings,
            ),
            timing=self._worst(),
            budget_seconds=fset.max_failover_seconds,
            facts=_facts(
                fset,
                plan=plan,
                proxied=proxied,
                monitored=set(monitor_names),
                args=self._raw,
                webhook_created=self._webhook_id is not None,
            ),
        )

    def _dnssec(self, name: str, zone_id: pulumi.Input[str]) -> cloudflare.ZoneDnssec:
        """Sign the zone. Protected: disabling DNSSEC while the DS record is still published
        at the parent breaks resolution of the whole zone [CF_DNSSEC_STATES]."""
        return cloudflare.ZoneDnssec(
            naming.child(name, "dnssec"),
            zone_id=zone_id,
            # The desired state; Cloudflare reports "pending" until the parent publishes the
            # DS record, "active" after [CF_DNSSEC_STATES]. NSEC3, multi-signer and presigned
            # zones are left at Cloudflare's defaults (off).
            status="active",
            opts=pulumi.ResourceOptions(parent=self, protect=True),
        )

    def _alerts(
        self,
        name: str,
        fset: FailoverSet,
        args: Mapping[str, Any],
        account_id: pulumi.Input[str],
        pools: Mapping[str, cloudflare.LoadBalancerPool],
        subject: str,
    ) -> tuple[cloudflare.NotificationPolicyWebhooks | None, cloudflare.NotificationPolicy]:
        """The webhook destination (when ``webhook_url`` is given) and the notification policy
        for the health of this set's pools [CF_HEALTH_ALERT]."""
        alerts = cast("Mapping[str, Any]", args["alerts"])
        webhook: cloudflare.NotificationPolicyWebhooks | None = None
        webhook_ids: list[pulumi.Input[str]] = []
        if alerts.get("webhook_url") is not None:
            url = _checked_alert_input(alerts["webhook_url"], _webhook_url_reasons, subject)
            webhook = cloudflare.NotificationPolicyWebhooks(
                naming.child(name, "alert-webhook"),
                account_id=account_id,
                # Included in the body of every notification [CF_WEBHOOK_API].
                name=f"{fset.hostname} failover ({name})",
                # The URL usually carries a token: a secret in the inputs, and (the SDK marks
                # only ``secret`` as a secret output) in the outputs too.
                url=pulumi.Output.secret(url),
                opts=pulumi.ResourceOptions(parent=self, additional_secret_outputs=["url"]),
            )
            webhook_ids.append(webhook.id)
        if alerts.get("webhook_id") is not None:
            webhook_ids.append(
                _checked_alert_input(alerts["webhook_id"], _webhook_id_reasons, subject)
            )
        emails = _emails(args)
        policy = cloudflare.NotificationPolicy(
            naming.child(name, "health-alert"),
            account_id=account_id,
            name=f"{fset.hostname} failover health ({name})",
            description=f"Health of the pools of failover set {name} ({fset.hostname}): "
            + " > ".join(p.name for p in fset.pools),
            alert_type=HEALTH_ALERT_TYPE,
            enabled=True,
            filters=cloudflare.NotificationPolicyFiltersArgs(
                # Every pool of the set, in tier order: the fallback pool's own health is never
                # used for steering [CF_HEALTH], but its origins going down is still news.
                pool_ids=[pools[p.name].id for p in fset.pools],
                new_healths=list(HEALTH_ALERT_NEW_HEALTHS),
                event_sources=list(HEALTH_ALERT_EVENT_SOURCES),
            ),
            mechanisms=cloudflare.NotificationPolicyMechanismsArgs(
                # An email mechanism's id is the address itself (SDK docstring).
                emails=[cloudflare.NotificationPolicyMechanismsEmailArgs(id=e) for e in emails]
                or None,
                webhooks=[
                    cloudflare.NotificationPolicyMechanismsWebhookArgs(id=i) for i in webhook_ids
                ]
                or None,
            ),
            opts=pulumi.ResourceOptions(parent=self),
        )
        return webhook, policy


def _facts(
    fset: FailoverSet,
    *,
    plan: CloudflarePlan,
    proxied: bool,
    monitored: set[str],
    args: Mapping[str, Any],
    webhook_created: bool,
) -> dict[str, Any]:
    last = fset.pools[-1].name
    facts: dict[str, Any] = {
        "plan": plan.value,
        "proxied": proxied,
        "steering_policy": "off: the first healthy pool in tier order answers",
        "fallback_pool": f"{last}: never health-checked; answers whenever every pool is "
        "unhealthy (fail-open)",
        "answers": "Cloudflare edge addresses; the edge forwards to the healthy origins"
        if proxied
        else (
            "origin host names flattened to their A/AAAA records"
            if fset.record_type.value == "CNAME"
            else "the healthy origins' addresses"
        ),
        "retries": "0: one failed probe is one failed check (consecutive_down counts checks)",
    }
    unmonitored = [p.name for p in fset.pools if p.name not in monitored]
    if unmonitored:
        facts["unmonitored_pools"] = (
            ", ".join(unmonitored) + ": no monitor, so Cloudflare never considers them unhealthy"
        )
    if _flag(args, "allow_insecure"):
        facts["allow_insecure"] = (
            "true: HTTPS monitors accept any certificate (policy rule cloudflare-monitor-tls)"
        )
    if _flag(args, "dnssec"):
        facts["dnssec"] = (
            "zone signed (protected ZoneDnssec): publish ds_record at the registrar "
            "(Cloudflare Registrar, .ch and .cz add it automatically)"
        )
    if args.get("alerts") is not None:
        alerts = cast("Mapping[str, Any]", args["alerts"])
        targets = [f"{len(_emails(args))} email address(es)"] if _emails(args) else []
        if webhook_created:
            targets.append("a new webhook")
        if alerts.get("webhook_id") is not None:
            targets.append("an existing webhook")
        facts["alerts"] = (
            f"{HEALTH_ALERT_TYPE} for pools "
            + ", ".join(p.name for p in fset.pools)
            + " (pool and origin events, unhealthy and healthy) to "
            + ", ".join(targets)
        )
    return facts
