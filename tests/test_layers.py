"""The recorded-resource model is core, the mock-engine runner a face that produces it: what
reads a recording (resolvers, drills, change review, plan rendering) never loads the runner."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from failover_components import changes, recording, testing
from failover_components.aws import changes as route53_changes

PACKAGE = Path(__file__).resolve().parents[1] / "failover_components"

READERS = (
    "failover_components.recording",
    "failover_components.simulate",
    "failover_components.simulate.drill",
    "failover_components.simulate.route53",
    "failover_components.simulate.traffic_manager",
    "failover_components.simulate.cloudflare",
    "failover_components.gcp.resolver",
    "failover_components.gcp.changes",
    "failover_components.changes",
    "failover_components.diff",
)


@pytest.mark.parametrize("module", READERS)
def test_readers_of_a_recording_do_not_load_the_mock_engine_runner(module: str) -> None:
    probe = f"import sys, {module}; print(sorted(sys.modules).count('failover_components.testing'))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0"]


def test_the_recording_module_imports_no_mock_machinery() -> None:
    tree = ast.parse((PACKAGE / "recording.py").read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {
        "collections.abc",
        "dataclasses",
        "typing",
        "pulumi.runtime",
        "summary",
    }


def test_the_testing_kit_hands_out_the_core_model() -> None:
    assert testing.Recording is recording.Recording
    assert testing.RecordedResource is recording.RecordedResource


def test_a_wire_secret_is_told_from_a_plain_map() -> None:
    secret = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": 1}
    assert recording.is_wire_secret(secret)
    assert not recording.is_wire_secret({"value": 1})
    assert not recording.is_wire_secret(["4dabf18193072939515e22adb298388d"])
    rec = recording.RecordedResource(
        type="t",
        name="n",
        urn="u",
        parent="",
        custom=True,
        inputs={"a": secret, "b": [secret, 2], "c": 3},
        dependencies=(),
        property_dependencies={},
        provider="",
        id="",
        outputs={},
    )
    assert rec.plain() == {"a": 1, "b": [1, 2], "c": 3}
    assert [rec.is_secret(k) for k in ("a", "b", "c")] == [True, True, False]


def test_every_clouds_force_new_table_is_bound_to_the_engine() -> None:
    # The Route 53 entries live with the zone model; the facade's table holds them unchanged,
    # and plan_changes replaces on them (a changed zone id replaces the record).
    for type_, keys in route53_changes.FORCE_NEW.items():
        assert changes.FORCE_NEW[type_] == keys
    assert set(changes.FORCE_NEW) - set(route53_changes.FORCE_NEW) == {
        "azure-native:trafficmanager:Profile",
        "azure-native:trafficmanager:Endpoint",
        "azure-native:dns:RecordSet",
        "azure-native:dns:Zone",
        "gcp:dns/recordSet:RecordSet",
        "gcp:compute/healthCheck:HealthCheck",
        "gcp:dns/managedZone:ManagedZone",
    }
    # Cloud DNS's nested entry (routingPolicy.healthCheck) stays with its own zone model: the
    # engine compares top-level inputs.
    assert changes.FORCE_NEW["gcp:dns/recordSet:RecordSet"] == {"managedZone", "name", "project"}
    urn = "urn:pulumi:s::p::aws:route53/record:Record::r"

    def record(zone: str) -> changes.Resource:
        return changes.Resource(
            urn=urn,
            type=changes.RECORD,
            name="r",
            parent=None,
            custom=True,
            id=None,
            inputs={"zoneId": zone, "name": "a.example.com", "type": "A"},
            dependencies=(),
            property_dependencies={},
            aliases=(),
        )

    plan = changes.plan_changes([record("Z1")], [record("Z2")])
    assert [(c.action, c.replace_keys) for c in plan.changes] == [
        (changes.Action.REPLACE, ("zoneId",))
    ]
    assert plan.unmodelled_types == ()
