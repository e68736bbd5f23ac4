"""Cloud DNS where the other clouds are: the config program (``cloud: gcp``), the example,
the plan and drill commands, the timing model, the registry and the schema."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pulumi
import pytest

from failover_components import FailoverConfigError
from failover_components.cli import plan_document
from failover_components.clouds import CLOUDS, cloud_of_type, for_invoke, for_resource_type
from failover_components.gcp import mocks as gcp_mocks
from failover_components.program import declare
from failover_components.provider import schema
from failover_components.testing import FailoverMocks, UnmockedInvokeError, run, run_program
from failover_components.timing import cloud_dns_timing

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "gcp"

GCP_ENTRY: dict[str, Any] = {
    "name": "api",
    "cloud": "gcp",
    "hostname": "api.example.com",
    "zone_name": "example.com",
    "managed_zone": "example-com",
    "pools": [
        {"name": "primary", "endpoints": [{"address": "198.51.100.10"}]},
        {"name": "backup", "endpoints": [{"address": "203.0.113.20"}]},
    ],
}


def test_config_program_declares_a_gcp_set() -> None:
    rec = run(lambda: declare([GCP_ENTRY]))
    (component,) = rec.components()
    assert (component.type, component.name) == (
        "failover-components:index:CloudDnsFailover",
        "api",
    )
    assert rec.failover_sets[0].cloud == "gcp"


def test_config_program_reports_gcp_reasons_with_the_config_path() -> None:
    entry = {**GCP_ENTRY, "health_check": {"interval_seconds": 10}}
    with pytest.raises(FailoverConfigError) as info:
        run(lambda: declare([entry]))
    assert [str(r) for r in info.value.reasons] == [
        "failovers[0].health_check.interval_seconds: a health check with source regions probes "
        "every 30 s at the most often, got 10; expected 30 to 300"
    ]


def test_example_runs_plans_and_drills() -> None:
    rec = run_program(EXAMPLE)
    assert rec.outputs["worst_case_failover_seconds"] == 125
    doc, code = plan_document(str(EXAMPLE), None)
    assert code == 0, doc
    (fset,) = doc["failover_sets"]
    assert (fset["cloud"], [t["name"] for t in fset["tiers"]]) == ("gcp", ["primary", "backup"])
    out = subprocess.run(
        [sys.executable, "-m", "failover_components.cli", "drill", str(EXAMPLE), "--all", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    text = json.dumps(data)
    assert '"cloud": "gcp"' in text
    assert '"ok": true' in text


def test_timing_terms_add_up_and_name_their_sources() -> None:
    timing = cloud_dns_timing(
        interval_seconds=30,
        failure_threshold=3,
        healthy_threshold=2,
        timeout_seconds=10,
        ttl_seconds=60,
    )
    assert [(t.name, t.seconds) for t in timing.terms] == [
        ("interval", 30),
        ("threshold", 60),
        ("timeout", 10),
        ("checker skew", 30),
        ("ttl", 60),
    ]
    assert timing.worst_case_failover_seconds == sum(t.seconds for t in timing.terms) == 190
    assert timing.detection_seconds == 130
    assert timing.best_detection_seconds == 60
    assert timing.recovery_seconds == 2 * 30 + 60
    assert all(t.source.startswith("https://cloud.google.com/") for t in timing.terms)
    # At the 30 s floor the interval terms cannot be lowered by any setting.
    assert [t.fixed for t in timing.terms] == [True, False, False, True, False]
    slower = cloud_dns_timing(
        interval_seconds=60,
        failure_threshold=2,
        healthy_threshold=2,
        timeout_seconds=5,
        ttl_seconds=30,
    )
    assert slower.terms[0].fixed is False


def test_registry_lists_each_cloud_once_and_finds_gcp() -> None:
    assert list(CLOUDS) == ["aws", "azure", "cloudflare", "gcp"]
    gcp = CLOUDS["gcp"]
    assert gcp.type_token == "failover-components:index:CloudDnsFailover"
    assert cloud_of_type(gcp.type_token) is gcp
    assert for_resource_type("gcp:dns/recordSet:RecordSet") is gcp
    assert for_invoke("gcp:dns/getKeys:getKeys") is gcp
    assert for_resource_type("kubernetes:core/v1:Pod") is None
    assert gcp.args_type().__name__ == "CloudDnsFailoverArgs"
    assert {c.component_class().__name__ for c in CLOUDS.values()} == {
        "Route53Failover",
        "TrafficManagerFailover",
        "CloudflareFailover",
        "CloudDnsFailover",
    }


def test_schema_documents_every_gcp_input_and_output() -> None:
    resource = schema("1.0.0")["resources"]["failover-components:index:CloudDnsFailover"]
    assert {
        "managedZone",
        "createZone",
        "project",
        "backupLocation",
        "trickleRatio",
        "healthyThreshold",
        "dnssec",
        "alerts",
    } <= set(resource["inputProperties"])
    assert set(resource["properties"]) == {
        "fqdn",
        "managedZone",
        "nameServers",
        "healthCheckId",
        "worstCaseFailoverSeconds",
        "dsRecord",
        "acknowledgedPolicies",
        "alertPolicyName",
        "deployerRoles",
    }
    assert all(p.get("description") for p in resource["inputProperties"].values())


def test_testing_kit_answers_gcp_resources_and_invokes_through_the_registry() -> None:
    mocks = FailoverMocks()
    hc_id, hc = mocks.outputs_for(
        "gcp:compute/healthCheck:HealthCheck", "web-hc", {"tcpHealthCheck": {"port": 5432}}
    )
    assert hc_id == f"projects/mock-project/global/healthChecks/{hc['name']}"
    assert hc["name"].startswith("web-hc-")
    assert hc["selfLink"] == f"https://www.googleapis.com/compute/v1/{hc_id}"
    assert hc["type"] == "TCP"
    zone_id, zone = mocks.outputs_for(
        "gcp:dns/managedZone:ManagedZone",
        "web-zone",
        {"name": "example-com", "project": "p-123456"},
    )
    assert zone_id == "projects/p-123456/managedZones/example-com"
    assert zone["nameServers"] == gcp_mocks.name_servers("example-com")
    assert all(n.endswith(".googledomains.com.") for n in zone["nameServers"])
    keys, _ = mocks.call(
        pulumi.runtime.MockCallArgs("gcp:dns/getKeys:getKeys", {"managedZone": "example-com"}, "")
    )
    assert keys["keySigningKeys"][0]["dsRecord"] == gcp_mocks.ds_record("example-com")
    # A Google Cloud resource the package does not create gets the kit's generic answer...
    assert mocks.outputs_for("gcp:storage/bucket:Bucket", "b", {}) == ("b-id", {})
    # ...and an invoke nobody answers is an error, never a guess.
    with pytest.raises(UnmockedInvokeError):
        mocks.call(pulumi.runtime.MockCallArgs("gcp:dns/getManagedZone:getManagedZone", {}, ""))
