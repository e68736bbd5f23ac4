"""How fast each cloud fails over, from the health-check settings, the TTL and the cloud's
documented behaviour. Pure functions; every formula names its source.

Three times per tier:

* **detection**: from the moment the tier's endpoints stop answering until the cloud marks
  the tier unhealthy;
* **worst-case failover**: until the last resolver that cached the old answer asks again and
  gets the next tier (detection plus the answer's TTL); clients and resolvers that ignore
  TTLs (JVMs, resolvers with a TTL floor) are not bounded by any setting and are left out;
* **recovery**: from the tier answering again until traffic is back on it.

Generic form (features.md §2): ``worst = I (outage starts just after a passing probe)
+ (N-1)·I + τ (the last failing probe's timeout) + A (the provider's aggregation) + TTL``.
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import Reason

__all__ = [
    "FailoverTiming",
    "Term",
    "budget_reasons",
    "cloud_dns_timing",
    "cloudflare_timing",
    "route53_timing",
    "slowest",
    "traffic_manager_timing",
]

R53_HEALTH = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "dns-failover-determining-health-of-endpoints.html"
)
R53_API = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"
R53_ALIAS_TTL = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-failover.html"
R53_ETH = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html"
"""``EvaluateTargetHealth``: an ELB alias is healthy while its target groups have healthy
targets, by the ELB's own health checks."""
TM_MONITOR = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring"
CF_MONITOR = "https://developers.cloudflare.com/load-balancing/monitors/create-monitor/"
CF_HEALTH = "https://developers.cloudflare.com/load-balancing/understand-basics/health-details/"
CF_PROXY = "https://developers.cloudflare.com/load-balancing/understand-basics/proxy-modes/"
GCP_HEALTH_CHECK = "https://cloud.google.com/compute/docs/reference/rest/v1/healthChecks"
GCP_GA_BLOG = (
    "https://cloud.google.com/blog/products/networking/public-ip-health-checks-in-cloud-dns-now-ga"
)
GCP_TTL = "https://cloud.google.com/dns/docs/routing-policies-overview"

# Route 53 probe timeouts are fixed, not configurable [R53_HEALTH]: an HTTP(S) checker must
# connect within 4 s and get a status within 2 s; a string match must also see the body
# within 2 s; a TCP connection must be established within 10 s.
R53_PROBE_TIMEOUT = {
    "HTTP": 6,
    "HTTPS": 6,
    "HTTP_STR_MATCH": 8,
    "HTTPS_STR_MATCH": 8,
    "TCP": 10,
}


@dataclass(frozen=True)
class Term:
    """One named part of a time: ``seconds`` with how it was computed and its source."""

    name: str
    """``interval``, ``threshold``, ``timeout``, ``checker skew``, ``ttl``..."""
    seconds: int
    formula: str
    """How the seconds were computed, in the user's setting names."""
    source: str
    """The documentation the formula rests on."""
    fixed: bool = False
    """True when no setting changes it (Route 53's probe timeouts)."""
    unknown: bool = False
    """True when nothing documented bounds it (an alias target's own health, decided outside
    Route 53): ``seconds`` is then 0 and every total it is part of is a lower bound only."""


@dataclass(frozen=True)
class FailoverTiming:
    """Failover times of one tier (or the slowest tier of a set), in whole seconds."""

    cloud: str
    detection_seconds: int
    """Worst case until the cloud marks the tier unhealthy."""
    best_detection_seconds: int
    """Best case until the cloud marks the tier unhealthy."""
    worst_case_failover_seconds: int
    """Worst case until every TTL-honouring resolver answers with the next tier."""
    best_case_failover_seconds: int
    """Best case (the probe schedule and the caches line up in the clients' favour)."""
    recovery_seconds: int
    """Worst case from the tier answering again until traffic is back on it."""
    ttl_seconds: int
    """The cache term of the answer (0 for a proxied Cloudflare load balancer)."""
    terms: tuple[Term, ...]
    """The terms of the worst-case failover time; their seconds add up to it."""
    recovery_terms: tuple[Term, ...]
    """The terms of the recovery time."""
    notes: tuple[str, ...] = ()
    """What the numbers leave out (undocumented delays, client caches)."""

    @property
    def bounded(self) -> bool:
        """False when a term has no documented bound: the totals are then lower bounds."""
        return not any(t.unknown for t in self.terms)

    def explain(self) -> str:
        """``worst-case 186 s = interval 30 + ...`` in one line (``at least`` when a term is
        unknown)."""
        parts = " + ".join(
            f"{t.name} unknown ({t.formula})"
            if t.unknown
            else f"{t.name} {t.seconds} ({t.formula})"
            for t in self.terms
        )
        at_least = "" if self.bounded else "at least "
        return f"worst-case {at_least}{self.worst_case_failover_seconds} s = {parts}"


