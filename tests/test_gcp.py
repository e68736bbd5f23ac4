"""CloudDnsFailover under the mock engine: the exact children, their inputs and the outputs,
in normal and preview mode, for every shape Cloud DNS supports."""

import json
import subprocess
import sys
from typing import Any

import pulumi
import pytest
from gcp_support import (
    ALERT,
    CHANNEL,
    COMPONENT,
    HC,
    RECORD,
    ZONE,
    build,
    config_error,
    ep,
    make,
    two_tiers,
)

from failover_components.gcp import mocks as gcp_mocks
from failover_components.testing import UNKNOWN, Recording, run, unknown

HC_ID = "projects/mock-project/global/healthChecks/web-hc-"


def component_of(rec: Recording) -> Any:
    (component,) = rec.components()
    return component


def test_two_tiers_exact_children_and_inputs() -> None:
    rec = build(two_tiers())
    component = component_of(rec)
    assert component.type == COMPONENT
    assert {(r.type, r.name) for r in rec.children(component)} == {
        (ZONE, "web-zone"),
        (HC, "web-hc"),
        (RECORD, "web-record"),
    }
    assert len(rec.resources) == 4
    zone = rec.get(ZONE, "web-zone")
    assert zone.plain() == {
        "dnsName": "example.com.",
        "visibility": "public",
        "description": "failover-components web",
    }
    hc = rec.get(HC, "web-hc")
    assert hc.plain() == {
        "description": "failover-components web: app.example.com",
        "checkIntervalSec": 30,
        "timeoutSec": 5,
        "healthyThreshold": 2,
        "unhealthyThreshold": 2,
        "sourceRegions": ["us-east4", "europe-west1", "asia-southeast1"],
        "logConfig": {"enable": True},
        "httpsHealthCheck": {
            "port": 443,
            "portSpecification": "USE_FIXED_PORT",
            "requestPath": "/",
            "host": "app.example.com",
        },
    }
    record = rec.get(RECORD, "web-record")
    assert record.plain() == {
        "managedZone": zone.outputs["name"],
        "name": "app.example.com.",
        "type": "A",
        "ttl": 30,
        "routingPolicy": {
            "healthCheck": hc.id,
            "primaryBackup": {
                "primary": {"externalEndpoints": ["198.51.100.10"]},
                "backupGeos": [
                    {
                        "location": "us-east4",
                        "healthCheckedTargets": {"externalEndpoints": ["203.0.113.20"]},
                    }
                ],
                "trickleRatio": 0.0,
                "enableGeoFencingForBackups": False,
            },
        },
    }
    assert hc.id.startswith(HC_ID)
    assert record.delete_before_replace is True
    assert all(r.parent == component.urn for r in rec.children(component))
    assert rec.component_outputs[component.urn] == {
        "fqdn": "app.example.com",
        "worst_case_failover_seconds": 125,
        "acknowledged_policies": {},
    }


def test_outputs() -> None:
    seen: dict[str, Any] = {}

    def program() -> None:
        c = make("web", two_tiers())
        for key in (
            "fqdn",
            "managed_zone",
            "name_servers",
            "health_check_id",
            "worst_case_failover_seconds",
            "ds_record",
            "acknowledged_policies",
            "alert_policy_name",
            "deployer_roles",
        ):
            output: pulumi.Output[Any] = getattr(c, key)
            output.apply(lambda v, k=key: seen.__setitem__(k, v))

    rec = run(program)
    zone = rec.get(ZONE, "web-zone").outputs["name"]
    assert seen == {
        "fqdn": "app.example.com",
        "managed_zone": zone,
        "name_servers": gcp_mocks.name_servers(zone),
        "health_check_id": rec.get(HC, "web-hc").id,
        "worst_case_failover_seconds": 125,
        "ds_record": None,
        "acknowledged_policies": {},
        "alert_policy_name": None,
        "deployer_roles": ["roles/compute.loadBalancerAdmin", "roles/dns.admin"],
    }


