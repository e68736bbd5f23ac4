"""Failover drills: on the root project, the examples, programs written for the test, and a
deliberately mis-ordered set built by hand with the SDK."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from failover_components.simulate.drill import drill, drill_all, expected_answer, select_down
from failover_components.summary import EndpointSummary, FailoverSetSummary, TierSummary
from failover_components.testing import run_program
from failover_components.timing import route53_timing

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def drill_cli(project: Path | str, *args: str) -> tuple[int, dict[str, Any], str]:
    out = subprocess.run(
        [sys.executable, "-m", "failover_components.cli", "drill", str(project), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    doc: dict[str, Any] = json.loads(out.stdout) if "--json" in args and out.stdout.strip() else {}
    return out.returncode, doc, out.stdout + out.stderr


def test_root_project_primary_down() -> None:
    code, doc, _ = drill_cli(ROOT, "--stack", "sample", "--json")
    assert code == 0
    assert doc["ok"] is True
    by_name = {r["component"]: r for r in doc["results"]}
    web = by_name["web"]
    assert web["before"]["values"] == ["192.0.2.10", "192.0.2.11"]
    assert web["after"]["values"] == ["198.51.100.10"]
    assert web["expected"] == {"tier": "us-east", "values": ["198.51.100.10"]}
    assert web["failed_tier"] == "eu-west"
    events = {e["name"]: e for e in web["timeline"]["events"]}
    assert events["outage starts"]["worst"] == 0
    assert events["caches expired"]["worst"] <= 180  # the set's budget
    assert events["outage ends"]["worst"] == 900
    assert by_name["api"]["after"]["values"] == ["198.51.100.41"]
    assert by_name["shop"]["after"]["values"] == ["198.51.100.60"]
    assert by_name["shop"]["after"]["proxied"] is True


def test_root_project_every_combination() -> None:
    code, doc, _ = drill_cli(ROOT, "--stack", "sample", "--all", "--json")
    assert code == 0
    assert doc["all"] == {"web": [], "api": [], "shop": []}


def test_one_endpoint_of_a_min_healthy_pool_takes_the_tier_down() -> None:
    """eu-west needs both of its endpoints; losing eu1 moves traffic to us-east."""
    code, doc, _ = drill_cli(ROOT, "--stack", "sample", "--down", "eu-west/eu1", "--json")
    assert code == 0
    (web,) = doc["results"]
    assert web["down"] == ["192.0.2.10"]
    assert web["after"]["values"] == ["198.51.100.10"]


def test_everything_down_falls_open() -> None:
    code, doc, _ = drill_cli(ROOT, "--stack", "sample", "--down", "weu", "neu", "--json")
    assert code == 0
    (api,) = doc["results"]
    assert api["expected"]["tier"] is None
    assert api["after"]["fail_open"] is True


def test_unknown_name_is_an_error() -> None:
    code, _, out = drill_cli(ROOT, "--stack", "sample", "--down", "nope")
    assert code == 2
    assert "--down nope matches no pool, endpoint or address" in out


def test_text_output_and_plot(tmp_path: Path) -> None:
    png = tmp_path / "drill.png"
    code, _, out = drill_cli(ROOT, "--stack", "sample", "--plot", str(png))
    assert code == 0
    assert "web (aws) www.example.com" in out
    assert "check:  as promised (expected us-east)" in out
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000


@pytest.mark.parametrize("example", ["aws", "azure", "cloudflare", "multicloud", "config-driven"])
def test_examples_pass_the_gate(example: str) -> None:
    code, doc, out = drill_cli(EXAMPLES / example, "--all", "--json")
    assert code == 0, out
    assert doc["ok"] is True
    assert all(found == [] for found in doc["all"].values())


def write(tmp: Path, files: dict[str, str]) -> Path:
    for name, body in files.items():
        (tmp / name).write_text(textwrap.dedent(body))
    return tmp


MISORDERED = """
import pulumi
import pulumi_aws as aws
from failover_components.summary import EndpointSummary, FailoverSetSummary, TierSummary, report
from failover_components.timing import route53_timing

# Hand-written records: the PRIMARY points at the standby and the SECONDARY at the main site,
# the classic copy-paste mistake. The declared intent (reported below) says main comes first.
zone = "Z0123456789EXAMPLE"
t = route53_timing(interval_seconds=30, failure_threshold=3, check_type="HTTPS", ttl_seconds=60)
checks = {}
for name, ip in (("main", "192.0.2.1"), ("standby", "198.51.100.1")):
    checks[name] = aws.route53.HealthCheck(f"{name}-hc", type="HTTPS", ip_address=ip, port=443,
        fqdn="app.example.com", request_interval=30, failure_threshold=3)
for role, name, ip in (("PRIMARY", "standby", "198.51.100.1"), ("SECONDARY", "main", "192.0.2.1")):
    aws.route53.Record(f"{role.lower()}-record", zone_id=zone, name="app.example.com", type="A",
        ttl=60, records=[ip], set_identifier=role.lower(), health_check_id=checks[name].id,
        failover_routing_policies=[{"type": role}])
