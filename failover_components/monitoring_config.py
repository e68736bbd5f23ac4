"""The blackbox_exporter modules and the Prometheus scrape configuration of the monitoring.

Per set, a DNS module that fails while the answer is not tier 1 and one that fails when any
answer is outside the declared endpoints (blackbox_exporter's own ``validate_answer_rrs``,
https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md#dns_probe); per
pool, an HTTP or TCP module that probes each endpoint the way the cloud's checker does; and
the scrape jobs through the exporter. :mod:`failover_components.monitoring` writes the files.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .observe import EndpointView, ProbeSpec, SetView, TierView, go_quote

__all__ = [
    "ANY",
    "DNS_JOB",
    "DNS_PROBE_FAILING_FOR",
    "ENDPOINT_JOB",
    "SCRAPE_INTERVAL",
    "HostPort",
    "SetPlan",
    "default_dns_server",
    "duration",
    "parse_host_port",
    "plan_set",
    "prometheus_config",
    "set_labels",
]

DNS_JOB = "failover-dns"
ENDPOINT_JOB = "failover-endpoints"
ANY = "any"
"""Label value of a dimension a DNS probe does not have (its endpoint, or tier for ``declared``)."""

DNS_PROBE_FAILING_FOR = 120
"""Seconds a DNS probe must fail without answer before ``FailoverDNSProbeFailing`` fires:
two scrapes at the 30 s interval and then some, so one lost UDP packet does not page."""

SCRAPE_INTERVAL = 30


@dataclass(frozen=True)
class HostPort:
    """A host (IP or name) and a port."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_host_port(text: str, default_port: int | None) -> HostPort:
    """``HOST``, ``HOST:PORT``, ``[V6]`` or ``[V6]:PORT``; ``ValueError`` says what is wrong."""
    value = text.strip()
    port_text: str | None = None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            raise ValueError(f"missing ']' in {text!r}")
        host, rest = value[1:end], value[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f"expected ':PORT' after ']' in {text!r}")
            port_text = rest[1:]
    elif value.count(":") == 1:
        host, port_text = value.split(":")
    else:
        host = value  # a bare IPv6 address or a host name
    if not host or any(c.isspace() for c in host):
        raise ValueError(f"no host in {text!r}")
    if port_text is None:
        if default_port is None:
            raise ValueError(f"a port is required, got {text!r}; expected HOST:PORT")
        return HostPort(host, default_port)
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise ValueError(f"port {port_text!r} in {text!r} is not 1-65535")
    return HostPort(host, int(port_text))


def default_dns_server(resolv_conf: str = "/etc/resolv.conf") -> HostPort | None:
    """The first ``nameserver`` of this machine's resolver configuration: the resolver its
    users already send their queries to, so the default sends them nowhere new."""
    try:
        text = Path(resolv_conf).read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "nameserver":
            return HostPort(parts[1].split("%", 1)[0], 53)
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


def duration(seconds: int) -> str:
    return f"{seconds}s"


def _alt(items: Sequence[str]) -> str:
    return "(?:" + "|".join(items) + ")"


def _name_rx(names: Sequence[str]) -> str:
    return _alt([go_quote(n) + r"\." for n in sorted(set(names))])


# A resource record as blackbox_exporter prints it (miekg/dns RR.String()): owner, TTL, class,
# type and data separated by tabs: "www.example.com.\t60\tIN\tA\t192.0.2.10".
_OWNER = r"[^\t]+"


def _rr(owner: str, rrtype: str, data: str) -> str:
    return rf"{owner}\t\d+\tIN\t{rrtype}\t{data}"


def _value_rrs(endpoints: Sequence[EndpointView]) -> list[str]:
    """Regex parts matching the answers these endpoints give (their addresses, or a CNAME to
    a host-name endpoint)."""
    parts: list[str] = []
    for rrtype in ("A", "AAAA", "CNAME"):
        values = sorted({e.address for e in endpoints if e.rrtype == rrtype})
        if values:
            data = _name_rx(values) if rrtype == "CNAME" else _alt([go_quote(v) for v in values])
            parts.append(_rr(_OWNER, rrtype, data))
    return parts


def _followed_rrs(view: SetView, endpoints: Sequence[EndpointView]) -> list[str]:
    """Regex parts for what a resolver adds while following CNAMEs: the cloud's own chain
    (Traffic Manager's profile name) and the addresses of host-name endpoints."""
    parts: list[str] = []
    if view.chain:
        parts.append(_rr(_name_rx([view.hostname, *view.chain]), "CNAME", _name_rx(view.chain)))
    hosts = [e.address for e in endpoints if e.kind == "hostname"]
    if hosts:
        parts.append(_rr(_name_rx(hosts), "(?:A|AAAA)", r"\S+"))
    return parts


