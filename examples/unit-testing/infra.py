"""The program under test: a team's own function that declares their failover set."""

import pulumi

from failover_components import Protocol
from failover_components.aws import Route53Failover


def build(env: str) -> Route53Failover:
    """Declare the failover set of one environment and export what the team needs."""
    web = Route53Failover(
        f"web-{env}",
        {
            "hostname": f"{env}.app.example.com",
            "zone_name": "example.com",
            "zone_id": "Z0123456789EXAMPLE",
            "ttl": 30,
            "health_check": {"protocol": Protocol.HTTPS, "path": "/healthz"},
            "pools": [
                {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
                {"name": "standby", "endpoints": [{"address": "198.51.100.10"}]},
            ],
            "max_failover_seconds": 180,
        },
    )
    pulumi.export("fqdn", web.fqdn)
    pulumi.export("worst_case_failover_seconds", web.worst_case_failover_seconds)
    return web
