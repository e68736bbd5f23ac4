"""The config-driven program: one component per config entry, every error with its config path."""

from typing import Any

import pytest

from failover_components import FailoverConfigError
from failover_components.program import declare, main
from failover_components.testing import run

AWS = {
    "name": "web",
    "cloud": "aws",
    "hostname": "www.example.com",
    "zone_name": "example.com",
    "zone_id": "Z0123456789EXAMPLE",
    "pools": [
        {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
        {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
    ],
}
AZURE = {
    "name": "api",
    "cloud": "azure",
    "hostname": "api.example.net",
    "zone_name": "example.net",
    "resource_group_name": "rg-dns",
    "pools": [
        {"name": "weu", "endpoints": [{"address": "198.51.100.40"}]},
        {"name": "neu", "endpoints": [{"address": "198.51.100.41"}]},
    ],
}
CLOUDFLARE = {
    "name": "shop",
    "cloud": "cloudflare",
    "hostname": "shop.example.org",
    "zone_name": "example.org",
    "account_id": "0123456789abcdef0123456789abcdef",
    "zone_id": "fedcba9876543210fedcba9876543210",
    "health_check": {"regions": ["WEU", "ENAM"]},
    "pools": [
        {"name": "primary", "endpoints": [{"address": "203.0.113.20"}]},
        {"name": "dr", "endpoints": [{"address": "198.51.100.60"}]},
    ],
}


def test_one_component_per_entry_and_exports() -> None:
    rec = run(main, project="failover-sets", config={"failovers": [AWS, AZURE, CLOUDFLARE]})
    assert {(c.type, c.name) for c in rec.components()} == {
        ("failover-components:index:Route53Failover", "web"),
        ("failover-components:index:TrafficManagerFailover", "api"),
        ("failover-components:index:CloudflareFailover", "shop"),
    }
    exports = rec.outputs["failovers"]
    assert set(exports) == {"web", "api", "shop"}
    assert exports["web"]["fqdn"] == "www.example.com"
    assert exports["api"]["fqdn"] == "api.example.net"
    assert exports["shop"]["fqdn"] == "shop.example.org"
    assert all(isinstance(e["worst_case_failover_seconds"], (int, float)) for e in exports.values())
    assert [s.component for s in rec.failover_sets] == ["web", "api", "shop"]


def test_an_explicit_empty_list_declares_nothing() -> None:
    rec = run(main, project="failover-sets", config={"failovers": []})
    assert rec.resources == []
    assert rec.outputs == {"failovers": {}}


def bad(entries: Any) -> list[str]:
    """The reasons ``declare`` gives, after checking it registered nothing at all."""
    caught: list[FailoverConfigError] = []

    def body() -> None:
        try:
            declare(entries)
        except FailoverConfigError as exc:
            caught.append(exc)

    rec = run(body)
    assert rec.resources == []
    assert len(caught) == 1
    return [str(r) for r in caught[0].reasons]


def test_every_problem_of_every_entry_with_its_config_path() -> None:
    broken_aws = {
        **AWS,
        "pools": [AWS["pools"][0], {"name": "secondary", "endpoints": [{"address": "10.0.0.300"}]}],
    }
    broken_azure = {**AZURE, "health_check": {"search_string": "ok"}}
    reasons = bad([broken_aws, broken_azure, {**CLOUDFLARE, "name": "web"}])
    assert reasons[0] == (
        "failovers[0].pools[1].endpoints[0].address: not an IPv4 address, got '10.0.0.300'; "
        "expected an IPv4 or IPv6 address or a host name"
    )
    assert reasons[1].startswith("failovers[1].health_check.search_string: ")
    assert reasons[2] == "failovers[2].name: duplicate name (also failovers[0]), got 'web'"
    assert len(reasons) == 3


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ("nope", ["failovers: not a list, got 'nope'; expected a list of failover sets"]),
        (
            [{**AWS, "cloud": "oracle"}],
            [
                "failovers[0].cloud: unknown or missing cloud, got 'oracle'; expected one of aws, azure, cloudflare, gcp"
            ],
        ),
        (
            [{k: v for k, v in AWS.items() if k != "name"}],
            [
                "failovers[0].name: required; expected 1-40 lowercase letters, digits and inner hyphens (it names the component)"
            ],
        ),
        (
            [42],
            [
                "failovers[0]: not a mapping, got 42; expected a failover set with cloud, name and args"
            ],
        ),
    ],
    ids=["not-a-list", "unknown-cloud", "missing-name", "not-a-mapping"],
)
def test_entry_shape_errors(entries: Any, expected: list[str]) -> None:
    assert bad(entries) == expected


def test_error_message_names_the_config_key() -> None:
    with pytest.raises(FailoverConfigError) as info:
        run(lambda: declare([{**AWS, "cloud": "oracle"}]))
    assert str(info.value).startswith(
        "invalid failover configuration for stack config 'failovers' (1 problem):"
    )
