"""The one alerts validator: e-mail addresses, the webhook URL and "someone to notify".

Every cloud's ``alerts`` mapping has ``emails`` and ``webhook_url`` and may add targets of its
own (an SNS topic, an action group, a webhook id). :func:`parse_alerts` checks all of it with
one wording; a cloud passes its differences as :class:`AlertRules`:

- ``keys``: the keys its ``alerts`` TypedDict allows;
- ``recipient``: what one e-mail address becomes there (an SNS subscription, a receiver of
  the action group, a notification channel), which is why an address cannot be an ``Output``;
- ``email_check``: the cloud's own rules over the whole list (child names that collide);
- ``webhook``: :class:`WebhookRules`, the ports its sender reaches and whether it strips white
  space around the URL before sending it;
- ``targets``: its other target keys, each with the check of a plain value.

A webhook URL is a secret (it usually carries a token): its value never appears in a reason,
only :func:`redacted_url` (scheme and host). Plain values are checked here, before anything
is registered; a cloud checks an ``Output`` when it resolves with
``_component.check_when_known(url, lambda v: webhook_url_reasons(v, rules=...), subject)``
(and ``then=str.strip`` where its :class:`WebhookRules` strip).

Where the rules come from:

- e-mail addresses: RFC 5321 §4.5.3.1 (64-octet local part, 254-octet path) and a dot-atom
  local part (RFC 5322 §3.4.1); the domain a host name with a dot (:mod:`.addresses`);
- https only: every cloud can send to http, but the URL and the alert then travel in clear;
- Route 53 alarms notify SNS, whose HTTPS subscriptions take any port
  (https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html);
- Azure Monitor action group webhooks take an https URI
  (https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups#webhook);
- Cloudflare sends generic webhooks to port 80 or 443 only
  (https://developers.cloudflare.com/notifications/get-started/configure-webhooks/);
- Cloud Monitoring's ``webhook_tokenauth`` channel takes the URL as its ``url`` label
  (https://cloud.google.com/monitoring/support/notification-options#webhooks).
"""

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import SplitResult, urlsplit

import pulumi

from .addresses import hostname_problem
from .errors import Reason
from .reader import as_list, check_keys, is_output

__all__ = [
    "AlertRules",
    "Alerts",
    "WebhookRules",
    "email_list_reasons",
    "email_problem",
    "email_reasons",
    "notify_reason",
    "parse_alerts",
    "redacted_url",
    "webhook_url_reasons",
]

_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
WEBHOOK_EXPECTED = "https://<host>/<path> (the value is a secret and is not shown)"
"""What a webhook URL should be, in every reason about one."""


def email_problem(value: str) -> str | None:
    """Why ``value`` is not a deliverable email address (RFC 5321 lengths, a dot-atom local
    part, a host-name domain with a dot), or ``None``."""
    local, at, domain = value.rpartition("@")
    if not at or not local or len(value) > 254 or len(local) > 64:
        return "not an email address"
    if not _EMAIL_LOCAL.match(local):
        return "not an email address"
    domain = domain.lower()
    if "." not in domain or hostname_problem(domain) is not None:
        return "not an email address"
    return None


def email_reasons(
    emails: Sequence[object], *, names: str, path: str = "alerts.emails"
) -> list[Reason]:
    """Every problem with a list of alert email addresses: each a plain string (``names``
    says what the address names, which is why it cannot wait for deployment), a valid
    address, and not repeated (case-insensitively)."""
    reasons: list[Reason] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(emails):
        where = f"{path}[{index}]"
        if is_output(item):
            reasons.append(
                Reason(
                    where,
                    f"must be a plain string, not an Output: it names {names}",
                    expected="an email address known when the program runs",
                )
            )
        elif not isinstance(item, str):
            reasons.append(Reason(where, "not a string", item, "an email address"))
        elif email_problem(item.strip()) is not None:
            reasons.append(
                Reason(where, "not an email address", item, "an address such as 'ops@example.com'")
            )
        elif item.strip().lower() in seen:
            reasons.append(
                Reason(where, f"duplicate address (also {seen[item.strip().lower()]})", item)
            )
        else:
            seen[item.strip().lower()] = where
    return reasons


