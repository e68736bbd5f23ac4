"""Property-based tests (Hypothesis) on every cloud: failover sets generated near the valid
boundary, and mutations across it (strategies in tests/strategies.py).

Invariants: an accepted set resolves, with the library's own resolvers, to the first tier with
``min_healthy`` healthy endpoints for every combination of tiers down and for drawn sets of
endpoints down; its child names are unique and unchanged when endpoints are reordered; a
preview with unknown addresses does not crash; a refused set raises ``FailoverConfigError``
whose every reason has a path, with nothing registered. ``make test`` runs the ``ci`` profile
(fixed seed, bounded examples); ``make fuzz`` the ``fuzz`` profile.
"""

import copy
from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st
from strategies import MUTATIONS, failover_sets

from failover_components import FailoverConfigError
from failover_components.aws import Route53Failover
from failover_components.azure import TrafficManagerFailover
from failover_components.cloudflare import CloudflareFailover
from failover_components.simulate import resolve
from failover_components.simulate.drill import drill_all, expected_answer
from failover_components.testing import Recording, run, unknown

COMPONENTS: dict[str, Callable[..., pulumi.ComponentResource]] = {
    "aws": Route53Failover,
    "azure": TrafficManagerFailover,
    "cloudflare": CloudflareFailover,
}
every_cloud = pytest.mark.parametrize("cloud", sorted(COMPONENTS))

Make = Callable[[], object]


def attempt(cloud: str, make: Make, *, preview: bool = False) -> tuple[Recording, Any]:
    """Declare the set (args built inside the run, so Outputs and generators belong to it);
    the recording and the FailoverConfigError, if the set was refused."""
    errors: list[FailoverConfigError] = []

    def program() -> None:
        try:
            COMPONENTS[cloud]("web", make())
        except FailoverConfigError as exc:
            errors.append(exc)

    rec = run(program, preview=preview)
    return rec, errors[0] if errors else None


def assert_refused_cleanly(rec: Recording, error: FailoverConfigError) -> None:
    assert rec.resources == []
    assert error.reasons
    for reason in error.reasons:
        assert reason.path, reason
        assert reason.problem, reason
    event(f"refused: {error.reasons[0].problem[:60]}")


def reordered(args: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(args)
    for pool in out["pools"]:
        pool["endpoints"] = list(reversed(pool["endpoints"]))
    return out


@every_cloud
@given(data=st.data())
def test_accepted_sets_fail_over_as_the_pools_say(cloud: str, data: st.DataObject) -> None:
    args = data.draw(failover_sets(cloud), label="args")
    rec, error = attempt(cloud, lambda: copy.deepcopy(args))
    if error is not None:
        assert_refused_cleanly(rec, error)
        return
    event("accepted")
    event(f"accepted with {len(args['pools'])} tiers")
    (summary,) = rec.failover_sets

    # Child names: unique (run() raises on a duplicate URN), and keyed by what they follow,
    # so reversing every pool's endpoints renames nothing.
    names = rec.names()
    assert len(names) == len(rec.resources)
    if any(len(p["endpoints"]) > 1 for p in args["pools"]):
        again, error_again = attempt(cloud, lambda: reordered(args))
        assert error_again is None
        assert again.names() == names

    # Every combination of tiers down answers with the first tier with min_healthy healthy
    # endpoints (or the cloud's fail-open when none is).
    assert drill_all(rec, summary) == []

    # And sets of single endpoints down, drawn.
    addresses = sorted({e.address for t in summary.tiers for e in t.endpoints})
    down = data.draw(st.sets(st.sampled_from(addresses)), label="down")
    expected = expected_answer(summary, down)
    got = resolve(rec, summary.hostname, down)
    note(f"down={sorted(down)} expected={expected} got={got}")
    if expected.tier is None:
        assert got.fail_open
    else:
        assert not got.fail_open
        assert frozenset(got.values) == expected.values

    # A preview where every address is an Output not known yet.
    def with_unknowns() -> dict[str, Any]:
        out = copy.deepcopy(args)
        out["record_type"] = summary.record_type
        for pool, tier in zip(out["pools"], summary.tiers, strict=True):
            for ep, declared in zip(pool["endpoints"], tier.endpoints, strict=True):
                ep["name"] = declared.name
                ep["address"] = unknown()
        return out

    preview, error_preview = attempt(cloud, with_unknowns, preview=True)
    if error_preview is not None:
        assert_refused_cleanly(preview, error_preview)
    else:
        assert preview.names() == names


@every_cloud
@given(data=st.data())
def test_mutations_across_the_boundary_are_refused(cloud: str, data: st.DataObject) -> None:
    # Every mutation adds a problem of its own, so the set is refused whether or not the
    # generated set was accepted before it.
    args = data.draw(failover_sets(cloud), label="args")
    mutation = data.draw(st.sampled_from(sorted(MUTATIONS)), label="mutation")
    index = data.draw(st.integers(0, 20), label="index")

    def make() -> object:
        out = copy.deepcopy(args)
        if mutation == "args-not-a-mapping":
            return [out]
        MUTATIONS[mutation](out, index)
        return out

    rec, error = attempt(cloud, make)
    assert error is not None, f"{mutation} was accepted"
    assert_refused_cleanly(rec, error)
    event(f"mutation {mutation}")
