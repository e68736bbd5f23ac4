"""The three components as a Pulumi component package, for every Pulumi language.

``provider/PulumiPlugin.yaml`` (``runtime: python``) runs ``provider/__main__.py``, which calls
:func:`main`; consumers run ``pulumi package add <this repo>/provider`` and get a generated
SDK for TypeScript, Go, C#, Java or YAML.

One gap in the SDK's analyzer is closed here: it collects the keys of a ``TypedDict`` from its
whole MRO (so ``Route53FailoverArgs`` has every cloud-neutral key of ``FailoverSetArgs``), but
reads their docstrings only from the class itself, so inherited keys would reach the other
languages undocumented. :class:`_DocAnalyzer` also looks in the base classes.
"""

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

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
        for base in typ.__mro__[1:]:
            if name in getattr(base, "__annotations__", {}):
                return super().get_docstring(base, name)
        return None


@contextmanager
def _doc_analyzer() -> Iterator[None]:
    original = _component.Analyzer
    _component.Analyzer = _DocAnalyzer  # type: ignore[misc]
    try:
        yield
    finally:
        _component.Analyzer = original  # type: ignore[misc]


def components() -> list[type[pulumi.ComponentResource]]:
    """The hosted components (imports all three cloud SDKs)."""
    from .aws import Route53Failover
    from .azure import TrafficManagerFailover
    from .cloudflare import CloudflareFailover

    return [Route53Failover, TrafficManagerFailover, CloudflareFailover]


def component_provider(version: str | None = None) -> _component.ComponentProvider:
    """The SDK's ``ComponentProvider`` for our components, schema inferred offline."""
    from . import __version__

    with _doc_analyzer():
        return _component.ComponentProvider(components(), PACKAGE_NAME, None, version or __version__)


def schema(version: str | None = None) -> dict[str, Any]:
    """The package schema as the engine would get it from ``GetSchema``."""
    import json

    provider = component_provider(version)
    return dict(json.loads(provider.schema))  # pyright: ignore[reportUnknownArgumentType]


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the components to the Pulumi engine (what ``component_provider_host`` does,
    with the analyzer above)."""
    from pulumi.provider import main as serve

    args = list(sys.argv[1:] if argv is None else argv)
    serve(component_provider(), args)
