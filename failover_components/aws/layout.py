"""How a failover set becomes Route 53 records and health checks: pure decisions, no SDK.

The component (``component.py``) creates exactly what :func:`plan` decides, and the
validation (``rules.py``) checks the same plan (names, lengths, limits), so what is checked
is what is built.

Record layout for pools ``p1 .. pn`` (n >= 2) and hostname ``H``
[dns-failover-complex-configs]_:

* Route 53 has only PRIMARY and SECONDARY per name and type [R53-API ResourceRecordSet.Failover],
  so tiers are chained through names inside the zone: level ``k`` (1 .. n-1) lives at
  ``N_1 = H`` and ``N_k = _fo<k>.H``. ``N_k`` holds a PRIMARY record for tier ``k`` and a
  SECONDARY that is either tier ``n`` (at the last level) or a failover alias to ``N_{k+1}``
  with ``evaluate_target_health``. Two tiers are one PRIMARY/SECONDARY pair at ``H``.
  octoDNS builds the same kind of chain (``octodns_route53/provider.py``, ``_Route53DynamicPool``).
* The chain's records are keyed by their *place* (level and role), never by the pool they
  hold: ``<name>-level-<k>-primary`` and ``<name>-level-<k>-secondary``, at a name fixed per
  level. Reordering, adding or dropping tiers therefore updates records in place (a record's
  name is ``ForceNew`` in the provider, its value, set identifier and health check are not) or
  adds and removes whole levels, and no step ever holds two PRIMARY or two SECONDARY records
  at one name (``failover_components/changes.py`` replays every change to prove it). Set
  identifiers end in ``-primary`` or ``-secondary``, so the two records at one name never share
  one, even mid-change. 0.1.0 named them by pool (``<name>-<pool>-failover``, ``-fallback``,
  level names ``_fo-<pool>``); the component carries those names as ``aliases``. The level
  names ``_fo<k>`` can never be a 0.1.0 name (those have a hyphen after ``_fo``).
  Health checks and pool member records stay keyed by pool and endpoint: they follow an
  endpoint wherever it moves.
* A tier record is *direct* (a plain record holding the endpoint, with its health check) when
  the tier has one non-alias endpoint with a health check and ``min_healthy`` 1; an *alias
  target* (a failover alias straight to the AWS resource) when it has one alias endpoint whose
  target health is evaluated; otherwise a failover alias to the pool name ``_pool-<p>.H``,
  which holds one multivalue (or weighted) record per endpoint, each with its own check.
* Every failover alias sets ``evaluate_target_health`` to true, as the API requires for
  failover alias records [R53-API ResourceRecordSet.Failover]; an alias whose target health
  must not be evaluated (CloudFront) therefore sits in the pool name as a weighted alias.

.. [dns-failover-complex-configs] https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html
"""

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .. import naming
from ..model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from ..spec import EndpointStatus, Protocol, RecordType
from ..summary import FailoverSetSummary, tiers_of
from ..timing import FailoverTiming, alias_target_timing, route53_timing, slowest
from .constants import (
    ALIAS_TTL,
    CHECKER_REGIONS,
    CLOUDFRONT_ZONE_ID,
    COMPONENT,
    DEFAULT_FAILURE_THRESHOLD,
    DEFAULT_INTERVAL,
    DEFAULT_TTL,
    KSK_NAME_MAX,
    LEVEL_PREFIX,
    POOL_PREFIX,
    US_EAST_1,
)
from .settings import (
    AwsSettings,
    alerts_description,
    dnssec_description,
    email_subscription_name,
)

__all__ = [
    "ALIAS_TTL",
    "CHECKER_REGIONS",
    "CLOUDFRONT_ZONE_ID",
    "US_EAST_1",
    "AlarmPlan",
    "CheckSettings",
    "EndpointPlan",
    "Layout",
    "Probe",
    "TierMode",
    "TierPlan",
    "email_subscription_name",
    "is_cloudfront",
    "ksk_name",
    "plan",
    "summary",
]


class TierMode(str, Enum):
    """What a tier's failover record is."""

    DIRECT = "direct"
    """A plain record holding the tier's only endpoint, with its health check."""
    ALIAS_TARGET = "alias-target"
    """A failover alias straight to the tier's only endpoint, an AWS alias target."""
    POOL = "pool"
    """A failover alias to the pool name, which holds one record per endpoint."""


class Probe(str, Enum):
    """What an endpoint's health check probes."""

    IP = "ip"
    """``ip_address`` = the endpoint; ``fqdn`` = the Host header and SNI name (not for TCP)."""
    HOST = "host"
    """``fqdn`` = the endpoint host name (Route 53 resolves it, IPv4 only, and sends it as the
    Host header and SNI name) [R53_HEALTH_CONFIG ``FullyQualifiedDomainName``]."""
    ALIAS = "alias"
    """``fqdn`` = the alias target's DNS name."""


