"""Answer a hostname the way Route 53 does, from recorded ``aws:route53`` resources.

Reads only what a program registered: ``aws:route53/record:Record`` and
``aws:route53/healthCheck:HealthCheck`` inputs (camelCase wire names) and their ids, and
``aws:route53/zone:Zone`` ids, so it works on any program, not only on
:class:`~failover_components.aws.Route53Failover`. It never guesses: an unknown value (a
preview), a routing policy it does not model, a dangling alias or health check id, or a
configuration Route 53 rejects raises :class:`~failover_components.simulate.SimulationError`.

The rules, each with its source:

* **Health checks** [HC_CONFIG]: an endpoint check (HTTP, HTTPS, *_STR_MATCH, TCP) is
  unhealthy when its target is in ``down``: its ``ipAddress`` when set (then ``fqdn`` is only
  the Host header), else its ``fqdn``. A *disabled* check is always healthy; an *inverted*
  check reports the opposite (so disabled + inverted is always unhealthy). A *calculated*
  check is healthy while at least ``childHealthThreshold`` children are.
* **Record health** [CHOOSE]: a record without a health check is always healthy; an alias with
  ``evaluateTargetHealth`` is healthy only while its target is, and a health check on top must
  pass too [COMPLEX "What happens when you associate a health check with an alias record"].
  An alias target in the same zone is healthy while at least one record of the target group
  (same name and type) is healthy [COMPLEX]; an AWS target (ELB, S3, API Gateway...) is healthy
  unless its DNS name is in ``down``. CloudFront never evaluates target health [ALIAS_TARGET].
* **Failover** [R53_API ``Failover``]: the PRIMARY while healthy; else the SECONDARY if healthy;
  an unhealthy SECONDARY sends Route 53 back to the PRIMARY whatever its health (fail-open).
* **Weighted** [R53_API ``Weight``], [CHOOSE]: healthy records with a weight above 0; the
  weight-0 records only when every other is unhealthy; all of them equally when every weight
  is 0. **Multivalue** [MULTIVALUE]: every healthy record (up to 8 per response, different
  resolvers get different ones). **Any group** with no healthy record is answered as if all
  were healthy (fail-open) [CHOOSE].
* **Simple** records are answered whatever their health (there is nothing to choose from).

``Answer.pools`` holds the ``setIdentifier`` of the deepest failover record on the way to the
answer (the tier that answers), without a ``-primary`` / ``-secondary`` suffix matching its
role (:class:`~failover_components.aws.Route53Failover` names its chain records
``<pool>-primary`` / ``<pool>-secondary``, so this is the pool name), or, with no failover
record on the way, the set identifiers (or names) of the records answering. ``Answer.values`` are the values of the records answering; for an alias to
an AWS resource, its DNS name (Route 53 answers that resource's addresses), with Route 53's
fixed 60 s TTL for alias answers [FAQ]. ``Answer.ttl`` is the largest TTL among the answering
records (the longest any resolver may cache the answer).

.. [HC_CONFIG] https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
.. [CHOOSE] https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html
.. [COMPLEX] https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html
.. [R53_API] https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html
.. [ALIAS_TARGET] https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html
.. [MULTIVALUE] https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-multivalue.html
.. [FAQ] https://aws.amazon.com/route53/faqs/ ("DNS Failover": ELB and S3 alias answers have a fixed 60 s TTL)
"""

import ipaddress
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ..recording import RecordedResource, Recording
from ..simulate import Answer, SimulationError, is_unknown
from .constants import ALIAS_TTL, CLOUDFRONT_ZONE_ID, HEALTH_CHECK, RECORD, ZONE

__all__ = ["ANSWER_TYPES", "ENDPOINT_CHECKS", "publishes", "resolve"]

ENDPOINT_CHECKS = ("HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP")
ANSWER_TYPES = ("A", "AAAA", "CNAME")
_UNMODELLED_POLICIES = (
    "geolocationRoutingPolicies",
    "latencyRoutingPolicies",
    "geoproximityRoutingPolicy",
    "cidrRoutingPolicy",
)


def _norm(name: str) -> str:
    """How Route 53 compares names and how ``down`` entries are matched: lower case, no
    trailing dot, IPv6 compressed."""
    text = name.strip().lower().removesuffix(".")
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text).compressed
        except ValueError:
            return text
    return text


