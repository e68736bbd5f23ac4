"""The one alerts validator: table tests with exact reasons, and Hypothesis properties near the
valid boundary (a secret never leaks, every https URL with a host passes, ports and white space
follow the cloud's rules, "no one to notify" exactly when no target is given)."""

import re
from collections.abc import Sequence
from typing import Any

import pulumi
import pytest
import strategies
from hypothesis import given
from hypothesis import strategies as st

from failover_components.alerts import (
    AlertRules,
    Alerts,
    WebhookRules,
    email_problem,
    notify_reason,
    parse_alerts,
    redacted_url,
    webhook_url_reasons,
)
from failover_components.errors import Reason

PROFILE = strategies.settings.default
"""Importing ``strategies`` loads the ci/fuzz profile every property test here runs under."""
EXPECTED = "https://<host>/<path> (the value is a secret and is not shown)"
CLOUDFLARE = WebhookRules(
    ports=frozenset({80, 443}),
    ports_why="Cloudflare sends webhook notifications to port 80 or 443 only",
    strip=True,
)
RULES = AlertRules(keys=("emails", "webhook_url"), recipient="a notification channel")


def texts(reasons: Sequence[Reason]) -> list[str]:
    return [str(r) for r in reasons]


def topic_reasons(value: object) -> list[Reason]:
    return [] if value == "arn:topic" else [Reason("alerts.topic", "not a topic", value)]


WITH_TOPIC = AlertRules(
    keys=("emails", "webhook_url", "topic"),
    recipient="an SNS subscription",
    targets={"topic": topic_reasons},
)


# -- webhook URLs ------------------------------------------------------------------------------

WEBHOOK_CASES: dict[str, tuple[object, WebhookRules, list[str]]] = {
    "https": ("https://hooks.example.com/T0/s3cret", WebhookRules(), []),
    "https-port": ("HTTPS://hooks.example.com:8443/x?token=s3cret", WebhookRules(), []),
    "http": (
        "http://hooks.example.com/T0/s3cret",
        WebhookRules(),
        [
            "alerts.webhook_url: not an https URL (scheme 'http'): the URL, and any token in it, "
            f"must travel encrypted, got 'http://hooks.example.com/<redacted>'; expected {EXPECTED}"
        ],
    ),
    "no-scheme": (
        "hooks.example.com/s3cret",
        WebhookRules(),
        [
            "alerts.webhook_url: not an https URL (no scheme): the URL, and any token in it, "
            f"must travel encrypted, got '<redacted>'; expected {EXPECTED}"
        ],
    ),
    "no-host": (
        "https://user:s3cret@/hook",
        WebhookRules(),
        [f"alerts.webhook_url: has no host name, got '<redacted>'; expected {EXPECTED}"],
    ),
    "port-out-of-range": (
        "https://hooks.example.com:99999/s3cret",
        WebhookRules(),
        [
            "alerts.webhook_url: not a URL (its port is not 1 to 65535, or its IPv6 address is "
            f"malformed), got 'https://hooks.example.com/<redacted>'; expected {EXPECTED}"
        ],
    ),
    "port-zero": (
        "https://hooks.example.com:0/s3cret",
        WebhookRules(),
        [
            "alerts.webhook_url: not a URL (its port is not 1 to 65535, or its IPv6 address is "
            f"malformed), got 'https://hooks.example.com/<redacted>'; expected {EXPECTED}"
        ],
    ),
    "bad-ipv6": (
        "https://[::1/s3cret",
        WebhookRules(),
        [
            "alerts.webhook_url: not a URL (its port is not 1 to 65535, or its IPv6 address is "
            f"malformed), got '<redacted>'; expected {EXPECTED}"
        ],
    ),
    "inner-space": (
        "https://hooks.example.com/a s3cret",
        CLOUDFLARE,
        [
            "alerts.webhook_url: contains white space, which a URL never does, "
            f"got 'https://hooks.example.com/<redacted>'; expected {EXPECTED}"
        ],
    ),
    "surrounding-space-refused": (
        " https://hooks.example.com/s3cret\n",
        WebhookRules(),
        [
            "alerts.webhook_url: contains white space, which a URL never does, "
            f"got 'https://hooks.example.com/<redacted>'; expected {EXPECTED}"
        ],
    ),
    "surrounding-space-stripped": (" https://hooks.example.com/s3cret\n", CLOUDFLARE, []),
    "cloudflare-port": (
        "https://hooks.example.com:8443/s3cret",
        CLOUDFLARE,
        [
            "alerts.webhook_url: port 8443: Cloudflare sends webhook notifications to port 80 or "
            f"443 only, got 'https://hooks.example.com/<redacted>'; expected {EXPECTED}"
        ],
    ),
    "cloudflare-443": ("https://hooks.example.com:443/s3cret", CLOUDFLARE, []),
    "not-a-string": (
        42,
        WebhookRules(),
        [f"alerts.webhook_url: not a string (int); expected {EXPECTED}"],
    ),
}