def email_list_reasons(
    emails: object, *, check: Callable[[Sequence[object]], list[Reason]], why_plain: str = ""
) -> tuple[list[Reason], int]:
    """``alerts.emails`` as a whole: a plain list, each address checked by ``check``.

    Returns the reasons and how many notification targets the value counts for (a malformed
    value counts as one, so it is reported as such, not also as "no one to notify").
    ``why_plain`` says why the list cannot be an Output.
    """
    if emails is None:
        return [], 0
    if is_output(emails):
        suffix = f": {why_plain}" if why_plain else ""
        return [
            Reason(
                "alerts.emails",
                f"must be a plain list, not an Output{suffix}",
                expected="a list of email addresses known when the program runs",
            )
        ], 1
    items = as_list(emails)
    if items is None:
        return [Reason("alerts.emails", "not a list", emails, "a list of email addresses")], 1
    return check(items), len(items)


@dataclass(frozen=True)
class WebhookRules:
    """What one cloud's webhook sender takes beyond an https URL with a host name."""

    ports: frozenset[int] | None = None
    """The ports the sender reaches; ``None``: any port, 1 to 65535."""
    ports_why: str = ""
    """Why only ``ports``, with the cloud's link (shown in the reason)."""
    strip: bool = False
    """``True`` when the cloud sends the URL with the white space around it removed, so that
    white space is harmless; ``False`` refuses it. White space inside a URL is always refused
    (RFC 3986 has none)."""


def redacted_url(url: str) -> str:
    """Scheme and host only: the rest of a webhook URL (path, query, user info) often holds a
    token, and an error message ends up in CI logs."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return "<redacted>"
    if not parts.scheme or not host or not parts.scheme.isascii() or not host.isascii():
        return "<redacted>"
    bare = f"{parts.scheme}://{host}"
    rest = url.strip() not in (bare, bare + "/")
    return bare + ("/<redacted>" if rest else "")


def _split(text: str) -> tuple[SplitResult | None, int | None]:
    """The URL's parts and port, or ``None`` when it is not a URL (a port outside 0-65535
    or a broken IPv6 literal)."""
    try:
        parts = urlsplit(text)
        return parts, parts.port
    except ValueError:
        return None, None


def _webhook_problem(text: str, rules: WebhookRules) -> str | None:
    if any(c.isspace() for c in (text.strip() if rules.strip else text)):
        return "contains white space, which a URL never does"
    parts, port = _split(text.strip())
    if parts is None or port == 0:
        return "not a URL (its port is not 1 to 65535, or its IPv6 address is malformed)"
    if parts.scheme.lower() != "https":
        scheme = f"scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        return f"not an https URL ({scheme}): the URL, and any token in it, must travel encrypted"
    if not parts.hostname:
        return "has no host name"
    if rules.ports is not None and port is not None and port not in rules.ports:
        return f"port {port}: {rules.ports_why}"
    return None


def webhook_url_reasons(
    value: object, path: str = "alerts.webhook_url", *, rules: WebhookRules | None = None
) -> list[Reason]:
    """The rules of a (plain or resolved) webhook URL; the value is shown redacted only.

    An https URL with a host name, without white space (around it too unless
    ``rules.strip``), on one of ``rules.ports`` when the cloud restricts them."""
    if not isinstance(value, str):
        return [Reason(path, f"not a string ({type(value).__name__})", expected=WEBHOOK_EXPECTED)]
    problem = _webhook_problem(value, rules or WebhookRules())
    if problem is None:
        return []
    return [Reason(path, problem, redacted_url(value), WEBHOOK_EXPECTED)]


def notify_reason(count: int, targets: Sequence[str]) -> Reason | None:
    """``alerts`` given but naming no one (``count`` targets): why, naming every key that
    would, e.g. "at least one of emails, webhook_url or sns_topic_arn"."""
    if count:
        return None
    return Reason("alerts", "no one to notify", expected=f"at least one of {_either(targets)}")


def _either(keys: Sequence[str], last: str = "or") -> str:
    return ", ".join(keys[:-1]) + f" {last} " + keys[-1] if len(keys) > 1 else keys[0]


@dataclass(frozen=True)
class AlertRules:
    """One cloud's ``alerts``: its keys and what differs from the shared rules."""

    keys: Collection[str]
    """Every key the cloud's ``alerts`` TypedDict allows."""
    recipient: str
    """What one address becomes, e.g. ``"an SNS subscription"``."""
    email_check: Callable[[Sequence[object]], list[Reason]] | None = None
    """The cloud's own rules over the addresses, run after the shared ones on the list with
    each address that broke one (or repeats an earlier one) replaced by ``None``, so an index
    still names the path and a bad address gets one reason, not two."""
    webhook: WebhookRules = field(default_factory=WebhookRules)
    """The cloud's webhook sender."""
    targets: Mapping[str, Callable[[object], list[Reason]]] = field(
        default_factory=dict[str, Callable[[object], list[Reason]]]
    )
    """Other target keys (``sns_topic_arn``, ``action_group_id``, ...) -> the check of a
    plain value (an ``Output`` is the cloud's to check when it resolves)."""

    def target_keys(self) -> tuple[str, ...]:
        """Every key that names someone to notify, in the order reasons list them."""
        return ("emails", "webhook_url", *self.targets)