@dataclass(frozen=True)
class CheckSettings:
    """A pool's Route 53 health-check settings, defaults resolved."""

    type: str
    """``HTTP``, ``HTTPS``, ``HTTP_STR_MATCH``, ``HTTPS_STR_MATCH`` or ``TCP``."""
    port: int
    resource_path: str | None
    search_string: str | None
    host: str
    """The Host header and SNI name for IP endpoints."""
    request_interval: int
    failure_threshold: int
    regions: tuple[str, ...] | None
    """``None``: all checker regions (Route 53's default)."""
    enable_sni: bool | None
    """True for the HTTPS types (sent explicitly: the provider's default is true only for
    ``HTTPS``, not ``HTTPS_STR_MATCH``); ``None`` (not sent) otherwise."""

    @property
    def tcp(self) -> bool:
        return self.type == "TCP"

    def to_summary(self) -> dict[str, object]:
        """The settings under Route 53's own (Pulumi) names, defaults included."""
        return {
            "type": self.type,
            "port": self.port,
            "resource_path": self.resource_path,
            "search_string": self.search_string,
            "fqdn": None if self.tcp else self.host,
            "enable_sni": bool(self.enable_sni),
            "request_interval": self.request_interval,
            "failure_threshold": self.failure_threshold,
            "regions": list(self.regions) if self.regions else "all 8 checker regions",
        }


def check_settings(hc: HealthCheck) -> CheckSettings:
    """The Route 53 settings of a neutral health check (unsupported keys are left to rules)."""
    if hc.protocol is Protocol.TCP:
        type_ = "TCP"
    else:
        type_ = hc.protocol.value + ("_STR_MATCH" if hc.search_string is not None else "")
    https = hc.protocol is Protocol.HTTPS
    default_port = {Protocol.HTTP: 80, Protocol.HTTPS: 443}.get(hc.protocol, 0)
    return CheckSettings(
        type=type_,
        port=hc.port if hc.port is not None else default_port,
        resource_path=hc.path,
        search_string=hc.search_string,
        host=hc.host,
        request_interval=hc.interval_seconds or DEFAULT_INTERVAL,
        failure_threshold=hc.failure_threshold or DEFAULT_FAILURE_THRESHOLD,
        regions=hc.regions,
        enable_sni=True if https else None,
    )


def is_cloudfront(endpoint: Endpoint) -> bool:
    """True when the endpoint is known (from plain values) to be a CloudFront alias."""
    zone = endpoint.alias_zone_id
    if isinstance(zone, str) and zone.strip().upper() == CLOUDFRONT_ZONE_ID:
        return True
    address = endpoint.address
    return isinstance(address, str) and address.endswith(".cloudfront.net")


def effective_eth(endpoint: Endpoint) -> bool:
    """Whether an alias endpoint's record evaluates its target's health.

    ``up`` means "always in rotation", so never evaluated; otherwise the user's choice, else
    true, except for CloudFront, where AWS forbids it [R53_ALIAS_TARGET ``EvaluateTargetHealth``].
    """
    if endpoint.status is EndpointStatus.UP:
        return False
    if endpoint.evaluate_target_health is not None:
        return endpoint.evaluate_target_health
    return not is_cloudfront(endpoint)


@dataclass(frozen=True)
class EndpointPlan:
    """One endpoint: its check, its record and its names."""

    endpoint: Endpoint
    checked: bool
    """True when Route 53 runs a health check for it (``obey``; ``down`` keeps a disabled,
    inverted one)."""
    probe: Probe | None
    """What the check probes (``None`` without a check)."""
    eth: bool | None
    """Alias endpoints: ``evaluate_target_health`` on its record; ``None`` otherwise."""
    check_name: tuple[str, ...]
    """Parts of the health check's resource name after the component name."""
    record_name: tuple[str, ...]
    """Parts of its pool-member record's resource name (unused for a direct or alias-target tier)."""

    @property
    def forced_down(self) -> bool:
        return self.endpoint.status is EndpointStatus.DOWN

    @property
    def evaluated(self) -> bool:
        """True when something can make its record unhealthy (a check or target health)."""
        return self.checked or bool(self.eth)

    @property
    def is_alias(self) -> bool:
        return self.endpoint.is_alias


