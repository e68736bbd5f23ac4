"""Whether Route 53 accepts every step of a change: the zone model.

The engine's steps between two programs come from :mod:`failover_components.change_steps`;
:func:`check` replays them on a model of the hosted zone that applies every rule by which
Route 53 refuses a change batch [R53_CHANGE]_, [R53_RRSET]_, [R53_CNAME]_, [R53_DELETE_HC]_:

* at one name and type, every record has the same routing policy (a failover record never
  sits beside a non-failover one, nor a weighted beside a multivalue one);
* at one name and type, one simple record, or records that all have a set identifier, each
  one different; with failover routing, at most one PRIMARY and one SECONDARY;
* a CNAME is alone at its name (no record of another type there);
* an alias to a name in the same zone needs records of its type at that name;
* a health check that a record (or a calculated check) uses cannot be deleted
  (``HealthCheckInUse``).

The engine may take independent steps in any order, so every state it can reach is checked,
not one order: the rules are local (one name and its alias targets, or one health check and
its users), and for each such scope every set of steps the engine can have finished (every
down-closed set of the step order restricted to the scope) is replayed. A scope with more
than :data:`MAX_SCOPE_STEPS` steps is replayed along the one order
:func:`~failover_components.change_steps.plan_changes` returns, and :attr:`Check.exhaustive`
says so.

No SDK import (the package's ``__init__`` loads ``pulumi_aws`` only with the component), so
the change review imports no cloud SDK.

.. [R53_CHANGE] https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html
.. [R53_RRSET] https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html
.. [R53_CNAME] https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#CNAMEFormat
.. [R53_DELETE_HC] https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHealthCheck.html
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ..change_steps import Action, Change, ChangePlan, Op, Resource, top_component
from .constants import HEALTH_CHECK, RECORD, ZONE

__all__ = [
    "FORCE_NEW",
    "HEALTH_CHECK",
    "MAX_SCOPE_STEPS",
    "RECORD",
    "ZONE",
    "Check",
    "Refusal",
    "check",
    "live_after",
]


FORCE_NEW: Mapping[str, frozenset[str]] = {
    # Terraform AWS provider (which pulumi-aws bridges), internal/service/route53/record.go
    # (read in its 2026 version; the same since the v3 SDK): `name` and `zone_id` are
    # ForceNew; `type` and `set_identifier` are updated in place by a DELETE + CREATE in one
    # change batch (resourceRecordUpdate, "mutable identity"), everything else by UPSERT.
    RECORD: frozenset({"name", "zoneId"}),
    # internal/service/route53/health_check.go: ForceNew on `type`, `request_interval`,
    # `measure_latency`, `reference_name`, `routing_control_arn`; the rest is UpdateHealthCheck.
    HEALTH_CHECK: frozenset(
        {"type", "requestInterval", "measureLatency", "referenceName", "routingControlArn"}
    ),
    # internal/service/route53/zone.go: `name` and `delegation_set_id` are ForceNew.
    ZONE: frozenset({"name", "delegationSetId"}),
}
"""Inputs whose change replaces a Route 53 resource, by type token."""

MAX_SCOPE_STEPS = 18
"""Above this many steps in one scope, replay one order instead of every reachable state."""


@dataclass(frozen=True)
class _Obj:
    """One live object: a change and which of its generations (``old`` or ``new``)."""

    change: int
    gen: str


@dataclass(frozen=True)
class _RecordView:
    zone: str
    name: str
    type: str
    policy: str
    role: str | None
    set_identifier: str | None
    alias: tuple[str, str] | None
    """``(name, zone id)`` of an alias."""
    health_check: _Obj | None
    label: str


@dataclass(frozen=True)
class Refusal:
    """A state the engine can reach that Route 53 refuses."""

    rule: str
    where: str
    detail: str
    steps: tuple[str, ...]
    """Steps finished when it is reached (in one valid order); the last is refused."""
    components: tuple[str, ...]
    """URNs of the components whose resources take part."""

    def __str__(self) -> str:
        return f"{self.where}: {self.detail} [{self.rule}] after: {'; '.join(self.steps)}"


@dataclass
class Check:
    """The zone model's verdict on a :class:`ChangePlan`."""

    refusals: list[Refusal] = field(default_factory=lambda: [])
    exhaustive: bool = True
    """False when a scope was too large and only one order was replayed."""
    states_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.refusals


