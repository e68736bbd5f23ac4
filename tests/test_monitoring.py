"""``failover-components monitoring``: the files it writes, checked by the real tools.

blackbox_exporter (Debian's 0.23) loads the generated modules and probes a local
authoritative DNS server (dnslib on a loopback port) whose answers the test switches between
tier 1, tier 2 and undeclared addresses; ``promtool`` checks and unit-tests the rules. Tests
that need those tools skip with the reason when they are absent (CI installs them).
"""

import copy
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import live_dns
import pytest
import yaml
from live_dns import BLACKBOX, PROMTOOL, ROOT, cli

from failover_components.monitoring import (
    HostPort,
    default_dns_server,
    monitoring_files,
    parse_host_port,
)
from failover_components.observe import go_quote, set_views

needs_blackbox = pytest.mark.skipif(
    BLACKBOX is None,
    reason="prometheus-blackbox-exporter is not installed (apt-get install "
    "prometheus-blackbox-exporter; .ci/run does)",
)
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool is not installed (apt-get install prometheus; .ci/run does)"
)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample-monitoring")
    run = cli("monitoring", str(ROOT), "--stack", "sample", "--out", str(out),
              "--dns-server", "192.0.2.53")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert f"wrote 5 files for 3 failover set(s) into {out}" in run.stdout
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return live_dns.write_project(tmp_path_factory.mktemp("live-project"))


@pytest.fixture(scope="module")
def live_plan(project: Path) -> dict[str, Any]:
    return live_dns.plan_json(project)