def _timing(
    cloud: str,
    detection: list[Term],
    best_detection: int,
    ttl: Term,
    recovery: list[Term],
    notes: Iterable[str] = (),
) -> FailoverTiming:
    detect = sum(t.seconds for t in detection)
    return FailoverTiming(
        cloud=cloud,
        detection_seconds=detect,
        best_detection_seconds=best_detection,
        worst_case_failover_seconds=detect + ttl.seconds,
        best_case_failover_seconds=best_detection,
        recovery_seconds=sum(t.seconds for t in recovery),
        ttl_seconds=ttl.seconds,
        terms=(*detection, ttl),
        recovery_terms=tuple(recovery),
        notes=tuple(notes),
    )


def route53_timing(
    *, interval_seconds: int, failure_threshold: int, check_type: str, ttl_seconds: int
) -> FailoverTiming:
    """Route 53 health-checked failover.

    Each checker marks the endpoint unhealthy after ``failure_threshold`` consecutive failed
    probes, ``interval_seconds`` apart, each failing only after the fixed probe timeout; the
    endpoint is unhealthy once at most 18% of checkers report it healthy, and the checkers
    are not synchronised, so up to one more interval of skew [R53_HEALTH]. Recovery needs the
    same number of passing probes from more than 18% of checkers, so no skew term [R53_API].
    Route 53 does not document how long a health flip takes to reach its name servers.
    """
    i, n = interval_seconds, failure_threshold
    tau = R53_PROBE_TIMEOUT[check_type]
    detection = [
        Term(
            "interval",
            i,
            f"the first failing probe comes up to interval_seconds {i} s after the outage",
            R53_HEALTH,
        ),
        Term(
            "threshold",
            (n - 1) * i,
            f"(failure_threshold {n} - 1) x interval_seconds {i}",
            R53_HEALTH,
        ),
        Term("timeout", tau, f"fixed {check_type} probe timeout", R53_HEALTH, fixed=True),
        Term(
            "checker skew",
            i,
            f"unsynchronised checkers, up to one interval_seconds {i}",
            R53_HEALTH,
        ),
    ]
    ttl = Term("ttl", ttl_seconds, f"ttl {ttl_seconds} s of the failover answer", R53_ALIAS_TTL)
    recovery = [
        Term(
            "threshold",
            n * i,
            f"failure_threshold {n} x interval_seconds {i} passing probes",
            R53_API,
        ),
        ttl,
    ]
    return _timing(
        "aws",
        detection,
        (n - 1) * i,
        ttl,
        recovery,
        ["Route 53 does not document how long a health change takes to reach its name servers"],
    )


def traffic_manager_timing(
    *, interval_seconds: int, failure_threshold: int, timeout_seconds: int, ttl_seconds: int
) -> FailoverTiming:
    """Azure Traffic Manager priority failover.

    An endpoint is Degraded after ``tolerated_number_of_failures + 1`` (our
    ``failure_threshold``) consecutive failed probes; the documented timeline for interval 30,
    3 tolerated failures, timeout 10 and TTL 30 is 30 + 3·30 + 10 + 30 = 160 s. An endpoint
    returns to rotation on the next successful probe [TM_MONITOR].
    """
    i, n, tau = interval_seconds, failure_threshold, timeout_seconds
    detection = [
        Term(
            "interval",
            i,
            f"the first failing probe comes up to interval_seconds {i} s after the outage",
            TM_MONITOR,
        ),
        Term(
            "threshold",
            (n - 1) * i,
            f"(failure_threshold {n} - 1) x interval_seconds {i}",
            TM_MONITOR,
        ),
        Term("timeout", tau, f"timeout_seconds {tau} of the last failing probe", TM_MONITOR),
    ]
    ttl = Term("ttl", ttl_seconds, f"profile ttl {ttl_seconds} s", TM_MONITOR)
    recovery = [
        Term("interval", i, f"one passing probe, up to interval_seconds {i} s away", TM_MONITOR),
        ttl,
    ]
    return _timing(
        "azure",
        detection,
        (n - 1) * i,
        ttl,
        recovery,
        ["nested profiles pass their health to the parent without a documented delay"],
    )


