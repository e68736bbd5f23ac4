"""The rule catalogue: one reading of an acknowledgement, shared by the input rules and the policy
engine, and the networks no health checker reaches, shared by the input rules and the rules."""

import ipaddress
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from failover_components import parse_failover_set
from failover_components.naming import type_token
from failover_components.networks import unprobeable_address, unprobeable_network
from failover_components.policy import ResourceView, evaluate, rule
from failover_components.policy.catalogue import (
    CATALOGUE,
    Acknowledgement,
    entry,
    entry_for,
    read_acknowledgement,
)
from failover_components.validation import unprobeable_network as validation_unprobeable

COMPONENT = type_token("Route53Failover")


def base(acks: object) -> dict[str, Any]:
    return {
        "hostname": "app.example.com",
        "zone_name": "example.com",
        "pools": [
            {"name": "primary", "endpoints": [{"address": "192.0.2.10"}]},
            {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
        ],
        "policy_acknowledgements": acks,
    }


def component(acks: object, worst: int = 60) -> ResourceView:
    return ResourceView(
        type=COMPONENT,
        name="web",
        urn="urn:pulumi:s::p::" + COMPONENT + "::web",
        parent=None,
        props={"acknowledged_policies": acks, "worst_case_failover_seconds": worst},
    )


@pytest.mark.parametrize(
    ("key", "reason", "expected"),
    [
        (
            "FO004",
            "HTTP only inside the VPC",
            Acknowledgement(entry("FO004"), "HTTP only inside the VPC"),
        ),
        ("fo004", "  why  ", Acknowledgement(entry("FO004"), "why")),
        ("https-health-checks", "why", Acknowledgement(entry("FO004"), "why")),
        ("HTTPS-HEALTH-CHECKS", "why", Acknowledgement(None, "why")),
        ("FO999", "why", Acknowledgement(None, "why")),
        ("FO004", " \t", Acknowledgement(entry("FO004"), None)),
        ("FO004", None, Acknowledgement(entry("FO004"), None)),
        ("FO004", 3, Acknowledgement(entry("FO004"), None)),
        (4, "why", Acknowledgement(None, "why")),
    ],
    ids=[
        "id",
        "id-any-case",
        "name",
        "name-is-exact",
        "no-rule",
        "blank",
        "none",
        "int",
        "not-str",
    ],
)
def test_read_acknowledgement(key: object, reason: object, expected: Acknowledgement) -> None:
    assert read_acknowledgement(key, reason) == expected


def test_the_catalogue_is_every_rule_in_id_order() -> None:
    assert [e.id for e in CATALOGUE] == [f"FO{i:03d}" for i in range(1, 15)]
    assert entry_for("zone-dnssec") is entry("FO007")
    assert entry_for(None) is None
    with pytest.raises(KeyError):
        entry("FO015")


KEYS = st.one_of(
    st.sampled_from([e.id for e in CATALOGUE] + [e.name for e in CATALOGUE]),
    st.sampled_from(["fo003", "Fo003", "FO3", "FO003 ", "recovery_budget", "RECOVERY-BUDGET"]),
    st.text(max_size=6),
)
REASONS = st.one_of(
    st.none(),
    st.integers(),
    st.text(alphabet=" \t\n", max_size=3),
    st.text(max_size=8),
    st.lists(st.text(max_size=2), max_size=1),
)


# Pure and fast: many examples, the same ones every run.
@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(key=KEYS, reason=REASONS)
def test_the_input_rules_and_the_policy_engine_read_an_acknowledgement_alike(
    key: str, reason: object
) -> None:
    # Refused by the input rules exactly when FO013 reports it, and when accepted, exactly the
    # reason the model keeps is the one a finding of that rule is acknowledged with.
    fset, reasons = parse_failover_set(base({key: reason}))
    refused = [r for r in reasons if r.path.startswith("policy_acknowledgements")]
    assert refused == reasons  # nothing else in base() is wrong
    fo013 = evaluate([component({key: reason})], rules=[rule("FO013")])
    assert bool(refused) == bool(fo013)
    budget = evaluate([component({key: reason}, worst=1000)], rules=[rule("FO003")])
    assert len(budget) == 1
    if refused:
        assert not budget[0].acknowledged
        return
    assert fset is not None
    kept = fset.policy_acknowledgements[key]
    assert kept == read_acknowledgement(key, reason).reason
    names_fo003 = read_acknowledgement(key, reason).rule == entry("FO003")
    assert budget[0].acknowledged is names_fo003
    assert budget[0].acknowledgement == (kept if names_fo003 else None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.1.2.3", "private (RFC 1918) address 10.0.0.0/8"),
        ("::1", "loopback (RFC 4291) address ::1/128"),
        ("192.0.2.10", None),
        ("2001:db8::1", None),
        ("app.example.com", None),
        ("10.0.0.300", None),
        (None, None),
        (10, None),
    ],
)
def test_unprobeable_address(value: object, expected: str | None) -> None:
    assert unprobeable_address(value) == expected


def test_validation_still_gives_unprobeable_network() -> None:
    assert validation_unprobeable is unprobeable_network
    assert unprobeable_network(ipaddress.ip_address("169.254.0.1")) == (
        "link-local (RFC 3927) address 169.254.0.0/16"
    )
