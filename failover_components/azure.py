"""Azure: :class:`TrafficManagerFailover`, ordered failover with Traffic Manager priority routing
behind an Azure DNS name.

One Traffic Manager profile with ``Priority`` routing holds one endpoint per pool, priority =
tier. A pool with a single endpoint and the set's health check is an inline endpoint; a pool
with several endpoints, or with its own ``health_check``, becomes a nested child profile
(``Weighted`` routing inside the tier, its own monitor settings, ``min_healthy`` as the
parent's ``minChildEndpoints``). Every endpoint is declared inline on its profile, never as a
separate ``Endpoint`` resource: a profile update is a full PUT, so the two models overwrite
each other (pain.md §F33). The hostname in Azure DNS is a CNAME to the profile's FQDN below
the zone apex, or an alias A/AAAA record targeting the profile at the apex.

Only ``pulumi_azure_native.trafficmanager`` and ``pulumi_azure_native.dns`` are imported (the
package's other modules stay lazy).
"""

import ipaddress
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Optional, cast
from urllib.parse import urlsplit

import pulumi
from pulumi_azure_native import dns, monitor, trafficmanager

from . import _component, cloud_names, naming, ownership, summary, timing
from .errors import MISSING, FailoverConfigError, Reason
from .model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from .spec import EndpointStatus, FailoverSetArgs, Protocol, RecordType
from .validation import (
    as_list,
    check_keys,
    checked_address,
    email_list_reasons,
    email_reasons,
    typeddict_keys,
)

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - exercised only on Python 3.10
    from typing_extensions import NotRequired, TypedDict

__all__ = [
    "AzureAlertsArgs",
    "TrafficManagerFailover",
    "TrafficManagerFailoverArgs",
    "action_group_short_name",
    "check_args",
    "ds_record_of",
    "email_receiver_names",
]

TM_MONITOR = timing.TM_MONITOR
TM_FAQ = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-faqs"
TM_NESTED = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-nested-profiles"
TM_ENDPOINT_TYPES = (
    "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-endpoint-types"
)
TM_MANAGE = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-manage-profiles"
TM_PROFILE_API = (
    "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/trafficmanager/"
    "Trafficmanager.Management/examples/2022-04-01/Profile-PUT-WithNestedEndpoints.json"
)
DNS_ALIAS = "https://learn.microsoft.com/azure/dns/dns-alias"
RG_NAME_RULES = (
    "https://learn.microsoft.com/azure/azure-resource-manager/management/"
    "resource-name-rules#microsoftresources"
)
DNS_DNSSEC = "https://learn.microsoft.com/azure/dns/dnssec"
DNS_DNSSEC_HOWTO = "https://learn.microsoft.com/azure/dns/dnssec-how-to"
DNS_DNSSEC_UNSIGN = "https://learn.microsoft.com/azure/dns/dnssec-unsign"
DNS_TMLINK = "https://learn.microsoft.com/azure/dns/dns-traffic-manager-linked-records"
TM_METRICS = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-metrics-alerts"
TM_METRIC_REFERENCE = (
    "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/"
    "microsoft-network-trafficmanagerprofiles-metrics"
)
METRIC_ALERTS = "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-types#metric-alerts"
ACTION_GROUPS = "https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups"
COMMON_ALERT_SCHEMA = "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema"
SERVICE_TAGS = "https://learn.microsoft.com/azure/virtual-network/service-tags-overview"

TYPE_NAME = "TrafficManagerFailover"
TYPE_TOKEN = naming.type_token(TYPE_NAME)

DEFAULT_TTL = 30
"""Profile TTL when ``ttl`` is not given: Traffic Manager's documented timeline uses 30 s."""
DEFAULT_INTERVAL = 30
"""Traffic Manager's default probing interval [TM_MONITOR]."""
DEFAULT_FAILURE_THRESHOLD = 4
"""Azure's default of 3 tolerated failures: Degraded on the 4th consecutive failure [TM_MONITOR]."""
DEFAULT_CODES: tuple[tuple[int, int], ...] = ((200, 299),)
"""Azure's own default is 200 only, so a 204 or any other 2xx health answer would be Degraded
[TM_MONITOR]; any 2xx is healthy here."""
SECRET_SUMMARY = "[secret]"
"""How the plan summary shows a secret header value (as the offline plan shows secrets)."""
MAX_STATUS_RANGES = 8
MAX_CUSTOM_HEADERS = 8
MAX_ENDPOINTS_PER_PROFILE = 200
"""Traffic Manager supports up to 200 endpoints per profile [TM_MANAGE]."""
RECORD_MIN_TTL = 1
"""Azure DNS record sets take a TTL of 1 to 2,147,483,647 s (the azurerm provider's validation,
https://github.com/hashicorp/terraform-provider-azurerm/issues/23917); a profile TTL of 0 is
allowed by Traffic Manager [TM_FAQ], so the hostname's own record gets at least 1."""

# Inline endpoints carry the full resource type (the API's `type` field); the short form
# (`ExternalEndpoints`) is only the URL segment of the standalone Endpoint API (pain.md §F32).
# Spelled as the 2022-04-01 API returns it, so a refresh shows no diff [TM_PROFILE_API].
EXTERNAL = "Microsoft.Network/trafficManagerProfiles/externalEndpoints"
AZURE = "Microsoft.Network/trafficManagerProfiles/azureEndpoints"
NESTED = "Microsoft.Network/trafficManagerProfiles/nestedEndpoints"

# Azure endpoints are Cloud Services, App Service apps (and slots) and public IP addresses with
# a DNS name [TM_ENDPOINT_TYPES]; a Traffic Manager profile is a nested endpoint, which this
# component creates itself.
_AZURE_ENDPOINT_TYPES = (
    "microsoft.network/publicipaddresses",
    "microsoft.web/sites",
    "microsoft.classiccompute/domainnames",
)
_PROVIDER_TYPE = re.compile(r"/providers/([^/]+/[^/]+)", re.IGNORECASE)
_DNS_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_RESOURCE_GROUP = re.compile(r"^[-\w.()]{1,90}$")
_ACTION_GROUP_ID = re.compile(
    r"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/microsoft\.insights/"
    r"actionGroups/[^/]+$",
    re.IGNORECASE,
)
# Deliberately loose (one '@', a dot in the domain, no spaces): the action group sends a
# confirmation mail, which is the real test of an address.
"""The longest usable address (RFC 5321 §4.5.3.1.3, a 256-octet path less the brackets)."""

UNSIGNED_HOP_WARNING = "[failover-components:azure-unsigned-hop]"
"""The stable id of the warning that DNSSEC does not cover the answer through Traffic Manager."""

# The metric alert on the profile's endpoint status [TM_METRICS], [TM_METRIC_REFERENCE].
ENDPOINT_STATUS_METRIC = "ProbeAgentCurrentEndpointStateByProfileResourceId"
""""Endpoint Status by Endpoint": 1 while an endpoint's probes say up, 0 when down; dimension
``EndpointName``; time grains PT1M and PT1H [TM_METRIC_REFERENCE]."""
METRIC_NAMESPACE = "Microsoft.Network/trafficManagerProfiles"
ALERT_AGGREGATION = "Average"
ALERT_THRESHOLD = 0.5
"""Microsoft's own guidance: alert when the average of the "up" status falls below 0.5, i.e.
when fewer than half of the probes see the endpoint up, which is also when Traffic Manager
marks it down; one failing probing location out of many is no outage [TM_METRICS]. A
``Maximum < 1`` rule would instead fire on a single failing probe."""
ALERT_EVALUATION_FREQUENCY = "PT1M"
"""Every minute: the metric's finest time grain [TM_METRIC_REFERENCE]."""
ALERT_WINDOW_SIZE = "PT5M"
"""Five one-minute samples: the alert fires once most probes in the last five minutes saw the
endpoint down, about as long as Traffic Manager's own default detection (4 probes 30 s apart
plus the 10 s timeout), and a one-minute blip of a single location does not page anyone."""
ALERT_SEVERITY = 1
"""Sev1 (Error) on Azure Monitor's 0 (Critical) to 4 (Verbose) scale [METRIC_ALERTS]: a tier
is down and traffic has moved to the next one (or, for the last tier, nowhere healthy is left);
the service still answers, so not Critical."""
ACTION_GROUP_SHORT_NAME_LENGTH = 12
"""An action group's short name (shown in its emails and texts) has at most 12 characters
[ACTION_GROUPS]."""


