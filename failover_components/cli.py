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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import cli_drill, diff
from ._cli_errors import EXIT_BROKEN_PIPE, non_negative, survive_broken_pipe

# The plan's exit codes are re-exported (the `as` form): they were names of this module
# before the plan rendering and the drill moved out.
from .cli_plan import EXIT_ERROR as EXIT_ERROR
from .cli_plan import EXIT_INVALID as EXIT_INVALID
from .cli_plan import EXIT_OK as EXIT_OK
from .cli_plan import plan_document, render_plan

__all__ = ["main", "plan_document", "render_plan"]


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
    drill.set_defaults(func=cli_drill.run)
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
