"""One benchmark measurement per process: ``workloads.py (library|floor) CLOUD N``.

``library`` declares N two-tier failover sets (one endpoint per tier) with the component;
``floor`` declares the same resources with the same inputs by hand, with the cloud SDK alone,
as a team without this library would. Both run under the same mock engine (the testing kit),
so the difference is what the library itself costs: validation, timing, the component
registration and its outputs.

``workloads.py (library|floor|shell) CLOUD N objects`` counts the objects the program keeps
alive instead of timing it.

``workloads.py project CLOUD N DIR`` writes a config-driven Pulumi project with N sets, for the
offline-plan scaling run.
"""

import gc
import hashlib
import importlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ZONE_ID = "Z0123456789EXAMPLE"
ACCOUNT = "0123456789abcdef0123456789abcdef"
CF_ZONE = "fedcba9876543210fedcba9876543210"


def _ips(i: int) -> tuple[str, str]:
    return f"192.0.{2 + i // 250}.{i % 250 + 1}", f"198.51.{100 + i // 250}.{i % 250 + 1}"


def _neutral(i: int) -> dict[str, Any]:
    primary, secondary = _ips(i)
    return {
        "hostname": f"s{i}.example.com",
        "zone_name": "example.com",
        "pools": [
            {"name": "primary", "endpoints": [{"name": "a", "address": primary}]},
            {"name": "secondary", "endpoints": [{"name": "b", "address": secondary}]},
        ],
    }


def _cloud_args(cloud: str, i: int) -> dict[str, Any]:
    args = _neutral(i)
    if cloud == "aws":
        args["zone_id"] = ZONE_ID
    elif cloud == "azure":
        args["resource_group_name"] = "rg"
        args["profile_dns_name"] = f"set{i}-bench"
    else:
        args.update(account_id=ACCOUNT, zone_id=CF_ZONE, health_check={"regions": ["WEU", "ENAM"]})
    return args


def library(cloud: str, n: int) -> Callable[[], None]:
    """N sets declared with the component."""

    def program() -> None:
        if cloud == "aws":
            from failover_components.aws import Route53Failover as Component
        elif cloud == "azure":
            from failover_components.azure import TrafficManagerFailover as Component  # type: ignore[assignment]
        else:
            from failover_components.cloudflare import CloudflareFailover as Component  # type: ignore[assignment]
        for i in range(n):
            Component(f"set{i}", _cloud_args(cloud, i))  # type: ignore[arg-type]

    return program


def _shell(name: str, shell: bool) -> Any:
    """A bare component to parent the hand-written resources to (``shell``), or ``None``.

    A subclass, as every real component is: the SDK walks the caller's stack for the source
    position of a subclass's registration (pulumi/runtime/resource.py, _get_stack_trace), and
    a direct ``pulumi.ComponentResource(...)`` skips that walk."""
    import pulumi

    if not shell:
        return None

    class Shell(pulumi.ComponentResource):
        def __init__(self, name: str) -> None:
            super().__init__("bench:index:Shell", name)
            self.register_outputs({})

    return Shell(name)


def _opts(parent: Any) -> Any:
    import pulumi

    return pulumi.ResourceOptions(parent=parent) if parent is not None else None


def _aws_floor(n: int, shell: bool = False) -> None:
    import pulumi
    import pulumi_aws as aws

    for i in range(n):
        host = f"s{i}.example.com"
        parent = _shell(f"set{i}", shell)
        for role, pool, ep, ip in (
            ("PRIMARY", "primary", "a", _ips(i)[0]),
            ("SECONDARY", "secondary", "b", _ips(i)[1]),
        ):
            hc = aws.route53.HealthCheck(
                f"set{i}-{pool}-{ep}-hc",
                type="HTTPS",
                ip_address=ip,
                port=443,
                fqdn=host,
                enable_sni=True,
                resource_path="/",
                request_interval=30,
                failure_threshold=3,
                invert_healthcheck=False,
                disabled=False,
                tags={"Name": f"{host} {pool} {ep}"},
                opts=_opts(parent),
            )
            # Keyed by level and role, with the 0.1.0 name as an alias and type changes
            # replacing, as the component declares them (aws/layout.py).
            aws.route53.Record(
                f"set{i}-level-1-{role.lower()}",
                zone_id=ZONE_ID,
                name=host,
                type="A",
                ttl=60,
                records=[ip],
                set_identifier=f"{pool}-{role.lower()}",
                health_check_id=hc.id,
                failover_routing_policies=[aws.route53.RecordFailoverRoutingPolicyArgs(type=role)],
                opts=pulumi.ResourceOptions(
                    parent=parent,
                    aliases=[pulumi.Alias(name=f"set{i}-{pool}-failover")],
                    replace_on_changes=["type"],
                ),
            )


