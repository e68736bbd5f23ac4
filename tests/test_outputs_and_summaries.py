"""How components build their outputs, report their summaries and register their state.

Cheap where it can be (summaries built only when asked for, plain values in the state, one
shared resolved None) and ordinary where users rely on it (every output an attribute once
constructed): the tests pin both, on every cloud."""

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
    cls: type[pulumi.ComponentResource],
    keep: Optional[list[dict[str, Any]]] = None,
    **extra: Any,
) -> pulumi.ComponentResource:
    """The component with minimal args and ``extra``; the args dict is appended to ``keep``
    if given."""
    args = {**neutral(), **extra}
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
def test_every_output_is_an_attribute_once_constructed(
    cls: type[pulumi.ComponentResource],
) -> None:
    seen: dict[str, Any] = {}

    def program() -> None:
        comp = construct(cls)
        seen["attributes"] = {name: vars(comp).get(name) for name in outputs_of(cls)}
        for name in outputs_of(cls):
            pulumi.export(name, getattr(comp, name))
        seen["comp"] = comp

    rec = testing.run(program)
    assert all(isinstance(v, pulumi.Output) for v in seen["attributes"].values()), seen
    assert set(rec.outputs) == set(outputs_of(cls)) == set(_component.output_names(cls))
    assert rec.outputs["fqdn"] == "app.example.com"
    assert isinstance(rec.outputs["worst_case_failover_seconds"], int)
    assert rec.outputs["acknowledged_policies"] == {}
    assert rec.outputs["ds_record"] is None
    # Read after the program: the same objects, not built anew on a closed event loop.
    assert {n: getattr(seen["comp"], n) for n in outputs_of(cls)} == seen["attributes"]


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_exporting_the_whole_component_exports_every_output(
    cls: type[pulumi.ComponentResource],
) -> None:
    # The SDK serializes an exported resource from its instance __dict__.
    rec = testing.run(lambda: pulumi.export("web", construct(cls)))
    exported = rec.outputs["web"]
    assert set(outputs_of(cls)) <= set(exported), sorted(exported)
    assert exported["fqdn"] == "app.example.com"


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


def test_output_names_are_the_public_annotations_in_order() -> None:
    class Tiny(pulumi.ComponentResource):
        fqdn: pulumi.Output[str]
        ids: pulumi.Output[dict[str, str]]
        _private: int

    # Private annotations are state, not outputs.
    assert _component.output_names(Tiny) == ("fqdn", "ids")


def test_known_outputs_are_resolved_plain_values() -> None:
    values: dict[str, Any] = {
        "none": None,
        "text": "x",
        "number": 3,
        "empty": {},
        "mapping": {"a": "b"},
        "items": ["a"],
    }

    def program() -> None:
        for name, value in values.items():
            out = _component.known(value)
            assert isinstance(out, pulumi.Output)
            pulumi.export(name, out)
        # One resolved None per event loop, shared (it holds no resources).
        assert _component.known(None) is _component.known(None)

    rec = testing.run(program)
    assert rec.outputs == values
    assert rec.secret_outputs == frozenset()


def test_summaries_are_built_when_drained_not_when_reported() -> None:
    built: list[str] = []

    def later() -> summary.FailoverSetSummary:
        built.append("later")
        return _summary("later")

    summary.listen()
    try:
        summary.report(_summary("ready"))
        summary.report(later)
        assert built == []
        assert [s.component for s in summary.drain()] == ["ready", "later"]
        assert built == ["later"]
        assert summary.drain() == []
    finally:
        summary.stop()


def test_nothing_is_kept_when_nobody_listens() -> None:
    # A real `pulumi up`: no testing kit, no plan. The list must not hold the components.
    summary.stop()
    summary.report(lambda: _summary("unheard"))
    summary.listen()
    assert summary.drain() == []
    summary.stop()


def test_a_summary_that_cannot_be_built_breaks_only_its_own_run() -> None:
    def broken() -> summary.FailoverSetSummary:
        raise ValueError("no summary")

    with pytest.raises(ValueError, match="no summary"):
        testing.run(lambda: summary.report(broken))
    # The next runs start clean.
    for _ in range(2):
        rec = testing.run(lambda: summary.report(_summary("fine")))
        assert [s.component for s in rec.failover_sets] == ["fine"]


def test_a_failing_program_is_reported_not_its_summary() -> None:
    def broken() -> summary.FailoverSetSummary:
        raise ValueError("no summary")

    def program() -> None:
        summary.report(broken)
        raise RuntimeError("the program's own error")

    with pytest.raises(RuntimeError, match="the program's own error"):
        testing.run(program)


def _summary(component: str) -> summary.FailoverSetSummary:
    return summary.FailoverSetSummary(
        component, "t", "aws", "a.example.com", "example.com", "A", 60, (), _timing(), None
    )


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


@pytest.mark.parametrize("preview", [False, True], ids=["up", "preview"])
def test_combine_is_output_all_then_apply(preview: bool) -> None:
    import pulumi_aws as aws

    def program() -> None:
        checks = [
            aws.route53.HealthCheck(f"hc{i}", type="TCP", ip_address="192.0.2.1", port=443)
            for i in range(3)
        ]
        ids = [c.id for c in checks]
        combined = _component.combine(ids, lambda values: list(reversed(values)))
        pulumi.export("ids", ids)
        pulumi.export("combined", combined)
        pulumi.export("secret", _component.combine([ids[0], pulumi.Output.secret("s")], list))
        pulumi.export("none", _component.combine([], len))
        # Used as an input, it carries every id's resource as a dependency.
        aws.route53.Record(
            "uses", zone_id="Z1", name="a.example.com", type="TXT", ttl=60, records=combined
        )

    rec = testing.run(program, preview=preview)
    assert rec.outputs["none"] == 0
    (uses,) = [r for r in rec.resources if r.name == "uses"]
    if preview:
        assert rec.outputs["combined"] is testing.UNKNOWN
        return
    assert rec.outputs["combined"] == list(reversed(rec.outputs["ids"]))
    assert rec.outputs["secret"] == [rec.outputs["ids"][0], "s"]
    assert "secret" in rec.secret_outputs
    assert sorted(u.rsplit("::", 1)[-1] for u in uses.property_dependencies["records"]) == [
        "hc0",
        "hc1",
        "hc2",
    ]
