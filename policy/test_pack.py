"""Check the CrossGuard pack without the Pulumi CLI, in a virtualenv that has pulumi-policy.

pulumi-policy pins older protobuf and grpcio than the cloud SDKs want, so this is not part of
the project's pytest run (it lives outside ``tests/``); run it in its own virtualenv::

    make policy-check   # or by hand:
    python3 -m venv .venv-policy
    .venv-policy/bin/pip install 'pulumi-policy>=1.21,<2' -e '.[all]'
    .venv-policy/bin/python policy/test_pack.py

Each stack below is recorded with the testing kit (``preview=False`` and ``preview=True``) and
the pack's verdict is compared with ``failover_components.policy.check_recording`` on the same
recording, through two paths:

1. every ``StackValidationPolicy.validate`` of ``pack.build_policies()`` called directly on real
   ``PolicyResource`` objects, built the way the pack's analyzer builds them (properties
   deserialised by pulumi-policy and wrapped in its unknown-checking proxy);
2. the pack's ``__main__.py`` started as the CLI starts it, and its analyzer asked over gRPC
   (``GetAnalyzerInfo``, ``Configure``, ``AnalyzeStack``) with the resources serialised the way
   the engine sends them (unknowns as the engine's sentinels, secrets wrapped).

Exits non-zero on the first mismatch.
"""

