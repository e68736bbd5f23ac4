"""``failover-components diff OLD.json NEW.json``: review a change before ``pulumi up``.

Takes two ``failover-components plan --json`` documents (the program before and after the
change), and prints, per failover set, what the engine will create, update in place, replace
and delete, in its order (:mod:`failover_components.changes`). Route 53 steps are replayed on
the zone model in every order the engine may take (a scope of more than
:data:`~failover_components.aws.changes.MAX_SCOPE_STEPS` steps only in the numbered order
listed, and the verdict and ``exhaustive`` in ``--json`` say so); a state Route 53 refuses is named, with
the steps that lead to it, and the exit code is 1. For each Route 53 set it also says what
the hostname answers (every endpoint healthy) after each step of one engine order, using the
same resolver as ``drill`` (:mod:`failover_components.simulate.route53`).

Exit codes: 0 every step is accepted; 1 a step would be refused; 2 a file cannot be read or
is not a ``plan --json`` document (or comes from a failed plan).
"""

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any, cast

from .aws import changes as route53_changes
from .changes import (
    FORCE_NEW,
    HEALTH_CHECK,
    RECORD,
    ZONE,
    Action,
    Op,
    PlanInputError,
    Resource,
    alias_urns,
    check,
    live_after,
    plan_changes,
    resources_from_plan,
    top_component,
)
from .recording import RecordedResource, Recording

__all__ = ["change_fields", "diff_document", "plan_of", "render_diff", "run_diff"]

EXIT_SAFE = 0
EXIT_UNSAFE = 1
EXIT_USAGE = 2


def change_fields(r: RecordedResource) -> dict[str, Any]:
    """The fields ``plan --json`` adds to each resource for ``diff``."""
    return {
        "urn": r.urn,
        "parent_urn": r.parent or None,
        "custom": r.custom,
        "id": r.id or None,
        "dependencies": sorted(r.dependencies),
        "property_dependencies": {k: sorted(v) for k, v in sorted(r.property_dependencies.items())},
        "aliases": sorted(alias_urns(r.urn, r.aliases)),
        "delete_before_replace": r.delete_before_replace,
        "replace_on_changes": sorted(r.replace_on_changes),
        "ignore_changes": sorted(r.ignore_changes),
    }


def plan_of(recording: Recording) -> dict[str, Any]:
    """The parts of a ``plan --json`` document that :func:`diff_document` reads, from a
    recording: test your own program's changes with ``diff_document(plan_of(a), plan_of(b))``."""
    return {
        "resources": [
            {"type": r.type, "name": r.name, "inputs": r.plain(), **change_fields(r)}
            for r in recording.resources
        ],
        "failover_sets": [s.to_json() for s in recording.failover_sets],
    }


