"""CloudflareFailover, issue 7: DNSSEC, health alerts, hardened checks, acknowledged policies.

Every check runs under the testing kit and asserts recorded values: children and their exact
inputs, protection, secrets as the engine received them, outputs, preview with unknowns, and
every new bad input with its exact reason.
"""

import json
from collections.abc import Callable
from typing import Any

import cloudflare_support
import pulumi
import pytest
from cloudflare_support import (
    ACCOUNT,
    COMPONENT,
    DNSSEC,
    LB,
    MONITOR,
    POLICY,
    POOL,
    WEBHOOK,
    ZONE,
    base,
    without_ids,
)
from support import config_error, is_unknown

from failover_components import FailoverConfigError
from failover_components.cloudflare import CloudflareFailover, check_args
from failover_components.testing import UNKNOWN, FailoverMocks, Recording, run, unknown

WEBHOOK_ID = "b115d5ec15c641ee8b7692c449b5227b"
HOOK_URL = "https://hooks.example.com/services/T000/B000?token=s3cr3t-t0ken"
URL_EXPECTED = "https://<host>/<path> (the value is a secret and is not shown)"
WEBHOOK_ID_EXPECTED = (
    "32 hexadecimal characters or a UUID: the id of a webhook destination "
    "(Notifications > Destinations in the dashboard)"
)
OUTPUTS = (
    "fqdn",
    "pool_ids",
    "worst_case_failover_seconds",
    "ds_record",
    "dnssec_status",
    "notification_policy_id",
    "alert_webhook_id",
    "acknowledged_policies",
)


def canonical() -> dict[str, Any]:
    """The canonical configuration of tests/test_cloudflare.py (three tiers, a pool with its
    own monitor, an unprobed fallback), with DNSSEC and alerts on."""
    args = base(
        dnssec=True,
        alerts={"emails": ["ops@example.com", "oncall@example.net"], "webhook_url": HOOK_URL},
    )
    args["pools"] = [
        {
            "name": "primary",
            "endpoints": [{"address": "192.0.2.10"}],
            "health_check": {"path": "/healthz"},
        },
        {"name": "secondary", "endpoints": [{"address": "198.51.100.10"}]},
        {"name": "tertiary", "endpoints": [{"address": "203.0.113.10", "status": "up"}]},
    ]
    return args


def deploy(
    make: Callable[[], dict[str, Any]],
    *,
    name: str = "web",
    preview: bool = False,
    opts: Callable[[], pulumi.ResourceOptions | None] = lambda: None,
) -> Recording:
    """Run one component and export the outputs of :data:`OUTPUTS`."""
    return cloudflare_support.deploy(make, OUTPUTS, name=name, preview=preview, opts=opts)


# --- Names are a public contract ----------------------------------------------------------------


def test_canonical_with_dnssec_and_alerts_child_names_are_pinned() -> None:
    rec = deploy(canonical)
    assert rec.names() == {
        (COMPONENT, "web"),
        (MONITOR, "web-monitor"),
        (MONITOR, "web-primary-monitor"),
        (POOL, "web-primary-pool"),
        (POOL, "web-secondary-pool"),
        (POOL, "web-tertiary-pool"),
        (LB, "web-lb"),
        (DNSSEC, "web-dnssec"),
        (WEBHOOK, "web-alert-webhook"),
        (POLICY, "web-health-alert"),
    }
    # The names Cloudflare shows are pinned too (renaming one is an update of a live object).
    assert rec.get(POLICY, "web-health-alert").inputs["name"] == (
        "app.example.com failover health (web)"
    )
    assert rec.get(WEBHOOK, "web-alert-webhook").inputs["name"] == "app.example.com failover (web)"
    component = rec.get(COMPONENT, "web")
    assert all(r.parent == component.urn for r in rec.resources if r is not component)


