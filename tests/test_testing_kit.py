"""The testing kit: what it records, preview mode, duplicate names, exports, config, programs."""

import re
import textwrap
from pathlib import Path

import pulumi
import pulumi_aws as aws
import pytest
from pulumi_azure_native import trafficmanager

from failover_components.testing import (
    UNKNOWN,
    DuplicateResourceError,
    UnmockedInvokeError,
    load_project,
    run,
    run_program,
    unknown,
)


class Pair(pulumi.ComponentResource):
    """A tiny component: a zone, a health check and a record that uses both."""

    def __init__(self, name: str, address: pulumi.Input[str]) -> None:
        super().__init__("test:index:Pair", name, None, None)
        child = pulumi.ResourceOptions(parent=self)
        zone = aws.route53.Zone(f"{name}-zone", name="example.com", opts=child)
        hc = aws.route53.HealthCheck(
            f"{name}-hc",
            type="HTTPS",
            ip_address=address,
            port=443,
            request_interval=30,
            tags={"Name": pulumi.Output.secret("top secret")},
            opts=child,
        )
        aws.route53.Record(
            f"{name}-rec",
            zone_id=zone.zone_id,
            name="app.example.com",
            type="A",
            ttl=60,
            records=[address],
            set_identifier="primary",
            failover_routing_policies=[aws.route53.RecordFailoverRoutingPolicyArgs(type="PRIMARY")],
            health_check_id=hc.id,
            opts=child,
        )
        self.zone_id = zone.zone_id
        self.name_servers = zone.name_servers
        self.register_outputs({"zoneId": zone.zone_id})


def test_records_types_names_parents_inputs_and_dependencies() -> None:
    rec = run(lambda: Pair("web", "192.0.2.1"))
    assert rec.names() == {
        ("test:index:Pair", "web"),
        ("aws:route53/zone:Zone", "web-zone"),
        ("aws:route53/healthCheck:HealthCheck", "web-hc"),
        ("aws:route53/record:Record", "web-rec"),
    }
    comp = rec.get("test:index:Pair", "web")
    assert not comp.custom
    assert {r.name for r in rec.children(comp)} == {"web-zone", "web-hc", "web-rec"}
    record = rec.get("aws:route53/record:Record", "web-rec")
    zone = rec.get("aws:route53/zone:Zone", "web-zone")
    hc = rec.get("aws:route53/healthCheck:HealthCheck", "web-hc")
    assert record.parent == comp.urn
    assert record.inputs["zoneId"] == zone.outputs["zoneId"]
    assert record.inputs["healthCheckId"] == hc.id
    assert record.inputs["ttl"] == 60
    assert set(record.dependencies) == {zone.urn, hc.urn}
    assert set(record.property_dependencies["zoneId"]) == {zone.urn}
    assert rec.component_outputs[comp.urn] == {"zoneId": zone.outputs["zoneId"]}


def test_realistic_outputs() -> None:
    def body() -> None:
        p = Pair("web", "192.0.2.1")
        pulumi.export("ns", p.name_servers)
        profile = trafficmanager.Profile(
            "tm",
            resource_group_name="rg",
            traffic_routing_method="Priority",
            dns_config=trafficmanager.DnsConfigArgs(relative_name="web-1a2b3c", ttl=30),
        )
        pulumi.export("tm", profile.dns_config.apply(lambda d: d.fqdn if d else None))
        pulumi.export("tm_id", profile.id)

    rec = run(body)
    zone = rec.get("aws:route53/zone:Zone", "web-zone")
    assert re.fullmatch(r"Z[0-9A-F]{20}", zone.outputs["zoneId"])
    assert len(rec.outputs["ns"]) == 4
    assert all(".awsdns-" in ns for ns in rec.outputs["ns"])
    hc = rec.get("aws:route53/healthCheck:HealthCheck", "web-hc")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", hc.id)
    assert rec.outputs["tm"] == "web-1a2b3c.trafficmanager.net"
    assert rec.outputs["tm_id"].endswith("/providers/Microsoft.Network/trafficManagerProfiles/tm")


def test_runs_are_isolated() -> None:
    first = run(lambda: Pair("a", "192.0.2.1"))
    second = run(lambda: Pair("b", "192.0.2.2"))
    assert {r.name for r in first.resources} == {"a", "a-zone", "a-hc", "a-rec"}
    assert {r.name for r in second.resources} == {"b", "b-zone", "b-hc", "b-rec"}


def test_duplicate_names_are_rejected_like_the_engine() -> None:
    def body() -> None:
        Pair("same", "192.0.2.1")
        Pair("same", "192.0.2.2")

    with pytest.raises(DuplicateResourceError) as info:
        run(body)
    assert (
        "urn:pulumi:stack::project::test:index:Pair$aws:route53/zone:Zone::same-zone"
        in info.value.urns
    )
    assert len(info.value.urns) == 4


