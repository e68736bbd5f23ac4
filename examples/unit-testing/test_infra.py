"""How a team unit-tests its own failover program, offline, with the library's testing kit.

Run with `pytest examples/unit-testing` (no Pulumi CLI, no credentials).
"""

from pathlib import Path

import infra

from failover_components.simulate import resolve
from failover_components.testing import run, run_program

HC = "aws:route53/healthCheck:HealthCheck"
RECORD = "aws:route53/record:Record"


def test_each_endpoint_is_probed_over_https() -> None:
    rec = run(lambda: infra.build("prod"))
    checks = rec.by_type(HC)
    assert {c.inputs["ipAddress"] for c in checks} == {"192.0.2.10", "198.51.100.10"}
    assert {c.inputs["type"] for c in checks} == {"HTTPS"}
    assert {c.inputs["resourcePath"] for c in checks} == {"/healthz"}


def test_failover_budget_and_outputs() -> None:
    rec = run(lambda: infra.build("prod"))
    assert rec.outputs["fqdn"] == "prod.app.example.com"
    assert rec.outputs["worst_case_failover_seconds"] <= 180


def test_standby_answers_when_primary_is_down() -> None:
    rec = run(lambda: infra.build("prod"))
    assert resolve(rec, "prod.app.example.com").values == ("192.0.2.10",)
    assert resolve(rec, "prod.app.example.com", {"192.0.2.10"}).values == ("198.51.100.10",)


def test_whole_program_with_its_stack_config() -> None:
    rec = run_program(Path(__file__).parent, config={"env": "staging"})
    assert rec.outputs["fqdn"] == "staging.app.example.com"
    assert all(r.name.startswith("web-staging") for r in rec.resources)