@pytest.mark.parametrize(
    ("url", "rules", "expected"), WEBHOOK_CASES.values(), ids=list(WEBHOOK_CASES)
)
def test_webhook_url_reasons(url: object, rules: WebhookRules, expected: list[str]) -> None:
    assert texts(webhook_url_reasons(url, rules=rules)) == expected


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.example.com", "https://hooks.example.com"),
        ("https://hooks.example.com/", "https://hooks.example.com"),
        ("https://hooks.example.com/s3cret", "https://hooks.example.com/<redacted>"),
        ("https://user:s3cret@hooks.example.com", "https://hooks.example.com/<redacted>"),
        ("hooks.example.com/s3cret", "<redacted>"),
        ("https://[::1/s3cret", "<redacted>"),
    ],
)
def test_redacted_url_keeps_scheme_and_host_only(url: str, shown: str) -> None:
    assert redacted_url(url) == shown


_LABEL = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\Z", fullmatch=True)
_HOST = st.lists(_LABEL, min_size=1, max_size=3).map(lambda ls: ".".join([*ls, "example"]))
_TOKEN = st.from_regex(r"\A[A-Za-z0-9_~-]{8,24}\Z", fullmatch=True).map(lambda t: "TK" + t)
"""Upper-case letters first: never part of a (lower-case) host, so a leak is a real leak."""
_PATH = st.lists(st.from_regex(r"\A[A-Za-z0-9._~-]{1,10}\Z", fullmatch=True), max_size=3).map(
    lambda parts: "".join("/" + p for p in parts)
)


@st.composite
def webhook_urls(draw: st.DrawFn, scheme: str = "https") -> tuple[str, str, int | None]:
    """``(url, token, port)``: a URL on a valid host, the token somewhere after the host."""
    host, token, path = draw(_HOST), draw(_TOKEN), draw(_PATH)
    port = draw(st.none() | st.integers(1, 65535))
    netloc = host if port is None else f"{host}:{port}"
    where = draw(st.sampled_from(["path", "query", "fragment", "userinfo"]))
    if where == "userinfo":
        netloc = f"hook:{token}@{netloc}"
        url = f"{scheme}://{netloc}{path}"
    elif where == "path":
        url = f"{scheme}://{netloc}{path}/{token}"
    elif where == "query":
        url = f"{scheme}://{netloc}{path}?token={token}"
    else:
        url = f"{scheme}://{netloc}{path}#{token}"
    return url, token, port


@given(webhook_urls())
def test_every_https_url_with_a_host_passes(case: tuple[str, str, int | None]) -> None:
    url, _token, _port = case
    assert webhook_url_reasons(url) == []


@given(webhook_urls(), st.sampled_from([None, CLOUDFLARE]))
def test_a_port_passes_exactly_when_the_cloud_sends_to_it(
    case: tuple[str, str, int | None], rules: WebhookRules | None
) -> None:
    url, _token, port = case
    allowed = rules is None or rules.ports is None or port is None or port in rules.ports
    found = texts(webhook_url_reasons(url, rules=rules))
    assert (found == []) is allowed
    if not allowed:
        assert found[0].startswith(f"alerts.webhook_url: port {port}: ")


@given(
    st.one_of(
        webhook_urls(scheme="http"),
        webhook_urls(scheme="ftp"),
        webhook_urls(scheme="HTTP"),
        webhook_urls(scheme="wss"),
    ),
    st.sampled_from([None, CLOUDFLARE]),
)
def test_only_https_is_accepted_and_the_token_never_shows(
    case: tuple[str, str, int | None], rules: WebhookRules | None
) -> None:
    url, token, _port = case
    reasons = webhook_url_reasons(url, rules=rules)
    assert len(reasons) == 1
    assert "not an https URL" in reasons[0].problem
    assert token not in str(reasons[0])
    assert token not in repr(reasons[0])


