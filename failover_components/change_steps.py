"""The Pulumi engine's step order between two programs, for any cloud.

Two descriptions of a program (``plan --json`` documents: each resource's type, URN, parent,
inputs, dependencies and aliases) become the steps the Pulumi engine takes to go from the
first to the second [PULUMI_UPDATE]_ [PULUMI_DBR]_:

* A resource of the new program is matched to the old one with the same URN, or with a URN
  named by one of its ``aliases``. Unmatched new resources are *created*, unmatched old ones
  *deleted*. A matched resource whose inputs differ is *updated in place*, or *replaced* when
  a changed input is one the provider cannot update (the ``force_new`` table, per type token;
  :data:`failover_components.changes.FORCE_NEW` holds every cloud's). A replacement creates
  the new resource first and deletes the old one at the end, unless ``delete_before_replace``.
* Creates, updates and replacement creates run in dependency order: a step waits for the steps
  of the resources it depends on, and independent steps run in any order (in parallel).
* Deletes, of removed and of replaced resources, run last, in reverse dependency order.

An input that takes another resource's id (a record's ``healthCheckId``) changes when that
resource is replaced, so its holder is updated (or replaced) too.

No cloud is named here: what a cloud refuses along the way is its own zone model
(:mod:`failover_components.aws.changes` for Route 53).

.. [PULUMI_UPDATE] https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/
.. [PULUMI_DBR] https://www.pulumi.com/docs/iac/concepts/options/deletebeforereplace/
"""

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

__all__ = [
    "Action",
    "Change",
    "ChangePlan",
    "Op",
    "PlanInputError",
    "Resource",
    "Step",
    "alias_urns",
    "plan_changes",
    "resources_from_plan",
    "top_component",
]


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


def plan_changes(
    old: Sequence[Resource], new: Sequence[Resource], force_new: Mapping[str, frozenset[str]]
) -> ChangePlan:
    """The engine's changes and steps from program ``old`` to program ``new``; ``force_new``
    names, per type token, the inputs whose change replaces the resource (types not in it are
    updated in place and listed in :attr:`ChangePlan.unmodelled_types`)."""
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
            if r.custom and r.type not in force_new and changed:
                unmodelled.add(r.type)
            forcing = sorted(
                changed & (force_new.get(r.type, frozenset()) | set(r.replace_on_changes))
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
