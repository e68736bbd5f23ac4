"""Google Cloud DNS facts the GCP package decides with: type tokens, limits and defaults,
each with its source. No SDK import: the rules, the layout, the resolver, the mocks and the
policy rules read these without paying for ``pulumi_gcp``.
"""

from collections.abc import Mapping

from ..naming import type_token

__all__ = [
    "ALERT_POLICY",
    "CHECK_INTERVAL_FLOOR",
    "COMPONENT",
    "DEFAULT_BACKUP_LOCATION",
    "DEFAULT_FAILURE_THRESHOLD",
    "DEFAULT_HEALTHY_THRESHOLD",
    "DEFAULT_INTERVAL",
    "DEFAULT_SOURCE_REGIONS",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TTL",
    "GOOGLE_REGIONS",
    "HEALTH_CHECK",
    "MANAGED_ZONE",
    "NOTIFICATION_CHANNEL",
    "POLICY_NOTES",
    "RECORD_SET",
    "SOURCE_REGION_COUNT",
]

COMPONENT = type_token("CloudDnsFailover")
"""The component's type token."""

# The engine's type tokens of what the component registers (pulumi_gcp 10.2.0).
MANAGED_ZONE = "gcp:dns/managedZone:ManagedZone"
RECORD_SET = "gcp:dns/recordSet:RecordSet"
HEALTH_CHECK = "gcp:compute/healthCheck:HealthCheck"
ALERT_POLICY = "gcp:monitoring/alertPolicy:AlertPolicy"
NOTIFICATION_CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel"
GET_KEYS = "gcp:dns/getKeys:getKeys"
"""The invoke that reads a signed zone's DNSKEYs and DS records."""

# -- sources ---------------------------------------------------------------------------------

ROUTING_POLICIES = "https://cloud.google.com/dns/docs/routing-policies-overview"
CONFIGURE_ROUTING = "https://cloud.google.com/dns/docs/configure-routing-policies"
RRSET_API = "https://cloud.google.com/dns/docs/reference/rest/v1/resourceRecordSets"
HEALTH_CHECK_API = "https://cloud.google.com/compute/docs/reference/rest/v1/healthChecks"
HEALTH_CHECK_CONCEPTS = "https://cloud.google.com/load-balancing/docs/health-check-concepts"
HEALTH_CHECK_LOGGING = "https://cloud.google.com/load-balancing/docs/health-check-logging"
GA_BLOG = (
    "https://cloud.google.com/blog/products/networking/public-ip-health-checks-in-cloud-dns-now-ga"
)
REGIONS_DOC = "https://cloud.google.com/compute/docs/regions-zones"
DNSSEC_DOC = "https://cloud.google.com/dns/docs/dnssec-config"
NOTIFICATION_DOC = "https://cloud.google.com/monitoring/support/notification-options"
LOG_ALERTS_DOC = "https://cloud.google.com/logging/docs/alerting/log-based-alerts"
IAM_DNS_DOC = "https://cloud.google.com/dns/docs/access-control"
PROVIDER_RECORD_SET = (
    "https://github.com/hashicorp/terraform-provider-google/blob/"
    "e03b7622a26cf4e878f90bdccaca6aa3d03a7999/google/services/dns/resource_dns_record_set.go"
)
PROVIDER_RECORD_SET_TEST = (
    "https://github.com/hashicorp/terraform-provider-google/blob/"
    "e03b7622a26cf4e878f90bdccaca6aa3d03a7999/google/services/dns/resource_dns_record_set_test.go"
)
PROVIDER_HEALTH_CHECK = (
    "https://github.com/hashicorp/terraform-provider-google/blob/"
    "e03b7622a26cf4e878f90bdccaca6aa3d03a7999/google/services/compute/resource_compute_health_check.go"
)

# -- limits and defaults ---------------------------------------------------------------------

SOURCE_REGION_COUNT = 3
"""A health check with ``sourceRegions`` lists exactly 3 regions; only a global check may
(pulumi_gcp compute.HealthCheckArgs.source_regions) [HEALTH_CHECK_API]."""
CHECK_INTERVAL_FLOOR = 30
"""``checkIntervalSec`` must be at least 30 when ``sourceRegions`` is set [HEALTH_CHECK_API]."""
MAX_INTERVAL = 300
"""The Compute API's upper bound on ``checkIntervalSec`` (commonly quoted, not re-verified in
official text: gcp.md §1.3)."""
DEFAULT_INTERVAL = 30
"""The floor: the fastest detection Cloud DNS offers."""
DEFAULT_TIMEOUT = 5
"""Compute's default ``timeoutSec`` (pulumi_gcp compute.HealthCheckArgs.timeout_sec)."""
DEFAULT_FAILURE_THRESHOLD = 2
"""Compute's default ``unhealthyThreshold`` (compute.HealthCheckArgs.unhealthy_threshold)."""
DEFAULT_HEALTHY_THRESHOLD = 2
"""Compute's default ``healthyThreshold`` (compute.HealthCheckArgs.healthy_threshold)."""
MAX_THRESHOLD = 10
"""Compute accepts 1-10 consecutive results for either threshold [HEALTH_CHECK_CONCEPTS]."""
DEFAULT_TTL = 30
"""Short, so resolvers pick up a failover soon after Cloud DNS decides it."""
REGION_QUORUM = (2, 3)
"""An endpoint is unhealthy when 2 of the 3 source regions report it failing [GA_BLOG]."""

