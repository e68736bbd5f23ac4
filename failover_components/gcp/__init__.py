"""Google Cloud DNS failover: ``from failover_components.gcp import CloudDnsFailover``.

Importing this package imports no cloud SDK: the component (and ``pulumi_gcp.dns`` with it) is
imported when ``CloudDnsFailover`` is first used, ``pulumi_gcp.compute`` and
``pulumi_gcp.monitoring`` when one is constructed. The rules, the layout, the resolver, the
mocks and the policy checks of this package never import ``pulumi_gcp``.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .args import CloudDnsAlertsArgs, CloudDnsFailoverArgs
from .iam import deployer_roles
from .rules import check_args

if TYPE_CHECKING:  # pragma: no cover - the real import is lazy (__getattr__)
    from .component import CloudDnsFailover

__all__ = [
    "CloudDnsAlertsArgs",
    "CloudDnsFailover",
    "CloudDnsFailoverArgs",
    "check_args",
    "deployer_roles",
]

__getattr__, __dir__ = lazy_names(__name__, {"CloudDnsFailover": ".component"}, __all__)