class AzureAlertsArgs(TypedDict):
    """Who is told when an endpoint of the profile goes down: an Azure Monitor metric alert on
    the profile's endpoint status notifies an action group. At least one of ``emails``,
    ``webhook_url`` and ``action_group_id``; given together, all of them are notified."""

    emails: NotRequired[list[str]]
    """Addresses that receive the alert (each one gets a confirmation mail from Azure when it
    is added); plain strings, each address once. Default: none."""
    webhook_url: NotRequired[pulumi.Input[str]]
    """An ``https://`` URL that receives the alert as a POST in the common alert schema; it
    often carries a token, so it is kept a Pulumi secret on every resource. Default: none."""
    action_group_id: NotRequired[pulumi.Input[str]]
    """The resource id of an existing Azure Monitor action group to notify as well (an on-call
    rotation, say): ``/subscriptions/<id>/resourceGroups/<group>/providers/
    microsoft.insights/actionGroups/<name>``. Default: none; an action group is created for
    ``emails`` and ``webhook_url``."""


class TrafficManagerFailoverArgs(FailoverSetArgs):
    """A failover set declared with Azure Traffic Manager and Azure DNS."""

    resource_group_name: pulumi.Input[str]
    """The resource group of the Traffic Manager profile(s) and of the Azure DNS zone.
    Default: none, required."""
    create_zone: NotRequired[bool]
    """Create the Azure DNS zone ``zone_name`` in the resource group and export its name
    servers; otherwise the zone must already exist there. Default: ``false``."""
    profile_dns_name: NotRequired[str]
    """The profile's ``<name>.trafficmanager.net`` label: 1-63 lowercase letters, digits and
    inner hyphens, unique across Azure. Default: the component name and a short hash of the
    project, stack and component name, stable across updates."""
    dnssec: NotRequired[bool]
    """Sign the Azure DNS zone ``zone_name`` (created or existing) with DNSSEC and export its DS
    record as ``ds_record``; the signing configuration is protected from deletion. The answer
    through ``trafficmanager.net`` stays unsigned (see the component's documentation).
    Default: ``false``."""
    alerts: NotRequired[AzureAlertsArgs]
    """Notify ``emails``, a ``webhook_url`` and/or an existing action group when an endpoint
    of the profile goes down. Default: no alerts."""


# ----------------------------------------------------------------------------------------
# Monitor settings: the neutral health check in Traffic Manager's terms, defaults resolved.


@dataclass(frozen=True)
class Monitor:
    """One profile's ``monitorConfig``, every default resolved."""

    protocol: Protocol
    port: int
    path: str | None
    """``None`` for TCP (a path is an error there [TM_MONITOR])."""
    interval_seconds: int
    timeout_seconds: int
    failure_threshold: int
    status_ranges: tuple[tuple[int, int], ...]
    """Empty for TCP."""
    headers: tuple[tuple[str, pulumi.Input[str]], ...]
    """Host first; empty for TCP."""

    @property
    def tolerated_failures(self) -> int:
        """Degraded when consecutive failures exceed this [TM_MONITOR]."""
        return self.failure_threshold - 1

    def args(self) -> trafficmanager.MonitorConfigArgs:
        """The SDK's monitor config."""
        http = self.protocol is not Protocol.TCP
        return trafficmanager.MonitorConfigArgs(
            protocol=self.protocol.value,
            port=self.port,
            path=self.path,
            interval_in_seconds=self.interval_seconds,
            timeout_in_seconds=self.timeout_seconds,
            tolerated_number_of_failures=self.tolerated_failures,
            expected_status_code_ranges=[
                trafficmanager.MonitorConfigExpectedStatusCodeRangesItemArgs(min=low, max=high)
                for low, high in self.status_ranges
            ]
            if http
            else None,
            custom_headers=[
                trafficmanager.MonitorConfigCustomHeadersItemArgs(name=name, value=value)
                for name, value in self.headers
            ]
            if http
            else None,
        )

    def describe(self) -> dict[str, Any]:
        """The effective settings in Traffic Manager's own names, for the plan summary."""
        out: dict[str, Any] = {
            "protocol": self.protocol.value,
            "port": self.port,
            "interval_in_seconds": self.interval_seconds,
            "timeout_in_seconds": self.timeout_seconds,
            "tolerated_number_of_failures": self.tolerated_failures,
        }
        if self.protocol is not Protocol.TCP:
            out["path"] = self.path
            out["expected_status_code_ranges"] = [f"{lo}-{hi}" for lo, hi in self.status_ranges]
            # Header values but Host are secrets on the profile (see _secret_headers): the plan
            # summary, printed in CI logs, does not show them either.
            out["custom_headers"] = {
                name: SECRET_SUMMARY
                if name.lower() != "host"
                else value
                if isinstance(value, str)
                else summary.UNKNOWN_ADDRESS
                for name, value in self.headers
            }
        return out


def _default_timeout(interval: int) -> int:
    # 10 s with the normal 30 s interval, 9 s with fast probing [TM_MONITOR].
    return 10 if interval == 30 else 9


def _headers(hc: HealthCheck) -> tuple[tuple[str, pulumi.Input[str]], ...]:
    if hc.protocol is Protocol.TCP:
        return ()
    given = [(str(k), v) for k, v in hc.headers.items()]
    if any(k.lower() == "host" for k, _ in given):
        host = [(k, v) for k, v in given if k.lower() == "host"]
        return (*host, *((k, v) for k, v in given if k.lower() != "host"))
    # Probes otherwise send the endpoint's DNS name (or nothing useful for an IP) as Host, and
    # a virtual host or ingress answers 404 (pain.md §F34) [TM_FAQ "What host header...?"].
    return (("Host", hc.host), *given)


def monitor_of(hc: HealthCheck) -> Monitor:
    """The monitor settings of a validated health check, defaults resolved."""
    interval = hc.interval_seconds or DEFAULT_INTERVAL
    tcp = hc.protocol is Protocol.TCP
    return Monitor(
        protocol=hc.protocol,
        port=hc.port or 0,
        path=None if tcp else (hc.path or "/"),
        interval_seconds=interval,
        timeout_seconds=hc.timeout_seconds or _default_timeout(interval),
        failure_threshold=hc.failure_threshold or DEFAULT_FAILURE_THRESHOLD,
        status_ranges=() if tcp else (hc.expected_codes or DEFAULT_CODES),
        headers=_headers(hc),
    )


