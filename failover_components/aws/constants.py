"""Route 53 facts the AWS package decides with: type tokens, limits and defaults, each with its
source. No SDK import: the rules, the layout, the resolver, the mocks and the IAM documents read
these without paying for ``pulumi_aws``.
"""

import re

from ..naming import type_token

__all__ = [
    "ALARM_PERIOD_SECONDS",
    "ALARM_TREAT_MISSING_DATA",
    "ALIAS_TTL",
    "CHECKER_REGIONS",
    "CLOUDFRONT_ZONE_ID",
    "COMPONENT",
    "DEFAULT_FAILURE_THRESHOLD",
    "DEFAULT_INTERVAL",
    "DEFAULT_TTL",
    "DNSSEC_KEY_DELETION_WINDOW_DAYS",
    "HEALTH_CHECK",
    "MAX_CHILD_CHECKS",
    "MAX_MULTIVALUE_ANSWERS",
    "MAX_NAME",
    "MAX_WEIGHTED_RECORDS",
    "MIN_REGIONS",
    "RECORD",
    "REQUEST_INTERVALS",
    "US_EAST_1",
    "ZONE",
    "ZONE_ID",
]

COMPONENT = type_token("Route53Failover")
"""The component's type token."""

# The engine's type tokens of what the component registers and looks up (pulumi_aws 7).
ZONE = "aws:route53/zone:Zone"
RECORD = "aws:route53/record:Record"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
KEY_SIGNING_KEY = "aws:route53/keySigningKey:KeySigningKey"
HOSTED_ZONE_DNSSEC = "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec"
KMS_KEY = "aws:kms/key:Key"
SNS_TOPIC = "aws:sns/topic:Topic"
METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
GET_ZONE = "aws:route53/getZone:getZone"
GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity"
GET_PARTITION = "aws:index/getPartition:getPartition"
GET_REGION = "aws:index/getRegion:getRegion"

# -- sources ---------------------------------------------------------------------------------

R53_API = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html"
R53_HEALTH_CONFIG = (
    "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"
)
R53_HEALTHY = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "dns-failover-determining-health-of-endpoints.html"
)
"""What makes an endpoint healthy: a TCP connection within 4 s and a 2xx or 3xx status within
2 s after it (HTTP, HTTPS); a connection within 10 s (TCP)."""
R53_ALIAS_TARGET = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html"
R53_FAQ = "https://aws.amazon.com/route53/faqs/"
R53_MULTIVALUE = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-multivalue.html"
)
R53_DNSSEC_CMK = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "dns-configuring-dnssec-cmk-requirements.html"
)
R53_MONITOR = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-monitor-view-status.html"

# -- limits and defaults ---------------------------------------------------------------------

CHECKER_REGIONS: tuple[str, ...] = (
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
)
"""Where Route 53 health checkers run (the ``HealthCheckRegion`` enum); a check names at
least 3 of them, or runs from all [R53_HEALTH_CONFIG ``Regions``]."""

MIN_REGIONS = 3
REQUEST_INTERVALS = (10, 30)
"""The only request intervals Route 53 has (fast and standard) [R53_HEALTH_CONFIG]."""
DEFAULT_INTERVAL = 30
DEFAULT_FAILURE_THRESHOLD = 3
DEFAULT_TTL = 60
"""Route 53 recommends at most 60 s on health-checked records [R53_API ``TTL``]."""
ALIAS_TTL = 60
"""Alias records have no TTL of their own; ELB and S3 alias answers carry a fixed 60 s
[R53_FAQ "DNS Failover"]."""
MAX_WEIGHTED_RECORDS = 100
"""Weighted records per name and type [R53_API ``Weight``]."""
MAX_MULTIVALUE_ANSWERS = 8
"""Route 53 "responds to DNS queries with up to eight healthy records" of a multivalue answer
set, a different subset per resolver when there are more [R53_MULTIVALUE]."""
MAX_CHILD_CHECKS = 256
"""Child health checks of a calculated check [R53_HEALTH_CONFIG ``ChildHealthChecks``]."""
MAX_NAME = 253
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
"""The hosted zone id of every CloudFront distribution alias [R53_ALIAS_TARGET ``HostedZoneId``]."""
ZONE_ID = re.compile(r"^Z[A-Z0-9]{1,31}$")
"""A hosted zone id: Route 53 ``ResourceId`` is at most 32 characters; hosted zone and
alias-target zone ids are ``Z`` plus upper-case letters and digits (pain.md §A5)."""
LEVEL_PREFIX = "_fo"
"""Level ``k`` >= 2 of the chain lives at ``_fo<k>.<hostname>``."""
POOL_PREFIX = "_pool-"
LEGACY_LEVEL_PREFIX = "_fo-"
"""0.1.0 named level ``k`` >= 2 by the pool it held: ``_fo-<pool>.<hostname>``."""

US_EAST_1 = "us-east-1"
"""Where the DNSSEC signing key must live [R53_DNSSEC_CMK] and where Route 53 publishes its
health-check metrics, so where their alarms and the alarms' SNS topic live [R53_MONITOR]."""
KSK_NAME_MIN, KSK_NAME_MAX = 3, 128
"""A key-signing key's name: 3 to 128 letters, digits and underscores, unique in its zone
(https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateKeySigningKey.html)."""
EMAIL_SLUG_MAX = 48
"""The address part of an email subscription's resource name (longer addresses keep a hash)."""

DNSSEC_KEY_DELETION_WINDOW_DAYS = 30
"""The longest waiting period KMS allows (7 to 30 days): a signing key deleted while its DS
record is still published at the parent makes the zone fail validation, so keep the most
time to cancel the deletion (pulumi_aws kms.KeyArgs.deletion_window_in_days)."""
ALARM_PERIOD_SECONDS = 60
"""Route 53 publishes HealthCheckStatus once a minute [R53_MONITOR]."""
ALARM_TREAT_MISSING_DATA = "notBreaching"
"""A running health check reports an unhealthy endpoint as an explicit 0, never as a gap;
gaps come from publication delay and from the first minutes of a new check. ``missing``
would flip the alarm to INSUFFICIENT_DATA and back to OK on each gap (an OK notification
each time), ``breaching`` would page on them. See "Configuring how CloudWatch alarms treat
missing data",
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data."""