import os
import subprocess
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import grpc  # noqa: E402
import pulumi  # noqa: E402
import pulumi_aws as aws  # noqa: E402
from google.protobuf import empty_pb2, json_format, struct_pb2  # noqa: E402
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc  # noqa: E402
from pulumi_azure_native import trafficmanager  # noqa: E402
from pulumi_policy import (  # noqa: E402
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.deserialize import deserialize_properties  # noqa: E402
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy  # noqa: E402

from failover_components import policy as rules  # noqa: E402
from failover_components.naming import type_token  # noqa: E402
from failover_components.testing import UNKNOWN, Recording, run  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import pulumi_cloudflare as cloudflare

import pack  # noqa: E402

ACCOUNT = "0123456789abcdef0123456789abcdef"


class StandIn(pulumi.ComponentResource):
    """Stands in for a failover component: its type token, children and outputs."""

    def __init__(
        self,
        name: str,
        class_name: str,
        build: Callable[[pulumi.ResourceOptions], None],
        outputs: Mapping[str, Any],
    ) -> None:
        super().__init__(type_token(class_name), name, None, None)
        build(pulumi.ResourceOptions(parent=self))
        self.register_outputs(dict(outputs))


def aws_compliant(o: pulumi.ResourceOptions) -> None:
    zone = aws.route53.Zone("ok-zone", name="example.com", opts=o)
    aws.route53.HostedZoneDnsSec("ok-dnssec", hosted_zone_id=zone.id, opts=o)
    # Not a documentation address: Route 53 refuses health checks on those (FO014).
    hc = aws.route53.HealthCheck(
        "ok-primary-hc", type="HTTPS", ip_address="192.0.3.10", port=443, opts=o
    )
    for role, address, check in (
        ("PRIMARY", "192.0.3.10", hc.id),
        ("SECONDARY", "198.51.100.10", None),
    ):
        aws.route53.Record(
            f"ok-{role.lower()}",
            zone_id=zone.zone_id,
            name="app.example.com",
            type="A",
            ttl=60,
            records=[address],
            set_identifier=role.lower(),
            failover_routing_policies=[{"type": role}],
            health_check_id=check,
            opts=o,
        )
    aws.cloudwatch.MetricAlarm(
        "ok-alarm",
        namespace="AWS/Route53",
        metric_name="HealthCheckStatus",
        comparison_operator="LessThanThreshold",
        evaluation_periods=1,
        threshold=1,
        opts=o,
    )


def aws_broken(o: pulumi.ResourceOptions) -> None:
    zone = aws.route53.Zone("web-zone", name="example.com", opts=o)
    hc = aws.route53.HealthCheck(
        "web-primary-hc",
        type="HTTP",
        ip_address="192.0.2.10",
        port=80,
        regions=["us-east-1", "eu-west-1"],
        opts=o,
    )
    aws.route53.Record(
        "web-primary",
        zone_id=zone.zone_id,
        name="app.example.com",
        type="A",
        ttl=60,
        records=["192.0.2.10"],
        set_identifier="primary",
        failover_routing_policies=[{"type": "PRIMARY"}],
        health_check_id=hc.id,
        opts=o,
    )


def azure_broken() -> None:
    trafficmanager.Profile(
        "tm-profile",
        resource_group_name="rg",
        profile_name="tm-profile",
        traffic_routing_method="Priority",
        dns_config={"relative_name": "tm-app", "ttl": 600},
        monitor_config={"protocol": "HTTP", "port": 80, "path": "/"},
        endpoints=[
            trafficmanager.EndpointArgs(
                name="primary",
                type="Microsoft.Network/trafficManagerProfiles/externalEndpoints",
                target="192.0.2.20",
                priority=1,
                always_serve="Enabled",
            )
        ],
    )


def cloudflare_broken(o: pulumi.ResourceOptions) -> None:
    monitor = cloudflare.LoadBalancerMonitor(
        "cf-monitor", account_id=ACCOUNT, type="https", allow_insecure=True, opts=o
    )
    del monitor
    pool = cloudflare.LoadBalancerPool(
        "cf-primary",
        account_id=ACCOUNT,
        name="cf-primary",
        origins=[{"name": "a", "address": "192.0.2.30"}],
        opts=o,
    )
    cloudflare.LoadBalancer(
        "cf-lb",
        zone_id="fedcba9876543210fedcba9876543210",
        name="app.example.com",
        default_pools=[pool.id],
        fallback_pool=pool.id,
        proxied=False,
        ttl=600,
        opts=o,
    )
    cloudflare.Zone("cf-zone", account={"id": ACCOUNT}, name="example.org", opts=o)


STACKS: dict[str, Callable[[], object]] = {
    "aws-compliant": lambda: StandIn(
        "ok", "Route53Failover", aws_compliant, {"worstCaseFailoverSeconds": 150}
    ),
    "aws-broken": lambda: StandIn(
        "web",
        "Route53Failover",
        aws_broken,
        {
            "worstCaseFailoverSeconds": 400,
            "acknowledgedPolicies": pulumi.Output.secret(
                {"FO004": "a legacy HTTP health endpoint", "FO999": "typo"}
            ),
        },
    ),
    "azure-broken-hand-written": azure_broken,
    "cloudflare-broken": lambda: StandIn(
        "cf",
        "CloudflareFailover",
        cloudflare_broken,
        # As the components register them: snake_case keys.
        {"worst_case_failover_seconds": 90, "acknowledged_policies": {"cloudflare-proxied": "TCP"}},
    ),
}


# ----------------------------------------------------------------------------------------
# The engine's side: what it sends for a recorded resource.


def engine_properties(rec: Recording, r: Any) -> dict[str, Any]:
    """Outputs as the engine sends them to AnalyzeStack: inputs (or a component's registered
    outputs) plus the id, unknowns as sentinel strings, secrets still wrapped."""
    props = dict(r.inputs) if r.custom else dict(rec.component_outputs.get(r.urn, {}))
    if r.custom:
        props["id"] = r.id or UNKNOWN
    return sentinel(props)


def sentinel(value: Any) -> Any:
    if value is UNKNOWN or type(value).__name__ == "Unknown":
        return UNKNOWN_STRING_VALUE
    if isinstance(value, dict):
        return {k: sentinel(v) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return [sentinel(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
    return value


def policy_resources(rec: Recording) -> list[PolicyResource]:
    """What the pack's AnalyzeStack hands a StackValidationPolicy (pulumi_policy/policy.py)."""
    made: dict[str, PolicyResource] = {}
    for r in rec.resources:
        wire = json_format.MessageToDict(_struct(engine_properties(rec, r)))
        props = unknown_checking_proxy(deserialize_properties(wire))
        opts = PolicyResourceOptions(
            False, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], r.parent
        )
        made[r.urn] = PolicyResource(r.type, props, r.urn, r.name, opts, None, None, [], {})
    for r in rec.resources:
        res = made[r.urn]
        res.parent = made.get(r.parent)
        res.dependencies = [made[u] for u in r.dependencies if u in made]
        res.property_dependencies = {
            k: [made[u] for u in urns if u in made] for k, urns in r.property_dependencies.items()
        }
    return list(made.values())


def _struct(data: Mapping[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(dict(data))
    return s


# ----------------------------------------------------------------------------------------
# What the pack must report, from the library's own verdict.

Violation = tuple[str, str, str, int]
"""(policy name, message, urn, enforcement level as the analyzer protocol's number)."""


def expected(rec: Recording, config: Mapping[str, Any] | None = None) -> list[Violation]:
    out: list[Violation] = []
    mandatory = int(analyzer_pb2.MANDATORY)
    advisory = int(analyzer_pb2.ADVISORY)
    findings = rules.check_recording(rec, config=config)
    for rule in rules.RULES:
        level = mandatory if rule.level is rules.Level.ERROR else advisory
        for f in findings:
            if f.rule_id == rule.id and not f.acknowledged:
                where = f"{f.component}: " if f.component else ""
                out.append(
                    (rule.name, f"{rule.id}: {rule.cause}\n{where}{f.message}", f.urn, level)
                )
    for f in findings:
        if f.acknowledged:
            out.append(
                (
                    pack.ACKNOWLEDGED,
                    "Findings a failover component acknowledged, with the reason it gave.\n"
                    f"{f.rule_id} {f.rule_name} acknowledged by {f.component}: "
                    f"{f.acknowledgement} (finding: {f.message})",
                    f.urn,
                    advisory,
                )
            )
    return out


def check(label: str, got: list[Violation], want: list[Violation]) -> int:
    if sorted(got) != sorted(want):
        print(f"MISMATCH {label}")
        for v in sorted(set(got) - set(want)):
            print("  unexpected:", v)
        for v in sorted(set(want) - set(got)):
            print("  missing:   ", v)
        raise SystemExit(1)
    return len(got)


# ----------------------------------------------------------------------------------------
# Path 1: StackValidationPolicy.validate, called directly.


def validate_directly(
    policies: list[StackValidationPolicy], rec: Recording, config: Mapping[str, Any] | None
) -> list[Violation]:
    resources = policy_resources(rec)
    got: list[Violation] = []
    for p in policies:
        level = int(
            analyzer_pb2.MANDATORY
            if p.enforcement_level is EnforcementLevel.MANDATORY
            else analyzer_pb2.ADVISORY
        )

        def report(
            message: str, urn: str | None = None, p: StackValidationPolicy = p, level: int = level
        ) -> None:
            got.append((p.name, f"{p.description}\n{message}", urn or "", level))

        wanted = {k for k in (config or {}) if p.config_schema and k in p.config_schema.properties}
        p.validate(StackValidationArgs(resources, {k: (config or {})[k] for k in wanted}), report)
    return got


def check_catalogue(policies: list[StackValidationPolicy]) -> None:
    names = [p.name for p in policies]
    assert names == [r.name for r in rules.RULES] + [pack.ACKNOWLEDGED], names
    for p, r in zip(policies, rules.RULES, strict=False):
        want = (
            EnforcementLevel.MANDATORY
            if r.level is rules.Level.ERROR
            else EnforcementLevel.ADVISORY
        )
        assert p.enforcement_level is want, (p.name, p.enforcement_level)
        assert p.description == f"{r.id}: {r.cause}", p.description
    schemas = {p.name: sorted(p.config_schema.properties) for p in policies if p.config_schema}
    assert schemas == {
        "failover-ttl": ["maxTtlSeconds"],
        "recovery-budget": ["budgetSeconds"],
        pack.ACKNOWLEDGED: ["budgetSeconds", "maxTtlSeconds"],
    }, schemas


# ----------------------------------------------------------------------------------------
# Path 2: the pack's analyzer over gRPC, started as the CLI starts it.


def analyzer_resources(rec: Recording) -> list[analyzer_pb2.AnalyzerResource]:
    return [
        analyzer_pb2.AnalyzerResource(
            type=r.type,
            name=r.name,
            urn=r.urn,
            properties=_struct(engine_properties(rec, r)),
            options=analyzer_pb2.AnalyzerResourceOptions(parent=r.parent),
            parent=r.parent,
            dependencies=list(r.dependencies),
            propertyDependencies={
                k: analyzer_pb2.AnalyzerPropertyDependencies(urns=list(v))
                for k, v in r.property_dependencies.items()
            },
        )
        for r in rec.resources
    ]


def analyze(stub: Any, rec: Recording) -> analyzer_pb2.AnalyzeResponse:
    request = analyzer_pb2.AnalyzeStackRequest(resources=analyzer_resources(rec))
    return cast("analyzer_pb2.AnalyzeResponse", stub.AnalyzeStack(request))


def over_grpc(recordings: dict[str, Recording]) -> int:
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "__main__.py")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().strip())
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        stub = analyzer_pb2_grpc.AnalyzerStub(channel)
        info = cast("analyzer_pb2.AnalyzerInfo", stub.GetAnalyzerInfo(empty_pb2.Empty()))
        assert info.name == pack.PACK_NAME, info.name
        levels = {p.name: p.enforcementLevel for p in info.policies}
        assert levels["second-tier"] == analyzer_pb2.MANDATORY, levels
        assert levels["failover-ttl"] == analyzer_pb2.ADVISORY, levels
        assert len(info.policies) == len(rules.RULES) + 1, len(info.policies)
        compared = 0
        for label, rec in recordings.items():
            response = analyze(stub, rec)
            got = [
                (d.policyName, d.message, d.urn, int(d.enforcementLevel))
                for d in response.diagnostics
            ]
            compared += check(f"grpc {label}", got, expected(rec))
        # Policy config: the engine's Configure call, then the same stack again.
        config = analyzer_pb2.PolicyConfig(
            enforcementLevel=analyzer_pb2.MANDATORY, properties=_struct({"budgetSeconds": 60})
        )
        stub.Configure(
            analyzer_pb2.ConfigureAnalyzerRequest(policyConfig={"recovery-budget": config})
        )
        rec = recordings["cloudflare-broken up"]
        response = analyze(stub, rec)
        budget = [d.message for d in response.diagnostics if d.policyName == "recovery-budget"]
        assert budget == [
            "FO003: A failover component's worst-case failover time is above the recovery budget.\n"
            "cf: worst-case failover is 90 s, above the recovery budget of 60 s"
        ], budget
        channel.close()
        return compared + 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> int:
    policies = pack.build_policies()
    check_catalogue(policies)
    recordings = {
        f"{label} {'preview' if preview else 'up'}": run(program, preview=preview)
        for label, program in STACKS.items()
        for preview in (False, True)
    }
    direct = 0
    for label, rec in recordings.items():
        direct += check(f"direct {label}", validate_directly(policies, rec, None), expected(rec))
    # A policy's own config reaches it: a 60 s budget on the Cloudflare stack (worst case 90 s).
    rec = recordings["cloudflare-broken up"]
    direct += check(
        "direct budget config",
        validate_directly(policies, rec, {"budgetSeconds": 60}),
        expected(rec, {"budgetSeconds": 60}),
    )
    assert not expected(recordings["aws-compliant up"]), "the compliant stack has findings"
    grpc_count = over_grpc(recordings)
    print(
        f"ok: {len(policies)} policies; {len(recordings)} recordings; "
        f"{direct} violations matched calling validate() directly; "
        f"{grpc_count} diagnostics matched over gRPC (AnalyzeStack)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
