"""Every refusal of CloudDnsFailover: what Cloud DNS cannot do is an error naming the field,
with the value received and what is allowed, all reasons at once, before anything is
registered."""

from typing import Any

import pytest
from gcp_support import config_error, ep, make, two_tiers

from failover_components import FailoverConfigError
from failover_components.gcp import check_args
from failover_components.testing import run

P = {"name": "primary", "endpoints": [ep("a", "198.51.100.10")]}
B = {"name": "backup", "endpoints": [ep("b", "203.0.113.20")]}
REFUSALS: dict[str, Any] = {
    "three-tiers": two_tiers(
        pools=[P, B, {"name": "edge", "endpoints": [ep("c", "203.0.113.30")]}]
    ),
    "hostname-endpoints": two_tiers(
        pools=[
            {"name": "primary", "endpoints": [ep("a", "a.example.net")]},
            {"name": "backup", "endpoints": [ep("b", "b.example.net")]},
        ]
    ),
    "cname-record-type": two_tiers(
        record_type="CNAME",
        pools=[
            {"name": "primary", "endpoints": [ep("a", "a.example.net")]},
            {"name": "backup", "endpoints": [ep("b", "b.example.net")]},
        ],
    ),
    "azure-resource-id": two_tiers(
        pools=[
            P,
            {
                "name": "backup",
                "endpoints": [
                    ep(
                        "b",
                        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/ip",
                    )
                ],
            },
        ],
        record_type="A",
    ),
    "min-healthy": two_tiers(
        pools=[
            {
                **P,
                "endpoints": [ep("a", "198.51.100.10"), ep("a2", "198.51.100.11")],
                "min_healthy": 2,
            },
            B,
        ]
    ),
    "expected-codes": two_tiers(health_check={"expected_codes": "200-299"}),
    "headers": two_tiers(health_check={"headers": {"X-Token": "s3cret"}}),
    "per-pool-check": two_tiers(pools=[{**P, "health_check": {"path": "/healthz"}}, B]),
    "private-address": two_tiers(
        pools=[{"name": "primary", "endpoints": [ep("a", "10.0.0.5")]}, B]
    ),
    "dnssec-two-checked": two_tiers(
        dnssec=True,
        pools=[{**P, "endpoints": [ep("a", "198.51.100.10"), ep("a2", "198.51.100.11")]}, B],
    ),
    "dnssec-mixed": two_tiers(
        dnssec=True,
        pools=[
            P,
            {
                "name": "backup",
                "endpoints": [ep("b", "203.0.113.20"), ep("u", "203.0.113.21", status="up")],
            },
        ],
    ),
    "interval-below-30": two_tiers(health_check={"interval_seconds": 10}),
    "two-regions": two_tiers(health_check={"regions": ["us-east4", "europe-west1"]}),
    "unknown-region": two_tiers(
        health_check={"regions": ["us-east4", "europe-west1", "mars-north1"]}
    ),
    "non-ascii-search": two_tiers(health_check={"search_string": "grün"}),
    "up-in-primary": two_tiers(
        pools=[{"name": "primary", "endpoints": [ep("a", "198.51.100.10", status="up")]}, B]
    ),
    "backup-all-down": two_tiers(
        pools=[P, {"name": "backup", "endpoints": [ep("b", "203.0.113.20", status="down")]}]
    ),
    "drained-trickle-conflict": two_tiers(
        trickle_ratio=0.5,
        pools=[{"name": "primary", "endpoints": [ep("a", "198.51.100.10", status="down")]}, B],
    ),
    "trickle-range": two_tiers(trickle_ratio=1.5),
    "trickle-type": two_tiers(trickle_ratio="0.1"),
    "trickle-bool": two_tiers(trickle_ratio=True),
    "healthy-threshold": two_tiers(healthy_threshold=0),
    "backup-location": two_tiers(backup_location="us-east-9"),
    "zone-both": two_tiers(managed_zone="example-com"),
    "zone-neither": {k: v for k, v in two_tiers().items() if k != "create_zone"},
    "zone-false": two_tiers(create_zone=False),
    "zone-dns-name": {
        **{k: v for k, v in two_tiers().items() if k != "create_zone"},
        "managed_zone": "example.com",
    },
    "create-zone-type": two_tiers(create_zone="yes"),
    "project": two_tiers(project="My Project"),
    "alerts-empty": two_tiers(alerts={}),
    "alerts-type": two_tiers(alerts=["ops@example.com"]),
    "alerts-http-webhook": two_tiers(alerts={"webhook_url": "http://hooks.example.com/t0k3n"}),
    "alerts-bad-email": two_tiers(
        alerts={"emails": ["not-an-email", "ops@example.com", "OPS@example.com"]}
    ),
    "alerts-unknown-key": two_tiers(alerts={"emails": ["ops@example.com"], "sns_topic_arn": "x"}),
    "budget": two_tiers(max_failover_seconds=60),
    "dnssec-type": two_tiers(dnssec="on"),
    "aws-key": two_tiers(zone_id="Z123"),
}