def _load(path: str) -> tuple[Mapping[str, Any], list[Resource]]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as exc:
        raise PlanInputError(f"{path}: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise PlanInputError(f"{path}: not JSON ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise PlanInputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except RecursionError as exc:
        raise PlanInputError(f"{path}: JSON nested too deeply to read") from exc
    resources = resources_from_plan(doc, path)
    return cast("Mapping[str, Any]", doc), resources


def _sets(doc: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    out: dict[tuple[str, str], Mapping[str, Any]] = {}
    sets: object = doc.get("failover_sets")
    items: list[Any] = cast("list[Any]", sets) if isinstance(sets, list) else []  # type: ignore[redundant-cast]
    for s in items:
        if isinstance(s, Mapping):
            m = cast("Mapping[str, Any]", s)
            out[(str(m.get("type")), str(m.get("component")))] = m
    return out


def _answer(resources: Sequence[Resource], hostname: str) -> str:
    """What Route 53 answers for ``hostname`` with every endpoint healthy, in words; per
    record type when several answer (A and AAAA while a set changes family)."""
    from .simulate import SimulationError
    from .simulate.route53 import ANSWER_TYPES, resolve

    host = hostname.lower().removesuffix(".")
    types = sorted(
        {
            str(r.inputs.get("type"))
            for r in resources
            if r.type == RECORD
            and str(r.inputs.get("name", "")).lower().removesuffix(".") == host
            and r.inputs.get("type") in ANSWER_TYPES
        }
    )
    if not types:
        return "nothing (no record at the hostname)"
    parts: list[str] = []
    for type_ in types:
        recording = Recording(
            resources=[
                RecordedResource(
                    type=r.type,
                    name=r.name,
                    urn=r.urn,
                    parent=r.parent or "",
                    custom=True,
                    inputs=r.inputs,
                    dependencies=r.dependencies,
                    property_dependencies=r.property_dependencies,
                    provider="",
                    id=r.id or "",
                    outputs={},
                )
                for r in resources
                if r.type in (HEALTH_CHECK, ZONE)
                or (r.type == RECORD and r.inputs.get("type") == type_)
            ]
        )
        label = f"{type_} " if len(types) > 1 else ""
        try:
            answer = resolve(recording, hostname)
        except SimulationError as exc:
            parts.append(f"{label}no answer ({exc})")
            continue
        parts.append(f"{label}pool {', '.join(answer.pools)}: {', '.join(answer.values)}")
    return "; ".join(parts)


def diff_document(old_doc: Mapping[str, Any], new_doc: Mapping[str, Any]) -> dict[str, Any]:
    """The diff as JSON-ready data (``safe`` is the verdict)."""
    plan = plan_changes(resources_from_plan(old_doc, "old"), resources_from_plan(new_doc, "new"))
    verdict = check(plan)
    sets_info = {**_sets(old_doc), **_sets(new_doc)}
    groups: dict[str, dict[str, Any]] = {}

    def group_for(res: Resource) -> dict[str, Any]:
        top = top_component(plan, res)
        if top.urn not in groups:
            info = sets_info.get((top.type, top.name), {})
            groups[top.urn] = {
                "component": top.name,
                "type": top.type,
                "cloud": info.get("cloud"),
                "hostname": info.get("hostname"),
                "steps": [],
                "refused": [],
                "answers": [],
            }
        return groups[top.urn]

    for step, change in plan.step_changes():
        res = change.resource
        entry: dict[str, Any] = {
            "step": step.index + 1,
            "op": step.op.value,
            "type": res.type,
            "name": res.name,
        }
        if change.action in (Action.UPDATE, Action.REPLACE) and step.op is not Op.DELETE_REPLACED:
            entry["changed"] = list(change.changed)
        if change.action is Action.REPLACE:
            entry["replaced_because"] = list(change.replace_keys)
        if change.old is not None and change.new is not None and change.old.urn != change.new.urn:
            entry["was"] = change.old.name
        group_for(res)["steps"].append(entry)
    by_urn = dict(groups.items())
    for refusal in verdict.refusals:
        item = {
            "rule": refusal.rule,
            "where": refusal.where,
            "detail": refusal.detail,
            "after": list(refusal.steps),
        }
        for comp in refusal.components or ("",):
            target = by_urn.get(comp)
            if target is None:
                target = groups.setdefault(
                    comp,
                    {
                        "component": comp.rsplit("::", 1)[-1],
                        "type": None,
                        "cloud": None,
                        "hostname": None,
                        "steps": [],
                        "refused": [],
                        "answers": [],
                    },
                )
            target["refused"].append(item)
    # What each Route 53 hostname answers along the engine order shown.
    for g in groups.values():
        host = g.get("hostname")
        if g.get("cloud") != "aws" or not isinstance(host, str) or not g["steps"]:
            continue
        last = None
        for count in range(len(plan.steps) + 1):
            if count and not any(s["step"] == count for s in g["steps"]):
                continue
            text = _answer(live_after(plan, count), host)
            if text != last:
                g["answers"].append({"after_step": count, "answer": text})
                last = text
    notes: list[str] = []
    if not verdict.exhaustive:
        notes.append(
            f"a scope had more than {route53_changes.MAX_SCOPE_STEPS} steps, too many to try every order: "
            "only the numbered order listed above was replayed"
        )
    for t in plan.unmodelled_types:
        notes.append(f"{t}: replacement rules not modelled here, changes shown as updates")
    listed = [g for g in groups.values() if g["steps"] or g["refused"]]
    return {
        "safe": verdict.ok,
        "states_checked": verdict.states_checked,
        "exhaustive": verdict.exhaustive,
        "force_new_source": "terraform-provider-aws internal/service/route53 (ForceNew fields)",
        "force_new": {k: sorted(v) for k, v in sorted(FORCE_NEW.items())},
        "sets": listed,
        "notes": notes,
    }


def render_diff(doc: Mapping[str, Any]) -> str:
    """The diff for people."""
    lines: list[str] = []
    sets = cast("list[dict[str, Any]]", doc["sets"])
    if not sets:
        lines.append("No changes: the engine has nothing to do.")
    for g in sets:
        head = f"{g['component']}"
        if g.get("hostname"):
            head += f" ({g['cloud']}, {g['hostname']})"
        lines.append(head)
        counts: dict[str, int] = dict.fromkeys(("create", "update", "replace", "delete"), 0)
        for s in g["steps"]:
            op = s["op"]
            key: str | None = {"create-replacement": "replace", "delete-replaced": None}.get(op, op)
            if key is not None:
                counts[key] += 1
        lines.append(
            "  "
            + ", ".join(f"{n} to {k}" for k, n in counts.items() if n)
            + (" (in engine order)" if g["steps"] else "nothing to do")
        )
        for s in g["steps"]:
            extra = ""
            if s.get("was"):
                extra += f" (was {s['was']}, carried by an alias)"
            if s.get("replaced_because"):
                extra += f" - {', '.join(s['replaced_because'])} cannot change in place"
            elif s.get("changed"):
                extra += f" - {', '.join(s['changed'])}"
            lines.append(f"  {s['step']:>3}. {s['op']:<18} {s['type']} {s['name']}{extra}")
        for r in g["refused"]:
            lines.append(f"  REFUSED by Route 53 ({r['rule']}): {r['where']}: {r['detail']}")
            lines.append(f"    reached after: {'; '.join(r['after'])}")
        if g["answers"]:
            lines.append(f"  {g['hostname']} answers, every endpoint healthy:")
            for a in g["answers"]:
                when = (
                    "before the change" if a["after_step"] == 0 else f"after step {a['after_step']}"
                )
                lines.append(f"    {when}: {a['answer']}")
        lines.append("")
    for note in doc["notes"]:
        lines.append(f"note: {note}")
    if not doc["safe"]:
        verdict = "UNSAFE: Route 53 refuses a state the engine can reach (see REFUSED above)"
    elif doc["exhaustive"]:
        verdict = "SAFE: Route 53 accepts every step in every order the engine may take"
    else:
        # Not every order was tried: claim only what was replayed.
        verdict = (
            "SAFE as far as checked: Route 53 accepts every step in the numbered order listed "
            "above (other engine orders of a scope too large to enumerate were not tried)"
        )
    lines.append(f"{verdict} ({doc['states_checked']} states checked).")
    return "\n".join(lines) + "\n"


def run_diff(args: argparse.Namespace) -> int:
    """The ``diff`` command."""
    try:
        old_doc, _old = _load(args.old)
        new_doc, _new = _load(args.new)
        doc = diff_document(old_doc, new_doc)
    except PlanInputError as exc:
        print(f"failover-components diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        json.dump(doc, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_diff(doc))
    return EXIT_SAFE if doc["safe"] else EXIT_UNSAFE


def add_parser(sub: Any) -> None:
    """The ``diff`` subcommand's arguments."""
    p = sub.add_parser(
        "diff",
        help="review a change: the engine's steps between two plan --json documents, and "
        "whether Route 53 accepts each",
    )
    p.add_argument("old", metavar="OLD.json", help="plan --json of the deployed program")
    p.add_argument("new", metavar="NEW.json", help="plan --json of the changed program")
    p.add_argument("--json", action="store_true", help="one JSON document with stable keys")
    p.set_defaults(func=run_diff)
