"""The core parser's shape: small functions, modules under 600 lines, no cloud SDK, and every
name ``failover_components.validation`` exported before the split still importable from it."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import failover_components.validation as validation

PACKAGE = Path(validation.__file__).parent
CORE = ("validation", "reader", "addresses", "health_check", "alerts")
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 600

NAMES_BEFORE_THE_SPLIT = {
    "ARGS_PATH",
    "MAX_TTL",
    "address_reasons",
    "as_list",
    "check_keys",
    "checked_address",
    "classify_address",
    "email_list_reasons",
    "email_problem",
    "email_reasons",
    "hostname_problem",
    "normalise_name",
    "parse_failover_set",
    "typeddict_keys",
    "unprobeable_network",
}
"""Every function and constant of the module before it was split (its imports aside)."""


def test_validation_keeps_every_name_it_had() -> None:
    assert set(dir(validation)) >= NAMES_BEFORE_THE_SPLIT
    assert set(validation.__all__) <= NAMES_BEFORE_THE_SPLIT


@pytest.mark.parametrize("module", CORE)
def test_core_modules_are_small(module: str) -> None:
    source = (PACKAGE / f"{module}.py").read_text()
    assert len(source.splitlines()) < MAX_MODULE_LINES
    long = {
        node.name: (node.end_lineno or node.lineno) - node.lineno + 1
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (node.end_lineno or node.lineno) - node.lineno + 1 >= MAX_FUNCTION_LINES
    }
    assert long == {}


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_no_cloud_sdk(module: str) -> None:
    code = (
        f"import json, sys\nimport failover_components.{module}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules if m.startswith("
        "('pulumi_', 'matplotlib'))})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