EXPECTED: dict[str, list[str]] = {
    "three-tiers": [
        "pools: 3 pools: Cloud DNS fails over from one primary set to one backup, which is a geolocation policy (its items are chosen by client location, not in order), got ['primary', 'backup', 'edge']; expected exactly 2 pools"
    ],
    "hostname-endpoints": [
        "pools[0].endpoints[0].address: Google Cloud DNS health-checks IP addresses only (external endpoints of an A or AAAA record set); a host name or CNAME target cannot be a failover target, got 'a.example.net'; expected an IPv4 or IPv6 address",
        "pools[1].endpoints[0].address: Google Cloud DNS health-checks IP addresses only (external endpoints of an A or AAAA record set); a host name or CNAME target cannot be a failover target, got 'b.example.net'; expected an IPv4 or IPv6 address",
    ],
    "cname-record-type": [
        "record_type: Google Cloud DNS health-checks A and AAAA record sets only, got 'CNAME'; expected 'A' or 'AAAA'",
        "pools[0].endpoints[0].address: Google Cloud DNS health-checks IP addresses only (external endpoints of an A or AAAA record set); a host name or CNAME target cannot be a failover target, got 'a.example.net'; expected an IPv4 or IPv6 address",
        "pools[1].endpoints[0].address: Google Cloud DNS health-checks IP addresses only (external endpoints of an A or AAAA record set); a host name or CNAME target cannot be a failover target, got 'b.example.net'; expected an IPv4 or IPv6 address",
    ],
    "azure-resource-id": [
        "pools[1].endpoints[0].address: Google Cloud DNS health-checks IP addresses only (external endpoints of an A or AAAA record set); a host name or CNAME target cannot be a failover target, got '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/ip'; expected an IPv4 or IPv6 address"
    ],
    "min-healthy": [
        "pools[0].min_healthy: Cloud DNS serves a pool while any of its targets is healthy, got 2; expected 1 (or no min_healthy)"
    ],
    "expected-codes": [
        "health_check.expected_codes: not available on Google Cloud DNS: a Compute health check passes on HTTP 200 only and takes no status list (https://cloud.google.com/load-balancing/docs/health-check-concepts), got '200-299'; expected no expected_codes (remove the key)"
    ],
    "headers": [
        "health_check.headers: not available on Google Cloud DNS: a Compute health check sends no custom request headers, only Host (https://cloud.google.com/compute/docs/reference/rest/v1/healthChecks), got ['X-Token']; expected no headers (remove the key)"
    ],
    "per-pool-check": [
        "pools[0].health_check: Cloud DNS takes one health check per record set, shared by both pools; expected the settings in the set's health_check only"
    ],
    "private-address": [
        "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be reached by the cloud's public health checkers, got '10.0.0.5'; expected a public address, or status 'up' for an endpoint that is never probed"
    ],
    "dnssec-two-checked": [
        "pools[0].endpoints: with dnssec, Cloud DNS allows one health-checked address per pool, and pool 'primary' has 2, got ['a', 'a2']; expected one health-checked endpoint per pool, or dnssec: false"
    ],
    "dnssec-mixed": [
        "pools[1].endpoints: with dnssec, Cloud DNS cannot mix health-checked and un-checked (status 'up') addresses in one pool, got ['b', 'u']; expected all endpoints of the pool health-checked, or all 'up'"
    ],
    "interval-below-30": [
        "health_check.interval_seconds: a health check with source regions probes every 30 s at the most often, got 10; expected 30 to 300"
    ],
    "two-regions": [
        "health_check.regions: a DNS health check probes from exactly 3 source regions, got ['us-east4', 'europe-west1']; expected exactly 3 Google Cloud regions, or leave it unset"
    ],
    "unknown-region": [
        "health_check.regions: not Google Cloud regions: mars-north1, got ['us-east4', 'europe-west1', 'mars-north1']; expected region names such as 'us-east4', 'europe-west1', 'asia-southeast1'"
    ],
    "non-ascii-search": [
        "health_check.search_string: Compute matches the response against ASCII text only, got 'grün'; expected printable ASCII text the response body starts with"
    ],
    "up-in-primary": [
        "pools[0].endpoints[0].status: the primary of a Cloud DNS failover policy takes health-checked targets only, so an endpoint that is never probed cannot be in it, got 'up'; expected 'obey' or 'down', or move the endpoint to the backup pool (whose rrdatas are never probed)"
    ],
    "backup-all-down": [
        "pools[1].endpoints: every backup endpoint has status 'down', and Cloud DNS needs a backup target; expected at least one backup endpoint with status 'obey' or 'up'"
    ],
    "drained-trickle-conflict": [
        "trickle_ratio: every primary endpoint has status 'down', which Cloud DNS expresses as trickle_ratio 1.0 (all traffic to the backup), got 0.5; expected 1.0 or no trickle_ratio"
    ],
    "trickle-range": [
        "trickle_ratio: out of range (the share of traffic sent to the backup), got 1.5; expected a number from 0 to 1"
    ],
    "trickle-type": ["trickle_ratio: not a number, got '0.1'; expected a number from 0 to 1"],
    "trickle-bool": ["trickle_ratio: not a number, got True; expected a number from 0 to 1"],
    "healthy-threshold": [
        "healthy_threshold: not a whole number from 1 to 10, got 0; expected 1 to 10 consecutive passing probes"
    ],
    "backup-location": [
        "backup_location: not a Google Cloud region, got 'us-east-9'; expected a region name such as 'us-east4' or 'europe-west1'"
    ],
    "zone-both": [
        "create_zone: conflicts with managed_zone: the zone is either adopted or created, got True; expected managed_zone to adopt an existing zone, or create_zone to make one, not both"
    ],
    "zone-neither": [
        "managed_zone: required: Cloud DNS needs the managed zone to put the record set in; expected the name of an existing public managed zone, or create_zone: true"
    ],
    "zone-false": [
        "create_zone: false, and no managed_zone is given: there is no zone for the record set, got False; expected create_zone: true, or managed_zone"
    ],
    "zone-dns-name": [
        "managed_zone: a DNS name; Cloud DNS names a managed zone separately from its DNS name, got 'example.com'; expected the managed zone's name (not its DNS name): 1-63 lowercase letters, digits and hyphens, starting with a letter, e.g. 'example-com'"
    ],
    "create-zone-type": ["create_zone: not a boolean, got 'yes'; expected true or false"],
    "project": [
        "project: not a Google Cloud project id, got 'My Project'; expected a project id: 6-30 lowercase letters, digits and hyphens, e.g. 'my-project'"
    ],
    "alerts-empty": ["alerts: no one to notify; expected at least one of emails or webhook_url"],
    "alerts-type": [
        "alerts: not a mapping, got ['ops@example.com']; expected a mapping with emails and/or webhook_url"
    ],
    "alerts-http-webhook": [
        "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in it, must travel encrypted, got 'http://hooks.example.com/<redacted>'; expected https://<host>/<path> (the value is a secret and is not shown)"
    ],
    "alerts-bad-email": [
        "alerts.emails[0]: not an email address, got 'not-an-email'; expected an address such as 'ops@example.com'",
        "alerts.emails[2]: duplicate address (also alerts.emails[1]), got 'OPS@example.com'",
    ],
    "alerts-unknown-key": [
        "alerts.sns_topic_arn: unknown key; expected one of emails, webhook_url"
    ],
    "budget": [
        "max_failover_seconds: worst-case failover (pool 'primary') is 125 s, over the budget (worst-case 125 s = interval 30 (the first failing probe comes up to interval_seconds 30 s after the outage) + threshold 30 ((failure_threshold 2 - 1) x interval_seconds 30) + timeout 5 (timeout_seconds 5 of the last failing probe) + checker skew 30 (2 of 3 source regions must agree; unsynchronised, up to one interval_seconds 30) + ttl 30 (ttl 30 s of the record set)), got 60; expected a budget of at least 125 s, or lower failure_threshold, ttl, timeout_seconds"
    ],
    "dnssec-type": ["dnssec: not a boolean, got 'on'; expected true or false"],
    "aws-key": [
        "zone_id: unknown key (did you mean 'zone_name'?); expected one of alerts, backup_location, create_zone, dnssec, health_check, healthy_threshold, hostname, managed_zone, max_failover_seconds, policy_acknowledgements, pools, project, record_type, trickle_ratio, ttl, zone_name"
    ],
}