@pytest.fixture(scope="module")
def live_out(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("live-monitoring")
    run = cli("monitoring", str(project), "--stack", "live", "--out", str(out),
              "--dns-server", "127.0.0.1:5353", "--exporter", "127.0.0.1:19115")  # fmt: skip
    assert run.returncode == 0, run.stderr
    return out


# ---- what is written -----------------------------------------------------------------------


def test_output_is_deterministic(sample_out: Path, tmp_path: Path) -> None:
    """A second run from a fresh process writes byte-identical files."""
    run = cli("monitoring", str(ROOT), "--stack", "sample", "--out", str(tmp_path),
              "--dns-server", "192.0.2.53")  # fmt: skip
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in sample_out.iterdir())
    assert names == ["README.md", "blackbox.yml", "prometheus.yml", "rules.test.yml", "rules.yml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    for name in names:
        assert (tmp_path / name).read_bytes() == (sample_out / name).read_bytes(), name


def test_sample_modules_per_cloud(sample_out: Path) -> None:
    modules = load(sample_out / "blackbox.yml")["modules"]
    assert sorted(modules) == [
        "fo_api_dns_declared",
        "fo_api_dns_tier1",
        "fo_api_northeurope_https",
        "fo_api_westeurope_https",
        "fo_shop_dns_declared",  # proxied: no tier-1 module, the tier is not in DNS
        "fo_shop_dr_https",
        "fo_shop_primary_https",
        "fo_web_dns_declared",
        "fo_web_dns_tier1",
        "fo_web_eu_west_https",
        "fo_web_maintenance_https",
        "fo_web_us_east_https",
    ]
    web = modules["fo_web_eu_west_https"]
    assert web == {
        "prober": "http",
        "timeout": "6s",
        "http": {
            "method": "GET",
            "follow_redirects": False,
            "preferred_ip_protocol": "ip4",
            "headers": {"Host": "www.example.com"},
            "fail_if_not_ssl": True,
            # Route 53 does not validate certificates, sends SNI, and takes 200-399.
            "tls_config": {"insecure_skip_verify": True, "server_name": "www.example.com"},
            "valid_status_codes": list(range(200, 400)),
        },
    }
    api = modules["fo_api_westeurope_https"]["http"]
    assert "valid_status_codes" not in api  # 200-299: blackbox_exporter's default, 2xx
    assert api["headers"] == {"Host": "api.example.net"}
    shop = modules["fo_shop_primary_https"]
    assert shop["timeout"] == "5s"
    assert "valid_status_codes" not in shop["http"]  # 2xx: blackbox_exporter's default
    # Cloudflare validates the origin's certificate unless allow_insecure.
    assert shop["http"]["tls_config"] == {
        "insecure_skip_verify": False,
        "server_name": "shop.example.org",
    }
    assert modules["fo_web_dns_tier1"]["dns"]["query_name"] == "www.example.com"
    assert modules["fo_web_dns_tier1"]["dns"]["query_type"] == "A"


def _matches(regexes: list[str], rr: str) -> bool:
    # The generated expressions stay within what Go's RE2 and Python's re read alike.
    return all(re.match(r, rr) for r in regexes)


@pytest.mark.parametrize(
    ("rr", "tier1", "declared"),
    [
        ("www.example.com.\t60\tIN\tA\t192.0.2.10", True, True),
        ("WWW.example.com.\t5\tIN\tA\t192.0.2.11", True, True),
        ("www.example.com.\t60\tIN\tA\t198.51.100.10", False, True),
        ("www.example.com.\t60\tIN\tA\t203.0.113.10", False, True),
        ("www.example.com.\t60\tIN\tA\t192.0.2.1", False, False),
        ("www.example.com.\t60\tIN\tA\t192.0.2.100", False, False),
        ("www.example.com.\t60\tIN\tCNAME\tevil.example.", False, False),
    ],
)
def test_dns_answer_expressions(sample_out: Path, rr: str, tier1: bool, declared: bool) -> None:
    modules = load(sample_out / "blackbox.yml")["modules"]
    t1 = modules["fo_web_dns_tier1"]["dns"]["validate_answer_rrs"]
    assert _matches(t1["fail_if_not_matches_regexp"], rr) is tier1
    assert _matches(t1["fail_if_none_matches_regexp"], rr) is tier1
    d = modules["fo_web_dns_declared"]["dns"]["validate_answer_rrs"]
    assert list(d) == ["fail_if_not_matches_regexp"]
    assert _matches(d["fail_if_not_matches_regexp"], rr) is declared


def test_scrape_targets_and_labels(sample_out: Path) -> None:
    doc = load(sample_out / "prometheus.yml")
    assert doc["rule_files"] == ["rules.yml"]
    dns_job, ep_job = doc["scrape_configs"]
    assert dns_job["job_name"] == "failover-dns"
    assert dns_job["metrics_path"] == "/probe"
    assert dns_job["relabel_configs"][-1] == {
        "target_label": "__address__",
        "replacement": "127.0.0.1:9115",
    }
    first = dns_job["static_configs"][0]
    assert first == {
        "targets": ["192.0.2.53:53"],
        "labels": {
            "__param_module": "fo_web_dns_tier1",
            "check": "tier1",
            "cloud": "aws",
            "endpoint": "any",
            "hostname": "www.example.com",
            "pool": "eu-west",
            "set": "web",
            "tier": "1",
        },
    }
    assert [s["labels"]["__param_module"] for s in dns_job["static_configs"]] == [
        "fo_web_dns_tier1",
        "fo_web_dns_declared",
        "fo_api_dns_tier1",
        "fo_api_dns_declared",
        "fo_shop_dns_declared",
    ]
    targets = {
        (s["labels"]["set"], s["labels"]["pool"], s["labels"]["endpoint"]): s["targets"][0]
        for s in ep_job["static_configs"]
    }
    # The maintenance page has status 'up': the cloud never probes it, neither do we.
    assert targets == {
        ("web", "eu-west", "eu1"): "https://192.0.2.10:443/healthz",
        ("web", "eu-west", "eu2"): "https://192.0.2.11:443/healthz",
        ("web", "us-east", "us1"): "https://198.51.100.10:443/healthz",
        ("api", "westeurope", "weu"): "https://198.51.100.40:443/health",
        ("api", "northeurope", "neu"): "https://198.51.100.41:443/health",
        ("shop", "primary", "a"): "https://203.0.113.20:443/status",
        ("shop", "primary", "b"): "https://203.0.113.21:443/status",
        ("shop", "dr", "dr1"): "https://198.51.100.60:443/status",
    }
    # The slowest module (Traffic Manager's 10 s timeout) fits in the scrape timeout.
    assert ep_job["scrape_timeout"] == "12s"


def test_rules_follow_each_sets_times(sample_out: Path) -> None:
    groups = {g["name"]: g["rules"] for g in load(sample_out / "rules.yml")["groups"]}
    assert list(groups) == ["failover-web", "failover-api", "failover-shop"]
    web = {r["alert"]: r for r in groups["failover-web"]}
    assert list(web) == [
        "FailoverActive",
        "FailoverUndeclaredAnswer",
        "FailoverDNSProbeFailing",
        "FailoverEndpointDown",
        "FailoverStuck",
    ]
    assert web["FailoverActive"]["for"] == "46s"  # the set's detection time
    assert web["FailoverStuck"]["for"] == "90s"  # the set's worst-case recovery
    assert "for" not in web["FailoverUndeclaredAnswer"]  # pages at once
    assert web["FailoverUndeclaredAnswer"]["labels"]["severity"] == "page"
    assert web["FailoverStuck"]["labels"]["severity"] == "page"
    # Tier 1 (eu-west) needs both endpoints healthy (min_healthy 2).
    assert web["FailoverStuck"]["expr"].startswith(
        'count by (set) (probe_success{job="failover-endpoints", set="web", tier="1"} == 1) >= 2'
    )
    api = {r["alert"]: r for r in groups["failover-api"]}
    assert api["FailoverActive"]["for"] == "130s"
    assert api["FailoverStuck"]["for"] == "60s"
    shop = [r["alert"] for r in groups["failover-shop"]]
    assert shop == ["FailoverUndeclaredAnswer", "FailoverDNSProbeFailing", "FailoverEndpointDown"]


def test_readme_says_what_cannot_be_seen(sample_out: Path) -> None:
    text = (sample_out / "README.md").read_text()
    assert "# Failover monitoring of project `failover-sets`, stack `sample`" in text
    assert "DNS probes ask `192.0.2.53:53`" in text
    assert "| shop | cloudflare | shop.example.org A | fo_shop_dns_declared | 3 | - | - |" in text
    assert (
        "| web | aws | www.example.com A | fo_web_dns_tier1, fo_web_dns_declared | 3 | 46 s | 90 s |"
        in text
    )
    assert "- `api`: the hostname is a CNAME to api-" in text
    assert "promtool test rules rules.test.yml" in text


def test_unknown_cloud_and_unknown_addresses_are_read_generically(
    live_plan: dict[str, Any],
) -> None:
    """A cloud this version does not know gets the generic reading of its health check;
    addresses known only after deployment get no DNS module."""
    web = copy.deepcopy(live_plan["failover_sets"][0])
    web["cloud"] = "othercloud"
    web["facts"] = {}
    for tier in web["tiers"]:
        tier["health_check"] = {"type": "HTTPS", "port": 8443, "request_path": "/hc",
                                "host": "www.example.com", "timeout_sec": 4}  # fmt: skip
    late = copy.deepcopy(web)
    late["component"] = "late"
    late["tiers"][1]["endpoints"][0]["address"] = "<known after deployment>"
    files = monitoring_files(
        [web, late], project="p", stack="s", dns_server=HostPort("127.0.0.1", 53)
    )
    modules = yaml.safe_load(files.files["blackbox.yml"])["modules"]
    assert sorted(modules) == [
        "fo_late_primary_https",
        "fo_late_secondary_https",
        "fo_web_dns_declared",
        "fo_web_dns_tier1",
        "fo_web_primary_https",
        "fo_web_secondary_https",
    ]
    http = modules["fo_web_primary_https"]
    assert http["timeout"] == "4s"
    assert http["http"]["headers"] == {"Host": "www.example.com"}
    targets = yaml.safe_load(files.files["prometheus.yml"])["scrape_configs"][1]["static_configs"]
    assert targets[0]["targets"] == ["https://198.51.100.10:8443/hc"]
    assert (
        "- `late`: some endpoint addresses are only known after deployment"
        in files.files["README.md"]
    )
    assert [v.cloud for v in set_views([web])] == ["othercloud"]
    assert "valid_status_codes" not in http["http"]  # blackbox_exporter's default: any 2xx


def test_cloud_dns_sets_are_probed_as_google_checks_them(live_plan: dict[str, Any]) -> None:
    """Google's health checks pass on 200 only, match ``response`` in the body and do not
    validate certificates: the generated probe does the same."""
    web = copy.deepcopy(live_plan["failover_sets"][0])
    web["cloud"] = "gcp"
    web["facts"] = {}
    for tier in web["tiers"]:
        tier["health_check"] = {"type": "HTTPS", "port": 8443, "request_path": "/hc",
                                "host": "www.example.com", "timeout_sec": 4,
                                "response": "ok", "check_interval_sec": 30}  # fmt: skip
    files = monitoring_files([web], project="p", stack="s", dns_server=HostPort("127.0.0.1", 53))
    http = yaml.safe_load(files.files["blackbox.yml"])["modules"]["fo_web_primary_https"]
    assert http["timeout"] == "4s"
    assert http["http"]["valid_status_codes"] == [200]
    assert http["http"]["headers"] == {"Host": "www.example.com"}
    assert http["http"]["fail_if_body_not_matches_regexp"] == ["ok"]
    assert http["http"]["tls_config"]["insecure_skip_verify"] is True


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("127.0.0.1", 53, HostPort("127.0.0.1", 53)),
        ("127.0.0.1:5353", 53, HostPort("127.0.0.1", 5353)),
        ("ns1.example.com:53", None, HostPort("ns1.example.com", 53)),
        ("[::1]:5353", 53, HostPort("::1", 5353)),
        ("[::1]", 53, HostPort("::1", 53)),
        ("2001:db8::53", 53, HostPort("2001:db8::53", 53)),
    ],
)
def test_parse_host_port(text: str, default: int | None, expected: HostPort) -> None:
    assert parse_host_port(text, default) == expected


