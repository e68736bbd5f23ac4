"""Every AWS bad-input row of pain.md §3, rejected with its exact reasons, nothing registered."""

from collections.abc import Callable
from typing import Any

import pytest
from aws_support import (
    ALB,
    ALB_ZONE,
    CF,
    CF_ZONE,
    ep,
    rejected,
    two_tiers,
)

from failover_components import FailoverSetArgs
from failover_components.aws import Route53FailoverArgs, check_args
from failover_components.validation import typeddict_keys

OWN_ZONE = "Z0123456789ABCDEFGHIJ"
REGIONS = (
    "us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, "
    "ap-northeast-1, sa-east-1"
)
ZONE_ID_RULE = "'Z' followed by 1 to 31 upper-case letters and digits, e.g. 'Z1D633PJN98FT9'"
# Every top-level key, written out so that a key added or dropped fails a test: the neutral
# ones (policy_acknowledgements included) and Route 53's own.
NEUTRAL_KEYS = frozenset(
    {
        "health_check",
        "hostname",
        "max_failover_seconds",
        "policy_acknowledgements",
        "pools",
        "record_type",
        "ttl",
        "zone_name",
    }
)
ROUTE53_KEYS = frozenset({"zone_id", "create_zone", "dnssec", "dnssec_kms_key_arn", "alerts"})
ALLOWED_KEYS = NEUTRAL_KEYS | ROUTE53_KEYS
LONG_HOST = f"{'a' * 63}.{'b' * 63}.{'c' * 63}.{'d' * 36}.example.com"


Mutation = Callable[[dict[str, Any]], None]


def hc(**keys: Any) -> Mutation:
    return lambda a: a.update(health_check=keys)


def pool0(**keys: Any) -> Mutation:
    return lambda a: a["pools"][0].update(keys)


def pools(*entries: dict[str, Any]) -> Mutation:
    return lambda a: a.update(pools=list(entries))


def top(**keys: Any) -> Mutation:
    return lambda a: a.update(keys)


def both(*mutations: Mutation) -> Mutation:
    def apply(a: dict[str, Any]) -> None:
        for m in mutations:
            m(a)

    return apply


def many(count: int, *, weighted: bool) -> list[dict[str, Any]]:
    addresses = [f"192.0.2.{i}" for i in range(1, 255)] + [f"198.51.100.{i}" for i in range(1, 255)]
    return [ep(f"e{i}", addresses[i], **({"weight": 2} if weighted else {})) for i in range(count)]


SECONDARY = {"name": "secondary", "endpoints": [ep("b", "203.0.113.10")]}