@dataclass(frozen=True)
class TierPlan:
    """One tier: where its failover record lives and what it points at."""

    pool: Pool
    settings: CheckSettings
    mode: TierMode
    level_name: str
    """The DNS name of the failover pair holding this tier's record."""
    role: str
    """``PRIMARY`` or ``SECONDARY``."""
    set_identifier: str
    record_name: tuple[str, ...]
    """Parts of the tier record's resource name after the component name: its level and role
    (``level-<k>-primary``), never the pool, so a tier reorder updates it in place."""
    endpoints: tuple[EndpointPlan, ...]
    pool_name: str | None
    """``_pool-<pool>.<hostname>`` for a pool tier."""
    routing: str | None
    """``multivalue`` or ``weighted`` for a pool tier's records."""
    calculated_threshold: int | None
    """The calculated check's threshold (``None``: no calculated check)."""
    calculated_name: tuple[str, ...]
    fallback_name: str | None
    """The next level's DNS name when this tier's level also holds a fallback alias."""
    fallback_record_name: tuple[str, ...]
    fallback_set_identifier: str
    legacy_record_name: tuple[str, ...]
    """0.1.0's name parts for the tier record (``<pool>-failover``), carried as an alias."""
    legacy_fallback_record_name: tuple[str, ...]
    """0.1.0's name parts for the fallback record (``<pool>-fallback``), carried as an alias."""
    timing: FailoverTiming

    @property
    def checked(self) -> tuple[EndpointPlan, ...]:
        return tuple(e for e in self.endpoints if e.checked)

    @property
    def description(self) -> str:
        """What the tier's record is, for the plan summary."""
        where = f"{self.role} at {self.level_name}"
        if self.mode is TierMode.DIRECT:
            return f"{where}: the endpoint, with its health check"
        if self.mode is TierMode.ALIAS_TARGET:
            return f"{where}: alias to the AWS target, evaluate_target_health"
        return (
            f"{where}: alias to {self.pool_name} ({self.routing} records), evaluate_target_health"
        )


@dataclass(frozen=True)
class AlarmPlan:
    """One CloudWatch alarm on the ``HealthCheckStatus`` of one health check."""

    pool: str
    endpoint: str | None
    """The endpoint whose check it watches; ``None`` for the pool's calculated check."""
    name: tuple[str, ...]
    """Parts of its resource name after the component name."""
    description: str
    where: str
    """The argument path that names it (for name-collision reasons)."""


@dataclass(frozen=True)
class Layout:
    """Every record and health check of a failover set."""

    fset: FailoverSet
    ttl: int
    """The TTL of non-alias records."""
    ttl_used: bool
    """False when every record is an alias (a given ``ttl`` would be ignored)."""
    tiers: tuple[TierPlan, ...]

    @property
    def timing(self) -> FailoverTiming:
        """The slowest tier that can fail over (all but the last)."""
        return slowest(t.timing for t in self.tiers[:-1])

    def child_names(self) -> list[tuple[str, tuple[str, ...], str]]:
        """``(kind, name parts, argument path)`` of every child, kind ``record`` or ``check``."""
        out: list[tuple[str, tuple[str, ...], str]] = []
        for tier in self.tiers:
            out.append(("record", tier.record_name, tier.pool.where))
            if tier.fallback_name is not None:
                out.append(("record", tier.fallback_record_name, tier.pool.where))
            if tier.calculated_threshold is not None:
                out.append(("check", tier.calculated_name, tier.pool.where))
            for ep in tier.endpoints:
                if ep.checked:
                    out.append(("check", ep.check_name, f"{ep.endpoint.where}.name"))
                if tier.mode is TierMode.POOL:
                    out.append(("record", ep.record_name, f"{ep.endpoint.where}.name"))
        return out

    def alarms(self) -> tuple[AlarmPlan, ...]:
        """The alarms ``alerts`` adds: one per health check Route 53 runs.

        A ``down`` endpoint's check is disabled and inverted on purpose (a drain or a drill),
        so it is always unhealthy: an alarm on it would only repeat the decision, and is left
        out. A calculated check (``min_healthy`` > 1) gets its own alarm, since it is what
        takes the pool out of rotation.
        """
        host = self.fset.hostname
        out: list[AlarmPlan] = []
        for tier in self.tiers:
            pool = tier.pool
            for ep in tier.endpoints:
                if not ep.checked or ep.forced_down:
                    continue
                out.append(
                    AlarmPlan(
                        pool=pool.name,
                        endpoint=ep.endpoint.name,
                        name=(pool.name, ep.endpoint.name, "alarm"),
                        description=f"{host}: the Route 53 health check of endpoint "
                        f"{ep.endpoint.name!r} in pool {pool.name!r} reports it unhealthy",
                        where=f"{ep.endpoint.where}.name",
                    )
                )
            if tier.calculated_threshold is not None:
                out.append(
                    AlarmPlan(
                        pool=pool.name,
                        endpoint=None,
                        name=(pool.name, "calculated", "alarm"),
                        description=f"{host}: pool {pool.name!r} has fewer than "
                        f"{pool.min_healthy} healthy endpoints, so Route 53 takes it out "
                        "of rotation",
                        where=pool.where,
                    )
                )
        return tuple(out)


