"""Pulumi components that declare DNS failover from one cloud-neutral description.

The cloud components live in their own modules so that importing this package imports no
cloud SDK: ``failover_components.aws.Route53Failover``,
``failover_components.azure.TrafficManagerFailover`` and
``failover_components.cloudflare.CloudflareFailover``.
"""

from .errors import FailoverConfigError, Reason
from .model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from .spec import (
    EndpointArgs,
    EndpointStatus,
    FailoverSetArgs,
    HealthCheckArgs,
    PoolArgs,
    Protocol,
    RecordType,
)
from .summary import FailoverSetSummary
from .timing import (
    FailoverTiming,
    Term,
    cloudflare_timing,
    route53_timing,
    traffic_manager_timing,
)
from .validation import parse_failover_set

__version__ = "0.1.0"

__all__ = [
    "AddressKind",
    "Endpoint",
    "EndpointArgs",
    "EndpointStatus",
    "FailoverConfigError",
    "FailoverSet",
    "FailoverSetArgs",
    "FailoverSetSummary",
    "FailoverTiming",
    "HealthCheck",
    "HealthCheckArgs",
    "Pool",
    "PoolArgs",
    "Protocol",
    "Reason",
    "RecordType",
    "Term",
    "cloudflare_timing",
    "parse_failover_set",
    "route53_timing",
    "traffic_manager_timing",
]