@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_refusal_names_the_field(case: str) -> None:
    assert config_error(lambda: make("web", REFUSALS[case])) == EXPECTED[case]


@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_check_args_gives_the_same_reasons_without_registering(case: str) -> None:
    assert [str(r) for r in check_args(REFUSALS[case])] == EXPECTED[case]


def test_nothing_is_registered_before_the_error() -> None:
    seen: list[int] = []

    def program() -> None:
        try:
            make("web", REFUSALS["three-tiers"])
        except FailoverConfigError:
            seen.append(1)

    rec = run(program)
    assert seen == [1]
    assert rec.resources == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (None, ["<args>: not a mapping, got None; expected a mapping of keys to values"]),
        (
            "app.example.com",
            ["<args>: not a mapping, got 'app.example.com'; expected a mapping of keys to values"],
        ),
    ],
    ids=["none", "string"],
)
def test_odd_inputs_are_reasons_too(args: Any, expected: list[str]) -> None:
    assert [str(r) for r in check_args(args)] == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "Web",
            "name: the component name makes the Compute health check name 'Web-hc-0000000' (the "
            "last 7 characters are Pulumi's random suffix), which is not lowercase letters, "
            "digits and hyphens, starting with a letter, not ending with a hyphen (RFC 1035), "
            "got 'Web'; expected a component name that keeps it lowercase letters, digits and "
            "hyphens, starting with a letter, not ending with a hyphen (RFC 1035), at most 63 "
            "characters (https://cloud.google.com/compute/docs/reference/rest/v1/healthChecks)",
        ),
        (
            "w" * 54,
            "name: the component name makes the Compute health check name '"
            + "w" * 54
            + "-hc-0000000' (the last 7 characters are Pulumi's random suffix), which is 65 "
            "characters long, more than 63, got '"
            + "w"
            * 54
            + "'; expected a component name that keeps it lowercase letters, digits and "
            "hyphens, starting with a letter, not ending with a hyphen (RFC 1035), at most 63 "
            "characters (https://cloud.google.com/compute/docs/reference/rest/v1/healthChecks)",
        ),
    ],
    ids=["uppercase", "too-long"],
)
def test_component_name_must_make_valid_google_names(name: str, expected: str) -> None:
    reasons = config_error(lambda: make(name, two_tiers()))
    assert reasons[0] == expected
