"""What every cloud component does the same way: validate everything before registering
anything, check the recovery-time budget, and report its plan summary."""

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Optional, TypeVar, cast

import pulumi

from .errors import FailoverConfigError, Reason
from .model import FailoverSet
from .summary import FailoverSetSummary, report
from .timing import FailoverTiming, budget_reasons, slowest
from .validation import parse_failover_set

R = TypeVar("R")
C = TypeVar("C", bound=type)

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


def snapshot(args: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """The given top-level keys of ``args`` (those present), their plain dicts and lists copied.

    What a component reads again after construction (its deferred outputs and its summary)
    must be what it was declared with, even when the caller reuses one args dict for several
    components and changes it in between. Outputs and scalars are kept as they are."""
    return {key: _copy_plain(args[key]) for key in keys if key in args}


def _copy_plain(value: Any) -> Any:
    # Args keys are strings; the casts name what the isinstance checks cannot.
    if isinstance(value, Mapping):
        return {k: _copy_plain(v) for k, v in cast("Mapping[str, Any]", value).items()}
    if isinstance(value, (list, tuple)):
        return [_copy_plain(v) for v in cast("Sequence[Any]", value)]
    return value


def optional(value: "Optional[pulumi.Output[R]]") -> "pulumi.Output[Optional[R]]":
    """``value``, or an Output already resolved to ``None`` when there is none (an optional
    feature that is off)."""
    return known(None) if value is None else value


STATE_OUTPUTS = ("fqdn", "worst_case_failover_seconds", "acknowledged_policies")
"""The outputs a component registers into its state. Every output stays an attribute (and
reaches other languages, which read attributes); the state keeps what the policy pack reads
and what people look for. Registering every output made each of them an Output resolved on
the event loop whether or not anyone read it: a program of 1000 sets then cost 1.36x the
hand-written one (benchmarks/)."""


def register_state(
    component: pulumi.ComponentResource,
    *,
    fqdn: "pulumi.Input[str]",
    worst_case_failover_seconds: int,
    acknowledged_policies: Mapping[str, str],
) -> None:
    """``register_outputs`` with :data:`STATE_OUTPUTS`: the last step of every component.

    The values go in as they are (plain when known): the engine stores the same state either
    way, and plain values spare it an Output and its futures per key."""
    component.register_outputs(
        {
            "fqdn": fqdn,
            "worst_case_failover_seconds": worst_case_failover_seconds,
            "acknowledged_policies": dict(acknowledged_policies),
        }
    )


def finish(
    component: pulumi.ComponentResource,
    summary: Callable[[], FailoverSetSummary],
    *,
    fqdn: "pulumi.Input[str]",
    worst_case_failover_seconds: int,
    acknowledged_policies: Mapping[str, str],
) -> None:
    """The last step of every component: report how to build its plan summary (built when the
    plan or a test drains it) and register its state."""
    report(summary)
    register_state(
        component,
        fqdn=fqdn,
        worst_case_failover_seconds=worst_case_failover_seconds,
        acknowledged_policies=acknowledged_policies,
    )


class _Deferred:
    """A class attribute that builds an output on its first read, with the instance's
    ``_<name>_output()``, and leaves the value on the instance (later reads find it there:
    this descriptor defines no ``__set__``, so the instance's own attribute wins)."""

    __slots__ = ("_builder", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._builder = f"_{name}_output"

    def __get__(self, instance: Optional[object], owner: Optional[type] = None) -> Any:
        if instance is None:
            return self
        value = getattr(instance, self._builder)()
        instance.__dict__[self._name] = value
        return value


def deferred_outputs(cls: C) -> C:
    """Class decorator: every public output annotated on ``cls`` is built when first read.

    Each output needs a method ``_<name>_output(self)`` that builds it from what the
    constructor kept (checked here, at import). An output nobody reads costs nothing: no
    Output, no futures, no apply task on the event loop. In a program of 1000 failover sets
    those objects were a tenth of the run, most of it garbage collection of a heap they
    grew (benchmarks/). Reads are unchanged for users, for ``pulumi.export`` and for the
    component provider, which reads every output attribute after construction. Type checkers
    and the schema analyzer see the class annotations, which stay as they are."""
    for name in inspect.get_annotations(cls):
        if name.startswith("_"):
            continue
        if not callable(getattr(cls, f"_{name}_output", None)):
            raise TypeError(f"{cls.__name__}.{name} has no _{name}_output() to build it")
        setattr(cls, name, _Deferred(name))
    return cls


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
