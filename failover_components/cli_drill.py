"""``failover-components drill``: what each failover set answers when pools or endpoints fail,
and when (the offline drill over :mod:`failover_components.simulate`).
"""

import argparse
import json
import sys
from collections.abc import Sequence

from . import testing
from ._cli_errors import describe_failure
from .cli_plan import EXIT_ERROR, EXIT_INVALID, EXIT_OK, Progress, find_config_error
from .recording import Recording
from .simulate import SimulationError
from .simulate.drill import (
    DrillResult,
    Mismatch,
    drill,
    drill_all,
    drill_names_match,
    result_json,
)

__all__ = ["run"]


def _run_for_drill(args: argparse.Namespace) -> tuple[testing.PulumiProject, Recording]:
    project = testing.load_project(args.project_dir, args.stack)
    with Progress(sys.stderr, testing.registration_counter()):
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


def run(args: argparse.Namespace) -> int:
    """``failover-components drill``."""
    try:
        project, recording = _run_for_drill(args)
    except (FileNotFoundError, ValueError) as exc:
        config_error = find_config_error(exc)
        if config_error is not None:
            reasons = [str(r) for r in config_error.reasons]
            return _drill_failed(args, str(config_error), EXIT_INVALID, reasons)
        return _drill_failed(args, f"failover-components: {exc}", EXIT_ERROR)
    except Exception as exc:
        config_error = find_config_error(exc)
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
