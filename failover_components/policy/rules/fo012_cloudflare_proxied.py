"""FO012 ``cloudflare-proxied``: a Cloudflare load balancer is proxied.

This rule has no cloud-neutral part: each cloud reads its own resources for it, in the
``CHECKS`` of its policy module (``policy`` of :data:`failover_components.clouds.CLOUDS`), which
the engine runs beside this rule. Its id, level and explanation are in
:mod:`failover_components.policy.catalogue`.
"""

from ..base import Rule, no_check
from ..catalogue import entry

RULE = Rule.of(entry("FO012"), no_check)
"""FO012 as the catalogue describes it, with no check of its own."""