def _monitor_reasons(hc: HealthCheck) -> list[Reason]:
    reasons: list[Reason] = []
    for key, why, instead in (
        (
            "search_string",
            "not available on Traffic Manager: its probes only check the status code",
            "no search_string; make the health endpoint return an error status when unhealthy",
        ),
        (
            "regions",
            "not available on Traffic Manager: probes always run from all of its probing locations",
            "no regions",
        ),
    ):
        value = hc.search_string if key == "search_string" else hc.regions
        if key in hc.given and value is not None:
            got = list(value) if isinstance(value, tuple) else value
            reasons.append(Reason(hc.path_of(key), why, got, instead))
    interval = hc.interval_seconds
    if interval is not None and interval not in (10, 30):
        reasons.append(
            Reason(
                hc.path_of("interval_seconds"),
                "not a Traffic Manager probing interval",
                interval,
                "10 or 30 (10 is fast probing, billed extra)",
            )
        )
        interval = None
    timeout = hc.timeout_seconds
    if timeout is not None:
        high = 9 if interval == 10 else 10
        if not 5 <= timeout <= high:
            reasons.append(
                Reason(
                    hc.path_of("timeout_seconds"),
                    "out of Traffic Manager's range",
                    timeout,
                    "5 to 9 with interval_seconds 10"
                    if interval == 10
                    else "5 to 10 (5 to 9 with interval_seconds 10)",
                )
            )
    if hc.expected_codes is not None and len(hc.expected_codes) > MAX_STATUS_RANGES:
        reasons.append(
            Reason(
                hc.path_of("expected_codes"),
                f"{len(hc.expected_codes)} status code ranges, more than Traffic Manager allows",
                hc.expected_codes_text,
                f"at most {MAX_STATUS_RANGES} ranges",
            )
        )
    headers = _headers(hc)
    if len(headers) > MAX_CUSTOM_HEADERS:
        default_host = not any(k.lower() == "host" for k in hc.headers)
        reasons.append(
            Reason(
                hc.path_of("headers"),
                f"{len(headers)} custom headers"
                + (" with the default Host header" if default_host else "")
                + ", more than Traffic Manager allows",
                sorted(hc.headers),
                f"at most {MAX_CUSTOM_HEADERS} headers"
                + (" including Host" if default_host else ""),
            )
        )
    for name, header_value in hc.headers.items():
        if name.lower() == "host" and isinstance(header_value, str) and "*" in header_value:
            reasons.append(_star_host(f"{hc.path_of('headers')}.{name}", header_value))
    return reasons


def _star_host(path: str, value: str) -> Reason:
    return Reason(
        path, "'*' is not allowed in the Host header on Traffic Manager", value, "a host name"
    )


def _checked_headers(
    monitor: Monitor, hc: HealthCheck, subject: str
) -> tuple[tuple[str, pulumi.Input[str]], ...]:
    """Host header values that are Outputs get the '*' rule when they resolve [TM_FAQ]."""
    out: list[tuple[str, pulumi.Input[str]]] = []
    for name, value in monitor.headers:
        if name.lower() == "host" and not isinstance(value, str):
            path = f"{hc.path_of('headers')}.{name}"

            def check(v: str, path: str = path) -> str:
                if "*" in v:
                    raise FailoverConfigError([_star_host(path, v)], subject)
                return v

            value = pulumi.Output.from_input(cast("pulumi.Input[str]", value)).apply(check)
        out.append((name, value))
    return tuple(out)


# ----------------------------------------------------------------------------------------
# Validation: every Azure rule, pure; the component and the config-driven program share it.


def _dns_name_problem(value: str) -> str | None:
    if not value:
        return "empty"
    if len(value) > 63:
        return f"{len(value)} characters long, more than 63"
    if value != value.lower():
        return "not lowercase"
    if not _DNS_LABEL.match(value):
        return "not lowercase letters, digits and inner hyphens (one DNS label, no dots)"
    return None


def _resource_group_reason(value: str, path: str = "resource_group_name") -> Reason | None:
    # 1-90 letters, digits, underscores, hyphens, periods and parentheses; not ending with a
    # period [RG_NAME_RULES].
    if _RESOURCE_GROUP.match(value) and not value.endswith("."):
        return None
    return Reason(
        path,
        "not a valid Azure resource group name",
        value,
        "1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'",
    )


def _is_output(value: object) -> bool:
    return isinstance(value, pulumi.Output) or hasattr(value, "__await__")


def _key_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """The Azure keys' own values; runs even when the cloud-neutral keys are broken."""
    reasons: list[Reason] = []
    if args.get("resource_group_name") is None:
        reasons.append(
            Reason(
                "resource_group_name",
                "required",
                expected="the resource group of the profile and the Azure DNS zone",
            )
        )
    else:
        rg = args["resource_group_name"]
        if isinstance(rg, str):
            bad = _resource_group_reason(rg)
            if bad:
                reasons.append(bad)
        elif not _is_output(rg):
            reasons.append(
                Reason("resource_group_name", "not a string", rg, "a resource group name")
            )
    reasons.extend(_route53_only_reasons(args))
    for key in ("create_zone", "dnssec"):
        flag = args.get(key)
        if flag is not None and not isinstance(flag, bool):
            reasons.append(Reason(key, "not a boolean", flag, "true or false"))
    dns_name = args.get("profile_dns_name")
    if dns_name is not None:
        if _is_output(dns_name):
            reasons.append(
                Reason(
                    "profile_dns_name",
                    "must be a plain string, not an Output: it names the profile and its "
                    "nested profiles",
                    expected="a DNS label known when the program runs",
                )
            )
        elif not isinstance(dns_name, str):
            reasons.append(Reason("profile_dns_name", "not a string", dns_name, "a DNS label"))
        else:
            problem = _dns_name_problem(dns_name)
            if problem:
                reasons.append(
                    Reason(
                        "profile_dns_name",
                        f"not a valid Traffic Manager DNS name: {problem}",
                        dns_name,
                        "1-63 lowercase letters, digits and inner hyphens, "
                        "the <name> of <name>.trafficmanager.net",
                    )
                )
    reasons.extend(_alerts_reasons(args.get("alerts")))
    return reasons


_ALERTS_KEYS = typeddict_keys(AzureAlertsArgs)


def _alerts_reasons(alerts: object) -> list[Reason]:
    """``alerts``: its keys, every address, the webhook URL and the action group id, and at
    least one target."""
    if alerts is None:
        return []
    if not isinstance(alerts, Mapping):
        return [Reason("alerts", "not a mapping", alerts, "a mapping of keys to values")]
    data = cast("Mapping[str, Any]", alerts)
    reasons = check_keys(data, _ALERTS_KEYS, "alerts")
    reasons.extend(_email_reasons(data.get("emails")))
    webhook = data.get("webhook_url")
    if webhook is not None and not _is_output(webhook):
        bad = _webhook_reason(webhook)
        if bad:
            reasons.append(bad)
    group = data.get("action_group_id")
    if group is not None and not _is_output(group):
        bad = _action_group_reason(group)
        if bad:
            reasons.append(bad)
    # An empty list names no one; a malformed value was reported above and counts as given.
    emails = data.get("emails")
    no_emails = emails is None or as_list(emails) == []
    if no_emails and webhook is None and group is None:
        reasons.append(
            Reason(
                "alerts",
                "no one to notify",
                dict(data),
                "at least one of emails, webhook_url or action_group_id",
            )
        )
    return reasons


def _email_reasons(emails: object) -> list[Reason]:
    reasons, _targets = email_list_reasons(
        emails,
        check=lambda items: email_reasons(items, names="its receiver in the action group"),
        why_plain="each address is a receiver of the action group",
    )
    return reasons


