"""The policy engine: each rule of the catalogue bound to its checks (its own cloud-neutral
part and every cloud's), run over a stack, and the findings with their acknowledgements.

The checks of each cloud are in the ``CHECKS`` of its policy module, named by the registry
(``policy`` of :data:`failover_components.clouds.CLOUDS`) and imported on first use; their
documentation (``policy_notes``) is added to the rules' explanations here.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from ..clouds import CLOUDS
from .base import Check, PolicyConfig, Rule, Violation
from .catalogue import Level, entry_for, read_acknowledgement
from .rules import OWN_RULES
from .rules.fo013_acknowledgement_valid import acknowledgements
from .views import ResourceView, StackView, from_recording

if TYPE_CHECKING:  # pragma: no cover - typing only; the testing kit is imported by the caller
    from ..testing import Recording

__all__ = [
    "RULES",
    "Finding",
    "check_recording",
    "evaluate",
    "failures",
    "rule",
    "rule_for",
]


@dataclass(frozen=True)
class Finding:
    """One rule violated by one resource."""

    rule_id: str
    rule_name: str
    level: Level
    component: str | None
    """The failover component the resource belongs to, or ``None`` (hand-written)."""
    resource: tuple[str, str]
    """``(type, name)`` of the resource at fault."""
    message: str
    acknowledged: bool = False
    """The component acknowledged this rule with a reason: reported, never a failure."""
    acknowledgement: str | None = None
    """The acknowledgement's reason."""
    urn: str = ""

    @property
    def failing(self) -> bool:
        """An unacknowledged error: fails ``plan --strict`` and a CrossGuard run."""
        return self.level is Level.ERROR and not self.acknowledged

    def __str__(self) -> str:
        where = f"{self.component}: " if self.component else ""
        text = f"{self.level.value} {self.rule_id} {self.rule_name}: {where}{self.resource[0]} {self.resource[1]}: {self.message}"
        if self.acknowledged:
            text += f" (acknowledged: {self.acknowledgement})"
        return text

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data with stable keys."""
        return {
            "rule_id": self.rule_id,
            "rule_name": self.rule_name,
            "level": self.level.value,
            "component": self.component,
            "resource": {"type": self.resource[0], "name": self.resource[1]},
            "message": self.message,
            "acknowledged": self.acknowledged,
            "acknowledgement": self.acknowledgement,
        }


def failures(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that fail a strict run: unacknowledged errors."""
    return [f for f in findings if f.failing]


def _with_clouds(rule: Rule) -> Rule:
    """``rule`` also running every cloud's checks for it (``policy`` of
    :data:`failover_components.clouds.CLOUDS`; imported on first use) and documenting those of
    the clouds that give notes (``policy_notes``)."""
    extra = [n for n in (c.notes().get(rule.id) for c in CLOUDS.values()) if n is not None]
    own = rule.check

    def check(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
        yield from own(stack, config)
        for cloud in CLOUDS.values():
            module = cloud.policy_module()
            cloud_check = getattr(module, "CHECKS", {}).get(rule.id) if module else None
            if cloud_check is not None:
                yield from cast("Check", cloud_check)(stack, config)

    return replace(
        rule,
        check=check,
        explanation=" ".join([rule.explanation, *(n[0] for n in extra)]),
        applies_to=" ".join([rule.applies_to, *(n[1] for n in extra)]),
    )


RULES: tuple[Rule, ...] = tuple(_with_clouds(r) for r in OWN_RULES)
"""The catalogue, in id order, each rule with its checks. ``RULES.md`` is generated from it."""


def rule(key: str) -> Rule:
    """The rule with this id (any case) or name; ``KeyError`` if none."""
    found = rule_for(key)
    if found is None:
        raise KeyError(key)
    return found


def rule_for(key: object) -> Rule | None:
    """The rule with this id (any case) or name, or ``None`` (the catalogue's lookup)."""
    found = entry_for(key)
    return next((r for r in RULES if r.id == found.id), None) if found else None


def _acknowledgement_for(component: ResourceView, target: Rule) -> str | None:
    """The reason ``component`` gives for acknowledging ``target``, if it gives one."""
    acks = acknowledgements(component)
    if not isinstance(acks, Mapping):
        return None
    for key, reason in cast("Mapping[str, Any]", acks).items():
        ack = read_acknowledgement(key, reason)
        if ack.rule is not None and ack.rule.id == target.id and ack.reason is not None:
            return ack.reason
    return None


def evaluate(
    resources: Iterable[ResourceView],
    *,
    config: PolicyConfig | Mapping[str, Any] | None = None,
    rules: Iterable[Rule] = RULES,
) -> list[Finding]:
    """Every finding of ``rules`` over ``resources``, sorted by rule, component and resource.

    ``config`` takes :class:`PolicyConfig` or a mapping (``{"budgetSeconds": 600}``).
    """
    stack = StackView(resources)
    settings = PolicyConfig.of(config)
    findings: list[Finding] = []
    for r in rules:
        for violation in r.check(stack, settings):
            component = stack.component_of(violation.resource)
            reason = (
                _acknowledgement_for(component, r)
                if component is not None and r.acknowledgeable
                else None
            )
            findings.append(
                Finding(
                    rule_id=r.id,
                    rule_name=r.name,
                    level=r.level,
                    component=component.name if component is not None else None,
                    resource=(violation.resource.type, violation.resource.name),
                    message=violation.message,
                    acknowledged=reason is not None,
                    acknowledgement=reason,
                    urn=violation.resource.urn,
                )
            )
    return sorted(
        findings,
        key=lambda f: (f.rule_id, f.component or "", f.resource, f.message),
    )


def check_recording(
    recording: "Recording",
    *,
    config: PolicyConfig | Mapping[str, Any] | None = None,
    rules: Iterable[Rule] = RULES,
) -> list[Finding]:
    """:func:`evaluate` over what a :func:`failover_components.testing.run` recorded."""
    return evaluate(from_recording(recording), config=config, rules=rules)
