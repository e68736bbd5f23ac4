"""What a rule is: its check, what the check is given (:class:`PolicyConfig`) and what it
yields (:class:`Violation`).

The rule files (:mod:`.rules`) and the clouds' policy modules build on this module only, so
the engine (which binds them) imports them and not the other way round.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .catalogue import DEFAULT_BUDGET_SECONDS, DEFAULT_MAX_TTL_SECONDS, Entry
from .read import as_num
from .views import ResourceView, StackView

__all__ = ["STALE", "Check", "PolicyConfig", "Rule", "Violation", "no_check"]


@dataclass(frozen=True)
class Violation:
    """What a rule's check yields: the resource at fault and what is wrong with it."""

    resource: ResourceView
    message: str
    """Lowercase, no trailing period; names the property and the consequence."""


_CONFIG_FIELDS = {
    "budgetSeconds": "budget_seconds",
    "budget_seconds": "budget_seconds",
    "maxTtlSeconds": "max_ttl_seconds",
    "max_ttl_seconds": "max_ttl_seconds",
}


@dataclass(frozen=True)
class PolicyConfig:
    """Settings of the rules that take any (CrossGuard policy config uses the camelCase names)."""

    budget_seconds: int = DEFAULT_BUDGET_SECONDS
    """``budgetSeconds``: the recovery budget FO003 holds every failover component to."""
    max_ttl_seconds: int = DEFAULT_MAX_TTL_SECONDS
    """``maxTtlSeconds``: the largest TTL FO002 accepts on a failover answer."""

    @classmethod
    def of(cls, config: "PolicyConfig | Mapping[str, Any] | None") -> "PolicyConfig":
        """A config from ``None`` (defaults), a config, or a mapping with camelCase or
        snake_case keys; an unknown key or a value that is not a positive whole number is a
        ``ValueError``."""
        if config is None:
            return cls()
        if isinstance(config, PolicyConfig):
            return config
        values: dict[str, int] = {}
        for key, raw in config.items():
            name = _CONFIG_FIELDS.get(key)
            if name is None:
                raise ValueError(
                    f"unknown policy config key {key!r}; expected budgetSeconds or maxTtlSeconds"
                )
            number = as_num(raw)
            if number is None or not number.is_integer() or number < 1:
                raise ValueError(f"policy config {key}: not a positive whole number, got {raw!r}")
            values[name] = int(number)
        return cls(**values)


Check = Callable[[StackView, PolicyConfig], Iterable[Violation]]
"""A rule's check: pure, reads only the resources (and the config)."""


def no_check(_stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    """The cloud-neutral part of a rule that only the clouds' own checks make (none)."""
    yield from ()


@dataclass(frozen=True)
class Rule(Entry):
    """One policy rule: the catalogue's entry (id, name, level, texts) bound to its check."""

    check: Check = field(default=no_check, repr=False, compare=False)
    """Finds the rule's violations; the engine's rules run every cloud's checks beside it."""

    @classmethod
    def of(cls, entry: Entry, check: Check) -> "Rule":
        """The catalogue's ``entry`` bound to ``check``."""
        return cls(**{f.name: getattr(entry, f.name) for f in fields(entry)}, check=check)


STALE = "resolvers keep serving the failed answer that long after failover"
"""Why a long TTL on a failover answer hurts: the end of every FO002 message."""
