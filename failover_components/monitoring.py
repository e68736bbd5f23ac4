"""``failover-components monitoring``: Prometheus monitoring of the DNS itself, as code.

From the plan's per-set summaries (every cloud, every set) this writes into a directory:

* ``blackbox.yml``: blackbox_exporter modules. Per set, ``fo_<set>_dns_tier1`` fails while the
  answer is not tier 1 and ``fo_<set>_dns_declared`` fails when any answer is outside the
  declared endpoints, both with blackbox_exporter's own ``validate_answer_rrs``
  (https://github.com/prometheus/blackbox_exporter/blob/master/CONFIGURATION.md#dns_probe);
  per pool, an HTTP or TCP module that probes each endpoint the way the cloud's checker does.
* ``prometheus.yml``: the scrape jobs through the exporter, every target labelled with set,
  cloud, hostname, check, tier, pool and endpoint, plus ``rule_files``.
* ``rules.yml``: alerting rules, one group per set.
* ``rules.test.yml``: ``promtool test rules`` unit tests of those rules.
* ``README.md``: how to deploy them and what each set's checks can and cannot see.

The output is deterministic (sorted keys, plan order) so it can be committed and diffed.
"""

import argparse
import math
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .observe import EndpointView, ProbeSpec, SetView, TierView, go_quote, set_views

__all__ = [
    "DEFAULT_EXPORTER",
    "HostPort",
    "MonitoringFiles",
    "default_dns_server",
    "monitoring_files",
    "parse_host_port",
    "write_monitoring",
]

DEFAULT_EXPORTER = "127.0.0.1:9115"
"""blackbox_exporter's default listen address."""

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


def _duration(seconds: int) -> str:
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
        "timeout": _duration(timeout),
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
    return {"prober": "http", "timeout": _duration(spec.timeout_seconds), "http": http}


def _tcp_module(spec: ProbeSpec) -> dict[str, Any]:
    return {
        "prober": "tcp",
        "timeout": _duration(spec.timeout_seconds),
        "tcp": {"preferred_ip_protocol": "ip4"},
    }


def _target(spec: ProbeSpec, endpoint: EndpointView) -> str:
    host = f"[{endpoint.address}]" if endpoint.kind == "ipv6" else endpoint.address
    if spec.protocol == "tcp":
        return f"{host}:{spec.port}"
    return f"{spec.protocol}://{host}:{spec.port}{spec.path}"


@dataclass
class _SetPlan:
    view: SetView
    tier1_module: str | None
    declared_module: str | None
    probes: list[_Probe]
    notes: list[str]


def _plan_set(view: SetView, modules: dict[str, Any]) -> _SetPlan:
    notes: list[str] = []
    dns_timeout = 5
    tier1 = view.tiers[0]
    every = [e for t in view.tiers for e in t.endpoints]
    plan = _SetPlan(view, None, None, [], notes)
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


def _set_labels(view: SetView) -> dict[str, str]:
    return {"set": view.name, "cloud": view.cloud, "hostname": view.hostname}


def _job(name: str, exporter: str, statics: list[dict[str, Any]], timeout: int) -> dict[str, Any]:
    return {
        "job_name": name,
        "metrics_path": "/probe",
        "scrape_interval": _duration(SCRAPE_INTERVAL),
        # blackbox_exporter gives a probe the scrape timeout minus 0.5 s when that is shorter
        # than the module's, so leave room for the slowest module.
        "scrape_timeout": _duration(min(SCRAPE_INTERVAL, timeout + 2)),
        "static_configs": statics,
        "relabel_configs": [
            {"source_labels": ["__address__"], "target_label": "__param_target"},
            {"source_labels": ["__param_target"], "target_label": "instance"},
            {"target_label": "__address__", "replacement": exporter},
        ],
    }


def _prometheus(plans: Sequence[_SetPlan], dns_server: HostPort, exporter: str) -> dict[str, Any]:
    dns: list[dict[str, Any]] = []
    eps: list[dict[str, Any]] = []
    for p in plans:
        base = _set_labels(p.view)
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


