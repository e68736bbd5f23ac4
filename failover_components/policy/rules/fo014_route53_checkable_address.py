"""FO014 ``route53-checkable-address``: a Route 53 health check probes no special-use address.

This rule has no cloud-neutral part: each cloud reads its own resources for it, in the
``CHECKS`` of its policy module (``policy`` of :data:`failover_components.clouds.CLOUDS`), which
the engine runs beside this rule. Its id, level and explanation are in
:mod:`failover_components.policy.catalogue`.
"""

from ..base import Rule, no_check
from ..catalogue import entry

RULE = Rule.of(entry("FO014"), no_check)
"""FO014 as the catalogue describes it, with no check of its own."""
