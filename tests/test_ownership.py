"""One owner per name: two failover sets answering one hostname and record type in one zone
are refused before anything is registered, on any cloud and in the config program; and the
config program never plans nothing by accident (a missing or foreign ``failovers`` key)."""

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pulumi
import pytest
import yaml
from aws_support import two_tiers
from test_program import CLOUDFLARE

from failover_components import FailoverConfigError, testing
from failover_components.aws import Route53Failover, Route53FailoverArgs
from failover_components.azure import TrafficManagerFailover, TrafficManagerFailoverArgs
from failover_components.cloudflare import CloudflareFailover, CloudflareFailoverArgs
from failover_components.program import declare, main

ROOT = Path(__file__).resolve().parent.parent


def aws_args(hostname: str = "www.example.com", **extra: Any) -> dict[str, Any]:
    return {**two_tiers(**extra), "hostname": hostname}


def azure_args(hostname: str = "www.example.com") -> dict[str, Any]:
    return {
        "hostname": hostname,
        "zone_name": "example.com",
        "resource_group_name": "rg-dns",
        "pools": [
            {"name": "weu", "endpoints": [{"address": "198.51.100.40"}]},
            {"name": "neu", "endpoints": [{"address": "198.51.100.41"}]},
        ],
    }


def cloudflare_args(hostname: str = "www.example.com") -> dict[str, Any]:
    args = {k: v for k, v in CLOUDFLARE.items() if k not in ("name", "cloud")}
    return {**args, "hostname": hostname, "zone_name": "example.com"}


def aws(name: str, args: dict[str, Any]) -> Route53Failover:
    return Route53Failover(name, cast("Route53FailoverArgs", args))


def azure(name: str, args: dict[str, Any]) -> TrafficManagerFailover:
    return TrafficManagerFailover(name, cast("TrafficManagerFailoverArgs", args))


def cloudflare(name: str, args: dict[str, Any]) -> CloudflareFailover:
    return CloudflareFailover(name, cast("CloudflareFailoverArgs", args))


def refused(program: Any) -> tuple[FailoverConfigError, list[str]]:
    """The error, and the names of what was registered before it."""
    registered: list[str] = []

    class Spy(testing.FailoverMocks):
        def new_resource(
            self, args: pulumi.runtime.MockResourceArgs
        ) -> tuple[str | None, dict[str, Any]]:
            registered.append(args.name)
            return super().new_resource(args)

    with pytest.raises(Exception, match="invalid failover configuration") as info:
        testing.run(program, mocks=Spy())
    found = FailoverConfigError.find(info.value)
    assert found is not None, info.value
    return found, registered


def test_two_route53_sets_for_one_name_are_refused_naming_both() -> None:
    def program() -> None:
        aws("web", aws_args())
        aws("web-two", aws_args())

    error, registered = refused(program)
    assert error.subject == "Route53Failover 'web-two'"
    assert [str(r) for r in error.reasons] == [
        "hostname: Route53Failover 'web' already answers this hostname with A records in zone "
        "'example.com': two failover sets would overwrite or collide with each other's records, "
        "got 'www.example.com'; expected one failover set per hostname and record type in a zone "
        "(merge the pools into one set, or use another hostname)"
    ]
    # Nothing of the second set was registered (the first was, before it was known).
    assert not any(n.startswith("web-two") for n in registered)


@pytest.mark.parametrize(
    ("first", "second", "owner"),
    [
        (
            lambda: aws("web", aws_args()),
            lambda: azure("api", azure_args()),
            "Route53Failover 'web'",
        ),
        (
            lambda: azure("api", azure_args()),
            lambda: cloudflare("shop", cloudflare_args()),
            "TrafficManagerFailover 'api'",
        ),
        (
            lambda: cloudflare("shop", cloudflare_args()),
            lambda: aws("web", aws_args()),
            "CloudflareFailover 'shop'",
        ),
    ],
    ids=["aws-then-azure", "azure-then-cloudflare", "cloudflare-then-aws"],
)
def test_two_clouds_in_one_zone_are_refused(first: Any, second: Any, owner: str) -> None:
    def program() -> None:
        first()
        second()

    error, _ = refused(program)
    assert len(error.reasons) == 1
    assert error.reasons[0].problem.startswith(f"{owner} already answers this hostname")