def _sel(job: str, view: SetView, **labels: str) -> str:
    inner = [f'job="{job}"', f'set="{view.name}"'] + [f'{k}="{v}"' for k, v in labels.items()]
    return "probe_success{" + ", ".join(inner) + "}"


def _rrs(view: SetView, check: str) -> str:
    return f'probe_dns_answer_rrs{{job="{DNS_JOB}", set="{view.name}", check="{check}"}}'


def _stuck_threshold(tier: TierView) -> int:
    """Healthy probed endpoints tier 1 needs; endpoints with status up always count."""
    always = sum(1 for e in tier.endpoints if e.status == "up")
    return max(1, tier.min_healthy - always)


def _rules(p: _SetPlan) -> list[dict[str, Any]]:
    v = p.view
    static = {"cloud": v.cloud, "hostname": v.hostname}
    tier1 = v.tiers[0]
    rules: list[dict[str, Any]] = []
    if p.declared_module and p.tier1_module:
        rules.append(
            {
                "alert": "FailoverActive",
                "expr": f"max by (set) ({_sel(DNS_JOB, v, check='tier1')}) == 0 "
                f"and on (set) max by (set) ({_sel(DNS_JOB, v, check='declared')}) == 1",
                # As long as the cloud needs to notice an outage: a drill shorter than that, or
                # the flap of one probe, does not page on top of the cloud's own alert.
                "for": _duration(v.detection_seconds),
                "labels": {**static, "severity": "warning"},
                "annotations": {
                    "summary": f"{v.hostname} is not answering tier 1 (pool {tier1.pool})",
                    "description": f"DNS answers a lower tier of failover set {v.name} ({v.cloud})"
                    f" for longer than its detection time ({v.detection_seconds} s).",
                },
            }
        )
    if p.declared_module:
        what = "an origin address (the proxy is bypassed)" if v.proxied else "an undeclared answer"
        rules.append(
            {
                "alert": "FailoverUndeclaredAnswer",
                "expr": f"max by (set) (({_sel(DNS_JOB, v, check='declared')} == 0) "
                f"and ({_rrs(v, 'declared')} > 0))",
                "labels": {**static, "severity": "page"},
                "annotations": {
                    "summary": f"{v.hostname} answers {what}",
                    "description": f"An answer of failover set {v.name} ({v.cloud}) is not one of "
                    "its declared endpoints: drift, a hand edit or a hijack.",
                },
            }
        )
        rules.append(
            {
                "alert": "FailoverDNSProbeFailing",
                "expr": f"max by (set) (({_sel(DNS_JOB, v, check='declared')} == 0) "
                f"and ({_rrs(v, 'declared')} == 0))",
                "for": _duration(DNS_PROBE_FAILING_FOR),
                "labels": {**static, "severity": "warning"},
                "annotations": {
                    "summary": f"no answer for {v.hostname} {v.record_type}",
                    "description": f"The DNS probe of failover set {v.name} gets no answer "
                    "(timeout, SERVFAIL, NXDOMAIN or an empty answer).",
                },
            }
        )
    if p.probes:
        rules.append(
            {
                "alert": "FailoverEndpointDown",
                "expr": f"max by (set, tier, pool, endpoint) ({_sel(ENDPOINT_JOB, v)}) == 0",
                "for": _duration(v.detection_seconds),
                "labels": {**static, "severity": "warning"},
                "annotations": {
                    "summary": "endpoint {{ $labels.endpoint }} of pool {{ $labels.pool }} "
                    f"({v.hostname}) is down from here",
                    "description": "Probed like the cloud's health check, from this vantage point.",
                },
            }
        )
    tier1_probed = [x for x in p.probes if x.tier.tier == tier1.tier]
    if p.tier1_module and p.declared_module and tier1_probed:
        need = _stuck_threshold(tier1)
        rules.append(
            {
                "alert": "FailoverStuck",
                "expr": f"count by (set) ({_sel(ENDPOINT_JOB, v, tier='1')} == 1) >= {need} "
                f"and on (set) max by (set) ({_sel(DNS_JOB, v, check='tier1')}) == 0 "
                f"and on (set) max by (set) ({_sel(DNS_JOB, v, check='declared')}) == 1",
                # Past the worst-case recovery the cloud should have failed back.
                "for": _duration(v.recovery_seconds),
                "labels": {**static, "severity": "page"},
                "annotations": {
                    "summary": f"{v.hostname}: tier 1 is healthy but DNS answers a lower tier",
                    "description": f"Pool {tier1.pool} has been healthy from here for longer than "
                    f"the set's worst-case recovery ({v.recovery_seconds} s) while DNS still "
                    "answers a lower tier: a stuck failover (check the cloud's health checks, "
                    "firewall allow-lists and records).",
                },
            }
        )
    return rules


