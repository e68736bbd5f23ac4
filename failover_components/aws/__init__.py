"""Route 53 DNS failover: ``from failover_components.aws import Route53Failover``.

Importing this module imports ``pulumi_aws`` (its ``route53`` module) and no other cloud SDK.
"""

from .args import Route53FailoverArgs
from .component import Route53Failover
from .rules import check_args

__all__ = ["Route53Failover", "Route53FailoverArgs", "check_args"]