def test_preview_leaves_computed_values_unknown() -> None:
    rec = build(two_tiers(), preview=True)
    record = rec.get(RECORD, "web-record")
    assert (
        record.inputs["managedZone"] is UNKNOWN
        or type(record.inputs["managedZone"]).__name__ == "Unknown"
    )
    policy = record.inputs["routingPolicy"]
    assert type(policy["healthCheck"]).__name__ == "Unknown"
    assert policy["primaryBackup"]["primary"] == {"externalEndpoints": ["198.51.100.10"]}
    assert rec.get(HC, "web-hc").plain()["sourceRegions"] == [
        "us-east4",
        "europe-west1",
        "asia-southeast1",
    ]
    assert rec.failover_sets[0].timing.worst_case_failover_seconds == 125


def test_multi_endpoint_tiers_keep_their_order() -> None:
    args = two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "198.51.100.10"), ep("b", "198.51.100.11")]},
            {"name": "backup", "endpoints": [ep("c", "203.0.113.20"), ep("d", "203.0.113.21")]},
        ]
    )
    policy = build(args).get(RECORD, "web-record").plain("routingPolicy")["primaryBackup"]
    assert policy["primary"] == {"externalEndpoints": ["198.51.100.10", "198.51.100.11"]}
    assert policy["backupGeos"] == [
        {
            "location": "us-east4",
            "healthCheckedTargets": {"externalEndpoints": ["203.0.113.20", "203.0.113.21"]},
        }
    ]


def test_ipv6_is_an_aaaa_record_set_with_compressed_addresses() -> None:
    args = two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "2001:DB8:0:0::10")]},
            {"name": "backup", "endpoints": [ep("b", "2001:db8::20")]},
        ]
    )
    record = build(args).get(RECORD, "web-record").plain()
    assert record["type"] == "AAAA"
    assert record["routingPolicy"]["primaryBackup"]["primary"] == {
        "externalEndpoints": ["2001:db8::10"]
    }


def test_tcp_check_has_only_a_port() -> None:
    rec = build(two_tiers(health_check={"protocol": "TCP", "port": 5432}))
    hc = rec.get(HC, "web-hc").plain()
    assert hc["tcpHealthCheck"] == {"port": 5432, "portSpecification": "USE_FIXED_PORT"}
    assert "httpsHealthCheck" not in hc
    assert "httpHealthCheck" not in hc


def test_string_match_becomes_the_response_prefix() -> None:
    args = two_tiers(
        health_check={
            "protocol": "HTTP",
            "path": "/healthz",
            "search_string": "OK",
            "interval_seconds": 60,
            "timeout_seconds": 10,
            "failure_threshold": 3,
            "regions": ["us-central1", "europe-west4", "asia-northeast1"],
        },
        healthy_threshold=4,
        ttl=60,
        backup_location="europe-west4",
    )
    rec = build(args)
    hc = rec.get(HC, "web-hc").plain()
    assert hc["httpHealthCheck"] == {
        "port": 80,
        "portSpecification": "USE_FIXED_PORT",
        "requestPath": "/healthz",
        "host": "app.example.com",
        "response": "OK",
    }
    assert (hc["checkIntervalSec"], hc["timeoutSec"], hc["unhealthyThreshold"]) == (60, 10, 3)
    assert hc["healthyThreshold"] == 4
    assert hc["sourceRegions"] == ["us-central1", "europe-west4", "asia-northeast1"]
    record = rec.get(RECORD, "web-record").plain()
    assert record["ttl"] == 60
    assert record["routingPolicy"]["primaryBackup"]["backupGeos"][0]["location"] == "europe-west4"
    # 60 + 2*60 + 10 + 60 (skew) + 60 (ttl)
    assert rec.failover_sets[0].timing.worst_case_failover_seconds == 310
    assert rec.failover_sets[0].tiers[0].timing.recovery_seconds == 4 * 60 + 60


