"""FO013 ``acknowledgement-valid``: every acknowledgement names a rule and gives a reason.

Cloud-neutral: it reads the ``acknowledged_policies`` output every component registers, with
the one reading of an acknowledgement the input rules use too
(:func:`~failover_components.policy.catalogue.read_acknowledgement`). Id, level and
explanation: :mod:`failover_components.policy.catalogue`.
"""

from collections.abc import Iterator, Mapping
from typing import Any, cast

from ..base import PolicyConfig, Rule, Violation
from ..catalogue import entry, read_acknowledgement
from ..read import UNKNOWN
from ..views import ResourceView, StackView, output

__all__ = ["RULE", "acknowledgements", "check"]


def acknowledgements(component: ResourceView) -> Any:
    """What ``component`` acknowledges, as registered (rule id or name -> reason), if anything."""
    # The components register it as acknowledged_policies (from policy_acknowledgements).
    return output(component, "acknowledgedPolicies", "acknowledged_policies")


def check(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    """Each acknowledgement that is not a mapping, names no rule, or gives no reason."""
    for component in stack.components():
        acks = acknowledgements(component)
        if acks is None or acks is UNKNOWN:
            continue
        if not isinstance(acks, Mapping):
            yield Violation(
                component,
                f"policy_acknowledgements is not a mapping of rule id or name to reason, got {acks!r}",
            )
            continue
        for key, reason in cast("Mapping[str, Any]", acks).items():
            ack = read_acknowledgement(key, reason)
            if ack.rule is None:
                yield Violation(
                    component,
                    f"acknowledges {key!r}, which is not a rule id or name (see RULES.md)",
                )
            elif reason is not UNKNOWN and ack.reason is None:
                yield Violation(component, f"acknowledges {key!r} without a reason")


RULE = Rule.of(entry("FO013"), check)
"""FO013 with its check."""