CASES: list[tuple[str, Mutation, list[str]]] = [
    # -- health-check parameters ----------------------------------------------------------
    (
        "interval-15",
        hc(interval_seconds=15),
        [
            "health_check.interval_seconds: not a Route 53 request interval, got 15; expected "
            "10 or 30 (fixed once the health check exists)"
        ],
    ),
    (
        "interval-60",
        hc(interval_seconds=60),
        [
            "health_check.interval_seconds: not a Route 53 request interval, got 60; expected "
            "10 or 30 (fixed once the health check exists)"
        ],
    ),
    (
        "interval-0",
        hc(interval_seconds=0),
        ["health_check.interval_seconds: out of range, got 0; expected at least 1"],
    ),
    (
        "pool-interval-20",
        lambda a: a["pools"][1].update(health_check={"interval_seconds": 20}),
        [
            "pools[1].health_check.interval_seconds: not a Route 53 request interval, got 20; "
            "expected 10 or 30 (fixed once the health check exists)"
        ],
    ),
    (
        "failure-threshold-0",
        hc(failure_threshold=0),
        ["health_check.failure_threshold: out of range, got 0; expected 1 to 10"],
    ),
    (
        "failure-threshold-11",
        hc(failure_threshold=11),
        ["health_check.failure_threshold: out of range, got 11; expected 1 to 10"],
    ),
    (
        "two-regions",
        hc(regions=["us-east-1", "eu-west-1"]),
        [
            "health_check.regions: Route 53 needs at least 3 checker regions, got "
            f"['us-east-1', 'eu-west-1']; expected at least 3 of {REGIONS}, or no regions (all 8)"
        ],
    ),
    (
        "not-a-checker-region",
        hc(regions=["us-east-1", "eu-west-1", "eu-west-2"]),
        [
            "health_check.regions: not Route 53 health-checker regions: eu-west-2, got "
            f"['us-east-1', 'eu-west-1', 'eu-west-2']; expected regions from {REGIONS}"
        ],
    ),
    (
        "search-string-tcp",
        hc(protocol="TCP", port=443, search_string="ok"),
        ["health_check.search_string: not allowed with a TCP health check, got 'ok'"],
    ),
    (
        "search-string-256",
        hc(search_string="x" * 256),
        ["health_check.search_string: is 256 characters long; expected 1 to 255"],
    ),
    (
        "path-without-slash",
        hc(path="healthz"),
        [
            "health_check.path: must start with '/', got 'healthz'; expected a path such as '/healthz'"
        ],
    ),
    (
        "path-256",
        hc(path="/" + "p" * 255),
        ["health_check.path: is 256 characters long; expected at most 255"],
    ),
    ("port-0", hc(port=0), ["health_check.port: out of range, got 0; expected 1 to 65535"]),
    (
        "port-65536",
        hc(port=65536),
        ["health_check.port: out of range, got 65536; expected 1 to 65535"],
    ),
    (
        "expected-codes",
        hc(expected_codes="200-299"),
        [
            "health_check.expected_codes: not available on Route 53: its HTTP and HTTPS "
            "checks pass on any 2xx or 3xx status (https://docs.aws.amazon.com/Route53/latest/"
            "DeveloperGuide/dns-failover-determining-health-of-endpoints.html), got '200-299'; "
            "expected no expected_codes "
            "(remove the key)"
        ],
    ),
    (
        "headers",
        hc(headers={"X-Health-Token": "s3cret"}),
        [
            "health_check.headers: not available on Route 53: it sends no request headers "
            "but Host (from host) (https://docs.aws.amazon.com/Route53/latest/APIReference/"
            "API_HealthCheckConfig.html), got ['X-Health-Token']; expected no headers; allow-list Route "
            "53's checker IP ranges (ROUTE53_HEALTHCHECKS in ip-ranges.json) instead of a "
            "shared-secret header"
        ],
    ),
    (
        "timeout",
        hc(timeout_seconds=5),
        [
            "health_check.timeout_seconds: not available on Route 53: its probe timeouts are "
            "fixed (4 s to connect and 2 s to the status; 10 s for TCP) (https://docs.aws."
            "amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-"
            "endpoints.html), got 5; expected no "
            "timeout_seconds (remove the key)"
        ],
    ),
    (
        "host-with-host-name-endpoints",
        both(
            hc(host="origin.example.com"),
            pools(
                {"name": "primary", "endpoints": [ep("x", "x.example.net")]},
                {"name": "secondary", "endpoints": [ep("y", "y.example.net")]},
            ),
        ),
        [
            "health_check.host: Route 53 probes the host-name endpoint 'x.example.net' by that "
            "name and sends it as the Host header and SNI name, so a different host cannot be "
            "honoured, got 'origin.example.com'; expected no host for this pool, or "
            "'x.example.net'",
            "health_check.host: Route 53 probes the host-name endpoint 'y.example.net' by that "
            "name and sends it as the Host header and SNI name, so a different host cannot be "
            "honoured, got 'origin.example.com'; expected no host for this pool, or "
            "'y.example.net'",
        ],
    ),
    # -- alias endpoints ------------------------------------------------------------------
    (
        "cloudfront-evaluate-target-health",
        pool0(endpoints=[ep("cdn", CF, alias_zone_id=CF_ZONE, evaluate_target_health=True)]),
        [
            "pools[0].endpoints[0].evaluate_target_health: AWS does not allow "
            "evaluate_target_health on a CloudFront alias, got True; expected false or unset, "
            "and a health_check on the pool to fail over on the distribution"
        ],
    ),
    (
        "cloudfront-never-fails-over",
        pool0(endpoints=[ep("cdn", CF, alias_zone_id=CF_ZONE)]),
        [
            "pools[0].endpoints[0]: nothing evaluates this alias endpoint's health (a "
            "CloudFront distribution, where AWS forbids evaluate_target_health), so it stays in "
            "rotation and pool 'primary' can never fail over to the next pool; expected a "
            "health_check on the pool (Route 53 then probes the alias DNS name), or the endpoint "
            "in the last pool"
        ],
    ),
    (
        "alias-without-evaluation-never-fails-over",
        pool0(endpoints=[ep("alb", ALB, alias_zone_id=ALB_ZONE, evaluate_target_health=False)]),
        [
            "pools[0].endpoints[0]: nothing evaluates this alias endpoint's health "
            "(evaluate_target_health is false), so it stays in rotation and pool 'primary' can "
            "never fail over to the next pool; expected a health_check on the pool (Route 53 "
            "then probes the alias DNS name), or the endpoint in the last pool"
        ],
    ),
    (
        "alias-zone-id-with-prefix",
        pool0(endpoints=[ep("alb", ALB, alias_zone_id=f"/hostedzone/{ALB_ZONE}")]),
        [
            "pools[0].endpoints[0].alias_zone_id: includes the '/hostedzone/' prefix, got "
            f"'/hostedzone/{ALB_ZONE}'; expected only the id, e.g. 'Z1D633PJN98FT9'"
        ],
    ),
    (
        "alias-zone-id-is-a-dns-name",
        pool0(endpoints=[ep("alb", ALB, alias_zone_id=ALB)]),
        [
            "pools[0].endpoints[0].alias_zone_id: a DNS name, not a hosted zone id, got "
            f"'{ALB}'; expected {ZONE_ID_RULE}"
        ],
    ),
    (
        "alias-zone-id-lower-case",
        pool0(endpoints=[ep("alb", ALB, alias_zone_id=ALB_ZONE.lower())]),
        [
            "pools[0].endpoints[0].alias_zone_id: not a Route 53 hosted zone id, got "
            f"'{ALB_ZONE.lower()}'; expected {ZONE_ID_RULE}"
        ],
    ),
    (
        "alias-zone-id-is-the-own-zone",
        both(top(zone_id=OWN_ZONE), pool0(endpoints=[ep("alb", ALB, alias_zone_id=OWN_ZONE)])),
        [
            "pools[0].endpoints[0].alias_zone_id: is the failover set's own hosted zone; an "
            "alias endpoint is an AWS resource named by its canonical hosted zone id, got "
            f"'{OWN_ZONE}'; expected the target's canonical hosted zone id (the load "
            "balancer's or distribution's zone_id)"
        ],
    ),
    (
        "alias-up-with-evaluate-target-health",
        pool0(
            endpoints=[
                ep("alb", ALB, alias_zone_id=ALB_ZONE, status="up", evaluate_target_health=True)
            ]
        ),
        [
            "pools[0].endpoints[0].evaluate_target_health: conflicts with status 'up' (always in "
            "rotation, never evaluated), got True; expected no evaluate_target_health, or status "
            "'obey'"
        ],
    ),
    (
        "ttl-on-alias-records",
        both(
            top(ttl=60),
            pools(
                {"name": "primary", "endpoints": [ep("alb", ALB, alias_zone_id=ALB_ZONE)]},
                {"name": "secondary", "endpoints": [ep("cdn", CF, alias_zone_id=CF_ZONE)]},
            ),
        ),
        [
            "ttl: every endpoint is an alias target, and alias records have no TTL (Route 53 "
            "answers with the target's; 60 s for ELB and S3), got 60; expected no ttl"
        ],
    ),
    (
        "cname-with-alias-endpoints",
        both(
            top(record_type="CNAME"),
            pools(
                {"name": "primary", "endpoints": [ep("alb", ALB, alias_zone_id=ALB_ZONE)]},
                {"name": "secondary", "endpoints": [ep("dr", "dr.example.net")]},
            ),
        ),
        [
            "record_type: alias endpoints (AWS alias targets) answer A or AAAA queries, not "
            "CNAME, got 'CNAME'; expected 'A' or 'AAAA'"
        ],
    ),
    (
        "min-healthy-over-target-health",
        pool0(
            min_healthy=2,
            endpoints=[
                ep("alb", ALB, alias_zone_id=ALB_ZONE),
                ep("alb2", "web-alb-2.us-east-1.elb.amazonaws.com", alias_zone_id=ALB_ZONE),
            ],
        ),
        [
            "pools[0].min_healthy: counts endpoints through a calculated health check, but alias "
            "endpoint 'alb' has no Route 53 health check (its target health cannot feed one), "
            "got 2; expected min_healthy 1, or a health_check on the pool",
            "pools[0].min_healthy: counts endpoints through a calculated health check, but alias "
            "endpoint 'alb2' has no Route 53 health check (its target health cannot feed one), "
            "got 2; expected min_healthy 1, or a health_check on the pool",
        ],
    ),
    # -- zones ----------------------------------------------------------------------------
    (
        "zone-id-is-a-dns-name",
        top(zone_id="example.com"),
        [f"zone_id: a DNS name, not a hosted zone id, got 'example.com'; expected {ZONE_ID_RULE}"],
    ),
    (
        "zone-id-with-prefix",
        top(zone_id="/hostedzone/Z123"),
        [
            "zone_id: includes the '/hostedzone/' prefix, got '/hostedzone/Z123'; expected only "
            "the id, e.g. 'Z1D633PJN98FT9'"
        ],
    ),
    (
        "zone-id-not-a-string",
        top(zone_id=42),
        [f"zone_id: not a string, got 42; expected {ZONE_ID_RULE}"],
    ),
    (
        "zone-id-and-create-zone",
        top(zone_id=OWN_ZONE, create_zone=True),
        [
            "create_zone: conflicts with zone_id: the zone is either adopted or created, got "
            "True; expected zone_id to adopt an existing zone, or create_zone to make one, not "
            "both"
        ],
    ),
    (
        "create-zone-not-bool",
        top(create_zone="yes"),
        ["create_zone: not a boolean, got 'yes'; expected true or false"],
    ),
    (
        "misspelled-key",
        top(zone_ids=OWN_ZONE),
        [
            "zone_ids: unknown key (did you mean 'zone_id'?); expected one of "
            + ", ".join(sorted(ALLOWED_KEYS))
        ],
    ),
    # -- addresses, names, limits ---------------------------------------------------------
    (
        "private-address-probed",
        pool0(endpoints=[ep("a", "10.0.0.5")]),
        [
            "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot be "
            "reached by the cloud's public health checkers, got '10.0.0.5'; expected a public "
            "address, or status 'up' for an endpoint that is never probed"
        ],
    ),
    (
        "private-address-down",
        pool0(endpoints=[ep("a", "10.0.0.5", status="down")]),
        [
            "pools[0].endpoints[0].address: private (RFC 1918) address 10.0.0.0/8 cannot carry "
            "a Route 53 health check, which status 'down' keeps (disabled and inverted), got "
            "'10.0.0.5'; expected a public address, or remove the endpoint"
        ],
    ),
    (
        "cname-at-apex",
        both(
            top(hostname="example.com"),
            pools(
                {"name": "primary", "endpoints": [ep("x", "x.example.net")]},
                {"name": "secondary", "endpoints": [ep("y", "y.example.net")]},
            ),
        ),
        [
            "record_type: a CNAME is not allowed at the zone apex (RFC 1034 §3.6.2), got "
            "'CNAME'; expected A or AAAA endpoints (an alias A record on Route 53, alias record "
            "on Azure DNS), or a hostname below the apex"
        ],
    ),
    (
        "suffix-but-not-subdomain",
        top(hostname="badexample.com"),
        [
            "hostname: not inside zone 'example.com', got 'badexample.com'; expected "
            "'example.com' itself or a name ending in '.example.com'"
        ],
    ),
    (
        "ttl-2-31",
        top(ttl=2**31),
        ["ttl: out of range, got 2147483648; expected 0 to 2147483647"],
    ),
    (
        "intermediate-name-too-long",
        both(
            top(hostname=LONG_HOST),
            pool0(endpoints=[ep("a", "192.0.2.10"), ep("b", "192.0.2.11")]),
        ),
        [
            "hostname: pool 'primary' needs the record name '_pool-primary." + "a" * 26 + "'..., "
            f"which is 254 characters long, more than 253 (RFC 1035), got '{LONG_HOST}'; "
            "expected a shorter hostname or pool name"
        ],
    ),
    (
        "child-names-collide",
        pools(
            {"name": "eu", "endpoints": [ep("west-a", "192.0.2.10"), ep("x", "192.0.2.11")]},
            {"name": "eu-west", "endpoints": [ep("a", "198.51.100.10"), ep("y", "198.51.100.11")]},
        ),
        [
            "pools[1].endpoints[0].name: gives the child resource name "
            "'<component>-eu-west-a-hc', which pools[0].endpoints[0].name gives too; expected "
            "pool and endpoint names whose hyphenated joins differ",
            "pools[1].endpoints[0].name: gives the child resource name "
            "'<component>-eu-west-a-record', which pools[0].endpoints[0].name gives too; "
            "expected pool and endpoint names whose hyphenated joins differ",
        ],
    ),
    (
        "more-than-100-weighted-records",
        pools({"name": "primary", "endpoints": many(101, weighted=True)}, SECONDARY),
        [
            "pools[0].endpoints: 101 endpoints is more than the 100 weighted records Route 53 "
            "allows per name; expected at most 100 endpoints in a pool with weights or alias "
            "targets"
        ],
    ),
    (
        # A calculated check's 256 children are out of reach now: a multivalue pool holds 8
        # endpoints, a weighted one 100.
        "more-than-8-multivalue",
        pools(
            {"name": "primary", "min_healthy": 2, "endpoints": many(9, weighted=False)},
            SECONDARY,
        ),
        [
            "pools[0].endpoints: 9 endpoints is more than the 8 healthy records a Route 53 "
            "multivalue answer holds: each resolver would get a different subset of 8 "
            "(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-"
            "multivalue.html); expected at most 8 endpoints in a pool without weights, or "
            "weights on its endpoints (weighted records answer one at a time, up to 100)"
        ],
    ),
    (
        "over-budget",
        top(max_failover_seconds=100),
        [
            "max_failover_seconds: worst-case failover (pool 'primary') is 186 s, over the "
            "budget (worst-case 186 s = interval 30 (the first failing probe comes up to "
            "interval_seconds 30 s after the outage) + threshold 60 ((failure_threshold 3 - 1) "
            "x interval_seconds 30) + timeout 6 (fixed HTTPS probe timeout) + checker skew 30 "
            "(unsynchronised checkers, up to one interval_seconds 30) + ttl 60 (ttl 60 s of the "
            "failover answer)), got 100; expected a budget of at least 186 s, or lower "
            "failure_threshold, ttl, interval_seconds"
        ],
    ),
    (
        "everything-at-once",
        both(
            hc(interval_seconds=15, timeout_seconds=5, regions=["us-east-1"]),
            top(zone_id="Z123", create_zone=True),
        ),
        [
            "create_zone: conflicts with zone_id: the zone is either adopted or created, got "
            "True; expected zone_id to adopt an existing zone, or create_zone to make one, not "
            "both",
            "health_check.timeout_seconds: not available on Route 53: its probe timeouts are "
            "fixed (4 s to connect and 2 s to the status; 10 s for TCP) (https://docs.aws."
            "amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-"
            "endpoints.html), got 5; expected no "
            "timeout_seconds (remove the key)",
            "health_check.interval_seconds: not a Route 53 request interval, got 15; expected "
            "10 or 30 (fixed once the health check exists)",
            "health_check.regions: Route 53 needs at least 3 checker regions, got ['us-east-1']; "
            f"expected at least 3 of {REGIONS}, or no regions (all 8)",
        ],
    ),
]


