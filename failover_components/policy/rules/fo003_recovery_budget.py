"""FO003 ``recovery-budget``: every failover component meets the organisation's recovery budget.

Cloud-neutral: it reads the ``worst_case_failover_seconds`` output every component registers,
whatever its cloud. Id, level and explanation: :mod:`failover_components.policy.catalogue`.
"""

from collections.abc import Iterator

from ..base import PolicyConfig, Rule, Violation
from ..catalogue import entry
from ..read import as_num, fmt
from ..views import StackView, output


def check(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
    """Each component whose worst-case failover time is above ``config.budget_seconds``."""
    for component in stack.components():
        worst = as_num(output(component, "worstCaseFailoverSeconds", "worst_case_failover_seconds"))
        if worst is not None and worst > config.budget_seconds:
            yield Violation(
                component,
                f"worst-case failover is {fmt(worst)} s, above the recovery budget of "
                f"{config.budget_seconds} s",
            )


RULE = Rule.of(entry("FO003"), check)
"""FO003 with its check."""
