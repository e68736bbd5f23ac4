"""Policy rules for DNS failover, checked on resources alone, in three places.

Each rule is one pure function over the resources a program registers (their type, name,
parent and properties as the engine sees them: camelCase keys), with an id, a level, a cause
and an explanation (the cdk-nag model). Because rules read only resources, the same
:data:`RULES` run

* in the offline plan (``failover-components plan``), through :func:`check_recording`;
* as a Pulumi CrossGuard policy pack (``pulumi preview --policy-pack policy``), through
  :func:`from_policy_resources`, in the pack's own virtualenv;
* in your own tests::

      from failover_components.policy import check_recording
      from failover_components.testing import run

      def test_no_policy_errors():
          rec = run(my_program)
          assert not [f for f in check_recording(rec) if f.failing]

Findings are grouped per failover component (a resource belongs to the nearest
``failover-components:index:*`` ancestor) and also cover hand-written SDK resources outside
any component. A component acknowledges a rule for itself with its ``policy_acknowledgements``
argument (rule id or name -> reason), which it registers as its ``acknowledged_policies`` output
(``acknowledgedPolicies`` is read too): its findings for that rule are still reported, marked
acknowledged with the reason, and never fail a run. An acknowledgement without a reason is
itself an error (FO013), as a cdk-nag suppression without a reason is.

This module imports no cloud SDK and not ``pulumi_policy``: the pack's virtualenv pins older
protobuf and grpcio than the cloud SDKs want, so the pack installs this library without them.
"""

import ipaddress
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from .clouds import CLOUDS
from .validation import unprobeable_network

if TYPE_CHECKING:  # pragma: no cover - typing only; the testing kit is imported by the caller
    from .testing import Recording

__all__ = [
    "RULES",
    "UNKNOWN",
    "Finding",
    "Level",
    "PolicyConfig",
    "ResourceView",
    "Rule",
    "StackView",
    "Violation",
    "check_recording",
    "evaluate",
    "failures",
    "from_policy_resources",
    "from_recording",
    "render_rules_markdown",
    "rule",
    "rule_for",
]


class Level(str, Enum):
    """How serious a finding is. ``error`` fails ``plan --strict`` and a CrossGuard run
    (mandatory); ``warning`` and ``advisory`` are reported only (advisory in CrossGuard)."""

    ADVISORY = "advisory"
    """Worth knowing; often a deliberate choice."""
    WARNING = "warning"
    """Weakens failover or its security; acknowledge it if it is deliberate."""
    ERROR = "error"
    """Failover does not work as declared, or is not secure."""


class _Unknown:
    """A value the engine does not know yet (a preview of a value another resource computes)."""

    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN: Any = _Unknown()
"""What an unknown property value is in a :class:`ResourceView`, whatever its source."""

# Pulumi's wire encodings (sdk/go/common/resource/properties.go): a secret is a map with the
# signature key; a preview's unknown is one of these sentinel strings (pulumi_policy/proxy.py).
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
_UNKNOWN_SENTINELS = frozenset(
    {
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",  # boolean
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421",  # number
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9",  # string
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",  # array
        "030794c1-ac77-496b-92df-f27374a8bd58",  # asset
        "e48ece36-62e2-4504-bad9-02848725956a",  # archive
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",  # object
    }
)


def _is_unknown_error(exc: Exception) -> bool:
    # pulumi_policy's proxies raise UnknownValueError when an unknown value is read; matched
    # by name so that this module never imports pulumi_policy.
    return type(exc).__name__ == "UnknownValueError"


def _item(container: Any, key: Any) -> Any:
    try:
        return container[key]
    except Exception as exc:
        if _is_unknown_error(exc):
            return UNKNOWN
        raise


def _plain(value: Any) -> Any:
    """JSON-like data: secrets unwrapped, every kind of unknown as :data:`UNKNOWN`."""
    if value is UNKNOWN:
        return value
    if isinstance(value, str):
        return UNKNOWN if value in _UNKNOWN_SENTINELS else value
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if type(value).__name__ == "Unknown" and type(value).__module__.startswith("pulumi"):
        return UNKNOWN  # pulumi.output.Unknown, as mock recordings hold it
    if isinstance(value, Mapping):
        data = cast("Mapping[str, Any]", value)
        if data.get(_SIG_KEY) == _SECRET_SIG:
            return _plain(_item(data, "value"))
        return {str(k): _plain(_item(data, k)) for k in list(data)}
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        items = cast("Sequence[object]", value)
        return [_plain(_item(items, i)) for i in range(len(items))]
    return value


@dataclass(frozen=True, eq=False)
class ResourceView:
    """One resource as a rule sees it, whatever ran the program (mock engine or CrossGuard)."""

    type: str
    """The type token, e.g. ``aws:route53/record:Record``."""
    name: str
    """The resource name (the last part of its URN)."""
    urn: str
    parent: str | None
    """The parent's URN, or ``None``."""
    props: Mapping[str, Any]
    """Properties with the engine's camelCase keys, secrets unwrapped, :data:`UNKNOWN` where
    unknown. For a component: its registered outputs."""
    id: str | None = None
    """The provider's id, when known."""
    property_dependencies: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: cast("dict[str, tuple[str, ...]]", {})
    )
    """URNs each property depends on: links that hold even while ids are unknown."""


def from_recording(recording: "Recording") -> list[ResourceView]:
    """The resources of a :class:`~failover_components.testing.Recording`: custom resources
    with their inputs, components with the outputs they registered."""
    views: list[ResourceView] = []
    for r in recording.resources:
        props = r.plain() if r.custom else recording.component_outputs.get(r.urn, {})
        views.append(
            ResourceView(
                type=r.type,
                name=r.name,
                urn=r.urn,
                parent=r.parent or None,
                props=cast("Mapping[str, Any]", _plain(props)),
                id=r.id or None,
                property_dependencies=dict(r.property_dependencies),
            )
        )
    return views


def from_policy_resources(resources: Iterable[Any]) -> list[ResourceView]:
    """The resources of a CrossGuard ``StackValidationArgs.resources`` list.

    Duck-typed on ``pulumi_policy.PolicyResource`` (``resource_type``, ``name``, ``urn``,
    ``props``, ``parent`` (a PolicyResource or ``None``), ``property_dependencies`` (property
    -> PolicyResources)); unknown values read through the pack's proxies become :data:`UNKNOWN`.
    """
    views: list[ResourceView] = []
    for res in resources:
        props = cast("Mapping[str, Any]", _plain(res.props) or {})
        parent = getattr(res, "parent", None)
        deps_raw = cast("Mapping[str, Any]", getattr(res, "property_dependencies", None) or {})
        deps = {str(k): tuple(str(d.urn) for d in v) for k, v in deps_raw.items()}
        rid = props.get("id")
        views.append(
            ResourceView(
                type=str(res.resource_type),
                name=str(res.name),
                urn=str(res.urn),
                parent=str(parent.urn) if parent is not None else None,
                props=props,
                id=rid if isinstance(rid, str) and rid else None,
                property_dependencies=deps,
            )
        )
    return views


# ----------------------------------------------------------------------------------------
# Resource types the rules read (the engine's tokens).

AWS_ZONE = "aws:route53/zone:Zone"
AWS_RECORD = "aws:route53/record:Record"
AWS_HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
AWS_ZONE_DNSSEC = "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec"
AWS_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
TM_PROFILE = "azure-native:trafficmanager:Profile"
TM_ENDPOINT = "azure-native:trafficmanager:Endpoint"
AZ_ZONE = "azure-native:dns:Zone"
AZ_DNSSEC = "azure-native:dns:DnssecConfig"
AZ_RECORD = "azure-native:dns:RecordSet"
AZ_ALERT = "azure-native:monitor:MetricAlert"
CF_LB = "cloudflare:index/loadBalancer:LoadBalancer"
CF_POOL = "cloudflare:index/loadBalancerPool:LoadBalancerPool"
CF_MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor"
CF_ZONE = "cloudflare:index/zone:Zone"
CF_DNSSEC = "cloudflare:index/zoneDnssec:ZoneDnssec"
CF_NOTIFICATION = "cloudflare:index/notificationPolicy:NotificationPolicy"

