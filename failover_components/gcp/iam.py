"""The IAM roles deploying a :class:`~failover_components.gcp.CloudDnsFailover` needs, as
data: grant them to the CI deployer's service account on the project.

Predefined roles only (custom roles would need the exact permission list of every provider
call, which is not documented per call). Pure: no SDK import.
"""

__all__ = ["deployer_roles"]

DNS_ADMIN = "roles/dns.admin"
"""Create and change managed zones and record sets, read DNSSEC keys
(https://cloud.google.com/dns/docs/access-control)."""
HEALTH_CHECK_ADMIN = "roles/compute.loadBalancerAdmin"
"""Holds ``compute.healthChecks.*`` (create, update, delete, get, use)
(https://cloud.google.com/compute/docs/access/iam#compute.loadBalancerAdmin)."""
MONITORING = "roles/monitoring.alertPolicyEditor"
"""Alert policies (https://cloud.google.com/monitoring/access-control)."""
CHANNELS = "roles/monitoring.notificationChannelEditor"
"""Notification channels (https://cloud.google.com/monitoring/access-control)."""


def deployer_roles(*, create_zone: bool, alerts: bool, dnssec: bool) -> list[str]:
    """The predefined roles, sorted. ``roles/dns.admin`` covers zones, record sets and DNSSEC
    keys whether the zone is created or given; health checks need the load balancer admin
    role (no narrower predefined role holds ``compute.healthChecks.create``)."""
    del create_zone, dnssec  # dns.admin covers both; kept so callers state what they deploy
    roles = {DNS_ADMIN, HEALTH_CHECK_ADMIN}
    if alerts:
        roles |= {MONITORING, CHANNELS}
    return sorted(roles)
