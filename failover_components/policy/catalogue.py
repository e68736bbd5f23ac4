"""The rule catalogue: ids, names, levels, causes, explanations, and what an acknowledgement is.

A leaf module (standard library only): the input rules (:mod:`~failover_components.validation`)
read it to accept ``policy_acknowledgements``, and the policy engine
(:mod:`~failover_components.policy.engine`) binds each entry to its check. The explanations
here are the cloud-neutral text of ``RULES.md``; the clouds that keep their checks in their own
package add their notes to it (``policy_notes`` of :data:`failover_components.clouds.CLOUDS`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple, cast

__all__ = [
    "CATALOGUE",
    "DEFAULT_BUDGET_SECONDS",
    "DEFAULT_MAX_TTL_SECONDS",
    "Acknowledgement",
    "Entry",
    "Level",
    "entry",
    "entry_for",
    "read_acknowledgement",
]


class Level(str, Enum):
    """How serious a finding is. ``error`` fails ``plan --strict`` and a CrossGuard run
    (mandatory); ``warning`` and ``advisory`` are reported only (advisory in CrossGuard)."""

    ADVISORY = "advisory"
    """Worth knowing; often a deliberate choice."""
    WARNING = "warning"
    """Weakens failover or its security; acknowledge it if it is deliberate."""
    ERROR = "error"
    """Failover does not work as declared, or is not secure."""


# The sources the explanations cite.
R53_FAILOVER = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html"
R53_CHOOSE = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-how-route-53-chooses-records.html"
R53_HC_API = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html"
R53_DNSSEC = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec.html"
R53_MONITOR = (
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html"
)
TM_MONITOR = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring"
TM_ALERTS = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-metrics-alerts"
AZ_DNSSEC_DOC = "https://learn.microsoft.com/azure/dns/dnssec"
CF_HEALTH = "https://developers.cloudflare.com/load-balancing/understand-basics/health-details/"
CF_MONITORS = "https://developers.cloudflare.com/load-balancing/monitors/"
CF_PROXY = "https://developers.cloudflare.com/load-balancing/understand-basics/proxy-modes/"
CF_DNSSEC_DOC = "https://developers.cloudflare.com/dns/dnssec/"
CF_NOTIFY_DOC = "https://developers.cloudflare.com/load-balancing/reference/migration-guides/health-monitor-notifications/"

DEFAULT_BUDGET_SECONDS = 300
DEFAULT_MAX_TTL_SECONDS = 300

_BUDGET_SCHEMA: Mapping[str, Mapping[str, Any]] = {
    "budgetSeconds": {
        "type": "integer",
        "minimum": 1,
        "default": DEFAULT_BUDGET_SECONDS,
        "description": "The recovery budget, in seconds, every failover component must meet.",
    }
}
_TTL_SCHEMA: Mapping[str, Mapping[str, Any]] = {
    "maxTtlSeconds": {
        "type": "integer",
        "minimum": 1,
        "default": DEFAULT_MAX_TTL_SECONDS,
        "description": "The largest TTL, in seconds, accepted on a failover answer.",
    }
}


@dataclass(frozen=True)
class Entry:
    """One rule as the catalogue describes it (the engine binds its check: a ``Rule``)."""

    id: str
    """Stable id, ``FO001``..."""
    name: str
    """Short kebab-case name (also the CrossGuard policy name)."""
    level: Level
    cause: str
    """One sentence: what a finding of this rule means."""
    explanation: str
    """Why it matters, with sources."""
    applies_to: str
    """Which resources it reads, inside components and hand-written."""
    config_schema: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: cast("dict[str, Mapping[str, Any]]", {}), compare=False
    )
    """JSON-schema properties of the rule's CrossGuard config (camelCase keys)."""
    acknowledgeable: bool = True
    """False only for the rule that checks acknowledgements themselves."""


