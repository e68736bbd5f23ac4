"""Route 53 DNS failover: ``from failover_components.aws import Route53Failover``.

Importing this module imports ``pulumi_aws`` (its ``route53`` module, and ``kms``,
``cloudwatch`` and ``sns`` for DNSSEC and alerts) and no other cloud SDK.
"""

from .args import Route53AlertsArgs, Route53FailoverArgs
from .component import Route53Failover
from .iam import deployer_policy, dnssec_key_policy
from .rules import check_args

__all__ = [
    "Route53AlertsArgs",
    "Route53Failover",
    "Route53FailoverArgs",
    "check_args",
    "deployer_policy",
    "dnssec_key_policy",
]
