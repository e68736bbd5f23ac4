"""The offline plan command, on the root project, a broken config and a program written for
this test; plus the progress indication."""

import io
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from failover_components.cli import main, plan_document, render_plan
from failover_components.cli_plan import Progress as _Progress

ROOT = Path(__file__).resolve().parent.parent


def plan_json(project: Path | str, *extra: str) -> tuple[int, dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "failover_components.cli", "plan", str(project), "--json", *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return out.returncode, json.loads(out.stdout)


@pytest.fixture(scope="module")
def root_plan() -> dict[str, Any]:
    code, doc = plan_json(ROOT, "--stack", "sample")
    assert code == 0, doc
    return doc


def test_root_plan_declares_the_sample_sets(root_plan: dict[str, Any]) -> None:
    assert (root_plan["project"], root_plan["stack"]) == ("failover-sets", "sample")
    assert root_plan["errors"] == []
    components = [(r["type"], r["name"]) for r in root_plan["resources"] if r["parent"] is None]
    assert components == [
        ("failover-components:index:CloudflareFailover", "shop"),
        ("failover-components:index:Route53Failover", "web"),
        ("failover-components:index:TrafficManagerFailover", "api"),
    ]
    by_name = {s["component"]: s for s in root_plan["failover_sets"]}
    assert set(by_name) == {"web", "api", "shop"}
    web = by_name["web"]
    assert (web["cloud"], web["hostname"], web["record_type"], web["ttl"]) == (
        "aws",
        "www.example.com",
        "A",
        60,
    )
    assert [t["name"] for t in web["tiers"]] == ["eu-west", "us-east", "maintenance"]
    assert [e["address"] for e in web["tiers"][0]["endpoints"]] == ["192.0.2.10", "192.0.2.11"]
    assert web["tiers"][0]["min_healthy"] == 2
    assert web["tiers"][2]["endpoints"][0]["status"] == "up"
    assert web["budget_seconds"] == 180
    assert web["timing"]["worst_case_failover_seconds"] <= 180
    # The terms add up to the worst case, and every one is named.
    assert (
        sum(t["seconds"] for t in web["timing"]["terms"])
        == web["timing"]["worst_case_failover_seconds"]
    )
    assert by_name["shop"]["ttl"] == 0  # proxied: no resolver cache in the path
    assert root_plan["outputs"]["failovers"]["web"]["fqdn"] == "www.example.com"


def test_root_plan_children_are_parented_to_their_component(root_plan: dict[str, Any]) -> None:
    children = [r for r in root_plan["resources"] if r["parent"] is not None]
    assert children
    assert all(
        r["name"].startswith(f"{r['parent']}-") or r["parent"] in r["name"] for r in children
    )


def test_text_plan_shows_tree_sets_and_times() -> None:
    doc, code = plan_document(str(ROOT), "sample")
    assert code == 0
    text = render_plan(doc)
    assert "Offline plan of project 'failover-sets', stack 'sample'" in text
    assert "  failover-components:index:Route53Failover  web" in text
    assert "web: www.example.com A on aws (Route53Failover), ttl 60 s" in text
    assert "tier 1  eu-west  (healthy while >= 2 endpoint(s) are)" in text
    assert "budget 180 s (ok)" in text
    assert "worst case = interval" in text


def write(tmp: Path, files: dict[str, str]) -> Path:
    for name, body in files.items():
        (tmp / name).write_text(textwrap.dedent(body))
    return tmp


def test_broken_config_exits_non_zero_with_paths(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Pulumi.yaml": "name: broken\nruntime: python\n",
            "__main__.py": "from failover_components.program import main\nmain()\n",
            "Pulumi.dev.yaml": """
            config:
              broken:failovers:
                - name: web
                  cloud: aws
                  hostname: www.example.com
                  zone_name: example.com
                  zone_id: Z0123456789EXAMPLE
                  pools:
                    - name: a
                      endpoints: [{address: 192.0.2.1}]
                    - name: b
                      endpoints: [{address: 192.0.2.2}, {address: 203.0.113.300}]
            """,
        },
    )
    code, doc = plan_json(tmp_path)
    assert code == 1
    assert doc["errors"] == [
        "failovers[0].pools[1].endpoints[1].address: not an IPv4 address, got '203.0.113.300'; "
        "expected an IPv4 or IPv6 address or a host name"
    ]
    assert doc["resources"] == []
    text = subprocess.run(
        [sys.executable, "-m", "failover_components.cli", "plan", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    assert (
        "Invalid configuration (1 problem(s)):\n  - failovers[0].pools[1].endpoints[1].address"
        in text
    )


def test_any_python_project_a_hand_written_program(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Pulumi.yaml": "name: mine\nruntime:\n  name: python\nmain: src/\n",
            "Pulumi.prod.yaml": "config:\n  mine:ttl: '20'\n",
        },
    )
    (tmp_path / "src").mkdir()
    write(
        tmp_path / "src",
        {
            "__main__.py": """
            import pulumi
            from failover_components.azure import TrafficManagerFailover

            tm = TrafficManagerFailover("edge", {
                "hostname": "edge.example.com",
                "zone_name": "example.com",
                "resource_group_name": "rg",
                "ttl": int(pulumi.Config().require("ttl")),
                "pools": [
                    {"name": "one", "endpoints": [{"address": "198.51.100.1"}]},
                    {"name": "two", "endpoints": [{"address": "198.51.100.2"}]},
                ],
            })
            pulumi.export("fqdn", tm.fqdn)
            """
        },
    )
    code, doc = plan_json(tmp_path)
    assert code == 0, doc
    (fset,) = doc["failover_sets"]
    assert (fset["component"], fset["cloud"], fset["ttl"]) == ("edge", "azure", 20)
    assert [t["name"] for t in fset["tiers"]] == ["one", "two"]
    # interval 30 + 3 x 30 + timeout 10 + ttl 20
    assert fset["timing"]["worst_case_failover_seconds"] == 150
    assert doc["outputs"] == {"fqdn": "edge.example.com"}


def test_program_crash_is_reported_as_such(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Pulumi.yaml": "name: crash\nruntime: python\n",
            "__main__.py": "raise RuntimeError('boom')\n",
        },
    )
    code, doc = plan_json(tmp_path)
    assert code == 2
    assert doc["failure"] == "__main__.py:1: RuntimeError: boom"


def test_missing_project_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", str(tmp_path / "nowhere")]) == 2
    assert "no Pulumi.yaml" in capsys.readouterr().err


def test_secrets_are_never_printed(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Pulumi.yaml": "name: sec\nruntime: python\n",
            "Pulumi.dev.yaml": "config:\n  sec:token:\n    secure: AAABAK8=\n",
            "__main__.py": """
            import pulumi
            pulumi.export("plain", "visible")
            pulumi.export("hidden", pulumi.Output.secret("s3cr3t-value"))
            """,
        },
    )
    out = subprocess.run(
        [sys.executable, "-m", "failover_components.cli", "plan", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "s3cr3t-value" not in out.stdout
    doc = json.loads(out.stdout)
    assert doc["outputs"] == {"hidden": "[secret]", "plain": "visible"}
    assert doc["secret_config_keys"] == ["sec:token"]


def test_progress_lines_for_long_runs() -> None:
    stream = io.StringIO()
    count = iter(range(1000))
    with _Progress(stream, lambda: next(count), first_after=0.05):
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert lines
    assert lines[0].startswith("planning... 0 resources registered")


def test_no_progress_for_quick_runs() -> None:
    stream = io.StringIO()
    with _Progress(stream, lambda: 0, first_after=5):
        pass
    assert stream.getvalue() == ""