def test_reordering_tiers_and_emails_renames_nothing() -> None:
    def reordered() -> dict[str, Any]:
        args = canonical()
        args["pools"] = [args["pools"][1], args["pools"][0], args["pools"][2]]
        args["alerts"]["emails"].reverse()
        return args

    assert deploy(reordered).names() == deploy(canonical).names()


# --- DNSSEC ------------------------------------------------------------------------------------


def test_dnssec_signs_the_zone_protected_and_exports_the_ds_record() -> None:
    rec = deploy(lambda: base(dnssec=True))
    signing = rec.get(DNSSEC, "web-dnssec")
    assert signing.plain() == {"zoneId": ZONE, "status": "active"}
    assert signing.protect is True
    assert signing.parent == rec.get(COMPONENT, "web").urn
    # Only the signing resource is protected: pools and monitors must stay replaceable.
    assert [r.name for r in rec.resources if r.protect] == ["web-dnssec"]
    # ds_record is the resource's own `ds` output, not rebuilt by us.
    assert rec.outputs["ds_record"] == signing.outputs["ds"]
    assert rec.outputs["ds_record"].startswith(f"{ZONE}. 3600 IN DS ")
    assert " 13 2 " in rec.outputs["ds_record"]
    assert rec.outputs["dnssec_status"] == "active"
    assert rec.failover_sets[0].facts["dnssec"] == (
        "zone signed (protected ZoneDnssec): publish ds_record at the registrar "
        "(Cloudflare Registrar, .ch and .cz add it automatically)"
    )
    assert rec.get(COMPONENT, "web").custom is False
    assert rec.outputs["dnssec_status"] == "active"


@pytest.mark.parametrize("dnssec", [None, False], ids=["absent", "false"])
def test_without_dnssec_nothing_is_signed_and_ds_record_is_none(dnssec: bool | None) -> None:
    rec = deploy(lambda: base() if dnssec is None else base(dnssec=dnssec))
    assert rec.by_type(DNSSEC) == []
    assert rec.outputs["ds_record"] is None
    assert rec.outputs["dnssec_status"] is None
    assert "dnssec" not in rec.failover_sets[0].facts
    assert not any(r.protect for r in rec.resources)


def test_dnssec_uses_the_checked_zone_id_output() -> None:
    rec = deploy(lambda: base(dnssec=True, zone_id=pulumi.Output.from_input(ZONE)))
    assert rec.get(DNSSEC, "web-dnssec").inputs["zoneId"] == ZONE

    with pytest.raises(Exception) as caught:  # noqa: PT011 - the engine may wrap it
        deploy(lambda: base(dnssec=True, zone_id=pulumi.Output.from_input("not-a-zone")))
    assert [r.path for r in config_error(caught.value).reasons] == ["zone_id"]


def test_caller_options_reach_the_new_children() -> None:
    # Imported through our module, which silences the SDK's import-time deprecation warnings.
    import pulumi_cloudflare as cloudflare

    def opts() -> pulumi.ResourceOptions:
        provider = cloudflare.Provider("cf", api_token="t" * 40)
        return pulumi.ResourceOptions(providers={"cloudflare": provider})

    rec = deploy(canonical, opts=opts)
    provider = rec.get("pulumi:providers:cloudflare", "cf")
    for type_, name in ((DNSSEC, "web-dnssec"), (WEBHOOK, "web-alert-webhook")):
        assert rec.get(type_, name).provider.startswith(provider.urn + "::"), name
    assert rec.get(POLICY, "web-health-alert").provider.startswith(provider.urn + "::")


# --- Alerts ------------------------------------------------------------------------------------


