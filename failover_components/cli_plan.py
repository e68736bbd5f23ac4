"""The offline plan of a Pulumi Python project: the document ``plan --json`` prints, and the
text ``plan`` prints for people.

:func:`plan_document` runs the project under the testing kit's mock engine (no Pulumi CLI, no
credentials, no network) and gathers the resource tree, every failover set with its tiers,
health checks and failover times, the policy findings and any validation errors;
:func:`render_plan` is its text. ``monitoring`` and ``verify`` start from the same document.
"""

import json
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

from . import diff, policy, testing
from ._cli_errors import describe_failure
from .errors import FailoverConfigError
from .recording import RecordedResource, Recording, is_wire_secret

__all__ = [
    "EXIT_ERROR",
    "EXIT_INVALID",
    "EXIT_OK",
    "Progress",
    "find_config_error",
    "plan_document",
    "render_plan",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2

_SECRET = "[secret]"
_UNKNOWN = "<known after deployment>"


def _display(value: Any) -> Any:
    """Inputs as JSON-ready data: secrets hidden, unknowns named, floats that are ints as ints."""
    if isinstance(value, dict):
        if is_wire_secret(value):  # pyright: ignore[reportUnknownArgumentType]
            return _SECRET
        return {str(k): _display(v) for k, v in sorted(value.items())}  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if isinstance(value, list):
        return [_display(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is testing.UNKNOWN or type(value).__name__ == "Unknown":
        return _UNKNOWN
    return value


def find_config_error(exc: BaseException) -> FailoverConfigError | None:
    return FailoverConfigError.find(exc)


class Progress:
    """A line on stderr every few seconds while a long program runs."""

    def __init__(self, stream: TextIO, count: Callable[[], int], first_after: float = 1.5) -> None:
        self.stream = stream
        self.count = count
        self.first_after = first_after
        self.stop = threading.Event()
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        wait = self.first_after
        while not self.stop.wait(wait):
            elapsed = time.monotonic() - self.started
            print(
                f"planning... {self.count()} resources registered, {elapsed:.0f} s",
                file=self.stream,
                flush=True,
            )
            wait = 5.0

    def __enter__(self) -> "Progress":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def plan_document(
    project_dir: str,
    stack: str | None,
    *,
    progress: TextIO | None = None,
    strict: bool = False,
    policy_config: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], int]:
    """Run the project offline; the plan as JSON-ready data and the exit code.

    The policy rules (RULES.md) run over what the program registers; with ``strict`` an
    unacknowledged error-level finding makes the exit code 1.
    """
    project = testing.load_project(project_dir, stack)
    doc: dict[str, Any] = {
        "project": project.name,
        "stack": project.stack,
        "secret_config_keys": list(project.secret_keys),
        "resources": [],
        "failover_sets": [],
        "errors": [],
        "failure": None,
        "findings": [],
    }
    counter = testing.registration_counter()
    try:
        if progress is not None:
            with Progress(progress, counter):
                recording = testing.run_program(project_dir, stack=project.stack)
        else:
            recording = testing.run_program(project_dir, stack=project.stack)
    except Exception as exc:  # the program's own errors are the plan's result
        config_error = find_config_error(exc)
        if config_error is None:
            doc["failure"] = describe_failure(exc, project.directory)
            return doc, EXIT_ERROR
        doc["errors"] = [str(r) for r in config_error.reasons]
        return doc, EXIT_INVALID
    doc["resources"] = [
        {
            "type": r.type,
            "name": r.name,
            "parent": recording.by_urn(r.parent).name if _has(recording, r.parent) else None,
            "inputs": _display(dict(r.inputs)),
            # What `diff` needs to replay a change the way the engine does (changes.py).
            **diff.change_fields(r),
        }
        for r in _tree_order(recording)
    ]
    doc["failover_sets"] = [_display(s.to_json()) for s in recording.failover_sets]
    doc["outputs"] = _display(
        {k: (_SECRET if k in recording.secret_outputs else v) for k, v in recording.outputs.items()}
    )
    findings = policy.check_recording(recording, config=policy_config)
    doc["findings"] = [f.to_json() for f in findings]
    if strict and policy.failures(findings):
        return doc, EXIT_INVALID
    return doc, EXIT_OK


def _has(recording: Recording, urn: str) -> bool:
    return any(r.urn == urn for r in recording.resources)


def _tree_order(recording: Recording) -> list[RecordedResource]:
    """Depth first: each component, then its children sorted by type and name."""
    urns = {r.urn for r in recording.resources}
    roots = sorted(
        (r for r in recording.resources if r.parent not in urns), key=lambda r: (r.type, r.name)
    )
    out: list[RecordedResource] = []

    def walk(r: RecordedResource) -> None:
        out.append(r)
        for child in recording.children(r):
            walk(child)

    for root in roots:
        walk(root)
    return out


def _short(value: Any, limit: int = 70) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_NOISE = {"comment"}


def _unknown_terms(timing: dict[str, Any]) -> list[dict[str, Any]]:
    return [term for term in timing["terms"] if term.get("unknown")]


def _timing_line(t: dict[str, Any]) -> str:
    """A tier's timing; a term nothing bounds (an alias target's own health) is shown as
    unknown and the totals as lower bounds, never as a number that was not derived."""
    unknown = _unknown_terms(t)
    if not unknown:
        return (
            f"detection {t['detection_seconds']} s, failover {t['best_case_failover_seconds']}"
            f"-{t['worst_case_failover_seconds']} s, recovery {t['recovery_seconds']} s"
        )
    return (
        f"detection unknown ({unknown[0]['formula'].removeprefix('unknown: ')}), failover at least "
        f"{t['worst_case_failover_seconds']} s, recovery at least {t['recovery_seconds']} s"
    )


def _render_tiers(s: dict[str, Any], lines: list[str]) -> None:
    for tier in s["tiers"]:
        lines.append(
            f"    tier {tier['tier']}  {tier['name']}  (healthy while >= {tier['min_healthy']} "
            f"endpoint(s) are)"
        )
        for ep in tier["endpoints"]:
            lines.append(
                f"      - {ep['name']:<24} {ep['address']:<28} weight {ep['weight']}  {ep['status']}"
            )
        hc = ", ".join(f"{k}={_short(v, 40)}" for k, v in tier["health_check"].items())
        lines.append(f"      health check: {hc}")
        t = tier["timing"]
        lines.append(f"      {_timing_line(t)}")


def render_plan(doc: dict[str, Any]) -> str:
    """The plan as text for people."""
    lines = [
        f"Offline plan of project '{doc['project']}', stack '{doc['stack']}' "
        "(mock engine: no Pulumi CLI, no credentials, no network)",
    ]
    if doc.get("secret_config_keys"):
        lines.append(
            "secret config values are not decrypted offline and read as '[secret]': "
            + ", ".join(doc["secret_config_keys"])
        )
    if doc.get("failure"):
        lines.append("")
        lines.append(f"The program failed: {doc['failure']}")
        return "\n".join(lines) + "\n"
    if doc["errors"]:
        lines.append("")
        lines.append(f"Invalid configuration ({len(doc['errors'])} problem(s)):")
        lines.extend(f"  - {e}" for e in doc["errors"])
        return "\n".join(lines) + "\n"
    depth: dict[str, int] = {}
    lines.append("")
    lines.append(f"Resources ({len(doc['resources'])}):")
    for r in doc["resources"]:
        level = depth.get(r["parent"], -1) + 1 if r["parent"] else 0
        depth[r["name"]] = level
        inputs = " ".join(f"{k}={_short(v)}" for k, v in r["inputs"].items() if k not in _NOISE)
        lines.append(f"{'  ' * (level + 1)}{r['type']}  {r['name']}  {inputs}".rstrip())
    lines.append("")
    lines.append(f"Failover sets ({len(doc['failover_sets'])}):")
    if not doc["failover_sets"]:
        # Said in words: a real `pulumi up` of a program declaring nothing deletes every set
        # the stack had (issue 13).
        lines.append(
            "  this stack declares no failover sets: deploying it deletes any set the stack "
            "had (intended only when the config says `failovers: []`)"
        )
    for s in doc["failover_sets"]:
        lines.append(
            f"  {s['component']}: {s['hostname']} {s['record_type']} on {s['cloud']} "
            f"({s['type'].rsplit(':', 1)[-1]}), ttl {s['ttl']} s"
        )
        _render_tiers(s, lines)
        t = s["timing"]
        budget = s["budget_seconds"]
        verdict = (
            ""
            if budget is None
            else f", budget {budget} s ({'ok' if t['worst_case_failover_seconds'] <= budget else 'OVER'})"
        )
        if _unknown_terms(t):
            lines.append(
                f"    set: detection unknown, worst-case failover at least "
                f"{t['worst_case_failover_seconds']} s, recovery at least "
                f"{t['recovery_seconds']} s{verdict}"
            )
        else:
            lines.append(
                f"    set: detection {t['detection_seconds']} s, worst-case failover "
                f"{t['worst_case_failover_seconds']} s, recovery {t['recovery_seconds']} s{verdict}"
            )
        lines.append(
            "    "
            + "worst case = "
            + " + ".join(
                f"{term['name']} unknown"
                if term.get("unknown")
                else f"{term['name']} {term['seconds']}"
                for term in t["terms"]
            )
        )
        for fact, value in s["facts"].items():
            lines.append(f"    {fact}: {_short(value, 90)}")
    findings: list[dict[str, Any]] = doc.get("findings") or []
    lines.append("")
    if findings:
        failing = sum(1 for f in findings if f["level"] == "error" and not f["acknowledged"])
        lines.append(
            f"Policy findings ({len(findings)}, {failing} unacknowledged error(s); rules in RULES.md):"
        )
        for f in findings:
            ack = f" (acknowledged: {f['acknowledgement']})" if f["acknowledged"] else ""
            where = f"{f['component']}: " if f["component"] else ""
            lines.append(
                f"  - {f['level']} {f['rule_id']} {f['rule_name']}: {where}"
                f"{f['resource']['type']} {f['resource']['name']}: {f['message']}{ack}"
            )
    else:
        lines.append("Policy findings: none")
    if doc.get("outputs"):
        lines.append("")
        lines.append("Stack outputs:")
        for k, v in doc["outputs"].items():
            lines.append(f"  {k}: {_short(v, 200)}")
    return "\n".join(lines) + "\n"