def test_a_cname_set_conflicts_with_an_address_set_of_the_same_name() -> None:
    cname = aws_args()
    cname["pools"] = [
        {"name": "primary", "endpoints": [{"address": "eu.example.net"}]},
        {"name": "secondary", "endpoints": [{"address": "us.example.net"}]},
    ]

    def program() -> None:
        aws("web", aws_args())
        aws("alias", cname)

    error, _ = refused(program)
    assert error.reasons[0].problem.startswith(
        "Route53Failover 'web' already answers this hostname with A records (a CNAME is alone "
        "at its name)"
    )


def test_a_and_aaaa_sets_of_one_name_may_coexist() -> None:
    v6 = aws_args()
    v6["pools"] = [
        {"name": "primary", "endpoints": [{"address": "2001:db8::10"}]},
        {"name": "secondary", "endpoints": [{"address": "2001:db8::11"}]},
    ]

    def program() -> None:
        aws("web", aws_args())
        aws("web6", v6)

    rec = testing.run(program)
    assert [s.record_type for s in rec.failover_sets] == ["A", "AAAA"]


def v6_pools() -> list[dict[str, Any]]:
    return [
        {"name": "p6", "endpoints": [{"address": "2001:db8::40"}]},
        {"name": "s6", "endpoints": [{"address": "2001:db8::41"}]},
    ]


def test_azure_a_and_aaaa_sets_off_the_apex_conflict_on_the_cname() -> None:
    # Off the apex Azure writes one CNAME to the profile, whatever the set's record type.
    v6 = {**azure_args("api.example.com"), "pools": v6_pools()}

    def program() -> None:
        azure("api4", azure_args("api.example.com"))
        azure("api6", v6)

    error, registered = refused(program)
    assert error.subject == "TrafficManagerFailover 'api6'"
    assert error.reasons[0].problem.startswith(
        "TrafficManagerFailover 'api4' already answers this hostname with CNAME records"
    )
    assert not any(n.startswith("api6") for n in registered)


def test_azure_a_and_aaaa_sets_at_the_apex_are_two_alias_record_sets() -> None:
    v6 = {**azure_args("example.com"), "pools": v6_pools()}

    def program() -> None:
        azure("apex4", azure_args("example.com"))
        azure("apex6", v6)

    rec = testing.run(program)
    assert [s.record_type for s in rec.failover_sets] == ["A", "AAAA"]


def test_cloudflare_has_one_load_balancer_per_hostname_whatever_the_type() -> None:
    v6 = {**cloudflare_args("shop.example.com"), "pools": v6_pools()}

    def program() -> None:
        cloudflare("shop4", cloudflare_args("shop.example.com"))
        cloudflare("shop6", v6)

    error, _ = refused(program)
    assert error.reasons[0].problem.startswith(
        "CloudflareFailover 'shop4' already answers this hostname with a load balancer "
        "(every record type)"
    )


@pytest.mark.parametrize(
    ("cloud", "args"), [("azure", azure_args), ("cloudflare", cloudflare_args)]
)
def test_config_entries_claim_what_the_cloud_writes(cloud: str, args: Any) -> None:
    entries = [
        entry("web4", cloud, args("www.example.com")),
        entry("web6", cloud, {**args("www.example.com"), "pools": v6_pools()}),
    ]
    error, registered = refused(lambda: declare(entries))
    assert registered == []
    assert [r.path for r in error.reasons] == ["failovers[1].hostname"]
    assert error.reasons[0].problem.startswith("failovers[0] (name 'web4') already answers")


def test_config_entries_on_route53_keep_type_specific_claims() -> None:
    v6 = {**aws_args(), "pools": v6_pools()}
    entries = [entry("web4", "aws", aws_args()), entry("web6", "aws", v6)]
    assert len(testing.run(lambda: declare(entries)).failover_sets) == 2


