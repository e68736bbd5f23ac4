"""What every cloud component does the same way: validate everything before registering
anything, check the recovery-time budget, and report its plan summary."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, cast

import pulumi

from .errors import FailoverConfigError, Reason
from .model import FailoverSet
from .timing import FailoverTiming, budget_reasons, slowest
from .validation import parse_failover_set

R = TypeVar("R")

CloudKeyCheck = Callable[[Mapping[str, Any]], list[Reason]]
"""Checks the cloud's own top-level keys; runs even when the neutral keys are broken."""
CloudSetCheck = Callable[[FailoverSet, Mapping[str, Any]], list[Reason]]
"""Checks the parsed set against the cloud's rules."""


def collect_reasons(
    args: Mapping[str, Any],
    *,
    args_type: type,
    cloud_keys: CloudKeyCheck,
    cloud_set: CloudSetCheck,
) -> tuple[FailoverSet | None, list[Reason]]:
    """Every reason ``args`` cannot be declared on this cloud, and the parsed set if none."""
    fset, reasons = parse_failover_set(args, args_type=args_type)
    if isinstance(cast(object, args), Mapping):
        reasons.extend(cloud_keys(args))
    if fset is not None:
        # cloud_set reads the cloud's keys defensively: a bad cloud key is reported by
        # cloud_keys, and the set's own cloud rules are still checked, so one run shows all.
        reasons.extend(cloud_set(fset, args))
    return (fset if not reasons else None), reasons


def is_plain(value: object) -> bool:
    """True when ``value`` is known now (not an Output or another awaitable)."""
    return not isinstance(value, pulumi.Output) and not hasattr(value, "__await__")


def lift(fn: Callable[..., R], *inputs: Any) -> "pulumi.Input[R]":
    """``fn(*inputs)`` now when every input is plain, else an Output that applies it later.

    Most inputs are plain strings: computing them directly spares the engine an Output and an
    apply task for each (they add up to ~a third of a component's cost in a program of 1000
    failover sets; see benchmarks/)."""
    if all(is_plain(v) for v in inputs):
        return fn(*inputs)
    return pulumi.Output.all(*inputs).apply(lambda values: fn(*values))


def known(value: R) -> "pulumi.Output[R]":
    """An Output that is already resolved to a plain ``value``.

    ``Output.from_input`` walks dicts and lists and gathers them with ``Output.all`` (tasks on
    the event loop); an output attribute whose value is known at construction needs none.
    """
    import asyncio

    loop = asyncio.get_event_loop()
    futures: list[asyncio.Future[Any]] = [loop.create_future() for _ in range(3)]
    for future, result in zip(futures, (value, True, False), strict=True):
        future.set_result(result)
    return pulumi.Output(set(), futures[0], futures[1], futures[2])


STATE_OUTPUTS = ("fqdn", "worst_case_failover_seconds", "acknowledged_policies")
"""The outputs a component registers into its state. Every output stays an attribute (and
reaches other languages, which read attributes); the state keeps what the policy pack reads
and what people look for. Registering all of them costs a third more per failover set in a
program of 1000 sets (benchmarks/: 1.36x the hand-written program instead of 1.24x)."""


def register_state(component: pulumi.ComponentResource) -> None:
    """``register_outputs`` with :data:`STATE_OUTPUTS`: the last step of every component."""
    component.register_outputs({key: getattr(component, key) for key in STATE_OUTPUTS})


def tier_budget_reasons(fset: FailoverSet, tier_timings: Sequence[FailoverTiming]) -> list[Reason]:
    """The budget check over every tier that can fail over (all but the last)."""
    if fset.max_failover_seconds is None or len(tier_timings) < 2:
        return []
    worst = slowest(tier_timings[:-1])
    index = list(tier_timings).index(worst)
    return budget_reasons(worst, fset.max_failover_seconds, tier=fset.pools[index].name)


def validated(
    args: Mapping[str, Any],
    subject: str,
    *,
    args_type: type,
    cloud_keys: CloudKeyCheck,
    cloud_set: CloudSetCheck,
) -> FailoverSet:
    """The parsed set, or one :class:`FailoverConfigError` with every reason."""
    fset, reasons = collect_reasons(
        args, args_type=args_type, cloud_keys=cloud_keys, cloud_set=cloud_set
    )
    FailoverConfigError.raise_if_any(reasons, subject)
    assert fset is not None
    return fset
