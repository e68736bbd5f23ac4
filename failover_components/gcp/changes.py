"""Day 2 on Cloud DNS: what the engine does, step by step, when a failover set's config
changes, and what the hostname answers after each step. Self-contained (no SDK, no other
cloud) so it can be wired into a generic engine step-order model later.

Two recordings (configuration A, then B, as the testing kit records them) become the steps of
``pulumi up`` (:func:`plan_steps`): per child, ``create``, ``update``, ``replace`` (an input
the provider marks ForceNew changed) or ``delete``, in the engine's order: creates, updates
and replacements in dependency order, a replacement's delete at the end unless the resource
says ``deleteBeforeReplace``, then deletes in reverse dependency order
(https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/). :func:`apply_steps` replays them
on a model of the managed zone with the provider's own semantics (PROVIDER_RECORD_SET): a
create deletes any record set of the same name and type and adds the new one in one change;
an update swaps old for new in one change; a delete removes the record set it knew, and the
API accepts a deletion only when it matches the current data exactly, else the step fails.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ..recording import RecordedResource, Recording
from .constants import HEALTH_CHECK, MANAGED_ZONE, RECORD_SET

__all__ = ["FORCE_NEW", "ChangeRefusedError", "Step", "ZoneState", "apply_steps", "plan_steps"]

FORCE_NEW: Mapping[str, tuple[str, ...]] = {
    # resource_dns_record_set.go: managed_zone, name, project, routing_policy.health_check
    # (type is not ForceNew: an update deletes the old type and adds the new in one change).
    RECORD_SET: ("managedZone", "name", "project", "routingPolicy.healthCheck"),
    # resource_compute_health_check.go: only name and project; every block updates in place.
    HEALTH_CHECK: ("name", "project"),
    # resource_dns_managed_zone.go: dns_name, name, visibility, project.
    MANAGED_ZONE: ("dnsName", "name", "visibility", "project"),
}
"""Inputs whose change makes the provider replace the resource, per type (provider schema at
the commit named in constants.PROVIDER_RECORD_SET)."""


@dataclass(frozen=True)
class Step:
    """One engine step on one child."""

    op: str
    """``create``, ``update``, ``delete`` (also the two halves of a replacement:
    ``create-replacement`` and ``delete-replaced``)."""
    type: str
    name: str
    old: Mapping[str, Any] | None
    new: Mapping[str, Any] | None
    changed: tuple[str, ...] = ()
    """The input paths that differ (for updates and replacements)."""


def _get(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = cast("Mapping[str, Any]", value).get(part) if isinstance(value, Mapping) else None
    return value


def _paths(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        before, after = cast("Mapping[str, Any]", old), cast("Mapping[str, Any]", new)
        out: list[str] = []
        for key in sorted(set(before) | set(after)):
            out += _paths(before.get(key), after.get(key), f"{prefix}{key}.")
        return out
    return [prefix.rstrip(".")] if old != new else []


def _state(resource: RecordedResource) -> dict[str, Any]:
    """What the provider holds for a resource: its inputs, computed outputs filled in."""
    return {**resource.outputs, **resource.plain()}


def _depth(resource: RecordedResource, by_urn: Mapping[str, RecordedResource]) -> int:
    deps = [by_urn[d] for d in resource.dependencies if d in by_urn]
    for urns in resource.property_dependencies.values():
        deps += [by_urn[d] for d in urns if d in by_urn]
    return 1 + max((_depth(d, by_urn) for d in deps if d is not resource), default=0)


def plan_steps(before: Recording, after: Recording) -> list[Step]:
    """The steps of ``pulumi up`` from ``before`` to ``after`` (custom resources only)."""
    old = {(r.type, r.name): r for r in before.resources if r.custom}
    new = {(r.type, r.name): r for r in after.resources if r.custom}
    by_urn = {r.urn: r for r in after.resources}
    old_by_urn = {r.urn: r for r in before.resources}
    forward: list[tuple[int, list[Step]]] = []
    trailing: list[Step] = []
    for key, res in new.items():
        depth = _depth(res, by_urn)
        if key not in old:
            forward.append((depth, [Step("create", *key, None, _state(res))]))
            continue
        was, now = _state(old[key]), _state(res)
        changed = tuple(_paths(old[key].plain(), res.plain()))
        if not changed:
            continue
        forces = [p for p in FORCE_NEW.get(res.type, ()) if _get(was, p) != _get(now, p)]
        if not forces:
            forward.append((depth, [Step("update", *key, was, now, changed)]))
        elif res.delete_before_replace:
            forward.append(
                (
                    depth,
                    [
                        Step("delete-replaced", *key, was, None, changed),
                        Step("create-replacement", *key, None, now, changed),
                    ],
                )
            )
        else:
            forward.append((depth, [Step("create-replacement", *key, None, now, changed)]))
            trailing.append(Step("delete-replaced", *key, was, None, changed))
    removed = sorted((k for k in old if k not in new), key=lambda k: -_depth(old[k], old_by_urn))
    steps = [s for _, group in sorted(forward, key=lambda g: g[0]) for s in group]
    steps += trailing
    steps += [Step("delete", *k, _state(old[k]), None) for k in removed]
    return steps


def _rrset_key(data: Mapping[str, Any]) -> tuple[str, str]:
    return (str(data.get("name")), str(data.get("type")))


def _rrset(data: Mapping[str, Any]) -> dict[str, Any]:
    """The record set as Cloud DNS stores it (what a deletion must match exactly)."""
    return {k: data.get(k) for k in ("name", "type", "ttl", "rrdatas", "routingPolicy")}


@dataclass
class ZoneState:
    """The record sets of the zone, by (name, type), after each step."""

    rrsets: dict[tuple[str, str], dict[str, Any]] = field(default_factory=lambda: {})
    failed: list[str] = field(default_factory=lambda: [])
    """Steps the API would refuse (a deletion that does not match the current data)."""

    def answers(self, hostname: str) -> bool:
        """True when some record set answers ``hostname``."""
        name = hostname.rstrip(".") + "."
        return any(key[0] == name for key in self.rrsets)


def _apply(state: ZoneState, step: Step) -> None:
    if step.type != RECORD_SET:
        return
    if step.op in ("create", "create-replacement") and step.new is not None:
        # resourceDnsRecordSetCreate: deletions of every rrset with the same name and type,
        # the addition, one change.
        state.rrsets[_rrset_key(step.new)] = _rrset(step.new)
    elif step.op == "update" and step.old is not None and step.new is not None:
        # resourceDnsRecordSetUpdate: the old rrset out, the new one in, one change.
        state.rrsets.pop(_rrset_key(step.old), None)
        state.rrsets[_rrset_key(step.new)] = _rrset(step.new)
    elif step.old is not None:
        # resourceDnsRecordSetDelete: a deletion of the rrset as the state knew it; the API
        # takes a deletion only when it matches the current data exactly.
        key = _rrset_key(step.old)
        if state.rrsets.get(key) == _rrset(step.old):
            del state.rrsets[key]
        elif key in state.rrsets:
            state.failed.append(f"{step.op} {step.name}: deletion does not match {key}")


def apply_steps(before: Recording, steps: Sequence[Step], hostname: str) -> list[tuple[Step, bool]]:
    """Replay ``steps`` on the zone as ``before`` left it; after each, whether ``hostname``
    still has a record set. The state's ``failed`` steps are returned in the last item's
    place when any (see :class:`ZoneState`)."""
    state = ZoneState()
    for r in before.resources:
        if r.custom and r.type == RECORD_SET:
            data = _state(r)
            state.rrsets[_rrset_key(data)] = _rrset(data)
    out: list[tuple[Step, bool]] = []
    for step in steps:
        _apply(state, step)
        out.append((step, state.answers(hostname)))
    if state.failed:
        raise ChangeRefusedError(state.failed)
    return out


class ChangeRefusedError(RuntimeError):
    """A step the Cloud DNS API would refuse."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures
        super().__init__("; ".join(failures))
