"""The alerting rules of the monitoring, one group per set, and their ``promtool test rules``
unit tests (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/).
"""

import math
from collections.abc import Mapping, Sequence
from typing import Any

from .monitoring_config import (
    ANY,
    DNS_JOB,
    DNS_PROBE_FAILING_FOR,
    ENDPOINT_JOB,
    SetPlan,
    duration,
    set_labels,
)
from .observe import SetView, TierView

__all__ = ["rules_doc", "set_rules", "tests_doc"]


def _sel(job: str, view: SetView, **labels: str) -> str:
    inner = [f'job="{job}"', f'set="{view.name}"'] + [f'{k}="{v}"' for k, v in labels.items()]
    return "probe_success{" + ", ".join(inner) + "}"


def _rrs(view: SetView, check: str) -> str:
    return f'probe_dns_answer_rrs{{job="{DNS_JOB}", set="{view.name}", check="{check}"}}'


def _stuck_threshold(tier: TierView) -> int:
    """Healthy probed endpoints tier 1 needs; endpoints with status up always count."""
    always = sum(1 for e in tier.endpoints if e.status == "up")
    return max(1, tier.min_healthy - always)


def set_rules(p: SetPlan) -> list[dict[str, Any]]:
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
                "for": duration(v.detection_seconds),
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
                "for": duration(DNS_PROBE_FAILING_FOR),
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
                "for": duration(v.detection_seconds),
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
                "for": duration(v.recovery_seconds),
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


def rules_doc(plans: Sequence[SetPlan]) -> dict[str, Any]:
    return {
        "groups": [
            {"name": f"failover-{p.view.name}", "rules": set_rules(p)}
            for p in plans
            if set_rules(p)
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

    def __init__(self, p: SetPlan, dns_server: str, span: int) -> None:
        self.p = p
        self.dns_server = dns_server
        self.span = span
        self.series: list[dict[str, str]] = []

    def dns(self, check: str, success: int, rrs: int) -> None:
        tier1 = self.p.view.tiers[0]
        labels = {
            "job": DNS_JOB,
            "instance": self.dns_server,
            **set_labels(self.p.view),
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
                **set_labels(self.p.view),
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


def _tests(p: SetPlan, dns_server: str) -> list[dict[str, Any]]:
    rules = {r["alert"]: {**r, "labels": {**r["labels"], "set": p.view.name}} for r in set_rules(p)}
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


def tests_doc(plans: Sequence[SetPlan], dns_server: str) -> dict[str, Any]:
    return {
        "rule_files": ["rules.yml"],
        "evaluation_interval": "1m",
        "tests": [t for p in plans for t in _tests(p, dns_server)],
    }
