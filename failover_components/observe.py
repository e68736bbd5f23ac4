"""What a failover set looks like from outside: the DNS answers it may give and how to probe
its endpoints the way the cloud's health checkers do.

Shared by ``failover-components monitoring`` (which writes it as blackbox_exporter modules)
and ``failover-components verify`` (which checks it live). The source is the plan's per-set
summaries (``FailoverSetSummary.to_json()``), so every cloud, including one added later, is
read the same way: a cloud this module does not know gets the generic reading of its
health-check settings (``_generic_probe``), never a refusal.

What "tier 1 answers" looks like per cloud:

* Route 53 (and any cloud whose DNS answers the endpoints directly): the tier's own A/AAAA
  values, or a CNAME to a host-name endpoint.
* Traffic Manager: the hostname is a CNAME to ``<profile>.trafficmanager.net``, which a
  recursive resolver follows to the serving endpoint's address. The zone's own name servers
  answer only the CNAME, so the tier is visible through a resolver only
  (https://learn.microsoft.com/azure/traffic-manager/traffic-manager-how-it-works).
* Cloudflare proxied: the answer is Cloudflare's anycast edge, the same whichever pool
  serves (https://developers.cloudflare.com/load-balancing/understand-basics/proxy-modes/).
  The tier is not visible in DNS; what can be checked is that no origin address leaks into
  the answer and, by probing, which origins are healthy.
"""

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

__all__ = [
    "DeclaredAnswer",
    "EndpointView",
    "ProbeSpec",
    "SetView",
    "TierView",
    "go_quote",
    "set_views",
]

R53_HEALTH = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "dns-failover-determining-health-of-endpoints.html"
)
TM_MONITOR = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring"
CF_MONITOR = "https://developers.cloudflare.com/load-balancing/monitors/"
GCP_HEALTH = "https://cloud.google.com/load-balancing/docs/health-check-concepts"

_UNKNOWN_ADDRESS = "<known after deployment>"

# Route 53's probe timeouts are fixed [R53_HEALTH]: connect 4 s + status 2 s, + 2 s for the body.
_R53_TIMEOUT = {"HTTP": 6, "HTTPS": 6, "HTTP_STR_MATCH": 8, "HTTPS_STR_MATCH": 8, "TCP": 10}


@dataclass(frozen=True)
class ProbeSpec:
    """How the cloud's checker probes an endpoint, in neutral terms."""

    protocol: str
    """``http``, ``https`` or ``tcp``."""
    port: int
    path: str
    """``/`` for TCP (unused)."""
    host: str | None
    """The Host header (and TLS server name) the checker sends; ``None``: the address."""
    sni: bool
    """Whether the checker sends the host as TLS server name."""
    codes: tuple[tuple[int, int], ...]
    """Healthy status codes, inclusive ranges."""
    body: str | None
    """A literal string the body must contain."""
    method: str
    follow_redirects: bool
    verify_tls: bool
    """Whether the checker rejects an invalid certificate."""
    timeout_seconds: int
    source: str
    """The cloud's documentation of the checker's behaviour."""


@dataclass(frozen=True)
class EndpointView:
    """One endpoint with what its DNS answer looks like."""

    name: str
    address: str
    """Normalised: compressed IP, or a lowercase host name without the trailing dot."""
    kind: str
    """``ipv4``, ``ipv6``, ``hostname`` or ``unknown`` (known after deployment)."""
    status: str
    """``obey`` (health-checked), ``up`` (always answered) or ``down`` (never answered)."""

    @property
    def rrtype(self) -> str | None:
        """The answer's record type, ``None`` when the address is unknown."""
        return {"ipv4": "A", "ipv6": "AAAA", "hostname": "CNAME"}.get(self.kind)


@dataclass(frozen=True)
class TierView:
    """One tier (pool) as seen from outside."""

    tier: int
    pool: str
    min_healthy: int
    endpoints: tuple[EndpointView, ...]
    probe: ProbeSpec | None
    """``None`` when the health check cannot be reproduced from here."""
    detection_seconds: int
    worst_case_failover_seconds: int
    recovery_seconds: int