def _redacted_url(url: str) -> str:
    """Scheme and host only: the rest of a webhook URL (path, query, user info) often holds a
    token, and an error message ends up in CI logs."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "<redacted>"
    if not parts.scheme or not host:
        return "<redacted>"
    rest = url != f"{parts.scheme}://{host}" and url != f"{parts.scheme}://{host}/"
    return f"{parts.scheme}://{host}" + ("/<redacted>" if rest else "")


def _webhook_reason(url: object) -> Reason | None:
    path = "alerts.webhook_url"
    if not isinstance(url, str):
        return Reason(path, "not a string", url, "an https:// URL")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises on a port outside 0-65535
    except ValueError:
        host = None
        parts = None
    if (
        parts is None
        or parts.scheme.lower() != "https"
        or not host
        or any(c.isspace() for c in url)
    ):
        # Plain http would carry the alert, and any token in the URL, in clear text.
        return Reason(
            path,
            "not an https URL",
            _redacted_url(url),
            "an https:// URL with a host name (plain http would send the alert and its token "
            "in clear text)",
        )
    return None


def _action_group_reason(value: object) -> Reason | None:
    path = "alerts.action_group_id"
    if not isinstance(value, str):
        return Reason(path, "not a string", value, "an action group resource id")
    if not _ACTION_GROUP_ID.match(value):
        return Reason(
            path,
            "not an Azure Monitor action group id",
            value,
            "/subscriptions/<id>/resourceGroups/<group>/providers/microsoft.insights/"
            "actionGroups/<name>",
        )
    return None


def _route53_only_reasons(args: Mapping[str, Any]) -> list[Reason]:
    """Alias endpoints are a Route 53 feature; read from the raw args, so the reason shows even
    when the neutral rules reject the same endpoint."""
    reasons: list[Reason] = []
    pools = as_list(args.get("pools"))
    if pools is None:
        return reasons
    for index, pool in enumerate(pools):
        endpoints = as_list(
            cast("Mapping[str, Any]", pool).get("endpoints") if isinstance(pool, Mapping) else None
        )
        if endpoints is None:
            continue
        for e_index, endpoint in enumerate(endpoints):
            if not isinstance(endpoint, Mapping):
                continue
            for key in ("alias_zone_id", "evaluate_target_health"):
                value = cast("Mapping[str, Any]", endpoint).get(key)
                if value is not None:
                    reasons.append(
                        Reason(
                            f"pools[{index}].endpoints[{e_index}].{key}",
                            "Route 53 only: Traffic Manager has no alias endpoints",
                            MISSING if _is_output(value) else value,
                            "no alias keys; an IP address, a host name or an Azure resource id "
                            "as address",
                        )
                    )
    return reasons


def _is_nested(pool: Pool) -> bool:
    """A pool needs its own child profile for several endpoints or its own monitor settings
    (monitor settings are per profile) [TM_NESTED]."""
    return len(pool.endpoints) > 1 or pool.overrides_health_check


def _azure_type(resource_id: str) -> str:
    match = _PROVIDER_TYPE.search(resource_id)
    return match.group(1).lower() if match else ""


def _address_rules(
    fset: FailoverSet, endpoint: Endpoint, kind: AddressKind, address: str
) -> list[Reason]:
    """Azure's rules for one known (or just resolved) endpoint address."""
    path = f"{endpoint.where}.address"
    reasons: list[Reason] = []
    if kind is AddressKind.AZURE_RESOURCE_ID:
        rtype = _azure_type(address)
        if not any(rtype == t or rtype.startswith(t + "/") for t in _AZURE_ENDPOINT_TYPES):
            reasons.append(
                Reason(
                    path,
                    "not a resource type Traffic Manager accepts as an Azure endpoint",
                    address,
                    "the id of a public IP address with a DNS name, an App Service app or "
                    "slot, or a cloud service",
                )
            )
        if fset.is_apex:
            reasons.append(
                Reason(
                    path,
                    "at the zone apex the hostname is an Azure DNS alias A/AAAA record to the "
                    "profile, which Azure allows only when every endpoint is an IP address",
                    address,
                    "an IPv4 or IPv6 address, or a hostname below the apex (a CNAME to the "
                    "profile)",
                )
            )
        elif fset.record_type is not RecordType.CNAME:
            # Traffic Manager answers an Azure endpoint with the resource's DNS name (a CNAME)
            # and does not mix addressing types in one profile [TM_FAQ].
            reasons.append(
                Reason(
                    path,
                    "Traffic Manager answers an Azure endpoint with its DNS name (a CNAME), "
                    f"which record_type {fset.record_type.value!r} does not allow",
                    address,
                    "record_type 'CNAME', or an IP address",
                )
            )
    return reasons


def _set_reasons(fset: FailoverSet, _args: Mapping[str, Any]) -> list[Reason]:
    """Azure's rules on the parsed set (the Azure keys need no set context: see _key_reasons)."""
    reasons: list[Reason] = []
    if all(e.status is EndpointStatus.DOWN for e in fset.endpoints()):
        # Found by the property tests: a profile whose endpoints are all disabled answers
        # NXDOMAIN [TM_ENDPOINT_TYPES], where the drill promises the fail-open answer.
        reasons.append(
            Reason(
                "pools",
                "every endpoint is 'down', and a Traffic Manager profile whose endpoints are all "
                "disabled answers NXDOMAIN",
                expected="at least one endpoint not 'down'",
            )
        )
    seen: set[str] = set()
    checks = [fset.health_check, *(p.health_check for p in fset.pools)]
    for hc in checks:
        for reason in _monitor_reasons(hc):
            if str(reason) not in seen:
                seen.add(str(reason))
                reasons.append(reason)
    if len(fset.pools) > MAX_ENDPOINTS_PER_PROFILE:
        reasons.append(
            Reason(
                "pools",
                f"{len(fset.pools)} pools, more than the {MAX_ENDPOINTS_PER_PROFILE} endpoints "
                "of one Traffic Manager profile",
                expected=f"at most {MAX_ENDPOINTS_PER_PROFILE} pools",
            )
        )
    for pool in fset.pools:
        if len(pool.endpoints) > MAX_ENDPOINTS_PER_PROFILE:
            reasons.append(
                Reason(
                    f"{pool.where}.endpoints",
                    f"{len(pool.endpoints)} endpoints, more than the "
                    f"{MAX_ENDPOINTS_PER_PROFILE} of one Traffic Manager profile",
                    expected=f"at most {MAX_ENDPOINTS_PER_PROFILE} endpoints",
                )
            )
        if fset.is_apex and _is_nested(pool):
            why = "several endpoints" if len(pool.endpoints) > 1 else "its own health_check"
            reasons.append(
                Reason(
                    pool.where,
                    f"a pool with {why} is a nested Traffic Manager profile, and at the zone "
                    "apex the hostname is an Azure DNS alias A/AAAA record, which Azure allows "
                    "only for a profile whose endpoints are all IP addresses (no nested "
                    "profiles)",
                    pool.name,
                    "one endpoint per pool and no per-pool health_check at the apex, or a "
                    "hostname below the apex (a CNAME to the profile)",
                )
            )
        for endpoint in pool.endpoints:
            if endpoint.known:
                reasons.extend(_address_rules(fset, endpoint, endpoint.kind, str(endpoint.address)))
    if not seen:
        # Timing is only meaningful for monitor settings Traffic Manager accepts.
        reasons.extend(_component.tier_budget_reasons(fset, tier_timings(fset)))
    return reasons


def check_args(args: Mapping[str, Any]) -> list[Reason]:
    """Every reason ``args`` cannot be declared as a :class:`TrafficManagerFailover`, without
    registering anything (the component and the config-driven program both use it)."""
    return _component.collect_reasons(
        args,
        args_type=TrafficManagerFailoverArgs,
        cloud_keys=_key_reasons,
        cloud_set=_set_reasons,
    )[1]


# ----------------------------------------------------------------------------------------
# Pure decisions: names, TTLs, timing.


def occupies(fset: FailoverSet) -> str | None:
    """What this cloud writes at the hostname, for :mod:`ownership`: a CNAME to the profile
    off the apex whatever the set's record type (so an A set and an AAAA set of one hostname
    collide), alias A/AAAA record sets of the set's type at the apex
    (https://learn.microsoft.com/azure/dns/dns-alias)."""
    return None if fset.is_apex else "CNAME"


def ttl_of(fset: FailoverSet) -> int:
    """The profile TTL clients cache."""
    return DEFAULT_TTL if fset.ttl is None else fset.ttl


def tier_timings(fset: FailoverSet) -> list[timing.FailoverTiming]:
    """One timing per tier, from the monitor settings of the profile that probes it (a nested
    pool's own child profile, the parent profile otherwise: the same as the pool's health
    check)."""
    out: list[timing.FailoverTiming] = []
    for pool in fset.pools:
        m = monitor_of(pool.health_check)
        out.append(
            timing.traffic_manager_timing(
                interval_seconds=m.interval_seconds,
                failure_threshold=m.failure_threshold,
                timeout_seconds=m.timeout_seconds,
                ttl_seconds=ttl_of(fset),
            )
        )
    return out


def default_profile_dns_name(name: str, project: str, stack: str) -> str:
    """``<component slug>-<hash of project, stack, name>``: unique per stack, and the same on
    every update (a new name would be a new public DNS name)."""
    digest = naming.short_hash(project, stack, name)
    stem = naming.slug(name, 63 - len(digest) - 1) or "failover"
    return f"{stem}-{digest}"


