"""Two-tier failover for api.example.com on Google Cloud DNS.

Tier 1 ("primary") is two public addresses in another cloud; tier 2 ("backup") is a standby
in Google Cloud plus a static maintenance page that is never probed (status ``up``: it sits
in the backup's un-checked ``rrdatas``). Google's probers check every target from three
regions on three continents every 30 s; Cloud DNS answers the healthy primary targets, else
the backup. The zone is created here; its exported name servers are what to delegate to at
the registrar. DNSSEC is off (and acknowledged): with it, Cloud DNS allows one health-checked
address per pool, which this set has more of.
"""

import pulumi

from failover_components import EndpointStatus, Protocol
from failover_components.gcp import CloudDnsAlertsArgs, CloudDnsFailover, CloudDnsFailoverArgs

config = pulumi.Config()
alerts: CloudDnsAlertsArgs = {"emails": [config.get("alertEmail") or "ops@example.com"]}
webhook = config.get_secret("webhookUrl")
if webhook is not None:
    alerts["webhook_url"] = webhook

args: CloudDnsFailoverArgs = {
    "hostname": "api.example.com",
    "zone_name": "example.com",
    "create_zone": True,
    "dnssec": False,
    "health_check": {
        "protocol": Protocol.HTTPS,
        "path": "/healthz",
        "search_string": "ok",
        "interval_seconds": 30,
        "failure_threshold": 2,
        "timeout_seconds": 5,
        "regions": ["us-east4", "europe-west1", "asia-southeast1"],
    },
    "pools": [
        {
            "name": "primary",
            "endpoints": [
                {"name": "aws-a", "address": "198.51.100.10"},
                {"name": "aws-b", "address": "198.51.100.11"},
            ],
        },
        {
            "name": "backup",
            "endpoints": [
                {"name": "gce", "address": "203.0.113.20"},
                {"name": "static", "address": "203.0.113.99", "status": EndpointStatus.UP},
            ],
        },
    ],
    "backup_location": "us-east4",
    "healthy_threshold": 2,
    "alerts": alerts,
    "max_failover_seconds": 150,
    "policy_acknowledgements": {
        "FO007": "the zone is signed once the registrar supports DS records for .example",
    },
}
api = CloudDnsFailover("api", args)

pulumi.export("fqdn", api.fqdn)
pulumi.export("name_servers", api.name_servers)
pulumi.export("worst_case_failover_seconds", api.worst_case_failover_seconds)
pulumi.export("health_check_id", api.health_check_id)