def _norm(name: object) -> str:
    return str(name).strip().lower().removesuffix(".")


def _items(value: object) -> list[Any]:
    return list(cast("list[Any]", value)) if isinstance(value, list) else []  # type: ignore[redundant-cast]


class _Model:
    def __init__(self, plan: ChangePlan) -> None:
        self.plan = plan
        changes = plan.changes
        self.by_new_urn = {c.new.urn: i for i, c in enumerate(changes) if c.new is not None}
        self.by_old_urn = {c.old.urn: i for i, c in enumerate(changes) if c.old is not None}

    def ref(self, urn: str, side: str) -> _Obj | None:
        """The object an input refers to: from new inputs, a created or replaced dependency
        is its new generation; anything else is the object that was there before."""
        if side == "new":
            i = self.by_new_urn.get(urn)
            if i is None:
                return None
            action = self.plan.changes[i].action
            return _Obj(i, "new" if action in (Action.CREATE, Action.REPLACE) else "old")
        i = self.by_old_urn.get(urn)
        return _Obj(i, "old") if i is not None else None

    def record(self, res: Resource, side: str) -> _RecordView:
        inputs = res.inputs
        failover = [p.get("type") for p in _items(inputs.get("failoverRoutingPolicies"))]
        if failover:
            policy = "failover"
        elif _items(inputs.get("weightedRoutingPolicies")):
            policy = "weighted"
        elif inputs.get("multivalueAnswerRoutingPolicy"):
            policy = "multivalue"
        elif any(
            inputs.get(k)
            for k in (
                "latencyRoutingPolicies",
                "geolocationRoutingPolicies",
                "geoproximityRoutingPolicy",
                "cidrRoutingPolicy",
            )
        ):
            policy = "other"
        else:
            policy = "simple"
        aliases = _items(inputs.get("aliases"))
        alias = (_norm(aliases[0].get("name")), str(aliases[0].get("zoneId"))) if aliases else None
        hc_deps = res.property_dependencies.get("healthCheckId", ())
        hc = self.ref(hc_deps[0], side) if hc_deps else None
        ident = inputs.get("setIdentifier")
        return _RecordView(
            zone=str(inputs.get("zoneId")),
            name=_norm(inputs.get("name")),
            type=str(inputs.get("type")),
            policy=policy,
            role=str(failover[0]).upper() if failover else None,
            set_identifier=str(ident) if ident else None,
            alias=alias,
            health_check=hc,
            label=res.name,
        )

    def content(self, obj: _Obj, applied: frozenset[int]) -> Resource | None:
        """The object's resource description in the state after ``applied`` steps."""
        change = self.plan.changes[obj.change]
        done = {self.plan.steps[s].op for s in applied if self.plan.steps[s].change == obj.change}
        if obj.gen == "new":
            return change.new if Op.CREATE in done or Op.CREATE_REPLACEMENT in done else None
        if change.old is None or Op.DELETE in done or Op.DELETE_REPLACED in done:
            return None
        return change.new if Op.UPDATE in done else change.old

    def objects(self) -> list[_Obj]:
        out: list[_Obj] = []
        for i, c in enumerate(self.plan.changes):
            if not c.resource.custom:
                continue
            if c.old is not None:
                out.append(_Obj(i, "old"))
            if c.action in (Action.CREATE, Action.REPLACE):
                out.append(_Obj(i, "new"))
        return out

    def side(self, obj: _Obj, res: Resource) -> str:
        change = self.plan.changes[obj.change]
        return "new" if res is change.new else "old"