def nested_profile_dns_name(profile_dns_name: str, pool: str) -> str:
    """The child profile's label for one pool: the parent's label and the pool name (hashed
    when that is longer than 63 characters; a pool name with a hyphen run, ``eu--1``, carries
    a hash of itself so it never shares a label with ``eu-1``)."""
    return naming.slug(f"{profile_dns_name}-{cloud_names.pool_part(pool)}", 63)


def profile_names(dns_name: str, fset: FailoverSet) -> list[tuple[str, str, str]]:
    """``(argument path, DNS label, profile name)`` of every Traffic Manager profile of the set:
    the parent first, then one per nested pool. The profile's resource name is its DNS label:
    labels are unique among all profiles, so the names are unique in any resource group, and
    a label (1-63 lowercase letters, digits, inner hyphens) is within Azure's profile-name
    rule (1-63 alphanumerics, hyphens and periods, starting and ending with an alphanumeric)."""
    out = [("profile_dns_name", dns_name, dns_name)]
    for index, pool in enumerate(fset.pools):
        if _is_nested(pool):
            label = nested_profile_dns_name(dns_name, pool.name)
            out.append((f"pools[{index}].name", label, label))
    return out


def profile_name_reasons(names: Sequence[tuple[str, str, str]]) -> list[Reason]:
    """Every profile name or DNS label that breaks Azure's rules, or that two pools share."""
    reasons: list[Reason] = []
    for path, label, profile in names:
        for kind, value in (
            ("Traffic Manager DNS name", label),
            ("Traffic Manager profile name", profile),
        ):
            bad = cloud_names.reason(kind, value, path)
            if bad is not None:
                reasons.append(bad)
    reasons.extend(
        cloud_names.distinct_reasons(
            "Traffic Manager DNS name", [(path, label) for path, label, _p in names]
        )
    )
    return reasons


def action_group_short_name(component: str) -> str:
    """The action group's short name (at most 12 characters [ACTION_GROUPS]): the component
    name, shortened with a hash when longer."""
    return naming.slug(component, ACTION_GROUP_SHORT_NAME_LENGTH) or "failover"


def email_receiver_names(emails: Sequence[str]) -> dict[str, str]:
    """Address -> receiver name in the action group, from the address itself (never its
    position, so reordering renames nothing): ``email-<slug of the address>``. Names must be
    unique in the group [ACTION_GROUPS]; two addresses with the same slug (``a.b@`` and
    ``a-b@``) both get a hash of the address appended."""
    stems = {email: "email-" + naming.slug(email, 56) for email in emails}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    return {
        email: stem if counts[stem] == 1 else f"{stem}-{naming.short_hash(email.lower())}"
        for email, stem in stems.items()
    }


@dataclass(frozen=True)
class Alerts:
    """A validated ``alerts`` argument."""

    emails: tuple[str, ...]
    webhook_url: pulumi.Input[str] | None
    action_group_id: pulumi.Input[str] | None

    @property
    def creates_action_group(self) -> bool:
        """True when the component creates an action group (for emails or a webhook)."""
        return bool(self.emails) or self.webhook_url is not None


def alerts_of(raw: Mapping[str, Any]) -> Alerts | None:
    """The validated ``alerts`` of the args, or ``None`` without alerts."""
    alerts = raw.get("alerts")
    if alerts is None:
        return None
    data = cast("Mapping[str, Any]", alerts)
    return Alerts(
        emails=tuple(cast("Sequence[str]", data.get("emails") or ())),
        webhook_url=data.get("webhook_url"),
        action_group_id=data.get("action_group_id"),
    )


def _field(obj: Any, snake: str, camel: str) -> Any:
    # A lone Output hands over the SDK's output class (read its property, which does not warn);
    # Output.all hands over plain dicts with the SDK's (snake_case) names; a hand-built value
    # may use the wire (camelCase) names.
    if hasattr(type(cast(object, obj)), snake):
        return getattr(obj, snake)
    if isinstance(obj, Mapping):
        data = cast("Mapping[str, Any]", obj)
        return data.get(snake, data.get(camel))
    return None


def _is_sha256(info: Any) -> bool:
    digest_type = _field(info, "digest_algorithm_type", "digestAlgorithmType")
    if str(digest_type).strip().lower() in {"2", "sha256", "sha-256"}:
        return True
    record = _field(info, "record", "record")
    fields = record.split() if isinstance(record, str) else []
    return digest_type is None and len(fields) == 4 and fields[2] == "2"


def ds_record_of(signing_keys: Any) -> str:
    """The DS record(s) to publish at the registrar: the SHA-256 (digest type 2) record of each
    key-signing key, ``<key tag> 13 2 <digest>``, one per line (one line unless a KSK rollover
    is in progress [DNS_DNSSEC]).

    Azure returns a zone-signing key without delegation signer info and a key-signing key
    (flags 257) with it [PULUMI-AZ ``dns/outputs.py`` ``SigningKeyResponse``]; SHA-256 is the
    digest type registries must accept (RFC 8624 §3.3), so it is the one exported.
    """
    records: list[str] = []
    for key in cast("Sequence[Any]", signing_keys or ()):
        for info in cast(
            "Sequence[Any]", _field(key, "delegation_signer_info", "delegationSignerInfo") or ()
        ):
            record = _field(info, "record", "record")
            if _is_sha256(info) and isinstance(record, str) and record.strip():
                records.append(record.strip())
    if not records:
        raise RuntimeError(
            "Azure DNS returned no SHA-256 (digest type 2) DS record for the signed zone; "
            "read it with `az network dns dnssec-config show`"
        )
    return "\n".join(dict.fromkeys(records))


# ----------------------------------------------------------------------------------------
# The component.


def _classified(value: str) -> AddressKind:
    if value.startswith("/"):
        return AddressKind.AZURE_RESOURCE_ID
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return AddressKind.HOSTNAME
    return AddressKind.IPV4 if ":" not in value else AddressKind.IPV6


