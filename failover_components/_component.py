"""What every cloud component does the same way: validate everything before registering
anything, check the recovery-time budget, and report its plan summary."""

import asyncio
import inspect
import weakref
from collections.abc import Callable, Mapping, Sequence, Sized
from typing import Any, Optional, TypeVar, cast

import pulumi

from .errors import MISSING, FailoverConfigError, Reason, unique
from .model import FailoverSet
from .reader import is_output as is_output
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
    return not is_output(value)


# ``is_output`` itself lives with the reader of the args (``reader.py``), which the parser
# imports and which cannot import this module back; it is re-exported here.


def check_when_known(
    value: "pulumi.Input[Any]",
    reasons: Callable[[Any], Sequence[Reason]],
    subject: str,
    then: Callable[[Any], R] | None = None,
) -> "pulumi.Input[Any]":
    """``then(value)`` as a resource input, with ``reasons`` checked when ``value`` is known.

    The one way every component checks an input that may still be an ``Output``: a plain
    value was already checked at construction (with every other problem, before anything was
    registered) and passes straight through as ``then(value)``; an ``Output`` is checked when
    it resolves, and fails the deployment with one :class:`FailoverConfigError` naming the
    same paths and wording as a plain value would. ``then`` normalises the value (``strip``)
    after it passed (default: the value as it is)."""
    if is_plain(value):
        return value if then is None else then(value)

    def resolved(known_value: Any) -> Any:
        FailoverConfigError.raise_if_any(reasons(known_value), subject)
        return known_value if then is None else then(known_value)

    return pulumi.Output.from_input(value).apply(resolved)


def lift(fn: Callable[..., R], *inputs: Any) -> "pulumi.Input[R]":
    """``fn(*inputs)`` now when every input is plain, else an Output that applies it later.

    Most inputs are plain strings: computing them directly spares the engine an Output and an
    apply task for each (they add up to ~a third of a component's cost in a program of 1000
    failover sets; see benchmarks/)."""
    if all(is_plain(v) for v in inputs):
        return fn(*inputs)
    return pulumi.Output.all(*inputs).apply(lambda values: fn(*values))


def known(value: R) -> "pulumi.Output[R]":
    """An Output already resolved to a plain ``value``, made as cheaply as the SDK allows.

    ``Output.from_input`` gives a scalar or an empty container a resolved future and no task,
    but walks a non-empty dict or list with ``Output.all`` (a task per level and per key);
    ``pulumi.Output(...)`` runs one task to combine its three futures. So: ``from_input`` for
    the first, the constructor for the second, and one shared ``None`` per event loop (it
    holds no resources, so components can share it)."""
    if value is None:
        loop = asyncio.get_event_loop()
        none = _NONE.get(loop)
        if none is None:
            none = _NONE[loop] = pulumi.Output.from_input(None)
        return cast("pulumi.Output[R]", none)
    if not _nonempty_container(value):
        return pulumi.Output.from_input(value)
    loop = asyncio.get_event_loop()
    futures: list[asyncio.Future[Any]] = [loop.create_future() for _ in range(3)]
    results: tuple[object, ...] = (value, True, False)
    for future, result in zip(futures, results, strict=True):
        future.set_result(result)
    return pulumi.Output(set(), futures[0], futures[1], futures[2])


def combine(
    outputs: "Sequence[pulumi.Output[Any]]", fn: Callable[[list[Any]], R]
) -> "pulumi.Output[R]":
    """``fn`` of every output's value, as ``Output.all(*outputs).apply(fn)`` gives it, with a
    third of the objects: one apply now, each next one when the previous value is known.

    ``Output.all`` makes an apply per input and a gather task up front, all alive until the
    engine resolves them; in a program of many failover sets those objects are scanned by
    every garbage collection (benchmarks/). The value, secrecy and known-ness are the same
    (``apply`` flattens the Output a callback returns, merging its resources,
    pulumi/output.py); the resources are all merged once every value is known, so a preview
    that cannot resolve the first output carries only the resources seen so far."""

    def after(index: int, values: list[Any]) -> Any:
        if index == len(outputs):
            return fn(values)
        return outputs[index].apply(lambda value: after(index + 1, [*values, value]))

    if not outputs:
        return as_output(fn([]))
    return cast("pulumi.Output[R]", outputs[0].apply(lambda value: after(1, [value])))


def as_output(value: "pulumi.Input[R]") -> "pulumi.Output[R]":
    """``value`` as an Output: itself when it is one (``Output.from_input`` would add an apply
    task to unwrap it again), else :func:`known`."""
    if isinstance(value, pulumi.Output):
        return cast("pulumi.Output[R]", value)
    if not is_plain(value):
        return pulumi.Output.from_input(value)
    return known(cast(R, value))