def test_preview_leaves_computed_outputs_unknown() -> None:
    def body() -> None:
        p = Pair("web", unknown())
        pulumi.export("zone", p.zone_id)
        pulumi.export("plain", "x")

    rec = run(body, preview=True)
    record = rec.get("aws:route53/record:Record", "web-rec")
    assert record.inputs["zoneId"] is UNKNOWN or type(record.inputs["zoneId"]).__name__ == "Unknown"
    assert type(record.inputs["records"][0]).__name__ == "Unknown"
    assert type(rec.outputs["zone"]).__name__ == "Unknown"
    assert rec.outputs["plain"] == "x"
    # The same program outside preview resolves everything.
    rec2 = run(body)
    assert rec2.outputs["zone"].startswith("Z")


def test_secrets_stay_wrapped_in_inputs_and_are_reported() -> None:
    def body() -> None:
        Pair("web", "192.0.2.1")
        pulumi.export("token", pulumi.Output.secret("s3cret"))

    rec = run(body)
    hc = rec.get("aws:route53/healthCheck:HealthCheck", "web-hc")
    assert hc.is_secret("tags")
    assert not hc.is_secret("ipAddress")
    assert "top secret" not in repr(hc.inputs["tags"].get("Name", ""))
    assert hc.plain("tags") == {"Name": "top secret"}
    assert rec.outputs["token"] == "s3cret"
    assert rec.secret_outputs == frozenset({"token"})


def test_config_is_passed_like_the_cli() -> None:
    seen: dict[str, object] = {}

    def body() -> None:
        cfg = pulumi.Config()
        seen["name"] = cfg.get("name")
        seen["sets"] = cfg.get_object("sets")
        seen["other"] = pulumi.Config("aws").get("region")

    run(body, project="proj", config={"name": "x", "sets": [{"a": 1}], "aws:region": "eu-west-1"})
    assert seen == {"name": "x", "sets": [{"a": 1}], "other": "eu-west-1"}


def test_invokes_are_answered_in_wire_case() -> None:
    def body() -> None:
        zone = aws.route53.get_zone_output(name="example.net.", private_zone=False)
        pulumi.export("id", zone.zone_id)
        pulumi.export("name", zone.name)

    rec = run(body)
    assert rec.outputs["id"].startswith("Z")
    assert rec.outputs["name"] == "example.net"
    assert rec.invokes == [
        ("aws:route53/getZone:getZone", {"name": "example.net.", "privateZone": False})
    ]


def test_unmocked_invoke_is_an_error_not_none() -> None:
    def body() -> None:
        aws.get_availability_zones_output().names.apply(lambda _: None)

    with pytest.raises(
        UnmockedInvokeError, match="aws:index/getAvailabilityZones:getAvailabilityZones"
    ):
        run(body)


def write_project(tmp: Path, *, stacks: dict[str, str], program: str) -> Path:
    (tmp / "Pulumi.yaml").write_text("name: kit-test\nruntime:\n  name: python\n")
    for stack, body in stacks.items():
        (tmp / f"Pulumi.{stack}.yaml").write_text(textwrap.dedent(body))
    (tmp / "__main__.py").write_text(textwrap.dedent(program))
    return tmp


def test_run_program_reads_project_stack_and_secrets(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        stacks={
            "dev": """
            config:
              kit-test:greeting: hello
              kit-test:token:
                secure: AAABAK8=
              aws:region: eu-west-1
            """
        },
        program="""
        import pulumi
        import helper
        cfg = pulumi.Config()
        pulumi.export("greeting", cfg.get("greeting") + helper.SUFFIX)
        pulumi.export("token", cfg.get("token"))
        pulumi.export("region", pulumi.Config("aws").get("region"))
        """,
    )
    (tmp_path / "helper.py").write_text("SUFFIX = '!'\n")
    project = load_project(tmp_path)
    assert (project.name, project.runtime, project.stack) == ("kit-test", "python", "dev")
    assert project.secret_keys == ("kit-test:token",)
    rec = run_program(tmp_path)
    assert rec.outputs == {"greeting": "hello!", "token": "[secret]", "region": "eu-west-1"}
    rec = run_program(tmp_path, config={"greeting": "hi"})
    assert rec.outputs["greeting"] == "hi!"


def test_run_program_needs_a_stack_choice_when_several(tmp_path: Path) -> None:
    write_project(tmp_path, stacks={"a": "config: {}\n", "b": "config: {}\n"}, program="")
    with pytest.raises(ValueError, match=r"several stacks \(a, b\); choose one with --stack"):
        load_project(tmp_path)
    assert load_project(tmp_path, "b").stack == "b"
    with pytest.raises(FileNotFoundError, match=r"no stack config Pulumi\.c\.yaml"):
        load_project(tmp_path, "c")


def test_load_project_rejects_other_runtimes(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: x\nruntime: nodejs\n")
    with pytest.raises(ValueError, match="runtime is 'nodejs'"):
        load_project(tmp_path)