def _probe(endpoint: Endpoint, record_type: RecordType) -> Probe:
    if endpoint.is_alias:
        return Probe.ALIAS
    if endpoint.kind in (AddressKind.IPV4, AddressKind.IPV6):
        return Probe.IP
    if endpoint.kind is AddressKind.HOSTNAME:
        return Probe.HOST
    # An Output: the record type says what it must resolve to (checked when it does).
    return Probe.HOST if record_type is RecordType.CNAME else Probe.IP


def _endpoint_plan(pool: Pool, endpoint: Endpoint, record_type: RecordType) -> EndpointPlan:
    if endpoint.is_alias:
        eth: bool | None = effective_eth(endpoint)
        checked = endpoint.status is EndpointStatus.DOWN or (
            endpoint.status is EndpointStatus.OBEY and pool.overrides_health_check
        )
    else:
        eth = None
        checked = endpoint.status is not EndpointStatus.UP
    return EndpointPlan(
        endpoint=endpoint,
        checked=checked,
        probe=_probe(endpoint, record_type) if checked else None,
        eth=eth,
        check_name=(pool.name, endpoint.name, "hc"),
        record_name=(pool.name, endpoint.name, "record"),
    )


def _tier_timing(
    settings: CheckSettings, ttl: int, endpoints: Sequence[EndpointPlan]
) -> FailoverTiming:
    aliased = any(e.is_alias for e in endpoints)
    plain = any(not e.is_alias for e in endpoints)
    ttl_term = max(ttl if plain else 0, ALIAS_TTL if aliased else 0)
    timing = route53_timing(
        interval_seconds=settings.request_interval,
        failure_threshold=settings.failure_threshold,
        check_type=settings.type,
        ttl_seconds=ttl_term,
    )
    if endpoints and all(e.eth and not e.checked for e in endpoints):
        # Nothing Route 53 probes: the targets' own health decides, which no documented number
        # bounds (timing.alias_target_timing).
        return alias_target_timing(ttl_seconds=ttl_term)
    if any(e.eth and not e.checked for e in endpoints):
        # The pool also waits for those targets' own health: unknown, so a lower bound.
        timing = slowest([timing, alias_target_timing(ttl_seconds=ttl_term)])
        timing = dataclasses.replace(
            timing,
            notes=(
                *timing.notes,
                "an alias endpoint without a Route 53 health check fails over on its target's "
                "own health (e.g. ELB target groups), whose timing is the target's",
            ),
        )
    return timing


def level_name(fset: FailoverSet, index: int) -> str:
    """``N_k`` for the 0-based level index ``k - 1``: fixed per level, whatever pool it holds."""
    if index == 0:
        return fset.hostname
    return f"{LEVEL_PREFIX}{index + 1}.{fset.hostname}"


def level_record_name(index: int, role: str) -> tuple[str, ...]:
    """Parts of the resource name of the ``role`` record at 0-based level ``index``."""
    return ("level", str(index + 1), role.lower())


def set_identifier(label: str, role: str) -> str:
    """A chain record's set identifier: ``<label>-primary`` or ``<label>-secondary``.

    The role suffix keeps the two records at one name distinct in every state, including
    while a tier reorder updates them one at a time (Route 53 refuses two records with one
    set identifier at a name and type [R53_API ``SetIdentifier``]).
    """
    return f"{label}-{role.lower()}"


def pool_name(fset: FailoverSet, pool: Pool) -> str:
    return f"{POOL_PREFIX}{pool.name}.{fset.hostname}"


