"""The validated, normalised form of a failover set, shared by every cloud module.

:func:`failover_components.validation.parse_failover_set` turns the user's args (plain
dicts) into these frozen objects, or reports every problem. Cloud modules read only these,
so defaults and normalisation (case, trailing dots, inferred record types) live in one place.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

import pulumi

from .spec import EndpointStatus, Protocol, RecordType

__all__ = [
    "AddressKind",
    "Endpoint",
    "FailoverSet",
    "HealthCheck",
    "Pool",
]


class AddressKind(str, Enum):
    """What an endpoint address is, when it is known at construction."""

    IPV4 = "ipv4"
    IPV6 = "ipv6"
    HOSTNAME = "hostname"
    AZURE_RESOURCE_ID = "azure-resource-id"
    UNKNOWN = "unknown"
    """An ``Output`` (or other Input) whose value is not known until deployment."""


@dataclass(frozen=True)
class HealthCheck:
    """A pool's effective health check: the set's, with the pool's overrides applied.

    ``None`` means "the cloud's default"; each cloud module resolves those.
    """

    protocol: Protocol
    port: int | None
    """``None`` only for TCP without a port (an error the validator reports)."""
    path: str | None
    """``None`` for TCP."""
    host: str
    search_string: str | None
    expected_codes: tuple[tuple[int, int], ...] | None
    """Inclusive ``(low, high)`` ranges, in the order given."""
    expected_codes_text: str | None
    """``expected_codes`` as the user wrote it."""
    headers: Mapping[str, pulumi.Input[str]]
    interval_seconds: int | None
    failure_threshold: int | None
    timeout_seconds: int | None
    regions: tuple[str, ...] | None
    given: frozenset[str]
    """The keys the user set (on the set or the pool), for "not available on this cloud" errors."""
    where: dict[str, str] = field(compare=False, hash=False)
    """The argument path of each given key (``pools[1].health_check.port``)."""

    def path_of(self, key: str) -> str:
        """The argument path of ``key`` as the user gave it."""
        return self.where.get(key, f"health_check.{key}")


@dataclass(frozen=True)
class Endpoint:
    """One endpoint of one pool."""

    name: str
    address: pulumi.Input[str]
    """Normalised (lower-case host name, compressed IPv6) when it is a plain string."""
    kind: AddressKind
    weight: int
    weight_given: bool
    status: EndpointStatus
    alias_zone_id: pulumi.Input[str] | None
    evaluate_target_health: bool | None
    where: str
    """``pools[0].endpoints[1]``."""

    @property
    def known(self) -> bool:
        """True when ``address`` is a plain string known at construction."""
        return self.kind is not AddressKind.UNKNOWN

    @property
    def is_alias(self) -> bool:
        """True for a Route 53 alias target (``alias_zone_id`` set)."""
        return self.alias_zone_id is not None

    @property
    def probed(self) -> bool:
        """True when the cloud's checkers must reach this endpoint (``status`` ``obey``)."""
        return self.status is EndpointStatus.OBEY


@dataclass(frozen=True)
class Pool:
    """One tier: ``tier`` 1 is the primary."""

    name: str
    tier: int
    endpoints: tuple[Endpoint, ...]
    min_healthy: int
    health_check: HealthCheck
    overrides_health_check: bool
    """True when the pool sets its own ``health_check`` keys."""
    where: str
    """``pools[0]``."""


@dataclass(frozen=True)
class FailoverSet:
    """A whole failover set, validated."""

    hostname: str
    """Lower case, no trailing dot."""
    zone_name: str
    """Lower case, no trailing dot."""
    record_type: RecordType
    ttl: int | None
    """``None``: the cloud's default."""
    pools: tuple[Pool, ...]
    health_check: HealthCheck
    """The set-level health check (pools may override it)."""
    max_failover_seconds: int | None
    policy_acknowledgements: Mapping[str, str] = field(default_factory=lambda: {})
    """Rule id or name -> reason."""

    @property
    def is_apex(self) -> bool:
        """True when the hostname is the zone apex."""
        return self.hostname == self.zone_name

    @property
    def relative_name(self) -> str:
        """The hostname relative to the zone (``@`` at the apex)."""
        if self.is_apex:
            return "@"
        return self.hostname[: -(len(self.zone_name) + 1)]

    def endpoints(self) -> list[Endpoint]:
        """Every endpoint of every pool, in tier order."""
        return [endpoint for pool in self.pools for endpoint in pool.endpoints]