def _azure_floor(n: int) -> None:
    import pulumi
    from pulumi_azure_native import dns, trafficmanager

    for i in range(n):
        host = f"s{i}.example.com"
        profile = trafficmanager.Profile(
            f"set{i}-profile",
            resource_group_name="rg",
            location="global",
            profile_status="Enabled",
            traffic_routing_method="Priority",
            dns_config=trafficmanager.DnsConfigArgs(relative_name=f"set{i}-bench", ttl=30),
            profile_name=f"set{i}-bench",
            monitor_config=trafficmanager.MonitorConfigArgs(
                protocol="HTTPS",
                port=443,
                path="/",
                interval_in_seconds=30,
                timeout_in_seconds=10,
                tolerated_number_of_failures=3,
                expected_status_code_ranges=[
                    trafficmanager.MonitorConfigExpectedStatusCodeRangesItemArgs(min=200, max=299)
                ],
                custom_headers=[
                    trafficmanager.MonitorConfigCustomHeadersItemArgs(name="Host", value=host)
                ],
            ),
            endpoints=[
                trafficmanager.EndpointArgs(
                    name=pool,
                    type="Microsoft.Network/trafficManagerProfiles/externalEndpoints",
                    target=ip,
                    priority=tier,
                    endpoint_status="Enabled",
                    always_serve="Disabled",
                )
                for tier, (pool, ip) in enumerate(
                    (("primary", _ips(i)[0]), ("secondary", _ips(i)[1])), 1
                )
            ],
            opts=pulumi.ResourceOptions(ignore_changes=["profileName"]),
        )
        dns.RecordSet(
            f"set{i}-record",
            resource_group_name="rg",
            zone_name="example.com",
            relative_record_set_name=f"s{i}",
            record_type="CNAME",
            ttl=30,
            cname_record=dns.CnameRecordArgs(
                cname=profile.dns_config.apply(lambda d: d.fqdn if d else "")
            ),
        )


def _cloudflare_floor(n: int) -> None:
    import pulumi
    import pulumi_cloudflare as cloudflare

    for i in range(n):
        host = f"s{i}.example.com"
        monitor = cloudflare.LoadBalancerMonitor(
            f"set{i}-monitor",
            account_id=ACCOUNT,
            type="https",
            method="GET",
            port=443,
            path="/",
            expected_codes="2xx",
            header={"Host": [host]},
            interval=60,
            timeout=5,
            retries=0,
            consecutive_down=2,
            consecutive_up=2,
            allow_insecure=False,
            follow_redirects=False,
            description=f"{host} failover (set{i})",
        )
        # Pool names are unique per account: a short hash of the hostname keeps two stacks
        # apart, as the component does.
        digest = hashlib.sha256(host.encode()).hexdigest()[:6]
        pools = [
            cloudflare.LoadBalancerPool(
                f"set{i}-{pool}-pool",
                account_id=ACCOUNT,
                name=f"set{i}-{pool}-{digest}",
                description=f"{host} failover tier {tier}: {pool} (set{i})",
                origins=[
                    cloudflare.LoadBalancerPoolOriginArgs(
                        address=ip, name=ep, weight=1, enabled=True
                    )
                ],
                minimum_origins=1,
                monitor=monitor.id,
                check_regions=["WEU", "ENAM"],
                enabled=True,
            )
            for tier, (pool, ep, ip) in enumerate(
                (("primary", "a", _ips(i)[0]), ("secondary", "b", _ips(i)[1])), 1
            )
        ]
        cloudflare.LoadBalancer(
            f"set{i}-lb",
            zone_id=CF_ZONE,
            name=host,
            description=f"failover set set{i}: primary > secondary",
            steering_policy="off",
            default_pools=[p.id for p in pools],
            fallback_pool=pools[-1].id,
            proxied=True,
            enabled=True,
            opts=pulumi.ResourceOptions(depends_on=pools),
        )