@dataclass(frozen=True)
class DeclaredAnswer:
    """Which tier, pool and endpoint an answer value belongs to."""

    tier: int
    pool: str
    endpoint: str


@dataclass(frozen=True)
class SetView:
    """One failover set as seen from outside."""

    name: str
    cloud: str
    hostname: str
    zone_name: str
    record_type: str
    ttl: int
    proxied: bool
    dnssec: bool
    chain: tuple[str, ...]
    """Cloud-owned names the hostname may CNAME through (Traffic Manager's profile FQDN)."""
    tiers: tuple[TierView, ...]
    detection_seconds: int
    worst_case_failover_seconds: int
    recovery_seconds: int

    def declared(self) -> dict[tuple[str, str], DeclaredAnswer]:
        """``(rrtype, value)`` -> where it is declared; a value in two tiers maps to the first."""
        out: dict[tuple[str, str], DeclaredAnswer] = {}
        for tier in self.tiers:
            for ep in tier.endpoints:
                if ep.rrtype is not None:
                    out.setdefault(
                        (ep.rrtype, ep.address), DeclaredAnswer(tier.tier, tier.pool, ep.name)
                    )
        return out

    @property
    def alias_targets(self) -> bool:
        """True when an A/AAAA set has host-name endpoints (Route 53 alias targets): the
        hostname then answers the targets' addresses, which are not known offline."""
        return self.record_type in ("A", "AAAA") and any(
            ep.kind == "hostname" for t in self.tiers for ep in t.endpoints
        )

    @property
    def unknown_addresses(self) -> bool:
        """True when some endpoint's address is only known after deployment."""
        return any(ep.kind == "unknown" for t in self.tiers for ep in t.endpoints)


def normalise_address(address: str) -> tuple[str, str]:
    """``(kind, normalised value)`` of an endpoint address."""
    if address == _UNKNOWN_ADDRESS:
        return "unknown", address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "hostname", address.rstrip(".").lower()
    return ("ipv4" if ip.version == 4 else "ipv6"), ip.compressed