@dataclass(frozen=True)
class Alerts:
    """Who to notify, as given: the plain addresses stripped, in order."""

    emails: tuple[str, ...] = ()
    webhook_url: "pulumi.Input[str] | None" = None
    """Stripped when plain and the cloud strips it; an ``Output`` is checked on resolving."""
    targets: Mapping[str, Any] = field(default_factory=dict[str, Any])
    """The cloud's other target keys that were given, as given."""


def _email_checks(rules: AlertRules) -> Callable[[Sequence[object]], list[Reason]]:
    def check(items: Sequence[object]) -> list[Reason]:
        reasons = email_reasons(items, names=rules.recipient)
        if rules.email_check is not None:
            bad = {reason.path for reason in reasons}
            kept = [None if f"alerts.emails[{i}]" in bad else e for i, e in enumerate(items)]
            reasons.extend(rules.email_check(kept))
        return reasons

    return check


def _addresses(emails: object) -> tuple[str, ...]:
    items = as_list(emails) or []
    return tuple(e.strip() for e in items if isinstance(e, str))


def parse_alerts(raw: object, rules: AlertRules) -> tuple[Alerts | None, list[Reason]]:
    """``alerts``: its keys, every address, the webhook URL, the cloud's other targets and at
    least one of them. ``None`` when no alerts were asked for (or they are not a mapping)."""
    if raw is None:
        return None, []
    expected = f"a mapping with {_either(rules.target_keys(), 'and/or')}"
    if is_output(raw):
        return None, [Reason("alerts", "must be a plain mapping, not an Output", expected=expected)]
    if not isinstance(raw, Mapping):
        return None, [Reason("alerts", "not a mapping", raw, expected)]
    data = cast("Mapping[str, Any]", raw)
    reasons = check_keys(data, rules.keys, "alerts")
    found, count = email_list_reasons(
        data.get("emails"),
        check=_email_checks(rules),
        why_plain=f"each address names {rules.recipient}",
    )
    reasons.extend(found)
    webhook = data.get("webhook_url")
    if webhook is not None:
        count += 1
        if not is_output(webhook):
            reasons.extend(webhook_url_reasons(webhook, rules=rules.webhook))
            if isinstance(webhook, str) and rules.webhook.strip:
                webhook = webhook.strip()
    targets: dict[str, Any] = {}
    for key, check in rules.targets.items():
        if data.get(key) is None:
            continue
        count += 1
        targets[key] = data[key]
        if not is_output(data[key]):
            reasons.extend(check(data[key]))
    missing = notify_reason(count, rules.target_keys())
    if missing is not None:
        reasons.append(missing)
    return Alerts(_addresses(data.get("emails")), webhook, targets), reasons