def test_alerts_policy_and_webhook_exact_inputs() -> None:
    rec = deploy(canonical)
    pools = [rec.get(POOL, f"web-{p}-pool") for p in ("primary", "secondary", "tertiary")]
    webhook = rec.get(WEBHOOK, "web-alert-webhook")
    assert webhook.plain() == {
        "accountId": ACCOUNT,
        "name": "app.example.com failover (web)",
        "url": HOOK_URL,
    }
    policy = rec.get(POLICY, "web-health-alert")
    assert policy.plain() == {
        "accountId": ACCOUNT,
        "alertType": "load_balancing_health_alert",
        "name": "app.example.com failover health (web)",
        "description": "Health of the pools of failover set web (app.example.com): "
        "primary > secondary > tertiary",
        "enabled": True,
        "filters": {
            "poolIds": [p.id for p in pools],
            "newHealths": ["Unhealthy", "Healthy"],
            "eventSources": ["pool", "origin"],
        },
        "mechanisms": {
            "emails": [{"id": "ops@example.com"}, {"id": "oncall@example.net"}],
            "webhooks": [{"id": webhook.id}],
        },
    }
    # The policy waits for the pools and the webhook it names.
    assert set(policy.dependencies) >= {webhook.urn, *(p.urn for p in pools)}
    assert rec.outputs["notification_policy_id"] == policy.id
    assert rec.outputs["alert_webhook_id"] == webhook.id
    assert rec.failover_sets[0].facts["alerts"] == (
        "load_balancing_health_alert for pools primary, secondary, tertiary (pool and origin "
        "events, unhealthy and healthy) to 2 email address(es), a new webhook"
    )


@pytest.mark.parametrize(
    ("alerts", "children", "mechanisms", "targets"),
    [
        (
            {"emails": [" ops@example.com "]},
            set[str](),
            {"emails": [{"id": "ops@example.com"}]},
            "1 email address(es)",
        ),
        (
            {"webhook_url": HOOK_URL},
            {"web-alert-webhook"},
            {"webhooks": ["<created>"]},
            "a new webhook",
        ),
        (
            {"webhook_id": WEBHOOK_ID},
            set[str](),
            {"webhooks": [{"id": WEBHOOK_ID}]},
            "an existing webhook",
        ),
        (
            {"emails": ["ops@example.com"], "webhook_url": HOOK_URL, "webhook_id": WEBHOOK_ID},
            {"web-alert-webhook"},
            {"emails": [{"id": "ops@example.com"}], "webhooks": ["<created>", {"id": WEBHOOK_ID}]},
            "1 email address(es), a new webhook, an existing webhook",
        ),
    ],
    ids=["emails-only", "webhook-url-only", "existing-webhook-only", "all-targets"],
)
def test_alert_targets(
    alerts: dict[str, Any], children: set[str], mechanisms: dict[str, Any], targets: str
) -> None:
    rec = deploy(lambda: base(alerts=alerts))
    assert {r.name for r in rec.by_type(WEBHOOK)} == children
    created = rec.get(WEBHOOK, "web-alert-webhook").id if children else None
    expected = {
        key: [{"id": created} if item == "<created>" else item for item in items]
        for key, items in mechanisms.items()
    }
    assert rec.get(POLICY, "web-health-alert").plain("mechanisms") == expected
    assert rec.outputs["alert_webhook_id"] == created
    assert rec.failover_sets[0].facts["alerts"].endswith(" to " + targets)


def test_without_alerts_there_is_no_policy() -> None:
    rec = deploy(base)
    assert rec.by_type(POLICY) == []
    assert rec.by_type(WEBHOOK) == []
    assert rec.outputs["notification_policy_id"] is None
    assert rec.outputs["alert_webhook_id"] is None
    assert "alerts" not in rec.failover_sets[0].facts


