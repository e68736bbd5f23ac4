"""The policy rules: each rule against compliant and non-compliant stacks built by hand with the
cloud SDKs (inside a stand-in failover component, and hand-written), acknowledgements, the
configuration, the CrossGuard adapter and the generated RULES.md."""

import re
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from pulumi_azure_native import dns, monitor, trafficmanager

from failover_components import policy
from failover_components.naming import type_token
from failover_components.policy import (
    RULES,
    UNKNOWN,
    Finding,
    Level,
    PolicyConfig,
    ResourceView,
    check_recording,
    evaluate,
    failures,
    from_policy_resources,
    from_recording,
    render_rules_markdown,
)
from failover_components.testing import FailoverMocks, Recording, run

with warnings.catch_warnings():
    # pulumi_cloudflare's __init__ star-imports every module, deprecated ones included, and
    # pytest runs with warnings as errors.
    warnings.simplefilter("ignore", DeprecationWarning)
    import pulumi_cloudflare as cloudflare

ROOT = Path(__file__).resolve().parent.parent

ACCOUNT = "0123456789abcdef0123456789abcdef"
CF_ZONE_ID = "fedcba9876543210fedcba9876543210"
RG = "rg-failover"

ZONE = "aws:route53/zone:Zone"
RECORD = "aws:route53/record:Record"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
PROFILE = "azure-native:trafficmanager:Profile"
TM_ENDPOINT = "azure-native:trafficmanager:Endpoint"
AZ_ZONE = "azure-native:dns:Zone"
AZ_RECORD = "azure-native:dns:RecordSet"
CF_LB = "cloudflare:index/loadBalancer:LoadBalancer"
CF_MONITOR = "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor"
CF_ZONE = "cloudflare:index/zone:Zone"
R53_COMPONENT = type_token("Route53Failover")
TM_COMPONENT = type_token("TrafficManagerFailover")
CF_COMPONENT = type_token("CloudflareFailover")

STALE = "resolvers keep serving the failed answer that long after failover"


# --------------------------------------------------------------------------------------
# Hand-built stacks: one compliant baseline per cloud, with knobs that break one thing.


@dataclass(frozen=True)
class Aws:
    primary_check: bool = True
    primary_alias: bool | None = None
    """None: plain A records; True/False: the primary is an alias with that evaluate_target_health."""
    secondary: bool = True
    secondary_name: str = "app.example.com"
    ttl: int = 60
    check_type: str = "HTTPS"
    regions: tuple[str, ...] | None = None
    disabled: bool = False
    address: str = "192.0.3.10"
    """A public address outside the special-use ranges (FO014 reports those)."""
    signing: str | None = "SIGNING"
    """None: no HostedZoneDnsSec at all."""
    private: bool = False
    alarm_namespace: str | None = "AWS/Route53"
    """None: no alarm."""


def build_aws(p: str, opts: pulumi.ResourceOptions, k: Aws) -> None:
    zone = aws.route53.Zone(
        f"{p}-zone",
        name="example.com",
        vpcs=[{"vpc_id": "vpc-0123456789abcdef0"}] if k.private else None,
        opts=opts,
    )
    if k.signing is not None:
        aws.route53.HostedZoneDnsSec(
            f"{p}-dnssec", hosted_zone_id=zone.id, signing_status=k.signing, opts=opts
        )
    hc: aws.route53.HealthCheck | None = None
    if k.primary_check:
        tcp = k.check_type == "TCP"
        hc = aws.route53.HealthCheck(
            f"{p}-primary-hc",
            type=k.check_type,
            ip_address=k.address,
            port=80 if k.check_type.startswith("HTTP_") or k.check_type == "HTTP" else 443,
            resource_path=None if tcp else "/health",
            request_interval=30,
            failure_threshold=3,
            regions=list(k.regions) if k.regions is not None else None,
            disabled=k.disabled,
            opts=opts,
        )
    if k.primary_alias is None:
        answer: dict[str, Any] = {"ttl": k.ttl, "records": [k.address]}
    else:
        answer = {
            "aliases": [
                {
                    "name": "lb-1234.us-east-1.elb.amazonaws.com",
                    "zone_id": "Z35SXDOTRQ7X7K",
                    "evaluate_target_health": k.primary_alias,
                }
            ]
        }
    aws.route53.Record(
        f"{p}-primary",
        zone_id=zone.zone_id,
        name="app.example.com",
        type="A",
        set_identifier="primary",
        failover_routing_policies=[{"type": "PRIMARY"}],
        health_check_id=hc.id if hc is not None else None,
        opts=opts,
        **answer,
    )
    if k.secondary:
        aws.route53.Record(
            f"{p}-secondary",
            zone_id=zone.zone_id,
            name=k.secondary_name,
            type="A",
            ttl=k.ttl,
            records=["198.51.100.10"],
            set_identifier="secondary",
            failover_routing_policies=[{"type": "SECONDARY"}],
            opts=opts,
        )
    if k.alarm_namespace is not None:
        aws.cloudwatch.MetricAlarm(
            f"{p}-primary-alarm",
            region="us-east-1",
            namespace=k.alarm_namespace,
            metric_name="HealthCheckStatus",
            statistic="Minimum",
            comparison_operator="LessThanThreshold",
            threshold=1,
            period=60,
            evaluation_periods=1,
            dimensions={"HealthCheckId": hc.id} if hc is not None else None,
            opts=opts,
        )


@dataclass(frozen=True)
class Azure:
    monitor: bool = True
    protocol: str = "HTTPS"
    always_serve_primary: bool = False
    endpoints: int = 2
    standalone: bool = False
    secondary_disabled: bool = False
    ttl: int = 30
    record_ttl: int = 60
    primary_target: str = "192.0.2.20"
    listed_backwards: bool = False
    """List the secondary first: priorities, not list order, decide the primary."""
    dnssec: bool = True
    alert_scope: str | None = "profile"
    """``profile``: the alert is scoped to the profile; another string: to that id; None: none."""


@dataclass(frozen=True)
class _Ep:
    name: str
    target: str
    priority: int
    status: str
    always_serve: str


def _tm_endpoints(k: Azure) -> list[_Ep]:
    endpoints = [
        _Ep(
            "primary",
            k.primary_target,
            1,
            "Enabled",
            "Enabled" if k.always_serve_primary else "Disabled",
        ),
        _Ep(
            "secondary",
            "198.51.100.20",
            2,
            "Disabled" if k.secondary_disabled else "Enabled",
            "Disabled",
        ),
    ]
    endpoints = endpoints[: k.endpoints]
    return endpoints[::-1] if k.listed_backwards else endpoints