def _rules_doc(plans: Sequence[_SetPlan]) -> dict[str, Any]:
    return {
        "groups": [
            {"name": f"failover-{p.view.name}", "rules": _rules(p)} for p in plans if _rules(p)
        ]
    }


# ---- promtool unit tests -------------------------------------------------------------------


def _series(metric: str, labels: Mapping[str, str], values: str) -> dict[str, str]:
    inner = ",".join(f'{k}="{v}"' for k, v in labels.items())
    return {"series": f"{metric}{{{inner}}}", "values": values}


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


class _Scenario:
    """Input series of one set in one state, for ``promtool test rules``."""

    def __init__(self, p: _SetPlan, dns_server: str, span: int) -> None:
        self.p = p
        self.dns_server = dns_server
        self.span = span
        self.series: list[dict[str, str]] = []

    def dns(self, check: str, success: int, rrs: int) -> None:
        tier1 = self.p.view.tiers[0]
        labels = {
            "job": DNS_JOB,
            "instance": self.dns_server,
            **_set_labels(self.p.view),
            "check": check,
            "tier": "1" if check == "tier1" else ANY,
            "pool": tier1.pool if check == "tier1" else ANY,
            "endpoint": ANY,
        }
        self.series.append(_series("probe_success", labels, f"{success}x{self.span}"))
        self.series.append(_series("probe_dns_answer_rrs", labels, f"{rrs}x{self.span}"))

    def endpoints(self, tier1_up: int, others_up: int, tier1_count: int | None = None) -> None:
        """Endpoint probes: tier 1's at ``tier1_up`` (only the first ``tier1_count`` of them
        when given, the rest down), the others at ``others_up``."""
        seen = 0
        for probe in self.p.probes:
            labels = {
                "job": ENDPOINT_JOB,
                "instance": probe.target,
                **_set_labels(self.p.view),
                "check": "endpoint",
                "tier": str(probe.tier.tier),
                "pool": probe.tier.pool,
                "endpoint": probe.endpoint.name,
            }
            up = tier1_up if probe.tier.tier == 1 else others_up
            if probe.tier.tier == 1 and tier1_count is not None:
                up = up if seen < tier1_count else 0
                seen += 1
            self.series.append(_series("probe_success", labels, f"{up}x{self.span}"))


def _alert(
    rule: Mapping[str, Any], minute: int, firing: bool, extra: Mapping[str, str] | None = None
) -> dict[str, Any]:
    case: dict[str, Any] = {"eval_time": f"{minute}m", "alertname": rule["alert"]}
    if firing:
        labels = {**rule["labels"], "set": rule["labels"].get("set", ""), **(extra or {})}
        case["exp_alerts"] = [{"exp_labels": labels, "exp_annotations": rule["annotations"]}]
    else:
        case["exp_alerts"] = []
    return case


