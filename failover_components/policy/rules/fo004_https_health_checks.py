"""FO004 ``https-health-checks``: health checks probe over HTTPS.

This rule has no cloud-neutral part: each cloud reads its own resources for it, in the
``CHECKS`` of its policy module (``policy`` of :data:`failover_components.clouds.CLOUDS`), which
the engine runs beside this rule. Its id, level and explanation are in
:mod:`failover_components.policy.catalogue`.
"""

from ..base import Rule, no_check
from ..catalogue import entry

RULE = Rule.of(entry("FO004"), no_check)
"""FO004 as the catalogue describes it, with no check of its own."""