@pytest.mark.parametrize(
    ("primary", "backup", "expected"),
    [
        (
            [ep("a", "198.51.100.10"), ep("b", "198.51.100.11", status="down")],
            [ep("c", "203.0.113.20")],
            {
                "primary": {"externalEndpoints": ["198.51.100.10"]},
                "backupGeos": [
                    {
                        "location": "us-east4",
                        "healthCheckedTargets": {"externalEndpoints": ["203.0.113.20"]},
                    }
                ],
                "trickleRatio": 0.0,
            },
        ),
        (
            [ep("a", "198.51.100.10", status="down"), ep("b", "198.51.100.11", status="down")],
            [ep("c", "203.0.113.20")],
            {
                "primary": {"externalEndpoints": ["198.51.100.10", "198.51.100.11"]},
                "backupGeos": [
                    {
                        "location": "us-east4",
                        "healthCheckedTargets": {"externalEndpoints": ["203.0.113.20"]},
                    }
                ],
                "trickleRatio": 1.0,
            },
        ),
        (
            [ep("a", "198.51.100.10")],
            [ep("c", "203.0.113.20"), ep("d", "203.0.113.21", status="up")],
            {
                "primary": {"externalEndpoints": ["198.51.100.10"]},
                "backupGeos": [
                    {
                        "location": "us-east4",
                        "healthCheckedTargets": {"externalEndpoints": ["203.0.113.20"]},
                        "rrdatas": ["203.0.113.21"],
                    }
                ],
                "trickleRatio": 0.0,
            },
        ),
        (
            [ep("a", "198.51.100.10")],
            [ep("d", "10.1.2.3", status="up"), ep("c", "203.0.113.20", status="down")],
            {
                "primary": {"externalEndpoints": ["198.51.100.10"]},
                "backupGeos": [{"location": "us-east4", "rrdatas": ["10.1.2.3"]}],
                "trickleRatio": 0.0,
            },
        ),
    ],
    ids=["primary-endpoint-down", "primary-drained", "backup-up-in-rrdatas", "backup-only-up"],
)
def test_status_maps_to_what_cloud_dns_offers(
    primary: list[dict[str, Any]], backup: list[dict[str, Any]], expected: dict[str, Any]
) -> None:
    args = two_tiers(
        pools=[{"name": "primary", "endpoints": primary}, {"name": "backup", "endpoints": backup}]
    )
    policy = build(args).get(RECORD, "web-record").plain("routingPolicy")["primaryBackup"]
    assert {k: v for k, v in policy.items() if k != "enableGeoFencingForBackups"} == expected


def test_explicit_trickle_ratio_keeps_the_backup_warm() -> None:
    policy = build(two_tiers(trickle_ratio=0.1)).get(RECORD, "web-record").plain("routingPolicy")
    assert policy["primaryBackup"]["trickleRatio"] == 0.1


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_dnssec_signs_the_created_zone_and_exports_the_ds_record(preview: bool) -> None:
    seen: dict[str, Any] = {}

    def program() -> None:
        c = make("web", two_tiers(dnssec=True))
        c.ds_record.apply(lambda v: seen.__setitem__("ds", v))

    rec = run(program, preview=preview)
    zone = rec.get(ZONE, "web-zone")
    assert zone.plain("dnssecConfig") == {"state": "on", "nonExistence": "nsec3"}
    if preview:
        assert "ds" not in seen  # unknown until the zone exists
        return
    name = zone.outputs["name"]
    assert seen["ds"] == gcp_mocks.ds_record(name)
    assert [(t, a["managedZone"]) for t, a in rec.invokes] == [("gcp:dns/getKeys:getKeys", name)]


