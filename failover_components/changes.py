"""What a change to a live stack does, step by step, and whether Route 53 accepts every step.

Two descriptions of a program (``plan --json`` documents: each resource's type, URN, parent,
inputs, dependencies and aliases) become the steps the Pulumi engine takes to go from the
first to the second, and the Route 53 zone model replays them.

The engine's step order [PULUMI_UPDATE]_ [PULUMI_DBR]_:

* A resource of the new program is matched to the old one with the same URN, or with a URN
  named by one of its ``aliases``. Unmatched new resources are *created*, unmatched old ones
  *deleted*. A matched resource whose inputs differ is *updated in place*, or *replaced* when
  a changed input is one the provider cannot update (:data:`FORCE_NEW`). A replacement creates
  the new resource first and deletes the old one at the end, unless ``delete_before_replace``.
* Creates, updates and replacement creates run in dependency order: a step waits for the steps
  of the resources it depends on, and independent steps run in any order (in parallel).
* Deletes, of removed and of replaced resources, run last, in reverse dependency order.

An input that takes another resource's id (a record's ``healthCheckId``) changes when that
resource is replaced, so its holder is updated (or replaced) too.

The zone model (:func:`check`) applies every rule by which Route 53 refuses a change batch
[R53_CHANGE]_, [R53_RRSET]_, [R53_CNAME]_, [R53_DELETE_HC]_:

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
than :data:`MAX_SCOPE_STEPS` steps is replayed along the one order :func:`plan_changes`
returns, and :attr:`Check.exhaustive` says so.

.. [PULUMI_UPDATE] https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/
.. [PULUMI_DBR] https://www.pulumi.com/docs/iac/concepts/options/deletebeforereplace/
.. [R53_CHANGE] https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html
.. [R53_RRSET] https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html
.. [R53_CNAME] https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#CNAMEFormat
.. [R53_DELETE_HC] https://docs.aws.amazon.com/Route53/latest/APIReference/API_DeleteHealthCheck.html
"""

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, cast

__all__ = [
    "FORCE_NEW",
    "Action",
    "Change",
    "ChangePlan",
    "Check",
    "Op",
    "PlanInputError",
    "Refusal",
    "Resource",
    "Step",
    "check",
    "plan_changes",
    "resources_from_plan",
    "top_component",
]

RECORD = "aws:route53/record:Record"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
ZONE = "aws:route53/zone:Zone"

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
    # azure-native: a resource's name and resource group are its URL path, so changing them
    # replaces it (https://www.pulumi.com/registry/packages/azure-native/ - every resource's
    # "Import" section: the id is built from these path parameters).
    "azure-native:trafficmanager:Profile": frozenset({"resourceGroupName", "profileName"}),
    "azure-native:trafficmanager:Endpoint": frozenset(
        {"resourceGroupName", "profileName", "endpointName", "endpointType"}
    ),
    "azure-native:dns:RecordSet": frozenset(
        {"resourceGroupName", "zoneName", "relativeRecordSetName", "recordType"}
    ),
    "azure-native:dns:Zone": frozenset({"resourceGroupName", "zoneName"}),
}
"""Inputs whose change replaces the resource, by type token. Types not listed are treated
as updated in place (and :attr:`Check.notes` says their replacement rules are not modelled)."""

MAX_SCOPE_STEPS = 18
"""Above this many steps in one scope, replay one order instead of every reachable state."""


class PlanInputError(ValueError):
    """A ``plan --json`` document that cannot be read: every problem, one per line."""


class Action(str, Enum):
    """What the engine does to one resource."""

    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"


class Op(str, Enum):
    """One engine step (a replacement is two)."""

    CREATE = "create"
    UPDATE = "update"
    CREATE_REPLACEMENT = "create-replacement"
    DELETE_REPLACED = "delete-replaced"
    DELETE = "delete"


@dataclass(frozen=True)
class Resource:
    """One resource of a ``plan --json`` document."""

    urn: str
    type: str
    name: str
    parent: str | None
    """The parent's URN (``None`` at the top)."""
    custom: bool
    id: str | None
    inputs: Mapping[str, Any]
    dependencies: tuple[str, ...]
    property_dependencies: Mapping[str, tuple[str, ...]]
    aliases: tuple[str, ...]
    """URNs this resource was known by."""
    delete_before_replace: bool = False
    replace_on_changes: tuple[str, ...] = ()
    """Inputs the program asks the engine to replace on (``replace_on_changes``)."""
    ignore_changes: tuple[str, ...] = ()
    """Inputs whose changes the engine ignores (``ignore_changes``: the old value is kept)."""


