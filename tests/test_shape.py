"""The shape of the code (issue 15): every cloud is a package with the same modules over one
core, the core reaches a cloud only through the registry, and only a cloud's ``component``
imports its SDK. Read from the source (ast), so a new module that breaks the shape fails here."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from failover_components.clouds import CLOUDS

PACKAGE = Path(__file__).resolve().parent.parent / "failover_components"

CLOUD_MODULES = frozenset(
    {
        "__init__",
        "alerts",
        "args",
        "changes",
        "component",
        "constants",
        "dnssec",
        "iam",
        "layout",
        "mocks",
        "policy",
        "resolver",
        "rules",
        "settings",
    }
)
"""Every cloud package has exactly these modules (ARCHITECTURE.md says what each holds)."""

SDK_MODULES = frozenset({"component", "alerts", "dnssec"})
"""The only modules of a cloud package that import its SDK (alerts and dnssec only when a
component with those features calls them)."""

ROUTE53_ZONE_MODEL = {"changes.py", "diff.py"}
"""Core modules that name one cloud's module: the change review replays steps on the one zone
model there is, Route 53's (``aws.changes``), and keeps the public names issue 13 gave it."""

SHIMS = {
    "simulate/route53.py": "aws",
    "simulate/traffic_manager.py": "azure",
    "simulate/cloudflare.py": "cloudflare",
}
"""Old public paths kept as re-exports of a cloud's resolver (nothing else in them)."""

SDK_PREFIX = "pulumi_"
ALLOWED_TOP_LEVEL = {"pulumi", "pulumi_policy"}


def _cloud_dirs() -> dict[str, Path]:
    return {key: PACKAGE / c.module.rsplit(".", 1)[-1] for key, c in CLOUDS.items()}


def _modules(directory: Path) -> set[str]:
    return {p.stem for p in directory.glob("*.py")}


def _imported(path: Path, root: Path = PACKAGE) -> set[str]:
    """Absolute names of the failover_components modules and packages ``path`` imports
    (anywhere in it, including inside functions), and the top-level names of the rest."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    package = parts[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                stem = ".".join([*base, *([node.module] if node.module else [])])
            else:
                stem = node.module or ""
            out.add(stem)
            out.update(f"{stem}.{alias.name}" for alias in node.names)
    return out


@pytest.mark.parametrize("cloud", sorted(CLOUDS))
def test_every_cloud_package_has_the_same_modules(cloud: str) -> None:
    directory = _cloud_dirs()[cloud]
    assert directory.is_dir(), f"{cloud}: {directory} is not a package"
    assert _modules(directory) == set(CLOUD_MODULES)


@pytest.mark.parametrize("cloud", sorted(CLOUDS))
def test_the_registry_names_each_part_in_the_package(cloud: str) -> None:
    c = CLOUDS[cloud]
    assert (c.resolver, c.mocks, c.policy) == (
        f"{c.module}.resolver",
        f"{c.module}.mocks",
        f"{c.module}.policy",
    )


def _core_files() -> list[Path]:
    clouds = set(_cloud_dirs().values())
    return sorted(p for p in PACKAGE.rglob("*.py") if not any(d in p.parents for d in clouds))


def test_the_shape_checks_can_fail(tmp_path: Path) -> None:
    # The import reader sees relative imports inside functions, the way a cloud would leak in.
    mod = tmp_path / "failover_components" / "simulate" / "x.py"
    mod.parent.mkdir(parents=True)
    mod.write_text(
        "def f():\n    from ..aws.component import Route53Failover\n    import pulumi_aws\n"
    )
    assert _imported(mod, tmp_path / "failover_components") >= {
        "failover_components.aws.component",
        "failover_components.aws.component.Route53Failover",
        "pulumi_aws",
    }


def test_core_modules_reach_a_cloud_only_through_the_registry() -> None:
    cloud_packages = tuple(c.module for c in CLOUDS.values())
    found: dict[str, list[str]] = {}
    for path in _core_files():
        name = str(path.relative_to(PACKAGE))
        hits = sorted(
            m
            for m in _imported(path)
            if m.startswith(cloud_packages) and name not in {*SHIMS, *ROUTE53_ZONE_MODEL}
        )
        sdks = sorted(
            m
            for m in _imported(path)
            if m.split(".")[0].startswith(SDK_PREFIX) and m.split(".")[0] not in ALLOWED_TOP_LEVEL
        )
        if hits or sdks:
            found[name] = hits + sdks
    assert found == {}


@pytest.mark.parametrize(("shim", "cloud"), sorted(SHIMS.items()))
def test_old_resolver_paths_are_only_re_exports(shim: str, cloud: str) -> None:
    tree = ast.parse((PACKAGE / shim).read_text(encoding="utf-8"))
    body = [
        n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
    ]
    kinds = {type(n).__name__ for n in body}
    assert kinds <= {"ImportFrom", "Assign", "AnnAssign"}, kinds
    sources = {(n.level, n.module) for n in body if isinstance(n, ast.ImportFrom)}
    package = CLOUDS[cloud].module.rsplit(".", 1)[-1]
    assert (2, f"{package}.resolver") in sources
    assert sources <= {(2, f"{package}.resolver"), (1, None)}  # and SimulationError from here


@pytest.mark.parametrize("cloud", sorted(CLOUDS))
def test_only_the_component_alerts_and_dnssec_import_the_cloud_sdk(cloud: str) -> None:
    directory = _cloud_dirs()[cloud]
    importers = sorted(
        p.stem
        for p in directory.glob("*.py")
        if any(
            m.split(".")[0].startswith(SDK_PREFIX) and m.split(".")[0] not in ALLOWED_TOP_LEVEL
            for m in _imported(p)
        )
    )
    assert "component" in importers
    assert set(importers) <= SDK_MODULES


@pytest.mark.parametrize("cloud", sorted(CLOUDS))
def test_pure_modules_import_without_any_cloud_sdk(cloud: str) -> None:
    module = CLOUDS[cloud].module
    pure = sorted(CLOUD_MODULES - SDK_MODULES)
    code = (
        "import importlib, sys\n"
        f"for name in {pure!r}: importlib.import_module('{module}.' + name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith('pulumi_')}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
