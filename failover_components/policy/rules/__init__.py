"""The rules, one per file (the cdk-nag layout): ``fo<nnn>_<name>.py`` binds the catalogue's
entry to the rule's cloud-neutral check. What each cloud adds is in the ``CHECKS`` of its
policy module, which the engine runs beside these (``policy`` of
:data:`failover_components.clouds.CLOUDS`).
"""

from ..base import Rule
from .fo001_primary_health_checked import RULE as FO001
from .fo002_failover_ttl import RULE as FO002
from .fo003_recovery_budget import RULE as FO003
from .fo004_https_health_checks import RULE as FO004
from .fo005_route53_checker_regions import RULE as FO005
from .fo006_cloudflare_monitor_tls import RULE as FO006
from .fo007_zone_dnssec import RULE as FO007
from .fo008_health_alerts import RULE as FO008
from .fo009_second_tier import RULE as FO009
from .fo010_probe_public_address import RULE as FO010
from .fo011_route53_check_enabled import RULE as FO011
from .fo012_cloudflare_proxied import RULE as FO012
from .fo013_acknowledgement_valid import RULE as FO013
from .fo014_route53_checkable_address import RULE as FO014

__all__ = ["OWN_RULES"]

OWN_RULES: tuple[Rule, ...] = (
    FO001,
    FO002,
    FO003,
    FO004,
    FO005,
    FO006,
    FO007,
    FO008,
    FO009,
    FO010,
    FO011,
    FO012,
    FO013,
    FO014,
)
"""Every rule with its cloud-neutral check only, in id order."""
