"""The shape of the package: no import cycle, no module over 600 lines, the policy catalogue a
leaf, and the policy rules reaching each cloud's checks without any cloud SDK.

The import graph is read from the source (``ast``), so it also sees imports inside functions,
which a cycle hides behind until the function runs; only ``if TYPE_CHECKING:`` imports are left
out (they never run).
"""

import ast
import json
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "failover_components"
MAX_LINES = 600


def module_files(root: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package under ``root``: dotted name -> file (a package is its
    ``__init__.py``)."""
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: at module level, in functions and classes, in
    ``try`` and ``else`` branches; not in the body of ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]))
        else:
            yield from _imports(node)


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _with_packages(target: str, importer: str) -> set[str]:
    """``target`` and every package Python initialises to import it, but for the importer's own
    packages (being initialised already when it runs)."""
    parts = target.split(".")
    own = importer.split(".")
    out = {target}
    for i in range(1, len(parts)):
        prefix = ".".join(parts[:i])
        if own[:i] != parts[:i]:
            out.add(prefix)
    return out


def import_graph(modules: Mapping[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules of the package that importing it imports (directly)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), str(path))
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in _imports(tree):
            if isinstance(node, ast.Import):
                found = [a.name for a in node.names]
            else:
                source = _absolute(name, is_package, node)
                found = [source]
                found += [
                    f"{source}.{a.name}" for a in node.names if f"{source}.{a.name}" in modules
                ]
            for target in found:
                if target in modules:
                    targets |= _with_packages(target, name) & set(modules)
        graph[name] = targets - {name}
    return graph


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component: list[str] = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph(module_files())) == []


def test_the_cycle_check_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    # The shape policy.py and validation.py had: one imports the other at the top, the other
    # imports it back inside a function. And one behind TYPE_CHECKING, which never runs.
    pkg = tmp_path / "failover_components"
    (pkg / "policy").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "validation.py").write_text(
        "def acks():\n    from .policy import RULES\n    return RULES\n"
    )
    (pkg / "policy" / "__init__.py").write_text("from .engine import RULES\n")
    (pkg / "policy" / "engine.py").write_text("from ..validation import acks\nRULES = ()\n")
    (pkg / "timing.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import model\n"
    )
    (pkg / "model.py").write_text("from . import timing\n")
    graph = import_graph(module_files(pkg))
    assert graph["failover_components.validation"] == {"failover_components.policy"}
    assert graph["failover_components.timing"] == set()
    assert cycles(graph) == [
        [
            "failover_components.policy",
            "failover_components.policy.engine",
            "failover_components.validation",
        ]
    ]


def test_importing_a_submodule_also_imports_its_packages() -> None:
    # validation imports failover_components.policy.catalogue, which runs policy/__init__.py.
    graph = import_graph(module_files())
    assert {"failover_components.policy", "failover_components.policy.catalogue"} <= graph[
        "failover_components.validation"
    ]


def lengths() -> dict[str, int]:
    """Lines of every module of the package, by path from the repository root."""
    return {
        path.relative_to(ROOT).as_posix(): len(path.read_text().splitlines())
        for path in module_files().values()
    }


def test_no_module_is_over_600_lines() -> None:
    assert {path: n for path, n in lengths().items() if n > MAX_LINES} == {}


def test_the_policy_catalogue_is_a_leaf() -> None:
    graph = import_graph(module_files())
    assert graph["failover_components.policy.catalogue"] == set()


def test_the_rule_files_name_no_cloud() -> None:
    # A rule's cloud-neutral part reads no cloud's module; the clouds' checks come through the
    # registry (failover_components.clouds), imported by the engine on first use.
    modules = module_files()
    graph = import_graph(modules)
    clouds = {"aws", "azure", "cloudflare", "gcp"}
    rule_files = [m for m in modules if m.startswith("failover_components.policy.rules")]
    assert len(rule_files) == 15  # the package and FO001..FO014
    for name in rule_files:
        named = {t for t in graph[name] if t.split(".")[1:2] in ([c] for c in clouds)}
        assert named == set(), name


CLOUD_SDKS = ("pulumi_aws", "pulumi_azure_native", "pulumi_cloudflare", "pulumi_gcp")


@pytest.mark.parametrize(
    "statement",
    [
        "import failover_components.policy.catalogue",
        "import failover_components.validation",
        "from failover_components.policy import RULES",
    ],
)
def test_policy_and_validation_import_in_any_order(statement: str) -> None:
    # policy/__init__ builds no rule when the input rules import the catalogue, so importing
    # either first works (a cycle at run time would raise ImportError here).
    code = (
        f"{statement}\nimport failover_components.policy as p, failover_components.validation\n"
        "print(len(p.RULES))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "14"


def test_every_rule_runs_over_every_cloud_without_a_cloud_sdk() -> None:
    # The CrossGuard pack installs this library without the cloud SDKs, so running the rules,
    # each cloud's checks included, must not import one. The stack holds a resource of every
    # type the checks read, so every cloud's checks module is loaded and run.
    code = (
        f"SDKS = {CLOUD_SDKS!r}\n"
        + """
import json, sys
from failover_components.clouds import CLOUDS
from failover_components.policy import RULES, ResourceView, evaluate
import failover_components.policy as p
types = [getattr(p, n) for n in dir(p) if n.isupper() and isinstance(getattr(p, n), str)
         and ":" in getattr(p, n) and not getattr(p, n).startswith("http")]
types += [t for c in CLOUDS.values() for t in c.alert_types]
views = [ResourceView(type=t, name=f"r{i}", urn=f"urn:{i}", parent=None, props={})
         for i, t in enumerate(types)]
views.append(ResourceView(type="gcp:dns/recordSet:RecordSet", name="gcp", urn="urn:gcp",
                          parent=None, props={"routingPolicy": {"primaryBackup": {}}}))
findings = evaluate(views)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in SDKS)
checks = sorted(m for m in sys.modules if m.startswith("failover_components.") and m.count(".") == 2
                and m.endswith(".policy"))
print(json.dumps([loaded, checks, len(types), sorted({f.rule_id for f in findings})]))
"""
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, checks, n_types, rule_ids = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == []
    assert checks == [
        "failover_components.aws.policy",
        "failover_components.azure.policy",
        "failover_components.cloudflare.policy",
        "failover_components.gcp.policy",
    ]
    assert n_types == 17 + 4  # the 17 tokens the package names, and each cloud's alert type
    # Empty resources: unsigned zones (FO007), DNS-only load balancers (FO012) and the hand-
    # written failover sets with no alert (FO008) and one tier (FO009) of every cloud.
    assert rule_ids == ["FO004", "FO007", "FO008", "FO009", "FO012"]
