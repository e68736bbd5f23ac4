"""Cloudflare Load Balancing failover:
``from failover_components.cloudflare import CloudflareFailover``.

Importing this package imports no cloud SDK: the component (and ``pulumi_cloudflare`` with it)
is imported when ``CloudflareFailover`` is first used. The args, constants, settings, rules,
layout, resolver, mocks and IAM list of this package never import ``pulumi_cloudflare``.
"""

from typing import TYPE_CHECKING, Any

from .args import CloudflareAlertsArgs, CloudflareFailoverArgs, CloudflarePlan
from .iam import deployer_permissions
from .rules import check_args
from .rules import occupies as occupies  # read through the registry (program.py)

if TYPE_CHECKING:  # pragma: no cover - the real import is lazy (__getattr__)
    from .component import CloudflareFailover

__all__ = [
    "CloudflareAlertsArgs",
    "CloudflareFailover",
    "CloudflareFailoverArgs",
    "CloudflarePlan",
    "check_args",
    "deployer_permissions",
]


def __getattr__(name: str) -> Any:
    if name == "CloudflareFailover":
        from .component import CloudflareFailover

        return CloudflareFailover
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    # The lazy name is listed too, so dir() shows every public name of the package.
    return sorted({*globals(), *__all__})