CATALOGUE: tuple[Entry, ...] = (
    Entry(
        id="FO001",
        name="primary-health-checked",
        level=Level.ERROR,
        cause="The primary tier of a failover set is not health-checked, so it is never taken out.",
        explanation=(
            "A Route 53 PRIMARY record fails over only when its health check (or, for an alias, "
            "its target's health with evaluate_target_health) says it is down; without either "
            f"it counts as healthy ({R53_FAILOVER}, {R53_CHOOSE}). A Traffic Manager endpoint "
            "with always_serve=Enabled is never probed, and a profile without monitor_config "
            f"probes nothing ({TM_MONITOR}). A Cloudflare pool without a monitor is treated as "
            f"healthy, so the first default pool gets the traffic for ever ({CF_HEALTH}). "
            "See also https://github.com/kubernetes-sigs/external-dns/issues/2362."
        ),
        applies_to=(
            "Route 53 PRIMARY failover records (and the records of their zone an alias with "
            "evaluate_target_health points at); Traffic Manager Priority profiles, their inline "
            "or stand-alone endpoints and a nested priority-1 profile's endpoints; Cloudflare "
            "load balancers and their first default pool. Inside components and hand-written."
        ),
    ),
    Entry(
        id="FO002",
        name="failover-ttl",
        level=Level.WARNING,
        cause="A failover answer's TTL is above the limit (300 s unless configured).",
        explanation=(
            "DNS failover reaches a client only when its resolver asks again: every second of "
            "TTL is a second of outage after the cloud has already failed over "
            "(https://github.com/qdm12/dns/issues/94; Route 53 recommends 60 s or less with "
            "health checks, "
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-failover.html). "
            "A proxied Cloudflare load balancer answers with Cloudflare's addresses and ignores "
            f"its ttl ({CF_PROXY}); a Traffic Manager linked record uses the profile's TTL."
        ),
        applies_to=(
            "Route 53 records with failover, weighted or multivalue routing; Traffic Manager "
            "dns_config.ttl; DNS-only Cloudflare load balancers; Azure DNS records (CNAME or "
            "alias) pointing at Traffic Manager. Inside components and hand-written."
        ),
        config_schema=_TTL_SCHEMA,
    ),
    Entry(
        id="FO003",
        name="recovery-budget",
        level=Level.ERROR,
        cause="A failover component's worst-case failover time is above the recovery budget.",
        explanation=(
            "Each component computes its worst case (detection plus TTL, with the sources in "
            "failover_components/timing.py) and registers it as worst_case_failover_seconds. The "
            "organisation's budget (policy config budgetSeconds, default 300 s) holds every "
            "stack to the same recovery-time objective, whatever max_failover_seconds a "
            "component was given."
        ),
        applies_to="Failover components (their worst_case_failover_seconds output).",
        config_schema=_BUDGET_SCHEMA,
    ),
    Entry(
        id="FO004",
        name="https-health-checks",
        level=Level.WARNING,
        cause="A health check probes over plain HTTP or TCP instead of HTTPS.",
        explanation=(
            "Clients reach the service over TLS; a plain HTTP or TCP probe tests a different "
            "path (no TLS handshake, often another listener), so it can pass while clients fail "
            "and it sends the probe in clear text. "
            f"Route 53 types HTTPS/HTTPS_STR_MATCH ({R53_HC_API}), Traffic Manager protocol HTTPS "
            f"({TM_MONITOR}), Cloudflare monitor type https, whose default is http ({CF_MONITORS})."
        ),
        applies_to=(
            "Route 53 health checks that probe (not CALCULATED, CLOUDWATCH_METRIC or "
            "RECOVERY_CONTROL); Traffic Manager monitor_config; Cloudflare monitors."
        ),
    ),
    Entry(
        id="FO005",
        name="route53-checker-regions",
        level=Level.ERROR,
        cause="A Route 53 health check lists fewer than 3 checker regions, or a region that checks nothing.",
        explanation=(
            "Route 53 needs at least 3 checker regions from its fixed list "
            f"({R53_HC_API}, Regions); fewer is rejected at deployment, and a region outside "
            "the list (eu-west-2 is not one) is too. Leaving regions unset uses all of them "
            "(https://github.com/hashicorp/terraform-provider-aws/issues/1795)."
        ),
        applies_to="Route 53 health checks with regions set.",
    ),
    Entry(
        id="FO006",
        name="cloudflare-monitor-tls",
        level=Level.ERROR,
        cause="A Cloudflare monitor skips certificate validation (allow_insecure).",
        explanation=(
            "Cloudflare monitors validate origin certificates unless allow_insecure is true "
            f"({CF_MONITORS}). With it, an origin with an expired, self-signed "
            "or wrong certificate stays healthy and keeps receiving traffic that clients (or "
            "Cloudflare in Full (strict) mode) then reject."
        ),
        applies_to="Cloudflare load balancer monitors.",
    ),
    Entry(
        id="FO007",
        name="zone-dnssec",
        level=Level.WARNING,
        cause="A public DNS zone the stack creates is not DNSSEC-signed.",
        explanation=(
            "Without DNSSEC, a resolver cannot tell a forged failover answer from a real one. "
            "Route 53 signs a public hosted zone through HostedZoneDnsSec with a "
            f"key-signing key ({R53_DNSSEC}); Azure DNS through a DnssecConfig ({AZ_DNSSEC_DOC}); "
            f"Cloudflare through ZoneDnssec ({CF_DNSSEC_DOC}). Publishing the DS record at the "
            "registrar remains a manual step. Private zones are not signed and are skipped."
        ),
        applies_to=(
            "Route 53 hosted zones (not private), Azure DNS zones (not Private), Cloudflare "
            "zones. Inside components and hand-written."
        ),
    ),
    Entry(
        id="FO008",
        name="health-alerts",
        level=Level.WARNING,
        cause="A failover set has no alert, so nobody is told when it fails over.",
        explanation=(
            "Failover hides an outage from clients and therefore from the people who must fix "
            "the primary: the secondary then runs without a fallback. Route 53 publishes "
            f"HealthCheckStatus to CloudWatch ({R53_MONITOR}), Traffic Manager an endpoint "
            f"status metric for Azure Monitor ({TM_ALERTS}), Cloudflare load-balancing health "
            f"notifications ({CF_NOTIFY_DOC})."
        ),
        applies_to=(
            "Failover components (an alarm, metric alert or notification policy among their "
            "descendants); hand-written Route 53 PRIMARY records (a CloudWatch alarm on "
            "AWS/Route53 in the stack), Traffic Manager profiles (a metric alert scoped to "
            "them), Cloudflare load balancers (a load_balancing_health_alert policy)."
        ),
    ),
    Entry(
        id="FO009",
        name="second-tier",
        level=Level.ERROR,
        cause='A "failover" set has a single tier: there is nothing to fail over to.',
        explanation=(
            "A Route 53 PRIMARY needs a SECONDARY at the same name and type "
            f"({R53_FAILOVER}); a Traffic Manager Priority profile needs two enabled endpoints "
            "(with one it only shows Degraded, "
            "https://github.com/MicrosoftDocs/azure-docs/issues/82786); a Cloudflare load "
            "balancer whose default pools and fallback pool are one pool serves it whatever its "
            "health (https://github.com/cloudflare/cloudflare-docs/pull/714)."
        ),
        applies_to=(
            "Route 53 PRIMARY failover records; Traffic Manager Priority profiles; Cloudflare "
            "load balancers. Inside components and hand-written."
        ),
    ),
    Entry(
        id="FO010",
        name="probe-public-address",
        level=Level.ERROR,
        cause="A health check probes an address the cloud's checkers cannot reach.",
        explanation=(
            "Route 53 checkers and Traffic Manager probes run on the public internet; a private, "
            "loopback, link-local or other non-routable address is always unhealthy, which "
            "fails the tier over for good (octoDNS forces such values up, "
            "https://github.com/octodns/octodns/pull/816). Use a CloudWatch-alarm check (Route "
            "53) or always_serve (Traffic Manager) for such targets. Documentation ranges "
            "(RFC 5737, RFC 3849) are accepted."
        ),
        applies_to=(
            "Route 53 health checks with ip_address; enabled, monitored Traffic Manager "
            "endpoints with an IP target."
        ),
    ),
    Entry(
        id="FO011",
        name="route53-check-enabled",
        level=Level.WARNING,
        cause="A Route 53 health check is disabled, which Route 53 treats as healthy.",
        explanation=(
            "A disabled health check is considered healthy by DNS failover, so the record it "
            f"guards never fails over ({R53_HC_API}, Disabled). To take an "
            "endpoint out of rotation, invert its health check instead."
        ),
        applies_to="Route 53 health checks.",
    ),
    Entry(
        id="FO012",
        name="cloudflare-proxied",
        level=Level.ADVISORY,
        cause="A Cloudflare load balancer is DNS-only, so failover waits for resolver caches.",
        explanation=(
            "A proxied load balancer answers with Cloudflare's addresses and switches origins "
            "at the edge, independent of any DNS cache, and retries connection errors on "
            f"another origin; a DNS-only one relies on resolvers honouring its ttl ({CF_PROXY}, "
            "https://developers.cloudflare.com/load-balancing/understand-basics/adaptive-routing/). "
            "Proxying needs HTTP(S) traffic: acknowledge this "
            "for other protocols."
        ),
        applies_to="Cloudflare load balancers.",
    ),
    Entry(
        id="FO013",
        name="acknowledgement-valid",
        level=Level.ERROR,
        cause="A component acknowledges a rule without a reason, or a rule that does not exist.",
        explanation=(
            "An acknowledgement turns a finding into a recorded decision; without a reason it "
            "records nothing, and an acknowledgement of a misspelt rule silently acknowledges "
            "nothing (the cdk-nag model: a suppression needs a reason). This rule cannot be "
            "acknowledged."
        ),
        applies_to="Failover components (their acknowledged_policies output).",
        acknowledgeable=False,
    ),
    Entry(
        id="FO014",
        name="route53-checkable-address",
        level=Level.WARNING,
        cause="A Route 53 health check probes a special-use address, which Route 53 refuses.",
        explanation=(
            "Route 53 cannot check endpoints whose IP address is in a local, private, "
            "non-routable or multicast range, and names RFC 5735, RFC 6598 and RFC 5156 as the "
            f"list ({R53_HC_API}, IPAddress): creating such a health check fails. FO010 reports "
            "the ranges no checker can reach; this rule the rest of those lists, above all the "
            "documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, "
            "2001:db8::/32), which examples and sample stacks use on purpose and which the "
            "inputs therefore accept: the plan warns that a real deployment of such an address "
            "will be refused. A warning, not an error, so samples plan cleanly with --strict."
        ),
        applies_to="Route 53 health checks with ip_address, inside components and hand-written.",
    ),
)
"""The catalogue, in id order."""


def entry_for(key: object) -> Entry | None:
    """The entry with this id (any case) or name, or ``None``."""
    if not isinstance(key, str):
        return None
    for r in CATALOGUE:
        if key.upper() == r.id or key == r.name:
            return r
    return None


def entry(key: str) -> Entry:
    """The entry with this id (any case) or name; ``KeyError`` if none."""
    found = entry_for(key)
    if found is None:
        raise KeyError(key)
    return found


class Acknowledgement(NamedTuple):
    """One ``policy_acknowledgements`` item as read: which rule, and the reason given."""

    rule: Entry | None
    """The rule the key names (id in any case, or name), or ``None`` if it names none."""
    reason: str | None
    """The reason, stripped, or ``None`` when it is not a string or blank (no reason)."""


def read_acknowledgement(key: object, reason: object) -> Acknowledgement:
    """The one reading of an acknowledgement (rule id or name -> reason), used by the input
    rules (an error before anything is registered) and by the policy engine (FO013, and which
    findings a component acknowledges): a suppression counts only with a reason."""
    text = reason.strip() if isinstance(reason, str) else ""
    return Acknowledgement(entry_for(key), text or None)
