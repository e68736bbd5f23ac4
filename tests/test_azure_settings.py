"""The Azure keys parsed once (failover_components.azure.settings) and the capabilities table
that every "not available on Azure Traffic Manager" reason comes from (azure.rules)."""

import dataclasses
from typing import Any

import pytest
from azure_support import RG, args

from failover_components.azure import check_args
from failover_components.azure.rules import CAPABILITIES
from failover_components.azure.settings import AzureAlerts, AzureSettings, parse_settings

ONCALL = (
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ops/providers/"
    "microsoft.insights/actionGroups/oncall"
)


def test_defaults() -> None:
    settings, reasons = parse_settings(args())
    assert reasons == []
    assert settings == AzureSettings(resource_group_name=RG)
    assert (settings.create_zone, settings.dnssec, settings.alerts) == (False, False, None)
    assert settings.profile_dns_name is None


def test_every_key_parsed_and_frozen() -> None:
    emails = ["ops@example.com", "oncall@example.com"]
    raw = args(
        create_zone=True,
        dnssec=True,
        profile_dns_name="shop-eu",
        alerts={"emails": emails, "action_group_id": ONCALL},
    )
    settings, reasons = parse_settings(raw)
    assert reasons == []
    assert settings == AzureSettings(
        resource_group_name=RG,
        create_zone=True,
        profile_dns_name="shop-eu",
        dnssec=True,
        alerts=AzureAlerts(emails=tuple(emails), webhook_url=None, action_group_id=ONCALL),
    )
    assert settings.alerts is not None
    assert settings.alerts.creates_action_group
    # A copy: changing the caller's list afterwards changes nothing.
    emails.append("late@example.com")
    assert settings.alerts.emails == ("ops@example.com", "oncall@example.com")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.dnssec = False  # type: ignore[misc]


def test_addresses_are_kept_stripped_and_the_webhook_as_given() -> None:
    """The core alerts validator accepts white space around an address and strips it (the
    receiver gets a deliverable address); an action group sends the webhook URI as given, so
    a valid one is kept unchanged."""
    hook = "https://h.example.com/x?token=t"
    settings, reasons = parse_settings(
        args(alerts={"emails": [" ops@example.com\t"], "webhook_url": hook})
    )
    assert reasons == []
    assert settings.alerts == AzureAlerts(
        emails=("ops@example.com",), webhook_url=hook, action_group_id=None
    )


@pytest.mark.parametrize(
    ("alerts", "creates"),
    [({"action_group_id": ONCALL}, False), ({"webhook_url": "https://h.example.com/x"}, True)],
)
def test_an_existing_action_group_alone_creates_none(alerts: dict[str, Any], creates: bool) -> None:
    settings, _ = parse_settings(args(alerts=alerts))
    assert settings.alerts is not None
    assert settings.alerts.creates_action_group is creates


def test_wrong_values_are_reasons_and_defaults() -> None:
    settings, reasons = parse_settings(
        {"create_zone": "yes", "dnssec": 1, "profile_dns_name": "Bad_Name", "alerts": []}
    )
    assert [r.path for r in reasons] == [
        "resource_group_name",
        "create_zone",
        "dnssec",
        "profile_dns_name",
        "alerts",
    ]
    assert settings == AzureSettings()


def test_a_capability_key_given_as_none_asks_for_nothing() -> None:
    assert check_args(args(health_check={"search_string": None, "regions": None})) == []


@pytest.mark.parametrize("key", sorted(CAPABILITIES))
def test_each_capability_is_one_not_available_reason(key: str) -> None:
    value: object = "ok" if key == "search_string" else ["eastus"]
    reasons = check_args(args(health_check={key: value}))
    why, instead = CAPABILITIES[key]
    assert [str(r) for r in reasons] == [
        f"health_check.{key}: not available on Azure Traffic Manager: {why}, got {value!r}; "
        f"expected {instead}"
    ]