@pytest.mark.parametrize(
    "url",
    [
        lambda: HOOK_URL,
        lambda: pulumi.Output.from_input(HOOK_URL),
        lambda: pulumi.Output.secret(HOOK_URL),
        # White space around the URL is harmless: the component strips it, plain or Output.
        lambda: f"  {HOOK_URL}\n",
        lambda: pulumi.Output.secret(f"\t{HOOK_URL} "),
    ],
    ids=["plain", "output", "secret-output", "plain-padded", "output-padded"],
)
def test_webhook_url_is_secret_end_to_end(url: Callable[[], Any]) -> None:
    rec = deploy(lambda: base(alerts={"webhook_url": url()}))
    webhook = rec.get(WEBHOOK, "web-alert-webhook")
    assert webhook.is_secret("url")
    assert webhook.plain("url") == HOOK_URL
    # The token appears in no other resource, no output, and not in the plan summary.
    for r in rec.resources:
        if r is not webhook:
            assert "s3cr3t-t0ken" not in json.dumps(r.plain(), default=str), r.name
    assert "s3cr3t-t0ken" not in json.dumps(rec.outputs, default=str)
    assert "s3cr3t-t0ken" not in json.dumps(rec.failover_sets[0].to_json(), default=str)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (
            "webhook_url",
            "http://hooks.example.com/x?token=s3cr3t-t0ken",
            "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in "
            "it, must travel encrypted, got 'http://hooks.example.com/<redacted>'; expected "
            f"{URL_EXPECTED}",
        ),
        (
            "webhook_id",
            "hook-1",
            f"alerts.webhook_id: not a Cloudflare webhook id, got 'hook-1'; expected "
            f"{WEBHOOK_ID_EXPECTED}",
        ),
        (
            "webhook_url",
            "https://hooks.example.com:8443/x?token=s3cr3t-t0ken",
            "alerts.webhook_url: port 8443: Cloudflare sends webhook notifications to port 80 or "
            f"443 only, got 'https://hooks.example.com/<redacted>'; expected {URL_EXPECTED}",
        ),
        (
            "webhook_url",
            "https://hooks.example.com/x?token=s3cr3t-t0ken\t&b=1",
            "alerts.webhook_url: contains white space, which a URL never does, got "
            f"'https://hooks.example.com/<redacted>'; expected {URL_EXPECTED}",
        ),
    ],
    ids=["webhook-url-http", "webhook-id", "webhook-url-port", "webhook-url-white-space"],
)
def test_alert_outputs_are_checked_when_they_resolve(key: str, value: str, expected: str) -> None:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the engine may wrap it
        deploy(lambda: base(alerts={key: pulumi.Output.from_input(value)}))
    error = config_error(caught.value)
    assert [str(r) for r in error.reasons] == [expected]
    assert error.subject == "CloudflareFailover 'web'"
    assert "s3cr3t-t0ken" not in str(error)


def test_emails_given_as_outputs_are_rejected() -> None:
    def program() -> None:
        emails = ["ops@example.com", pulumi.Output.from_input("x@example.com")]
        CloudflareFailover("web", base(alerts={"emails": emails}))  # type: ignore[arg-type]

    with pytest.raises(FailoverConfigError) as caught:
        run(program)
    assert [str(r) for r in caught.value.reasons] == [
        "alerts.emails[1]: must be a plain string, not an Output: it names a notification destination; expected an email address "
        "known when the program runs"
    ]


# --- Hardened checks -----------------------------------------------------------------------------


def test_plain_header_values_become_secrets() -> None:
    rec = deploy(
        lambda: base(health_check={"regions": ["WEU"], "headers": {"X-Health-Token": "plain-s3"}})
    )
    monitor = rec.get(MONITOR, "web-monitor")
    assert monitor.is_secret("header")
    assert monitor.plain("header") == {"Host": ["app.example.com"], "X-Health-Token": ["plain-s3"]}
    # HTTPS, the public hostname as Host (and so as the name the probe asks for), certificates
    # validated, no redirects followed.
    assert (monitor.inputs["type"], monitor.inputs["allowInsecure"]) == ("https", False)
    assert monitor.inputs["followRedirects"] is False
    assert "plain-s3" not in json.dumps(rec.failover_sets[0].to_json(), default=str)


