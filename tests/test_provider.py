"""The multi-language component package: schema generated offline, and construct as another
language would call it (camelCase inputs through the provider)."""

from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from failover_components.provider import PACKAGE_NAME, component_provider, components, schema
from failover_components.testing import run
from failover_components.validation import typeddict_keys

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def package_schema() -> dict[str, Any]:
    return schema("1.2.3")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def test_package_identity(package_schema: dict[str, Any]) -> None:
    assert package_schema["name"] == PACKAGE_NAME == "failover-components"
    assert package_schema["version"] == "1.2.3"
    assert sorted(package_schema["resources"]) == [
        "failover-components:index:CloudDnsFailover",
        "failover-components:index:CloudflareFailover",
        "failover-components:index:Route53Failover",
        "failover-components:index:TrafficManagerFailover",
    ]


@pytest.mark.parametrize("component", components(), ids=lambda c: c.__name__)
def test_every_input_and_output_is_typed_and_documented(
    package_schema: dict[str, Any], component: type[pulumi.ComponentResource]
) -> None:
    resource = package_schema["resources"][f"{PACKAGE_NAME}:index:{component.__name__}"]
    assert resource["isComponent"] is True
    assert resource["description"] == (component.__doc__ or "").strip()
    args_type = component.__init__.__annotations__["args"]
    expected_inputs = {camel(k) for k in typeddict_keys(args_type)}
    assert set(resource["inputProperties"]) == expected_inputs
    for key, prop in resource["inputProperties"].items():
        assert prop.get("description"), f"input {key} has no description"
        assert "type" in prop or "$ref" in prop or "oneOf" in prop, key
    required = set(resource.get("requiredInputs", []))
    assert {"hostname", "zoneName", "pools"} <= required
    outputs = {
        camel(k)
        for k, v in component.__annotations__.items()
        if not k.startswith("_") and "Output" in str(v)
    }
    assert set(resource["properties"]) == outputs
    assert {"fqdn", "worstCaseFailoverSeconds"} <= outputs
    for key, prop in resource["properties"].items():
        assert prop.get("description"), f"output {key} has no description"
    assert resource["properties"]["worstCaseFailoverSeconds"]["type"] == "integer"


def test_shared_types_are_documented(package_schema: dict[str, Any]) -> None:
    types = package_schema["types"]
    for name in ("PoolArgs", "EndpointArgs", "HealthCheckArgs"):
        t = types[f"{PACKAGE_NAME}:index:{name}"]
        assert t["type"] == "object"
        assert t["properties"], name
        for key, prop in t["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description"
    protocol = types[f"{PACKAGE_NAME}:index:Protocol"]
    assert [e["value"] for e in protocol["enum"]] == ["HTTP", "HTTPS", "TCP"]
    pool = types[f"{PACKAGE_NAME}:index:PoolArgs"]["properties"]
    assert pool["endpoints"]["type"] == "array"
    assert pool["endpoints"]["items"]["$ref"].endswith("EndpointArgs")


def construct(resource: str, inputs: dict[str, Any]) -> dict[str, Any]:
    provider = component_provider()
    state: dict[str, Any] = {}

    def body() -> None:
        result = provider.construct("web", f"{PACKAGE_NAME}:index:{resource}", inputs, None)
        for key, value in result.state.items():
            pulumi.Output.from_input(value).apply(lambda v, k=key: state.__setitem__(k, v))

    rec = run(body)
    state["_types"] = sorted({r.type for r in rec.resources})
    return state


POOLS = [
    {"name": "primary", "minHealthy": 1, "endpoints": [{"address": "192.0.2.10", "name": "a"}]},
    {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
]


def test_construct_route53_from_camel_case_inputs() -> None:
    state = construct(
        "Route53Failover",
        {
            "hostname": "app.example.com",
            "zoneName": "example.com",
            "zoneId": "Z0123456789EXAMPLE",
            "healthCheck": {"protocol": "HTTPS", "intervalSeconds": 10, "failureThreshold": 2},
            "pools": POOLS,
            "maxFailoverSeconds": 600,
        },
    )
    assert state["fqdn"] == "app.example.com"
    assert state["zoneId"] == "Z0123456789EXAMPLE"
    assert isinstance(state["worstCaseFailoverSeconds"], (int, float))
    assert "aws:route53/healthCheck:HealthCheck" in state["_types"]


def test_construct_traffic_manager_from_camel_case_inputs() -> None:
    state = construct(
        "TrafficManagerFailover",
        {
            "hostname": "api.example.net",
            "zoneName": "example.net",
            "resourceGroupName": "rg-dns",
            "healthCheck": {"protocol": "HTTPS", "path": "/health"},
            "pools": POOLS,
        },
    )
    assert state["fqdn"] == "api.example.net"
    assert str(state["profileFqdn"]).endswith(".trafficmanager.net")
    assert "azure-native:trafficmanager:Profile" in state["_types"]


def test_construct_cloudflare_from_camel_case_inputs() -> None:
    state = construct(
        "CloudflareFailover",
        {
            "hostname": "shop.example.org",
            "zoneName": "example.org",
            "accountId": "0123456789abcdef0123456789abcdef",
            "zoneId": "fedcba9876543210fedcba9876543210",
            "healthCheck": {"regions": ["WEU", "ENAM"]},
            "pools": POOLS,
        },
    )
    assert state["fqdn"] == "shop.example.org"
    assert set(state["poolIds"]) == {"primary", "secondary"}
    assert "cloudflare:index/loadBalancer:LoadBalancer" in state["_types"]


def test_plugin_layout() -> None:
    plugin = yaml.safe_load((ROOT / "provider" / "PulumiPlugin.yaml").read_text())
    assert plugin["runtime"]["name"] == "python"
    assert (ROOT / "provider" / "__main__.py").read_text().count("main()") == 1
    # The plugin must not clash with the root Pulumi project.
    assert not (ROOT / "PulumiPlugin.yaml").exists()
    assert (ROOT / "Pulumi.yaml").exists()


def test_yaml_example_constructs_through_the_provider(package_schema: dict[str, Any]) -> None:
    """Every resource of examples/yaml is a package type, uses only its inputs (camelCase), has
    its required ones, and constructs through the provider as the YAML runtime would call it."""
    program = yaml.safe_load((ROOT / "examples" / "yaml" / "Pulumi.yaml").read_text())
    assert program["runtime"] == "yaml"
    assert program["packages"] == {PACKAGE_NAME: "../../provider"}
    for name, resource in program["resources"].items():
        token = resource["type"]
        schema_resource = package_schema["resources"][token]
        props = resource["properties"]
        assert set(props) <= set(schema_resource["inputProperties"]), name
        assert set(schema_resource["requiredInputs"]) <= set(props), name
        state = construct(token.rsplit(":", 1)[-1], props)
        assert state["fqdn"] == props["hostname"]
    for value in program["outputs"].values():
        resource, prop = value.strip("${}").split(".")
        token = program["resources"][resource]["type"]
        assert prop in package_schema["resources"][token]["properties"]