FAILOVER_COMPONENTS = frozenset(c.type_token for c in CLOUDS.values())
"""The component types whose descendants are grouped, and that can acknowledge rules."""

ALERT_TYPES = frozenset(
    {AWS_ALARM, AZ_ALERT, CF_NOTIFICATION, *(t for c in CLOUDS.values() for t in c.alert_types)}
)

# azure-native also publishes explicit API versions (azure-native:trafficmanager/v20220401:Profile).
_AZURE_VERSIONED = re.compile(r"^(azure-native:[A-Za-z0-9]+)/v[0-9a-z]+(:\w+)$")


def base_type(type_: str) -> str:
    """The type token without an azure-native API-version module."""
    m = _AZURE_VERSIONED.match(type_)
    return m.group(1) + m.group(2) if m else type_


# ----------------------------------------------------------------------------------------
# Reading property values defensively (a rule never trusts a shape).


def _is_set(value: Any) -> bool:
    """Given at all: an unknown value counts (it will be something)."""
    return value is UNKNOWN or (value is not None and value != "" and value != [] and value != {})


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _list(value: object) -> list[Any]:
    return list(cast("list[object]", value)) if isinstance(value, list) else []


def _map(value: Any) -> Mapping[str, Any]:
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else {}


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _output(component: ResourceView, camel: str, snake: str) -> Any:
    """A component output, under its wire (camelCase) or Python (snake_case) name."""
    props = component.props
    return props[camel] if camel in props else props.get(snake)


class StackView:
    """Every resource of one stack, indexed for rules: by type, by parent, and the links
    between resources (property dependencies first, then matching ids or names)."""

    def __init__(self, resources: Iterable[ResourceView]) -> None:
        self.resources: tuple[ResourceView, ...] = tuple(resources)
        self._by_urn = {r.urn: r for r in self.resources}
        self._by_type: dict[str, list[ResourceView]] = {}
        self._children: dict[str, list[ResourceView]] = {}
        for r in self.resources:
            self._by_type.setdefault(base_type(r.type), []).append(r)
            if r.parent:
                self._children.setdefault(r.parent, []).append(r)

    def get(self, urn: str | None) -> ResourceView | None:
        """The resource with this URN, if it is in the stack."""
        return self._by_urn.get(urn) if urn else None

    def of_type(self, *types: str) -> list[ResourceView]:
        """Every resource of these types, in stack order."""
        out: list[ResourceView] = []
        for t in types:
            out.extend(self._by_type.get(t, []))
        return out

    def component_of(self, resource: ResourceView) -> ResourceView | None:
        """The failover component the resource is (or belongs to), or ``None``."""
        seen: set[str] = set()
        current: ResourceView | None = resource
        while current is not None and current.urn not in seen:
            if base_type(current.type) in FAILOVER_COMPONENTS:
                return current
            seen.add(current.urn)
            current = self.get(current.parent)
        return None

    def components(self) -> list[ResourceView]:
        """Every failover component."""
        return [r for r in self.resources if base_type(r.type) in FAILOVER_COMPONENTS]

    def descendants(self, resource: ResourceView) -> list[ResourceView]:
        """Children, grandchildren and so on."""
        out: list[ResourceView] = []
        seen = {resource.urn}
        queue = deque(self._children.get(resource.urn, []))
        while queue:
            r = queue.popleft()
            if r.urn in seen:
                continue
            seen.add(r.urn)
            out.append(r)
            queue.extend(self._children.get(r.urn, []))
        return out

    def dependencies(
        self, resource: ResourceView, key: str, types: Iterable[str]
    ) -> list[ResourceView]:
        """The resources of ``types`` that the property ``key`` depends on."""
        wanted = set(types)
        out: list[ResourceView] = []
        for urn in resource.property_dependencies.get(key, ()):
            r = self.get(urn)
            if r is not None and base_type(r.type) in wanted and r not in out:
                out.append(r)
        return out

    def linked(
        self,
        resource: ResourceView,
        key: str,
        types: Iterable[str],
        match: Callable[[ResourceView, str], bool] | None = None,
    ) -> ResourceView | None:
        """The one resource of ``types`` that the property ``key`` refers to, or ``None``.

        A property that took another resource's output depends on it, which holds even in a
        preview, when ids are unknown; a literal is matched by id (or by ``match``).
        """
        types = tuple(types)
        deps = self.dependencies(resource, key, types)
        if len(deps) == 1:
            return deps[0]
        value = _str(resource.props.get(key))
        if value is None:
            return None
        matcher = match or _matches_id
        hits = [c for c in (deps or self.of_type(*types)) if matcher(c, value)]
        return hits[0] if len(hits) == 1 else None

    def linked_list(
        self, resource: ResourceView, key: str, types: Iterable[str]
    ) -> list[ResourceView | None]:
        """Per position of the list property ``key``, the resource it refers to (by id), or
        ``None``; one unmatched position is filled from one unmatched dependency."""
        types = tuple(types)
        candidates = self.of_type(*types)
        out: list[ResourceView | None] = []
        for value in _list(resource.props.get(key)):
            hits = [c for c in candidates if isinstance(value, str) and _matches_id(c, value)]
            out.append(hits[0] if len(hits) == 1 else None)
        unmatched = [d for d in self.dependencies(resource, key, types) if d not in out]
        holes = [i for i, r in enumerate(out) if r is None]
        if len(holes) == 1 and len(unmatched) == 1:
            out[holes[0]] = unmatched[0]
        return out


def _matches_id(candidate: ResourceView, value: str) -> bool:
    return value in (candidate.id, candidate.props.get("id"))


# ----------------------------------------------------------------------------------------
# Rules, findings and configuration.


@dataclass(frozen=True)
class Violation:
    """What a rule's check yields: the resource at fault and what is wrong with it."""

    resource: ResourceView
    message: str
    """Lowercase, no trailing period; names the property and the consequence."""


DEFAULT_BUDGET_SECONDS = 300
DEFAULT_MAX_TTL_SECONDS = 300

_CONFIG_FIELDS = {
    "budgetSeconds": "budget_seconds",
    "budget_seconds": "budget_seconds",
    "maxTtlSeconds": "max_ttl_seconds",
    "max_ttl_seconds": "max_ttl_seconds",
}


@dataclass(frozen=True)
class PolicyConfig:
    """Settings of the rules that take any (CrossGuard policy config uses the camelCase names)."""

    budget_seconds: int = DEFAULT_BUDGET_SECONDS
    """``budgetSeconds``: the recovery budget FO003 holds every failover component to."""
    max_ttl_seconds: int = DEFAULT_MAX_TTL_SECONDS
    """``maxTtlSeconds``: the largest TTL FO002 accepts on a failover answer."""

    @classmethod
    def of(cls, config: "PolicyConfig | Mapping[str, Any] | None") -> "PolicyConfig":
        """A config from ``None`` (defaults), a config, or a mapping with camelCase or
        snake_case keys; an unknown key or a value that is not a positive whole number is a
        ``ValueError``."""
        if config is None:
            return cls()
        if isinstance(config, PolicyConfig):
            return config
        values: dict[str, int] = {}
        for key, raw in config.items():
            name = _CONFIG_FIELDS.get(key)
            if name is None:
                raise ValueError(
                    f"unknown policy config key {key!r}; expected budgetSeconds or maxTtlSeconds"
                )
            number = _num(raw)
            if number is None or not number.is_integer() or number < 1:
                raise ValueError(f"policy config {key}: not a positive whole number, got {raw!r}")
            values[name] = int(number)
        return cls(**values)


Check = Callable[[StackView, PolicyConfig], Iterable[Violation]]
"""A rule's check: pure, reads only the resources (and the config)."""


