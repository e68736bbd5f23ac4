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
        "rss_mib": statistics.median(r[2] for r in runs) / 1024,
        "resources": runs[0][0]["resources"],
    }


def _interleaved(argvs: list[list[str]], repeat: int) -> list[dict[str, float]]:
    """Each variant ``repeat`` times, in turns (A B A B ...), so drift in the machine's speed
    falls on every variant alike; the median of each."""
    runs: list[list[tuple[dict[str, Any], float, int]]] = [[] for _ in argvs]
    for _ in range(repeat):
        for i, argv in enumerate(argvs):
            runs[i].append(_child(argv))
    return [_summary(r) for r in runs]


def compare(cloud: str, n: int, repeat: int) -> dict[str, Any]:
    """Library vs hand-written floor for ``n`` two-tier sets on one cloud."""
    variants = ["floor", "library"] + (["shell"] if cloud == "aws" and n >= 1000 else [])
    measured = _interleaved([[str(WORKLOADS), v, cloud, str(n)] for v in variants], repeat)
    floor, lib = measured[0], measured[1]
    result: dict[str, Any] = {
        "cloud": cloud,
        "n": n,
        "library": lib,
        "floor": floor,
        "time_ratio": lib["run_s"] / floor["run_s"],
        "memory_ratio": lib["rss_mib"] / floor["rss_mib"],
    }
    if len(measured) == 3:
        # The hand-written resources inside a bare component: what any component costs.
        shell = measured[2]
        result["shell"] = shell
        result["shell_time_ratio"] = shell["run_s"] / floor["run_s"]
    return result


def import_cost(statement: str, repeat: int) -> float:
    """Median seconds for a fresh interpreter to run ``statement`` (interpreter start included)."""
    times: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, cwd=ROOT, env=_ENV)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


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
        f"median of {results['repeat']} fresh processes each, mock engine.",
        "",
        "| workload | floor: time / peak RSS | library: time / peak RSS | time ratio | memory ratio |",
        "|---|---|---|---|---|",
    ]
    for r in results["compare"]:
        lines.append(
            f"| {r['cloud']}, {r['n']} sets ({r['library']['resources']} vs {r['floor']['resources']} resources) "
            f"| {r['floor']['run_s']:.2f} s / {r['floor']['rss_mib']:.0f} MiB "
            f"| {r['library']['run_s']:.2f} s / {r['library']['rss_mib']:.0f} MiB "
            f"| **{r['time_ratio']:.2f}x** | **{r['memory_ratio']:.2f}x** |"
        )
    for r in results["compare"]:
        if "shell" in r:
            lines.append(
                f"| aws, {r['n']} sets, hand-written resources in a bare component "
                f"({r['shell']['resources']} resources) | | {r['shell']['run_s']:.2f} s / "
                f"{r['shell']['rss_mib']:.0f} MiB | {r['shell_time_ratio']:.2f}x | "
                f"{r['shell']['rss_mib'] / r['floor']['rss_mib']:.2f}x |"
            )
    imp = results["imports"]
    lines += [
        "",
        "| import (fresh interpreter, start-up included) | median |",
        "|---|---|",
        f"| `import pulumi_aws.route53` | {imp['pulumi_aws.route53']:.3f} s |",
        f"| `import failover_components.aws` | {imp['failover_components.aws']:.3f} s (**{imp['ratio']:.2f}x**) |",
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
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per measurement")
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke test)")
    parser.add_argument("--write-readme", action="store_true", help="update README.md's table")
    parser.add_argument("--json", metavar="FILE", help="also write the raw results here")
    args = parser.parse_args()

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
    repeat_imports = max(5, args.repeat)
    imports = {
        stmt: import_cost(f"import {stmt}", repeat_imports)
        for stmt in (
            "pulumi_aws.route53",
            "failover_components.aws",
            "failover_components",
            "pulumi_cloudflare",
        )
    }
    imports["ratio"] = imports["failover_components.aws"] / imports["pulumi_aws.route53"]
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