def build_azure(p: str, opts: pulumi.ResourceOptions, k: Azure) -> None:
    endpoints = _tm_endpoints(k)
    profile = trafficmanager.Profile(
        f"{p}-profile",
        resource_group_name=RG,
        profile_name=f"{p}-profile",
        location="global",
        traffic_routing_method="Priority",
        dns_config={"relative_name": f"{p}-app", "ttl": k.ttl},
        monitor_config={"protocol": k.protocol, "port": 443, "path": "/health"}
        if k.monitor
        else None,
        endpoints=None
        if k.standalone
        else [
            trafficmanager.EndpointArgs(
                name=e.name,
                type="Microsoft.Network/trafficManagerProfiles/externalEndpoints",
                target=e.target,
                priority=e.priority,
                endpoint_status=e.status,
                always_serve=e.always_serve,
            )
            for e in endpoints
        ],
        opts=opts,
    )
    if k.standalone:
        for e in endpoints:
            trafficmanager.Endpoint(
                f"{p}-{e.name}",
                endpoint_type="ExternalEndpoints",
                endpoint_name=e.name,
                profile_name=profile.name,
                resource_group_name=RG,
                target=e.target,
                priority=e.priority,
                endpoint_status=e.status,
                always_serve=e.always_serve,
                opts=opts,
            )
    zone = dns.Zone(
        f"{p}-zone", resource_group_name=RG, zone_name="example.net", location="global", opts=opts
    )
    if k.dnssec:
        dns.DnssecConfig(f"{p}-dnssec", resource_group_name=RG, zone_name=zone.name, opts=opts)
    dns.RecordSet(
        f"{p}-cname",
        resource_group_name=RG,
        zone_name=zone.name,
        relative_record_set_name="app",
        record_type="CNAME",
        ttl=k.record_ttl,
        cname_record={"cname": f"{p}-app.trafficmanager.net"},
        opts=opts,
    )
    if k.alert_scope is not None:
        group = monitor.ActionGroup(
            f"{p}-actions",
            resource_group_name=RG,
            group_short_name="failover",
            enabled=True,
            location="global",
            email_receivers=[{"name": "oncall", "email_address": "oncall@example.com"}],
            opts=opts,
        )
        monitor.MetricAlert(
            f"{p}-alert",
            resource_group_name=RG,
            location="global",
            scopes=[profile.id if k.alert_scope == "profile" else k.alert_scope],
            severity=1,
            enabled=True,
            evaluation_frequency="PT1M",
            window_size="PT5M",
            criteria=monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs(
                odata_type="Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                all_of=[
                    monitor.MetricCriteriaArgs(
                        criterion_type="StaticThresholdCriterion",
                        name="endpoint-down",
                        metric_name="ProbeAgentCurrentEndpointStateByProfileResourceId",
                        operator="LessThan",
                        threshold=1,
                        time_aggregation="Maximum",
                    )
                ],
            ),
            actions=[{"action_group_id": group.id}],
            opts=opts,
        )


@dataclass(frozen=True)
class Cloudflare:
    first_monitor: bool = True
    second_monitor: bool = True
    monitor_type: str | None = "https"
    allow_insecure: bool = False
    pools: int = 2
    default_pools: int = 2
    proxied: bool = True
    ttl: int | None = None
    alert: bool = True
    alert_type: str = "load_balancing_health_alert"
    zone: bool = False
    zone_dnssec: str | None = "active"


def build_cloudflare(p: str, opts: pulumi.ResourceOptions, k: Cloudflare) -> None:
    mon = cloudflare.LoadBalancerMonitor(
        f"{p}-monitor",
        account_id=ACCOUNT,
        type=k.monitor_type,
        allow_insecure=k.allow_insecure,
        path="/health",
        expected_codes="2xx",
        opts=opts,
    )
    primary = cloudflare.LoadBalancerPool(
        f"{p}-primary",
        account_id=ACCOUNT,
        name=f"{p}-primary",
        origins=[{"name": "a", "address": "192.0.2.30"}],
        monitor=mon.id if k.first_monitor else None,
        opts=opts,
    )
    pools = [primary]
    if k.pools == 2:
        pools.append(
            cloudflare.LoadBalancerPool(
                f"{p}-secondary",
                account_id=ACCOUNT,
                name=f"{p}-secondary",
                origins=[{"name": "b", "address": "198.51.100.30"}],
                monitor=mon.id if k.second_monitor else None,
                opts=opts,
            )
        )
    cloudflare.LoadBalancer(
        f"{p}-lb",
        zone_id=CF_ZONE_ID,
        name="app.example.com",
        default_pools=[pool.id for pool in pools[: k.default_pools]],
        fallback_pool=pools[-1].id,
        steering_policy="off",
        proxied=k.proxied,
        ttl=k.ttl,
        opts=opts,
    )
    if k.alert:
        cloudflare.NotificationPolicy(
            f"{p}-alerts",
            account_id=ACCOUNT,
            name=f"{p} failover",
            alert_type=k.alert_type,
            mechanisms={"emails": [{"id": "oncall@example.com"}]},
            opts=opts,
        )
    if k.zone:
        zone = cloudflare.Zone(f"{p}-zone", account={"id": ACCOUNT}, name="example.org", opts=opts)
        if k.zone_dnssec is not None:
            cloudflare.ZoneDnssec(
                f"{p}-zone-dnssec", zone_id=zone.id, status=k.zone_dnssec, opts=opts
            )


Knobs = Aws | Azure | Cloudflare

CLOUDS: dict[type, tuple[str, str, Callable[..., None]]] = {
    Aws: ("web", "Route53Failover", build_aws),
    Azure: ("tm", "TrafficManagerFailover", build_azure),
    Cloudflare: ("cf", "CloudflareFailover", build_cloudflare),
}

DEFAULT_OUTPUTS: dict[str, Any] = {"worst_case_failover_seconds": 150, "acknowledged_policies": {}}
"""As the components register them (snake_case); some cases use the camelCase spelling."""


class StandIn(pulumi.ComponentResource):
    """Stands in for a failover component (being written elsewhere): its type token, the
    children a build function declares under it, and the outputs it registers."""

    def __init__(
        self,
        name: str,
        class_name: str,
        build: Callable[[str, pulumi.ResourceOptions], None],
        outputs: Mapping[str, Any],
    ) -> None:
        super().__init__(type_token(class_name), name, None, None)
        build(name, pulumi.ResourceOptions(parent=self))
        self.register_outputs(dict(outputs))


def component(k: Knobs, outputs: Mapping[str, Any] | None = None, name: str = "") -> None:
    default_name, class_name, build = CLOUDS[type(k)]
    StandIn(
        name or default_name,
        class_name,
        lambda n, o: build(n, o, k),
        DEFAULT_OUTPUTS if outputs is None else outputs,
    )


def loose(k: Knobs, name: str = "") -> None:
    default_name, _class_name, build = CLOUDS[type(k)]
    build(name or default_name, pulumi.ResourceOptions(), k)


Row = tuple[str | None, str, str, str]
"""(component, resource type, resource name, message)."""


def rows(findings: Sequence[Finding]) -> list[Row]:
    return [(f.component, f.resource[0], f.resource[1], f.message) for f in findings]


# --------------------------------------------------------------------------------------
# Every baseline is compliant with every rule, in a deployment and in a preview.

BASELINES: dict[str, Knobs] = {
    "aws": Aws(),
    "azure": Azure(),
    "azure-standalone-endpoints": Azure(standalone=True),
    "cloudflare": Cloudflare(),
    "cloudflare-zone": Cloudflare(zone=True),
}


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
@pytest.mark.parametrize("in_component", [True, False], ids=["component", "hand-written"])
@pytest.mark.parametrize("knobs", BASELINES.values(), ids=BASELINES.keys())
def test_baselines_have_no_findings(knobs: Knobs, in_component: bool, preview: bool) -> None:
    rec = run(lambda: component(knobs) if in_component else loose(knobs), preview=preview)
    assert rows(check_recording(rec)) == []