def _rx(parts: Sequence[str]) -> str:
    return "(?i)^" + _alt(parts) + "$"


@dataclass(frozen=True)
class _Probe:
    set: SetView
    tier: TierView
    endpoint: EndpointView
    module: str
    target: str


def _dns_module(view: SetView, validate: Mapping[str, list[str]], timeout: int) -> dict[str, Any]:
    return {
        "prober": "dns",
        "timeout": duration(timeout),
        "dns": {
            "query_name": view.hostname,
            "query_type": view.record_type,
            "valid_rcodes": ["NOERROR"],
            "validate_answer_rrs": dict(validate),
        },
    }


def _http_module(spec: ProbeSpec) -> dict[str, Any]:
    http: dict[str, Any] = {
        "method": spec.method,
        # `follow_redirects` since 0.19, where `no_follow_redirects` was deprecated and then
        # removed (https://github.com/prometheus/blackbox_exporter/blob/master/CHANGELOG.md).
        "follow_redirects": spec.follow_redirects,
        "preferred_ip_protocol": "ip4",
    }
    if spec.codes != ((200, 299),):
        # blackbox_exporter takes single codes only; its default (empty) is any 2xx.
        http["valid_status_codes"] = [c for low, high in spec.codes for c in range(low, high + 1)]
    if spec.host:
        http["headers"] = {"Host": spec.host}
    if spec.protocol == "https":
        tls: dict[str, Any] = {"insecure_skip_verify": not spec.verify_tls}
        if spec.host and spec.sni:
            tls["server_name"] = spec.host
        http["tls_config"] = tls
        http["fail_if_not_ssl"] = True
    if spec.body:
        http["fail_if_body_not_matches_regexp"] = [go_quote(spec.body)]
    return {"prober": "http", "timeout": duration(spec.timeout_seconds), "http": http}


def _tcp_module(spec: ProbeSpec) -> dict[str, Any]:
    return {
        "prober": "tcp",
        "timeout": duration(spec.timeout_seconds),
        "tcp": {"preferred_ip_protocol": "ip4"},
    }


def _target(spec: ProbeSpec, endpoint: EndpointView) -> str:
    host = f"[{endpoint.address}]" if endpoint.kind == "ipv6" else endpoint.address
    if spec.protocol == "tcp":
        return f"{host}:{spec.port}"
    return f"{spec.protocol}://{host}:{spec.port}{spec.path}"


@dataclass
class SetPlan:
    view: SetView
    tier1_module: str | None
    declared_module: str | None
    probes: list[_Probe]
    notes: list[str]


