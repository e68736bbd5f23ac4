"""app.example.com in three tiers on Route 53, in the existing public zone example.com.

* ``primary``: three web servers answered together (multivalue records), the pool healthy
  while at least two of them pass their HTTPS check (a calculated health check);
* ``secondary``: a disaster-recovery server, probed over TCP on port 443;
* ``maintenance``: a static page kept in rotation without probes (``status: up``), so the
  last tier always answers.

Every check runs every 10 s from three checker regions, and an endpoint is unhealthy after 3
failed probes; the primary's HTTPS checks request ``/healthz`` with ``Host: app.example.com``.
"""

from typing import Any

import pulumi

from failover_components import EndpointStatus, Protocol
from failover_components.aws import Route53Failover, Route53FailoverArgs

config = pulumi.Config()

args: Route53FailoverArgs = {
    "hostname": "app.example.com",
    "zone_name": "example.com",
    "ttl": 30,
    "health_check": {
        "interval_seconds": 10,
        "failure_threshold": 3,
        "regions": ["us-east-1", "eu-west-1", "ap-southeast-1"],
    },
    "max_failover_seconds": 120,
    "pools": [
        {
            "name": "primary",
            "min_healthy": 2,
            "health_check": {"protocol": Protocol.HTTPS, "path": "/healthz"},
            "endpoints": [
                {"name": "web-a", "address": "192.0.2.10"},
                {"name": "web-b", "address": "192.0.2.11"},
                {"name": "web-c", "address": "192.0.2.12"},
            ],
        },
        {
            "name": "secondary",
            "health_check": {"protocol": Protocol.TCP, "port": 443},
            "endpoints": [{"name": "dr", "address": "198.51.100.10"}],
        },
        {
            "name": "maintenance",
            "endpoints": [
                {"name": "static", "address": "203.0.113.10", "status": EndpointStatus.UP}
            ],
        },
    ],
}
zone_id: Any = config.get("zoneId")
if zone_id:
    args["zone_id"] = zone_id

web = Route53Failover("web", args)

pulumi.export("fqdn", web.fqdn)
pulumi.export("zone_id", web.zone_id)
pulumi.export("health_check_ids", web.health_check_ids)
pulumi.export("worst_case_failover_seconds", web.worst_case_failover_seconds)
