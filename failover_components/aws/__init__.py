"""Route 53 DNS failover: ``from failover_components.aws import Route53Failover``.

Importing this package imports no cloud SDK: the component (and ``pulumi_aws.route53`` with
it) is imported when ``Route53Failover`` is first used, ``kms``, ``cloudwatch`` and ``sns``
when a component with DNSSEC or alerts is constructed. The constants, settings, rules, layout,
resolver, mocks and IAM documents of this package never import ``pulumi_aws``.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .args import Route53AlertsArgs, Route53FailoverArgs
from .iam import deployer_policy, dnssec_key_policy
from .rules import check_args

if TYPE_CHECKING:  # pragma: no cover - the real import is lazy (__getattr__)
    from .component import Route53Failover

__all__ = [
    "Route53AlertsArgs",
    "Route53Failover",
    "Route53FailoverArgs",
    "check_args",
    "deployer_policy",
    "dnssec_key_policy",
]

__getattr__, __dir__ = lazy_names(__name__, {"Route53Failover": ".component"}, __all__)