def _tests(p: _SetPlan, dns_server: str) -> list[dict[str, Any]]:
    rules = {r["alert"]: {**r, "labels": {**r["labels"], "set": p.view.name}} for r in _rules(p)}
    if not rules:
        return []
    v = p.view
    span = _minutes(max(v.detection_seconds, v.recovery_seconds, DNS_PROBE_FAILING_FOR)) + 5
    tests: list[dict[str, Any]] = []

    def case(name: str, scenario: _Scenario, alerts: list[dict[str, Any]]) -> None:
        tests.append(
            {
                "name": f"{v.name}: {name}",
                "interval": "1m",
                "input_series": scenario.series,
                "alert_rule_test": alerts,
            }
        )

    has_tier1 = p.tier1_module is not None
    # Everything healthy: nothing fires, ever.
    s = _Scenario(p, dns_server, span)
    if has_tier1:
        s.dns("tier1", 1, 1)
    s.dns("declared", 1, 1)
    s.endpoints(1, 1)
    case("all healthy", s, [_alert(r, span, False) for r in rules.values()])

    if "FailoverUndeclaredAnswer" in rules:
        # An undeclared answer pages at once, and is not a failover.
        s = _Scenario(p, dns_server, span)
        if has_tier1:
            s.dns("tier1", 0, 1)
        s.dns("declared", 0, 1)
        s.endpoints(1, 1)
        alerts = [_alert(rules["FailoverUndeclaredAnswer"], 0, True)]
        alerts += [
            _alert(rules[n], span, False) for n in ("FailoverActive", "FailoverStuck") if n in rules
        ]
        alerts.append(_alert(rules["FailoverDNSProbeFailing"], span, False))
        case("undeclared answer", s, alerts)

        # No answer at all: the DNS probe is failing, not an undeclared answer.
        s = _Scenario(p, dns_server, span)
        if has_tier1:
            s.dns("tier1", 0, 0)
        s.dns("declared", 0, 0)
        s.endpoints(1, 1)
        m = _minutes(DNS_PROBE_FAILING_FOR)
        rule = rules["FailoverDNSProbeFailing"]
        alerts = [_alert(rule, m - 1, False), _alert(rule, m, True)]
        alerts.append(_alert(rules["FailoverUndeclaredAnswer"], m, False))
        case("dns probe failing", s, alerts)

    if has_tier1 and "FailoverActive" in rules:
        # Tier 1 down and DNS on tier 2: failover active after the detection time; not stuck.
        s = _Scenario(p, dns_server, span)
        s.dns("tier1", 0, 1)
        s.dns("declared", 1, 1)
        s.endpoints(0, 1)
        m = _minutes(v.detection_seconds)
        rule = rules["FailoverActive"]
        alerts = [_alert(rule, m - 1, False) if v.detection_seconds > 0 else _alert(rule, 0, True)]
        alerts.append(_alert(rule, m, True))
        if "FailoverStuck" in rules:
            alerts.append(_alert(rules["FailoverStuck"], span, False))
        if "FailoverEndpointDown" in rules:
            down = [
                {"tier": "1", "pool": x.tier.pool, "endpoint": x.endpoint.name}
                for x in p.probes
                if x.tier.tier == 1
            ]
            er = rules["FailoverEndpointDown"]
            exp = [
                {"exp_labels": {**er["labels"], **d}, "exp_annotations": _expand(er, d)}
                for d in down
            ]
            alerts.append({"eval_time": f"{m}m", "alertname": er["alert"], "exp_alerts": exp})
        case("failover active", s, alerts)

    if "FailoverStuck" in rules:
        # Tier 1 healthy from here, DNS still on a lower tier: stuck after the worst-case recovery.
        s = _Scenario(p, dns_server, span)
        s.dns("tier1", 0, 1)
        s.dns("declared", 1, 1)
        s.endpoints(1, 1)
        m = _minutes(v.recovery_seconds)
        rule = rules["FailoverStuck"]
        case("stuck failover", s, [_alert(rule, m - 1, False), _alert(rule, m, True)])
        need = _stuck_threshold(v.tiers[0])
        if need > 1:
            # One healthy endpoint short of tier 1's min_healthy: tier 1 is not healthy.
            s = _Scenario(p, dns_server, span)
            s.dns("tier1", 0, 1)
            s.dns("declared", 1, 1)
            s.endpoints(1, 1, tier1_count=need - 1)
            case("tier 1 short of min_healthy", s, [_alert(rule, span, False)])
    return tests


def _expand(rule: Mapping[str, Any], labels: Mapping[str, str]) -> dict[str, str]:
    """Annotations with ``{{ $labels.x }}`` filled in, as Prometheus renders them."""
    out: dict[str, str] = {}
    for key, text in rule["annotations"].items():
        value = str(text)
        for name, label in labels.items():
            value = value.replace("{{ $labels." + name + " }}", label)
        out[key] = value
    return out