def test_dnssec_on_a_given_zone_reads_its_keys() -> None:
    args = {k: v for k, v in two_tiers(dnssec=True).items() if k != "create_zone"}
    seen: dict[str, Any] = {}

    def program() -> None:
        c = make("web", {**args, "managed_zone": "example-com", "project": "my-project"})
        c.ds_record.apply(lambda v: seen.__setitem__("ds", v))

    rec = run(program)
    assert {r.type for r in rec.resources} == {COMPONENT, HC, RECORD}
    assert rec.invokes == [
        ("gcp:dns/getKeys:getKeys", {"managedZone": "example-com", "project": "my-project"})
    ]
    assert seen["ds"] == gcp_mocks.ds_record("example-com")
    record = rec.get(RECORD, "web-record").plain()
    assert (record["managedZone"], record["project"]) == ("example-com", "my-project")
    assert rec.get(HC, "web-hc").plain("project") == "my-project"


def test_alerts_notify_email_and_a_secret_webhook() -> None:
    args = two_tiers(
        alerts={
            "emails": ["ops@example.com", "oncall@example.com"],
            "webhook_url": "https://hooks.example.com/t0k3n",
        }
    )
    seen: dict[str, Any] = {}

    def program() -> None:
        c = make("web", args)
        c.alert_policy_name.apply(lambda v: seen.__setitem__("policy", v))
        c.deployer_roles.apply(lambda v: seen.__setitem__("roles", v))

    rec = run(program)
    component = component_of(rec)
    assert {(r.type, r.name) for r in rec.children(component)} == {
        (ZONE, "web-zone"),
        (HC, "web-hc"),
        (RECORD, "web-record"),
        (ALERT, "web-alerts"),
        (CHANNEL, "web-alerts-email-ops-example-com"),
        (CHANNEL, "web-alerts-email-oncall-example-com"),
        (CHANNEL, "web-alerts-webhook"),
    }
    email = rec.get(CHANNEL, "web-alerts-email-ops-example-com")
    assert email.plain() == {
        "type": "email",
        "displayName": "web failover: ops@example.com",
        "labels": {"email_address": "ops@example.com"},
    }
    webhook = rec.get(CHANNEL, "web-alerts-webhook")
    assert webhook.plain("type") == "webhook_tokenauth"
    assert webhook.plain("labels") == {"url": "https://hooks.example.com/t0k3n"}
    assert webhook.is_secret("labels")
    policy = rec.get(ALERT, "web-alerts")
    assert policy.plain() == {
        "displayName": "web: app.example.com failover health",
        "combiner": "OR",
        "conditions": [
            {
                "displayName": "an endpoint turned UNHEALTHY",
                "conditionMatchedLog": {
                    "filter": 'logName:"/logs/compute.googleapis.com%2Fhealthchecks" '
                    'AND jsonPayload.healthCheckProbeResult.healthState="UNHEALTHY"'
                },
            }
        ],
        "alertStrategy": {"notificationRateLimit": {"period": "300s"}, "autoClose": "1800s"},
        "notificationChannels": [
            rec.get(CHANNEL, "web-alerts-email-ops-example-com").id,
            rec.get(CHANNEL, "web-alerts-email-oncall-example-com").id,
            webhook.id,
        ],
        "documentation": {
            "content": "Cloud DNS health check of app.example.com saw an endpoint turn "
            "unhealthy: the record set may have failed over to the backup.",
            "mimeType": "text/markdown",
        },
        "severity": "WARNING",
    }
    assert seen["policy"] == policy.outputs["name"]
    assert seen["roles"] == [
        "roles/compute.loadBalancerAdmin",
        "roles/dns.admin",
        "roles/monitoring.alertPolicyEditor",
        "roles/monitoring.notificationChannelEditor",
    ]
    assert rec.get(HC, "web-hc").plain("logConfig") == {"enable": True}


def test_alerts_in_preview() -> None:
    rec = build(two_tiers(alerts={"emails": ["ops@example.com"]}), preview=True)
    channels = rec.get(ALERT, "web-alerts").inputs["notificationChannels"]
    assert [type(c).__name__ for c in channels] == ["Unknown"]


