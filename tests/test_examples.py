"""Every example runs under the testing kit; the CI pipelines say what they should."""

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from failover_components.cli import plan_document
from failover_components.testing import run_program

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PROJECTS = sorted(p.parent for p in EXAMPLES.glob("*/Pulumi.yaml") if p.parent.name != "yaml")


def test_every_example_is_a_project_with_a_readme() -> None:
    names = {p.name for p in PROJECTS}
    assert {"aws", "azure", "cloudflare", "multicloud", "config-driven", "unit-testing"} <= names
    for project in PROJECTS:
        assert (project / "__main__.py").is_file(), project
        assert (project / "README.md").is_file(), project


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_example_runs_and_plans(project: Path) -> None:
    rec = run_program(project)
    assert rec.failover_sets, "every example declares at least one failover set"
    assert rec.components()
    for component in rec.components():
        assert all(child.name.startswith(component.name) for child in rec.children(component))
    doc, code = plan_document(str(project), None)
    assert code == 0, doc["errors"] or doc.get("failure")
    assert len(doc["failover_sets"]) == len(rec.failover_sets)


def test_multicloud_example_mixes_an_alias_and_probed_ips() -> None:
    rec = run_program(EXAMPLES / "multicloud")
    (fset,) = rec.failover_sets
    assert [t.name for t in fset.tiers] == ["aws-eu", "azure-we"]
    checks = rec.by_type("aws:route53/healthCheck:HealthCheck")
    assert {c.inputs.get("ipAddress") for c in checks} == {"198.51.100.21", "198.51.100.22"}
    assert rec.outputs["worst_case_failover_seconds"] <= 240


def test_config_driven_example_declares_each_entry() -> None:
    rec = run_program(EXAMPLES / "config-driven")
    assert {c.name for c in rec.components()} == {"api", "shop"}
    assert set(rec.outputs["failovers"]) == {"api", "shop"}


def test_unit_testing_example_tests_pass() -> None:
    """Run the example's own tests the way pytest would, so they cannot rot."""
    folder = str(EXAMPLES / "unit-testing")
    sys.path.insert(0, folder)
    try:
        module: Any = importlib.import_module("test_infra")
        tests = [getattr(module, n) for n in dir(module) if n.startswith("test_")]
        assert len(tests) == 4
        for test in tests:
            test()
    finally:
        sys.path.remove(folder)
        for name in ("test_infra", "infra"):
            sys.modules.pop(name, None)


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / "ci" / name).read_text())
    return data


def test_github_actions_pipeline() -> None:
    text = (EXAMPLES / "ci" / "github-actions.yml").read_text()
    wf = load("github-actions.yml")
    jobs = wf["jobs"]
    assert set(jobs) == {"test-and-plan", "preview", "deploy"}
    steps = " ".join(str(s.get("run", "")) for s in jobs["test-and-plan"]["steps"])
    assert "make test" in steps
    assert "failover-components plan" in steps
    # The change is reviewed against the base branch with diff (exit 1 fails the job).
    assert "failover-components diff base-plan.json plan.json" in steps
    assert jobs["preview"]["permissions"]["id-token"] == "write"
    uses = [s.get("uses", "") for job in jobs.values() for s in job["steps"]]
    assert any(u.startswith("pulumi/actions@") for u in uses)
    assert any(u.startswith("aws-actions/configure-aws-credentials@") for u in uses)
    commands = [
        s["with"]["command"]
        for job in jobs.values()
        for s in job["steps"]
        if s.get("uses", "").startswith("pulumi/actions@")
    ]
    assert commands == ["preview", "up"]
    assert "AKIA" not in text
    assert "aws-secret-access-key" not in text


def test_gitlab_pipeline() -> None:
    text = (EXAMPLES / "ci" / "gitlab-ci.yml").read_text()
    ci = load("gitlab-ci.yml")
    assert ci["stages"] == ["test", "preview", "deploy"]
    assert "make test" in ci["test-and-plan"]["script"]
    assert "pulumi up" in " ".join(ci["deploy"]["script"])
    assert "AWS_ID_TOKEN" in ci[".pulumi"]["id_tokens"]
    assert "AKIA" not in text