def shell(n: int) -> Callable[[], None]:
    """The Route 53 floor, each set's resources parented to a bare component: what the
    component mechanism itself costs, before any of this library's work."""
    return lambda: _aws_floor(n, shell=True)


def floor(cloud: str, n: int) -> Callable[[], None]:
    """N sets declared by hand with the SDK."""
    builders: dict[str, Callable[[int], None]] = {
        "aws": _aws_floor,
        "azure": _azure_floor,
        "cloudflare": _cloudflare_floor,
    }
    return lambda: builders[cloud](n)


def write_project(cloud: str, n: int, directory: str) -> None:
    """A config-driven project with N sets (the offline plan's scaling run)."""
    root = Path(directory)
    (root / "Pulumi.yaml").write_text("name: bench\nruntime: python\n")
    (root / "__main__.py").write_text("from failover_components.program import main\n\nmain()\n")
    entries = [{"name": f"set{i}", "cloud": cloud, **_cloud_args(cloud, i)} for i in range(n)]
    (root / "Pulumi.bench.yaml").write_text(json.dumps({"config": {"bench:failovers": entries}}))


def live_objects(fn: Callable[[], None], run: Callable[..., Any]) -> int:
    """How many objects the program keeps alive once it has declared everything (before the
    engine finishes the registrations): deterministic, unlike time, and what the garbage
    collector's full collections have to scan again and again."""
    counted: list[int] = []

    def program() -> None:
        gc.collect()
        before = len(gc.get_objects())
        fn()
        gc.collect()
        counted.append(len(gc.get_objects()) - before)

    run(program)
    return counted[0]


def main() -> None:
    variant, cloud, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if variant == "project":
        write_project(cloud, n, sys.argv[4])
        print(json.dumps({"run_seconds": 0, "resources": 0}))
        return
    # Importing the SDKs is the same for both variants; it is timed separately by bench.py.
    from failover_components.testing import run

    sdk_modules = {
        "aws": ["pulumi_aws.route53"],
        "azure": ["pulumi_azure_native.dns", "pulumi_azure_native.trafficmanager"],
        "cloudflare": ["pulumi_cloudflare"],
    }[cloud]
    if variant == "library":
        # The component modules import their SDK: imported here, outside the timed run,
        # like the floor's SDK modules (import cost is measured on its own by bench.py).
        sdk_modules.append(f"failover_components.{cloud}")
    for module in sdk_modules:
        importlib.import_module(module)
    if variant == "library":
        fn = library(cloud, n)
    elif variant == "floor":
        fn = floor(cloud, n)
    else:
        fn = shell(n)
    if sys.argv[4:] == ["objects"]:
        print(json.dumps({"live_objects_per_set": live_objects(fn, run) / n}))
        return
    collections = {"seconds": 0.0, "full": 0, "started": 0.0}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections["started"] = time.perf_counter()
            return
        collections["seconds"] += time.perf_counter() - collections["started"]
        collections["full"] += info["generation"] == 2

    gc.callbacks.append(on_gc)
    started = time.perf_counter()
    cpu = time.process_time()
    rec = run(fn)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    gc.callbacks.remove(on_gc)
    print(
        json.dumps(
            {
                "run_seconds": elapsed,
                "cpu_seconds": cpu,
                "gc_seconds": collections["seconds"],
                "full_collections": collections["full"],
                "resources": len(rec.resources),
            }
        )
    )


if __name__ == "__main__":
    main()
