"""``failover-components diff`` on real ``plan --json`` output: the sample stack and a changed
copy of it, run as a user runs them (subprocesses), plus its exit codes for bad input."""

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
STACK = "sample"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "failover_components.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def project_copy(tmp: Path, edit: Any) -> Path:
    """A copy of the root project whose sample stack config went through ``edit``."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, tmp / name)
    config = yaml.safe_load((ROOT / f"Pulumi.{STACK}.yaml").read_text())
    edit(config["config"]["failover-sets:failovers"])
    (tmp / f"Pulumi.{STACK}.yaml").write_text(yaml.safe_dump(config))
    return tmp


def plan_file(project: Path, out: Path) -> Path:
    done = cli("plan", str(project), "--stack", STACK, "--json")
    assert done.returncode == 0, done.stderr
    out.write_text(done.stdout)
    return out


def web(sets: list[dict[str, Any]]) -> dict[str, Any]:
    return next(s for s in sets if s["component"] == "web")


def reorder(entries: list[dict[str, Any]]) -> None:
    pools = next(e for e in entries if e["name"] == "web")["pools"]
    pools[0], pools[1] = pools[1], pools[0]


def add_tier(entries: list[dict[str, Any]]) -> None:
    pools = next(e for e in entries if e["name"] == "web")["pools"]
    pools.insert(2, {"name": "ap", "endpoints": [{"name": "ap1", "address": "192.0.2.40"}]})


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plan_file(ROOT, tmp_path_factory.mktemp("plans") / "sample.json")


def test_plan_json_carries_what_diff_needs(sample: Path) -> None:
    doc = json.loads(sample.read_text())
    record = next(r for r in doc["resources"] if r["name"] == "web-level-1-primary")
    assert record["urn"].endswith("$aws:route53/record:Record::web-level-1-primary")
    assert record["parent_urn"].endswith("failover-components:index:Route53Failover::web")
    assert record["custom"] is True
    assert record["aliases"] == [record["urn"].rsplit("::", 1)[0] + "::web-eu-west-failover"]
    assert record["replace_on_changes"] == ["type"]
    calculated = next(r for r in doc["resources"] if r["name"] == "web-eu-west-calculated")
    assert record["property_dependencies"]["healthCheckId"] == [calculated["urn"]]
    assert calculated["urn"] in record["dependencies"]
    assert calculated["id"]


def test_no_change_is_safe_and_says_so(sample: Path) -> None:
    done = cli("diff", str(sample), str(sample))
    assert done.returncode == 0
    assert "No changes" in done.stdout


def test_a_tier_reorder_of_the_sample_stack_is_reviewed_and_safe(
    sample: Path, tmp_path: Path
) -> None:
    changed = plan_file(project_copy(tmp_path, reorder), tmp_path / "new.json")
    done = cli("diff", str(sample), str(changed), "--json")
    assert done.returncode == 0, done.stdout
    doc = json.loads(done.stdout)
    assert doc["safe"] is True
    steps = [(s["op"], s["name"]) for s in web(doc["sets"])["steps"]]
    assert steps == [
        ("update", "web-level-1-primary"),
        ("update", "web-level-2-primary"),
    ]
    answers = [a["answer"] for a in web(doc["sets"])["answers"]]
    assert answers == [
        "pool eu-west: 192.0.2.10, 192.0.2.11",
        "pool us-east: 198.51.100.10",
    ]
    # The other sets did not change.
    assert [s["component"] for s in doc["sets"]] == ["web"]
    text = cli("diff", str(sample), str(changed))
    assert text.returncode == 0
    assert "web (aws, www.example.com)" in text.stdout
    assert "update             aws:route53/record:Record web-level-1-primary" in text.stdout
    assert "SAFE" in text.stdout


def test_adding_a_tier_to_the_sample_stack_adds_a_level(sample: Path, tmp_path: Path) -> None:
    changed = plan_file(project_copy(tmp_path, add_tier), tmp_path / "new.json")
    done = cli("diff", str(sample), str(changed), "--json")
    doc = json.loads(done.stdout)
    assert done.returncode == 0, doc
    ops = {(s["op"], s["name"]) for s in web(doc["sets"])["steps"]}
    assert ("create", "web-level-3-primary") in ops
    assert ("create", "web-ap-ap1-hc") in ops
    assert ("update", "web-level-2-secondary") in ops


def test_an_unsafe_change_exits_1_and_names_the_refused_state(sample: Path, tmp_path: Path) -> None:
    # A hand-made unsafe change: a second PRIMARY record at the hostname, as 0.1.0 made when
    # a tier was added.
    doc = json.loads(sample.read_text())
    extra = dict(next(r for r in doc["resources"] if r["name"] == "web-level-1-primary"))
    extra["name"] = "web-intruder"
    extra["urn"] = extra["urn"].rsplit("::", 1)[0] + "::web-intruder"
    extra["aliases"] = []
    extra["inputs"] = {**extra["inputs"], "setIdentifier": "intruder"}
    doc["resources"].append(extra)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    done = cli("diff", str(sample), str(bad))
    assert done.returncode == 1
    assert (
        "REFUSED by Route 53 (one PRIMARY and one SECONDARY per name and type): "
        "A www.example.com: 2 PRIMARY records (web-intruder, web-level-1-primary)"
    ) in done.stdout
    assert "UNSAFE" in done.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ("[]", "not a JSON object"),
        ('{"resources": 3}', "resources: missing or not a list"),
        ('{"resources": [{"type": "x"}]}', "missing urn, name, inputs"),
        ('{"errors": ["bad"], "resources": []}', "the plan itself failed"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
    ids=[
        "not-json", "not-object", "resources-not-list", "old-plan-format", "failed-plan",
        "not-utf8", "too-deep",
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_the_reason(
    sample: Path, tmp_path: Path, content: str | bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content.encode() if isinstance(content, str) else content)
    done = cli("diff", str(sample), str(bad))
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


MUTATIONS: list[tuple[str, Any, str]] = [
    ("urn", 21, "urn: not a non-empty string, got 21"),
    ("type", None, "type: not a non-empty string, got None"),
    ("name", ["x"], "name: not a non-empty string, got ['x']"),
    ("custom", "yes", "custom: not true or false, got 'yes'"),
    ("custom", 0, "custom: not true or false, got 0"),
    ("delete_before_replace", "no", "delete_before_replace: not true or false, got 'no'"),
    ("ignore_changes", None, "ignore_changes: not a list of strings, got None"),
    ("replace_on_changes", "ttl", "replace_on_changes: not a list of strings, got 'ttl'"),
    ("aliases", "x", "aliases: not a list of strings, got 'x'"),
    ("dependencies", 5, "dependencies: not a list of strings, got 5"),
    ("parent_urn", 7, "parent_urn: not a string or null, got 7"),
    ("inputs", [], "inputs: not an object, got list"),
    ("property_dependencies", [1], "property_dependencies: not an object, got [1]"),
]


def test_every_malformed_resource_field_is_reported_and_exits_2(
    sample: Path, tmp_path: Path
) -> None:
    # One mutation per resource, all in one document: each is reported, none is read as
    # something else (a "yes" read as true, a string as a list of characters).
    doc = json.loads(sample.read_text())
    assert len(doc["resources"]) > len(MUTATIONS)
    for index, (key, value, _message) in enumerate(MUTATIONS):
        doc["resources"][index][key] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    done = cli("diff", str(sample), str(bad))
    assert done.returncode == 2, done.stdout + done.stderr
    for index, (_key, _value, message) in enumerate(MUTATIONS):
        assert f"{bad}.resources[{index}].{message}" in done.stderr


def test_a_repeated_urn_exits_2(sample: Path, tmp_path: Path) -> None:
    doc = json.loads(sample.read_text())
    doc["resources"].append(copy.deepcopy(doc["resources"][3]))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    done = cli("diff", str(sample), str(bad))
    assert done.returncode == 2, done.stdout + done.stderr
    last = len(doc["resources"]) - 1
    assert f"resources[{last}].urn: " in done.stderr
    assert "is also resources[3]'s (URNs are unique)" in done.stderr


def test_a_missing_file_exits_2(sample: Path, tmp_path: Path) -> None:
    done = cli("diff", str(tmp_path / "absent.json"), str(sample))
    assert done.returncode == 2
    assert "absent.json" in done.stderr
