"""app.example.com in three tiers on Azure Traffic Manager, with its Azure DNS zone.

* ``primary``: one origin, probed over HTTPS every 10 s (fast probing);
* ``secondary``: two origins sharing the traffic, healthy while at least one answers (a nested
  Traffic Manager profile with weighted routing);
* ``backup``: a static site kept in rotation without probes (``status: up``), so the last tier
  always answers.
"""

import pulumi

from failover_components import EndpointStatus, Protocol
from failover_components.azure import TrafficManagerFailover

config = pulumi.Config()

web = TrafficManagerFailover(
    "web",
    {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "resource_group_name": config.get("resourceGroupName") or "rg-dns-example",
        "create_zone": True,
        "ttl": 30,
        "health_check": {
            "protocol": Protocol.HTTPS,
            "path": "/healthz",
            "interval_seconds": 10,
            "failure_threshold": 3,
            "expected_codes": "200-299",
        },
        "max_failover_seconds": 90,
        "pools": [
            {"name": "primary", "endpoints": [{"address": "192.0.2.10", "name": "west"}]},
            {
                "name": "secondary",
                "min_healthy": 1,
                "endpoints": [
                    {"address": "198.51.100.10", "name": "north", "weight": 2},
                    {"address": "198.51.100.11", "name": "south"},
                ],
            },
            {
                "name": "backup",
                "endpoints": [
                    {"address": "203.0.113.10", "name": "static", "status": EndpointStatus.UP}
                ],
            },
        ],
    },
)

pulumi.export("fqdn", web.fqdn)
pulumi.export("profile_fqdn", web.profile_fqdn)
pulumi.export("name_servers", web.name_servers)
pulumi.export("worst_case_failover_seconds", web.worst_case_failover_seconds)