def test_the_host_header_alone_is_not_a_secret() -> None:
    monitor = deploy(base).get(MONITOR, "web-monitor")
    assert not monitor.is_secret("header")
    assert monitor.inputs["header"] == {"Host": ["app.example.com"]}


def test_pool_override_headers_are_secret_too() -> None:
    def make() -> dict[str, Any]:
        args = base()
        args["pools"][1]["health_check"] = {"headers": {"X-Token": "pool-s3"}}
        return args

    rec = deploy(make)
    assert not rec.get(MONITOR, "web-monitor").is_secret("header")
    own = rec.get(MONITOR, "web-secondary-monitor")
    assert own.is_secret("header")
    assert own.plain("header") == {"Host": ["app.example.com"], "X-Token": ["pool-s3"]}


@pytest.mark.parametrize(
    ("extra", "shared", "own"),
    [
        ({}, False, False),
        ({"allow_insecure": False}, False, False),
        ({"allow_insecure": True}, True, False),
    ],
    ids=["default", "false", "true"],
)
def test_allow_insecure_reaches_https_monitors_only(
    extra: dict[str, Any], shared: bool, own: bool
) -> None:
    def make() -> dict[str, Any]:
        args = base(**extra)
        # The secondary probes plain HTTP: there is no certificate to skip.
        args["pools"][1]["health_check"] = {"protocol": "HTTP"}
        return args

    rec = deploy(make)
    assert rec.get(MONITOR, "web-monitor").inputs["allowInsecure"] is shared
    assert rec.get(MONITOR, "web-secondary-monitor").inputs["allowInsecure"] is own
    primary, secondary = rec.failover_sets[0].tiers
    assert (primary.health_check["allow_insecure"], secondary.health_check["allow_insecure"]) == (
        shared,
        own,
    )
    facts = rec.failover_sets[0].facts
    if shared:
        assert facts["allow_insecure"] == (
            "true: HTTPS monitors accept any certificate (policy rule cloudflare-monitor-tls)"
        )
    else:
        assert "allow_insecure" not in facts


def test_allow_insecure_leaves_tcp_monitors_alone() -> None:
    def make() -> dict[str, Any]:
        args = base(allow_insecure=True)
        args["pools"][1]["health_check"] = {"protocol": "TCP", "port": 5432}
        return args

    rec = deploy(make)
    assert rec.get(MONITOR, "web-monitor").inputs["allowInsecure"] is True
    assert "allowInsecure" not in rec.get(MONITOR, "web-secondary-monitor").inputs


# --- Acknowledged policies ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, {}),
        (
            {"cloudflare-monitor-tls": "  origin uses a private CA  "},
            {"cloudflare-monitor-tls": "origin uses a private CA"},
        ),
        ({"FO007": "zone signed by the DNS team", "FO008": "alerts come from the APM"}, None),
    ],
    ids=["none", "one-trimmed", "two"],
)
def test_acknowledged_policies_output(
    given: dict[str, str] | None, expected: dict[str, str] | None
) -> None:
    rec = deploy(lambda: base() if given is None else base(policy_acknowledgements=given))
    want = expected if expected is not None else given
    assert rec.outputs["acknowledged_policies"] == want
    component = rec.get(COMPONENT, "web")
    assert rec.component_outputs[component.urn]["acknowledged_policies"] == want


# --- Preview ------------------------------------------------------------------------------------


