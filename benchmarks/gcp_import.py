"""Import cost of the Google Cloud DNS component against pulumi_gcp.dns alone.

Each statement runs in a fresh interpreter, the statements interleaved round by round so that
load from other processes spreads over all of them; reported: median wall and CPU (user +
system) milliseconds. ``python benchmarks/gcp_import.py [rounds]``.
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS = (
    "pass",
    "import pulumi",
    "import pulumi_gcp.dns",
    "from pulumi_gcp.dns import RecordSet, ManagedZone",
    "import failover_components",
    "import failover_components.gcp",
    "from failover_components.gcp import CloudDnsFailover",
    "from pulumi_gcp.compute import HealthCheck",
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(rounds: int) -> dict[str, tuple[float, float]]:
    """Statement -> (median wall ms, median CPU ms)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    wall: dict[str, list[float]] = {s: [] for s in STATEMENTS}
    cpu: dict[str, list[float]] = {s: [] for s in STATEMENTS}
    for statement in STATEMENTS:  # warm the page cache and the .pyc files
        subprocess.run([sys.executable, "-W", "ignore", "-c", statement], env=env, check=True)
    for _ in range(rounds):
        for statement in STATEMENTS:
            c0, t0 = _cpu(), time.perf_counter()
            subprocess.run([sys.executable, "-W", "ignore", "-c", statement], env=env, check=True)
            wall[statement].append((time.perf_counter() - t0) * 1000)
            cpu[statement].append((_cpu() - c0) * 1000)
    return {s: (statistics.median(wall[s]), statistics.median(cpu[s])) for s in STATEMENTS}


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    print(f"{'statement':55} {'wall ms':>8} {'cpu ms':>8}")
    for statement, (wall, cpu) in measure(rounds).items():
        print(f"{statement:55} {wall:8.0f} {cpu:8.0f}")


if __name__ == "__main__":
    main()