def _down_closed(
    scope: Sequence[int], before: Sequence[frozenset[int]]
) -> Iterator[frozenset[int]]:
    """Every subset of ``scope`` closed under "must finish before" (restricted to scope)."""
    ordered = sorted(scope)  # step indices are a valid order already

    def go(k: int, chosen: frozenset[int]) -> Iterator[frozenset[int]]:
        if k == len(ordered):
            yield chosen
            return
        s = ordered[k]
        yield from go(k + 1, chosen)
        if (before[s] & set(ordered)) <= chosen:
            yield from go(k + 1, chosen | {s})

    yield from go(0, frozenset())


def check(plan: ChangePlan) -> Check:
    """Replay every state the engine can reach on the Route 53 zone model."""
    model = _Model(plan)
    result = Check()
    objs = model.objects()
    # Which steps touch which object.
    touching: dict[int, list[int]] = {}
    for step in plan.steps:
        touching.setdefault(step.change, []).append(step.index)

    def views(res: Resource, obj: _Obj) -> _RecordView:
        return model.record(res, model.side(obj, res))

    # Every record object with all the names it ever has, to build the scopes.
    record_objs = [o for o in objs if plan.changes[o.change].resource.type == RECORD]
    names_of: dict[_Obj, set[tuple[str, str]]] = {}
    targets_of: dict[_Obj, set[tuple[str, str]]] = {}
    for o in record_objs:
        c = plan.changes[o.change]
        versions = [c.old] if o.gen == "old" else []
        if o.gen == "new" or c.action is Action.UPDATE:
            versions.append(c.new)
        for res in versions:
            if res is None:
                continue
            v = model.record(res, "new" if res is c.new else "old")
            names_of.setdefault(o, set()).add((v.zone, v.name))
            if v.alias is not None and v.alias[1] == v.zone:
                targets_of.setdefault(o, set()).add((v.zone, v.alias[0]))
    scopes: list[tuple[str, tuple[str, str] | _Obj, set[int]]] = []
    all_names = {n for ns in names_of.values() for n in ns}
    for zn in sorted(all_names):
        at = [o for o in record_objs if zn in names_of.get(o, set())]
        related = set(at)
        for o in at:
            for t in targets_of.get(o, set()):
                related |= {p for p in record_objs if t in names_of.get(p, set())}
        steps = {s for o in related for s in touching.get(o.change, [])}
        if steps:
            scopes.append(("name", zn, steps))
    for o in objs:
        if plan.changes[o.change].resource.type != HEALTH_CHECK:
            continue
        users = {o.change}
        for p in objs:
            c = plan.changes[p.change]
            for res in (c.old, c.new):
                if res is None:
                    continue
                side = "new" if res is c.new else "old"
                for key in ("healthCheckId", "childHealthchecks"):
                    for dep in res.property_dependencies.get(key, ()):
                        if model.ref(dep, side) == o:
                            users.add(p.change)
        steps = {s for ch in users for s in touching.get(ch, [])}
        if steps:
            scopes.append(("check", o, steps))

    seen: set[tuple[str, str]] = set()
    for kind, scope_key, steps in scopes:
        if len(steps) > MAX_SCOPE_STEPS:
            result.exhaustive = False
            ordered = sorted(steps)
            candidates: Iterator[frozenset[int]] = (
                frozenset(ordered[:k]) for k in range(len(ordered) + 1)
            )
        else:
            candidates = _down_closed(sorted(steps), plan.before)
        for applied in candidates:
            result.states_checked += 1
            full = frozenset(s for a in applied for s in (plan.before[a] | {a}))
            for rule, where, detail, parts in _violations(
                model, objs, kind, scope_key, full, views
            ):
                if (rule, where) in seen:
                    continue
                seen.add((rule, where))
                ordered_applied = sorted(applied)
                comps = tuple(sorted({_component_of(plan, plan.changes[p.change]) for p in parts}))
                result.refusals.append(
                    Refusal(
                        rule=rule,
                        where=where,
                        detail=detail,
                        steps=tuple(plan.steps[s].label for s in ordered_applied),
                        components=comps,
                    )
                )
    return result