def plan(fset: FailoverSet) -> Layout:
    """The records and checks of ``fset`` (assumed to pass the neutral rules)."""
    ttl = fset.ttl if fset.ttl is not None else DEFAULT_TTL
    n = len(fset.pools)
    tiers: list[TierPlan] = []
    ttl_used = False
    for index, pool in enumerate(fset.pools):
        settings = check_settings(pool.health_check)
        eps = tuple(_endpoint_plan(pool, e, fset.record_type) for e in pool.endpoints)
        ttl_used = ttl_used or any(not e.is_alias for e in eps)
        only = eps[0] if len(eps) == 1 else None
        if only is not None and not only.is_alias and only.checked and pool.min_healthy == 1:
            mode = TierMode.DIRECT
        elif only is not None and only.is_alias and only.eth:
            mode = TierMode.ALIAS_TARGET
        else:
            mode = TierMode.POOL
        routing: str | None = None
        threshold: int | None = None
        if mode is TierMode.POOL:
            multivalue = (
                fset.record_type in (RecordType.A, RecordType.AAAA)
                and not any(e.is_alias for e in eps)
                and not any(e.endpoint.weight_given for e in eps)
            )
            routing = "multivalue" if multivalue else "weighted"
            if len(eps) > 1 and pool.min_healthy > 1:
                # Endpoints nothing evaluates (status up) are always healthy: they count
                # towards min_healthy without a child check, so the threshold drops by them.
                always = sum(1 for e in eps if not e.evaluated)
                remaining = pool.min_healthy - always
                threshold = remaining if remaining > 0 else None
        last = index == n - 1
        level_index = index if not last else n - 2
        role = "SECONDARY" if last else "PRIMARY"
        fallback = None if last or index == n - 2 else level_name(fset, index + 1)
        tiers.append(
            TierPlan(
                pool=pool,
                settings=settings,
                mode=mode,
                level_name=level_name(fset, level_index),
                role=role,
                set_identifier=set_identifier(pool.name, role),
                record_name=level_record_name(level_index, role),
                endpoints=eps,
                pool_name=pool_name(fset, pool) if mode is TierMode.POOL else None,
                routing=routing,
                calculated_threshold=threshold,
                calculated_name=(pool.name, "calculated"),
                fallback_name=fallback,
                fallback_record_name=level_record_name(index, "SECONDARY"),
                fallback_set_identifier=set_identifier(f"{LEVEL_PREFIX}{index + 2}", "SECONDARY"),
                legacy_record_name=(pool.name, "failover"),
                legacy_fallback_record_name=(pool.name, "fallback"),
                timing=_tier_timing(settings, ttl, eps),
            )
        )
    return Layout(fset=fset, ttl=ttl, ttl_used=ttl_used, tiers=tuple(tiers))


def tag(fset: FailoverSet, *parts: str) -> dict[str, str]:
    """The ``Name`` tag of a health check: the console shows it as the check's name."""
    return {"Name": naming.tag_value(" ".join((fset.hostname, *parts)))}


def ksk_name(component: str) -> str:
    """The key-signing key's name: the component name in the characters Route 53 allows
    (letters, digits, underscores), 3 to 128 long; an over-long name keeps a hash of the whole."""
    base = re.sub(r"[^A-Za-z0-9_]", "_", component)
    suffix = "_ksk"
    if len(base) + len(suffix) > KSK_NAME_MAX:
        digest = naming.short_hash(component, length=8)
        base = base[: KSK_NAME_MAX - len(suffix) - len(digest) - 1] + "_" + digest
    return base + suffix


def summary(
    component: str, layout: Layout, settings: AwsSettings, health_checks: int
) -> FailoverSetSummary:
    """The plan summary of a component with this layout and these settings (``health_checks``:
    how many Route 53 health checks it created)."""
    fset = layout.fset
    settings_by_tier: list[dict[str, Any]] = []
    for tier in layout.tiers:
        check: dict[str, Any] = dict(tier.settings.to_summary())
        # How many endpoints these settings are used for (0: none is probed by Route 53).
        check["health_checks"] = len(tier.checked)
        if tier.calculated_threshold is not None:
            check["child_health_threshold"] = tier.calculated_threshold
        settings_by_tier.append(check)
    return FailoverSetSummary(
        component=component,
        type=COMPONENT,
        cloud="aws",
        hostname=fset.hostname,
        zone_name=fset.zone_name,
        record_type=fset.record_type.value,
        ttl=layout.ttl if layout.ttl_used else ALIAS_TTL,
        tiers=tiers_of(fset, settings_by_tier, [t.timing for t in layout.tiers]),
        timing=layout.timing,
        budget_seconds=fset.max_failover_seconds,
        facts={
            "zone": settings.zone_source,
            "health_checks": health_checks,
            "fail_open": "an unhealthy SECONDARY sends Route 53 back to the PRIMARY, and a "
            "group with no healthy record is answered as if all were healthy: with every "
            f"pool down, clients get pool {fset.pools[0].name!r}",
            "status_down": "a disabled, inverted health check (always unhealthy)",
            "records": {t.pool.name: t.description for t in layout.tiers},
            "dnssec": dnssec_description(settings),
            "alerts": alerts_description(settings.alerts, len(layout.alarms())),
        },
    )