def cloudflare_timing(
    *,
    interval_seconds: int,
    failure_threshold: int,
    timeout_seconds: int,
    retries: int,
    recovery_threshold: int,
    proxied: bool,
    ttl_seconds: int,
) -> FailoverTiming:
    """Cloudflare Load Balancing failover.

    One health check fails after ``timeout x (retries + 1)`` (retries are immediate);
    ``consecutive_down`` (our ``failure_threshold``) failed checks at ``interval`` mark the
    origin unhealthy, and ``consecutive_up`` passing checks bring it back [CF_MONITOR],
    [CF_HEALTH]. A proxied load balancer steers at Cloudflare's edge, so no resolver cache
    stands between the decision and the clients; a DNS-only one adds its ``ttl`` [CF_PROXY].
    """
    i, n, tau = interval_seconds, failure_threshold, timeout_seconds
    detection = [
        Term(
            "interval",
            i,
            f"the first failing check comes up to interval_seconds {i} s after the outage",
            CF_MONITOR,
        ),
        Term(
            "threshold",
            (n - 1) * i,
            f"(failure_threshold {n} - 1) x interval_seconds {i}",
            CF_MONITOR,
        ),
        Term(
            "timeout",
            tau * (retries + 1),
            f"timeout_seconds {tau} x (retries {retries} + 1) of the last failing check",
            CF_MONITOR,
        ),
    ]
    effective_ttl = 0 if proxied else ttl_seconds
    ttl = Term(
        "ttl",
        effective_ttl,
        "proxied: answered at Cloudflare's edge, no resolver cache"
        if proxied
        else f"DNS-only ttl {ttl_seconds} s",
        CF_PROXY,
    )
    recovery = [
        Term(
            "threshold",
            recovery_threshold * i,
            f"consecutive_up {recovery_threshold} x interval_seconds {i} passing checks",
            CF_HEALTH,
        ),
        ttl,
    ]
    return _timing(
        "cloudflare",
        detection,
        (n - 1) * i,
        ttl,
        recovery,
        ["Cloudflare does not document the delay of its global health aggregation"],
    )


def cloud_dns_timing(
    *,
    interval_seconds: int,
    failure_threshold: int,
    healthy_threshold: int,
    timeout_seconds: int,
    ttl_seconds: int,
) -> FailoverTiming:
    """Google Cloud DNS failover (``primary_backup``) with a source-region health check.

    Each of the 3 source regions marks an endpoint unhealthy after ``unhealthy_threshold`` (our
    ``failure_threshold``) consecutive failed probes, ``check_interval_sec`` apart (at least
    30 s with source regions), the last failing after ``timeout_sec`` [GCP_HEALTH_CHECK]; the
    endpoint is unhealthy once 2 of the 3 regions say so [GCP_GA_BLOG]. The regions probe
    independently, so the second region may be up to one interval behind the first (the
    checker skew term). Recovery needs ``healthy_threshold`` passing probes. Resolvers then keep
    the old answer for the record's ``ttl`` [GCP_TTL]. Google documents no end-to-end figure
    and no delay between a health change and its name servers' answers.
    """
    i, n, tau = interval_seconds, failure_threshold, timeout_seconds
    # At the 30 s floor no setting lowers the interval terms (the budget check then names
    # the other levers).
    floor = i <= 30
    detection = [
        Term(
            "interval",
            i,
            f"the first failing probe comes up to interval_seconds {i} s after the outage",
            GCP_HEALTH_CHECK,
            fixed=floor,
        ),
        Term(
            "threshold",
            (n - 1) * i,
            f"(failure_threshold {n} - 1) x interval_seconds {i}",
            GCP_HEALTH_CHECK,
        ),
        Term("timeout", tau, f"timeout_seconds {tau} of the last failing probe", GCP_HEALTH_CHECK),
        Term(
            "checker skew",
            i,
            f"2 of 3 source regions must agree; unsynchronised, up to one interval_seconds {i}",
            GCP_GA_BLOG,
            fixed=floor,
        ),
    ]
    ttl = Term("ttl", ttl_seconds, f"ttl {ttl_seconds} s of the record set", GCP_TTL)
    recovery = [
        Term(
            "threshold",
            healthy_threshold * i,
            f"healthy_threshold {healthy_threshold} x interval_seconds {i} passing probes",
            GCP_HEALTH_CHECK,
        ),
        ttl,
    ]
    return _timing(
        "gcp",
        detection,
        (n - 1) * i,
        ttl,
        recovery,
        [
            "Google documents no delay between a health change and Cloud DNS's answers",
            "with every target unhealthy Cloud DNS answers as if all were healthy (fail-open)",
        ],
    )


