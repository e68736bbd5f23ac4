"""The components as a Pulumi component package, for every Pulumi language.

``provider/PulumiPlugin.yaml`` (``runtime: python``) runs ``provider/__main__.py``, which calls
:func:`main`; consumers run ``pulumi package add <this repo>/provider`` and get a generated
SDK for TypeScript, Go, C#, Java or YAML.

One gap in the SDK's analyzer is closed here: it collects the keys of a ``TypedDict`` from its
whole MRO (so ``Route53FailoverArgs`` has every cloud-neutral key of ``FailoverSetArgs``), but
reads their docstrings only from the class itself, so inherited keys would reach the other
languages undocumented. :class:`_DocAnalyzer` also looks in the base classes.
"""

import ast
import inspect
import sys
import textwrap
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import pulumi
from pulumi.provider.experimental import analyzer as _analyzer
from pulumi.provider.experimental import component as _component

from .naming import TYPE_PACKAGE

__all__ = ["PACKAGE_NAME", "component_provider", "components", "main", "schema"]

PACKAGE_NAME = TYPE_PACKAGE
"""The package name: type tokens are ``failover-components:index:<Component>``."""


class _DocAnalyzer(_analyzer.Analyzer):
    """The SDK analyzer, also reading the docstrings of keys inherited from base classes."""

    def get_docstring(self, typ: type, name: str) -> str | None:
        doc = super().get_docstring(typ, name)
        if doc is not None:
            return doc
        for base in _declared_bases(typ):
            if name in getattr(base, "__annotations__", {}):
                found = self.get_docstring(base, name)
                if found is not None:
                    return found
        return None


def _declared_bases(typ: type) -> list[type]:
    """The classes ``typ`` names as its bases. A TypedDict's ``__mro__`` is ``(cls, dict,
    object)`` and Python 3.11 keeps no other link to its TypedDict bases, so read them from
    the class statement, as the analyzer reads docstrings."""
    bases = [b for b in getattr(typ, "__orig_bases__", ()) if isinstance(b, type)]
    if bases:
        return bases
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(typ)))
    except (OSError, TypeError, SyntaxError):
        return []
    module = sys.modules.get(typ.__module__)
    found: list[type] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == typ.__name__:
            for expr in node.bases:
                value: object = module
                for part in ast.unparse(expr).split("."):
                    value = getattr(value, part, None)
                if isinstance(value, type):
                    found.append(value)
    return found


@contextmanager
def _doc_analyzer() -> Generator[None, None, None]:
    """ComponentProvider builds its Analyzer by name from its module: swap ours in meanwhile."""
    namespace: dict[str, Any] = _component.__dict__
    original = namespace["Analyzer"]
    namespace["Analyzer"] = _DocAnalyzer
    try:
        yield
    finally:
        namespace["Analyzer"] = original


def components() -> list[type[pulumi.ComponentResource]]:
    """The hosted components, one per cloud of :data:`failover_components.clouds.CLOUDS`
    (imports every cloud's SDK)."""
    from .clouds import CLOUDS

    return [
        cast("type[pulumi.ComponentResource]", cloud.component_class()) for cloud in CLOUDS.values()
    ]


def component_provider(version: str | None = None) -> _component.ComponentProvider:
    """The SDK's ``ComponentProvider`` for our components, schema inferred offline."""
    from . import __version__

    with _doc_analyzer():
        return _component.ComponentProvider(
            components(), PACKAGE_NAME, None, version or __version__
        )


def schema(version: str | None = None) -> dict[str, Any]:
    """The package schema as the engine would get it from ``GetSchema``."""
    import json

    provider = component_provider(version)
    loaded: dict[str, Any] = json.loads(provider.schema or "{}")
    return loaded


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the components to the Pulumi engine (what ``component_provider_host`` does,
    with the analyzer above)."""
    from pulumi.provider import main as serve

    args = list(sys.argv[1:] if argv is None else argv)
    serve(component_provider(), args)