def test_one_name_under_two_parents_is_two_sets() -> None:
    # Same type and name, two parents: two URNs, both registered, one hostname: refused.
    def program() -> None:
        for parent in ("team-a", "team-b"):
            holder = pulumi.ComponentResource("test:index:Team", parent)
            Route53Failover(
                "web",
                cast("Route53FailoverArgs", aws_args()),
                pulumi.ResourceOptions(parent=holder),
            )

    error, _ = refused(program)
    assert error.reasons[0].problem.startswith("Route53Failover 'web' already answers")


LEAK_TEST = """
import pulumi
from failover_components import ownership, testing
from failover_components.aws import Route53Failover

pulumi.runtime.set_mocks(testing.FailoverMocks(), preview=False)

def cfg():
    return {ARGS!r}

@pulumi.runtime.test
def test_one():
    return Route53Failover("web", cfg()).urn.apply(lambda u: None)

@pulumi.runtime.test
def test_two():
    return Route53Failover("web2", cfg()).urn.apply(lambda u: None)

def test_reset_drops_claims_by_hand():
    ownership.reset()  # test_two's claim is still held: no runtime.test cleared the RPCs
    ownership.claim("x", zone_name="example.com", hostname="www.example.com", record_type="A")
    ownership.reset()
    ownership.claim("y", zone_name="example.com", hostname="www.example.com", record_type="A")
"""


def test_claims_do_not_leak_between_pulumi_runtime_tests(tmp_path: Path) -> None:
    # The standard Pulumi unit-test pattern: set_mocks once, then @pulumi.runtime.test
    # functions on one loop; each test is a program run of its own.
    (tmp_path / "test_leak.py").write_text(LEAK_TEST.replace("{ARGS!r}", repr(aws_args())))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "-o", "filterwarnings=", "test_leak.py"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout


def test_other_hostnames_and_case_variants() -> None:
    def program() -> None:
        aws("web", aws_args())
        aws("api", aws_args("api.example.com"))

    assert len(testing.run(program).failover_sets) == 2

    def shouting() -> None:
        aws("web", aws_args())
        aws("again", aws_args("WWW.Example.com."))

    error, _ = refused(shouting)
    assert error.subject == "Route53Failover 'again'"


def test_claims_last_one_program_run() -> None:
    # The testing kit runs many programs in one process: the same set in each is no conflict.
    for _ in range(3):
        assert len(testing.run(lambda: aws("web", aws_args())).failover_sets) == 1


def test_claims_are_per_stack() -> None:
    for stack in ("dev", "prod"):
        assert len(testing.run(lambda: aws("web", aws_args()), stack=stack).failover_sets) == 1


# -- the config program --------------------------------------------------------------------


def entry(name: str, cloud: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "cloud": cloud, **args}


def test_config_entries_for_one_name_are_refused_before_anything_is_registered() -> None:
    entries = [
        entry("web", "aws", aws_args()),
        entry("api", "azure", azure_args("api.example.com")),
        entry("shop", "cloudflare", cloudflare_args()),
    ]
    error, registered = refused(lambda: declare(entries))
    assert registered == []
    assert error.subject == "stack config 'failovers'"
    assert len(error.reasons) == 1
    reason = error.reasons[0]
    assert reason.path == "failovers[2].hostname"
    assert reason.problem.startswith("failovers[0] (name 'web') already answers this hostname")
    assert reason.got == "www.example.com"


def test_config_entries_with_other_problems_report_those_first() -> None:
    broken = entry("web2", "aws", aws_args(ttl=-1))
    error, _ = refused(lambda: declare([entry("web", "aws", aws_args()), broken]))
    assert [r.path for r in error.reasons] == ["failovers[1].ttl"]