def test_baselines_are_not_vacuous() -> None:
    # The baselines must contain what the rules read, or "no findings" proves nothing.
    rec = run(lambda: (component(Aws()), component(Azure()), component(Cloudflare(zone=True))))
    assert {r.type for r in rec.resources} >= {
        ZONE,
        RECORD,
        HEALTH_CHECK,
        "aws:route53/hostedZoneDnsSec:HostedZoneDnsSec",
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        PROFILE,
        AZ_ZONE,
        AZ_RECORD,
        "azure-native:dns:DnssecConfig",
        "azure-native:monitor:MetricAlert",
        CF_LB,
        CF_MONITOR,
        "cloudflare:index/loadBalancerPool:LoadBalancerPool",
        "cloudflare:index/notificationPolicy:NotificationPolicy",
        CF_ZONE,
        "cloudflare:index/zoneDnssec:ZoneDnssec",
    }


# --------------------------------------------------------------------------------------
# Each rule: compliant and non-compliant cases, exact findings of that rule.


@dataclass(frozen=True)
class Case:
    id: str
    rule: str
    program: Callable[[], object]
    expected: list[Row]
    preview: bool = False
    config: Mapping[str, Any] | None = None


def _r53_plain_and_weighted() -> None:
    # A simple record may have a long TTL; a weighted one is a failover answer.
    aws.route53.Record(
        "plain",
        zone_id="Z0123456789ABC",
        name="www.example.com",
        type="A",
        ttl=3600,
        records=["192.0.2.1"],
    )
    aws.route53.Record(
        "weighted",
        zone_id="Z0123456789ABC",
        name="api.example.com",
        type="A",
        ttl=3600,
        records=["192.0.2.2"],
        set_identifier="a",
        weighted_routing_policies=[{"weight": 10}],
    )


def _azure_linked_record() -> None:
    # A Traffic Manager linked record takes the profile's TTL; its own is ignored.
    profile = trafficmanager.Profile(
        "lp",
        resource_group_name=RG,
        traffic_routing_method="Priority",
        dns_config={"relative_name": "lp", "ttl": 30},
        monitor_config={"protocol": "HTTPS", "port": 443, "path": "/"},
    )
    dns.RecordSet(
        "linked",
        resource_group_name=RG,
        zone_name="example.net",
        relative_record_set_name="@",
        record_type="A",
        ttl=3600,
        traffic_management_profile={"id": profile.id},
    )


def _calculated_check() -> None:
    aws.route53.HealthCheck(
        "calc", type="CALCULATED", child_health_threshold=1, child_healthchecks=["abc"]
    )


def _two_zones_one_signed() -> None:
    a = aws.route53.Zone("zone-a", name="a.example.com")
    b = aws.route53.Zone("zone-b", name="b.example.com")
    del a
    aws.route53.HostedZoneDnsSec("zone-b-dnssec", hosted_zone_id=b.id)


def _zone_signed_by_literal_id(zone_id: str | None = None) -> None:
    # A literal id (a zone looked up elsewhere) carries no dependency: matched by value.
    aws.route53.Zone("zone", name="example.com")
    mock_id, _outputs = FailoverMocks().outputs_for(ZONE, "zone", {"name": "example.com"})
    aws.route53.HostedZoneDnsSec("zone-dnssec", hosted_zone_id=zone_id or mock_id)


def _alarm_inside_component_only() -> None:
    component(Aws())
    loose(Aws(alarm_namespace=None, signing="SIGNING"), name="solo")


