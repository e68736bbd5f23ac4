"""Three-tier failover for www.example.com on Cloudflare Load Balancing.

Tier 1 ("primary") is two origins that must both be healthy; tier 2 ("secondary") takes over
when either fails; tier 3 ("maintenance") is a static page that is never probed and, as the
fallback pool, answers whenever nothing else is healthy. The load balancer is proxied, so
failover happens at Cloudflare's edge and does not wait for resolver caches.
"""

import pulumi

from failover_components import EndpointStatus, Protocol
from failover_components.cloudflare import (
    CloudflareFailover,
    CloudflareFailoverArgs,
    CloudflarePlan,
)

config = pulumi.Config()

args: CloudflareFailoverArgs = {
    "account_id": config.require("accountId"),
    "zone_id": config.require("zoneId"),
    "plan": CloudflarePlan(config.get("plan") or "pro"),
    "hostname": "www.example.com",
    "zone_name": "example.com",
    "health_check": {
        "protocol": Protocol.HTTPS,
        "path": "/healthz",
        "expected_codes": "200",
        "search_string": "ok",
        # Cloudflare probes from three data centers in each region.
        "regions": ["WEU", "ENAM"],
        "interval_seconds": 60,
        "failure_threshold": 2,
        "timeout_seconds": 5,
    },
    "pools": [
        {
            "name": "primary",
            "min_healthy": 2,
            "endpoints": [
                {"name": "fra-1", "address": "192.0.2.10"},
                {"name": "fra-2", "address": "192.0.2.11"},
            ],
        },
        {
            "name": "secondary",
            "endpoints": [{"name": "iad-1", "address": "198.51.100.10"}],
        },
        {
            "name": "maintenance",
            "endpoints": [
                {"name": "static", "address": "203.0.113.10", "status": EndpointStatus.UP}
            ],
        },
    ],
    "max_failover_seconds": 180,
}
web = CloudflareFailover("www", args)

pulumi.export("fqdn", web.fqdn)
pulumi.export("worst_case_failover_seconds", web.worst_case_failover_seconds)
pulumi.export("pool_ids", web.pool_ids)