def _codes(text: object, default: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """``"200-299"``, ``"2xx"``, ``"200"``, a list of those, or ``None`` (the default)."""
    if text is None:
        return default
    items: list[str] = (
        [str(x) for x in cast("Sequence[object]", text)]
        if isinstance(text, (list, tuple))
        else [s for s in str(text).replace(" ", "").split(",") if s]
    )
    out: list[tuple[int, int]] = []
    for item in items:
        if len(item) == 3 and item[0].isdigit() and item[1:].lower() == "xx":
            base = int(item[0]) * 100
            out.append((base, base + 99))
        elif "-" in item:
            low, high = item.split("-", 1)
            out.append((int(low), int(high)))
        else:
            out.append((int(item), int(item)))
    return tuple(out) or default


def _host_header(headers: object) -> str | None:
    if isinstance(headers, Mapping):
        for key, value in cast("Mapping[str, object]", headers).items():
            if key.lower() == "host":
                return str(value[0] if isinstance(value, list) else value)  # pyright: ignore[reportUnknownArgumentType]
    return None


def _aws_probe(hc: Mapping[str, Any]) -> ProbeSpec | None:
    kind = str(hc.get("type", ""))
    if kind not in _R53_TIMEOUT:
        return None  # calculated / CloudWatch checks are not reachable from outside
    protocol = "tcp" if kind == "TCP" else ("https" if kind.startswith("HTTPS") else "http")
    host = hc.get("fqdn")
    return ProbeSpec(
        protocol=protocol,
        port=int(hc.get("port") or (443 if protocol == "https" else 80)),
        path=str(hc.get("resource_path") or "/"),
        host=str(host) if host else None,
        sni=bool(hc.get("enable_sni", protocol == "https")),
        # Healthy is 200 <= status < 400, redirects are not followed [R53_HEALTH].
        codes=((200, 399),),
        body=str(hc["search_string"]) if hc.get("search_string") else None,
        method="GET",
        follow_redirects=False,
        # Route 53 does not validate the endpoint's certificate [R53_HEALTH].
        verify_tls=False,
        timeout_seconds=_R53_TIMEOUT[kind],
        source=R53_HEALTH,
    )


def _azure_probe(hc: Mapping[str, Any]) -> ProbeSpec | None:
    protocol = str(hc.get("protocol", "")).lower()
    if protocol not in ("http", "https", "tcp"):
        return None
    return ProbeSpec(
        protocol=protocol,
        port=int(hc.get("port") or (443 if protocol == "https" else 80)),
        path=str(hc.get("path") or "/"),
        host=_host_header(hc.get("custom_headers")),
        sni=True,
        # Default: only 200 is healthy; 3xx are not followed [TM_MONITOR].
        codes=_codes(hc.get("expected_status_code_ranges"), ((200, 200),)),
        body=None,
        method="GET",
        follow_redirects=False,
        # HTTPS probes need a certificate but do not validate it [TM_MONITOR].
        verify_tls=False,
        timeout_seconds=int(hc.get("timeout_in_seconds") or 10),
        source=TM_MONITOR,
    )


def _cloudflare_probe(hc: Mapping[str, Any]) -> ProbeSpec | None:
    protocol = str(hc.get("type", "")).lower()
    if protocol not in ("http", "https", "tcp"):
        return None  # icmp / udp_icmp / smtp monitors
    return ProbeSpec(
        protocol=protocol,
        port=int(hc.get("port") or (443 if protocol == "https" else 80)),
        path=str(hc.get("path") or "/"),
        host=_host_header(hc.get("header")),
        sni=True,
        codes=_codes(hc.get("expected_codes"), ((200, 299),)),
        body=str(hc["expected_body"]) if hc.get("expected_body") else None,
        method=str(hc.get("method") or "GET").upper(),
        follow_redirects=bool(hc.get("follow_redirects", False)),
        verify_tls=not bool(hc.get("allow_insecure", False)),
        timeout_seconds=int(hc.get("timeout") or 5),
        source=CF_MONITOR,
    )


def _gcp_probe(hc: Mapping[str, Any]) -> ProbeSpec | None:
    protocol = str(hc.get("type", "")).lower()
    if protocol not in ("http", "https", "tcp"):
        return None
    return ProbeSpec(
        protocol=protocol,
        port=int(hc.get("port") or (443 if protocol == "https" else 80)),
        path=str(hc.get("request_path") or "/"),
        host=str(hc["host"]) if hc.get("host") else None,
        sni=True,
        # Google's HTTP(S) health checks pass on 200 only and do not validate the
        # certificate [GCP_HEALTH]. ``response`` must match the start of the body there; this
        # probe looks for it anywhere in the body, so it is the looser of the two.
        codes=((200, 200),),
        body=str(hc["response"]) if hc.get("response") else None,
        method="GET",
        follow_redirects=False,
        verify_tls=False,
        timeout_seconds=int(hc.get("timeout_sec") or 5),
        source=GCP_HEALTH,
    )


def _first(hc: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        if hc.get(key) is not None:
            return hc[key]
    return None


def _generic_probe(hc: Mapping[str, Any]) -> ProbeSpec | None:
    """A cloud this module does not know (yet): read the usual setting names."""
    raw = _first(hc, "protocol", "type", "kind")
    protocol = str(raw or "").lower().split("_", 1)[0]
    if protocol not in ("http", "https", "tcp"):
        return None
    host = _first(hc, "host", "fqdn", "host_header") or _host_header(
        _first(hc, "headers", "header", "custom_headers")
    )
    return ProbeSpec(
        protocol=protocol,
        port=int(_first(hc, "port") or (443 if protocol == "https" else 80)),
        path=str(_first(hc, "path", "request_path", "resource_path") or "/"),
        host=str(host) if host else None,
        sni=True,
        codes=_codes(_first(hc, "expected_codes", "expected_status_codes"), ((200, 299),)),
        body=_first(hc, "search_string", "expected_body", "response", "content"),
        method="GET",
        follow_redirects=False,
        verify_tls=False,
        timeout_seconds=int(_first(hc, "timeout_seconds", "timeout", "timeout_sec") or 5),
        source="the cloud's health-check settings as the plan shows them",
    )


_PROBES = {
    "aws": _aws_probe,
    "azure": _azure_probe,
    "cloudflare": _cloudflare_probe,
    "gcp": _gcp_probe,
}


def _chain(s: Mapping[str, Any]) -> tuple[str, ...]:
    facts = cast("Mapping[str, Any]", s.get("facts") or {})
    if s["cloud"] == "azure" and isinstance(facts.get("profile_dns_name"), str):
        # The hostname is a CNAME to the profile's FQDN in trafficmanager.net [TM docs above].
        return (f"{facts['profile_dns_name']}.trafficmanager.net".lower(),)
    return ()


def _dnssec_on(fact: object) -> bool:
    """Clouds say "off" (Route 53) or leave the fact out when the zone is not signed."""
    if isinstance(fact, str):
        return fact.strip().lower() not in ("", "off", "false", "disabled")
    return bool(fact)


def _timing(t: Mapping[str, Any]) -> tuple[int, int, int]:
    return (
        int(t["detection_seconds"]),
        int(t["worst_case_failover_seconds"]),
        int(t["recovery_seconds"]),
    )


def set_views(failover_sets: Sequence[Mapping[str, Any]]) -> list[SetView]:
    """The plan document's ``failover_sets`` as :class:`SetView` s, in plan order."""
    views: list[SetView] = []
    for s in failover_sets:
        facts = cast("Mapping[str, Any]", s.get("facts") or {})
        reader = _PROBES.get(str(s["cloud"]), _generic_probe)
        tiers: list[TierView] = []
        for t in cast("Sequence[Mapping[str, Any]]", s["tiers"]):
            endpoints: list[EndpointView] = []
            for e in cast("Sequence[Mapping[str, Any]]", t["endpoints"]):
                kind, address = normalise_address(str(e["address"]))
                endpoints.append(EndpointView(str(e["name"]), address, kind, str(e["status"])))
            detection, worst, recovery = _timing(cast("Mapping[str, Any]", t["timing"]))
            tiers.append(
                TierView(
                    tier=int(t["tier"]),
                    pool=str(t["name"]),
                    min_healthy=int(t["min_healthy"]),
                    endpoints=tuple(endpoints),
                    probe=reader(cast("Mapping[str, Any]", t["health_check"] or {})),
                    detection_seconds=detection,
                    worst_case_failover_seconds=worst,
                    recovery_seconds=recovery,
                )
            )
        detection, worst, recovery = _timing(cast("Mapping[str, Any]", s["timing"]))
        views.append(
            SetView(
                name=str(s["component"]),
                cloud=str(s["cloud"]),
                hostname=str(s["hostname"]).rstrip(".").lower(),
                zone_name=str(s["zone_name"]).rstrip(".").lower(),
                record_type=str(s["record_type"]),
                ttl=int(s["ttl"]),
                proxied=facts.get("proxied") is True,
                dnssec=_dnssec_on(facts.get("dnssec")),
                chain=_chain(s),
                tiers=tuple(tiers),
                detection_seconds=detection,
                worst_case_failover_seconds=worst,
                recovery_seconds=recovery,
            )
        )
    return views


_GO_META = set("\\.+*?()|[]{}^$")


def go_quote(text: str) -> str:
    """``text`` as a literal in a Go (RE2) regular expression, like Go's regexp.QuoteMeta
    (Python's ``re.escape`` also escapes spaces, which RE2 rejects)."""
    return "".join("\\" + c if c in _GO_META else c for c in text)