def _strings(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    items = cast("list[object]", value)
    if not all(isinstance(v, str) for v in items):
        return None
    return tuple(cast("list[str]", items))


_STRINGS = ("urn", "type", "name")
_OPTIONAL_STRINGS = ("parent_urn", "id")
_BOOLS = ("custom", "delete_before_replace")
_URN_LISTS = ("dependencies", "aliases", "replace_on_changes", "ignore_changes")


def _shape_problems(r: Mapping[str, Any], at: str) -> list[str]:
    """Every field of one resource of the wrong type: a mutated or hand-edited plan must not
    be read as something else (``"yes"`` is no ``true``, a string is no list)."""
    problems: list[str] = []
    for key in _STRINGS:
        value = r[key]
        if not isinstance(value, str) or not value:
            problems.append(f"{at}.{key}: not a non-empty string, got {value!r}")
    for key in _OPTIONAL_STRINGS:
        value = r.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(f"{at}.{key}: not a string or null, got {value!r}")
    for key in _BOOLS:
        value = r.get(key, False)
        if not isinstance(value, bool):
            problems.append(f"{at}.{key}: not true or false, got {value!r}")
    for key in _URN_LISTS:
        if _strings(r.get(key, [])) is None:
            problems.append(f"{at}.{key}: not a list of strings, got {r.get(key)!r}")
    if not isinstance(r["inputs"], Mapping):
        problems.append(f"{at}.inputs: not an object, got {type(r['inputs']).__name__}")
    prop_raw = r.get("property_dependencies", {})
    if isinstance(prop_raw, Mapping):
        for k, v in cast("Mapping[str, object]", prop_raw).items():
            if _strings(v) is None:
                problems.append(f"{at}.property_dependencies.{k}: not a list of URNs, got {v!r}")
    else:
        problems.append(f"{at}.property_dependencies: not an object, got {prop_raw!r}")
    return problems


def resources_from_plan(doc: object, where: str = "plan") -> list[Resource]:
    """The resources of a ``plan --json`` document (:class:`PlanInputError` naming every
    problem when it is not one, or comes from a failed plan)."""
    problems: list[str] = []
    if not isinstance(doc, Mapping):
        raise PlanInputError(f"{where}: not a JSON object, got {type(doc).__name__}")
    plan = cast("Mapping[str, Any]", doc)
    if plan.get("errors") or plan.get("failure"):
        raise PlanInputError(
            f"{where}: the plan itself failed ({plan.get('failure') or plan.get('errors')}); "
            "fix the program first"
        )
    raw = plan.get("resources")
    if not isinstance(raw, list):
        raise PlanInputError(f"{where}.resources: missing or not a list")
    out: list[Resource] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(cast("list[object]", raw)):
        at = f"{where}.resources[{i}]"
        if not isinstance(item, Mapping):
            problems.append(f"{at}: not an object, got {type(item).__name__}")
            continue
        r = cast("Mapping[str, Any]", item)
        missing = [k for k in ("urn", "type", "name", "inputs") if k not in r]
        if missing:
            problems.append(
                f"{at}: missing {', '.join(missing)} (a plan --json from failover-components "
                "0.2 or later carries them)"
            )
            continue
        found = _shape_problems(r, at)
        urn = r["urn"]
        if isinstance(urn, str) and urn:
            if urn in seen:
                found.append(
                    f"{at}.urn: {urn!r} is also resources[{seen[urn]}]'s (URNs are unique)"
                )
            else:
                seen[urn] = i
        problems.extend(found)
        if found:
            continue
        parent = r.get("parent_urn")
        props = cast("Mapping[str, list[str]]", r.get("property_dependencies", {}))
        out.append(
            Resource(
                urn=str(urn),
                type=str(r["type"]),
                name=str(r["name"]),
                parent=str(parent) if parent else None,
                custom=bool(r.get("custom", True)),
                id=str(r["id"]) if r.get("id") else None,
                inputs=cast("Mapping[str, Any]", r["inputs"]),
                dependencies=tuple(r.get("dependencies", [])),
                property_dependencies={str(k): tuple(v) for k, v in props.items()},
                aliases=tuple(r.get("aliases", [])),
                delete_before_replace=bool(r.get("delete_before_replace", False)),
                replace_on_changes=tuple(r.get("replace_on_changes", [])),
                ignore_changes=tuple(r.get("ignore_changes", [])),
            )
        )
    if problems:
        raise PlanInputError("\n".join(problems))
    return out


@dataclass(frozen=True)
class Change:
    """What happens to one resource."""

    action: Action
    old: Resource | None
    new: Resource | None
    changed: tuple[str, ...] = ()
    """Inputs that differ (including ones taking the id of a replaced resource)."""
    replace_keys: tuple[str, ...] = ()
    """The changed inputs that force the replacement."""

    @property
    def resource(self) -> Resource:
        found = self.new or self.old
        assert found is not None
        return found


@dataclass(frozen=True)
class Step:
    """One engine step."""

    index: int
    op: Op
    change: int
    """Index of its :class:`Change` in :attr:`ChangePlan.changes`."""
    label: str


@dataclass
class ChangePlan:
    """Every change and step between two programs, and the order the engine must respect."""

    changes: list[Change]
    steps: list[Step]
    """In one order the engine may take (dependency order, deletes last)."""
    before: list[frozenset[int]]
    """``before[i]``: the steps that always finish before step ``i`` starts."""
    unmodelled_types: tuple[str, ...] = ()

    def step_changes(self) -> Iterator[tuple[Step, Change]]:
        for step in self.steps:
            yield step, self.changes[step.change]


def _alias_urn(urn: str, spec: str) -> str | None:
    """The URN an alias names: a URN as is, or a ``name:`` spec under the same parent and type."""
    if spec.startswith("urn:pulumi:"):
        return spec
    match = re.search(r'name:\s*"([^"]*)"', spec)
    if match is None or "::" not in urn:
        return None
    return urn.rsplit("::", 1)[0] + "::" + match.group(1)


def alias_urns(urn: str, aliases: Sequence[str]) -> tuple[str, ...]:
    """The URNs named by ``aliases`` (as the testing kit records them) of resource ``urn``."""
    out = [_alias_urn(urn, a) for a in aliases]
    return tuple(u for u in out if u is not None)


def _topological(resources: Sequence[Resource]) -> list[Resource]:
    by_urn = {r.urn: r for r in resources}
    seen: set[str] = set()
    out: list[Resource] = []

    def visit(r: Resource, path: tuple[str, ...]) -> None:
        if r.urn in seen:
            return
        if r.urn in path:
            raise PlanInputError(f"dependency cycle through {r.urn}")
        for dep in r.dependencies:
            if dep in by_urn:
                visit(by_urn[dep], (*path, r.urn))
        if r.parent in by_urn:
            visit(by_urn[r.parent], (*path, r.urn))
        seen.add(r.urn)
        out.append(r)

    for r in resources:
        visit(r, ())
    return out


def plan_changes(old: Sequence[Resource], new: Sequence[Resource]) -> ChangePlan:
    """The engine's changes and steps from program ``old`` to program ``new``."""
    old_by_urn = {r.urn: r for r in old}
    matched: dict[str, Resource] = {}
    changes: list[Change] = []
    change_of_new: dict[str, int] = {}
    change_of_old: dict[str, int] = {}
    unmodelled: set[str] = set()
    for r in _topological(new):
        prior = next(
            (
                old_by_urn[u]
                for u in (r.urn, *r.aliases)
                if u in old_by_urn and old_by_urn[u].urn not in matched
            ),
            None,
        )
        if prior is None:
            change = Change(Action.CREATE, None, r)
        else:
            matched[prior.urn] = r
            keys = sorted(set(prior.inputs) | set(r.inputs))
            # ignore_changes: the engine keeps the old value (top-level keys; nested paths are
            # not used by the components).
            changed = {
                k
                for k in keys
                if prior.inputs.get(k) != r.inputs.get(k) and k not in r.ignore_changes
            }
            # An input holding a replaced (or newly created) resource's id changes with it.
            for key, deps in r.property_dependencies.items():
                for dep in deps:
                    index = change_of_new.get(dep)
                    if index is not None and changes[index].action in (
                        Action.REPLACE,
                        Action.CREATE,
                    ):
                        changed.add(key)
            if r.custom and r.type not in FORCE_NEW and changed:
                unmodelled.add(r.type)
            forcing = sorted(
                changed & (FORCE_NEW.get(r.type, frozenset()) | set(r.replace_on_changes))
            )
            if not r.custom or not changed:
                action = None
            elif forcing:
                action = Action.REPLACE
            else:
                action = Action.UPDATE
            change = Change(
                action or Action.UPDATE, prior, r, tuple(sorted(changed)), tuple(forcing)
            )
            if action is None:
                # Unchanged (or a component, which has no cloud side): no step, but kept so
                # references to it resolve.
                change = Change(Action.UPDATE, prior, r, (), ())
            change_of_old[prior.urn] = len(changes)
        change_of_new[r.urn] = len(changes)
        changes.append(change)
    for r in old:
        if r.urn not in matched:
            change_of_old[r.urn] = len(changes)
            changes.append(Change(Action.DELETE, r, None))

    steps: list[Step] = []
    direct: dict[int, set[int]] = {}
    phase1_of_change: dict[int, int] = {}
    delete_of_change: dict[int, int] = {}

    def add(op: Op, change_index: int) -> int:
        res = changes[change_index].resource
        steps.append(Step(len(steps), op, change_index, f"{op.value} {res.type} {res.name}"))
        direct[len(steps) - 1] = set()
        return len(steps) - 1

    for i, change in enumerate(changes):
        res = change.resource
        if not res.custom:
            continue
        if change.action is Action.CREATE:
            phase1_of_change[i] = add(Op.CREATE, i)
        elif change.action is Action.UPDATE and change.changed:
            phase1_of_change[i] = add(Op.UPDATE, i)
        elif change.action is Action.REPLACE:
            assert change.new is not None
            if change.new.delete_before_replace:
                first = add(Op.DELETE_REPLACED, i)
                phase1_of_change[i] = add(Op.CREATE_REPLACEMENT, i)
                direct[phase1_of_change[i]].add(first)
            else:
                phase1_of_change[i] = add(Op.CREATE_REPLACEMENT, i)
                delete_of_change[i] = -1  # placed in the delete phase below
    # Phase 1 edges: a step waits for the steps of the resources it depends on.
    for i, step_index in phase1_of_change.items():
        created = changes[i].new
        assert created is not None
        for dep in created.dependencies:
            j = change_of_new.get(dep)
            if j is not None and j in phase1_of_change:
                direct[step_index].add(phase1_of_change[j])
    phase1 = set(direct)
    # Phase 2: deletes of removed and replaced resources, in reverse dependency order.
    for i, change in enumerate(changes):
        if not change.resource.custom:
            continue
        if change.action is Action.DELETE or delete_of_change.get(i) == -1:
            op = Op.DELETE if change.action is Action.DELETE else Op.DELETE_REPLACED
            delete_of_change[i] = add(op, i)
            direct[delete_of_change[i]] |= phase1
    for i, step_index in delete_of_change.items():
        old_res = changes[i].old
        assert old_res is not None
        for dep in old_res.dependencies:
            j = change_of_old.get(dep)
            if j is not None and j in delete_of_change:
                # The dependency is deleted after its dependent.
                direct[delete_of_change[j]].add(step_index)

    before: list[frozenset[int]] = []
    memo: dict[int, frozenset[int]] = {}

    def closure(s: int, path: tuple[int, ...] = ()) -> frozenset[int]:
        if s in memo:
            return memo[s]
        if s in path:
            raise PlanInputError(f"step cycle through {steps[s].label}")
        acc: set[int] = set()
        for d in direct[s]:
            acc.add(d)
            acc |= closure(d, (*path, s))
        memo[s] = frozenset(acc)
        return memo[s]

    for s in range(len(steps)):
        before.append(closure(s))
    # One order the engine may take: each step after everything it waits for (stable).
    order = sorted(range(len(steps)), key=lambda s: (len(before[s]), s))
    ordered: list[int] = []
    placed: set[int] = set()
    while len(ordered) < len(steps):
        for s in order:
            if s not in placed and before[s] <= placed:
                ordered.append(s)
                placed.add(s)
                break
    renumber = {old_i: new_i for new_i, old_i in enumerate(ordered)}
    final_steps = [
        Step(renumber[s.index], s.op, s.change, s.label)
        for s in sorted(steps, key=lambda s: renumber[s.index])
    ]
    final_before = [frozenset(renumber[b] for b in before[s]) for s in ordered]
    return ChangePlan(changes, final_steps, final_before, tuple(sorted(unmodelled)))


# -- the Route 53 zone model -------------------------------------------------------------


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


def top_component(plan: ChangePlan, res: Resource) -> Resource:
    """The top component above a resource, in either program (itself when at the top)."""
    by_urn: dict[str, Resource] = {}
    for c in plan.changes:
        for r in (c.old, c.new):
            if r is not None:
                by_urn.setdefault(r.urn, r)
    while res.parent is not None and res.parent in by_urn:
        res = by_urn[res.parent]
    return res


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