@_component.outputs_built_by
class TrafficManagerFailover(pulumi.ComponentResource):
    """Ordered DNS failover with Azure Traffic Manager ``Priority`` routing behind Azure DNS.

    ``pools[0]`` is priority 1, ``pools[1]`` priority 2, and so on; Traffic Manager's own
    probes mark endpoints Degraded and its name servers answer with the first healthy tier.
    When every enabled endpoint is Degraded, Traffic Manager answers as if all were Online
    (fail-open) [TM_MONITOR]. Every argument is validated before anything is registered, and
    every problem is reported at once in one :class:`~failover_components.FailoverConfigError`.

    **Health checks.** HTTPS is the default and the Host header is the public hostname, so a
    virtual host answers the probe as it answers clients. To keep the health endpoint private,
    require a shared secret header there and pass it in ``health_check.headers`` (Traffic
    Manager sends custom headers with every probe [TM_MONITOR]). Every header value other than
    Host is made a Pulumi secret, so the profile's whole ``monitorConfig`` is encrypted in the
    state and hidden in diffs (pass a ``pulumi.Output.secret`` or a secret config value to keep
    it out of the program too). Host alone is not a secret (it is the public hostname), so a
    profile without other headers keeps a readable monitor configuration. The probes' source
    addresses are the ``AzureTrafficManager`` service tag [SERVICE_TAGS], for a firewall
    allow-list.

    **DNSSEC** (``dnssec: true``). A ``DnssecConfig`` signs the zone (ECDSAP256SHA256; Azure
    rolls the zone-signing key itself [DNS_DNSSEC]) and ``ds_record`` holds the DS record for
    the parent zone. The signing configuration is created with ``protect=True``: removing it
    while the parent still publishes the DS makes every validating resolver answer SERVFAIL
    for the whole zone. Turning it on, in order [DNS_DNSSEC_HOWTO]:

    1. ``pulumi up`` with ``dnssec: true``: the zone is signed, ``ds_record`` is exported;
    2. publish ``<zone_name>. IN DS <ds_record>`` at the registrar (or the parent zone);
    3. verify the chain of trust (``dig +dnssec <hostname>``, or a DNSSEC analyser) before
       relying on it.

    Turning it off, in order [DNS_DNSSEC_UNSIGN]:

    1. remove the DS record at the registrar;
    2. wait out the DS record's TTL in the parent zone (often a day or two) so that no
       resolver still holds it;
    3. ``pulumi state unprotect <urn of <name>-dnssec>``, then ``pulumi up`` with
       ``dnssec: false`` to stop signing.

    DNSSEC does not cover the failover answer itself: the hostname is a CNAME (or, at the
    apex, an alias record) through ``<profile>.trafficmanager.net``, which is not signed, so a
    validating resolver treats the answer as insecure past that hop [DNS_TMLINK]. The
    component warns about it (``[failover-components:azure-unsigned-hop]``). Azure DNS
    Traffic Manager linked records, in preview, answer from the signed zone directly
    [DNS_TMLINK]. Sign a zone from one component only (a zone has one DNSSEC configuration).

    **Alerts** (``alerts``). An Azure Monitor metric alert on the parent profile watches
    ``ProbeAgentCurrentEndpointStateByProfileResourceId`` per endpoint (every tier: an inline
    endpoint or a nested pool) and fires when its average falls below 0.5 over five minutes,
    Microsoft's guidance [TM_METRICS]; it resolves itself when the endpoint recovers. It
    notifies an action group created for ``emails`` and ``webhook_url`` (common alert schema,
    the webhook URL kept secret) and, when given, the existing ``action_group_id`` too. An
    endpoint forced ``down`` (a drain or a drill) may report as down as well.
    """

    fqdn: pulumi.Output[str]
    """The hostname clients resolve (known once its Azure DNS record is declared)."""
    profile_fqdn: pulumi.Output[str]
    """The parent profile's ``<profile_dns_name>.trafficmanager.net``."""
    profile_id: pulumi.Output[str]
    """The parent profile's Azure resource id."""
    name_servers: pulumi.Output[Optional[list[str]]]
    """The Azure DNS name servers of the zone when ``create_zone`` is true; ``None`` otherwise."""
    worst_case_failover_seconds: pulumi.Output[int]
    """Worst case, in seconds, until every TTL-honouring resolver gets the next tier (the
    slowest tier that can fail over)."""
    ds_record: pulumi.Output[Optional[str]]
    """The DS record to publish at the registrar when ``dnssec`` is on (``<key tag> 13 2
    <SHA-256 digest>``, the record data for ``<zone_name>. IN DS``); ``None`` otherwise."""
    acknowledged_policies: pulumi.Output[dict[str, str]]
    """``policy_acknowledgements``: policy rule id or name -> the reason it is knowingly
    broken; the policy pack reports those findings as acknowledged."""
    action_group_id: pulumi.Output[Optional[str]]
    """The action group the alert notifies: the one created for ``alerts.emails`` and
    ``alerts.webhook_url``, else ``alerts.action_group_id``; ``None`` without alerts. Attach
    further alert rules to it."""

    def __init__(
        self,
        name: str,
        args: TrafficManagerFailoverArgs,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        subject = f"{TYPE_NAME} {name!r}"
        raw = cast("Mapping[str, Any]", args)
        fset = _component.validated(
            raw,
            subject,
            args_type=TrafficManagerFailoverArgs,
            cloud_keys=_key_reasons,
            cloud_set=_set_reasons,
            name=name,
        )
        dns_name = raw.get("profile_dns_name") or default_profile_dns_name(
            name, pulumi.get_project(), pulumi.get_stack()
        )
        names = profile_names(dns_name, fset)
        FailoverConfigError.raise_if_any(profile_name_reasons(names), subject)
        ownership.claim_set(
            subject, fset, occupies=occupies(fset), parent=opts.parent if opts else None
        )
        # Traffic Manager DNS names are global: two sets of one program must not share one.
        ownership.claim_names(
            subject, "Traffic Manager DNS name", [(path, label) for path, label, _p in names]
        )
        self._profile_names = {label: profile for _path, label, profile in names}
        super().__init__(TYPE_TOKEN, name, None, opts)

        rg = self._resource_group(raw["resource_group_name"], subject)
        ttl = ttl_of(fset)
        set_monitor = monitor_of(fset.health_check)

        endpoints: list[trafficmanager.EndpointArgs] = []
        nested: dict[str, trafficmanager.Profile] = {}
        for pool in fset.pools:
            if _is_nested(pool):
                child = self._nested_profile(name, pool, fset, rg, dns_name, ttl, subject)
                nested[pool.name] = child
                endpoints.append(
                    trafficmanager.EndpointArgs(
                        name=pool.name,
                        type=NESTED,
                        target_resource_id=child.id,
                        # The child counts as Online while at least this many of its endpoints
                        # are; below it the parent skips to the next priority [TM_NESTED].
                        min_child_endpoints=pool.min_healthy,
                        priority=pool.tier,
                        endpoint_status="Enabled",
                    )
                )
            else:
                endpoints.append(
                    _leaf(pool.endpoints[0], fset, subject, name=pool.name, priority=pool.tier)
                )

        profile = trafficmanager.Profile(
            naming.child(name, "profile"),
            resource_group_name=rg,
            location="global",  # profiles are global [TM_FAQ]
            profile_status="Enabled",
            traffic_routing_method="Priority",
            dns_config=trafficmanager.DnsConfigArgs(relative_name=dns_name, ttl=ttl),
            monitor_config=_monitor_args(set_monitor, fset.health_check, subject),
            endpoints=endpoints,
            profile_name=self._profile_names[dns_name],
            opts=_profile_opts(self),
        )

        zone: dns.Zone | None = None
        if raw.get("create_zone"):
            zone = dns.Zone(
                naming.child(name, "zone"),
                zone_name=fset.zone_name,
                resource_group_name=rg,
                location="global",
                opts=pulumi.ResourceOptions(parent=self),
            )
        record_opts = pulumi.ResourceOptions(
            parent=self, depends_on=[zone] if zone is not None else None
        )
        profile_fqdn = _once_created(profile, profile.dns_config, _fqdn_of)
        record_ttl = max(ttl, RECORD_MIN_TTL)
        if fset.is_apex:
            # CNAME is not allowed at the apex; an alias A/AAAA record set targets the profile
            # and answers its endpoints' addresses [DNS_ALIAS].
            record = dns.RecordSet(
                naming.child(name, "record"),
                resource_group_name=rg,
                zone_name=fset.zone_name,
                relative_record_set_name="@",
                record_type=fset.record_type.value,
                ttl=record_ttl,
                target_resource=dns.SubResourceArgs(id=profile.id),
                opts=record_opts,
            )
        else:
            record = dns.RecordSet(
                naming.child(name, "record"),
                resource_group_name=rg,
                zone_name=fset.zone_name,
                relative_record_set_name=fset.relative_name,
                record_type="CNAME",
                ttl=record_ttl,
                cname_record=dns.CnameRecordArgs(cname=profile_fqdn),
                opts=record_opts,
            )

        dnssec_config: dns.DnssecConfig | None = None
        if raw.get("dnssec"):
            dnssec_config = dns.DnssecConfig(
                naming.child(name, "dnssec"),
                resource_group_name=rg,
                zone_name=fset.zone_name,
                # Deleting it while the parent publishes the DS breaks resolution of the whole
                # zone: unprotect deliberately, after the DS is gone (see the class docstring).
                opts=pulumi.ResourceOptions(
                    parent=self, protect=True, depends_on=[zone] if zone is not None else None
                ),
            )
            pulumi.log.warn(
                f"{UNSIGNED_HOP_WARNING} {TYPE_NAME} {name!r}: DNSSEC signs zone "
                f"{fset.zone_name!r}, but {fset.hostname!r} answers through "
                f"{dns_name}.trafficmanager.net, which is not signed: validating resolvers "
                "treat the failover answer as insecure. Azure DNS Traffic Manager linked "
                f"records (preview) keep the chain of trust: {DNS_TMLINK}",
                resource=self,
            )

        alerts = alerts_of(raw)
        group_id: Optional[pulumi.Output[Optional[str]]] = None
        if alerts is not None:
            group_id = self._alerts(name, alerts, rg, profile, fset.hostname, subject)

        # What the outputs are built from (see _component.outputs_built_by) and what the plan
        # summary is built from when the plan or a test asks for it.
        self._name = name
        self._raw = _component.snapshot(raw, ("create_zone",))
        self._fset = fset
        self._ttl = ttl
        self._dns_name = dns_name
        self._nested = sorted(nested)
        self._alerts_given = alerts
        self._record_urn: pulumi.Output[str] = record.urn
        self._zone = zone
        self._dnssec_config = dnssec_config
        self._group_id = group_id
        self._profile_fqdn: pulumi.Output[str] = profile_fqdn
        self._profile_id: pulumi.Output[str] = profile.id
        timings = tier_timings(fset)
        _component.finish(
            self,
            self._summary,
            fqdn=fset.hostname,
            worst_case_failover_seconds=timing.slowest(timings[:-1]).worst_case_failover_seconds,
            acknowledged_policies=fset.policy_acknowledgements,
        )

    # -- outputs, built by _component.finish ---------------------------------------------

    def _fqdn_output(self) -> pulumi.Output[str]:
        hostname = self._fset.hostname
        return self._record_urn.apply(lambda _urn: hostname)

    def _profile_fqdn_output(self) -> pulumi.Output[str]:
        return self._profile_fqdn

    def _profile_id_output(self) -> pulumi.Output[str]:
        return self._profile_id

    def _name_servers_output(self) -> pulumi.Output[Optional[list[str]]]:
        zone = self._zone
        if zone is None:
            return _component.known(None)
        return _once_created(
            zone, zone.name_servers, lambda ns: list(ns) if ns is not None else None
        )

    def _worst_case_failover_seconds_output(self) -> pulumi.Output[int]:
        timings = tier_timings(self._fset)
        return _component.known(timing.slowest(timings[:-1]).worst_case_failover_seconds)

    def _ds_record_output(self) -> pulumi.Output[Optional[str]]:
        config = self._dnssec_config
        if config is None:
            return _component.known(None)
        return _once_created(config, config.signing_keys, ds_record_of)

    def _acknowledged_policies_output(self) -> pulumi.Output[dict[str, str]]:
        return _component.known(dict(self._fset.policy_acknowledgements))

    def _action_group_id_output(self) -> pulumi.Output[Optional[str]]:
        return _component.optional(self._group_id)

    # -- summary -------------------------------------------------------------------------

    def _summary(self) -> summary.FailoverSetSummary:
        """The plan summary (built when the plan or a test drains it, not at construction)."""
        name, raw, fset, ttl = self._name, self._raw, self._fset, self._ttl
        dns_name, nested, alerts = self._dns_name, self._nested, self._alerts_given
        dnssec_config = self._dnssec_config
        timings = tier_timings(fset)
        worst = timing.slowest(timings[:-1])
        facts: dict[str, Any] = {}
        if dnssec_config is not None:
            facts["dnssec"] = (
                f"zone {fset.zone_name} signed; publish ds_record at the registrar; the "
                f"{dns_name}.trafficmanager.net hop is not signed"
            )
        if alerts is not None:
            targets = [f"{len(alerts.emails)} email address(es)"] if alerts.emails else []
            if alerts.webhook_url is not None:
                targets.append("a webhook")
            if alerts.action_group_id is not None:
                targets.append("an existing action group")
            facts["alerts"] = (
                f"{ENDPOINT_STATUS_METRIC} {ALERT_AGGREGATION} < {ALERT_THRESHOLD} per endpoint "
                f"over {ALERT_WINDOW_SIZE}, every {ALERT_EVALUATION_FREQUENCY}, severity "
                f"{ALERT_SEVERITY}, to " + ", ".join(targets)
            )

        return summary.FailoverSetSummary(
            component=name,
            type=TYPE_TOKEN,
            cloud="azure",
            hostname=fset.hostname,
            zone_name=fset.zone_name,
            record_type=fset.record_type.value,
            ttl=ttl,
            tiers=summary.tiers_of(
                fset,
                [
                    {
                        **monitor_of(pool.health_check).describe(),
                        "profile": nested_profile_dns_name(dns_name, pool.name)
                        if pool.name in nested
                        else dns_name,
                    }
                    for pool in fset.pools
                ],
                timings,
            ),
            timing=worst,
            budget_seconds=fset.max_failover_seconds,
            facts={
                "profile_dns_name": dns_name,
                "routing": "Priority (priority = tier)",
                "nested_profiles": sorted(nested),
                "record": (
                    f"alias {fset.record_type.value} record to the profile (zone apex)"
                    if fset.is_apex
                    else "CNAME to the profile's FQDN"
                ),
                "create_zone": bool(raw.get("create_zone")),
                "fail_open": "when every enabled endpoint is Degraded, Traffic Manager "
                "answers as if all were Online",
                **facts,
            },
        )

    def _alerts(
        self,
        name: str,
        alerts: Alerts,
        rg: pulumi.Output[str],
        profile: trafficmanager.Profile,
        hostname: str,
        subject: str,
    ) -> pulumi.Output[Optional[str]]:
        """The action group (for emails and the webhook) and the metric alert on the profile;
        returns the id of the group the alert notifies."""
        action_ids: list[pulumi.Input[str]] = []
        created: monitor.ActionGroup | None = None
        if alerts.creates_action_group:
            receivers = email_receiver_names(alerts.emails)
            created = monitor.ActionGroup(
                naming.child(name, "action-group"),
                resource_group_name=rg,
                location="global",  # action groups are global [ACTION_GROUPS]
                enabled=True,
                group_short_name=action_group_short_name(name),
                email_receivers=[
                    monitor.MicrosoftCommonEmailReceiverArgs(
                        name=receivers[email],
                        email_address=email,
                        use_common_alert_schema=True,
                    )
                    for email in alerts.emails
                ]
                or None,
                webhook_receivers=[
                    monitor.WebhookReceiverArgs(
                        name="webhook",
                        # The URL usually carries a token: secret before it reaches the resource,
                        # so the state and every diff show it encrypted.
                        service_uri=_secret_webhook(alerts.webhook_url, subject),
                        # One payload shape for every alert type [COMMON_ALERT_SCHEMA].
                        use_common_alert_schema=True,
                    )
                ]
                if alerts.webhook_url is not None
                else None,
                opts=pulumi.ResourceOptions(parent=self),
            )
            action_ids.append(created.id)
        existing: pulumi.Output[str] | None = None
        if alerts.action_group_id is not None:
            existing = _checked_action_group(alerts.action_group_id, subject)
            action_ids.append(existing)
        monitor.MetricAlert(
            naming.child(name, "alert"),
            resource_group_name=rg,
            location="global",  # metric alert rules are global resources [METRIC_ALERTS]
            description=f"A Traffic Manager endpoint of {hostname} is down: fewer than half of "
            "the probes see it up, so its tier no longer answers",
            enabled=True,
            severity=ALERT_SEVERITY,
            scopes=[profile.id],
            evaluation_frequency=ALERT_EVALUATION_FREQUENCY,
            window_size=ALERT_WINDOW_SIZE,
            # Resolved when the endpoint is back, with a "resolved" notification.
            auto_mitigate=True,
            criteria=monitor.MetricAlertSingleResourceMultipleMetricCriteriaArgs(
                odata_type="Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                all_of=[
                    monitor.MetricCriteriaArgs(
                        criterion_type="StaticThresholdCriterion",
                        name="endpoint-down",
                        metric_namespace=METRIC_NAMESPACE,
                        metric_name=ENDPOINT_STATUS_METRIC,
                        # Each endpoint is its own time series ('*': every value of the
                        # dimension, including endpoints added later), so one endpoint down
                        # fires even while the others are up [METRIC_ALERTS].
                        dimensions=[
                            monitor.MetricDimensionArgs(
                                name="EndpointName", operator="Include", values=["*"]
                            )
                        ],
                        operator="LessThan",
                        threshold=ALERT_THRESHOLD,
                        time_aggregation=ALERT_AGGREGATION,
                    )
                ],
            ),
            actions=[monitor.MetricAlertActionArgs(action_group_id=i) for i in action_ids],
            opts=pulumi.ResourceOptions(parent=self),
        )
        chosen = created.id if created is not None else existing
        return cast("pulumi.Output[Optional[str]]", chosen)

    def _resource_group(self, value: pulumi.Input[str], subject: str) -> pulumi.Output[str]:
        """A plain name was checked at construction; an Output is checked when it resolves."""
        if isinstance(value, str):
            return pulumi.Output.from_input(value)

        def check(v: str) -> str:
            bad = (
                _resource_group_reason(v)
                if isinstance(cast(object, v), str)
                else Reason("resource_group_name", "not a string", v, "a resource group name")
            )
            if bad:
                raise FailoverConfigError([bad], subject)
            return v

        return pulumi.Output.from_input(cast("pulumi.Input[str]", value)).apply(check)

    def _nested_profile(
        self,
        name: str,
        pool: Pool,
        fset: FailoverSet,
        rg: pulumi.Output[str],
        dns_name: str,
        ttl: int,
        subject: str,
    ) -> trafficmanager.Profile:
        settings = monitor_of(pool.health_check)
        label = nested_profile_dns_name(dns_name, pool.name)
        return trafficmanager.Profile(
            naming.child(name, pool.name, "profile"),
            resource_group_name=rg,
            location="global",
            profile_status="Enabled",
            # Every healthy endpoint of the tier answers, in proportion to its weight.
            traffic_routing_method="Weighted",
            dns_config=trafficmanager.DnsConfigArgs(relative_name=label, ttl=ttl),
            monitor_config=_monitor_args(settings, pool.health_check, subject),
            endpoints=[
                _leaf(endpoint, fset, subject, name=endpoint.name, weight=endpoint.weight)
                for endpoint in pool.endpoints
            ],
            profile_name=self._profile_names[label],
            opts=_profile_opts(self),
        )