def _component_of(plan: ChangePlan, change: Change) -> str:
    return top_component(plan, change.resource).urn


def _violations(
    model: _Model,
    objs: Sequence[_Obj],
    kind: str,
    key: tuple[str, str] | _Obj,
    applied: frozenset[int],
    views: Any,
) -> Iterator[tuple[str, str, str, list[_Obj]]]:
    live: dict[_Obj, Resource] = {}
    for o in objs:
        res = model.content(o, applied)
        if res is not None:
            live[o] = res
    if kind == "check":
        assert isinstance(key, _Obj)
        if key in live:
            return
        users: list[_Obj] = []
        for o, res in live.items():
            side = model.side(o, res)
            for k in ("healthCheckId", "childHealthchecks"):
                if any(model.ref(d, side) == key for d in res.property_dependencies.get(k, ())):
                    users.append(o)
        if users:
            name = model.plan.changes[key.change].resource.name
            yield (
                "health check in use",
                f"health check {name}",
                "deleted while "
                + ", ".join(live[u].name for u in users)
                + " still use it (HealthCheckInUse)",
                [key, *users],
            )
        return
    assert isinstance(key, tuple)
    zone, name = key
    records = {o: cast("_RecordView", views(r, o)) for o, r in live.items() if r.type == RECORD}
    here = {o: v for o, v in records.items() if (v.zone, v.name) == (zone, name)}
    by_type: dict[str, list[tuple[_Obj, _RecordView]]] = {}
    for o, v in here.items():
        by_type.setdefault(v.type, []).append((o, v))
    if "CNAME" in by_type and len(by_type) > 1:
        others = sorted(t for t in by_type if t != "CNAME")
        yield (
            "CNAME alone at its name",
            name,
            f"a CNAME beside {', '.join(others)} records",
            [o for group in by_type.values() for o, _v in group],
        )
    for type_, group in sorted(by_type.items()):
        where = f"{type_} {name}"
        labels = ", ".join(sorted(v.label for _o, v in group))
        parts = [o for o, _v in group]
        policies = {v.policy for _o, v in group}
        if len(policies) > 1:
            yield (
                "one routing policy per name and type",
                where,
                f"{' and '.join(sorted(policies))} records side by side ({labels})",
                parts,
            )
            continue
        policy = next(iter(policies))
        if policy == "simple":
            if len(group) > 1:
                yield ("one simple record per name and type", where, labels, parts)
            continue
        idents = [v.set_identifier for _o, v in group]
        if None in idents or len(set(idents)) != len(idents):
            yield (
                "unique set identifiers",
                where,
                f"set identifiers {sorted(str(i) for i in idents)} ({labels})",
                parts,
            )
        if policy == "failover":
            for role in ("PRIMARY", "SECONDARY"):
                holders = sorted(v.label for _o, v in group if v.role == role)
                if len(holders) > 1:
                    yield (
                        "one PRIMARY and one SECONDARY per name and type",
                        where,
                        f"{len(holders)} {role} records ({', '.join(holders)})",
                        parts,
                    )
    for o, v in here.items():
        if v.alias is None or v.alias[1] != v.zone:
            continue
        target = [
            t for t in records.values() if (t.zone, t.name, t.type) == (v.zone, v.alias[0], v.type)
        ]
        if not target:
            yield (
                "alias target exists",
                f"{v.type} {name}",
                f"{v.label} is an alias to {v.alias[0]}, which has no {v.type} record",
                [o],
            )


def live_after(plan: ChangePlan, count: int) -> list[Resource]:
    """The resources that exist after the first ``count`` steps of :attr:`ChangePlan.steps`
    (custom resources only; each in its inputs of that moment)."""
    model = _Model(plan)
    applied = frozenset(range(count))
    out: list[Resource] = []
    for o in model.objects():
        res = model.content(o, applied)
        if res is not None:
            out.append(res)
    return out