def _tests_doc(plans: Sequence[_SetPlan], dns_server: str) -> dict[str, Any]:
    return {
        "rule_files": ["rules.yml"],
        "evaluation_interval": "1m",
        "tests": [t for p in plans for t in _tests(p, dns_server)],
    }


# ---- files ---------------------------------------------------------------------------------


def _readme(
    plans: Sequence[_SetPlan], project: str, stack: str, dns_server: HostPort, exporter: str
) -> str:
    lines = [
        f"# Failover monitoring of project `{project}`, stack `{stack}`",
        "",
        "Generated by `failover-components monitoring`; regenerate instead of editing.",
        "",
        "## Deploy",
        "",
        "1. Run blackbox_exporter with this configuration, listening where Prometheus can "
        f"reach it (`{exporter}` here):",
        f"   `blackbox_exporter --config.file=blackbox.yml --web.listen-address={exporter}`",
        "   (check it first: `blackbox_exporter --config.file=blackbox.yml --config.check`).",
        "2. Merge the `scrape_configs` and `rule_files` of `prometheus.yml` into your Prometheus "
        "configuration and copy `rules.yml` beside it: `promtool check config prometheus.yml`.",
        "3. Run the rules' unit tests in your CI: `promtool test rules rules.test.yml`.",
        "4. Route the alerts with Alertmanager: `severity=page` (undeclared answer, stuck "
        "failover) pages at once, `severity=warning` (failover active, endpoint down, DNS "
        "probe failing) goes to the team's channel.",
        "",
        f"DNS probes ask `{dns_server}`. Probe from where your users resolve: a resolver "
        "they use shows what they get; the zone's name servers show what the cloud answers now.",
        "",
        "## Sets",
        "",
        "| set | cloud | hostname | DNS modules | endpoint probes | failover active after | "
        "stuck after |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in plans:
        v = p.view
        mods = ", ".join(m for m in (p.tier1_module, p.declared_module) if m) or "none"
        rules = {r["alert"] for r in _rules(p)}
        active = f"{v.detection_seconds} s" if "FailoverActive" in rules else "-"
        stuck = f"{v.recovery_seconds} s" if "FailoverStuck" in rules else "-"
        lines.append(
            f"| {v.name} | {v.cloud} | {v.hostname} {v.record_type} | {mods} | {len(p.probes)} | "
            f"{active} | {stuck} |"
        )
    notes = [(p.view.name, n) for p in plans for n in p.notes]
    if notes:
        lines += ["", "## What each set's checks cannot see", ""]
        lines += [f"- `{name}`: {n}" for name, n in notes]
    lines += [
        "",
        "## Limits",
        "",
        "- The endpoint probes run from here, not from the cloud's checker regions; an "
        "endpoint that allow-lists the checkers looks down from here.",
        "- Route 53 looks for a search string in the first 5,120 bytes of the body only; "
        "blackbox_exporter searches the whole body.",
        "- When the exporter itself is down there is no `probe_success` at all: keep your "
        f'usual target-down alert on `up{{job=~"{DNS_JOB}|{ENDPOINT_JOB}"}} == 0`.',
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class MonitoringFiles:
    """The generated files, name -> text."""

    files: Mapping[str, str]


_HEADER = (
    "# Generated by `failover-components monitoring` from project {project}, stack {stack}.\n"
    "# Regenerate instead of editing.\n"
)


def _dump(doc: Any, header: str) -> str:
    body = yaml.safe_dump(doc, sort_keys=True, default_flow_style=False, width=1000)
    return header + body


def monitoring_files(
    failover_sets: Sequence[Mapping[str, Any]],
    *,
    project: str,
    stack: str,
    dns_server: HostPort,
    exporter: str = DEFAULT_EXPORTER,
) -> MonitoringFiles:
    """Every file, from the plan document's ``failover_sets``; pure and deterministic."""
    modules: dict[str, Any] = {}
    plans = [_plan_set(v, modules) for v in set_views(failover_sets)]
    header = _HEADER.format(project=project, stack=stack)
    return MonitoringFiles(
        {
            "blackbox.yml": _dump({"modules": modules}, header),
            "prometheus.yml": _dump(_prometheus(plans, dns_server, exporter), header),
            "rules.yml": _dump(_rules_doc(plans), header),
            "rules.test.yml": _dump(_tests_doc(plans, str(dns_server)), header),
            "README.md": _readme(plans, project, stack, dns_server, exporter),
        }
    )


def write_monitoring(files: MonitoringFiles, out_dir: str) -> list[str]:
    """Write the files into ``out_dir`` (created if missing); returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths: list[str] = []
    for name, text in sorted(files.files.items()):
        path = os.path.join(out_dir, name)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        paths.append(path)
    return paths


# ---- command line --------------------------------------------------------------------------

HELP = "write Prometheus monitoring of each set's DNS answers and endpoints (blackbox_exporter)"

EPILOG = """\
files written into DIR: blackbox.yml, prometheus.yml, rules.yml, rules.test.yml, README.md

--dns-server default: the first nameserver of this machine's /etc/resolv.conf (the resolver
its users already send their queries to); it is written into prometheus.yml and README.md.
Nothing is contacted while writing: the files come from the offline plan.

exit codes:
  0  the files were written
  1  the stack configuration is invalid (nothing written)
  2  usage error, unreadable project, or the program failed
"""


def project_arguments(parser: argparse.ArgumentParser, epilog: str, dns_help: str) -> None:
    """The arguments ``monitoring`` and ``verify`` share, and their help's epilog."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = epilog
    parser.add_argument(
        "project_dir", nargs="?", default=".", help="the project directory (default: .)"
    )
    parser.add_argument("--stack", help="the stack whose Pulumi.<stack>.yaml to read")
    parser.add_argument("--dns-server", metavar="HOST[:PORT]", help=dns_help)


def configure(parser: argparse.ArgumentParser) -> None:
    """The ``monitoring`` subcommand's arguments."""
    project_arguments(
        parser,
        EPILOG,
        "the DNS server the DNS probes ask (default: this machine's first resolv.conf "
        "nameserver, port 53)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="where to write the files")
    parser.add_argument(
        "--exporter",
        default=DEFAULT_EXPORTER,
        metavar="HOST:PORT",
        help=f"where Prometheus reaches blackbox_exporter (default: {DEFAULT_EXPORTER})",
    )
    parser.set_defaults(func=run)


def offline_plan(args: argparse.Namespace) -> tuple[dict[str, Any] | None, int]:
    """The plan of ``args.project_dir`` / ``args.stack``, or ``None`` and the plan's exit code
    (its problems already on stderr)."""
    from . import cli

    try:
        doc, code = cli.plan_document(args.project_dir, args.stack, progress=sys.stderr)
    except (FileNotFoundError, ValueError) as exc:
        print(f"failover-components: {exc}", file=sys.stderr)
        return None, cli.EXIT_ERROR
    if code != cli.EXIT_OK:
        sys.stderr.write(cli.render_plan(doc))
        return None, code
    return doc, code


def run(args: argparse.Namespace) -> int:
    """``failover-components monitoring``."""
    from . import cli

    try:
        exporter = parse_host_port(args.exporter, None)
        dns_server = (
            parse_host_port(args.dns_server, 53)
            if args.dns_server is not None
            else default_dns_server()
        )
    except ValueError as exc:
        print(f"failover-components monitoring: {exc}", file=sys.stderr)
        return cli.EXIT_ERROR
    if dns_server is None:
        print(
            "failover-components monitoring: no nameserver in /etc/resolv.conf; "
            "give --dns-server HOST[:PORT]",
            file=sys.stderr,
        )
        return cli.EXIT_ERROR
    doc, code = offline_plan(args)
    if doc is None:
        return code
    files = monitoring_files(
        doc["failover_sets"],
        project=doc["project"],
        stack=doc["stack"],
        dns_server=dns_server,
        exporter=str(exporter),
    )
    try:
        paths = write_monitoring(files, args.out)
    except OSError as exc:
        print(f"failover-components monitoring: cannot write {args.out}: {exc}", file=sys.stderr)
        return cli.EXIT_ERROR
    sets = len(doc["failover_sets"])
    print(f"wrote {len(paths)} files for {sets} failover set(s) into {args.out}:")
    for path in paths:
        print(f"  {path}")
    return cli.EXIT_OK