def test_preview_with_unknown_ids_and_webhook() -> None:
    def make() -> dict[str, Any]:
        return base(
            account_id=unknown(),
            zone_id=unknown(),
            dnssec=True,
            alerts={
                "emails": ["ops@example.com"],
                "webhook_url": unknown(),
                "webhook_id": unknown(),
            },
            health_check={"regions": ["WEU"], "headers": {"X-Token": unknown()}},
        )

    rec = deploy(make, preview=True)
    assert {n for t, n in rec.names() if t in (DNSSEC, WEBHOOK, POLICY)} == {
        "web-dnssec",
        "web-alert-webhook",
        "web-health-alert",
    }
    signing = rec.get(DNSSEC, "web-dnssec")
    assert is_unknown(signing.inputs["zoneId"])
    assert signing.protect is True
    webhook = rec.get(WEBHOOK, "web-alert-webhook")
    assert webhook.is_secret("url")
    assert is_unknown(webhook.plain("url"))
    policy = rec.get(POLICY, "web-health-alert")
    assert all(is_unknown(i) for i in policy.inputs["filters"]["poolIds"])
    assert [is_unknown(m["id"]) for m in policy.inputs["mechanisms"]["webhooks"]] == [True, True]
    assert policy.inputs["mechanisms"]["emails"] == [{"id": "ops@example.com"}]
    assert rec.get(MONITOR, "web-monitor").is_secret("header")
    assert rec.outputs["ds_record"] is UNKNOWN
    assert rec.outputs["notification_policy_id"] is UNKNOWN
    assert rec.outputs["alert_webhook_id"] is UNKNOWN
    assert rec.outputs["acknowledged_policies"] == {}
    assert rec.outputs["worst_case_failover_seconds"] == 125


def test_preview_declares_the_same_children_and_inputs() -> None:
    real = deploy(canonical)
    preview = deploy(canonical, preview=True)
    assert preview.names() == real.names()
    for r in real.resources:
        p = preview.get(r.type, r.name)
        assert without_ids(p.plain()) == without_ids(r.plain()), r.name
        assert (p.parent, p.protect) == (r.parent, r.protect), r.name


# --- Bad inputs: every new one, with its exact reason --------------------------------------------