def test_a_missing_failovers_key_is_an_error_naming_the_key() -> None:
    error, registered = refused(lambda: main())
    assert registered == []
    assert [str(r) for r in error.reasons] == [
        "project:failovers: missing from the stack config; expected the list of failover sets "
        "under 'project:failovers' (the project in Pulumi.yaml), or 'failovers: []' to declare "
        "none on purpose"
    ]


@pytest.mark.parametrize("value", ["oops", "[1, 2", "{"])
def test_a_failovers_value_that_is_not_json_names_the_key(value: str) -> None:
    with pytest.raises(Exception, match="invalid failover configuration") as info:
        testing.run(main, config={"failovers": value})
    error = FailoverConfigError.find(info.value)
    assert error is not None
    assert error.subject == "stack config"
    (reason,) = error.reasons
    assert reason.path == "project:failovers"
    assert reason.problem == "not JSON or YAML structured config"
    assert reason.got == value


def test_a_foreign_failovers_key_is_named() -> None:
    with pytest.raises(Exception, match="invalid failover configuration") as info:
        testing.run(
            main,
            project="myfailover",
            config={"failover-sets:failovers": [entry("web", "aws", aws_args())]},
        )
    error = FailoverConfigError.find(info.value)
    assert error is not None
    (reason,) = error.reasons
    assert reason.path == "myfailover:failovers"
    assert reason.problem == (
        "missing from the stack config (found 'failover-sets:failovers': another project's key)"
    )


def copy_project(tmp: Path, edit: Any) -> Path:
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, tmp / name)
    config = yaml.safe_load((ROOT / "Pulumi.sample.yaml").read_text())
    edit(config["config"])
    (tmp / "Pulumi.sample.yaml").write_text(yaml.safe_dump(config))
    return tmp


def plan(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "failover_components.cli",
            "plan",
            str(project),
            "--stack",
            "sample",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_plan_of_a_stack_file_from_another_project_fails(tmp_path: Path) -> None:
    def rename(config: dict[str, Any]) -> None:
        config["myfailover:failovers"] = config.pop("failover-sets:failovers")

    done = plan(copy_project(tmp_path, rename))
    assert done.returncode == 1
    assert (
        "failover-sets:failovers: missing from the stack config (found 'myfailover:failovers': "
        "another project's key)"
    ) in done.stdout


def test_plan_of_an_explicit_empty_list_says_so_in_words(tmp_path: Path) -> None:
    def empty(config: dict[str, Any]) -> None:
        config["failover-sets:failovers"] = []

    done = plan(copy_project(tmp_path, empty))
    assert done.returncode == 0, done.stdout
    assert "this stack declares no failover sets" in done.stdout


def test_plan_of_two_entries_for_one_name_fails_with_config_paths(tmp_path: Path) -> None:
    def duplicate(config: dict[str, Any]) -> None:
        sets = config["failover-sets:failovers"]
        twin = copy.deepcopy(sets[0])
        twin["name"] = "web-twin"
        sets.append(twin)

    done = plan(copy_project(tmp_path, duplicate))
    assert done.returncode == 1
    assert "failovers[3].hostname: failovers[0] (name 'web') already answers" in done.stdout


def test_the_same_component_constructed_again_is_not_a_conflict() -> None:
    # A hosted component's provider may construct one component twice in one process (a
    # preview, then the update): the same owner re-claiming its name is no conflict.
    def program() -> None:
        from failover_components import ownership

        ownership.claim(
            "Route53Failover 'web'",
            zone_name="example.com",
            hostname="www.example.com",
            record_type="A",
        )
        aws("web", aws_args())

    assert len(testing.run(program).failover_sets) == 1


def test_cloud_dns_one_name_under_two_parents_is_two_sets() -> None:
    # CloudDnsFailover passes its parent to the claim, as the other components do.
    import gcp_support

    def program() -> None:
        for parent in ("team-a", "team-b"):
            holder = pulumi.ComponentResource("test:index:Team", parent)
            gcp_support.make("web", gcp_support.two_tiers(), pulumi.ResourceOptions(parent=holder))

    error, _ = refused(program)
    assert error.reasons[0].problem.startswith("CloudDnsFailover 'web' already answers")