@dataclass(frozen=True)
class Rule:
    """One policy rule."""

    id: str
    """Stable id, ``FO001``..."""
    name: str
    """Short kebab-case name (also the CrossGuard policy name)."""
    level: Level
    cause: str
    """One sentence: what a finding of this rule means."""
    explanation: str
    """Why it matters, with sources."""
    applies_to: str
    """Which resources it reads, inside components and hand-written."""
    check: Check = field(repr=False, compare=False)
    config_schema: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: cast("dict[str, Mapping[str, Any]]", {}), compare=False
    )
    """JSON-schema properties of the rule's CrossGuard config (camelCase keys)."""
    acknowledgeable: bool = True
    """False only for the rule that checks acknowledgements themselves."""


@dataclass(frozen=True)
class Finding:
    """One rule violated by one resource."""

    rule_id: str
    rule_name: str
    level: Level
    component: str | None
    """The failover component the resource belongs to, or ``None`` (hand-written)."""
    resource: tuple[str, str]
    """``(type, name)`` of the resource at fault."""
    message: str
    acknowledged: bool = False
    """The component acknowledged this rule with a reason: reported, never a failure."""
    acknowledgement: str | None = None
    """The acknowledgement's reason."""
    urn: str = ""

    @property
    def failing(self) -> bool:
        """An unacknowledged error: fails ``plan --strict`` and a CrossGuard run."""
        return self.level is Level.ERROR and not self.acknowledged

    def __str__(self) -> str:
        where = f"{self.component}: " if self.component else ""
        text = f"{self.level.value} {self.rule_id} {self.rule_name}: {where}{self.resource[0]} {self.resource[1]}: {self.message}"
        if self.acknowledged:
            text += f" (acknowledged: {self.acknowledgement})"
        return text

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data with stable keys."""
        return {
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "level": self.level.value,
            "component": self.component,
            "resource": {"type": self.resource[0], "name": self.resource[1]},
            "message": self.message,
            "acknowledged": self.acknowledged,
            "acknowledgement": self.acknowledgement,
        }


def failures(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that fail a strict run: unacknowledged errors."""
    return [f for f in findings if f.failing]


# ----------------------------------------------------------------------------------------
# Shared readers of each cloud's failover shapes.


def _role(record: ResourceView) -> str | None:
    """``PRIMARY``/``SECONDARY`` of a Route 53 failover record, else ``None``."""
    policies = _list(record.props.get("failoverRoutingPolicies"))
    kind = _str(_map(policies[0]).get("type")) if policies else None
    return kind.upper() if kind else None


def _record_name(record: ResourceView) -> str:
    name = _str(record.props.get("name"))
    return name if name is not None else record.name


def _record_key(stack: StackView, record: ResourceView) -> tuple[str, str, str] | None:
    """``(zone, name, type)`` identifying a Route 53 record set, or ``None`` if unknown."""
    name, rtype = _str(record.props.get("name")), _str(record.props.get("type"))
    if name is None or rtype is None:
        return None
    zone = stack.linked(record, "zoneId", [AWS_ZONE], match=_aws_zone_match)
    zone_id = record.props.get("zoneId")
    if zone is not None:
        zone_key = "urn:" + zone.urn
    elif isinstance(zone_id, str):
        zone_key = "id:" + zone_id
    else:
        return None
    return zone_key, name.lower().rstrip("."), rtype.upper()


def _aws_zone_match(zone: ResourceView, value: str) -> bool:
    return value in (zone.id, zone.props.get("zoneId"), zone.props.get("id"))


def _is_priority_profile(profile: ResourceView) -> bool:
    method = _str(profile.props.get("trafficRoutingMethod"))
    return method is not None and method.lower() == "priority"


@dataclass(frozen=True)
class _TmEndpoint:
    holder: ResourceView
    """The profile (inline endpoint) or the Endpoint resource."""
    props: Mapping[str, Any]
    name: str
    order: int


def _endpoint_profile_match(endpoint: ResourceView) -> Callable[[ResourceView, str], bool]:
    group = _str(endpoint.props.get("resourceGroupName"))

    def match(profile: ResourceView, value: str) -> bool:
        names = (profile.props.get("profileName"), profile.props.get("name"))
        other = _str(profile.props.get("resourceGroupName"))
        same_group = group is None or other is None or group.lower() == other.lower()
        return value in names and same_group

    return match


def _tm_endpoints(stack: StackView, profile: ResourceView) -> list[_TmEndpoint]:
    """Inline and stand-alone endpoints of a profile, in priority order (lowest first;
    endpoints without a priority keep their order, which is Traffic Manager's default)."""
    found: list[_TmEndpoint] = []
    for i, raw in enumerate(_list(profile.props.get("endpoints"))):
        ep = _map(raw)
        found.append(_TmEndpoint(profile, ep, _str(ep.get("name")) or f"endpoints[{i}]", i))
    base = len(found)
    for j, res in enumerate(stack.of_type(TM_ENDPOINT)):
        link = stack.linked(res, "profileName", [TM_PROFILE], match=_endpoint_profile_match(res))
        if link is profile:
            name = _str(res.props.get("endpointName")) or res.name
            found.append(_TmEndpoint(res, res.props, name, base + j))

    def key(ep: _TmEndpoint) -> tuple[float, int]:
        priority = _num(ep.props.get("priority"))
        return (priority if priority is not None else float("inf"), ep.order)

    return sorted(found, key=key)


def _nested_profile(stack: StackView, endpoint: _TmEndpoint) -> ResourceView | None:
    """The child profile a nested endpoint points at (by id, else by the id's last segment,
    the profile name), or ``None``."""
    kind = _str(endpoint.props.get("type")) or ""
    target = _str(endpoint.props.get("targetResourceId"))
    if not kind.lower().endswith("/nestedendpoints") or target is None:
        return None
    profiles = stack.of_type(TM_PROFILE)
    hits = [p for p in profiles if _matches_id(p, target)]
    if not hits:
        name = target.rsplit("/", 1)[-1].lower()
        hits = [
            p
            for p in profiles
            if name in (str(p.props.get("profileName") or "").lower(), p.name.lower())
        ]
    return hits[0] if len(hits) == 1 else None


def _enabled(endpoint: _TmEndpoint) -> bool:
    status = _str(endpoint.props.get("endpointStatus"))
    return status is None or status.lower() != "disabled"


def _always_serve(endpoint: _TmEndpoint) -> bool:
    value = _str(endpoint.props.get("alwaysServe"))
    return value is not None and value.lower() == "enabled"


def _pool_label(pool: ResourceView) -> str:
    return _str(pool.props.get("name")) or pool.name


def _monitored(pool: ResourceView) -> bool:
    return _is_set(pool.props.get("monitor")) or _is_set(pool.props.get("monitorGroup"))


def _lb_label(lb: ResourceView) -> str:
    return _str(lb.props.get("name")) or lb.name


# ----------------------------------------------------------------------------------------
# The rules. Each check yields Violations; evaluate() turns them into Findings.

R53_FAILOVER = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html"
R53_CHOOSE = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html"
R53_HC_API = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"
R53_DNSSEC = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec.html"
R53_MONITOR = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html"
)
TM_MONITOR = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring"
TM_ALERTS = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-metrics-alerts"
AZ_DNSSEC_DOC = "https://learn.microsoft.com/azure/dns/dnssec"
CF_HEALTH = "https://developers.cloudflare.com/load-balancing/understand-basics/health-details/"
CF_MONITORS = "https://developers.cloudflare.com/load-balancing/monitors/"
CF_PROXY = "https://developers.cloudflare.com/load-balancing/understand-basics/proxy-modes/"
CF_DNSSEC_DOC = "https://developers.cloudflare.com/dns/dnssec/"
CF_NOTIFY_DOC = "https://developers.cloudflare.com/load-balancing/reference/migration-guides/health-monitor-notifications/"