def _profile_opts(component: pulumi.Resource) -> pulumi.ResourceOptions:
    """A profile's options. ``profileName`` is the profile's URL path, so changing it replaces
    the profile (azure-native: path parameters force replacement), and a replacement is
    created before the old one is deleted while both want the same global DNS name
    ``<relativeName>.trafficmanager.net``: Azure refuses the new one. 0.1.0 let the provider
    auto-name profiles (the logical name plus random characters), so an explicit name would
    replace every existing profile on upgrade: the name is set at creation and its later
    changes are ignored, keeping each existing profile (and its DNS name) in place."""
    return pulumi.ResourceOptions(parent=component, ignore_changes=["profileName"])


def _monitor_args(
    settings: Monitor, hc: HealthCheck, subject: str
) -> trafficmanager.MonitorConfigArgs:
    return replace(
        settings, headers=_secret_headers(_checked_headers(settings, hc, subject))
    ).args()


def _secret_headers(
    headers: tuple[tuple[str, pulumi.Input[str]], ...],
) -> tuple[tuple[str, pulumi.Input[str]], ...]:
    """Every header value but Host as a Pulumi secret: a shared secret header is how the
    health endpoint is kept private. Host is the public hostname: without other headers the
    monitor configuration stays readable in diffs (one secret value makes Pulumi encrypt the
    whole ``monitorConfig``)."""
    return tuple(
        (key, value if key.lower() == "host" else pulumi.Output.secret(value))
        for key, value in headers
    )