def test_webhook_output_is_checked_when_it_resolves() -> None:
    def program() -> None:
        url = pulumi.Output.from_input("http://hooks.example.com/t0k3n")
        make("web", two_tiers(alerts={"webhook_url": url}))

    assert config_error(program) == [
        "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in it, "
        "must travel encrypted, got 'http://hooks.example.com/<redacted>'; expected "
        "https://<host>/<path> (the value is a secret and is not shown)"
    ]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "10.0.0.7",
            "pools[1].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be "
            "reached by the cloud's public health checkers, got '10.0.0.7'; expected a public "
            "address, or status 'up' for an endpoint that is never probed",
        ),
        (
            "b.example.net",
            "pools[1].endpoints[0].address: a host name cannot be a A answer, got "
            "'b.example.net'; expected an IPv4 address",
        ),
    ],
    ids=["private", "hostname"],
)
def test_output_address_is_checked_when_it_resolves(address: str, expected: str) -> None:
    def program() -> None:
        value = pulumi.Output.from_input(address)
        args = two_tiers(
            record_type="A",
            pools=[
                {"name": "primary", "endpoints": [ep("a", "198.51.100.10")]},
                {"name": "backup", "endpoints": [ep("b", value)]},
            ],
        )
        make("web", args)

    assert config_error(program) == [expected]


def test_unknown_address_in_preview_is_planned_as_unknown() -> None:
    def program() -> None:
        args = two_tiers(
            record_type="A",
            pools=[
                {"name": "primary", "endpoints": [ep("a", "198.51.100.10")]},
                {"name": "backup", "endpoints": [ep("b", unknown())]},
            ],
        )
        make("web", args)

    rec = run(program, preview=True)
    targets = rec.get(RECORD, "web-record").inputs["routingPolicy"]["primaryBackup"]
    assert (
        type(targets["backupGeos"][0]["healthCheckedTargets"]["externalEndpoints"][0]).__name__
        == "Unknown"
    )
    assert rec.failover_sets[0].tiers[1].endpoints[0].address == "<known after deployment>"


def test_managed_zone_output_is_checked_when_it_resolves() -> None:
    def program() -> None:
        args = {k: v for k, v in two_tiers().items() if k != "create_zone"}
        make("web", {**args, "managed_zone": pulumi.Output.from_input("example.com")})

    (reason,) = config_error(program)
    assert reason.startswith("managed_zone: a DNS name; Cloud DNS names a managed zone")


def test_plan_summary_has_the_shape_of_the_other_clouds() -> None:
    rec = build(two_tiers(alerts={"emails": ["ops@example.com"]}))
    (summary,) = rec.failover_sets
    data = summary.to_json()
    assert (data["cloud"], data["type"], data["hostname"], data["ttl"]) == (
        "gcp",
        COMPONENT,
        "app.example.com",
        30,
    )
    assert [t["name"] for t in data["tiers"]] == ["primary", "backup"]
    assert data["tiers"][0]["health_check"] == {
        "type": "HTTPS",
        "port": 443,
        "check_interval_sec": 30,
        "timeout_sec": 5,
        "unhealthy_threshold": 2,
        "healthy_threshold": 2,
        "source_regions": ["us-east4", "europe-west1", "asia-southeast1"],
        "request_path": "/",
        "host": "app.example.com",
    }
    assert data["timing"]["worst_case_failover_seconds"] == 125
    assert data["facts"]["alerts"] == (
        "a Cloud Monitoring log-match alert policy notifies 1 e-mail channel(s)"
    )
    assert data["facts"]["trickle_ratio"] == 0.0


def test_child_names_are_pinned() -> None:
    """Renaming a child replaces it: these names are part of the public contract."""
    rec = build(
        two_tiers(alerts={"emails": ["Ops@Example.com"], "webhook_url": "https://h.example.com/x"})
    )
    assert sorted(r.name for r in rec.resources) == [
        "web",
        "web-alerts",
        "web-alerts-email-ops-example-com",
        "web-alerts-webhook",
        "web-hc",
        "web-record",
        "web-zone",
    ]


