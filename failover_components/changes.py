"""What a change to a live stack does, step by step, and whether Route 53 accepts every step.

Two descriptions of a program (``plan --json`` documents) become the steps the Pulumi engine
takes to go from the first to the second (:mod:`failover_components.change_steps`, no cloud
named), and the Route 53 zone model replays them
(:mod:`failover_components.aws.changes`, the one cloud whose change batches are modelled). This module binds the engine to every cloud's
:data:`FORCE_NEW` table and keeps the public names of both in one place.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import cast

from . import change_steps
from .aws.changes import (
    HEALTH_CHECK,
    MAX_SCOPE_STEPS,
    RECORD,
    ZONE,
    Check,
    Refusal,
    check,
    live_after,
)
from .change_steps import (
    Action,
    Change,
    ChangePlan,
    Op,
    PlanInputError,
    Resource,
    Step,
    alias_urns,
    resources_from_plan,
    top_component,
)
from .clouds import CLOUDS

__all__ = [
    "FORCE_NEW",
    "HEALTH_CHECK",
    "MAX_SCOPE_STEPS",
    "RECORD",
    "ZONE",
    "Action",
    "Change",
    "ChangePlan",
    "Check",
    "Op",
    "PlanInputError",
    "Refusal",
    "Resource",
    "Step",
    "alias_urns",
    "check",
    "live_after",
    "plan_changes",
    "resources_from_plan",
    "top_component",
]


def _force_new() -> dict[str, frozenset[str]]:
    """Every cloud's table (``changes`` of :data:`~failover_components.clouds.CLOUDS`). An
    entry naming a nested input (``routingPolicy.healthCheck``) is left to that cloud's own
    model: the engine compares top-level inputs only."""
    table: dict[str, frozenset[str]] = {}
    for cloud in CLOUDS.values():
        own = cast("Mapping[str, Iterable[str]]", cloud.changes_module().FORCE_NEW)
        for type_, keys in own.items():
            table[type_] = frozenset(k for k in keys if "." not in k)
    return table


FORCE_NEW: Mapping[str, frozenset[str]] = _force_new()
"""Inputs whose change replaces the resource, by type token. Types not listed are treated
as updated in place (and :attr:`Check.notes` says their replacement rules are not modelled)."""


def plan_changes(old: Sequence[Resource], new: Sequence[Resource]) -> ChangePlan:
    """The engine's changes and steps from program ``old`` to program ``new``, with every
    cloud's :data:`FORCE_NEW` table."""
    return change_steps.plan_changes(old, new, FORCE_NEW)