tiers = tuple(
    TierSummary(name, i + 1, 1, (EndpointSummary(name, ip, 1, "obey"),), {}, t)
    for i, (name, ip) in enumerate((("main", "192.0.2.1"), ("standby", "198.51.100.1")))
)
report(FailoverSetSummary("hand", "custom", "aws", "app.example.com", "example.com", "A", 60,
    tiers, t, None))
"""


def test_all_catches_a_misordered_hand_built_set(tmp_path: Path) -> None:
    write(tmp_path, {"Pulumi.yaml": "name: hand\nruntime: python\n", "__main__.py": MISORDERED})
    code, doc, _ = drill_cli(tmp_path, "--all", "--json")
    assert code == 1
    assert doc["ok"] is False
    reasons = {tuple(m["tiers_down"]): m for m in doc["all"]["hand"]}
    # Nothing down: the standby answers although main is healthy.
    assert reasons[()]["got"] == ["198.51.100.1"]
    assert reasons[()]["expected"] == {"tier": "main", "values": ["192.0.2.1"]}
    # Main down: the PRIMARY (standby) answers, which is right; standby down: the SECONDARY
    # (main) answers, also right; both down: fail-open. Only the healthy case is wrong.
    assert set(reasons) == {()}


def test_a_correct_hand_built_set_passes(tmp_path: Path) -> None:
    fixed = MISORDERED.replace(
        '("PRIMARY", "standby", "198.51.100.1"), ("SECONDARY", "main", "192.0.2.1")',
        '("PRIMARY", "main", "192.0.2.1"), ("SECONDARY", "standby", "198.51.100.1")',
    )
    assert fixed != MISORDERED
    write(tmp_path, {"Pulumi.yaml": "name: hand\nruntime: python\n", "__main__.py": fixed})
    code, doc, _ = drill_cli(tmp_path, "--all", "--json")
    assert code == 0
    assert doc["all"] == {"hand": []}


def test_drill_api_on_a_program_written_for_the_test(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Pulumi.yaml": "name: api\nruntime: python\n",
            "__main__.py": """
            from failover_components.cloudflare import CloudflareFailover
            CloudflareFailover("cf", {
                "hostname": "app.example.com", "zone_name": "example.com",
                "account_id": "0123456789abcdef0123456789abcdef",
                "zone_id": "fedcba9876543210fedcba9876543210",
                "proxied": False, "ttl": 60,
                "health_check": {"regions": ["WEU"]},
                "pools": [
                    {"name": "one", "endpoints": [{"address": "192.0.2.1"}, {"address": "192.0.2.2"}], "min_healthy": 2},
                    {"name": "two", "endpoints": [{"address": "198.51.100.1"}]},
                    {"name": "three", "endpoints": [{"address": "203.0.113.1"}]},
                ],
            })
            """,
        },
    )
    rec = run_program(tmp_path)
    (summary,) = rec.failover_sets
    result = drill(rec, summary, ["192-0-2-2"], back_at=600)
    assert result.down == ("192.0.2.2",)
    assert result.after.values == ("198.51.100.1",)
    assert result.ok
    assert result.failed_tier is not None
    assert result.failed_tier.name == "one"
    assert result.timeline is not None
    assert result.timeline.event("traffic back").worst > 600
    assert drill_all(rec, summary) == []


def test_expected_answer_rules() -> None:
    t = route53_timing(interval_seconds=30, failure_threshold=3, check_type="HTTPS", ttl_seconds=60)
    summary = FailoverSetSummary(
        "s",
        "custom",
        "aws",
        "h.example.com",
        "example.com",
        "A",
        60,
        (
            TierSummary(
                "a",
                1,
                2,
                (
                    EndpointSummary("x", "192.0.2.1", 1, "obey"),
                    EndpointSummary("y", "192.0.2.2", 1, "up"),
                ),
                {},
                t,
            ),
            TierSummary(
                "b",
                2,
                1,
                (
                    EndpointSummary("z", "192.0.2.3", 1, "down"),
                    EndpointSummary("w", "192.0.2.4", 1, "obey"),
                ),
                {},
                t,
            ),
        ),
        t,
        None,
    )
    assert expected_answer(summary, ()).tier == "a"
    # x down: a has only the always-up y (1 < min_healthy 2); b answers with w (z is drained).
    assert expected_answer(summary, {"192.0.2.1"}).values == frozenset({"192.0.2.4"})
    assert expected_answer(summary, {"192.0.2.1", "192.0.2.4"}).tier is None
    assert select_down(summary, ["a", "b/w", "192.0.2.3"]) == (
        "192.0.2.1",
        "192.0.2.2",
        "192.0.2.4",
        "192.0.2.3",
    )
    with pytest.raises(KeyError, match="'c' is not a pool, endpoint or address"):
        select_down(summary, ["c"])