def test_swapping_the_tiers_keeps_every_child_name() -> None:
    args = two_tiers()
    swapped = two_tiers(pools=list(reversed(args["pools"])))
    assert {(r.type, r.name) for r in build(args).resources} == {
        (r.type, r.name) for r in build(swapped).resources
    }


def test_the_callers_options_are_kept() -> None:
    def program() -> None:
        make("web", two_tiers(), pulumi.ResourceOptions(protect=True))

    rec = run(program)
    assert component_of(rec).protect is True


def test_importing_and_constructing_raises_no_deprecation_warning() -> None:
    """pulumi_gcp.compute warns at import; a program run with -W error must still work."""
    code = (
        "from failover_components.testing import run\n"
        "from failover_components.gcp import CloudDnsFailover\n"
        "rec = run(lambda: CloudDnsFailover('web', {'hostname': 'a.example.com', "
        "'zone_name': 'example.com', 'create_zone': True, 'alerts': {'emails': ['o@example.com']}, "
        "'pools': [{'name': 'p', 'endpoints': [{'address': '198.51.100.1'}]}, "
        "{'name': 'b', 'endpoints': [{'address': '203.0.113.1'}]}]}))\n"
        "import json; print(json.dumps(len(rec.resources)))"
    )
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == 6


def test_project_output_is_checked_when_it_resolves() -> None:
    def program() -> None:
        make("web", two_tiers(project=pulumi.Output.from_input("My Project")))

    assert config_error(program) == [
        "project: not a Google Cloud project id, got 'My Project'; expected a project id: "
        "6-30 lowercase letters, digits and hyphens, e.g. 'my-project'"
    ]


def test_project_output_reaches_every_child() -> None:
    rec = run(lambda: make("web", two_tiers(project=pulumi.Output.from_input("my-project"))))
    assert {r.plain("project") for r in rec.resources if r.custom} == {"my-project"}


SHAPES: dict[str, dict[str, Any]] = {
    "two-tiers": two_tiers(),
    "multi-endpoint": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "198.51.100.10"), ep("b", "198.51.100.11")]},
            {"name": "backup", "endpoints": [ep("c", "203.0.113.20"), ep("d", "203.0.113.21")]},
        ]
    ),
    "ipv6": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "2001:db8::10")]},
            {"name": "backup", "endpoints": [ep("b", "2001:db8::20")]},
        ]
    ),
    "tcp": two_tiers(health_check={"protocol": "TCP", "port": 5432}),
    "string-match": two_tiers(health_check={"protocol": "HTTP", "search_string": "OK"}),
    "status": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "198.51.100.10", status="down")]},
            {"name": "backup", "endpoints": [ep("b", "203.0.113.20", status="up")]},
        ]
    ),
    "dnssec": two_tiers(dnssec=True),
    "alerts": two_tiers(
        alerts={"emails": ["ops@example.com"], "webhook_url": "https://h.example.com/x"}
    ),
}


@pytest.mark.parametrize("shape", list(SHAPES), ids=list(SHAPES))
def test_preview_declares_the_same_children_and_settings(shape: str) -> None:
    """A preview registers the same children with the same known inputs; only what another
    resource computes (the zone name, the health check id, channel ids) is unknown."""
    up, preview = build(SHAPES[shape]), build(SHAPES[shape], preview=True)
    assert {(r.type, r.name) for r in preview.resources} == {(r.type, r.name) for r in up.resources}
    assert preview.get(HC, "web-hc").plain() == up.get(HC, "web-hc").plain()
    record_up = up.get(RECORD, "web-record").plain()
    record_preview = preview.get(RECORD, "web-record").plain()
    for key in ("name", "type", "ttl"):
        assert record_preview[key] == record_up[key]
    assert (
        record_preview["routingPolicy"]["primaryBackup"]
        == record_up["routingPolicy"]["primaryBackup"]
    )
    assert type(record_preview["routingPolicy"]["healthCheck"]).__name__ == "Unknown"
    assert preview.failover_sets[0].to_json() == up.failover_sets[0].to_json()
