"""Benchmarks: the components against a hand-written Pulumi program doing the same work.

Run ``make bench`` (or ``python benchmarks/bench.py``). Every measurement is a fresh process
(so imports and memory do not leak between runs) under the same mock engine; wall time is the
program run inside the process, peak memory the process's maximum RSS. Each pair runs in the
same invocation, so the ratio compares like with like on whatever machine this is.

``--write-readme`` replaces the results table in README.md between the bench markers.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = Path(__file__).resolve().parent / "workloads.py"
# Installed packages are byte-compiled (pip does it); an editable checkout under
# PYTHONDONTWRITEBYTECODE would be recompiled on every start and measure the compiler instead.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def _child(argv: list[str]) -> tuple[dict[str, Any], float, int]:
    """Run one measurement in a fresh interpreter: (its JSON report, wall seconds, peak RSS KiB).

    Output goes to files, not pipes, so the parent can reap the child itself with wait4 and
    read that child's own maximum RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *argv], stdout=out, stderr=err, cwd=ROOT, env=_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{stderr[-3000:]}")
    report: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip() else {}
    return report, wall, int(usage.ru_maxrss)


def _summary(runs: list[tuple[dict[str, Any], float, int]]) -> dict[str, float]:
    return {
        "run_s": statistics.median(r[0]["run_seconds"] for r in runs),
        "cpu_s": statistics.median(r[0]["cpu_seconds"] for r in runs),
        "gc_s": statistics.median(r[0]["gc_seconds"] for r in runs),
        "full_collections": statistics.median(r[0]["full_collections"] for r in runs),
        "rss_mib": statistics.median(r[2] for r in runs) / 1024,
        "resources": runs[0][0]["resources"],
    }


Runs = list[tuple[dict[str, Any], float, int]]


def _interleaved(argvs: list[list[str]], repeat: int) -> list[Runs]:
    """Each variant ``repeat`` times, in turns (A B A B ...), so drift in the machine's speed
    falls on every variant alike."""
    runs: list[Runs] = [[] for _ in argvs]
    for _ in range(repeat):
        for i, argv in enumerate(argvs):
            runs[i].append(_child(argv))
    return runs


def _ratios(variant: Runs, floor: Runs) -> dict[str, float]:
    """Ratios to the floor, taken per turn (the runs of one turn are neighbours in time, so
    drift cancels in their ratio): the median of those, and their range."""
    times = [v[0]["run_seconds"] / f[0]["run_seconds"] for v, f in zip(variant, floor, strict=True)]
    memory = [v[2] / f[2] for v, f in zip(variant, floor, strict=True)]
    return {
        "time_ratio": statistics.median(times),
        "time_ratio_min": min(times),
        "time_ratio_max": max(times),
        "memory_ratio": statistics.median(memory),
    }


def compare(cloud: str, n: int, repeat: int) -> dict[str, Any]:
    """Library vs hand-written floor for ``n`` two-tier sets on one cloud."""
    variants = ["floor", "library"] + (["shell"] if cloud == "aws" and n >= 1000 else [])
    runs = _interleaved([[str(WORKLOADS), v, cloud, str(n)] for v in variants], repeat)
    result: dict[str, Any] = {
        "cloud": cloud,
        "n": n,
        "floor": _summary(runs[0]),
        "library": _summary(runs[1]),
        # Every turn's wall time, for anyone who wants more than the medians.
        "turns": {
            v: [r[0]["run_seconds"] for r in rs] for v, rs in zip(variants, runs, strict=True)
        },
        **_ratios(runs[1], runs[0]),
    }
    if cloud == "aws" and n == 100:
        # Deterministic, unlike time: the objects each set keeps alive (what every later full
        # garbage collection scans again).
        result["live_objects_per_set"] = {
            v: _child([str(WORKLOADS), v, cloud, str(n), "objects"])[0]["live_objects_per_set"]
            for v in ("floor", "shell", "library")
        }
    if len(runs) == 3:
        # The hand-written resources inside a bare component: what any component costs.
        result["shell"] = _summary(runs[2])
        shell = _ratios(runs[2], runs[0])
        result["shell_time_ratio"] = shell["time_ratio"]
        result["shell_memory_ratio"] = shell["memory_ratio"]
    return result


AWS_COMPONENT = "failover_components.aws.component"
"""The module of ``Route53Failover``, whose import cost is compared with ``pulumi_aws.route53``."""


