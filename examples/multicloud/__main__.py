"""Application endpoints in two clouds, failover declared on one DNS provider.

The primary runs behind an AWS Application Load Balancer (an alias target: Route 53 reads its
health from the load balancer); the secondary runs on two Azure VMs with public IPs, probed by
Route 53's own health checkers. DNS lives in Route 53, so Route 53 alone decides the failover:
nothing in Azure needs to know.
"""

import pulumi

from failover_components import Protocol
from failover_components.aws import Route53Failover

web = Route53Failover(
    "web",
    {
        "hostname": "www.example.com",
        "zone_name": "example.com",
        "zone_id": "Z0123456789EXAMPLE",
        "health_check": {"protocol": Protocol.HTTPS, "path": "/healthz", "interval_seconds": 10},
        "pools": [
            {
                "name": "aws-eu",
                "endpoints": [
                    {
                        "name": "alb",
                        # The ALB's DNS name and its canonical hosted zone (eu-west-1).
                        "address": "web-alb-1234567890.eu-west-1.elb.amazonaws.com",
                        "alias_zone_id": "Z32O12XQLNTSW2",
                    }
                ],
            },
            {
                "name": "azure-we",
                "min_healthy": 1,
                "endpoints": [
                    {"name": "vm1", "address": "198.51.100.21"},
                    {"name": "vm2", "address": "198.51.100.22"},
                ],
            },
        ],
        # No max_failover_seconds: the ALB tier fails over on the ALB's own target-group health
        # checks, which Route 53 does not time, so no budget can be checked (the plan shows
        # that tier's detection as unknown). A health_check on the aws-eu pool would make
        # Route 53 probe the ALB itself, and a budget checkable.
    },
)

pulumi.export("fqdn", web.fqdn)
pulumi.export("worst_case_failover_seconds", web.worst_case_failover_seconds)
pulumi.export("health_check_ids", web.health_check_ids)
