"""TrafficManagerFailover's security options under the mock engine: DNSSEC (a protected
DnssecConfig and its DS record), health alerts (an action group and a metric alert on the
profile), secret header values and webhook URLs, and the policy acknowledgements output."""

from collections.abc import Callable
from typing import Any

import pulumi
import pytest
from azure_support import (
    ACTION_GROUP,
    ALERT,
    DNSSEC,
    PROFILE,
    RECORD,
    RG,
    SUB,
    TOKEN,
    ZONE,
    args,
    build,
)
from support import config_error, is_unknown

from failover_components import FailoverConfigError
from failover_components.azure import (
    ALERT_THRESHOLD,
    UNSIGNED_HOP_WARNING,
    TrafficManagerFailover,
    action_group_short_name,
    check_args,
    default_profile_dns_name,
    ds_record_of,
    email_receiver_names,
)
from failover_components.program import declare
from failover_components.simulate.traffic_manager import resolve
from failover_components.testing import FailoverMocks, Recording, run, unknown

DNS = default_profile_dns_name("web", "project", "stack")
ONCALL = f"{SUB}/resourceGroups/rg-ops/providers/microsoft.insights/actionGroups/oncall"
HOOK = "https://hooks.example.com/services/T000/B000/XXXX"


@pytest.fixture
def warnings_logged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every ``pulumi.log.warn`` message of the test."""
    seen: list[str] = []

    def warn(msg: str, *_args: Any, **_kwargs: Any) -> None:
        seen.append(msg)

    monkeypatch.setattr(pulumi.log, "warn", warn)
    return seen


# ----------------------------------------------------------------------------------------
# DNSSEC


def test_dnssec_signs_the_zone_protected_and_exports_the_ds_record(
    warnings_logged: list[str],
) -> None:
    rec = build(args(dnssec=True))
    assert rec.names() == {
        (TOKEN, "web"),
        (PROFILE, "web-profile"),
        (RECORD, "web-record"),
        (DNSSEC, "web-dnssec"),
    }
    sig = rec.get(DNSSEC, "web-dnssec")
    assert sig.inputs == {"resourceGroupName": RG, "zoneName": "example.com"}
    assert sig.parent == rec.get(TOKEN, "web").urn
    assert sig.protect is True
    # Nothing else is protected: only signing is dangerous to delete.
    assert [r.name for r in rec.resources if r.protect] == ["web-dnssec"]
    key = sig.outputs["signingKeys"][0]
    assert rec.outputs["ds_record"] == key["delegationSignerInfo"][0]["record"]
    assert rec.outputs["ds_record"].split()[1:3] == ["13", "2"]
    comp = rec.get(TOKEN, "web")
    assert "ds_record" not in rec.component_outputs[comp.urn]  # an attribute, not state
    assert warnings_logged == [
        f"{UNSIGNED_HOP_WARNING} TrafficManagerFailover 'web': DNSSEC signs zone 'example.com', "
        "but 'app.example.com' answers through web-ef9581.trafficmanager.net, which is not "
        "signed: validating resolvers treat the failover answer as insecure. Azure DNS Traffic "
        "Manager linked records (preview) keep the chain of trust: "
        "https://learn.microsoft.com/azure/dns/dns-traffic-manager-linked-records"
    ]
    assert rec.failover_sets[0].facts["dnssec"] == (
        "zone example.com signed; publish ds_record at the registrar; the "
        "web-ef9581.trafficmanager.net hop is not signed"
    )


@pytest.mark.parametrize(
    ("extra", "depends_on_zone"),
    [({"create_zone": True}, True), ({}, False)],
    ids=["created-zone", "existing-zone"],
)
def test_dnssec_on_a_created_or_existing_zone(
    extra: dict[str, Any], depends_on_zone: bool, warnings_logged: list[str]
) -> None:
    rec = build(args(dnssec=True, **extra))
    sig = rec.get(DNSSEC, "web-dnssec")
    assert sig.inputs == {"resourceGroupName": RG, "zoneName": "example.com"}
    zones = rec.by_type(ZONE)
    assert len(zones) == int(depends_on_zone)
    assert any(z.urn in sig.dependencies for z in zones) == depends_on_zone
    assert len(warnings_logged) == 1


def test_dnssec_at_the_apex_warns_about_the_alias_hop(warnings_logged: list[str]) -> None:
    rec = build(args(dnssec=True, hostname="example.com"))
    assert rec.get(RECORD, "web-record").inputs["relativeRecordSetName"] == "@"
    assert len(warnings_logged) == 1
    assert warnings_logged[0].startswith(
        f"{UNSIGNED_HOP_WARNING} TrafficManagerFailover 'web': DNSSEC signs zone 'example.com', "
        "but 'example.com' answers through web-ef9581.trafficmanager.net"
    )


@pytest.mark.parametrize("dnssec", [None, False], ids=["absent", "false"])
def test_without_dnssec_nothing_is_signed_and_nothing_warns(
    dnssec: bool | None, warnings_logged: list[str]
) -> None:
    rec = build(args() if dnssec is None else args(dnssec=dnssec))
    assert rec.by_type(DNSSEC) == []
    assert rec.outputs["ds_record"] is None
    assert warnings_logged == []
    assert "dnssec" not in rec.failover_sets[0].facts


class TwoKeyMocks(FailoverMocks):
    """Azure's answer shape: a zone-signing key without DS info, and a key-signing key with a
    SHA-256 and a SHA-384 DS record."""

    def outputs_for(
        self, typ: str, name: str, inputs: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        if typ != DNSSEC:
            return super().outputs_for(typ, name, inputs)
        return f"{SUB}/dnssecConfigs/default", {
            "signingKeys": [
                {"delegationSignerInfo": [], "flags": 256, "keyTag": 28873, "protocol": 3},
                {
                    "delegationSignerInfo": [
                        {"digestAlgorithmType": 4, "digestValue": "C" * 96, "record": SHA384},
                        {"digestAlgorithmType": 2, "digestValue": "7B" * 32, "record": SHA256},
                    ],
                    "flags": 257,
                    "keyTag": 38205,
                    "protocol": 3,
                },
            ]
        }


SHA256 = "38205 13 2 " + "7B" * 32
SHA384 = "38205 13 4 " + "C" * 96


def test_ds_record_is_the_sha256_record_of_the_key_signing_key() -> None:
    rec = build(args(dnssec=True), mocks=TwoKeyMocks())
    assert rec.outputs["ds_record"] == SHA256


def _key(*infos: dict[str, Any], flags: int = 257) -> dict[str, Any]:
    return {"delegation_signer_info": list(infos), "flags": flags, "key_tag": 1}


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ([_key(), _key({"digest_algorithm_type": 2, "record": "1 13 2 AA"})], "1 13 2 AA"),
        (
            [
                _key(
                    {"digest_algorithm_type": 4, "record": "1 13 4 BB"},
                    {"digest_algorithm_type": 2, "record": "1 13 2 AA"},
                )
            ],
            "1 13 2 AA",
        ),
        (
            [{"delegationSignerInfo": [{"digestAlgorithmType": 2, "record": "1 13 2 AA"}]}],
            "1 13 2 AA",
        ),
        ([_key({"digest_algorithm_type": "Sha256", "record": "1 13 2 AA"})], "1 13 2 AA"),
        ([_key({"record": "1 13 2 AA"}), _key({"record": "2 13 4 BB"})], "1 13 2 AA"),
        (
            [
                _key({"digest_algorithm_type": 2, "record": "1 13 2 AA"}),
                _key({"digest_algorithm_type": 2, "record": "2 13 2 CC"}),
            ],
            "1 13 2 AA\n2 13 2 CC",
        ),
        (
            [
                _key({"digest_algorithm_type": 2, "record": " 1 13 2 AA "}),
                _key({"digest_algorithm_type": 2, "record": "1 13 2 AA"}),
            ],
            "1 13 2 AA",
        ),
    ],
    ids=[
        "zsk-and-ksk",
        "sha384-skipped",
        "wire-names",
        "named-digest-type",
        "digest-type-from-record",
        "ksk-rollover-two-lines",
        "duplicates-once",
    ],
)
def test_ds_record_of(keys: list[dict[str, Any]], expected: str) -> None:
    assert ds_record_of(keys) == expected


@pytest.mark.parametrize(
    "keys",
    [
        None,
        [],
        [_key(flags=256)],
        [_key({"digest_algorithm_type": 4, "record": "1 13 4 BB"})],
        [_key({"digest_algorithm_type": 2, "record": ""})],
    ],
    ids=["none", "empty", "zsk-only", "sha384-only", "empty-record"],
)
def test_ds_record_of_without_a_sha256_record_fails(keys: Any) -> None:
    with pytest.raises(RuntimeError, match=r"no SHA-256 \(digest type 2\) DS record"):
        ds_record_of(keys)


def test_ds_record_of_reads_the_sdk_output_classes() -> None:
    from pulumi_azure_native.dns import outputs

    keys = [
        outputs.SigningKeyResponse(
            delegation_signer_info=[
                outputs.DelegationSignerInfoResponse(
                    digest_algorithm_type=2, digest_value="AA", record="7 13 2 AA"
                )
            ],
            flags=257,
            key_tag=7,
            protocol=3,
            public_key="k",
            security_algorithm_type=13,
        )
    ]
    assert ds_record_of(keys) == "7 13 2 AA"


# ----------------------------------------------------------------------------------------
# Alerts


def metric_alert(actions: list[str], **changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resourceGroupName": RG,
        "location": "global",
        "description": "A Traffic Manager endpoint of app.example.com is down: fewer than half "
        "of the probes see it up, so its tier no longer answers",
        "enabled": True,
        "severity": 1,
        "scopes": [
            f"{SUB}/resourceGroups/{RG}/providers/Microsoft.Network/trafficManagerProfiles/{DNS}"
        ],
        "evaluationFrequency": "PT1M",
        "windowSize": "PT5M",
        "autoMitigate": True,
        "criteria": {
            "odataType": "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
            "allOf": [
                {
                    "criterionType": "StaticThresholdCriterion",
                    "name": "endpoint-down",
                    "metricNamespace": "Microsoft.Network/trafficManagerProfiles",
                    "metricName": "ProbeAgentCurrentEndpointStateByProfileResourceId",
                    "dimensions": [
                        {"name": "EndpointName", "operator": "Include", "values": ["*"]}
                    ],
                    "operator": "LessThan",
                    "threshold": 0.5,
                    "timeAggregation": "Average",
                }
            ],
        },
        "actions": [{"actionGroupId": a} for a in actions],
    }
    out.update(changes)
    return out


def test_emails_and_webhook_get_an_action_group_and_a_metric_alert() -> None:
    rec = build(
        args(alerts={"emails": ["oncall@example.com", "Ops.Team@Example.NET"], "webhook_url": HOOK})
    )
    assert rec.names() == {
        (TOKEN, "web"),
        (PROFILE, "web-profile"),
        (RECORD, "web-record"),
        (ACTION_GROUP, "web-action-group"),
        (ALERT, "web-alert"),
    }
    comp = rec.get(TOKEN, "web")
    group = rec.get(ACTION_GROUP, "web-action-group")
    alert = rec.get(ALERT, "web-alert")
    assert group.parent == alert.parent == comp.urn
    assert group.plain() == {
        "resourceGroupName": RG,
        "location": "global",
        "enabled": True,
        "groupShortName": "web",
        "emailReceivers": [
            {
                "name": "email-oncall-example-com",
                "emailAddress": "oncall@example.com",
                "useCommonAlertSchema": True,
            },
            {
                "name": "email-ops-team-example-net",
                "emailAddress": "Ops.Team@Example.NET",
                "useCommonAlertSchema": True,
            },
        ],
        "webhookReceivers": [
            {
                "name": "webhook",
                "serviceUri": HOOK,
                "useCommonAlertSchema": True,
                "useAadAuth": False,  # the SDK's own default
            }
        ],
    }
    # The webhook URL is a secret on the resource; the addresses are not.
    assert group.is_secret("webhookReceivers")
    assert not group.is_secret("emailReceivers")
    assert alert.inputs == metric_alert([group.id])
    assert alert.inputs["criteria"]["allOf"][0]["threshold"] == ALERT_THRESHOLD
    profile = rec.get(PROFILE, "web-profile")
    assert profile.urn in alert.dependencies
    assert group.urn in alert.dependencies
    assert rec.outputs["action_group_id"] == group.id
    assert rec.outputs["action_group_id"] == group.id
    assert rec.failover_sets[0].facts["alerts"] == (
        "ProbeAgentCurrentEndpointStateByProfileResourceId Average < 0.5 per endpoint over PT5M, "
        "every PT1M, severity 1, to 2 email address(es), a webhook"
    )


@pytest.mark.parametrize(
    ("alerts", "group_created", "receivers", "webhook"),
    [
        ({"emails": ["oncall@example.com"]}, True, ["email-oncall-example-com"], False),
        ({"webhook_url": HOOK}, True, None, True),
        ({"action_group_id": ONCALL}, False, None, False),
        (
            {"emails": ["oncall@example.com"], "action_group_id": ONCALL},
            True,
            ["email-oncall-example-com"],
            False,
        ),
    ],
    ids=["emails-only", "webhook-only", "existing-group-only", "emails-and-existing-group"],
)
def test_alert_targets(
    alerts: dict[str, Any], group_created: bool, receivers: list[str] | None, webhook: bool
) -> None:
    rec = build(args(alerts=alerts))
    groups = rec.by_type(ACTION_GROUP)
    assert [g.name for g in groups] == (["web-action-group"] if group_created else [])
    expected_actions = [g.id for g in groups] + ([ONCALL] if "action_group_id" in alerts else [])
    alert = rec.get(ALERT, "web-alert")
    assert alert.inputs == metric_alert(expected_actions)
    assert rec.outputs["action_group_id"] == (groups[0].id if groups else ONCALL)
    if groups:
        group = groups[0]
        assert [r["name"] for r in group.inputs.get("emailReceivers", [])] == (receivers or [])
        assert ("webhookReceivers" in group.inputs) == webhook
        assert group.is_secret("webhookReceivers") == webhook


def test_without_alerts_there_is_no_alert() -> None:
    rec = build(args())
    assert rec.by_type(ACTION_GROUP) == rec.by_type(ALERT) == []
    assert rec.outputs["action_group_id"] is None
    assert "alerts" not in rec.failover_sets[0].facts


@pytest.mark.parametrize("secret", [True, False], ids=["secret-output", "plain-output"])
def test_webhook_output_is_a_secret_on_the_action_group(secret: bool) -> None:
    def a() -> dict[str, Any]:
        url = pulumi.Output.secret(HOOK) if secret else pulumi.Output.from_input(HOOK)
        return args(alerts={"webhook_url": url})

    group = build(a).get(ACTION_GROUP, "web-action-group")
    assert group.is_secret("webhookReceivers")
    assert group.plain("webhookReceivers")[0]["serviceUri"] == HOOK


def test_reordering_emails_renames_no_receiver() -> None:
    emails = ["a@example.com", "b@example.com", "c@example.com"]
    first = build(args(alerts={"emails": emails}))
    second = build(args(alerts={"emails": list(reversed(emails))}))

    def receivers(rec: Recording) -> dict[str, str]:
        group = rec.get(ACTION_GROUP, "web-action-group")
        return {r["emailAddress"]: r["name"] for r in group.inputs["emailReceivers"]}

    assert receivers(first) == receivers(second) == email_receiver_names(emails)


def test_email_receiver_names() -> None:
    assert email_receiver_names(["oncall@example.com", "Ops.Team@Example.NET"]) == {
        "oncall@example.com": "email-oncall-example-com",
        "Ops.Team@Example.NET": "email-ops-team-example-net",
    }
    long = email_receiver_names(["x" * 200 + "@example.com"])
    assert [len(v) for v in long.values()] == [62]


def test_colliding_receiver_names_are_pinned() -> None:
    names = email_receiver_names(["a.b@example.com", "a-b@example.com"])
    assert names == {
        "a.b@example.com": "email-a-b-example-com-" + _hash("a.b@example.com"),
        "a-b@example.com": "email-a-b-example-com-" + _hash("a-b@example.com"),
    }
    assert names["a.b@example.com"] != names["a-b@example.com"]


def _hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:6]


@pytest.mark.parametrize(
    ("component", "expected"),
    [("web", "web"), ("Shop_API", "shop-api"), ("---", "failover")],
    ids=["short", "normalised", "empty-slug"],
)
def test_action_group_short_name(component: str, expected: str) -> None:
    assert action_group_short_name(component) == expected


def test_long_action_group_short_name_fits_12_characters() -> None:
    short = action_group_short_name("checkout-frontend-failover")
    assert len(short) <= 12
    assert short == action_group_short_name("checkout-frontend-failover")
    assert short != action_group_short_name("checkout-frontend-failover-2")


# ----------------------------------------------------------------------------------------
# Values checked when they resolve


@pytest.mark.parametrize(
    ("alerts", "expected"),
    [
        (
            lambda: {"webhook_url": pulumi.Output.secret("http://hooks.example.com/t0ken")},
            "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in it, "
            "must travel encrypted, got 'http://hooks.example.com/<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)",
        ),
        (
            lambda: {
                "emails": ["oncall@example.com"],
                "action_group_id": pulumi.Output.from_input(f"{SUB}/resourceGroups/rg/x"),
            },
            "alerts.action_group_id: not an Azure Monitor action group id, got "
            f"'{SUB}/resourceGroups/rg/x'; expected /subscriptions/<id>/resourceGroups/<group>/"
            "providers/microsoft.insights/actionGroups/<name>",
        ),
    ],
    ids=["http-webhook-output", "action-group-id-output"],
)
def test_outputs_are_checked_when_they_resolve(
    alerts: Callable[[], dict[str, Any]], expected: str
) -> None:
    with pytest.raises(ValueError, match="invalid failover configuration") as info:
        build(lambda: args(alerts=alerts()))
    error = config_error(info.value)
    assert [str(r) for r in error.reasons] == [expected]
    assert error.subject == "TrafficManagerFailover 'web'"
    assert "t0ken" not in str(info.value)


@pytest.mark.parametrize(
    ("alerts", "expected"),
    [
        (
            lambda: {"emails": pulumi.Output.from_input(["oncall@example.com"])},
            [
                "alerts.emails: must be a plain list, not an Output: each address names its "
                "receiver in the action group; expected a list of email addresses known when the "
                "program runs"
            ],
        ),
        (
            lambda: {"emails": ["oncall@example.com", pulumi.Output.from_input("b@example.com")]},
            [
                "alerts.emails[1]: must be a plain string, not an Output: it names its receiver "
                "in the action group; expected an email address known when the program runs"
            ],
        ),
    ],
    ids=["emails-output", "email-output"],
)
def test_output_emails_are_rejected_before_anything_is_registered(
    alerts: Callable[[], dict[str, Any]], expected: list[str]
) -> None:
    seen: list[FailoverConfigError] = []

    def body() -> None:
        try:
            TrafficManagerFailover("web", args(alerts=alerts()))  # type: ignore[arg-type]
        except FailoverConfigError as exc:
            seen.append(exc)

    rec = run(body)
    assert rec.resources == []
    assert [str(r) for r in seen[0].reasons] == expected


# ----------------------------------------------------------------------------------------
# Bad inputs, every one with its exact reason, before anything is registered


BAD: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "dnssec-not-a-boolean",
        {"dnssec": "yes"},
        ["dnssec: not a boolean, got 'yes'; expected true or false"],
    ),
    (
        "alerts-not-a-mapping",
        {"alerts": ["oncall@example.com"]},
        [
            "alerts: not a mapping, got ['oncall@example.com']; expected a mapping with emails, "
            "webhook_url and/or action_group_id"
        ],
    ),
    (
        "alerts-empty",
        {"alerts": {}},
        [
            "alerts: no one to notify; expected at least one of emails, webhook_url or "
            "action_group_id"
        ],
    ),
    (
        "alerts-empty-emails",
        {"alerts": {"emails": []}},
        [
            "alerts: no one to notify; expected at least one of emails, "
            "webhook_url or action_group_id"
        ],
    ),
    (
        "alerts-misspelled-key",
        {"alerts": {"email": ["oncall@example.com"]}},
        [
            "alerts.email: unknown key (did you mean 'emails'?); expected one of "
            "action_group_id, emails, webhook_url",
            "alerts: no one to notify; expected at least "
            "one of emails, webhook_url or action_group_id",
        ],
    ),
    (
        "emails-a-string",
        {"alerts": {"emails": "oncall@example.com"}},
        ["alerts.emails: not a list, got 'oncall@example.com'; expected a list of email addresses"],
    ),
    (
        "email-not-a-string",
        {"alerts": {"emails": ["oncall@example.com", 42]}},
        ["alerts.emails[1]: not a string, got 42; expected an email address"],
    ),
    *[
        (
            f"email-{label}",
            {"alerts": {"emails": ["oncall@example.com", bad]}},
            [
                f"alerts.emails[1]: not an email address, got {bad!r}; expected an address such "
                "as 'ops@example.com'"
            ],
        )
        for label, bad in (
            ("without-at", "oncall.example.com"),
            ("without-domain-dot", "oncall@localhost"),
            ("two-ats", "on@call@example.com"),
            ("with-space", "on call@example.com"),
            ("trailing-dot", "oncall@example.com."),
            ("empty", ""),
            ("255-characters", "a" * 243 + "@example.com"),
        )
    ],
    (
        "email-duplicate-ignoring-case",
        {"alerts": {"emails": ["oncall@example.com", "dns@example.net", "OnCall@Example.com"]}},
        ["alerts.emails[2]: duplicate address (also alerts.emails[0]), got 'OnCall@Example.com'"],
    ),
    (
        "webhook-http",
        {"alerts": {"webhook_url": "http://hooks.example.com/services/T000?token=s3cret"}},
        [
            "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in it, "
            "must travel encrypted, got 'http://hooks.example.com/<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        "webhook-without-scheme",
        {"alerts": {"webhook_url": "hooks.example.com/services/s3cret"}},
        [
            "alerts.webhook_url: not an https URL (no scheme): the URL, and any token in it, must "
            "travel encrypted, got '<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        "webhook-without-host",
        {"alerts": {"webhook_url": "https://user:s3cret@/hook"}},
        [
            "alerts.webhook_url: has no host name, got '<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        "webhook-with-space",
        {"alerts": {"webhook_url": "https://hooks.example.com/a b"}},
        [
            "alerts.webhook_url: contains white space, which a URL never does, "
            "got 'https://hooks.example.com/<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        "webhook-bad-port",
        {"alerts": {"webhook_url": "https://hooks.example.com:99999/x"}},
        [
            "alerts.webhook_url: not a URL (its port is not 1 to 65535, or its IPv6 address is "
            "malformed), got 'https://hooks.example.com/<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        # Action groups send the URI as given (no strip): white space around it is refused too.
        "webhook-with-space-around",
        {"alerts": {"webhook_url": " https://hooks.example.com/x"}},
        [
            "alerts.webhook_url: contains white space, which a URL never does, "
            "got 'https://hooks.example.com/<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        "webhook-port-0",
        {"alerts": {"webhook_url": "https://hooks.example.com:0/x"}},
        [
            "alerts.webhook_url: not a URL (its port is not 1 to 65535, or its IPv6 address is "
            "malformed), got 'https://hooks.example.com/<redacted>'; "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        "webhook-not-a-string",
        {"alerts": {"webhook_url": 5}},
        [
            "alerts.webhook_url: not a string (int); "
            "expected https://<host>/<path> (the value is a secret and is not shown)"
        ],
    ),
    (
        "action-group-id-of-another-type",
        {
            "alerts": {
                "action_group_id": f"{SUB}/resourceGroups/rg/providers/Microsoft.Network/"
                "trafficManagerProfiles/p"
            }
        },
        [
            "alerts.action_group_id: not an Azure Monitor action group id, got "
            f"'{SUB}/resourceGroups/rg/providers/Microsoft.Network/trafficManagerProfiles/p'; "
            "expected /subscriptions/<id>/resourceGroups/<group>/providers/microsoft.insights/"
            "actionGroups/<name>"
        ],
    ),
    (
        "action-group-name-not-id",
        {"alerts": {"action_group_id": "oncall"}},
        [
            "alerts.action_group_id: not an Azure Monitor action group id, got 'oncall'; "
            "expected /subscriptions/<id>/resourceGroups/<group>/providers/microsoft.insights/"
            "actionGroups/<name>"
        ],
    ),
    (
        "action-group-id-not-a-string",
        {"alerts": {"action_group_id": ["x"]}},
        ["alerts.action_group_id: not a string, got ['x']; expected an action group resource id"],
    ),
]


@pytest.mark.parametrize(("extra", "expected"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_security_inputs(extra: dict[str, Any], expected: list[str]) -> None:
    assert [str(r) for r in check_args(args(**extra))] == expected


@pytest.mark.parametrize(
    "extra",
    [
        {"dnssec": True},
        {"dnssec": False, "alerts": None},
        {"alerts": {"emails": ["first.last+dns@sub.example.co.uk"]}},
        {"alerts": {"webhook_url": "https://hooks.example.com"}},
        {"alerts": {"webhook_url": "HTTPS://hooks.example.com:8443/x?y=1"}},
        {"alerts": {"action_group_id": ONCALL.replace("microsoft.insights", "Microsoft.Insights")}},
        {"alerts": {"emails": ["a@example.com"], "webhook_url": HOOK, "action_group_id": ONCALL}},
    ],
    ids=[
        "dnssec",
        "explicit-off",
        "plus-and-subdomains",
        "webhook-without-path",
        "webhook-scheme-case-and-port",
        "action-group-id-any-case",
        "every-target",
    ],
)
def test_security_inputs_that_are_allowed(extra: dict[str, Any]) -> None:
    assert check_args(args(**extra)) == []


def test_every_alerts_problem_is_reported_at_once_and_nothing_is_registered() -> None:
    bad = args(
        dnssec=1,
        alerts={
            "emails": ["ops", "ops@example.com", "OPS@example.com"],
            "webhook_url": "http://hooks.example.com/x",
            "action_group_id": "oncall",
        },
    )
    seen: list[FailoverConfigError] = []

    def body() -> None:
        try:
            TrafficManagerFailover("web", bad)  # type: ignore[arg-type]
        except FailoverConfigError as exc:
            seen.append(exc)

    rec = run(body)
    assert rec.resources == []
    assert [r.path for r in seen[0].reasons] == [
        "dnssec",
        "alerts.emails[0]",
        "alerts.emails[2]",
        "alerts.webhook_url",
        "alerts.action_group_id",
    ]
    assert [str(r) for r in seen[0].reasons] == [str(r) for r in check_args(bad)]


def test_config_driven_program_names_the_entry() -> None:
    entry = {"cloud": "azure", "name": "web", **args(alerts={"emails": ["ops@example.com", "x"]})}
    with pytest.raises(FailoverConfigError) as info:
        run(lambda: declare([entry]))
    assert [str(r) for r in info.value.reasons] == [
        "failovers[0].alerts.emails[1]: not an email address, got 'x'; expected an address such "
        "as 'ops@example.com'"
    ]


# ----------------------------------------------------------------------------------------
# Hardened checks


@pytest.mark.parametrize(
    ("health_check", "headers", "secret"),
    [
        ({}, {"Host": "app.example.com"}, False),
        ({"host": "origin.example.net"}, {"Host": "origin.example.net"}, False),
        ({"headers": {"Host": "vhost.example.net"}}, {"Host": "vhost.example.net"}, False),
        (
            {"headers": {"X-Health-Token": "s3cret"}},
            {"Host": "app.example.com", "X-Health-Token": "s3cret"},
            True,
        ),
        (
            {"headers": {"X-Health-Token": "s3cret", "host": "vhost.example.net"}},
            {"host": "vhost.example.net", "X-Health-Token": "s3cret"},
            True,
        ),
        ({"protocol": "TCP", "port": 5432}, {}, False),
    ],
    ids=["default-host", "host-key", "host-header", "token", "host-and-token", "tcp"],
)
def test_header_values_other_than_host_are_secrets(
    health_check: dict[str, Any], headers: dict[str, str], secret: bool
) -> None:
    rec = build(args(health_check=health_check))
    profile = rec.get(PROFILE, "web-profile")
    assert profile.is_secret("monitorConfig") == secret
    config = profile.plain("monitorConfig")
    assert {h["name"]: h["value"] for h in config.get("customHeaders", [])} == headers
    # HTTPS by default, with the public hostname as Host.
    assert config["protocol"] == health_check.get("protocol", "HTTPS")
    shown = rec.failover_sets[0].tiers[0].health_check.get("custom_headers", {})
    assert shown == {k: (v if k.lower() == "host" else "[secret]") for k, v in headers.items()}
    assert "s3cret" not in repr(rec.failover_sets[0].to_json())


def test_secret_header_in_a_nested_pool_profile() -> None:
    a = args()
    a["pools"][1] = {
        "name": "secondary",
        "endpoints": [{"address": "198.51.100.10"}, {"address": "198.51.100.11"}],
        "health_check": {"headers": {"X-Health-Token": "s3cret"}},
    }
    rec = build(a)
    assert rec.get(PROFILE, "web-secondary-profile").is_secret("monitorConfig")
    assert not rec.get(PROFILE, "web-profile").is_secret("monitorConfig")


# ----------------------------------------------------------------------------------------
# Outputs, preview, resolver


def test_acknowledged_policies_output() -> None:
    acks = {"FO007": "the registrar of example.com does not support DS records yet"}
    rec = build(args(policy_acknowledgements=acks))
    assert rec.outputs["acknowledged_policies"] == acks
    comp = rec.get(TOKEN, "web")
    assert rec.component_outputs[comp.urn]["acknowledged_policies"] == acks


def test_preview_with_unknowns_and_every_option(warnings_logged: list[str]) -> None:
    def a() -> dict[str, Any]:
        return args(
            pools=[
                {"name": "primary", "endpoints": [{"address": unknown(), "name": "west"}]},
                {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
            ],
            record_type="A",
            create_zone=True,
            dnssec=True,
            health_check={"headers": {"X-Health-Token": unknown()}},
            alerts={
                "emails": ["oncall@example.com"],
                "webhook_url": unknown(),
                "action_group_id": unknown(),
            },
        )

    rec = build(a, preview=True)
    assert (
        rec.names()
        == build(a).names()
        == {
            (TOKEN, "web"),
            (PROFILE, "web-profile"),
            (ZONE, "web-zone"),
            (RECORD, "web-record"),
            (DNSSEC, "web-dnssec"),
            (ACTION_GROUP, "web-action-group"),
            (ALERT, "web-alert"),
        }
    )
    assert rec.get(DNSSEC, "web-dnssec").protect is True
    assert is_unknown(rec.outputs["ds_record"])
    assert is_unknown(rec.outputs["action_group_id"])
    assert rec.outputs["acknowledged_policies"] == {}
    alert = rec.get(ALERT, "web-alert")
    assert is_unknown(alert.inputs["scopes"][0])
    assert [is_unknown(x["actionGroupId"]) for x in alert.inputs["actions"]] == [True, True]
    group = rec.get(ACTION_GROUP, "web-action-group")
    assert group.is_secret("webhookReceivers")
    assert is_unknown(group.plain("webhookReceivers")[0]["serviceUri"])
    assert rec.get(PROFILE, "web-profile").is_secret("monitorConfig")
    assert len(warnings_logged) == 2  # one per run


def test_resolver_reads_a_recording_with_dnssec_and_alerts() -> None:
    rec = build(args(dnssec=True, alerts={"emails": ["oncall@example.com"]}))
    assert resolve(rec, "app.example.com").pools == ("primary",)
    answer = resolve(rec, "app.example.com", down={"192.0.2.10"})
    assert (answer.pools, answer.values) == (("secondary",), ("198.51.100.10",))


def test_policy_pack_sees_the_signed_zone_the_alert_and_the_acknowledgements() -> None:
    from failover_components.policy import check_recording

    def findings(rec: Recording) -> list[tuple[str, str, bool]]:
        return sorted((f.rule_id, f.resource[1], f.acknowledged) for f in check_recording(rec))

    plain = build(args(create_zone=True))
    assert findings(plain) == [("FO007", "web-zone", False), ("FO008", "web", False)]
    secured = build(args(create_zone=True, dnssec=True, alerts={"emails": ["oncall@example.com"]}))
    assert findings(secured) == []
    acknowledged = build(
        args(
            create_zone=True,
            alerts={"action_group_id": ONCALL},
            policy_acknowledgements={"FO007": "the registrar cannot publish DS records yet"},
        )
    )
    assert findings(acknowledged) == [("FO007", "web-zone", True)]
