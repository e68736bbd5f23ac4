"""``failover-components``: the offline plan (and drill) of any Pulumi Python project.

``failover-components diff OLD.json NEW.json [--json]`` reviews a change between two plans
(:mod:`failover_components.diff`).

``failover-components plan [PROJECT_DIR] [--stack NAME] [--json]`` reads the project's
``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``, runs its program under the testing kit's mock
engine (no Pulumi CLI, no credentials, no network) and prints the resource tree, every
failover set with its tiers, health checks and failover times, and any validation errors.

Exit codes: 0 the plan is good; 1 the configuration is invalid (or, with ``--strict``, a
policy error was found); 2 the project could not be read or the program failed otherwise;
141 stdout was closed early (``| head``).
"""

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import diff, policy, testing
from ._cli_errors import EXIT_BROKEN_PIPE, describe_failure, non_negative, survive_broken_pipe
from .errors import FailoverConfigError
from .recording import RecordedResource, Recording, is_wire_secret
from .simulate import SimulationError
from .simulate.drill import (
    DrillResult,
    Mismatch,
    drill,
    drill_all,
    drill_names_match,
    result_json,
)

__all__ = ["main", "plan_document", "render_plan"]

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


def _find_config_error(exc: BaseException) -> FailoverConfigError | None:
    return FailoverConfigError.find(exc)


class _Progress:
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

    def __enter__(self) -> "_Progress":
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
            with _Progress(progress, counter):
                recording = testing.run_program(project_dir, stack=project.stack)
        else:
            recording = testing.run_program(project_dir, stack=project.stack)
    except Exception as exc:  # the program's own errors are the plan's result
        config_error = _find_config_error(exc)
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