_STALE = "resolvers keep serving the failed answer that long after failover"


def _primary_health_checked(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for rec in stack.of_type(AWS_RECORD):
        if _role(rec) != "PRIMARY" or _is_set(rec.props.get("healthCheckId")):
            continue
        aliases = _list(rec.props.get("aliases"))
        evaluate = _map(aliases[0]).get("evaluateTargetHealth") if aliases else None
        if evaluate is UNKNOWN:
            continue
        if evaluate is True:
            if _alias_watched(stack, rec, set()) is False:
                yield Violation(
                    rec,
                    f"PRIMARY failover record {_record_name(rec)} {rec.props.get('type')} "
                    "evaluates the target health of records in its zone that no health check "
                    "watches (status 'up' endpoints): Route 53 counts them healthy, so traffic "
                    "never fails over",
                )
            continue
        yield Violation(
            rec,
            f"PRIMARY failover record {_record_name(rec)} {rec.props.get('type')} has neither a "
            "health_check_id nor an alias with evaluate_target_health=True: Route 53 cannot "
            "tell it is down, so traffic never fails over",
        )
    for profile in stack.of_type(TM_PROFILE):
        if not _is_priority_profile(profile):
            continue
        if not _is_set(profile.props.get("monitorConfig")):
            yield Violation(
                profile,
                "priority profile has no monitor_config: Traffic Manager cannot tell the "
                "priority-1 endpoint is down, so traffic never fails over",
            )
        enabled = [e for e in _tm_endpoints(stack, profile) if _enabled(e)]
        if enabled and _always_serve(enabled[0]):
            yield Violation(
                enabled[0].holder,
                f"priority-1 endpoint {enabled[0].name!r} has always_serve=Enabled: Traffic "
                "Manager never probes it, so traffic never fails over",
            )
        child = _nested_profile(stack, enabled[0]) if enabled else None
        if child is not None:
            inner = [e for e in _tm_endpoints(stack, child) if _enabled(e)]
            if inner and all(_always_serve(e) for e in inner):
                yield Violation(
                    enabled[0].holder,
                    f"priority-1 endpoint {enabled[0].name!r} is a nested profile whose "
                    "endpoints all have always_serve=Enabled: Traffic Manager never probes "
                    "them, so traffic never fails over",
                )
    for lb in stack.of_type(CF_LB):
        pools = stack.linked_list(lb, "defaultPools", [CF_POOL])
        if pools and pools[0] is not None:
            if not _monitored(pools[0]):
                yield Violation(
                    lb,
                    f"the first default pool {_pool_label(pools[0])!r} has no monitor: "
                    "Cloudflare treats it as healthy, so traffic never fails over",
                )
            continue
        # In a preview pool ids are unknown and the first pool cannot be told apart; when no
        # pool the load balancer depends on has a monitor, the first one has none either.
        deps = stack.dependencies(lb, "defaultPools", [CF_POOL])
        if deps and not any(_monitored(p) for p in deps):
            yield Violation(
                lb,
                "no default pool has a monitor: Cloudflare treats the first one as healthy, "
                "so traffic never fails over",
            )


def _alias_watched(stack: StackView, rec: ResourceView, seen: set[str]) -> bool | None:
    """Whether anything watches the health of what an alias with evaluate_target_health
    points at: ``False`` when its target is a name of the same zone whose records have no
    health check and are not themselves watched aliases (Route 53 counts a record without a
    health check healthy [R53_CHOOSE], so the alias never fails); ``True`` when one of them is
    watched; ``None`` when the target is outside the zone or unknown (an ALB or CloudFront
    reports its own health)."""
    aliases = _list(rec.props.get("aliases"))
    target = _str(_map(aliases[0]).get("name")) if aliases else None
    key = _record_key(stack, rec)
    if target is None or key is None or rec.urn in seen:
        return None
    seen.add(rec.urn)
    wanted = (key[0], target.lower().rstrip("."), key[2])
    targets = [r for r in stack.of_type(AWS_RECORD) if _record_key(stack, r) == wanted]
    if not targets:
        return None
    for r in targets:
        if _is_set(r.props.get("healthCheckId")):
            return True
        r_aliases = _list(r.props.get("aliases"))
        evaluate = _map(r_aliases[0]).get("evaluateTargetHealth") if r_aliases else None
        if evaluate is UNKNOWN or (
            evaluate is True and _alias_watched(stack, r, seen) is not False
        ):
            return True
    return False


def _failover_ttl(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
    limit = config.max_ttl_seconds
    for rec in stack.of_type(AWS_RECORD):
        routed = (
            bool(_list(rec.props.get("failoverRoutingPolicies")))
            or bool(_list(rec.props.get("weightedRoutingPolicies")))
            or rec.props.get("multivalueAnswerRoutingPolicy") is True
        )
        ttl = _num(rec.props.get("ttl"))
        if routed and ttl is not None and ttl > limit:
            yield Violation(
                rec,
                f"record {_record_name(rec)} {rec.props.get('type')} has ttl {_fmt(ttl)} s, "
                f"above {limit} s: {_STALE}",
            )
    for profile in stack.of_type(TM_PROFILE):
        ttl = _num(_map(profile.props.get("dnsConfig")).get("ttl"))
        if ttl is not None and ttl > limit:
            yield Violation(profile, f"dns_config.ttl is {_fmt(ttl)} s, above {limit} s: {_STALE}")
    for lb in stack.of_type(CF_LB):
        ttl = _num(lb.props.get("ttl"))
        # A proxied load balancer answers with Cloudflare's addresses and ignores ttl [CF_PROXY].
        if lb.props.get("proxied") is not True and ttl is not None and ttl > limit:
            yield Violation(
                lb,
                f"DNS-only load balancer {_lb_label(lb)} has ttl {_fmt(ttl)} s, above {limit} s: "
                f"{_STALE}",
            )
    for rs in stack.of_type(AZ_RECORD):
        ttl = _num(rs.props.get("ttl"))
        if ttl is not None and ttl > limit and _points_at_traffic_manager(stack, rs):
            name = _str(rs.props.get("relativeRecordSetName")) or rs.name
            yield Violation(
                rs,
                f"record {name} {rs.props.get('recordType')} points at Traffic Manager with ttl "
                f"{_fmt(ttl)} s, above {limit} s: {_STALE}",
            )


def _points_at_traffic_manager(stack: StackView, rs: ResourceView) -> bool:
    # A CNAME or an alias record (targetResource) keeps its own TTL in front of the profile's.
    # A Traffic Manager linked record (trafficManagementProfile) is not matched: its own TTL is
    # ignored for the profile's (https://learn.microsoft.com/azure/dns/dns-traffic-manager-linked-records).
    cname = _str(_map(rs.props.get("cnameRecord")).get("cname")) or ""
    if cname.lower().rstrip(".").endswith(".trafficmanager.net"):
        return True
    target = _str(_map(rs.props.get("targetResource")).get("id")) or ""
    if "/trafficmanagerprofiles/" in target.lower():
        return True
    return bool(stack.dependencies(rs, "targetResource", [TM_PROFILE]))


def _recovery_budget(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
    for component in stack.components():
        worst = _num(_output(component, "worstCaseFailoverSeconds", "worst_case_failover_seconds"))
        if worst is not None and worst > config.budget_seconds:
            yield Violation(
                component,
                f"worst-case failover is {_fmt(worst)} s, above the recovery budget of "
                f"{config.budget_seconds} s",
            )


_R53_HTTPS_TYPES = frozenset({"HTTPS", "HTTPS_STR_MATCH"})
_R53_PROBING_TYPES = frozenset({"HTTP", "HTTP_STR_MATCH", "TCP"}) | _R53_HTTPS_TYPES


def _https_health_checks(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        kind = _str(hc.props.get("type"))
        # CALCULATED, CLOUDWATCH_METRIC and RECOVERY_CONTROL checks send no probe of their own.
        if kind is not None and kind.upper() in _R53_PROBING_TYPES - _R53_HTTPS_TYPES:
            yield Violation(hc, f"health check type is {kind}, not HTTPS or HTTPS_STR_MATCH")
    for profile in stack.of_type(TM_PROFILE):
        protocol = _str(_map(profile.props.get("monitorConfig")).get("protocol"))
        if protocol is not None and protocol.upper() != "HTTPS":
            yield Violation(profile, f"monitor_config.protocol is {protocol}, not HTTPS")
    for monitor in stack.of_type(CF_MONITOR):
        kind = monitor.props.get("type")
        if kind is None:
            # Cloudflare's default monitor type is http [CF_MONITORS].
            yield Violation(
                monitor, "monitor type is not set (Cloudflare's default is 'http'), not 'https'"
            )
        elif isinstance(kind, str) and kind.lower() != "https":
            yield Violation(monitor, f"monitor type is {kind!r}, not 'https'")


R53_CHECKER_REGIONS = (
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
)
"""Route 53's health-checker regions (``HealthCheckRegion`` in the API reference)."""


def _route53_checker_regions(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        raw = hc.props.get("regions")
        regions = _list(raw)
        if not regions or not all(isinstance(r, str) for r in regions):
            continue  # not set (every region checks) or not known yet
        names = cast("list[str]", regions)
        if len(set(names)) < 3:
            yield Violation(
                hc,
                f"regions lists {len(set(names))} checker region(s) {sorted(set(names))}; "
                "Route 53 needs at least 3",
            )
        unknown_regions = sorted(set(names) - set(R53_CHECKER_REGIONS))
        if unknown_regions:
            yield Violation(
                hc,
                f"regions {unknown_regions} are not Route 53 checker regions; expected some of "
                + ", ".join(R53_CHECKER_REGIONS),
            )


def _cloudflare_monitor_tls(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for monitor in stack.of_type(CF_MONITOR):
        if monitor.props.get("allowInsecure") is True:
            yield Violation(
                monitor,
                "allow_insecure=True: the monitor accepts any certificate, so an origin with an "
                "expired or wrong certificate stays healthy while clients reject it",
            )


def _zone_dnssec(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    signed: set[str] = set()
    for sig in stack.of_type(AWS_ZONE_DNSSEC):
        status = _str(sig.props.get("signingStatus"))
        zone = stack.linked(sig, "hostedZoneId", [AWS_ZONE], match=_aws_zone_match)
        if zone is not None and (status is None or status.upper() != "NOT_SIGNING"):
            signed.add(zone.urn)
    for sig in stack.of_type(AZ_DNSSEC):
        zone = stack.linked(sig, "zoneName", [AZ_ZONE], match=_azure_zone_match(sig))
        if zone is not None:
            signed.add(zone.urn)
    for sig in stack.of_type(CF_DNSSEC):
        # status is "active" or "disabled" as declared, "pending" in the outputs until the DS
        # record is published; only a disabled one leaves the zone unsigned.
        status = _str(sig.props.get("status"))
        zone = stack.linked(sig, "zoneId", [CF_ZONE])
        if zone is not None and (status is None or "disabled" not in status.lower()):
            signed.add(zone.urn)
    for zone in stack.of_type(AWS_ZONE):
        # Route 53 signs public hosted zones only [R53_DNSSEC]; a zone with VPCs is private.
        if zone.urn in signed or _is_set(zone.props.get("vpcs")):
            continue
        yield Violation(
            zone,
            f"hosted zone {_str(zone.props.get('name')) or zone.name!r} is not signed: no "
            "HostedZoneDnsSec with signing_status SIGNING refers to it",
        )
    for zone in stack.of_type(AZ_ZONE):
        zone_type = _str(zone.props.get("zoneType"))
        if zone.urn in signed or (zone_type is not None and zone_type.lower() == "private"):
            continue
        yield Violation(
            zone,
            f"DNS zone {_str(zone.props.get('zoneName')) or zone.name!r} is not signed: no "
            "DnssecConfig refers to it",
        )
    for zone in stack.of_type(CF_ZONE):
        if zone.urn in signed:
            continue
        yield Violation(
            zone,
            f"zone {_str(zone.props.get('name')) or zone.name!r} is not signed: no ZoneDnssec "
            "with status 'active' refers to it",
        )


def _azure_zone_match(sig: ResourceView) -> Callable[[ResourceView, str], bool]:
    group = _str(sig.props.get("resourceGroupName"))

    def match(zone: ResourceView, value: str) -> bool:
        names = (zone.props.get("zoneName"), zone.props.get("name"))
        other = _str(zone.props.get("resourceGroupName"))
        same_group = group is None or other is None or group.lower() == other.lower()
        return (
            value.lower().rstrip(".")
            in {n.lower().rstrip(".") for n in names if isinstance(n, str)}
            and same_group
        )

    return match


def _health_alerts(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for component in stack.components():
        if not any(base_type(r.type) in ALERT_TYPES for r in stack.descendants(component)):
            yield Violation(
                component,
                "no alert resource (CloudWatch alarm, Azure Monitor metric alert, Cloudflare "
                "notification policy or Cloud Monitoring alert policy) under this failover "
                "component: nobody is told when it "
                "fails over",
            )
    # Hand-written failover sets: an alert of the right kind anywhere outside the components.
    loose_alerts = [r for r in stack.of_type(*ALERT_TYPES) if stack.component_of(r) is None]
    route53_alarm = any(
        base_type(a.type) == AWS_ALARM and a.props.get("namespace") == "AWS/Route53"
        for a in loose_alerts
    )
    for rec in stack.of_type(AWS_RECORD):
        if stack.component_of(rec) is None and _role(rec) == "PRIMARY" and not route53_alarm:
            yield Violation(
                rec,
                "no CloudWatch alarm on the AWS/Route53 namespace (HealthCheckStatus) in the "
                "stack: nobody is told when this failover record fails over",
            )
    for profile in stack.of_type(TM_PROFILE):
        if stack.component_of(profile) is not None:
            continue
        covered = any(
            base_type(a.type) == AZ_ALERT and _alert_covers(stack, a, profile) for a in loose_alerts
        )
        if not covered:
            yield Violation(
                profile,
                "no Azure Monitor metric alert is scoped to this profile: nobody is told when "
                "it fails over",
            )
    cf_alert = any(
        base_type(a.type) == CF_NOTIFICATION
        and (_str(a.props.get("alertType")) or "").startswith("load_balancing_health")
        for a in loose_alerts
    )
    for lb in stack.of_type(CF_LB):
        if stack.component_of(lb) is None and not cf_alert:
            yield Violation(
                lb,
                "no Cloudflare notification policy for load_balancing_health_alert in the stack: "
                "nobody is told when this load balancer fails over",
            )


def _alert_covers(stack: StackView, alert: ResourceView, profile: ResourceView) -> bool:
    if profile in stack.dependencies(alert, "scopes", [TM_PROFILE]):
        return True
    ids = {i.lower() for i in (profile.id, _str(profile.props.get("id"))) if i}
    return any(isinstance(s, str) and s.lower() in ids for s in _list(alert.props.get("scopes")))


def _second_tier(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    secondaries: set[tuple[str, str, str]] = set()
    primaries: list[tuple[ResourceView, tuple[str, str, str]]] = []
    for rec in stack.of_type(AWS_RECORD):
        role, key = _role(rec), _record_key(stack, rec)
        if key is None:
            continue
        if role == "SECONDARY":
            secondaries.add(key)
        elif role == "PRIMARY":
            primaries.append((rec, key))
    for rec, key in primaries:
        if key not in secondaries:
            yield Violation(
                rec,
                f"PRIMARY failover record {_record_name(rec)} {rec.props.get('type')} has no "
                "SECONDARY at the same name and type: there is nothing to fail over to",
            )
    for profile in stack.of_type(TM_PROFILE):
        if not _is_priority_profile(profile) or profile.props.get("endpoints") is UNKNOWN:
            continue
        enabled = [e for e in _tm_endpoints(stack, profile) if _enabled(e)]
        if len(enabled) < 2:
            yield Violation(
                profile,
                f"priority profile has {len(enabled)} enabled endpoint(s): there is nothing to "
                "fail over to",
            )
    for lb in stack.of_type(CF_LB):
        tiers = _cloudflare_tiers(stack, lb)
        if tiers is not None and tiers < 2:
            yield Violation(
                lb,
                f"load balancer {_lb_label(lb)} has one pool across default_pools and "
                "fallback_pool: there is nothing to fail over to",
            )


def _cloudflare_tiers(stack: StackView, lb: ResourceView) -> int | None:
    """How many distinct pools a load balancer can answer from, or ``None`` if unknown."""
    values = [*_list(lb.props.get("defaultPools")), lb.props.get("fallbackPool")]
    values = [v for v in values if v is not None]
    if not values:
        return None
    known = {v for v in values if isinstance(v, str)}
    if all(isinstance(v, str) for v in values):
        return len(known)
    deps = stack.dependencies(lb, "defaultPools", [CF_POOL]) + stack.dependencies(
        lb, "fallbackPool", [CF_POOL]
    )
    if not deps:
        return None
    tiers = set(known)
    tiers.update("urn:" + p.urn for p in deps if p.id not in known)
    return len(tiers)


def _probe_public_address(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc, where in _aws_checks_in(stack, _unprobeable):
        yield Violation(
            hc, f"{where}: Route 53's checkers cannot reach it, so it is always unhealthy"
        )
    for profile in stack.of_type(TM_PROFILE):
        if not _is_set(profile.props.get("monitorConfig")):
            continue
        for ep in _tm_endpoints(stack, profile):
            why = _unprobeable(ep.props.get("target"))
            if why and _enabled(ep) and not _always_serve(ep):
                yield Violation(
                    ep.holder,
                    f"endpoint {ep.name!r} targets {ep.props.get('target')}, in the {why}: "
                    "Traffic Manager's probes cannot reach it, so it is always degraded",
                )


# Route 53 "can't check the health of endpoints for which the IP address is in local, private,
# non-routable, or multicast ranges" and points at RFC 5735, RFC 6598 and RFC 5156 [R53_HC_API,
# IPAddress]. FO010 already reports the ranges no checker reaches anywhere; these are the rest
# of those RFCs' ranges, which the input rules accept on purpose (examples and samples use the
# documentation ranges), so a plan of a sample warns that a real deployment would be refused.
_R53_SPECIAL_USE: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.ip_network(net), why)
    for net, why in (
        ("192.0.2.0/24", "documentation range TEST-NET-1 (RFC 5735, RFC 5737)"),
        ("198.51.100.0/24", "documentation range TEST-NET-2 (RFC 5735, RFC 5737)"),
        ("203.0.113.0/24", "documentation range TEST-NET-3 (RFC 5735, RFC 5737)"),
        ("192.88.99.0/24", "6to4 relay anycast range (RFC 5735)"),
        ("255.255.255.255/32", "limited broadcast address (RFC 5735)"),
        ("2001:db8::/32", "documentation range (RFC 5156, RFC 3849)"),
        ("2001::/32", "Teredo range (RFC 5156)"),
        ("2001:10::/28", "ORCHID range (RFC 5156)"),
        ("2002::/16", "6to4 range (RFC 5156)"),
        ("::/96", "IPv4-compatible range (RFC 5156)"),
    )
)


def _route53_special_use(value: Any) -> str | None:
    if not isinstance(value, str) or _unprobeable(value):
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    for net, why in _R53_SPECIAL_USE:
        if address.version == net.version and address in net:
            return f"{why}, {net}"
    return None


def _aws_checks_in(
    stack: StackView, classify: Callable[[Any], str | None]
) -> Iterator[tuple[ResourceView, str]]:
    """Each Route 53 health check whose ``ipAddress`` ``classify`` names a range for."""
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        why = classify(hc.props.get("ipAddress"))
        if why:
            yield hc, f"health check probes {hc.props.get('ipAddress')}, in the {why}"


def _route53_checkable_address(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc, where in _aws_checks_in(stack, _route53_special_use):
        yield Violation(
            hc,
            f"{where}: Route 53 refuses health checks on special-use addresses, so a real "
            "deployment of this address fails (fine in documentation and samples)",
        )


def _unprobeable(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return unprobeable_network(address)


def _route53_check_enabled(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for hc in stack.of_type(AWS_HEALTH_CHECK):
        if hc.props.get("disabled") is True:
            yield Violation(
                hc,
                "disabled=True: Route 53 considers a disabled health check healthy, so its "
                "record never fails over (to drain an endpoint, set invert_healthcheck instead)",
            )


def _cloudflare_proxied(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for lb in stack.of_type(CF_LB):
        proxied = lb.props.get("proxied")
        if proxied is not True and proxied is not UNKNOWN:
            yield Violation(
                lb,
                f"load balancer {_lb_label(lb)} is DNS-only (proxied is not True): clients fail "
                "over only when their resolvers drop the cached answer; a proxied load balancer "
                "fails over at Cloudflare's edge",
            )


def _acknowledgements(component: ResourceView) -> Any:
    # The components register it as acknowledged_policies (from policy_acknowledgements).
    return _output(component, "acknowledgedPolicies", "acknowledged_policies")


def _acknowledgement_valid(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for component in stack.components():
        acks = _acknowledgements(component)
        if acks is None or acks is UNKNOWN:
            continue
        if not isinstance(acks, Mapping):
            yield Violation(
                component,
                f"policy_acknowledgements is not a mapping of rule id or name to reason, got {acks!r}",
            )
            continue
        for key, reason in cast("Mapping[str, Any]", acks).items():
            if rule_for(key) is None:
                yield Violation(
                    component,
                    f"acknowledges {key!r}, which is not a rule id or name (see RULES.md)",
                )
            elif reason is not UNKNOWN and (not isinstance(reason, str) or not reason.strip()):
                yield Violation(component, f"acknowledges {key!r} without a reason")


# ----------------------------------------------------------------------------------------
# The catalogue.

_BUDGET_SCHEMA: Mapping[str, Mapping[str, Any]] = {
    "budgetSeconds": {
        "type": "integer",
        "minimum": 1,
        "default": DEFAULT_BUDGET_SECONDS,
        "description": "The recovery budget, in seconds, every failover component must meet.",
    }
}
_TTL_SCHEMA: Mapping[str, Mapping[str, Any]] = {
    "maxTtlSeconds": {
        "type": "integer",
        "minimum": 1,
        "default": DEFAULT_MAX_TTL_SECONDS,
        "description": "The largest TTL, in seconds, accepted on a failover answer.",
    }
}

_OWN_RULES: tuple[Rule, ...] = (
    Rule(
        id="FO001",
        name="primary-health-checked",
        level=Level.ERROR,
        cause="The primary tier of a failover set is not health-checked, so it is never taken out.",
        explanation=(
            "A Route 53 PRIMARY record fails over only when its health check (or, for an alias, "
            "its target's health with evaluate_target_health) says it is down; without either "
            f"it counts as healthy ({R53_FAILOVER}, {R53_CHOOSE}). A Traffic Manager endpoint "
            "with always_serve=Enabled is never probed, and a profile without monitor_config "
            f"probes nothing ({TM_MONITOR}). A Cloudflare pool without a monitor is treated as "
            f"healthy, so the first default pool gets the traffic for ever ({CF_HEALTH}). "
            "See also https://github.com/kubernetes-sigs/external-dns/issues/2362."
        ),
        applies_to=(
            "Route 53 PRIMARY failover records (and the records of their zone an alias with "
            "evaluate_target_health points at); Traffic Manager Priority profiles, their inline "
            "or stand-alone endpoints and a nested priority-1 profile's endpoints; Cloudflare "
            "load balancers and their first default pool. Inside components and hand-written."
        ),
        check=_primary_health_checked,
    ),
    Rule(
        id="FO002",
        name="failover-ttl",
        level=Level.WARNING,
        cause="A failover answer's TTL is above the limit (300 s unless configured).",
        explanation=(
            "DNS failover reaches a client only when its resolver asks again: every second of "
            "TTL is a second of outage after the cloud has already failed over "
            "(https://github.com/qdm12/dns/issues/94; Route 53 recommends 60 s or less with "
            "health checks, "
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-failover.html). "
            "A proxied Cloudflare load balancer answers with Cloudflare's addresses and ignores "
            f"its ttl ({CF_PROXY}); a Traffic Manager linked record uses the profile's TTL."
        ),
        applies_to=(
            "Route 53 records with failover, weighted or multivalue routing; Traffic Manager "
            "dns_config.ttl; DNS-only Cloudflare load balancers; Azure DNS records (CNAME or "
            "alias) pointing at Traffic Manager. Inside components and hand-written."
        ),
        check=_failover_ttl,
        config_schema=_TTL_SCHEMA,
    ),
    Rule(
        id="FO003",
        name="recovery-budget",
        level=Level.ERROR,
        cause="A failover component's worst-case failover time is above the recovery budget.",
        explanation=(
            "Each component computes its worst case (detection plus TTL, with the sources in "
            "failover_components/timing.py) and registers it as worst_case_failover_seconds. The "
            "organisation's budget (policy config budgetSeconds, default 300 s) holds every "
            "stack to the same recovery-time objective, whatever max_failover_seconds a "
            "component was given."
        ),
        applies_to="Failover components (their worst_case_failover_seconds output).",
        check=_recovery_budget,
        config_schema=_BUDGET_SCHEMA,
    ),
    Rule(
        id="FO004",
        name="https-health-checks",
        level=Level.WARNING,
        cause="A health check probes over plain HTTP or TCP instead of HTTPS.",
        explanation=(
            "Clients reach the service over TLS; a plain HTTP or TCP probe tests a different "
            "path (no TLS handshake, often another listener), so it can pass while clients fail "
            "and it sends the probe in clear text. "
            f"Route 53 types HTTPS/HTTPS_STR_MATCH ({R53_HC_API}), Traffic Manager protocol HTTPS "
            f"({TM_MONITOR}), Cloudflare monitor type https, whose default is http ({CF_MONITORS})."
        ),
        applies_to=(
            "Route 53 health checks that probe (not CALCULATED, CLOUDWATCH_METRIC or "
            "RECOVERY_CONTROL); Traffic Manager monitor_config; Cloudflare monitors."
        ),
        check=_https_health_checks,
    ),
    Rule(
        id="FO005",
        name="route53-checker-regions",
        level=Level.ERROR,
        cause="A Route 53 health check lists fewer than 3 checker regions, or a region that checks nothing.",
        explanation=(
            "Route 53 needs at least 3 checker regions from its fixed list "
            f"({R53_HC_API}, Regions); fewer is rejected at deployment, and a region outside "
            "the list (eu-west-2 is not one) is too. Leaving regions unset uses all of them "
            "(https://github.com/hashicorp/terraform-provider-aws/issues/1795)."
        ),
        applies_to="Route 53 health checks with regions set.",
        check=_route53_checker_regions,
    ),
    Rule(
        id="FO006",
        name="cloudflare-monitor-tls",
        level=Level.ERROR,
        cause="A Cloudflare monitor skips certificate validation (allow_insecure).",
        explanation=(
            "Cloudflare monitors validate origin certificates unless allow_insecure is true "
            f"({CF_MONITORS}). With it, an origin with an expired, self-signed "
            "or wrong certificate stays healthy and keeps receiving traffic that clients (or "
            "Cloudflare in Full (strict) mode) then reject."
        ),
        applies_to="Cloudflare load balancer monitors.",
        check=_cloudflare_monitor_tls,
    ),
    Rule(
        id="FO007",
        name="zone-dnssec",
        level=Level.WARNING,
        cause="A public DNS zone the stack creates is not DNSSEC-signed.",
        explanation=(
            "Without DNSSEC, a resolver cannot tell a forged failover answer from a real one. "
            "Route 53 signs a public hosted zone through HostedZoneDnsSec with a "
            f"key-signing key ({R53_DNSSEC}); Azure DNS through a DnssecConfig ({AZ_DNSSEC_DOC}); "
            f"Cloudflare through ZoneDnssec ({CF_DNSSEC_DOC}). Publishing the DS record at the "
            "registrar remains a manual step. Private zones are not signed and are skipped."
        ),
        applies_to=(
            "Route 53 hosted zones (not private), Azure DNS zones (not Private), Cloudflare "
            "zones. Inside components and hand-written."
        ),
        check=_zone_dnssec,
    ),
    Rule(
        id="FO008",
        name="health-alerts",
        level=Level.WARNING,
        cause="A failover set has no alert, so nobody is told when it fails over.",
        explanation=(
            "Failover hides an outage from clients and therefore from the people who must fix "
            "the primary: the secondary then runs without a fallback. Route 53 publishes "
            f"HealthCheckStatus to CloudWatch ({R53_MONITOR}), Traffic Manager an endpoint "
            f"status metric for Azure Monitor ({TM_ALERTS}), Cloudflare load-balancing health "
            f"notifications ({CF_NOTIFY_DOC})."
        ),
        applies_to=(
            "Failover components (an alarm, metric alert or notification policy among their "
            "descendants); hand-written Route 53 PRIMARY records (a CloudWatch alarm on "
            "AWS/Route53 in the stack), Traffic Manager profiles (a metric alert scoped to "
            "them), Cloudflare load balancers (a load_balancing_health_alert policy)."
        ),
        check=_health_alerts,
    ),
    Rule(
        id="FO009",
        name="second-tier",
        level=Level.ERROR,
        cause='A "failover" set has a single tier: there is nothing to fail over to.',
        explanation=(
            "A Route 53 PRIMARY needs a SECONDARY at the same name and type "
            f"({R53_FAILOVER}); a Traffic Manager Priority profile needs two enabled endpoints "
            "(with one it only shows Degraded, "
            "https://github.com/MicrosoftDocs/azure-docs/issues/82786); a Cloudflare load "
            "balancer whose default pools and fallback pool are one pool serves it whatever its "
            "health (https://github.com/cloudflare/cloudflare-docs/pull/714)."
        ),
        applies_to=(
            "Route 53 PRIMARY failover records; Traffic Manager Priority profiles; Cloudflare "
            "load balancers. Inside components and hand-written."
        ),
        check=_second_tier,
    ),
    Rule(
        id="FO010",
        name="probe-public-address",
        level=Level.ERROR,
        cause="A health check probes an address the cloud's checkers cannot reach.",
        explanation=(
            "Route 53 checkers and Traffic Manager probes run on the public internet; a private, "
            "loopback, link-local or other non-routable address is always unhealthy, which "
            "fails the tier over for good (octoDNS forces such values up, "
            "https://github.com/octodns/octodns/pull/816). Use a CloudWatch-alarm check (Route "
            "53) or always_serve (Traffic Manager) for such targets. Documentation ranges "
            "(RFC 5737, RFC 3849) are accepted."
        ),
        applies_to=(
            "Route 53 health checks with ip_address; enabled, monitored Traffic Manager "
            "endpoints with an IP target."
        ),
        check=_probe_public_address,
    ),
    Rule(
        id="FO011",
        name="route53-check-enabled",
        level=Level.WARNING,
        cause="A Route 53 health check is disabled, which Route 53 treats as healthy.",
        explanation=(
            "A disabled health check is considered healthy by DNS failover, so the record it "
            f"guards never fails over ({R53_HC_API}, Disabled). To take an "
            "endpoint out of rotation, invert its health check instead."
        ),
        applies_to="Route 53 health checks.",
        check=_route53_check_enabled,
    ),
    Rule(
        id="FO012",
        name="cloudflare-proxied",
        level=Level.ADVISORY,
        cause="A Cloudflare load balancer is DNS-only, so failover waits for resolver caches.",
        explanation=(
            "A proxied load balancer answers with Cloudflare's addresses and switches origins "
            "at the edge, independent of any DNS cache, and retries connection errors on "
            f"another origin; a DNS-only one relies on resolvers honouring its ttl ({CF_PROXY}, "
            "https://developers.cloudflare.com/load-balancing/understand-basics/adaptive-routing/). "
            "Proxying needs HTTP(S) traffic: acknowledge this "
            "for other protocols."
        ),
        applies_to="Cloudflare load balancers.",
        check=_cloudflare_proxied,
    ),
    Rule(
        id="FO013",
        name="acknowledgement-valid",
        level=Level.ERROR,
        cause="A component acknowledges a rule without a reason, or a rule that does not exist.",
        explanation=(
            "An acknowledgement turns a finding into a recorded decision; without a reason it "
            "records nothing, and an acknowledgement of a misspelt rule silently acknowledges "
            "nothing (the cdk-nag model: a suppression needs a reason). This rule cannot be "
            "acknowledged."
        ),
        applies_to="Failover components (their acknowledged_policies output).",
        check=_acknowledgement_valid,
        acknowledgeable=False,
    ),
    Rule(
        id="FO014",
        name="route53-checkable-address",
        level=Level.WARNING,
        cause="A Route 53 health check probes a special-use address, which Route 53 refuses.",
        explanation=(
            "Route 53 cannot check endpoints whose IP address is in a local, private, "
            "non-routable or multicast range, and names RFC 5735, RFC 6598 and RFC 5156 as the "
            f"list ({R53_HC_API}, IPAddress): creating such a health check fails. FO010 reports "
            "the ranges no checker can reach; this rule the rest of those lists, above all the "
            "documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, "
            "2001:db8::/32), which examples and sample stacks use on purpose and which the "
            "inputs therefore accept: the plan warns that a real deployment of such an address "
            "will be refused. A warning, not an error, so samples plan cleanly with --strict."
        ),
        applies_to="Route 53 health checks with ip_address, inside components and hand-written.",
        check=_route53_checkable_address,
    ),
)
"""The rules as written here (their checks of the clouds that name no ``policy`` module)."""


def _with_clouds(rule: Rule) -> Rule:
    """``rule`` also running, and documenting, the checks clouds keep in their own package
    (``policy`` of :data:`failover_components.clouds.CLOUDS`; imported on first use)."""
    extra = [n for n in (c.notes().get(rule.id) for c in CLOUDS.values()) if n is not None]
    own = rule.check

    def check(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
        yield from own(stack, config)
        for cloud in CLOUDS.values():
            module = cloud.policy_module()
            cloud_check = getattr(module, "CHECKS", {}).get(rule.id) if module else None
            if cloud_check is not None:
                yield from cast("Check", cloud_check)(stack, config)

    return replace(
        rule,
        check=check,
        explanation=" ".join([rule.explanation, *(n[0] for n in extra)]),
        applies_to=" ".join([rule.applies_to, *(n[1] for n in extra)]),
    )


RULES: tuple[Rule, ...] = tuple(_with_clouds(r) for r in _OWN_RULES)
"""The catalogue, in id order. ``RULES.md`` is generated from it."""


def rule(key: str) -> Rule:
    """The rule with this id (any case) or name; ``KeyError`` if none."""
    found = rule_for(key)
    if found is None:
        raise KeyError(key)
    return found


def rule_for(key: object) -> Rule | None:
    """The rule with this id (any case) or name, or ``None``."""
    if not isinstance(key, str):
        return None
    for r in RULES:
        if key.upper() == r.id or key == r.name:
            return r
    return None


# ----------------------------------------------------------------------------------------
# The engine.


def _acknowledgement_for(component: ResourceView, target: Rule) -> str | None:
    """The reason ``component`` gives for acknowledging ``target``, if it gives one."""
    acks = _acknowledgements(component)
    if not isinstance(acks, Mapping):
        return None
    for key, reason in cast("Mapping[str, Any]", acks).items():
        if rule_for(key) is target and isinstance(reason, str) and reason.strip():
            return reason.strip()
    return None


def evaluate(
    resources: Iterable[ResourceView],
    *,
    config: PolicyConfig | Mapping[str, Any] | None = None,
    rules: Iterable[Rule] = RULES,
) -> list[Finding]:
    """Every finding of ``rules`` over ``resources``, sorted by rule, component and resource.

    ``config`` takes :class:`PolicyConfig` or a mapping (``{"budgetSeconds": 600}``).
    """
    stack = StackView(resources)
    settings = PolicyConfig.of(config)
    findings: list[Finding] = []
    for r in rules:
        for violation in r.check(stack, settings):
            component = stack.component_of(violation.resource)
            reason = (
                _acknowledgement_for(component, r)
                if component is not None and r.acknowledgeable
                else None
            )
            findings.append(
                Finding(
                    rule_id=r.id,
                    rule_name=r.name,
                    level=r.level,
                    component=component.name if component is not None else None,
                    resource=(violation.resource.type, violation.resource.name),
                    message=violation.message,
                    acknowledged=reason is not None,
                    acknowledgement=reason,
                    urn=violation.resource.urn,
                )
            )
    return sorted(
        findings,
        key=lambda f: (f.rule_id, f.component or "", f.resource, f.message),
    )


def check_recording(
    recording: "Recording",
    *,
    config: PolicyConfig | Mapping[str, Any] | None = None,
    rules: Iterable[Rule] = RULES,
) -> list[Finding]:
    """:func:`evaluate` over what a :func:`failover_components.testing.run` recorded."""
    return evaluate(from_recording(recording), config=config, rules=rules)


# ----------------------------------------------------------------------------------------
# RULES.md


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_rules_markdown() -> str:
    """The text of ``RULES.md``: the catalogue, generated from :data:`RULES`."""
    lines = [
        "# Policy rules",
        "",
        "<!-- Generated by failover_components.policy.render_rules_markdown(); do not edit. -->",
        "",
        "Each rule is one pure function over the resources a program registers (types, names, "
        "parents and properties), so the same rules run in three places:",
        "",
        "- **Offline plan**: `failover-components plan` lists the findings; `--strict` fails "
        "the run on any unacknowledged `error`.",
        "- **Pulumi CrossGuard**: `pulumi preview --policy-pack policy` (see `policy/README.md`); "
        "`error` rules are mandatory, `warning` and `advisory` rules advisory.",
        "- **Your tests**: `failover_components.policy.check_recording(run(program))`.",
        "",
        "Findings are grouped per failover component; hand-written resources outside any "
        "component are checked too where the rule says so. A component acknowledges a rule "
        'for itself with its `policy_acknowledgements={"FO004": "<reason>"}` argument (rule id '
        "or name; the component registers it as its `acknowledged_policies` output): "
        "its findings are still listed, marked acknowledged, and never fail a run. An "
        "acknowledgement needs a reason (FO013).",
        "",
        "| Id | Name | Level | Cause |",
        "|---|---|---|---|",
    ]
    for r in RULES:
        lines.append(f"| {r.id} | `{r.name}` | {r.level.value} | {_cell(r.cause)} |")
    for r in RULES:
        lines += [
            "",
            f"## {r.id} `{r.name}`",
            "",
            f"- **Level**: {r.level.value}",
            f"- **Cause**: {r.cause}",
            f"- **Applies to**: {r.applies_to}",
        ]
        if r.config_schema:
            settings = ", ".join(
                f"`{key}` (default {spec.get('default')})" for key, spec in r.config_schema.items()
            )
            lines.append(f"- **Config**: {settings}")
        if not r.acknowledgeable:
            lines.append("- **Acknowledgeable**: no")
        lines += ["", r.explanation]
    return "\n".join(lines) + "\n"
