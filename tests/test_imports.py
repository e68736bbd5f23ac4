"""Each module imports only the cloud SDK it needs: checked in a fresh interpreter each time."""

import json
import subprocess
import sys

import pytest

NONE: set[str] = set()
SDKS = (
    "pulumi_aws",
    "pulumi_azure_native",
    "pulumi_cloudflare",
    "pulumi_gcp",
    "pulumi_policy",
    "matplotlib",
)


def sdks_after(statement: str) -> set[str]:
    code = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(SDKS)!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    names: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return set(names)


@pytest.mark.parametrize(
    ("statement", "allowed"),
    [
        ("import failover_components", NONE),
        ("import failover_components.testing", NONE),
        ("import failover_components.program", NONE),
        ("import failover_components.cli", NONE),
        ("import failover_components.simulate.drill", NONE),
        ("import failover_components.aws", NONE),
        ("from failover_components.aws import Route53Failover", {"pulumi_aws"}),
        (
            "import failover_components.aws.constants, failover_components.aws.settings, "
            "failover_components.aws.rules, failover_components.aws.layout, "
            "failover_components.aws.resolver, failover_components.aws.mocks, "
            "failover_components.aws.iam, failover_components.simulate.route53",
            NONE,
        ),
        ("import failover_components.azure", NONE),
        ("from failover_components.azure import TrafficManagerFailover", {"pulumi_azure_native"}),
        ("import failover_components.cloudflare", NONE),
        ("from failover_components.cloudflare import CloudflareFailover", {"pulumi_cloudflare"}),
        (
            "import failover_components.cloudflare.constants, failover_components.cloudflare."
            "settings, failover_components.cloudflare.rules, failover_components.cloudflare."
            "layout, failover_components.cloudflare.resolver, failover_components.cloudflare."
            "iam, failover_components.cloudflare.mocks",
            NONE,
        ),
        ("import failover_components.gcp", NONE),
        ("from failover_components.gcp import CloudDnsFailover", {"pulumi_gcp"}),
        ("import failover_components.clouds", NONE),
        ("import failover_components.policy", NONE),
        ("import failover_components.simulate", NONE),
    ],
    ids=[
        "package",
        "testing",
        "program",
        "cli",
        "drill",
        "aws",
        "aws-component",
        "aws-pure-modules",
        "azure",
        "azure-component",
        "cloudflare",
        "cloudflare-component",
        "cloudflare-pure-modules",
        "gcp",
        "gcp-component",
        "registry",
        "policy",
        "simulate",
    ],
)
def test_only_its_own_sdk(statement: str, allowed: set[str]) -> None:
    assert sdks_after(statement) == allowed


def test_importing_the_aws_module_leaves_the_route53_classes_lazy() -> None:
    """pulumi_aws.route53's __init__ star-imports every class module once any attribute is
    touched (~50 ms); the component touches them only when it is constructed."""
    code = (
        "import json, sys\nfrom failover_components.aws import Route53Failover\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('pulumi_aws.route53.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == []


def _loaded(statement: str, prefix: str) -> list[str]:
    code = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefix!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return loaded


GCP_SET = (
    "{'hostname': 'a.example.com', 'zone_name': 'example.com', 'create_zone': True, "
    "'pools': [{'name': 'p', 'endpoints': [{'address': '198.51.100.1'}]}, "
    "{'name': 'b', 'endpoints': [{'address': '203.0.113.1'}]}]}"
)


def test_gcp_component_loads_compute_only_when_constructed_and_monitoring_only_for_alerts() -> None:
    """pulumi_gcp.compute costs over a second to import (its __init__ loads every class):
    the class import touches only pulumi_gcp.dns (a lazy module until used); a construction
    loads compute; only alerts load monitoring."""
    compute, monitoring = "pulumi_gcp.compute.health_check", "pulumi_gcp.monitoring.alert_policy"
    imported = _loaded("from failover_components.gcp import CloudDnsFailover", "pulumi_gcp.")
    assert "pulumi_gcp.dns" in imported
    assert compute not in imported
    assert monitoring not in imported
    run = (
        "from failover_components.testing import run\n"
        "from failover_components.gcp import CloudDnsFailover\n"
        f"run(lambda: CloudDnsFailover('web', {GCP_SET}))"
    )
    constructed = _loaded(run, "pulumi_gcp.")
    assert "pulumi_gcp.dns.record_set" in constructed
    assert compute in constructed
    assert monitoring not in constructed
    with_alerts = run.replace(
        "'create_zone': True,", "'create_zone': True, 'alerts': {'emails': ['o@example.com']},"
    )
    assert monitoring in _loaded(with_alerts, "pulumi_gcp.")


@pytest.mark.parametrize(
    "module",
    ["args", "constants", "settings", "rules", "layout", "resolver", "iam", "mocks"],
)
def test_the_pure_azure_modules_import_no_sdk(module: str) -> None:
    """Only ``failover_components.azure.component``, ``alerts`` and ``dnssec`` import
    pulumi_azure_native."""
    assert sdks_after(f"import failover_components.azure.{module}") == NONE


@pytest.mark.parametrize("module", ["alerts", "dnssec"])
def test_azure_alerts_and_dnssec_import_their_sdk_when_called(module: str) -> None:
    assert sdks_after(f"import failover_components.azure.{module}") == NONE


AZURE_SET = (
    "{'hostname': 'a.example.com', 'zone_name': 'example.com', 'resource_group_name': 'rg', "
    "'pools': [{'name': 'p', 'endpoints': [{'address': '198.51.100.1'}]}, "
    "{'name': 'b', 'endpoints': [{'address': '203.0.113.1'}]}]}"
)


def test_azure_component_loads_monitor_only_for_alerts() -> None:
    """pulumi_azure_native.monitor is a lazy module: its resource classes load only when a
    component with ``alerts`` declares the action group and the metric alert."""
    alert = "pulumi_azure_native.monitor.metric_alert"
    run = (
        "from failover_components.testing import run\n"
        "from failover_components.azure import TrafficManagerFailover\n"
        f"run(lambda: TrafficManagerFailover('web', {AZURE_SET}))"
    )
    constructed = _loaded(run, "pulumi_azure_native.")
    assert "pulumi_azure_native.trafficmanager.profile" in constructed
    assert not [m for m in constructed if m.startswith("pulumi_azure_native.monitor.")]
    with_alerts = run.replace(
        "'resource_group_name': 'rg',",
        "'resource_group_name': 'rg', 'alerts': {'emails': ['o@example.com']},",
    )
    assert alert in _loaded(with_alerts, "pulumi_azure_native.")
