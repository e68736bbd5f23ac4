"""What a change to a live stack does, step by step, and whether Route 53 accepts every step.

Two descriptions of a program (``plan --json`` documents) become the steps the Pulumi engine
takes to go from the first to the second (:mod:`failover_components.change_steps`, no cloud
named), and the Route 53 zone model replays them
(:mod:`failover_components.route53_changes`). This module binds the engine to every cloud's
:data:`FORCE_NEW` table and keeps the public names of both in one place.
"""

from collections.abc import Mapping, Sequence

from . import change_steps
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
from .route53_changes import FORCE_NEW as ROUTE53_FORCE_NEW
from .route53_changes import (
    HEALTH_CHECK,
    MAX_SCOPE_STEPS,
    RECORD,
    ZONE,
    Check,
    Refusal,
    check,
    live_after,
)

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

FORCE_NEW: Mapping[str, frozenset[str]] = {
    **ROUTE53_FORCE_NEW,
    # azure-native: a resource's name and resource group are its URL path, so changing them
    # replaces it (https://www.pulumi.com/registry/packages/azure-native/ - every resource's
    # "Import" section: the id is built from these path parameters).
    "azure-native:trafficmanager:Profile": frozenset({"resourceGroupName", "profileName"}),
    "azure-native:trafficmanager:Endpoint": frozenset(
        {"resourceGroupName", "profileName", "endpointName", "endpointType"}
    ),
    "azure-native:dns:RecordSet": frozenset(
        {"resourceGroupName", "zoneName", "relativeRecordSetName", "recordType"}
    ),
    "azure-native:dns:Zone": frozenset({"resourceGroupName", "zoneName"}),
}
"""Inputs whose change replaces the resource, by type token. Types not listed are treated
as updated in place (and :attr:`Check.notes` says their replacement rules are not modelled)."""


def plan_changes(old: Sequence[Resource], new: Sequence[Resource]) -> ChangePlan:
    """The engine's changes and steps from program ``old`` to program ``new``, with every
    cloud's :data:`FORCE_NEW` table."""
    return change_steps.plan_changes(old, new, FORCE_NEW)