@pytest.mark.parametrize(
    ("text", "default", "message"),
    [
        ("127.0.0.1", None, "a port is required, got '127.0.0.1'; expected HOST:PORT"),
        ("127.0.0.1:0", 53, "port '0' in '127.0.0.1:0' is not 1-65535"),
        ("127.0.0.1:http", 53, "port 'http' in '127.0.0.1:http' is not 1-65535"),
        ("[::1", 53, "missing ']' in '[::1'"),
        ("[::1]x", 53, "expected ':PORT' after ']' in '[::1]x'"),
        (":53", 53, "no host in ':53'"),
    ],
)
def test_parse_host_port_errors(text: str, default: int | None, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        parse_host_port(text, default)
    assert str(info.value) == message


def test_default_dns_server_is_the_first_resolv_conf_nameserver(tmp_path: Path) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("# comment\nsearch example.com\nnameserver fe80::1%eth0\nnameserver 10.0.0.2\n")
    assert default_dns_server(str(conf)) == HostPort("fe80::1", 53)
    conf.write_text("search example.com\n")
    assert default_dns_server(str(conf)) is None
    assert default_dns_server(str(tmp_path / "missing")) is None
    assert str(HostPort("fe80::1", 53)) == "[fe80::1]:53"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    run = cli("monitoring", str(ROOT), "--stack", "sample", "--out", str(tmp_path),
              "--exporter", "127.0.0.1")  # fmt: skip
    assert run.returncode == 2
    assert "a port is required, got '127.0.0.1'; expected HOST:PORT" in run.stderr
    run = cli("monitoring", str(tmp_path / "nowhere"), "--out", str(tmp_path))
    assert run.returncode == 2
    run = cli("monitoring", str(ROOT))
    assert run.returncode == 2
    assert "--out" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_invalid_config_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    live_dns.write_project(project)
    bad = (project / "Pulumi.web.yaml").read_text().replace("198.51.100.11", "198.51.100.300")
    (project / "Pulumi.web.yaml").write_text(bad)
    out = tmp_path / "out"
    run = cli("monitoring", str(project), "--stack", "web", "--out", str(out), "--dns-server",
              "127.0.0.1")  # fmt: skip
    assert run.returncode == 1
    assert "failovers[0].pools[0].endpoints[1].address: not an IPv4 address" in run.stderr
    assert not out.exists()


# ---- the real tools ------------------------------------------------------------------------


@needs_blackbox
def test_blackbox_exporter_accepts_the_modules(sample_out: Path, live_out: Path) -> None:
    assert BLACKBOX is not None
    for out in (sample_out, live_out):
        check = subprocess.run(
            [BLACKBOX, f"--config.file={out / 'blackbox.yml'}", "--config.check"],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr
        assert "Config file is ok" in check.stderr


@needs_promtool
def test_promtool_checks_and_unit_tests_pass(sample_out: Path, live_out: Path) -> None:
    assert PROMTOOL is not None
    for out in (sample_out, live_out):
        for args in (
            ["check", "rules", "rules.yml"],
            ["check", "config", "prometheus.yml"],
            ["test", "rules", "rules.test.yml"],
        ):
            run = subprocess.run([PROMTOOL, *args], capture_output=True, text=True, cwd=out)
            assert run.returncode == 0, (args, run.stdout, run.stderr)
    tests = load(sample_out / "rules.test.yml")
    names = [t["name"] for t in tests["tests"]]
    assert names == [
        "web: all healthy",
        "web: undeclared answer",
        "web: dns probe failing",
        "web: failover active",
        "web: stuck failover",
        "web: tier 1 short of min_healthy",
        "api: all healthy",
        "api: undeclared answer",
        "api: dns probe failing",
        "api: failover active",
        "api: stuck failover",
        "shop: all healthy",
        "shop: undeclared answer",
        "shop: dns probe failing",
    ]


@needs_promtool
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("for: 46s", "for: 2m"),  # FailoverActive of web waits longer than its detection
        ("for: 90s", "for: 30s"),  # FailoverStuck of web fires too early
        ("== 1) >= 2", "== 1) >= 1"),  # tier 1 counted healthy with one endpoint of two
    ],
)
def test_promtool_unit_tests_catch_a_changed_rule(
    sample_out: Path, tmp_path: Path, old: str, new: str
) -> None:
    """The generated unit tests fail when a rule drifts from the set's numbers."""
    assert PROMTOOL is not None
    for name in ("rules.yml", "rules.test.yml"):
        shutil.copy(sample_out / name, tmp_path / name)
    rules = (tmp_path / "rules.yml").read_text()
    assert old in rules
    (tmp_path / "rules.yml").write_text(rules.replace(old, new, 1))
    run = subprocess.run(
        [PROMTOOL, "test", "rules", "rules.test.yml"], capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 1, run.stdout
    assert "FAILED" in run.stdout + run.stderr


@pytest.fixture(scope="module")
def exporter(live_out: Path) -> Iterator[str]:
    if BLACKBOX is None:
        pytest.skip("prometheus-blackbox-exporter is not installed")
    with live_dns.blackbox(live_out / "blackbox.yml") as url:
        yield url


TM = "{profile}.trafficmanager.net."


@pytest.mark.parametrize(
    ("state", "module", "answers", "success"),
    [
        ("tier 1", "fo_web_dns_tier1", live_dns.TIER1, 1),
        ("tier 1", "fo_web_dns_declared", live_dns.TIER1, 1),
        ("one tier-1 address", "fo_web_dns_tier1", live_dns.TIER1[:1], 1),
        ("tier 2", "fo_web_dns_tier1", live_dns.TIER2, 0),
        ("tier 2", "fo_web_dns_declared", live_dns.TIER2, 1),
        ("undeclared", "fo_web_dns_tier1", live_dns.UNDECLARED, 0),
        ("undeclared", "fo_web_dns_declared", live_dns.UNDECLARED, 0),
        ("tier 1 + undeclared", "fo_web_dns_tier1", live_dns.TIER1 + live_dns.UNDECLARED, 0),
        ("tier 1 + undeclared", "fo_web_dns_declared", live_dns.TIER1 + live_dns.UNDECLARED, 0),
        ("no data", "fo_web_dns_tier1", (), 0),
        ("no data", "fo_web_dns_declared", (), 0),
        ("hijack by CNAME", "fo_web_dns_declared",
         ("www.example.com. 1 IN CNAME evil.example.", "evil.example. 1 IN A 192.0.2.10"), 0),
    ],
)  # fmt: skip
def test_real_exporter_web_dns_modules(
    exporter: str, state: str, module: str, answers: tuple[str, ...], success: int
) -> None:
    with live_dns.dns_server() as (zone, port):
        zone.set("www.example.com", "A", answers)
        metrics = live_dns.probe(exporter, module, f"127.0.0.1:{port}")
        for _ in range(2):  # a query lost on a busy machine is not what is tested here
            if metrics["probe_dns_answer_rrs"] or not answers:
                break
            metrics = live_dns.probe(exporter, module, f"127.0.0.1:{port}")
        assert metrics["probe_success"] == success, (state, metrics)
        assert metrics["probe_dns_answer_rrs"] == len(answers)
        assert ("www.example.com.", "A") in zone.queries


@pytest.mark.parametrize(
    ("answers", "tier1", "declared"),
    [
        ((f"api.example.net. 30 IN CNAME {TM}", f"{TM} 30 IN A 198.51.100.40"), 1, 1),
        ((f"api.example.net. 30 IN CNAME {TM}", f"{TM} 30 IN A 198.51.100.41"), 0, 1),
        ((f"api.example.net. 30 IN CNAME {TM}", f"{TM} 30 IN A 192.0.2.99"), 0, 0),
        # The zone's own name servers answer only the CNAME: not tier 1, nothing undeclared.
        ((f"api.example.net. 30 IN CNAME {TM}",), 0, 1),
        (("api.example.net. 30 IN CNAME other.trafficmanager.net.",), 0, 0),
    ],
)
def test_real_exporter_traffic_manager_chain(
    exporter: str, live_plan: dict[str, Any], answers: tuple[str, ...], tier1: int, declared: int
) -> None:
    profile = live_plan["failover_sets"][1]["facts"]["profile_dns_name"]
    with live_dns.dns_server() as (zone, port):
        zone.set("api.example.net", "A", [a.format(profile=profile) for a in answers])
        target = f"127.0.0.1:{port}"
        assert live_dns.probe(exporter, "fo_api_dns_tier1", target)["probe_success"] == tier1
        assert live_dns.probe(exporter, "fo_api_dns_declared", target)["probe_success"] == declared


@pytest.mark.parametrize(
    ("answers", "success"),
    [
        (("shop.example.org. 300 IN A 104.16.1.1",), 1),  # Cloudflare's edge
        (("shop.example.org. 300 IN A 203.0.113.20",), 0),  # an origin: the proxy is bypassed
        ((), 0),
    ],
)
def test_real_exporter_proxied_cloudflare(
    exporter: str, answers: tuple[str, ...], success: int
) -> None:
    with live_dns.dns_server() as (zone, port):
        zone.set("shop.example.org", "A", answers)
        metrics = live_dns.probe(exporter, "fo_shop_dns_declared", f"127.0.0.1:{port}")
        assert metrics["probe_success"] == success


def test_go_quote_matches_literals() -> None:
    text = "ok (v1.2) [x]+*?{}^$|\\ and spaces"
    assert re.fullmatch(go_quote(text), text)
    assert go_quote("a b") == "a b"  # RE2 rejects Python's escaped space


def test_alias_targets_get_no_dns_modules(live_plan: dict[str, Any]) -> None:
    web = copy.deepcopy(live_plan["failover_sets"][0])
    web["tiers"][0]["endpoints"][0]["address"] = "lb-1.eu-west-1.elb.amazonaws.com"
    files = monitoring_files([web], project="p", stack="s", dns_server=HostPort("127.0.0.1", 53))
    modules = yaml.safe_load(files.files["blackbox.yml"])["modules"]
    assert sorted(modules) == ["fo_web_primary_http", "fo_web_secondary_http"]
    readme = files.files["README.md"]
    assert "- `web`: alias (host-name) endpoints answer their targets' addresses" in readme
    assert (
        "- `web`: pool 'primary' endpoint 'p1': lb-1.eu-west-1.elb.amazonaws.com is not an IP"
        in readme
    )