CASES: list[Case] = [
    # FO001 primary-health-checked
    Case("r53-checked", "FO001", lambda: component(Aws()), []),
    Case(
        "r53-unchecked",
        "FO001",
        lambda: component(Aws(primary_check=False)),
        [
            (
                "web",
                RECORD,
                "web-primary",
                "PRIMARY failover record app.example.com A has neither a health_check_id nor an "
                "alias with evaluate_target_health=True: Route 53 cannot tell it is down, so "
                "traffic never fails over",
            )
        ],
    ),
    Case(
        "r53-alias-no-eth",
        "FO001",
        lambda: loose(Aws(primary_check=False, primary_alias=False)),
        [
            (
                None,
                RECORD,
                "web-primary",
                "PRIMARY failover record app.example.com A has neither a health_check_id nor an "
                "alias with evaluate_target_health=True: Route 53 cannot tell it is down, so "
                "traffic never fails over",
            )
        ],
    ),
    Case("r53-alias-eth", "FO001", lambda: loose(Aws(primary_check=False, primary_alias=True)), []),
    Case(
        "tm-no-monitor",
        "FO001",
        lambda: component(Azure(monitor=False)),
        [
            (
                "tm",
                PROFILE,
                "tm-profile",
                "priority profile has no monitor_config: Traffic Manager cannot tell the "
                "priority-1 endpoint is down, so traffic never fails over",
            )
        ],
    ),
    Case(
        "tm-always-serve",
        "FO001",
        lambda: component(Azure(always_serve_primary=True)),
        [
            (
                "tm",
                PROFILE,
                "tm-profile",
                "priority-1 endpoint 'primary' has always_serve=Enabled: Traffic Manager never "
                "probes it, so traffic never fails over",
            )
        ],
    ),
    Case(
        "tm-always-serve-listed-second",
        "FO001",
        lambda: component(Azure(always_serve_primary=True, listed_backwards=True)),
        [
            (
                "tm",
                PROFILE,
                "tm-profile",
                "priority-1 endpoint 'primary' has always_serve=Enabled: Traffic Manager never "
                "probes it, so traffic never fails over",
            )
        ],
    ),
    Case(
        "tm-always-serve-standalone-preview",
        "FO001",
        lambda: loose(Azure(standalone=True, always_serve_primary=True)),
        [
            (
                None,
                TM_ENDPOINT,
                "tm-primary",
                "priority-1 endpoint 'primary' has always_serve=Enabled: Traffic Manager never "
                "probes it, so traffic never fails over",
            )
        ],
        preview=True,
    ),
    Case(
        "cf-first-pool-unmonitored",
        "FO001",
        lambda: component(Cloudflare(first_monitor=False)),
        [
            (
                "cf",
                CF_LB,
                "cf-lb",
                "the first default pool 'cf-primary' has no monitor: Cloudflare treats it as "
                "healthy, so traffic never fails over",
            )
        ],
    ),
    Case(
        "cf-second-pool-unmonitored",
        "FO001",
        lambda: component(Cloudflare(second_monitor=False)),
        [],
    ),
    Case(
        "cf-no-pool-monitored-preview",
        "FO001",
        lambda: component(Cloudflare(first_monitor=False, second_monitor=False)),
        [
            (
                "cf",
                CF_LB,
                "cf-lb",
                "no default pool has a monitor: Cloudflare treats the first one as healthy, so "
                "traffic never fails over",
            )
        ],
        preview=True,
    ),
    Case(
        "cf-single-default-pool-unmonitored-preview",
        "FO001",
        lambda: component(Cloudflare(first_monitor=False, default_pools=1)),
        [
            (
                "cf",
                CF_LB,
                "cf-lb",
                "the first default pool 'cf-primary' has no monitor: Cloudflare treats it as "
                "healthy, so traffic never fails over",
            )
        ],
        preview=True,
    ),
    # FO002 failover-ttl
    Case("r53-ttl-300", "FO002", lambda: component(Aws(ttl=300)), []),
    Case(
        "r53-ttl-301",
        "FO002",
        lambda: component(Aws(ttl=301)),
        [
            (
                "web",
                RECORD,
                "web-primary",
                f"record app.example.com A has ttl 301 s, above 300 s: {STALE}",
            ),
            (
                "web",
                RECORD,
                "web-secondary",
                f"record app.example.com A has ttl 301 s, above 300 s: {STALE}",
            ),
        ],
    ),
    Case(
        "r53-ttl-configured",
        "FO002",
        lambda: component(Aws(ttl=600)),
        [],
        config={"maxTtlSeconds": 600},
    ),
    Case(
        "r53-plain-and-weighted",
        "FO002",
        _r53_plain_and_weighted,
        [
            (
                None,
                RECORD,
                "weighted",
                f"record api.example.com A has ttl 3600 s, above 300 s: {STALE}",
            )
        ],
    ),
    Case(
        "tm-ttl",
        "FO002",
        lambda: component(Azure(ttl=301)),
        [("tm", PROFILE, "tm-profile", f"dns_config.ttl is 301 s, above 300 s: {STALE}")],
    ),
    Case(
        "az-cname-ttl",
        "FO002",
        lambda: loose(Azure(record_ttl=3600)),
        [
            (
                None,
                AZ_RECORD,
                "tm-cname",
                f"record app CNAME points at Traffic Manager with ttl 3600 s, above 300 s: {STALE}",
            )
        ],
    ),
    Case("az-linked-record-ttl", "FO002", _azure_linked_record, []),
    Case(
        "cf-dns-only-ttl",
        "FO002",
        lambda: component(Cloudflare(proxied=False, ttl=600)),
        [
            (
                "cf",
                CF_LB,
                "cf-lb",
                f"DNS-only load balancer app.example.com has ttl 600 s, above 300 s: {STALE}",
            )
        ],
    ),
    Case("cf-proxied-ttl", "FO002", lambda: component(Cloudflare(ttl=600)), []),
    # FO003 recovery-budget
    Case(
        "over-budget",
        "FO003",
        lambda: component(Aws(), {"worstCaseFailoverSeconds": 301}),
        [
            (
                "web",
                R53_COMPONENT,
                "web",
                "worst-case failover is 301 s, above the recovery budget of 300 s",
            )
        ],
    ),
    Case("at-budget", "FO003", lambda: component(Aws(), {"worstCaseFailoverSeconds": 300}), []),
    Case(
        "configured-budget",
        "FO003",
        lambda: component(Azure()),
        [
            (
                "tm",
                TM_COMPONENT,
                "tm",
                "worst-case failover is 150 s, above the recovery budget of 100 s",
            )
        ],
        config={"budgetSeconds": 100},
    ),
    Case(
        "snake-case-output",
        "FO003",
        lambda: component(Cloudflare(), {"worst_case_failover_seconds": 400}),
        [
            (
                "cf",
                CF_COMPONENT,
                "cf",
                "worst-case failover is 400 s, above the recovery budget of 300 s",
            )
        ],
    ),
    # FO004 https-health-checks
    *[
        Case(
            f"r53-{kind.lower()}",
            "FO004",
            lambda kind=kind: component(Aws(check_type=kind)),
            [
                (
                    "web",
                    HEALTH_CHECK,
                    "web-primary-hc",
                    f"health check type is {kind}, not HTTPS or HTTPS_STR_MATCH",
                )
            ],
        )
        for kind in ("HTTP", "HTTP_STR_MATCH", "TCP")
    ],
    Case("r53-https-str-match", "FO004", lambda: component(Aws(check_type="HTTPS_STR_MATCH")), []),
    Case("r53-calculated", "FO004", _calculated_check, []),
    Case(
        "tm-http",
        "FO004",
        lambda: component(Azure(protocol="HTTP")),
        [("tm", PROFILE, "tm-profile", "monitor_config.protocol is HTTP, not HTTPS")],
    ),
    Case(
        "cf-http",
        "FO004",
        lambda: loose(Cloudflare(monitor_type="http")),
        [(None, CF_MONITOR, "cf-monitor", "monitor type is 'http', not 'https'")],
    ),
    Case(
        "cf-type-unset",
        "FO004",
        lambda: component(Cloudflare(monitor_type=None)),
        [
            (
                "cf",
                CF_MONITOR,
                "cf-monitor",
                "monitor type is not set (Cloudflare's default is 'http'), not 'https'",
            )
        ],
    ),
    # FO005 route53-checker-regions
    Case(
        "r53-two-regions",
        "FO005",
        lambda: component(Aws(regions=("us-east-1", "eu-west-1"))),
        [
            (
                "web",
                HEALTH_CHECK,
                "web-primary-hc",
                "regions lists 2 checker region(s) ['eu-west-1', 'us-east-1']; Route 53 needs at least 3",
            )
        ],
    ),
    Case(
        "r53-three-regions",
        "FO005",
        lambda: component(Aws(regions=("us-east-1", "eu-west-1", "ap-southeast-1"))),
        [],
    ),
    Case(
        "r53-bad-region",
        "FO005",
        lambda: loose(Aws(regions=("us-east-1", "eu-west-1", "eu-west-2"))),
        [
            (
                None,
                HEALTH_CHECK,
                "web-primary-hc",
                "regions ['eu-west-2'] are not Route 53 checker regions; expected some of "
                "us-east-1, us-west-1, us-west-2, eu-west-1, ap-southeast-1, ap-southeast-2, "
                "ap-northeast-1, sa-east-1",
            )
        ],
    ),
    # FO006 cloudflare-monitor-tls
    Case(
        "cf-allow-insecure",
        "FO006",
        lambda: component(Cloudflare(allow_insecure=True)),
        [
            (
                "cf",
                CF_MONITOR,
                "cf-monitor",
                "allow_insecure=True: the monitor accepts any certificate, so an origin with an "
                "expired or wrong certificate stays healthy while clients reject it",
            )
        ],
    ),
    Case("cf-validates", "FO006", lambda: component(Cloudflare(allow_insecure=False)), []),
    # FO007 zone-dnssec
    *[
        Case(
            f"r53-{label}",
            "FO007",
            lambda signing=signing: component(Aws(signing=signing)),
            [
                (
                    "web",
                    ZONE,
                    "web-zone",
                    "hosted zone 'example.com' is not signed: no HostedZoneDnsSec with "
                    "signing_status SIGNING refers to it",
                )
            ],
        )
        for label, signing in (("unsigned", None), ("not-signing", "NOT_SIGNING"))
    ],
    Case(
        "r53-signing-another-zone",
        "FO007",
        lambda: _zone_signed_by_literal_id("Z0EXTERNAL0ZONE"),
        [
            (
                None,
                ZONE,
                "zone",
                "hosted zone 'example.com' is not signed: no HostedZoneDnsSec with "
                "signing_status SIGNING refers to it",
            )
        ],
    ),
    Case("r53-signed-by-literal-id", "FO007", lambda: _zone_signed_by_literal_id(), []),
    Case("r53-private-zone", "FO007", lambda: component(Aws(signing=None, private=True)), []),
    Case(
        "r53-two-zones-one-signed",
        "FO007",
        _two_zones_one_signed,
        [
            (
                None,
                ZONE,
                "zone-a",
                "hosted zone 'a.example.com' is not signed: no HostedZoneDnsSec with "
                "signing_status SIGNING refers to it",
            )
        ],
    ),
    Case(
        "az-unsigned",
        "FO007",
        lambda: component(Azure(dnssec=False)),
        [
            (
                "tm",
                AZ_ZONE,
                "tm-zone",
                "DNS zone 'example.net' is not signed: no DnssecConfig refers to it",
            )
        ],
    ),
    *[
        Case(
            f"cf-zone-{label}",
            "FO007",
            lambda status=status: loose(Cloudflare(zone=True, zone_dnssec=status)),
            [
                (
                    None,
                    CF_ZONE,
                    "cf-zone",
                    "zone 'example.org' is not signed: no ZoneDnssec with status 'active' refers to it",
                )
            ],
        )
        for label, status in (("no-dnssec", None), ("dnssec-disabled", "disabled"))
    ],
    # FO008 health-alerts
    Case("r53-component-alarm", "FO008", lambda: component(Aws()), []),
    Case("r53-hand-written-alarm", "FO008", lambda: loose(Aws()), []),
    Case("tm-alert-on-profile-preview", "FO008", lambda: loose(Azure()), [], preview=True),
    Case("cf-hand-written-alert", "FO008", lambda: loose(Cloudflare()), []),
    Case(
        "r53-component-no-alarm",
        "FO008",
        lambda: component(Aws(alarm_namespace=None)),
        [
            (
                "web",
                R53_COMPONENT,
                "web",
                "no alert resource (CloudWatch alarm, Azure Monitor metric alert, Cloudflare "
                "notification policy or Cloud Monitoring alert policy) under this failover "
                "component: nobody is told when it "
                "fails over",
            )
        ],
    ),
    *[
        Case(
            f"r53-hand-written-{label}",
            "FO008",
            lambda namespace=namespace: loose(Aws(alarm_namespace=namespace)),
            [
                (
                    None,
                    RECORD,
                    "web-primary",
                    "no CloudWatch alarm on the AWS/Route53 namespace (HealthCheckStatus) in the "
                    "stack: nobody is told when this failover record fails over",
                )
            ],
        )
        for label, namespace in (("no-alarm", None), ("ec2-alarm", "AWS/EC2"))
    ],
    Case(
        "r53-alarm-inside-another-component",
        "FO008",
        _alarm_inside_component_only,
        [
            (
                None,
                RECORD,
                "solo-primary",
                "no CloudWatch alarm on the AWS/Route53 namespace (HealthCheckStatus) in the "
                "stack: nobody is told when this failover record fails over",
            )
        ],
    ),
    Case(
        "tm-component-no-alert",
        "FO008",
        lambda: component(Azure(alert_scope=None)),
        [
            (
                "tm",
                TM_COMPONENT,
                "tm",
                "no alert resource (CloudWatch alarm, Azure Monitor metric alert, Cloudflare "
                "notification policy or Cloud Monitoring alert policy) under this failover "
                "component: nobody is told when it "
                "fails over",
            )
        ],
    ),
    Case(
        "tm-alert-scoped-elsewhere",
        "FO008",
        lambda: loose(
            Azure(
                alert_scope="/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                "rg/providers/Microsoft.Network/trafficManagerProfiles/other"
            )
        ),
        [
            (
                None,
                PROFILE,
                "tm-profile",
                "no Azure Monitor metric alert is scoped to this profile: nobody is told when it "
                "fails over",
            )
        ],
    ),
    *[
        Case(
            f"cf-hand-written-{label}",
            "FO008",
            lambda knobs=knobs: loose(knobs),
            [
                (
                    None,
                    CF_LB,
                    "cf-lb",
                    "no Cloudflare notification policy for load_balancing_health_alert in the "
                    "stack: nobody is told when this load balancer fails over",
                )
            ],
        )
        for label, knobs in (
            ("no-alert", Cloudflare(alert=False)),
            ("ssl-alert", Cloudflare(alert_type="universal_ssl_event_type")),
        )
    ],
    Case(
        "cf-hand-written-no-alert-preview",
        "FO008",
        lambda: loose(Cloudflare(alert=False)),
        [
            (
                None,
                CF_LB,
                "cf-lb",
                "no Cloudflare notification policy for load_balancing_health_alert in the stack: "
                "nobody is told when this load balancer fails over",
            )
        ],
        preview=True,
    ),
    # FO009 second-tier
    *[
        Case(
            f"r53-{label}",
            "FO009",
            lambda knobs=knobs: component(knobs),
            [
                (
                    "web",
                    RECORD,
                    "web-primary",
                    "PRIMARY failover record app.example.com A has no SECONDARY at the same name "
                    "and type: there is nothing to fail over to",
                )
            ],
        )
        for label, knobs in (
            ("no-secondary", Aws(secondary=False)),
            ("secondary-elsewhere", Aws(secondary_name="other.example.com")),
        )
    ],
    Case("r53-pair-preview", "FO009", lambda: component(Aws()), [], preview=True),
    *[
        Case(
            f"r53-secondary-in-another-zone-{'preview' if preview else 'up'}",
            "FO009",
            lambda: (loose(Aws(secondary=False), name="a"), loose(Aws(), name="b")),
            [
                (
                    None,
                    RECORD,
                    "a-primary",
                    "PRIMARY failover record app.example.com A has no SECONDARY at the same name "
                    "and type: there is nothing to fail over to",
                )
            ],
            preview=preview,
        )
        for preview in (False, True)
    ],
    *[
        Case(
            f"tm-{label}",
            "FO009",
            lambda knobs=knobs: component(knobs),
            [
                (
                    "tm",
                    PROFILE,
                    "tm-profile",
                    "priority profile has 1 enabled endpoint(s): there is nothing to fail over to",
                )
            ],
        )
        for label, knobs in (
            ("one-endpoint", Azure(endpoints=1)),
            ("secondary-disabled", Azure(secondary_disabled=True)),
            ("standalone-one-endpoint", Azure(standalone=True, endpoints=1)),
        )
    ],
    *[
        Case(
            f"cf-one-pool-{'preview' if preview else 'up'}",
            "FO009",
            lambda: component(Cloudflare(pools=1)),
            [
                (
                    "cf",
                    CF_LB,
                    "cf-lb",
                    "load balancer app.example.com has one pool across default_pools and "
                    "fallback_pool: there is nothing to fail over to",
                )
            ],
            preview=preview,
        )
        for preview in (False, True)
    ],
    Case("cf-fallback-is-second-tier", "FO009", lambda: component(Cloudflare(default_pools=1)), []),
    # FO010 probe-public-address
    Case(
        "r53-private-address",
        "FO010",
        lambda: component(Aws(address="10.0.0.5")),
        [
            (
                "web",
                HEALTH_CHECK,
                "web-primary-hc",
                "health check probes 10.0.0.5, in the private (RFC 1918) address 10.0.0.0/8: "
                "Route 53's checkers cannot reach it, so it is always unhealthy",
            )
        ],
    ),
    Case(
        "tm-loopback-target",
        "FO010",
        lambda: component(Azure(primary_target="127.0.0.1")),
        [
            (
                "tm",
                PROFILE,
                "tm-profile",
                "endpoint 'primary' targets 127.0.0.1, in the loopback (RFC 1122) address "
                "127.0.0.0/8: Traffic Manager's probes cannot reach it, so it is always degraded",
            )
        ],
    ),
    Case(
        "tm-private-always-serve",
        "FO010",
        lambda: component(Azure(primary_target="10.1.2.3", always_serve_primary=True)),
        [],
    ),
    # FO011 route53-check-enabled
    Case(
        "r53-disabled",
        "FO011",
        lambda: component(Aws(disabled=True)),
        [
            (
                "web",
                HEALTH_CHECK,
                "web-primary-hc",
                "disabled=True: Route 53 considers a disabled health check healthy, so its record "
                "never fails over (to drain an endpoint, set invert_healthcheck instead)",
            )
        ],
    ),
    Case("r53-enabled", "FO011", lambda: component(Aws(disabled=False)), []),
    # FO012 cloudflare-proxied
    Case(
        "cf-dns-only",
        "FO012",
        lambda: loose(Cloudflare(proxied=False)),
        [
            (
                None,
                CF_LB,
                "cf-lb",
                "load balancer app.example.com is DNS-only (proxied is not True): clients fail "
                "over only when their resolvers drop the cached answer; a proxied load balancer "
                "fails over at Cloudflare's edge",
            )
        ],
    ),
    Case("cf-proxied", "FO012", lambda: loose(Cloudflare(proxied=True)), []),
    # FO013 acknowledgement-valid
    Case(
        "ack-unknown-rule",
        "FO013",
        lambda: component(Aws(), {"acknowledgedPolicies": {"FO999": "a reason"}}),
        [
            (
                "web",
                R53_COMPONENT,
                "web",
                "acknowledges 'FO999', which is not a rule id or name (see RULES.md)",
            )
        ],
    ),
    Case(
        "ack-blank-reason",
        "FO013",
        lambda: component(Aws(), {"acknowledgedPolicies": {"FO004": "  "}}),
        [("web", R53_COMPONENT, "web", "acknowledges 'FO004' without a reason")],
    ),
    Case(
        "ack-not-a-mapping",
        "FO013",
        lambda: component(Aws(), {"acknowledgedPolicies": "everything"}),
        [
            (
                "web",
                R53_COMPONENT,
                "web",
                "policy_acknowledgements is not a mapping of rule id or name to reason, got 'everything'",
            )
        ],
    ),
    # FO014 route53-checkable-address
    Case(
        "r53-documentation-range",
        "FO014",
        lambda: component(Aws(address="192.0.2.10")),
        [
            (
                "web",
                HEALTH_CHECK,
                "web-primary-hc",
                "health check probes 192.0.2.10, in the documentation range TEST-NET-1 (RFC "
                "5735, RFC 5737), 192.0.2.0/24: Route 53 refuses health checks on special-use "
                "addresses, so a real deployment of this address fails (fine in documentation "
                "and samples)",
            )
        ],
    ),
    Case(
        "r53-v6-documentation-range",
        "FO014",
        lambda: component(Aws(address="2001:db8::10")),
        [
            (
                "web",
                HEALTH_CHECK,
                "web-primary-hc",
                "health check probes 2001:db8::10, in the documentation range (RFC 5156, RFC "
                "3849), 2001:db8::/32: Route 53 refuses health checks on special-use addresses, "
                "so a real deployment of this address fails (fine in documentation and samples)",
            )
        ],
    ),
    # A private address is FO010's (an error): not reported twice.
    Case("r53-private-is-fo010s", "FO014", lambda: component(Aws(address="10.0.0.5")), []),
    Case("r53-public-address", "FO014", lambda: component(Aws(address="8.8.8.8")), []),
    Case(
        "ack-valid",
        "FO013",
        lambda: component(
            Aws(), {"acknowledgedPolicies": {"https-health-checks": "TLS ends at the proxy"}}
        ),
        [],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{c.id}" for c in CASES])
def test_rule(case: Case) -> None:
    rec = run(case.program, preview=case.preview)
    found = check_recording(rec, config=case.config, rules=[policy.rule(case.rule)])
    assert rows(found) == case.expected
    assert {f.rule_id for f in found} <= {case.rule}


def test_every_rule_has_a_compliant_and_a_non_compliant_case() -> None:
    compliant = {c.rule for c in CASES if not c.expected}
    violating = {c.rule for c in CASES if c.expected}
    ids = {r.id for r in RULES}
    assert compliant == ids
    assert violating == ids


def test_all_rules_over_a_broken_stack() -> None:
    """One stack breaking several rules at once: the whole list, sorted, with levels."""
    rec = run(
        lambda: component(
            Cloudflare(allow_insecure=True, monitor_type="http", pools=1, proxied=False, ttl=600),
            {"worstCaseFailoverSeconds": 400, "acknowledgedPolicies": {}},
        )
    )
    assert [(f.rule_id, f.level, f.resource[1]) for f in check_recording(rec)] == [
        ("FO002", Level.WARNING, "cf-lb"),
        ("FO003", Level.ERROR, "cf"),
        ("FO004", Level.WARNING, "cf-monitor"),
        ("FO006", Level.ERROR, "cf-monitor"),
        ("FO009", Level.ERROR, "cf-lb"),
        ("FO012", Level.ADVISORY, "cf-lb"),
    ]


# --------------------------------------------------------------------------------------
# Acknowledgements.


def _single_tier(acks: object) -> Recording:
    return run(lambda: component(Aws(secondary=False), {"acknowledged_policies": acks}))


def test_acknowledged_finding_is_reported_but_not_failing() -> None:
    found = check_recording(_single_tier({"second-tier": "one region by design"}))
    assert found == [
        Finding(
            rule_id="FO009",
            rule_name="second-tier",
            level=Level.ERROR,
            component="web",
            resource=(RECORD, "web-primary"),
            message="PRIMARY failover record app.example.com A has no SECONDARY at the same name "
            "and type: there is nothing to fail over to",
            acknowledged=True,
            acknowledgement="one region by design",
            urn=found[0].urn,
        )
    ]
    assert found[0].urn.endswith("::web-primary")
    assert not found[0].failing
    assert failures(found) == []


@pytest.mark.parametrize("key", ["FO009", "fo009", "second-tier"])
def test_acknowledgement_by_id_in_any_case_or_by_name(key: str) -> None:
    found = check_recording(_single_tier({key: "  one region by design "}))
    assert [(f.rule_id, f.acknowledged, f.acknowledgement) for f in found] == [
        ("FO009", True, "one region by design")
    ]


def test_acknowledgement_without_reason_acknowledges_nothing_and_is_an_error() -> None:
    found = check_recording(_single_tier({"FO009": ""}))
    assert [(f.rule_id, f.acknowledged, f.failing, f.message) for f in found] == [
        (
            "FO009",
            False,
            True,
            "PRIMARY failover record app.example.com A has no SECONDARY at the same name and "
            "type: there is nothing to fail over to",
        ),
        ("FO013", False, True, "acknowledges 'FO009' without a reason"),
    ]
    assert failures(found) == found


def test_acknowledgement_covers_only_its_own_component() -> None:
    rec = run(
        lambda: (
            component(Aws(secondary=False), {"acknowledgedPolicies": {"FO009": "by design"}}),
            loose(Aws(secondary=False), name="solo"),
            component(Aws(secondary=False), name="other"),
        )
    )
    found = check_recording(rec, rules=[policy.rule("FO009")])
    assert [(f.component, f.resource[1], f.acknowledged) for f in found] == [
        (None, "solo-primary", False),
        ("other", "other-primary", False),
        ("web", "web-primary", True),
    ]
    assert [f.resource[1] for f in failures(found)] == ["solo-primary", "other-primary"]


def test_acknowledgement_covers_only_its_own_rule() -> None:
    rec = run(
        lambda: component(
            Aws(secondary=False, check_type="TCP"),
            {"acknowledgedPolicies": {"FO004": "a TCP service"}},
        )
    )
    assert [(f.rule_id, f.acknowledged, f.acknowledgement) for f in check_recording(rec)] == [
        ("FO004", True, "a TCP service"),
        ("FO009", False, None),
    ]


def test_acknowledgement_rule_itself_cannot_be_acknowledged() -> None:
    rec = run(
        lambda: component(Aws(), {"acknowledgedPolicies": {"FO013": "quiet", "FO998": "typo"}})
    )
    found = check_recording(rec)
    assert [(f.rule_id, f.acknowledged, f.message) for f in found] == [
        ("FO013", False, "acknowledges 'FO998', which is not a rule id or name (see RULES.md)")
    ]


def test_secret_acknowledgements_are_read() -> None:
    rec = run(
        lambda: component(
            Aws(secondary=False),
            {"acknowledgedPolicies": pulumi.Output.secret({"FO009": "by design"})},
        )
    )
    assert [(f.rule_id, f.acknowledged) for f in check_recording(rec)] == [("FO009", True)]


# --------------------------------------------------------------------------------------
# Configuration, findings as text and JSON.


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, PolicyConfig(300, 300)),
        ({}, PolicyConfig(300, 300)),
        ({"budgetSeconds": 600}, PolicyConfig(600, 300)),
        ({"budget_seconds": 60.0, "maxTtlSeconds": 30}, PolicyConfig(60, 30)),
        ({"max_ttl_seconds": 90}, PolicyConfig(300, 90)),
        (PolicyConfig(1, 2), PolicyConfig(1, 2)),
    ],
    ids=["none", "empty", "camel", "float-and-mixed", "snake", "object"],
)
def test_policy_config(given: Any, expected: PolicyConfig) -> None:
    assert PolicyConfig.of(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"budget": 600},
            "unknown policy config key 'budget'; expected budgetSeconds or maxTtlSeconds",
        ),
        ({"budgetSeconds": 0}, "policy config budgetSeconds: not a positive whole number, got 0"),
        (
            {"budgetSeconds": 1.5},
            "policy config budgetSeconds: not a positive whole number, got 1.5",
        ),
        (
            {"maxTtlSeconds": "300"},
            "policy config maxTtlSeconds: not a positive whole number, got '300'",
        ),
        (
            {"maxTtlSeconds": True},
            "policy config maxTtlSeconds: not a positive whole number, got True",
        ),
    ],
    ids=["unknown-key", "zero", "fraction", "string", "bool"],
)
def test_policy_config_rejects(given: Mapping[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        PolicyConfig.of(given)


def test_finding_text_and_json() -> None:
    found = check_recording(_single_tier({"FO009": "by design"}))[0]
    assert str(found) == (
        "error FO009 second-tier: web: aws:route53/record:Record web-primary: PRIMARY failover "
        "record app.example.com A has no SECONDARY at the same name and type: there is nothing "
        "to fail over to (acknowledged: by design)"
    )
    assert found.to_json() == {
        "rule_id": "FO009",
        "rule_name": "second-tier",
        "level": "error",
        "component": "web",
        "resource": {"type": RECORD, "name": "web-primary"},
        "message": "PRIMARY failover record app.example.com A has no SECONDARY at the same name "
        "and type: there is nothing to fail over to",
        "acknowledged": True,
        "acknowledgement": "by design",
    }
    loose_finding = check_recording(run(lambda: loose(Aws(disabled=True))))[0]
    assert str(loose_finding) == (
        "warning FO011 route53-check-enabled: aws:route53/healthCheck:HealthCheck web-primary-hc: "
        "disabled=True: Route 53 considers a disabled health check healthy, so its record never "
        "fails over (to drain an endpoint, set invert_healthcheck instead)"
    )
    assert found.level == "error"  # a str enum: plain strings compare equal


def test_rule_lookup() -> None:
    assert policy.rule("fo004").name == "https-health-checks"
    assert policy.rule("zone-dnssec").id == "FO007"
    with pytest.raises(KeyError):
        policy.rule("FO999")


# --------------------------------------------------------------------------------------
# The adapters: mock recordings and CrossGuard PolicyResources.


def test_from_recording_components_carry_outputs_and_resources_inputs() -> None:
    rec = run(
        lambda: component(Aws(), {"worstCaseFailoverSeconds": 120, "acknowledgedPolicies": {}})
    )
    views = {v.name: v for v in from_recording(rec)}
    assert views["web"].type == R53_COMPONENT
    assert views["web"].props == {"worstCaseFailoverSeconds": 120, "acknowledgedPolicies": {}}
    assert views["web-primary"].parent == views["web"].urn
    assert views["web-primary"].props["failoverRoutingPolicies"] == [{"type": "PRIMARY"}]
    assert views["web-primary"].property_dependencies["healthCheckId"] == (
        views["web-primary-hc"].urn,
    )
    assert views["web-zone"].id == rec.get(ZONE, "web-zone").id


def test_from_recording_preview_unknowns() -> None:
    rec = run(lambda: component(Aws()), preview=True)
    views = {v.name: v for v in from_recording(rec)}
    assert views["web-primary"].props["healthCheckId"] is UNKNOWN
    assert views["web-primary"].props["zoneId"] is UNKNOWN
    assert views["web-zone"].id is None
    assert repr(UNKNOWN) == "<unknown>"


class UnknownValueError(Exception):
    """What pulumi_policy's proxies raise when a rule reads an unknown value."""


UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


class DictProxy(Mapping[str, Any]):
    """Shaped like pulumi_policy.proxy._DictProxy: reading an unknown value raises."""

    def __init__(self, target: Mapping[str, Any]) -> None:
        self._target = dict(target)

    def __getitem__(self, key: str) -> Any:
        value = self._target[key]
        if value == UNKNOWN_STRING:
            raise UnknownValueError(key)
        return proxied(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._target)

    def __len__(self) -> int:
        return len(self._target)


class ListProxy(Sequence[Any]):
    def __init__(self, target: Sequence[Any]) -> None:
        self._target = list(target)

    def __getitem__(self, index: Any) -> Any:
        value = self._target[index]
        if value == UNKNOWN_STRING:
            raise UnknownValueError(index)
        return proxied(value)

    def __len__(self) -> int:
        return len(self._target)


def proxied(value: Any) -> Any:
    if isinstance(value, Mapping):
        return DictProxy(value)  # pyright: ignore[reportUnknownArgumentType]
    if isinstance(value, list):
        return ListProxy(value)  # pyright: ignore[reportUnknownArgumentType]
    return value


class FakePolicyResource:
    """Shaped like pulumi_policy.PolicyResource (resource_type, name, urn, props, parent,
    property_dependencies), as CrossGuard's AnalyzeStack builds it."""

    def __init__(
        self,
        resource_type: str,
        name: str,
        urn: str,
        props: Mapping[str, Any],
        parent: "FakePolicyResource | None" = None,
    ) -> None:
        self.resource_type = resource_type
        self.name = name
        self.urn = urn
        self.props = proxied(props)
        self.parent = parent
        self.dependencies: list[FakePolicyResource] = []
        self.property_dependencies: dict[str, list[FakePolicyResource]] = {}


def _wire(value: Any) -> Any:
    """A recorded value as CrossGuard receives it: unknowns as the engine's sentinel."""
    if value is UNKNOWN or type(value).__name__ == "Unknown":
        return UNKNOWN_STRING
    if isinstance(value, dict):
        return {k: _wire(v) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return [_wire(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
    return value


def as_policy_resources(rec: Recording) -> list[FakePolicyResource]:
    """The recording as CrossGuard would show it: props with unknowns, the id among the props,
    parents and property dependencies as objects."""
    fakes: dict[str, FakePolicyResource] = {}
    for r in rec.resources:
        props = dict(r.plain()) if r.custom else dict(rec.component_outputs.get(r.urn, {}))
        if r.custom:
            props["id"] = r.id or UNKNOWN
        fakes[r.urn] = FakePolicyResource(r.type, r.name, r.urn, _wire(props))
    for r in rec.resources:
        fake = fakes[r.urn]
        fake.parent = fakes.get(r.parent)
        fake.property_dependencies = {
            k: [fakes[u] for u in urns if u in fakes] for k, urns in r.property_dependencies.items()
        }
    return list(fakes.values())


BROKEN: list[tuple[str, Callable[[], object]]] = [
    (
        "aws",
        lambda: component(
            Aws(secondary=False, check_type="TCP", signing=None, alarm_namespace=None)
        ),
    ),
    (
        "azure",
        lambda: loose(
            Azure(
                standalone=True,
                always_serve_primary=True,
                record_ttl=900,
                dnssec=False,
                protocol="HTTP",
            )
        ),
    ),
    (
        "cloudflare",
        lambda: component(
            Cloudflare(
                first_monitor=False,
                second_monitor=False,
                allow_insecure=True,
                zone=True,
                zone_dnssec=None,
            ),
            {
                "worstCaseFailoverSeconds": 500,
                "acknowledgedPolicies": {"FO006": "lab origin", "FO999": ""},
            },
        ),
    ),
]


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
@pytest.mark.parametrize(("cloud", "program"), BROKEN, ids=[c for c, _ in BROKEN])
def test_policy_resources_give_the_same_findings_as_the_recording(
    cloud: str, program: Callable[[], object], preview: bool
) -> None:
    rec = run(program, preview=preview)
    expected = check_recording(rec)
    assert len(expected) >= 4, cloud  # the stacks are broken on purpose
    got = evaluate(from_policy_resources(as_policy_resources(rec)))
    assert rows(got) == rows(expected)
    assert [(f.acknowledged, f.acknowledgement, f.urn) for f in got] == [
        (f.acknowledged, f.acknowledgement, f.urn) for f in expected
    ]


def test_policy_resource_unknowns_ids_and_parents() -> None:
    parent = FakePolicyResource(R53_COMPONENT, "web", "urn:c", {"worstCaseFailoverSeconds": 900})
    record = FakePolicyResource(
        RECORD,
        "web-primary",
        "urn:r",
        {
            "name": "app.example.com",
            "type": "A",
            "failoverRoutingPolicies": [{"type": "PRIMARY"}],
            "healthCheckId": UNKNOWN_STRING,
            "records": [UNKNOWN_STRING],
            "id": "Z1_app.example.com_A",
        },
        parent=parent,
    )
    views = from_policy_resources([parent, record])
    assert [(v.type, v.name, v.urn, v.parent, v.id) for v in views] == [
        (R53_COMPONENT, "web", "urn:c", None, None),
        (RECORD, "web-primary", "urn:r", "urn:c", "Z1_app.example.com_A"),
    ]
    assert views[1].props["healthCheckId"] is UNKNOWN
    assert views[1].props["records"] == [UNKNOWN]
    # An unknown health check id is still a health check: FO001 does not fire.
    assert rows(evaluate(views, rules=[policy.rule("FO001"), policy.rule("FO003")])) == [
        (
            "web",
            R53_COMPONENT,
            "web",
            "worst-case failover is 900 s, above the recovery budget of 300 s",
        )
    ]


def test_policy_resource_with_plain_props_and_sentinels() -> None:
    # A PolicyResource built by hand (pulumi.md §4) holds plain dicts: unknowns are sentinels.
    res = FakePolicyResource(
        HEALTH_CHECK, "hc", "urn:hc", {"type": "HTTP", "ipAddress": UNKNOWN_STRING}
    )
    res.props = {"type": "HTTP", "ipAddress": UNKNOWN_STRING, "regions": [UNKNOWN_STRING]}
    (view,) = from_policy_resources([res])
    assert view.props == {"type": "HTTP", "ipAddress": UNKNOWN, "regions": [UNKNOWN]}
    assert rows(evaluate([view])) == [
        (None, HEALTH_CHECK, "hc", "health check type is HTTP, not HTTPS or HTTPS_STR_MATCH")
    ]


def test_resource_view_is_plain_data() -> None:
    view = ResourceView(type=RECORD, name="r", urn="urn:r", parent=None, props={})
    assert view.property_dependencies == {}
    assert view.id is None


# --------------------------------------------------------------------------------------
# The catalogue and RULES.md.


def test_catalogue_ids_names_and_levels() -> None:
    assert [r.id for r in RULES] == [f"FO{n:03d}" for n in range(1, len(RULES) + 1)]
    names = [r.name for r in RULES]
    assert len(set(names)) == len(names)
    for r in RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
        assert isinstance(r.level, Level)
        assert r.cause.endswith("."), r.id
        assert r.explanation, r.id
        assert r.applies_to, r.id
    assert [r.id for r in RULES if not r.acknowledgeable] == ["FO013"]
    assert {r.id: sorted(r.config_schema) for r in RULES if r.config_schema} == {
        "FO002": ["maxTtlSeconds"],
        "FO003": ["budgetSeconds"],
    }


def test_policy_module_imports_no_cloud_sdk_and_not_pulumi_policy() -> None:
    # The CrossGuard pack installs this library without the cloud SDKs.
    code = (
        "import sys, failover_components.policy; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pulumi_aws', 'pulumi_azure_native', 'pulumi_cloudflare', 'pulumi_policy')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_rules_md_is_generated_from_the_catalogue() -> None:
    assert (ROOT / "RULES.md").read_text() == render_rules_markdown()


def test_rules_md_lists_every_rule() -> None:
    text = render_rules_markdown()
    for r in RULES:
        assert f"| {r.id} | `{r.name}` | {r.level.value} |" in text
        assert f"## {r.id} `{r.name}`" in text
        assert r.explanation in text
    assert "- **Config**: `budgetSeconds` (default 300)" in text


def test_rules_are_independent_of_order() -> None:
    rec = run(lambda: component(Aws(secondary=False, ttl=900)))
    forward = check_recording(rec)
    backward = check_recording(rec, rules=tuple(reversed(RULES)))
    assert forward == backward
    assert [f.rule_id for f in forward] == ["FO002", "FO009"]
