"""Cloudflare facts the Cloudflare package decides with: type tokens, limits and defaults,
each with its source. No SDK import: the rules, the layout, the resolver, the mocks and the
IAM list read these without paying for ``pulumi_cloudflare``.
"""

import ipaddress
from decimal import Decimal

from ..naming import type_token
from .args import CloudflarePlan

__all__ = [
    "ALL_REGIONS",
    "CF_ALL_DATA_CENTERS",
    "CF_API_IDS",
    "CF_DNSSEC",
    "CF_DNSSEC_STATES",
    "CF_DNS_TTL",
    "CF_FLATTEN",
    "CF_HEALTH",
    "CF_HEALTH_ALERT",
    "CF_IPS",
    "CF_LB_API",
    "CF_LIMITS",
    "CF_MONITORS",
    "CF_MONITOR_SETTINGS",
    "CF_POOLS",
    "CF_POOL_API",
    "CF_PROXY",
    "CF_STEERING_OFF",
    "CF_WEBHOOKS",
    "CF_WEBHOOK_API",
    "CF_WEIGHT_SCHEMA",
    "CLOUDFLARE_NETS",
    "CONFLICTING",
    "DEFAULT_DNS_ONLY_TTL",
    "DEFAULT_EXPECTED_CODES",
    "DEFAULT_FAILURE_THRESHOLD",
    "DEFAULT_INTERVAL",
    "DEFAULT_TIMEOUT",
    "HEALTH_ALERT_EVENT_SOURCES",
    "HEALTH_ALERT_NEW_HEALTHS",
    "HEALTH_ALERT_TYPE",
    "HEX32",
    "HIDDEN_HEADER_VALUE",
    "INTERVAL_SOURCES",
    "LOAD_BALANCER",
    "MAX_INTERVAL",
    "MAX_TTL",
    "MAX_WEIGHT_RATIO",
    "MIN_INTERVAL",
    "MIN_TTL",
    "MONITOR",
    "NOTIFICATION_POLICY",
    "POOL",
    "POOL_NAME_MAX",
    "REGIONS",
    "RETRIES",
    "TYPE_TOKEN",
    "WEBHOOKS",
    "WEIGHT_STEP",
    "ZONE_DNSSEC",
]

# The engine's type tokens of what the component registers (pulumi-cloudflare 6.x).
MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor"
POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool"
LOAD_BALANCER = "cloudflare:index/loadBalancer:LoadBalancer"
ZONE_DNSSEC = "cloudflare:index/zoneDnssec:ZoneDnssec"
NOTIFICATION_POLICY = "cloudflare:index/notificationPolicy:NotificationPolicy"
WEBHOOKS = "cloudflare:index/notificationPolicyWebhooks:NotificationPolicyWebhooks"

# -- sources ---------------------------------------------------------------------------------

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
CF_POOL_API = (
    "https://developers.cloudflare.com/api/resources/load_balancers/subresources/pools/methods/"
    "create/"
)
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


# --- Cloudflare's limits ------------------------------------------------------------------

# CONFLICT in the docs (features.md §1.3): the monitor settings page gives 60 s (Pro),
# 15 s (Business), 10 s (Enterprise) [CF_MONITOR_SETTINGS]; the limitations page gives 15 s
# for every non-Enterprise plan [CF_LIMITS]. The stricter reading is taken, so a valid plan
# here is never rejected by the API. The maximum is 3600 s on every plan [CF_LIMITS].
CONFLICTING = (CloudflarePlan.FREE, CloudflarePlan.PRO)
"""The plans whose shortest interval the two pages give differently."""
INTERVAL_SOURCES = (
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
CLOUDFLARE_NETS = tuple(
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

HEX32 = frozenset("0123456789abcdef")
POOL_NAME_MAX = 64
TYPE_TOKEN = type_token("CloudflareFailover")
"""The component's type token."""

HIDDEN_HEADER_VALUE = "[hidden]"
"""What the plan summary shows for a header value: every value of ``health_check.headers`` is a
secret on the monitor (see ``component._header``), so the plan never prints one."""

# -- alerts ----------------------------------------------------------------------------------

HEALTH_ALERT_TYPE = "load_balancing_health_alert"
HEALTH_ALERT_NEW_HEALTHS = ("Unhealthy", "Healthy")
"""Both directions: a pool or origin going down (failover) and coming back (failback)
[CF_HEALTH_ALERT]."""
HEALTH_ALERT_EVENT_SOURCES = ("pool", "origin")
"""Pool events say a tier became unhealthy (traffic moves to the next one); origin events
report each endpoint, so losing one origin of a multi-endpoint tier is news before the whole
tier fails over [CF_HEALTH_ALERT]."""
