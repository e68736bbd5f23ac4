"""The cloud-neutral description of a failover set: the args every component takes.

These ``TypedDict``s are the public schema surface. Pulumi's component analyzer reads them
(for the multi-language package), so this module keeps to what it accepts: no ``Union``, no
``Literal``, no postponed annotations; closed sets are ``str`` enums, and the parser also
accepts their plain string values. A hosted component receives plain dicts, so nothing
here assumes an args object.

Values that decide how many resources exist (pool names and order, protocols, intervals)
are plain values; values that can come from other resources (addresses, zone ids) are
``pulumi.Input``.
"""

import sys
from enum import Enum

import pulumi

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired, TypedDict

__all__ = [
    "EndpointArgs",
    "EndpointStatus",
    "FailoverSetArgs",
    "HealthCheckArgs",
    "PoolArgs",
    "Protocol",
    "RecordType",
]


class Protocol(str, Enum):
    """How a health check probes an endpoint."""

    HTTP = "HTTP"
    """An HTTP GET of ``path``; healthy on the expected status codes."""
    HTTPS = "HTTPS"
    """An HTTPS GET of ``path`` with the ``host`` name as SNI; healthy on the expected codes."""
    TCP = "TCP"
    """A TCP connection to ``port``; healthy when it is established."""


class EndpointStatus(str, Enum):
    """Whether an endpoint follows its health check, is forced in, or is forced out."""

    OBEY = "obey"
    """Follow the health check (the default)."""
    UP = "up"
    """Always in rotation and never probed (a target the checkers cannot reach)."""
    DOWN = "down"
    """Out of rotation without deleting anything: a drain, or a failover drill."""


class RecordType(str, Enum):
    """The type of the DNS answer clients receive for the hostname."""

    A = "A"
    """IPv4 addresses."""
    AAAA = "AAAA"
    """IPv6 addresses."""
    CNAME = "CNAME"
    """A host name (never at the zone apex)."""


class HealthCheckArgs(TypedDict):
    """How the cloud's own checkers decide that an endpoint is healthy.

    Defaults are chosen per cloud; a value a cloud cannot honour is an error for that cloud,
    never silently dropped.
    """

    protocol: NotRequired[Protocol]
    """``HTTP``, ``HTTPS`` or ``TCP``. Default: ``HTTPS``."""
    port: NotRequired[int]
    """TCP port to probe, 1-65535. Default: 80 for HTTP, 443 for HTTPS; required for TCP."""
    path: NotRequired[str]
    """Request path, starting with ``/``; HTTP and HTTPS only. Default: ``/``."""
    host: NotRequired[str]
    """Host header and TLS SNI name sent with the probe. Default: the failover set's hostname."""
    search_string: NotRequired[str]
    """Text the response body must contain (1-255 characters); HTTP and HTTPS only. Default: none."""
    expected_codes: NotRequired[str]
    """Status codes that count as healthy: codes and ranges separated by commas (``200-299,301``)
    or one class (``2xx``). Default: the cloud's (``200-299`` where the cloud lets us choose)."""
    headers: NotRequired[dict[str, pulumi.Input[str]]]
    """Extra request headers (a shared secret for the health endpoint, say); values may be secrets.
    Default: none beyond the Host header."""
    interval_seconds: NotRequired[int]
    """Seconds between probes from each checker. Default: per cloud (30 on Route 53 and
    Traffic Manager, 60 on Cloudflare)."""
    failure_threshold: NotRequired[int]
    """Consecutive failed probes before an endpoint is unhealthy, 1-10. Default: per cloud
    (3 on Route 53, 4 on Traffic Manager, 2 on Cloudflare)."""
    timeout_seconds: NotRequired[int]
    """Seconds a probe may take before it counts as failed; below the interval. Default: per cloud."""
    regions: NotRequired[list[str]]
    """Where the checks run from, in the cloud's own region names. Default: the cloud's default set."""


class EndpointArgs(TypedDict):
    """One answer a tier can give: an IP address or a host name."""

    address: pulumi.Input[str]
    """An IPv4 or IPv6 address or a host name (an Azure resource id on Traffic Manager; an AWS
    alias target's DNS name together with ``alias_zone_id`` on Route 53)."""
    name: NotRequired[str]
    """Unique within its pool; used in child resource names, so keep it stable. Default: derived
    from ``address`` (required when ``address`` is not a plain string)."""
    weight: NotRequired[int]
    """Relative share of the pool's traffic, 1-255. Default: 1."""
    status: NotRequired[EndpointStatus]
    """``obey`` the health check, always ``up``, or forced ``down``. Default: ``obey``."""
    alias_zone_id: NotRequired[pulumi.Input[str]]
    """Route 53 only: the canonical hosted zone id of an AWS alias target (ALB/NLB/CLB,
    CloudFront, API Gateway, S3 website) whose DNS name is ``address``. Default: not an alias."""
    evaluate_target_health: NotRequired[bool]
    """Route 53 only, with ``alias_zone_id``: inherit the alias target's health. Default: true,
    false for CloudFront (where AWS forbids it)."""


class PoolArgs(TypedDict):
    """One tier of the failover set: its endpoints and when it counts as healthy."""

    name: str
    """Unique pool name (lowercase letters, digits and hyphens, at most 32); used in child
    resource names, so renaming a pool replaces its records."""
    endpoints: list[EndpointArgs]
    """The pool's endpoints (at least one); every healthy one is answered."""
    min_healthy: NotRequired[int]
    """The pool counts as healthy while at least this many endpoints are. Default: 1."""
    health_check: NotRequired[HealthCheckArgs]
    """Overrides keys of the failover set's ``health_check`` for this pool. Default: none."""


class FailoverSetArgs(TypedDict):
    """The cloud-neutral keys every failover component takes."""

    hostname: str
    """The name clients resolve, e.g. ``app.example.com``; case and a trailing dot are normalised."""
    zone_name: str
    """The DNS zone the hostname lives in, e.g. ``example.com``; the hostname must be its apex
    or inside it."""
    pools: list[PoolArgs]
    """The ordered tiers: ``pools[0]`` is the primary, ``pools[1]`` the secondary, and so on
    (at least two)."""
    record_type: NotRequired[RecordType]
    """``A``, ``AAAA`` or ``CNAME``. Default: inferred from the endpoints (all IPv4: A; all IPv6:
    AAAA; host names: CNAME); required when no address is a plain value."""
    ttl: NotRequired[int]
    """Seconds resolvers may cache the failover answer. Default: per cloud (60 on Route 53 and
    DNS-only Cloudflare, 30 on Traffic Manager)."""
    health_check: NotRequired[HealthCheckArgs]
    """The health check of every pool that does not override it. Default: HTTPS on port 443, path ``/``."""
    max_failover_seconds: NotRequired[int]
    """Recovery-time budget: construction fails, naming the settings to change, if the
    worst-case failover time exceeds it. Default: no budget."""
    policy_acknowledgements: NotRequired[dict[str, str]]
    """Policy rules this set knowingly breaks, by rule id or name (see RULES.md), each with the
    reason; acknowledged findings are still reported, never counted as failures. Default: none."""
