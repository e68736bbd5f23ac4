"""The benchmark compares like with like: the hand-written floor declares the same resources,
with the same inputs, as the components. Nothing here is timed (see benchmarks/)."""

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from failover_components import testing
from failover_components.testing import Recording

WORKLOADS = Path(__file__).resolve().parents[1] / "benchmarks" / "workloads.py"


def workloads() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_workloads", WORKLOADS)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def comparable(rec: Recording) -> dict[tuple[str, str], dict[str, Any]]:
    """Custom resources by (type, name) with their inputs and dependencies (by name: the
    URNs differ by the component in the parent chain)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for res in rec.resources:
        if not res.custom:
            continue
        inputs = {k: v for k, v in res.inputs.items() if k != "__defaults"}
        # What it waits for, by resource name (the URNs differ by the component parent).
        inputs["<depends on>"] = sorted(urn.rsplit("::", 1)[-1] for urn in res.dependencies)
        out[(res.type, res.name)] = inputs
    return out


@pytest.mark.parametrize("cloud", ["aws", "azure", "cloudflare"])
def test_floor_declares_what_the_components_declare(cloud: str) -> None:
    bench = workloads()
    library = testing.run(bench.library(cloud, 3))
    floor = testing.run(bench.floor(cloud, 3))
    ours, theirs = comparable(library), comparable(floor)
    assert sorted(t for t, _ in ours) == sorted(t for t, _ in theirs)
    assert len(ours) == len(theirs) > 0
    # Same inputs, resource by resource, matched by type and position of creation.
    by_type: dict[str, list[dict[str, Any]]] = {}
    for (typ, _), inputs in sorted(theirs.items()):
        by_type.setdefault(typ, []).append(inputs)
    for (typ, _), inputs in sorted(ours.items()):
        candidates = by_type[typ]
        assert inputs in candidates, f"{typ}: {inputs} has no twin in the floor"
        candidates.remove(inputs)
    assert len(library.components()) == 3
    assert floor.components() == []


def test_shell_adds_one_component_per_set_and_nothing_else() -> None:
    bench = workloads()
    shell = testing.run(bench.shell(3))
    floor = testing.run(bench.floor("aws", 3))
    assert comparable(shell) == comparable(floor)
    assert [c.type for c in shell.components()] == ["bench:index:Shell"] * 3