def _secret_webhook(url: pulumi.Input[str] | None, subject: str) -> pulumi.Output[str]:
    """The webhook URL as a secret. A plain URL was checked at construction; an Output is
    checked when it resolves (the error shows only its scheme and host)."""

    def check(v: str) -> str:
        bad = _webhook_reason(v)
        if bad:
            raise FailoverConfigError([bad], subject)
        return v

    given = pulumi.Output.from_input(cast("pulumi.Input[str]", url))
    checked = given if isinstance(url, str) else given.apply(check)
    secret: pulumi.Output[str] = pulumi.Output.secret(checked)
    return secret


def _checked_action_group(value: pulumi.Input[str], subject: str) -> pulumi.Output[str]:
    """A plain id was checked at construction; an Output is checked when it resolves."""
    if isinstance(value, str):
        return pulumi.Output.from_input(value)

    def check(v: str) -> str:
        bad = _action_group_reason(v)
        if bad:
            raise FailoverConfigError([bad], subject)
        return v

    return pulumi.Output.from_input(cast("pulumi.Input[str]", value)).apply(check)


def _leaf(
    endpoint: Endpoint,
    fset: FailoverSet,
    subject: str,
    *,
    name: str,
    priority: int | None = None,
    weight: int | None = None,
) -> trafficmanager.EndpointArgs:
    """An External or Azure endpoint; its status maps to ``endpointStatus``/``alwaysServe``."""

    def extra(kind: AddressKind, norm: str) -> list[Reason]:
        return _address_rules(fset, endpoint, kind, norm)

    address = checked_address(endpoint, fset, subject=subject, extra=extra)
    kind = endpoint.kind
    ep_type: pulumi.Input[str]
    target: pulumi.Input[Optional[str]]
    target_id: pulumi.Input[Optional[str]]
    if kind is AddressKind.AZURE_RESOURCE_ID:
        ep_type, target, target_id = AZURE, None, address
    elif kind is not AddressKind.UNKNOWN or fset.record_type is not RecordType.CNAME:
        # A known IP or host name, or an A/AAAA set whose Outputs must resolve to IPs.
        ep_type, target, target_id = EXTERNAL, address, None
    else:
        # An Output in a CNAME set may be a host name or an Azure resource id (a public IP's
        # `id`, say): the endpoint type follows the resolved value. A None field is omitted.
        def pick(azure: bool) -> Callable[[str], str | None]:
            return lambda v: (
                v if (_classified(v) is AddressKind.AZURE_RESOURCE_ID) == azure else None
            )

        resolved = pulumi.Output.from_input(address)
        ep_type = resolved.apply(
            lambda v: AZURE if _classified(v) is AddressKind.AZURE_RESOURCE_ID else EXTERNAL
        )
        target = resolved.apply(pick(False))
        target_id = resolved.apply(pick(True))
    return trafficmanager.EndpointArgs(
        name=name,
        type=ep_type,
        target=target,
        target_resource_id=target_id,
        # Disabled: not probed and never answered, the drain and drill switch; always serve:
        # never probed and always answered, for targets the probes cannot reach [TM_MONITOR].
        endpoint_status="Disabled" if endpoint.status is EndpointStatus.DOWN else "Enabled",
        always_serve="Enabled" if endpoint.status is EndpointStatus.UP else "Disabled",
        priority=priority,
        weight=weight,
    )


def _fqdn_of(dns_config: Any) -> str:
    # Output.all hands over the output type as a plain dict, a lone Output as the SDK's class.
    fqdn = (
        cast("Mapping[str, Any]", dns_config).get("fqdn")
        if isinstance(dns_config, Mapping)
        else getattr(dns_config, "fqdn", None)
    )
    if not isinstance(fqdn, str) or not fqdn:
        raise RuntimeError("Traffic Manager returned no dnsConfig.fqdn for a created profile")
    return fqdn


def _once_created(
    resource: pulumi.CustomResource, value: pulumi.Output[Any], fn: Callable[[Any], Any]
) -> pulumi.Output[Any]:
    """``fn(value)`` tied to the resource's id: a computed property exists once the resource
    does, so a preview shows it as unknown rather than as missing."""
    return pulumi.Output.all(resource.id, value).apply(lambda pair: fn(pair[1]))