def _plan(args: argparse.Namespace) -> int:
    policy_config: dict[str, Any] = {}
    if args.budget is not None:
        policy_config["budgetSeconds"] = args.budget
    if args.max_ttl is not None:
        policy_config["maxTtlSeconds"] = args.max_ttl
    try:
        doc, code = plan_document(
            args.project_dir,
            args.stack,
            progress=sys.stderr,
            strict=args.strict,
            policy_config=policy_config or None,
        )
    except (FileNotFoundError, ValueError) as exc:
        print(f"failover-components: {exc}", file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        json.dump(doc, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_plan(doc))
    return code


def _run_for_drill(args: argparse.Namespace) -> tuple[testing.PulumiProject, Recording]:
    project = testing.load_project(args.project_dir, args.stack)
    with _Progress(sys.stderr, testing.registration_counter()):
        recording = testing.run_program(args.project_dir, stack=project.stack)
    return project, recording


def _render_drill(
    results: list[DrillResult], mismatches: dict[str, list[Mismatch]], header: str
) -> str:
    lines = [header]
    for r in results:
        lines.append("")
        lines.append(f"  {r.component} ({r.cloud}) {r.hostname}")
        lines.append(f"    down:   {', '.join(r.down) or 'nothing'}")
        for label, a in (("before", r.before), ("after", r.after)):
            flags = " (fail-open)" if a.fail_open else ""
            flags += " (proxied: clients see Cloudflare's edge)" if a.proxied else ""
            lines.append(
                f"    {label + ':':<7} {a.record_type} {', '.join(a.values) or '(no answer)'} "
                f"from {', '.join(a.pools) or '-'}, ttl {a.ttl} s{flags}"
            )
        verdict = "as promised" if r.ok else "NOT the first healthy tier"
        want = r.expected.tier or "fail-open"
        lines.append(f"    check:  {verdict} (expected {want})")
        if r.timeline is not None and r.failed_tier is not None:
            back = f", back at {r.timeline.back_at} s" if r.timeline.back_at is not None else ""
            lines.append(
                f"    timeline: tier {r.failed_tier.name!r} down at {r.timeline.down_at} s{back} "
                f"(fails over: {r.timeline.fails_over})"
            )
            for e in r.timeline.events:
                if not e.bounded:
                    when = f"{e.best} s-unknown"
                else:
                    when = f"{e.best} s" if e.best == e.worst else f"{e.best}-{e.worst} s"
                lines.append(f"      {e.name:<16} {when:<12} {e.why}")
    for component, found in mismatches.items():
        lines.append("")
        if not found:
            lines.append(f"  {component}: every combination of tiers down answers as promised")
            continue
        lines.append(f"  {component}: {len(found)} combination(s) answer wrongly:")
        for m in found:
            lines.append(f"    - down {list(m.tiers_down) or 'nothing'}: {m.reason}")
    return "\n".join(lines) + "\n"


def _drill_failed(
    args: argparse.Namespace, message: str, code: int, reasons: Sequence[str] = ()
) -> int:
    """Report a drill that could not run: the message on stderr and, with ``--json``, a JSON
    document on stdout that says so (a script reading stdout gets JSON either way)."""
    print(message, file=sys.stderr)
    if args.json:
        doc = {"ok": False, "error": message, "errors": list(reasons), "results": []}
        json.dump(doc, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    return code


def _drill(args: argparse.Namespace) -> int:
    try:
        project, recording = _run_for_drill(args)
    except (FileNotFoundError, ValueError) as exc:
        config_error = _find_config_error(exc)
        if config_error is not None:
            reasons = [str(r) for r in config_error.reasons]
            return _drill_failed(args, str(config_error), EXIT_INVALID, reasons)
        return _drill_failed(args, f"failover-components: {exc}", EXIT_ERROR)
    except Exception as exc:
        config_error = _find_config_error(exc)
        if config_error is not None:
            reasons = [str(r) for r in config_error.reasons]
            return _drill_failed(args, str(config_error), EXIT_INVALID, reasons)
        where = testing.load_project(args.project_dir, args.stack).directory
        return _drill_failed(
            args, f"the program failed: {describe_failure(exc, where)}", EXIT_ERROR
        )
    results: list[DrillResult] = []
    mismatches: dict[str, list[Mismatch]] = {}
    unmatched = set(args.down or [])
    try:
        for summary in recording.failover_sets:
            if args.down:
                names = [n for n in args.down if drill_names_match(summary, n)]
                unmatched -= set(names)
                if not names:
                    continue
            else:
                names = [summary.tiers[0].name]
            results.append(drill(recording, summary, names, back_at=args.back_at))
            if args.all:
                mismatches[summary.component] = drill_all(recording, summary)
    except SimulationError as exc:
        return _drill_failed(args, f"failover-components: cannot drill: {exc}", EXIT_ERROR)
    if unmatched:
        return _drill_failed(
            args,
            f"failover-components: --down {', '.join(sorted(unmatched))} matches no pool, "
            "endpoint or address of any failover set",
            EXIT_ERROR,
        )
    failed = any(mismatches.values())
    if args.json:
        doc = {
            "project": project.name,
            "stack": project.stack,
            "results": [result_json(r) for r in results],
            "all": None
            if not args.all
            else {
                component: [
                    {
                        "tiers_down": list(m.tiers_down),
                        "expected": {"tier": m.expected.tier, "values": sorted(m.expected.values)},
                        "got": list(m.got.values),
                        "reason": m.reason,
                    }
                    for m in found
                ]
                for component, found in mismatches.items()
            },
            "ok": not failed and all(r.ok for r in results),
        }
        json.dump(doc, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        header = f"Failover drill of project '{project.name}', stack '{project.stack}' (offline)"
        sys.stdout.write(_render_drill(results, mismatches, header))
    if args.plot:
        # After the drill itself, so a plot that cannot be drawn loses nothing but the plot.
        sys.stdout.flush()
        from .simulate.plot import plot_drills

        try:
            plot_drills(results, args.plot)
        except (RuntimeError, ValueError, OSError) as exc:
            print(f"failover-components: --plot: {exc}", file=sys.stderr)
            return EXIT_ERROR
    if failed or not all(r.ok for r in results):
        return EXIT_INVALID
    return EXIT_OK


_EXIT_CODES = f"""exit codes:
  0    the plan (or drill) is good
  1    the configuration is invalid, a policy error was found with --strict, or a drill
       answered wrongly
  2    the project could not be read (missing or invalid Pulumi.yaml or stack file, a
       missing extra) or the program failed otherwise; the message names the file and line
  {EXIT_BROKEN_PIPE}  stdout was closed early (e.g. piped into head)"""

_EPILOG = f"""examples:
  failover-components plan . --stack sample
  failover-components drill . --stack sample --down eu-west
  python -m failover_components plan examples/multicloud --json

{_EXIT_CODES}
diff, monitoring and verify list their own exit codes in their --help."""

_PLAN_EPILOG = f"""example:
  failover-components plan . --stack sample --strict

{_EXIT_CODES}"""

_DRILL_EPILOG = f"""examples:
  failover-components drill . --stack sample --down eu-west --back-at 600
  failover-components drill examples/multicloud --all --json

{_EXIT_CODES}"""


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("failover-components")
    except PackageNotFoundError:  # pragma: no cover - a source tree that is not installed
        return "unknown (not installed)"


def _project_dir_in_down(args: argparse.Namespace) -> None:
    """``drill --down eu .``: ``--down`` takes one or more names, so a project directory after
    it is read as a pool. Its last value is the project directory when no directory was given
    before ``--down`` and it is one (a directory holding a Pulumi.yaml)."""
    down: list[str] | None = getattr(args, "down", None)
    if not down or args.project_dir != "." or len(down) < 2:
        return
    last = Path(down[-1])
    if any((last / name).is_file() for name in ("Pulumi.yaml", "Pulumi.yml")):
        args.project_dir = down.pop()


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="failover-components",
        description="Offline tools for Pulumi programs that declare DNS failover.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser(
        "plan",
        help="show what a Pulumi Python project declares and how fast it fails over, offline",
        epilog=_PLAN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    plan.add_argument(
        "project_dir", nargs="?", default=".", help="the project directory (default: .)"
    )
    plan.add_argument("--stack", help="the stack whose Pulumi.<stack>.yaml to read")
    plan.add_argument("--json", action="store_true", help="one JSON document with stable keys")
    plan.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a policy rule at error level is broken and not acknowledged",
    )
    plan.add_argument(
        "--budget",
        type=int,
        metavar="SECONDS",
        help="the recovery budget rule FO003 checks against (default 300)",
    )
    plan.add_argument(
        "--max-ttl",
        type=int,
        metavar="SECONDS",
        help="the longest failover TTL rule FO002 accepts (default 300)",
    )
    plan.set_defaults(func=_plan)

    drill = sub.add_parser(
        "drill",
        help="show what each failover set answers when pools or endpoints fail, and when",
        epilog=_DRILL_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    drill.add_argument(
        "project_dir", nargs="?", default=".", help="the project directory (default: .)"
    )
    drill.add_argument("--stack", help="the stack whose Pulumi.<stack>.yaml to read")
    drill.add_argument(
        "--down",
        nargs="+",
        metavar="NAME",
        help="pools, endpoints (pool/endpoint or endpoint name) or addresses to take down "
        "(default: each set's primary pool)",
    )
    drill.add_argument(
        "--all",
        action="store_true",
        help="also try every combination of tiers down; exit 1 if any answer is not the first "
        "healthy tier",
    )
    drill.add_argument(
        "--back-at",
        type=non_negative,
        default=900,
        metavar="SECONDS",
        help="when the failed tier answers again (default: 900)",
    )
    drill.add_argument("--plot", metavar="FILE.png", help="draw the timelines (needs matplotlib)")
    drill.add_argument("--json", action="store_true", help="one JSON document with stable keys")
    drill.set_defaults(func=_drill)
    diff.add_parser(sub)

    from . import monitoring, verify

    monitoring.configure(sub.add_parser("monitoring", help=monitoring.HELP))
    verify.configure(sub.add_parser("verify", help=verify.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``failover-components`` console script."""
    args = build_parser().parse_args(argv)
    _project_dir_in_down(args)
    code: int = survive_broken_pipe(lambda: args.func(args))
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