def _nonempty_container(value: object) -> bool:
    return isinstance(value, (dict, list, tuple)) and len(cast("Sized", value)) > 0


_NONE: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, pulumi.Output[None]]" = (
    weakref.WeakKeyDictionary()
)


def optional(value: "Optional[pulumi.Output[R]]") -> "pulumi.Output[Optional[R]]":
    """``value``, or an Output already resolved to ``None`` when there is none (an optional
    feature that is off)."""
    return known(None) if value is None else value


STATE_OUTPUTS = ("fqdn", "worst_case_failover_seconds", "acknowledged_policies")
"""The outputs a component registers into its state. Every output stays an attribute (and
reaches other languages, which read attributes); the state keeps what the policy pack reads
and what people look for. Registering every output sends each through the engine's
serialization, awaiting its Output: earlier benchmark runs measured 1.36x the hand-written
program for 1000 sets with every output registered, 1.24x with these three (benchmarks/)."""


def register_state(
    component: pulumi.ComponentResource,
    *,
    fqdn: "pulumi.Input[str]",
    worst_case_failover_seconds: int,
    acknowledged_policies: Mapping[str, str],
) -> None:
    """``register_outputs`` with :data:`STATE_OUTPUTS`: the last step of every component.

    The values go in as they are (plain when known), which spares the engine an Output and
    its futures per key. The state then holds the declared values: Azure's ``fqdn``
    attribute, which resolves once the DNS record is registered, is the same hostname in
    the state without that wait."""
    component.register_outputs(
        {
            "fqdn": fqdn,
            "worst_case_failover_seconds": worst_case_failover_seconds,
            "acknowledged_policies": dict(acknowledged_policies),
        }
    )


def output_names(cls: type) -> tuple[str, ...]:
    """The public outputs annotated on ``cls`` itself, in declaration order."""
    names = _OUTPUT_NAMES.get(cls)
    if names is None:
        names = _OUTPUT_NAMES[cls] = tuple(
            name for name in inspect.get_annotations(cls) if not name.startswith("_")
        )
    return names


_OUTPUT_NAMES: dict[type, tuple[str, ...]] = {}


def tier_budget_reasons(fset: FailoverSet, tier_timings: Sequence[FailoverTiming]) -> list[Reason]:
    """The budget check over every tier that can fail over (all but the last)."""
    if fset.max_failover_seconds is None or len(tier_timings) < 2:
        return []
    worst = slowest(tier_timings[:-1])
    index = list(tier_timings).index(worst)
    return budget_reasons(worst, fset.max_failover_seconds, tier=fset.pools[index].name)


def with_budget(
    fset: FailoverSet,
    reasons: Sequence[Reason],
    tier_timings: Callable[[], Sequence[FailoverTiming]],
) -> list[Reason]:
    """A cloud's reasons for ``fset``, then the recovery-time budget check: the one budget
    policy of every cloud.

    The budget is checked only when the cloud found nothing else: the worst case is computed
    from settings the cloud accepts, so over a rejected interval or timeout it would be a
    number the deployment can never have, and a budget reason would name a change that does
    not fix the config. ``tier_timings`` is called only then (it may build the layout)."""
    if reasons:
        return list(unique(reasons))
    return tier_budget_reasons(fset, tier_timings())


NAME_PATH = "<name>"
"""The path of a reason about the component's own resource name."""


def name_reasons(name: object) -> list[Reason]:
    """Why ``name`` cannot be a component's resource name (a non-empty string: it is the last
    part of every URN and the first part of every child's name), or nothing."""
    if not isinstance(name, str):
        return [Reason(NAME_PATH, "not a string", name, "a resource name such as 'web'")]
    if not name.strip():
        return [Reason(NAME_PATH, "empty resource name", name, "a resource name such as 'web'")]
    return []


def validated(
    args: Mapping[str, Any],
    subject: str,
    *,
    args_type: type,
    cloud_keys: CloudKeyCheck,
    cloud_set: CloudSetCheck,
    name: object = MISSING,
) -> FailoverSet:
    """The parsed set, or one :class:`FailoverConfigError` with every reason (``name``, the
    component's resource name, is checked too: Pulumi's own check is a bare ``TypeError``)."""
    fset, reasons = collect_reasons(
        args, args_type=args_type, cloud_keys=cloud_keys, cloud_set=cloud_set
    )
    if name is not MISSING:
        reasons[:0] = name_reasons(name)
    FailoverConfigError.raise_if_any(reasons, subject)
    assert fset is not None
    return fset