BAD: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "dnssec-not-bool",
        {"dnssec": "yes"},
        ["dnssec: not a boolean, got 'yes'; expected true or false"],
    ),
    (
        "allow-insecure-not-bool",
        {"allow_insecure": 1},
        ["allow_insecure: not a boolean, got 1; expected true or false"],
    ),
    (
        "allow-insecure-without-https",
        {"allow_insecure": True, "health_check": {"protocol": "HTTP", "regions": ["WEU"]}},
        [
            "allow_insecure: no monitor uses HTTPS, so there is no certificate to validate or "
            "skip, got True; expected allow_insecure only with an HTTPS health check"
        ],
    ),
    (
        "alerts-not-a-mapping",
        {"alerts": ["ops@example.com"]},
        [
            "alerts: not a mapping, got ['ops@example.com']; expected a mapping with emails, "
            "webhook_url and/or webhook_id"
        ],
    ),
    (
        "alerts-empty",
        {"alerts": {}},
        ["alerts: no one to notify; expected at least one of emails, webhook_url or webhook_id"],
    ),
    (
        "alerts-empty-email-list",
        {"alerts": {"emails": []}},
        ["alerts: no one to notify; expected at least one of emails, webhook_url or webhook_id"],
    ),
    (
        "alerts-misspelled-key",
        {"alerts": {"email": ["ops@example.com"], "webhook_id": WEBHOOK_ID}},
        [
            "alerts.email: unknown key (did you mean 'emails'?); expected one of emails, "
            "webhook_id, webhook_url"
        ],
    ),
    (
        "emails-not-a-list",
        {"alerts": {"emails": "ops@example.com"}},
        ["alerts.emails: not a list, got 'ops@example.com'; expected a list of email addresses"],
    ),
    (
        "email-invalid",
        {"alerts": {"emails": ["ops@example.com", "ops"]}},
        [
            "alerts.emails[1]: not an email address, got 'ops'; expected an address such as 'ops@example.com'"
        ],
    ),
    (
        "email-without-dot-in-domain",
        {"alerts": {"emails": ["ops@localhost"]}},
        [
            "alerts.emails[0]: not an email address, got 'ops@localhost'; expected an address such as 'ops@example.com'"
        ],
    ),
    (
        "email-bad-domain",
        {"alerts": {"emails": ["ops@exa_mple.com"]}},
        [
            "alerts.emails[0]: not an email address, got 'ops@exa_mple.com'; expected an address such as 'ops@example.com'"
        ],
    ),
    (
        "email-not-a-string",
        {"alerts": {"emails": [42]}},
        ["alerts.emails[0]: not a string, got 42; expected an email address"],
    ),
    (
        "email-duplicate",
        {"alerts": {"emails": ["ops@example.com", "oncall@example.com", "OPS@example.com"]}},
        ["alerts.emails[2]: duplicate address (also alerts.emails[0]), got 'OPS@example.com'"],
    ),
    (
        "webhook-url-http",
        {"alerts": {"webhook_url": "http://hooks.example.com/x?token=s3cr3t-t0ken"}},
        [
            "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in it, "
            f"must travel encrypted, got 'http://hooks.example.com/<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-url-no-scheme",
        {"alerts": {"webhook_url": "hooks.example.com/x?token=s3cr3t-t0ken"}},
        [
            "alerts.webhook_url: not an https URL (no scheme): the URL, and any token in it, "
            f"must travel encrypted, got '<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-url-no-host",
        {"alerts": {"webhook_url": "https:///x?token=s3cr3t-t0ken"}},
        [f"alerts.webhook_url: has no host name, got '<redacted>'; expected {URL_EXPECTED}"],
    ),
    (
        "webhook-url-port",
        {"alerts": {"webhook_url": "https://hooks.example.com:8443/x?token=s3cr3t-t0ken"}},
        [
            "alerts.webhook_url: port 8443: Cloudflare sends webhook notifications to port 80 or "
            f"443 only, got 'https://hooks.example.com/<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-url-bad-port",
        {"alerts": {"webhook_url": "https://hooks.example.com:99999/x?token=s3cr3t-t0ken"}},
        [
            "alerts.webhook_url: not a URL (its port is not 1 to 65535, or its IPv6 address is "
            f"malformed), got 'https://hooks.example.com/<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-url-white-space-inside",
        {"alerts": {"webhook_url": "https://hooks.example.com/x?token=s3cr3t t0ken"}},
        [
            "alerts.webhook_url: contains white space, which a URL never does, got "
            f"'https://hooks.example.com/<redacted>'; expected {URL_EXPECTED}"
        ],
    ),
    (
        "webhook-url-not-a-string",
        {"alerts": {"webhook_url": 42}},
        [f"alerts.webhook_url: not a string (int); expected {URL_EXPECTED}"],
    ),
    (
        "webhook-id-bad",
        {"alerts": {"webhook_id": "webhook-1"}},
        [
            f"alerts.webhook_id: not a Cloudflare webhook id, got 'webhook-1'; expected {WEBHOOK_ID_EXPECTED}"
        ],
    ),
    (
        "webhook-id-not-a-string",
        {"alerts": {"webhook_id": 7}},
        [f"alerts.webhook_id: not a string, got 7; expected {WEBHOOK_ID_EXPECTED}"],
    ),
    (
        "every-alert-problem-at-once",
        {
            "dnssec": 1,
            "alerts": {
                "emails": ["bad", "ops@example.com", "ops@example.com"],
                "webhook_url": "ftp://x",
                "webhook_id": "nope",
                "sms": ["+1"],
            },
        },
        [
            "dnssec: not a boolean, got 1; expected true or false",
            "alerts.sms: unknown key; expected one of emails, webhook_id, webhook_url",
            "alerts.emails[0]: not an email address, got 'bad'; expected an address such as 'ops@example.com'",
            "alerts.emails[2]: duplicate address (also alerts.emails[1]), got 'ops@example.com'",
            "alerts.webhook_url: not an https URL (scheme 'ftp'): the URL, and any token in it, "
            f"must travel encrypted, got 'ftp://x'; expected {URL_EXPECTED}",
            f"alerts.webhook_id: not a Cloudflare webhook id, got 'nope'; expected "
            f"{WEBHOOK_ID_EXPECTED}",
        ],
    ),
]


@pytest.mark.parametrize(
    ("extra", "expected"), [(extra, exp) for _, extra, exp in BAD], ids=[i for i, _, _ in BAD]
)
def test_bad_input_rejected_before_anything_is_registered(
    extra: dict[str, Any], expected: list[str]
) -> None:
    args = base(**extra)
    assert [str(r) for r in check_args(args)] == expected

    registered: list[str] = []

    class Counting(FailoverMocks):
        def new_resource(
            self, args: pulumi.runtime.MockResourceArgs
        ) -> tuple[str | None, dict[str, Any]]:
            registered.append(args.name)
            return super().new_resource(args)

    with pytest.raises(FailoverConfigError) as caught:
        run(lambda: CloudflareFailover("web", args), mocks=Counting())  # type: ignore[arg-type]
    assert [str(r) for r in caught.value.reasons] == expected
    assert registered == []
    # A webhook URL is never printed, not even when it is wrong.
    assert "s3cr3t-t0ken" not in str(caught.value)


@pytest.mark.parametrize(
    "extra",
    [
        {"dnssec": True, "allow_insecure": True},
        {"alerts": None},
        {"alerts": {"emails": ["first.last+failover@sub.example.co.uk"]}},
        {"alerts": {"webhook_url": "HTTPS://hooks.example.com:443/x"}},
        {"alerts": {"webhook_id": "B115D5EC-15C6-41EE-8B76-92C449B5227B"}},
        {"alerts": {"emails": [], "webhook_id": WEBHOOK_ID}},
    ],
    ids=[
        "flags",
        "alerts-none",
        "email-plus-tag",
        "https-explicit-port",
        "uuid-id",
        "empty-emails",
    ],
)
def test_compliant_security_settings(extra: dict[str, Any]) -> None:
    assert check_args(base(**extra)) == []


# --- The multi-language schema and the config-driven program ------------------------------------


def test_component_schema_has_the_new_keys_and_outputs() -> None:
    from pulumi.provider.experimental.analyzer import Analyzer

    result = Analyzer("failover-components").analyze([CloudflareFailover])
    definition = result["component_definitions"]["CloudflareFailover"]
    inputs = {k: v.optional for k, v in definition.inputs.items()}
    assert {k: inputs[k] for k in ("allowInsecure", "dnssec", "alerts")} == {
        "allowInsecure": True,
        "dnssec": True,
        "alerts": True,
    }
    outputs = {k: v.optional for k, v in definition.outputs.items()}
    assert outputs == {
        "fqdn": False,
        "loadBalancerId": False,
        "poolIds": False,
        "monitorIds": False,
        "worstCaseFailoverSeconds": False,
        "dsRecord": True,
        "dnssecStatus": True,
        "notificationPolicyId": True,
        "alertWebhookId": True,
        "acknowledgedPolicies": False,
    }
    alerts_type = result["type_definitions"]["CloudflareAlertsArgs"]
    assert {k: v.optional for k, v in alerts_type.properties.items()} == {
        "emails": True,
        "webhookUrl": True,
        "webhookId": True,
    }


def test_config_driven_program_declares_dnssec_and_alerts() -> None:
    from failover_components.program import declare

    entry = {
        "cloud": "cloudflare",
        "name": "web",
        **base(dnssec=True, alerts={"emails": ["ops@example.com"]}),
    }
    rec = run(lambda: declare([entry]))
    assert {(DNSSEC, "web-dnssec"), (POLICY, "web-health-alert")} <= rec.names()

    broken = {"cloud": "cloudflare", "name": "web", **base(alerts={"emails": ["ops"]})}
    with pytest.raises(FailoverConfigError) as caught:
        run(lambda: declare([broken]))
    assert [r.path for r in caught.value.reasons] == ["failovers[0].alerts.emails[0]"]
