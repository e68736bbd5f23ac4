"""The command line's error paths (issue 14): a file and a line, one error line, an exit code
the help names, JSON that stays JSON, never a traceback for a user's mistake."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "multicloud"
"""The smallest project with a drill to show (one Route 53 set, two tiers): quick to run."""
SMALL_HEADER = "Failover drill of project 'failover-multicloud', stack 'dev'"

# Makes `import <name>` fail as it does when the package is not installed, without touching the
# shared virtualenv: a meta-path finder loaded by sitecustomize in the child process only.
BLOCKER = """
import sys
BLOCKED = {blocked!r}

class _Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, _Blocker())
"""


def cli(
    *args: str, cwd: Path = ROOT, blocked: tuple[str, ...] = (), tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    path = [str(ROOT)]
    if blocked:
        assert tmp is not None
        shim = tmp / "shim"
        shim.mkdir(exist_ok=True)
        (shim / "sitecustomize.py").write_text(BLOCKER.format(blocked=blocked))
        path.insert(0, str(shim))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    return subprocess.run(
        [sys.executable, "-m", "failover_components", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def errors(done: subprocess.CompletedProcess[str]) -> str:
    """stderr without the progress lines a slow program prints every few seconds."""
    return "".join(
        line for line in done.stderr.splitlines(keepends=True) if not line.startswith("planning...")
    )


def project(tmp_path: Path, program: str, stack: str | None = None, meta: str = "") -> Path:
    (tmp_path / "Pulumi.yaml").write_text(meta or "name: p\nruntime: python\n")
    (tmp_path / "__main__.py").write_text(textwrap.dedent(program))
    if stack is not None:
        (tmp_path / "Pulumi.dev.yaml").write_text(stack)
    return tmp_path


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("stack", "Pulumi.dev.yaml:3:4: invalid YAML: expected the node content, but found '-'"),
        ("project", "Pulumi.yaml:2:11: invalid YAML: mapping values are not allowed here"),
    ],
)
@pytest.mark.parametrize("command", ["plan", "drill"])
def test_invalid_yaml_names_the_file_and_line(
    tmp_path: Path, where: str, expected: str, command: str
) -> None:
    if where == "stack":
        project(tmp_path, "pass\n", stack="config:\n  p:x: [\n   - y: 1\n")
    else:
        project(tmp_path, "pass\n", meta="name: p\nruntime: a: b\n")
    done = cli(command, str(tmp_path))
    assert done.returncode == 2
    assert errors(done) == f"failover-components: {tmp_path / expected}\n"
    assert done.stdout == ""


def test_a_program_error_names_its_file_and_line(tmp_path: Path) -> None:
    project(tmp_path, "import pulumi\n\nraise RuntimeError('boom')\n")
    done = cli("plan", str(tmp_path))
    assert done.returncode == 2
    assert "The program failed: __main__.py:3: RuntimeError: boom\n" in done.stdout
    drill = cli("drill", str(tmp_path))
    assert drill.returncode == 2
    assert errors(drill) == "the program failed: __main__.py:3: RuntimeError: boom\n"


@pytest.mark.parametrize(
    ("module", "extra"),
    [("pulumi_azure_native", "azure"), ("pulumi_cloudflare", "cloudflare"), ("pulumi_aws", "aws")],
)
def test_a_missing_extra_says_what_to_install(tmp_path: Path, module: str, extra: str) -> None:
    proj = tmp_path / "proj"
    proj.mkdir()
    project(proj, f"import {module}\n")
    done = cli("plan", str(proj), blocked=(module,), tmp=tmp_path)
    assert done.returncode == 2
    assert (
        f"The program failed: the program needs {module}, which is not installed: pip install "
        f"'failover-components[{extra}]'\n" in done.stdout
    )


def test_drill_plot_without_matplotlib_keeps_the_drill(tmp_path: Path) -> None:
    done = cli(
        "drill", str(SMALL), "--plot", str(tmp_path / "d.png"),
        blocked=("matplotlib",), tmp=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout.startswith(SMALL_HEADER)
    assert errors(done) == (
        "failover-components: --plot: --plot needs matplotlib: pip install "
        "'failover-components[plot]'\n"
    )


def test_drill_plot_into_a_missing_directory_keeps_the_drill(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "no" / "such" / "dir" / "d.png"
    done = cli("drill", str(SMALL), "--plot", str(target))
    assert done.returncode == 2
    assert done.stdout.startswith(SMALL_HEADER)
    (line,) = errors(done).splitlines()
    assert line.startswith("failover-components: --plot: ")
    assert str(target.parent) in line
    assert "Traceback" not in done.stderr


def test_drill_json_into_a_closed_pipe() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "failover_components", "drill", str(SMALL), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # the reader goes away before anything is written, as `| head` can
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=300) == 141
    assert "BrokenPipeError" not in err
    assert "Traceback" not in err


def test_drill_json_on_an_error_is_json() -> None:
    done = cli("drill", str(SMALL), "--down", "no-such-pool", "--json")
    assert done.returncode == 2
    doc = json.loads(done.stdout)
    message = (
        "failover-components: --down no-such-pool matches no pool, endpoint or address of any "
        "failover set"
    )
    assert doc == {"ok": False, "error": message, "errors": [], "results": []}
    assert errors(done) == message + "\n"


def test_drill_json_on_a_config_error_lists_the_reasons(tmp_path: Path) -> None:
    project(
        tmp_path,
        """
        from failover_components.aws import Route53Failover
        Route53Failover("web", {"hostname": None, "zone_name": "example.com", "pools": []})
        """,
    )
    done = cli("drill", str(tmp_path), "--json")
    assert done.returncode == 1
    doc = json.loads(done.stdout)
    assert doc["ok"] is False
    assert doc["errors"][0] == (
        "hostname: null is not a value here, got None; expected a DNS name such as 'example.com'"
    )


@pytest.mark.parametrize("value", ["-5", "soon"])
def test_back_at_must_be_a_whole_number_of_seconds(value: str) -> None:
    done = cli("drill", ".", "--stack", "sample", f"--back-at={value}")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] in (
        "failover-components drill: error: argument --back-at: must be 0 or more seconds, got -5",
        "failover-components drill: error: argument --back-at: not a whole number of seconds: "
        "'soon'",
    )


def test_a_project_directory_after_down_is_the_project(tmp_path: Path) -> None:
    done = cli("drill", "--down", "aws-eu", str(SMALL), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "    down:   web-alb-1234567890.eu-west-1.elb.amazonaws.com\n" in done.stdout
    dot = cli("drill", "--down", "aws-eu", ".", cwd=SMALL)
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout == done.stdout


def test_help_names_exit_codes_and_examples() -> None:
    for args in ((), ("plan",), ("drill",)):
        done = cli(*args, "--help")
        assert done.returncode == 0
        assert "exit codes:\n  0    the plan (or drill) is good\n" in done.stdout
        assert "  141  stdout was closed early" in done.stdout
        assert "failover-components plan . --stack sample" in done.stdout or (
            "failover-components drill . --stack sample --down eu-west" in done.stdout
        )


def test_version_and_python_dash_m() -> None:
    from importlib.metadata import version

    done = cli("--version")
    assert done.returncode == 0
    assert done.stdout == f"failover-components {version('failover-components')}\n"


def _make(target: str, tmp_path: Path) -> str:
    # A dry run (-n) with the virtualenv elsewhere: what a fresh machine would run. Under
    # `make test` this runs inside make: drop the parent's flags, or the child prints
    # "make[1]: Entering directory" around its commands.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"VENV={tmp_path / 'venv'}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_make_plan_installs_only_what_the_plan_needs(tmp_path: Path) -> None:
    plan = _make("plan", tmp_path)
    assert "pip install --quiet -e '.[all]'\n" in plan
    assert "dev" not in plan
    assert plan.rstrip().endswith("failover-components plan . --stack sample")
    test = _make("test", tmp_path)
    assert "pip install --quiet -e '.[all,dev]'" in test
    fuzz = _make("fuzz", tmp_path)
    assert "HYPOTHESIS_PROFILE=fuzz" in fuzz
    assert "tests/test_properties.py" in fuzz
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make plan\nmake test\n" in ci