def _known(value: object, what: str) -> None:
    """A :class:`SimulationError` if ``value`` (or anything in it) is unknown."""
    if is_unknown(value):
        raise SimulationError(f"{what} is unknown (a preview): resolve a non-preview recording")
    if isinstance(value, Mapping):
        for key, item in cast("Mapping[str, object]", value).items():
            _known(item, f"{what}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(cast("list[object]", value)):
            _known(item, f"{what}[{i}]")


def _items(value: object) -> list[Any]:
    """A list input (absent: empty)."""
    return list(cast("list[Any]", value)) if isinstance(value, list) else []  # type: ignore[redundant-cast]


def _inputs(res: RecordedResource) -> Mapping[str, Any]:
    inputs: Mapping[str, Any] = dict(res.inputs)
    _known(inputs, f"{res.type} {res.name!r}")
    return inputs


@dataclass(frozen=True)
class _Alias:
    name: str
    zone_id: str
    evaluate_target_health: bool


@dataclass(frozen=True)
class _Record:
    resource: str
    name: str
    type: str
    zone_id: str
    set_identifier: str | None
    policy: str
    """``simple``, ``failover``, ``weighted`` or ``multivalue``."""
    failover: str | None
    weight: int | None
    values: tuple[str, ...]
    alias: _Alias | None
    health_check_id: str | None
    ttl: int | None

    @property
    def label(self) -> str:
        ident = f" [{self.set_identifier}]" if self.set_identifier else ""
        return f"{self.type} {self.name}{ident} ({self.resource})"


@dataclass(frozen=True)
class _Check:
    resource: str
    type: str
    ip_address: str | None
    fqdn: str | None
    disabled: bool
    inverted: bool
    children: tuple[str, ...]
    threshold: int | None


@dataclass
class _Route:
    """What one branch of the decision tree answers."""

    values: set[str] = field(default_factory=lambda: set[str]())
    pools: set[str] = field(default_factory=lambda: set[str]())
    ttls: set[int] = field(default_factory=lambda: set[int]())
    fail_open: bool = False

    def merge(self, other: "_Route") -> None:
        self.values |= other.values
        self.pools |= other.pools
        self.ttls |= other.ttls
        self.fail_open = self.fail_open or other.fail_open


def _record(res: RecordedResource, zone_names: Mapping[str, str]) -> _Record:
    what = f"{res.type} {res.name!r}"
    inputs = _inputs(res)
    for key in _UNMODELLED_POLICIES:
        if inputs.get(key):
            raise SimulationError(f"{what}: routing policy {key!r} is not modelled")
    zone_id = str(inputs.get("zoneId") or "")
    name = _norm(str(inputs.get("name") or ""))
    zone_name = zone_names.get(zone_id)
    if zone_name and name != zone_name and not name.endswith("." + zone_name):
        # The provider takes names relative to the zone as well.
        name = f"{name}.{zone_name}"
    failover = [p.get("type") for p in _items(inputs.get("failoverRoutingPolicies"))]
    weighted = [p.get("weight") for p in _items(inputs.get("weightedRoutingPolicies"))]
    multivalue = bool(inputs.get("multivalueAnswerRoutingPolicy"))
    policies = [p for p, on in (("failover", bool(failover)), ("weighted", bool(weighted))) if on]
    if multivalue:
        policies.append("multivalue")
    if len(policies) > 1:
        raise SimulationError(f"{what}: several routing policies {policies} (Route 53 allows one)")
    aliases = _items(inputs.get("aliases"))
    if len(aliases) > 1:
        raise SimulationError(f"{what}: more than one alias block")
    alias = None
    if aliases:
        a = aliases[0]
        alias = _Alias(
            name=_norm(str(a.get("name") or "")),
            zone_id=str(a.get("zoneId") or ""),
            evaluate_target_health=bool(a.get("evaluateTargetHealth")),
        )
        if multivalue:
            raise SimulationError(f"{what}: Route 53 has no multivalue alias records")
    records = [str(v) for v in _items(inputs.get("records"))]
    if alias is None and not records:
        raise SimulationError(f"{what}: neither records nor an alias")
    role = str(failover[0]).upper() if failover else None
    if role is not None and role not in ("PRIMARY", "SECONDARY"):
        raise SimulationError(f"{what}: failover type {role!r} is neither PRIMARY nor SECONDARY")
    ttl = inputs.get("ttl")
    return _Record(
        resource=res.name,
        name=name,
        type=str(inputs.get("type") or "").upper(),
        zone_id=zone_id,
        set_identifier=str(inputs["setIdentifier"]) if inputs.get("setIdentifier") else None,
        policy=policies[0] if policies else "simple",
        failover=role,
        weight=int(weighted[0]) if weighted else None,
        values=tuple(_norm(v) for v in records),
        alias=alias,
        health_check_id=str(inputs["healthCheckId"]) if inputs.get("healthCheckId") else None,
        ttl=int(ttl) if ttl is not None else None,
    )


def _check(res: RecordedResource) -> _Check:
    inputs = _inputs(res)
    threshold = inputs.get("childHealthThreshold")
    ip = inputs.get("ipAddress")
    fqdn = inputs.get("fqdn")
    return _Check(
        resource=res.name,
        type=str(inputs.get("type") or "").upper(),
        ip_address=_norm(str(ip)) if ip else None,
        fqdn=_norm(str(fqdn)) if fqdn else None,
        disabled=bool(inputs.get("disabled")),
        inverted=bool(inputs.get("invertHealthcheck")),
        children=tuple(str(c) for c in _items(inputs.get("childHealthchecks"))),
        threshold=int(threshold) if threshold is not None else None,
    )


class _Resolver:
    def __init__(self, recording: Recording, down: Collection[str]) -> None:
        self.down = {_norm(d) for d in down}
        self.trace: list[str] = []
        zone_names: dict[str, str] = {}
        for res in recording.resources:
            if res.type == ZONE:
                value = res.outputs.get("zoneId") or res.id
                _known(value, f"zone {res.name!r}")
                zone_id = str(value)
                zone_names[zone_id] = _norm(str(res.inputs.get("name") or ""))
        self.zone_ids = set(zone_names)
        self.checks: dict[str, _Check] = {}
        for res in recording.resources:
            if res.type == HEALTH_CHECK:
                check_id = str(res.id)
                if not check_id or is_unknown(res.id):
                    raise SimulationError(f"health check {res.name!r} has no id (a preview)")
                self.checks[check_id] = _check(res)
        self.groups: dict[tuple[str, str, str], list[_Record]] = {}
        for res in recording.resources:
            if res.type == RECORD:
                rec = _record(res, zone_names)
                self.zone_ids.add(rec.zone_id)
                self.groups.setdefault((rec.zone_id, rec.name, rec.type), []).append(rec)
        for key, group in self.groups.items():
            self._check_group(key, group)

    # -- structure -----------------------------------------------------------------------

    @staticmethod
    def _check_group(key: tuple[str, str, str], group: list[_Record]) -> None:
        """Reject what Route 53 itself rejects, so a drill never passes on an impossible zone."""
        where = f"{key[2]} {key[1]} in zone {key[0]}"
        policies = {r.policy for r in group}
        if len(policies) > 1:
            raise SimulationError(f"{where}: records with different routing policies {policies}")
        policy = next(iter(policies))
        if policy == "simple" and len(group) > 1:
            raise SimulationError(f"{where}: {len(group)} simple records (Route 53 allows one)")
        if policy != "simple":
            idents = [r.set_identifier for r in group]
            if None in idents or len(set(idents)) != len(idents):
                raise SimulationError(f"{where}: set identifiers missing or repeated: {idents}")
        if policy == "failover":
            roles = sorted(str(r.failover) for r in group)
            if roles not in (["PRIMARY"], ["SECONDARY"], ["PRIMARY", "SECONDARY"]):
                raise SimulationError(f"{where}: failover roles {roles}")
            for r in group:
                if r.failover == "PRIMARY" and r.alias is None and r.health_check_id is None:
                    raise SimulationError(
                        f"{r.label}: Route 53 rejects a non-alias PRIMARY without a health check"
                    )

    def group(self, zone_id: str, name: str, type_: str, via: str) -> list[_Record]:
        found = self.groups.get((zone_id, name, type_))
        if not found:
            raise SimulationError(f"{via}: no {type_} record named {name!r} in zone {zone_id}")
        return found

    # -- health --------------------------------------------------------------------------

    def check_healthy(self, check_id: str, via: str, seen: tuple[str, ...] = ()) -> bool:
        check = self.checks.get(check_id)
        if check is None:
            raise SimulationError(f"{via}: health check id {check_id!r} is not in the recording")
        if check_id in seen:
            raise SimulationError(f"health check {check.resource!r} is its own descendant")
        if check.disabled:
            # "After you disable a health check, Route 53 considers the status of the health
            # check to always be healthy" [HC_CONFIG Disabled].
            base = True
        elif check.type in ENDPOINT_CHECKS:
            # With an IP address, the fqdn is only the Host header [HC_CONFIG].
            target = check.ip_address or check.fqdn
            if not target:
                raise SimulationError(f"health check {check.resource!r} has no ipAddress or fqdn")
            base = target not in self.down
        elif check.type == "CALCULATED":
            if check.threshold is None:
                raise SimulationError(f"calculated check {check.resource!r} has no threshold")
            healthy = sum(
                1
                for child in check.children
                if self.check_healthy(child, f"health check {check.resource!r}", (*seen, check_id))
            )
            base = healthy >= check.threshold
        else:
            raise SimulationError(
                f"health check {check.resource!r}: type {check.type} is not modelled"
            )
        # "Inverted: ... consider a health check unhealthy when it otherwise would be
        # considered healthy" [HC_CONFIG Inverted].
        return not base if check.inverted else base

    def record_healthy(self, rec: _Record, seen: tuple[tuple[str, str, str], ...]) -> bool:
        healthy = True
        if rec.health_check_id is not None:
            healthy = self.check_healthy(rec.health_check_id, rec.label)
        if healthy and rec.alias is not None and rec.alias.evaluate_target_health:
            healthy = self.alias_target_healthy(rec, rec.alias, seen)
        return healthy

    def alias_target_healthy(
        self, rec: _Record, alias: _Alias, seen: tuple[tuple[str, str, str], ...]
    ) -> bool:
        if alias.zone_id == rec.zone_id:
            key = (rec.zone_id, alias.name, rec.type)
            if key in seen:
                raise SimulationError(f"{rec.label}: alias loop through {alias.name!r}")
            group = self.group(rec.zone_id, alias.name, rec.type, rec.label)
            # Healthy while at least one record of the target group is [COMPLEX].
            return any(self.record_healthy(r, (*seen, key)) for r in group)
        self._check_aws_target(rec, alias)
        if alias.zone_id == CLOUDFRONT_ZONE_ID or alias.name.endswith(".cloudfront.net"):
            raise SimulationError(
                f"{rec.label}: Route 53 rejects evaluateTargetHealth on a CloudFront alias"
            )
        return alias.name not in self.down

    def _check_aws_target(self, rec: _Record, alias: _Alias) -> None:
        if alias.zone_id in self.zone_ids:
            raise SimulationError(
                f"{rec.label}: alias into another hosted zone of the recording ({alias.zone_id}); "
                "Route 53 aliases only reach records of the same zone or AWS resources"
            )

    # -- answers -------------------------------------------------------------------------

    def select(
        self, group: list[_Record], seen: tuple[tuple[str, str, str], ...]
    ) -> tuple[list[_Record], bool]:
        """The records Route 53 answers from a group, and whether it had to fail open."""
        first = group[0]
        where = f"{first.type} {first.name}"
        policy = first.policy
        if policy == "simple":
            self.trace.append(f"{where}: simple record, answered whatever its health")
            return group, False
        health = {id(r): self.record_healthy(r, seen) for r in group}
        if policy == "failover":
            primary = next((r for r in group if r.failover == "PRIMARY"), None)
            secondary = next((r for r in group if r.failover == "SECONDARY"), None)
            if primary is not None and health[id(primary)]:
                self.trace.append(f"{where}: PRIMARY {primary.set_identifier!r} is healthy")
                return [primary], False
            if secondary is not None and (primary is None or health[id(secondary)]):
                self.trace.append(
                    f"{where}: PRIMARY unhealthy, SECONDARY {secondary.set_identifier!r} is "
                    "healthy (or has no health check)"
                )
                return [secondary], False
            assert primary is not None
            self.trace.append(
                f"{where}: PRIMARY and SECONDARY unhealthy: Route 53 answers the PRIMARY "
                f"{primary.set_identifier!r} regardless (fail-open)"
            )
            return [primary], True
        healthy = [r for r in group if health[id(r)]]
        considered = healthy
        if not healthy:
            self.trace.append(
                f"{where}: no healthy {policy} record: all treated as healthy (fail-open)"
            )
            considered = list(group)
        if policy == "multivalue":
            self.trace.append(
                f"{where}: multivalue, answers {sorted(str(r.set_identifier) for r in considered)}"
                + (" (up to 8 per response)" if len(considered) > 8 else "")
            )
            return considered, not healthy
        nonzero = [r for r in considered if (r.weight or 0) > 0]
        chosen = nonzero or considered
        self.trace.append(
            f"{where}: weighted, one of {sorted(str(r.set_identifier) for r in chosen)} per query"
            + ("" if nonzero else " (every considered weight is 0)")
        )
        return chosen, not healthy

    def answer(
        self, rec: _Record, pool: str | None, seen: tuple[tuple[str, str, str], ...]
    ) -> _Route:
        if rec.policy == "failover" and rec.set_identifier is not None:
            pool = rec.set_identifier.removesuffix(f"-{str(rec.failover).lower()}")
        route = _Route()
        if rec.alias is None:
            route.values = set(rec.values)
            route.pools = {pool or rec.set_identifier or rec.name}
            if rec.ttl is None:
                raise SimulationError(f"{rec.label}: a non-alias record without a TTL")
            route.ttls = {rec.ttl}
            return route
        alias = rec.alias
        if alias.zone_id != rec.zone_id:
            self._check_aws_target(rec, alias)
            self.trace.append(f"{rec.label}: alias to the AWS resource {alias.name}")
            route.values = {alias.name}
            route.pools = {pool or rec.set_identifier or rec.name}
            route.ttls = {ALIAS_TTL}
            return route
        key = (rec.zone_id, alias.name, rec.type)
        if key in seen:
            raise SimulationError(f"{rec.label}: alias loop through {alias.name!r}")
        self.trace.append(f"{rec.label}: alias to {alias.name}")
        return self.answer_group(self.group(*key, rec.label), pool, (*seen, key))

    def answer_group(
        self, group: list[_Record], pool: str | None, seen: tuple[tuple[str, str, str], ...]
    ) -> _Route:
        chosen, fail_open = self.select(group, seen)
        route = _Route(fail_open=fail_open)
        for rec in chosen:
            route.merge(self.answer(rec, pool, seen))
        return route


def resolve(recording: Recording, hostname: str, down: Collection[str] = ()) -> Answer:
    """What Route 53 answers for ``hostname`` while the endpoints in ``down`` fail their probes.

    ``down`` holds endpoint addresses as the resources name them: the IP address or host
    name a health check probes, or an alias target's DNS name.
    """
    resolver = _Resolver(recording, down)
    name = _norm(hostname)
    keys = sorted(k for k in resolver.groups if k[1] == name and k[2] in ANSWER_TYPES)
    if not keys:
        raise SimulationError(f"no A, AAAA or CNAME record named {name!r} in the recording")
    if len(keys) > 1:
        found: Sequence[str] = [f"{t} in zone {z}" for z, _n, t in keys]
        raise SimulationError(f"{name!r} has several record sets ({', '.join(found)}): ambiguous")
    key = keys[0]
    route = resolver.answer_group(resolver.groups[key], None, (key,))
    return Answer(
        hostname=name,
        record_type=key[2],
        values=tuple(sorted(route.values)),
        pools=tuple(sorted(route.pools)),
        fail_open=route.fail_open,
        ttl=max(route.ttls),
        trace=tuple(resolver.trace),
    )


def publishes(recording: Recording, hostname: str) -> bool:
    """True when a Route 53 record in the recording is named ``hostname``."""
    host = hostname.strip().lower().removesuffix(".")
    return any(
        r.type == RECORD
        and str(r.inputs.get("name") or "").strip().lower().removesuffix(".") == host
        for r in recording.resources
    )
