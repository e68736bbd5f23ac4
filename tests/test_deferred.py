"""Outputs built on first read, summaries built when drained, plain values in the state.

These are what keep a program of many failover sets close to the hand-written one
(benchmarks/); the tests pin that nothing is built early and that reading gives the same
values as before, on every cloud."""

import inspect
from typing import Any, Optional, cast

import pulumi
import pytest

from failover_components import _component, summary, testing
from failover_components.aws import Route53Failover
from failover_components.azure import TrafficManagerFailover
from failover_components.cloudflare import CloudflareFailover

COMPONENTS: tuple[type[pulumi.ComponentResource], ...] = (
    Route53Failover,
    TrafficManagerFailover,
    CloudflareFailover,
)


def neutral() -> dict[str, Any]:
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {"name": "primary", "endpoints": [{"name": "a", "address": "192.0.2.10"}]},
            {"name": "secondary", "endpoints": [{"name": "b", "address": "198.51.100.10"}]},
        ],
    }


def construct(
    cls: type[pulumi.ComponentResource], keep: Optional[list[dict[str, Any]]] = None
) -> pulumi.ComponentResource:
    """The component with minimal args; the args dict is appended to ``keep`` if given."""
    args = neutral()
    if cls is Route53Failover:
        args["zone_id"] = "Z0123456789EXAMPLE"
    elif cls is TrafficManagerFailover:
        args["resource_group_name"] = "rg-dns"
    else:
        args.update(
            account_id="0123456789abcdef0123456789abcdef",
            zone_id="fedcba9876543210fedcba9876543210",
            health_check={"regions": ["WEU", "ENAM"]},
        )
    if keep is not None:
        keep.append(args)
    make = cast("Any", cls)
    return cast(pulumi.ComponentResource, make("web", args))


def outputs_of(cls: type[pulumi.ComponentResource]) -> list[str]:
    return [name for name in inspect.get_annotations(cls) if not name.startswith("_")]


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_no_output_is_built_before_it_is_read(cls: type[pulumi.ComponentResource]) -> None:
    seen: dict[str, Any] = {}

    def program() -> None:
        comp = construct(cls)
        seen["built"] = sorted(set(outputs_of(cls)) & set(vars(comp)))

    testing.run(program)
    assert seen["built"] == []


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_every_output_is_an_output_built_once_and_kept(
    cls: type[pulumi.ComponentResource],
) -> None:
    seen: dict[str, Any] = {}

    def program() -> None:
        comp = construct(cls)
        for name in outputs_of(cls):
            first = getattr(comp, name)
            assert isinstance(first, pulumi.Output), name
            assert getattr(comp, name) is first, name
            assert vars(comp)[name] is first, name
            pulumi.export(name, first)
        seen["state"] = comp

    rec = testing.run(program)
    assert set(rec.outputs) == set(outputs_of(cls))
    assert rec.outputs["fqdn"] == "app.example.com"
    assert isinstance(rec.outputs["worst_case_failover_seconds"], int)
    assert rec.outputs["acknowledged_policies"] == {}
    assert rec.outputs["ds_record"] is None


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_state_holds_the_same_values_as_the_outputs(cls: type[pulumi.ComponentResource]) -> None:
    def program() -> None:
        comp = construct(cls)
        for name in _component.STATE_OUTPUTS:
            pulumi.export(name, getattr(comp, name))

    rec = testing.run(program)
    (component,) = rec.components()
    assert rec.component_outputs[component.urn] == {
        name: rec.outputs[name] for name in _component.STATE_OUTPUTS
    }


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_the_schema_still_sees_every_output(cls: type[pulumi.ComponentResource]) -> None:
    # The class attribute is the deferring descriptor; the annotation (what the analyzer and
    # type checkers read) is untouched.
    for name in outputs_of(cls):
        assert isinstance(vars(cls)[name], _component._Deferred), name  # pyright: ignore[reportPrivateUsage]
        assert "Output" in str(inspect.get_annotations(cls)[name]), name


def test_an_output_without_a_builder_is_refused_at_import() -> None:
    class Broken(pulumi.ComponentResource):
        fqdn: pulumi.Output[str]
        ids: pulumi.Output[dict[str, str]]

        def _fqdn_output(self) -> pulumi.Output[str]:
            return _component.known("x")

    with pytest.raises(TypeError, match=r"Broken\.ids has no _ids_output\(\) to build it"):
        _component.deferred_outputs(Broken)


def test_a_builder_runs_once_per_instance() -> None:
    calls: list[int] = []

    @_component.deferred_outputs
    class Counted:
        value: pulumi.Output[int]
        _private: Optional[int]

        def __init__(self, n: int) -> None:
            self.n = n

        def _value_output(self) -> pulumi.Output[int]:
            calls.append(self.n)
            return cast("pulumi.Output[int]", self.n)

    one, two = Counted(1), Counted(2)
    assert cast(Any, one.value) == 1
    assert cast(Any, one.value) == 1
    assert cast(Any, two.value) == 2
    assert calls == [1, 2]
    # Private annotations are state, not outputs: no descriptor, no builder needed.
    assert "_private" not in vars(Counted)


def test_summaries_are_built_when_drained_not_when_reported() -> None:
    summary.drain()
    built: list[str] = []
    ready = summary.FailoverSetSummary(
        "ready", "t", "aws", "a.example.com", "example.com", "A", 60, (), _timing(), None
    )

    def later() -> summary.FailoverSetSummary:
        built.append("later")
        return summary.FailoverSetSummary(
            "later", "t", "aws", "b.example.com", "example.com", "A", 60, (), _timing(), None
        )

    summary.report(ready)
    summary.report(later)
    assert built == []
    assert [s.component for s in summary.drain()] == ["ready", "later"]
    assert built == ["later"]
    assert summary.drain() == []


def _timing() -> Any:
    from failover_components.timing import route53_timing

    return route53_timing(
        interval_seconds=30, failure_threshold=3, check_type="HTTPS", ttl_seconds=60
    )


CHANGES_AFTER_CONSTRUCTION: dict[str, dict[str, Any]] = {
    "Route53Failover": {"dnssec": True, "alerts": {"emails": ["ops@example.com"]}},
    "TrafficManagerFailover": {"create_zone": True},
    "CloudflareFailover": {
        "dnssec": True,
        "allow_insecure": True,
        "proxied": False,
        "alerts": {"emails": ["ops@example.com"]},
    },
}


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_a_reused_args_dict_changed_later_changes_nothing_declared(
    cls: type[pulumi.ComponentResource],
) -> None:
    """Programs often reuse one args dict in a loop: what is built later (the summary, the
    outputs) must come from the values the component was declared with."""

    def declare(change: bool) -> tuple[Any, Any]:
        def program() -> None:
            args_holder: list[dict[str, Any]] = []
            original = construct(cls, args_holder)
            if change:
                args = args_holder[0]
                args.update(CHANGES_AFTER_CONSTRUCTION[cls.__name__])
                args["pools"][0]["endpoints"].append({"name": "late", "address": "192.0.2.99"})
            for name in outputs_of(cls):
                pulumi.export(name, getattr(original, name))

        rec = testing.run(program)
        (summary_,) = rec.failover_sets
        return summary_.to_json(), rec.outputs

    assert declare(change=True) == declare(change=False)