DEFAULT_SOURCE_REGIONS = ("us-east4", "europe-west1", "asia-southeast1")
"""Three continents, so one region's network trouble cannot fail a healthy endpoint alone
(the GA blog asks for "three geographically diverse Google Cloud regions") [GA_BLOG]."""
DEFAULT_BACKUP_LOCATION = "us-east4"
"""The ``location`` of the one backup geo item. With a single item every client's nearest
match is that item, so it only has to be a valid region [ROUTING_POLICIES]."""

GOOGLE_REGIONS = frozenset(
    {
        "africa-south1",
        "asia-east1",
        "asia-east2",
        "asia-northeast1",
        "asia-northeast2",
        "asia-northeast3",
        "asia-south1",
        "asia-south2",
        "asia-southeast1",
        "asia-southeast2",
        "australia-southeast1",
        "australia-southeast2",
        "europe-central2",
        "europe-north1",
        "europe-north2",
        "europe-southwest1",
        "europe-west1",
        "europe-west2",
        "europe-west3",
        "europe-west4",
        "europe-west6",
        "europe-west8",
        "europe-west9",
        "europe-west10",
        "europe-west12",
        "me-central1",
        "me-central2",
        "me-west1",
        "northamerica-northeast1",
        "northamerica-northeast2",
        "northamerica-south1",
        "southamerica-east1",
        "southamerica-west1",
        "us-central1",
        "us-east1",
        "us-east4",
        "us-east5",
        "us-south1",
        "us-west1",
        "us-west2",
        "us-west3",
        "us-west4",
    }
)
"""Google Cloud's public regions [REGIONS_DOC], read 2026-11. A region opened later is
rejected here until it is added; whether every region can host health-check probers is not
documented (gcp.md §7)."""

HEALTH_CHECK_LOG_NAME = "compute.googleapis.com%2Fhealthchecks"
"""The log that health-check state transitions go to with ``logConfig.enable``
[HEALTH_CHECK_LOGGING]."""
ALERT_RATE_LIMIT = "300s"
"""``alertStrategy.notificationRateLimit.period``, required for a log-match condition
(pulumi_gcp monitoring.AlertPolicyAlertStrategyArgs.notification_rate_limit)."""
ALERT_AUTO_CLOSE = "1800s"
"""A log-match incident has no "resolved" signal; it closes after this long without a match
[LOG_ALERTS_DOC]."""

POLICY_NOTES: Mapping[str, tuple[str, str]] = {
    "FO001": (
        "A Cloud DNS failover record set probes its external endpoints only through "
        f"routing_policy.health_check ({RRSET_API}).",
        "Cloud DNS record sets with a failover (primary_backup) policy.",
    ),
    "FO002": (
        "Cloud DNS answers a routing policy with the record set's own ttl.",
        "Cloud DNS record sets with a routing policy.",
    ),
    "FO004": (
        "A Compute health check probes over HTTPS with an https_health_check block.",
        "Compute health checks (http, https or tcp blocks).",
    ),
    "FO007": (
        f"Cloud DNS signs a managed zone with dnssec_config state 'on' ({DNSSEC_DOC}).",
        "Cloud DNS managed zones (not private).",
    ),
    "FO008": (
        "Cloud DNS health checks log their state transitions, which a Cloud Monitoring "
        f"log-match alert policy can notify on ({HEALTH_CHECK_LOGGING}).",
        "Cloud DNS failover record sets (a Cloud Monitoring alert policy in the stack).",
    ),
    "FO009": (
        "A Cloud DNS failover policy needs a backup geo item with at least one target.",
        "Cloud DNS failover record sets.",
    ),
    "FO010": (
        f"Cloud DNS probes external endpoints from Google Cloud regions on the internet ({GA_BLOG}).",
        "Cloud DNS failover record sets with a health check (their external endpoints).",
    ),
}
"""Rule id -> (what the rule's explanation adds for this cloud, what it applies to)."""
