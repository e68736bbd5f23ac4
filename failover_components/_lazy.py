"""Names a package gives but imports only on first use (PEP 562 ``__getattr__``/``__dir__``).

Each cloud package's component class pulls in the cloud SDK, and the policy package's engine
builds every rule; both are imported when a name is first read, so ``import
failover_components.<cloud>`` loads no SDK and importing the policy catalogue builds no rule.
"""

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, where: Mapping[str, str], public: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: each name of ``where`` is loaded from its
    module (relative to ``package``) on first read and kept in the package, so later reads are
    plain attribute reads. ``dir()`` lists the lazy names and ``public`` too."""
    listed = frozenset({*where, *public})

    def getattr_(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    def dir_() -> list[str]:
        return sorted({*vars(sys.modules[package]), *listed})

    return getattr_, dir_