def slowest(timings: Iterable[FailoverTiming]) -> FailoverTiming:
    """The tier whose failover takes longest: the set's worst case.

    When another tier has a term nothing bounds, the set's worst case is unknown too: that
    term is added (0 s, ``unknown``) to the slowest known tier's, so the total stays the
    largest derived number and reads as a lower bound."""
    items = list(timings)
    worst = max(items, key=lambda t: (t.worst_case_failover_seconds, t.recovery_seconds))
    unknown = [term for t in items for term in t.terms if term.unknown]
    if worst.bounded and unknown:
        worst = dataclasses.replace(worst, terms=(unknown[0], *worst.terms))
    return worst


def alias_target_timing(*, ttl_seconds: int) -> FailoverTiming:
    """A Route 53 tier that only evaluates its alias targets' health (an ALB, NLB, API Gateway
    with ``evaluate_target_health`` and no Route 53 health check).

    Route 53 takes the target's health from the target itself: an ELB is healthy while a target
    group has a healthy target, by the target groups' own health checks (their interval and
    unhealthy threshold, not set here) [R53_ETH]. Route 53 documents no delay for that, so the
    detection term is unknown and the totals are lower bounds: only the alias answer's TTL (60 s
    for ELB targets) is derived. A Route 53 health check on the pool makes it bounded."""
    target = Term(
        "target health",
        0,
        "unknown: decided by the alias target's own health (e.g. the ALB's target groups' "
        "interval and unhealthy threshold), not by a Route 53 health check",
        R53_ETH,
        unknown=True,
    )
    ttl = Term("ttl", ttl_seconds, f"ttl {ttl_seconds} s of the alias answer", R53_ALIAS_TTL)
    return _timing(
        "aws",
        [target],
        0,
        ttl,
        [target, ttl],
        [
            "detection is the alias target's own (ELB target-group health checks), which "
            "Route 53 does not bound; give the pool a health_check for a Route 53 check"
        ],
    )


def budget_reasons(
    timing: FailoverTiming,
    budget: int | None,
    *,
    tier: str = "",
    path: str = "max_failover_seconds",
) -> list[Reason]:
    """One reason when ``timing`` breaks the recovery-time budget, naming what to change."""
    if budget is None:
        return []
    where = f" (pool {tier!r})" if tier else ""
    if not timing.bounded:
        return [
            Reason(
                path,
                f"cannot be checked: the worst-case failover{where} has a term nothing "
                f"documented bounds ({timing.explain()})",
                budget,
                "a health_check on that pool (Route 53 then probes its alias endpoints), or no "
                "max_failover_seconds",
            )
        ]
    if timing.worst_case_failover_seconds <= budget:
        return []
    biggest = sorted(timing.terms, key=lambda t: -t.seconds)
    levers = {
        "interval": "interval_seconds",
        "threshold": "failure_threshold",
        "timeout": "timeout_seconds",
        "checker skew": "interval_seconds",
        "ttl": "ttl",
    }
    change: list[str] = []
    for term in biggest:
        lever = levers.get(term.name)
        if term.seconds and lever and not term.fixed and lever not in change:
            change.append(lever)
    return [
        Reason(
            path,
            f"worst-case failover{where} is {timing.worst_case_failover_seconds} s, over the budget "
            f"({timing.explain()})",
            budget,
            f"a budget of at least {timing.worst_case_failover_seconds} s, or lower "
            + ", ".join(change),
        )
    ]