def _import_seconds(module: str) -> float:
    """Seconds for a fresh interpreter to run ``import module`` (start-up included)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=ROOT, env=_ENV)
    return time.perf_counter() - started


def import_costs(modules: list[str], repeat: int) -> dict[str, float]:
    """Median import time of each module, measured in interleaved turns; ``ratio`` is the
    median per-turn ratio of ``failover_components.aws.component`` (what ``from
    failover_components.aws import Route53Failover`` loads: the package itself imports no SDK)
    to ``pulumi_aws.route53``."""
    times: dict[str, list[float]] = {m: [] for m in modules}
    for _ in range(repeat):
        for module in modules:
            times[module].append(_import_seconds(module))
    out = {m: statistics.median(t) for m, t in times.items()}
    out["ratio"] = statistics.median(
        ours / theirs
        for ours, theirs in zip(times[AWS_COMPONENT], times["pulumi_aws.route53"], strict=True)
    )
    return out


def plan_scaling(sizes: list[int]) -> list[dict[str, Any]]:
    """Wall time of the offline plan (``failover-components plan --json``) of a generated
    project with ``n`` Route 53 sets."""
    out: list[dict[str, Any]] = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            _child([str(WORKLOADS), "project", "aws", str(n), tmp])
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "failover_components.cli", "plan", tmp, "--json"],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=ROOT,
                env=_ENV,
            )
            wall = time.perf_counter() - started
        out.append({"n": n, "wall_s": wall, "per_set_ms": wall / n * 1000})
    return out


def table(results: dict[str, Any]) -> str:
    """The README table."""
    lines = [
        f"Measured {results['date']} on {results['machine']} (Python {results['python']}), "
        f"{results['repeat']} fresh processes per variant in interleaved turns, mock engine. "
        "Times are medians; a ratio is the median of the per-turn ratios, with their range.",
        "",
        "| workload | floor: time / peak RSS | library: time / peak RSS | time ratio (range) "
        "| memory ratio |",
        "|---|---|---|---|---|",
    ]
    for r in results["compare"]:
        lines.append(
            f"| {r['cloud']}, {r['n']} sets ({r['library']['resources']} vs {r['floor']['resources']} resources) "
            f"| {r['floor']['run_s']:.2f} s / {r['floor']['rss_mib']:.0f} MiB "
            f"| {r['library']['run_s']:.2f} s / {r['library']['rss_mib']:.0f} MiB "
            f"| **{r['time_ratio']:.2f}x** ({r['time_ratio_min']:.2f}-{r['time_ratio_max']:.2f}) "
            f"| **{r['memory_ratio']:.2f}x** |"
        )
    for r in results["compare"]:
        if "shell" in r:
            lines.append(
                f"| aws, {r['n']} sets, hand-written resources in a bare component "
                f"({r['shell']['resources']} resources) | | {r['shell']['run_s']:.2f} s / "
                f"{r['shell']['rss_mib']:.0f} MiB | {r['shell_time_ratio']:.2f}x | "
                f"{r['shell_memory_ratio']:.2f}x |"
            )
    big = max(results["compare"], key=lambda r: (r["cloud"] == "aws", r["n"]))
    live = next(
        (r["live_objects_per_set"] for r in results["compare"] if "live_objects_per_set" in r), None
    )
    lines += [
        "",
        *(
            [
                f"Objects each Route 53 set keeps alive after construction (counted, so the same "
                f"on every run): floor {live['floor']:.0f}, bare component {live['shell']:.0f}, "
                f"library {live['library']:.0f}.",
                "",
            ]
            if live
            else []
        ),
        f"Garbage collection at aws, {big['n']} sets: {big['floor']['gc_s']:.1f} s of the floor's "
        f"{big['floor']['run_s']:.1f} s ({big['floor']['full_collections']:.0f} full collections), "
        f"{big['library']['gc_s']:.1f} s of the library's {big['library']['run_s']:.1f} s "
        f"({big['library']['full_collections']:.0f}).",
    ]
    imp = results["imports"]
    lines += [
        "",
        "| import (fresh interpreter, start-up included) | median |",
        "|---|---|",
        f"| `import pulumi_aws.route53` | {imp['pulumi_aws.route53']:.3f} s |",
        # Results from before the lazy package __init__ measured `import failover_components.aws`.
        f"| `from failover_components.aws import Route53Failover` | "
        f"{imp.get(AWS_COMPONENT, imp.get('failover_components.aws', 0.0)):.3f} s "
        f"(**{imp['ratio']:.2f}x**) |",
        f"| `import failover_components` (no cloud SDK) | {imp['failover_components']:.3f} s |",
        f"| `import pulumi_cloudflare` (for scale) | {imp['pulumi_cloudflare']:.3f} s |",
        "",
        "| offline plan (`failover-components plan --json`), Route 53 sets | wall | per set |",
        "|---|---|---|",
    ]
    for p in results["plan"]:
        lines.append(f"| {p['n']} | {p['wall_s']:.1f} s | {p['per_set_ms']:.1f} ms |")
    return "\n".join(lines)


def write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    body = readme.read_text()
    start, end = body.index(START) + len(START), body.index(END)
    readme.write_text(body[:start] + "\n" + text + "\n" + body[end:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per measurement")
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke test)")
    parser.add_argument("--write-readme", action="store_true", help="update README.md's table")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results here")
    parser.add_argument(
        "--from-json", metavar="FILE", help="print (and write) the table of saved results"
    )
    args = parser.parse_args()
    if args.from_json:
        text = table(json.loads(Path(args.from_json).read_text()))
        print(text)
        if args.write_readme:
            write_readme(text)
        return

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "failover_components")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sizes = [10, 100] if args.quick else [10, 100, 1000]
    plan_sizes = [10, 30] if args.quick else [100, 300, 1000]
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "python": platform.python_version(),
        "repeat": args.repeat,
        "compare": [],
    }
    for n in sizes:
        print(f"aws n={n}...", file=sys.stderr)
        results["compare"].append(compare("aws", n, args.repeat))
    for cloud in ("azure", "cloudflare"):
        print(f"{cloud} n=100...", file=sys.stderr)
        results["compare"].append(compare(cloud, 10 if args.quick else 100, args.repeat))
    print("imports...", file=sys.stderr)
    imports = import_costs(
        [
            "pulumi_aws.route53",
            AWS_COMPONENT,
            "failover_components",
            "pulumi_cloudflare",
        ],
        max(7, args.repeat),
    )
    results["imports"] = imports
    print("offline plan scaling...", file=sys.stderr)
    results["plan"] = plan_scaling(plan_sizes)
    text = table(results)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True))
    if args.write_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