def test_route53_adds_exactly_its_top_level_keys() -> None:
    assert typeddict_keys(FailoverSetArgs) == NEUTRAL_KEYS
    assert typeddict_keys(Route53FailoverArgs) == ALLOWED_KEYS
    assert typeddict_keys(Route53FailoverArgs) - typeddict_keys(FailoverSetArgs) == ROUTE53_KEYS


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_with_exact_reasons(mutate: Mutation, expected: list[str]) -> None:
    args = two_tiers()
    mutate(args)
    assert [str(r) for r in check_args(args)] == expected
    error = rejected(args)
    assert [str(r) for r in error.reasons] == expected
    assert error.subject == "Route53Failover 'web'"


COMPLIANT: list[Mutation] = [
    hc(
        interval_seconds=10,
        failure_threshold=1,
        regions=["us-east-1", "us-west-2", "eu-west-1"],
    ),
    pool0(endpoints=[ep("cdn", CF, alias_zone_id=CF_ZONE)], health_check={"path": "/"}),
    pool0(
        endpoints=[ep("alb", ALB, alias_zone_id=ALB_ZONE, evaluate_target_health=False)],
        health_check={"path": "/"},
    ),
    lambda a: a["pools"][1].update(endpoints=[ep("cdn", CF, alias_zone_id=CF_ZONE)]),
    pools({"name": "primary", "endpoints": many(100, weighted=True)}, SECONDARY),
    pools(
        {"name": "primary", "min_healthy": 2, "endpoints": many(8, weighted=False)},
        SECONDARY,
    ),
    top(max_failover_seconds=186),
    top(zone_id=OWN_ZONE),
]


@pytest.mark.parametrize(
    "mutate",
    COMPLIANT,
    ids=[
        "fast-checks",
        "cloudfront-with-pool-check",
        "alias-without-eth-with-pool-check",
        "cloudfront-last",
        "100-weighted",
        "8-multivalue",
        "budget-exactly",
        "zone-id",
    ],
)
def test_the_compliant_neighbours_pass(mutate: Mutation) -> None:
    args = two_tiers()
    mutate(args)
    assert check_args(args) == []