def plan_set(view: SetView, modules: dict[str, Any]) -> SetPlan:
    notes: list[str] = []
    dns_timeout = 5
    tier1 = view.tiers[0]
    every = [e for t in view.tiers for e in t.endpoints]
    plan = SetPlan(view, None, None, [], notes)
    known_tier1 = [e for e in tier1.endpoints if e.status != "down" and e.rrtype]
    if view.proxied:
        origins = _value_rrs([e for e in every if e.rrtype])
        validate: dict[str, list[str]] = {
            # Any answer at all, and none of them an origin: the proxy hides the origins.
            "fail_if_none_matches_regexp": [_rx([_rr(_OWNER, "(?:A|AAAA)", r"\S+")])],
        }
        if origins:
            validate["fail_if_matches_regexp"] = [_rx(origins)]
        name = f"fo_{_slug(view.name)}_dns_declared"
        modules[name] = _dns_module(view, validate, dns_timeout)
        plan.declared_module = name
        notes.append(
            "proxied: answers are Cloudflare's edge whichever pool serves, so DNS cannot show "
            "the tier; `dns_declared` checks that no origin address leaks into the answer, and "
            "no tier-1 module, failover-active or stuck-failover rule is written"
        )
    elif view.unknown_addresses:
        notes.append(
            "some endpoint addresses are only known after deployment: no DNS answer modules "
            "(write them again from a stack whose addresses are known)"
        )
    elif view.alias_targets:
        notes.append(
            "alias (host-name) endpoints answer their targets' addresses, not known offline: "
            "no DNS answer modules"
        )
    else:
        everything = _value_rrs(every) + _followed_rrs(view, every)
        name = f"fo_{_slug(view.name)}_dns_declared"
        modules[name] = _dns_module(
            view, {"fail_if_not_matches_regexp": [_rx(everything)]}, dns_timeout
        )
        plan.declared_module = name
        if known_tier1:
            name = f"fo_{_slug(view.name)}_dns_tier1"
            modules[name] = _dns_module(
                view,
                {
                    # Every RR is tier 1 (or a CNAME on the way to it) ...
                    "fail_if_not_matches_regexp": [
                        _rx(_value_rrs(known_tier1) + _followed_rrs(view, known_tier1))
                    ],
                    # ... and at least one is a tier-1 answer, not just the CNAME chain.
                    "fail_if_none_matches_regexp": [_rx(_value_rrs(known_tier1))],
                },
                dns_timeout,
            )
            plan.tier1_module = name
        if view.chain:
            notes.append(
                "the hostname is a CNAME to " + ", ".join(view.chain) + ": point --dns-server "
                "at a recursive resolver, the zone's own name servers answer only the CNAME"
            )
    for tier in view.tiers:
        spec = tier.probe
        if spec is None:
            notes.append(f"pool {tier.pool!r}: its health check cannot be reproduced from here")
            continue
        module = f"fo_{_slug(view.name)}_{_slug(tier.pool)}_{spec.protocol}"
        modules[module] = _tcp_module(spec) if spec.protocol == "tcp" else _http_module(spec)
        for ep in tier.endpoints:
            if ep.status != "obey":
                notes.append(
                    f"pool {tier.pool!r} endpoint {ep.name!r}: status {ep.status!r}, the cloud "
                    "does not probe it, neither do we"
                )
                continue
            if ep.kind not in ("ipv4", "ipv6"):
                notes.append(
                    f"pool {tier.pool!r} endpoint {ep.name!r}: {ep.address} is not an IP address"
                    "; probe it from a blackbox module of your own"
                )
                continue
            plan.probes.append(_Probe(view, tier, ep, module, _target(spec, ep)))
    return plan


def _static(target: str, module: str, labels: Mapping[str, str]) -> dict[str, Any]:
    return {"targets": [target], "labels": {"__param_module": module, **labels}}


def set_labels(view: SetView) -> dict[str, str]:
    return {"set": view.name, "cloud": view.cloud, "hostname": view.hostname}


def _job(name: str, exporter: str, statics: list[dict[str, Any]], timeout: int) -> dict[str, Any]:
    return {
        "job_name": name,
        "metrics_path": "/probe",
        "scrape_interval": duration(SCRAPE_INTERVAL),
        # blackbox_exporter gives a probe the scrape timeout minus 0.5 s when that is shorter
        # than the module's, so leave room for the slowest module.
        "scrape_timeout": duration(min(SCRAPE_INTERVAL, timeout + 2)),
        "static_configs": statics,
        "relabel_configs": [
            {"source_labels": ["__address__"], "target_label": "__param_target"},
            {"source_labels": ["__param_target"], "target_label": "instance"},
            {"target_label": "__address__", "replacement": exporter},
        ],
    }


def prometheus_config(
    plans: Sequence[SetPlan], dns_server: HostPort, exporter: str
) -> dict[str, Any]:
    dns: list[dict[str, Any]] = []
    eps: list[dict[str, Any]] = []
    for p in plans:
        base = set_labels(p.view)
        if p.tier1_module:
            tier1 = p.view.tiers[0]
            labels = {**base, "check": "tier1", "tier": "1", "pool": tier1.pool, "endpoint": ANY}
            dns.append(_static(str(dns_server), p.tier1_module, labels))
        if p.declared_module:
            labels = {**base, "check": "declared", "tier": ANY, "pool": ANY, "endpoint": ANY}
            dns.append(_static(str(dns_server), p.declared_module, labels))
        for probe in p.probes:
            labels = {
                **base,
                "check": "endpoint",
                "tier": str(probe.tier.tier),
                "pool": probe.tier.pool,
                "endpoint": probe.endpoint.name,
            }
            eps.append(_static(probe.target, probe.module, labels))
    jobs: list[dict[str, Any]] = []
    if dns:
        jobs.append(_job(DNS_JOB, exporter, dns, 5))
    if eps:
        slowest = max(p.tier.probe.timeout_seconds for s in plans for p in s.probes if p.tier.probe)
        jobs.append(_job(ENDPOINT_JOB, exporter, eps, slowest))
    return {"rule_files": ["rules.yml"], "scrape_configs": jobs}