@given(
    webhook_urls(),
    st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u2003"]),
    st.sampled_from(["before", "after", "inside"]),
    st.booleans(),
)
def test_white_space_is_refused_inside_and_around_unless_the_cloud_strips(
    case: tuple[str, str, int | None], space: str, where: str, strip: bool
) -> None:
    url, token, _port = case
    spaced = {
        "before": space + url,
        "after": url + space,
        "inside": url.replace(token, token[:4] + space + token[4:]),
    }[where]
    reasons = webhook_url_reasons(spaced, rules=WebhookRules(strip=strip))
    if strip and where != "inside":
        assert reasons == []
    else:
        assert [r.problem for r in reasons] == ["contains white space, which a URL never does"]
        assert token[:4] not in str(reasons[0])


_SHOWN = re.compile(r"^(<redacted>|[^/?#@\s]+://[^/?#@\s]+(/<redacted>)?)$")


@given(st.text(max_size=60))
def test_any_text_gives_at_most_one_reason_showing_scheme_and_host_only(text: str) -> None:
    reasons = webhook_url_reasons(text)
    assert len(reasons) <= 1
    for reason in reasons:
        assert _SHOWN.match(str(reason.got)), reason.got


# -- e-mail addresses and the whole mapping ----------------------------------------------------

_LOCAL = st.from_regex(
    r"\A[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,12}(\.[A-Za-z0-9_-]{1,8})?\Z", fullmatch=True
)


@given(_LOCAL, _HOST)
def test_a_dot_atom_at_a_host_name_is_an_address(local: str, host: str) -> None:
    assert email_problem(f"{local}@{host}") is None


@given(_LOCAL, _HOST, st.sampled_from(["", "@", " ", "..", ".", "@@"]))
def test_broken_addresses_are_refused(local: str, host: str, damage: str) -> None:
    broken = {
        "": f"{local}@",
        "@": f"{local}{host}",
        " ": f"{local} x@{host}",
        "..": f"{local}..x@{host}",
        ".": f".{local}@{host}",
        "@@": f"{local}@@{host}",
    }[damage]
    assert email_problem(broken) == "not an email address"


def test_email_lengths_follow_rfc_5321() -> None:
    assert email_problem("a" * 64 + "@example.com") is None
    assert email_problem("a" * 65 + "@example.com") == "not an email address"
    # 254 octets in all (RFC 5321 §4.5.3.1.3), with a host name of at most 253.
    domain = ".".join(["b" * 60] * 3) + "." + "c" * 5 + ".example"
    assert len(domain) == 196
    assert email_problem("a" * 57 + "@" + domain) is None
    assert email_problem("a" * 58 + "@" + domain) == "not an email address"
    assert email_problem("a@" + ".".join(["b" * 60] * 5)) == "not an email address"


@given(
    st.lists(st.tuples(_LOCAL, _HOST), max_size=4, unique_by=lambda t: f"{t[0]}@{t[1]}".lower()),
    st.booleans(),
    st.sampled_from([None, "https://hooks.example.com/x"]),
    st.sampled_from([None, "arn:topic"]),
)
def test_no_one_to_notify_exactly_when_no_target_is_given(
    addresses: list[tuple[str, str]], upper: bool, webhook: str | None, topic: str | None
) -> None:
    emails = [f"{local}@{host.upper() if upper else host}" for local, host in addresses]
    raw: dict[str, Any] = {"emails": emails}
    if webhook is not None:
        raw["webhook_url"] = webhook
    if topic is not None:
        raw["topic"] = topic
    alerts, reasons = parse_alerts(raw, WITH_TOPIC)
    nobody = not emails and webhook is None and topic is None
    assert texts(reasons) == (
        ["alerts: no one to notify; expected at least one of emails, webhook_url or topic"]
        if nobody
        else []
    )
    assert alerts == Alerts(tuple(emails), webhook, {"topic": topic} if topic is not None else {})


@given(
    st.lists(
        st.tuples(_LOCAL, _HOST),
        min_size=1,
        max_size=3,
        unique_by=lambda t: f"{t[0]}@{t[1]}".lower(),
    ),
    st.data(),
)
def test_a_repeated_address_is_named_with_its_first_place(
    addresses: list[tuple[str, str]], data: st.DataObject
) -> None:
    emails = [f"{local}@{host}" for local, host in addresses]
    first = data.draw(st.integers(0, len(emails) - 1))
    emails.append(emails[first].upper())
    _alerts, reasons = parse_alerts({"emails": emails}, RULES)
    assert texts(reasons) == [
        f"alerts.emails[{len(emails) - 1}]: duplicate address (also alerts.emails[{first}]), "
        f"got {emails[-1]!r}"
    ]


