"""FO008 ``health-alerts``: someone is told when a failover set fails over.

The cloud-neutral part: a failover component with no alert resource of any cloud among its
descendants. Hand-written failover sets need an alert of their own cloud's kind, which each
cloud checks in the ``CHECKS`` of its policy module. Id, level and explanation:
:mod:`failover_components.policy.catalogue`.
"""

from collections.abc import Iterator

from ...clouds import CLOUDS
from ..base import PolicyConfig, Rule, Violation
from ..catalogue import entry
from ..views import StackView, base_type

__all__ = ["ALERT_TYPES", "RULE", "check"]

ALERT_TYPES = frozenset(t for c in CLOUDS.values() for t in c.alert_types)
"""Type tokens of every cloud's alert resources (``alert_types`` of the registry)."""


def check(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    """Each failover component without an alert resource among its descendants."""
    for component in stack.components():
        if not any(base_type(r.type) in ALERT_TYPES for r in stack.descendants(component)):
            yield Violation(
                component,
                "no alert resource (CloudWatch alarm, Azure Monitor metric alert, Cloudflare "
                "notification policy or Cloud Monitoring alert policy) under this failover "
                "component: nobody is told when it "
                "fails over",
            )


RULE = Rule.of(entry("FO008"), check)
"""FO008 with its cloud-neutral check."""
