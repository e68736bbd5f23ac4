"""Cloudflare Load Balancing failover:
``from failover_components.cloudflare import CloudflareFailover``.

Importing this package imports no cloud SDK: the component (and ``pulumi_cloudflare`` with it)
is imported when ``CloudflareFailover`` is first used. The args, constants, settings, rules,
layout, resolver, mocks and IAM list of this package never import ``pulumi_cloudflare``.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
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

__getattr__, __dir__ = lazy_names(__name__, {"CloudflareFailover": ".component"}, __all__)