PARSE_CASES: dict[str, tuple[object, AlertRules, list[str]]] = {
    "none": (None, RULES, []),
    "not-a-mapping": (
        ["ops@example.com"],
        RULES,
        [
            "alerts: not a mapping, got ['ops@example.com']; expected a mapping with emails "
            "and/or webhook_url"
        ],
    ),
    "output": (
        pulumi.Output.from_input({"emails": []}),
        WITH_TOPIC,
        [
            "alerts: must be a plain mapping, not an Output; expected a mapping with emails, "
            "webhook_url and/or topic"
        ],
    ),
    "empty": (
        {},
        RULES,
        ["alerts: no one to notify; expected at least one of emails or webhook_url"],
    ),
    "unknown-key-and-nobody": (
        {"email": ["ops@example.com"]},
        RULES,
        [
            "alerts.email: unknown key (did you mean 'emails'?); expected one of emails, "
            "webhook_url",
            "alerts: no one to notify; expected at least one of emails or webhook_url",
        ],
    ),
    "emails-not-a-list": (
        {"emails": "ops@example.com"},
        RULES,
        ["alerts.emails: not a list, got 'ops@example.com'; expected a list of email addresses"],
    ),
    "emails-output": (
        {"emails": pulumi.Output.from_input(["ops@example.com"])},
        RULES,
        [
            "alerts.emails: must be a plain list, not an Output: each address names a "
            "notification channel; expected a list of email addresses known when the program "
            "runs"
        ],
    ),
    "address-output": (
        {"emails": [pulumi.Output.from_input("ops@example.com")]},
        WITH_TOPIC,
        [
            "alerts.emails[0]: must be a plain string, not an Output: it names an SNS "
            "subscription; expected an email address known when the program runs"
        ],
    ),
    "bad-address-and-target": (
        {"emails": ["nobody", 7], "topic": "arn:other"},
        WITH_TOPIC,
        [
            "alerts.emails[0]: not an email address, got 'nobody'; expected an address such as "
            "'ops@example.com'",
            "alerts.emails[1]: not a string, got 7; expected an email address",
            "alerts.topic: not a topic, got 'arn:other'",
        ],
    ),
    "webhook-output-is-left-for-later": (
        {"webhook_url": pulumi.Output.from_input("http://x")},
        RULES,
        [],
    ),
}


@pytest.mark.parametrize(("raw", "rules", "expected"), PARSE_CASES.values(), ids=list(PARSE_CASES))
def test_parse_alerts_reasons(raw: object, rules: AlertRules, expected: list[str]) -> None:
    _alerts, reasons = parse_alerts(raw, rules)
    assert texts(reasons) == expected


def test_the_cloud_email_check_runs_after_the_shared_one() -> None:
    seen: list[list[object]] = []

    def collide(items: Sequence[object]) -> list[Reason]:
        seen.append(list(items))
        return [Reason("alerts.emails[1]", "gives the same child name as alerts.emails[0]")]

    rules = AlertRules(keys=("emails",), recipient="a receiver", email_check=collide)
    _alerts, reasons = parse_alerts(
        {"emails": ["a.b@example.com", "a-b@example.com", "bad", "A.B@example.com"]}, rules
    )
    assert seen == [["a.b@example.com", "a-b@example.com", None, None]]
    assert texts(reasons) == [
        "alerts.emails[2]: not an email address, got 'bad'; expected an address such as "
        "'ops@example.com'",
        "alerts.emails[3]: duplicate address (also alerts.emails[0]), got 'A.B@example.com'",
        "alerts.emails[1]: gives the same child name as alerts.emails[0]",
    ]


def test_parsed_alerts_are_stripped_where_the_cloud_strips() -> None:
    rules = AlertRules(keys=("emails", "webhook_url"), recipient="a receiver", webhook=CLOUDFLARE)
    alerts, reasons = parse_alerts(
        {"emails": [" ops@example.com "], "webhook_url": " https://h.example.com/x "}, rules
    )
    assert reasons == []
    assert alerts == Alerts(("ops@example.com",), "https://h.example.com/x", {})


def test_notify_reason_names_every_target_key() -> None:
    assert notify_reason(1, ["emails"]) is None
    assert str(notify_reason(0, ["emails"])) == (
        "alerts: no one to notify; expected at least one of emails"
    )
