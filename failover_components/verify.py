"""``failover-components verify``: a one-shot live check of what each failover set answers.

For every set of the plan (every cloud) it resolves the hostname with dnspython, says which
tier answers, the TTL and every answer outside the declared endpoints; unless ``--no-probe``
it probes the endpoints the way the cloud's health check does, decides which tier *should*
answer and compares. With DNSSEC on it checks the DS at the parent against the zone's
DNSKEYs and validates the answer's signatures.

Converging, not wrong. One look cannot tell how long the endpoints have been in the state the
probes see, and the cloud legitimately lags by up to the set's worst case (detection + TTL
when a tier fails, recovery when it comes back). So when DNS and the probes disagree, verify
keeps looking (DNS and probes again every few seconds) for at most that worst case, counted
from its first look: if DNS comes to agree the set "converged"; if it still disagrees at the
end, DNS is wrong beyond the worst case. The answer's TTL is inside that bound (every
worst case ends with the TTL term), so a resolver still serving its cached answer is not
blamed. Every network call has a timeout (``--timeout``), so the whole run is bounded by the
slowest worst case plus the timeouts.

Only the chosen DNS server (or the system resolver), and the declared endpoint addresses are
contacted. Redirects are never followed (they could lead anywhere); a check that would follow
one says "unknown".
"""

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import dns.exception
import dns.resolver

from .monitoring import offline_plan, parse_host_port, project_arguments
from .observe import SetView, set_views
from .verify_dns import (
    FAILURE,
    INFO,
    Answer,
    Finding,
    Look,
    dnssec_findings,
    look,
    make_resolver,
)

# BODY_LIMIT and HEALTHY are re-exported (the `as` form): public names of this module before
# the DNS look and the probes moved out, like every name imported here.
from .verify_probes import BODY_LIMIT as BODY_LIMIT
from .verify_probes import (
    DOWN,
    UNKNOWN,
    Prober,
    ProbeResult,
    expected_tier,
    probe_endpoint,
    probe_set,
    tier_states,
)
from .verify_probes import HEALTHY as HEALTHY

__all__ = [
    "Finding",
    "ProbeResult",
    "SetReport",
    "probe_endpoint",
    "verify_sets",
]

POLL_SECONDS = 2.0
"""Pause between two looks while DNS and the probes disagree."""


@dataclass
class SetReport:
    """What verify found for one set."""

    set: str
    cloud: str
    hostname: str
    record_type: str
    answers: list[Answer] = field(default_factory=lambda: [])
    ttl: int | None = None
    serving_tier: int | None = None
    serving_pool: str | None = None
    expected_tier: int | None = None
    expected_pool: str | None = None
    endpoints: list[ProbeResult] = field(default_factory=lambda: [])
    findings: list[Finding] = field(default_factory=lambda: [])

    @property
    def ok(self) -> bool:
        """No failure among the findings."""
        return not any(f.level == FAILURE for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data with stable keys."""
        data = asdict(self)
        data["ok"] = self.ok
        return data


# ---- one set -------------------------------------------------------------------------------


def _pool(view: SetView, tier: int | None) -> str | None:
    return next((t.pool for t in view.tiers if t.tier == tier), None)


def _window(view: SetView, serving: Sequence[int], expected: int) -> int:
    """How long DNS may legitimately lag the probes: the recovery of the expected tier when
    it is higher (failing back), else the worst-case failover of the tier still answered."""
    by_tier = {t.tier: t for t in view.tiers}
    if serving and min(serving) > expected:
        return by_tier[expected].recovery_seconds
    if serving:
        return max(by_tier[s].worst_case_failover_seconds for s in serving if s in by_tier)
    return view.worst_case_failover_seconds


def _tier_visible(view: SetView) -> bool:
    """Whether DNS shows which tier serves (not behind Cloudflare's proxy, no alias targets)."""
    return not (view.proxied or view.alias_targets)


@dataclass
class Options:
    """How verify runs."""

    resolver: dns.resolver.Resolver
    probe: bool
    timeout: float
    prober: Prober = probe_endpoint
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


def verify_set(view: SetView, options: Options) -> SetReport:
    """Look at one set; keep looking (bounded by its worst case) while DNS and probes disagree."""
    report = SetReport(view.name, view.cloud, view.hostname, view.record_type)
    started = options.clock()
    seen = look(view, options.resolver)
    probes = probe_set(view, options.timeout, options.prober) if options.probe else []
    deadline: float | None = None
    while True:
        expected = expected_tier(view, tier_states(view, probes)) if options.probe else None
        disagree = (
            seen.error is None
            and not seen.undeclared
            and _tier_visible(view)
            and expected is not None
            and seen.serving != [expected]
        )
        if not disagree:
            break
        if deadline is None:
            deadline = started + _window(view, seen.serving, expected or 1)
        if options.clock() >= deadline:
            break
        options.sleep(min(POLL_SECONDS, max(0.0, deadline - options.clock())))
        seen = look(view, options.resolver)
        probes = probe_set(view, options.timeout, options.prober)
    _fill(report, view, seen, probes, options, started, deadline)
    return report


def _fill(
    report: SetReport,
    view: SetView,
    seen: Look,
    probes: list[ProbeResult],
    options: Options,
    started: float,
    deadline: float | None,
) -> None:
    report.answers = seen.answers
    report.ttl = seen.ttl
    report.endpoints = probes
    if len(seen.serving) == 1:
        report.serving_tier = seen.serving[0]
        report.serving_pool = _pool(view, seen.serving[0])
    add = report.findings.append
    if seen.error is not None:
        add(Finding("dns_error", FAILURE, f"{view.hostname} {view.record_type}: {seen.error}"))
    for a in seen.undeclared:
        what = "an origin address behind the proxy" if view.proxied else "not a declared endpoint"
        add(Finding("undeclared_answer", FAILURE, f"{a.name} {a.type} {a.value}: {what}"))
    if len(seen.serving) > 1:
        pools = ", ".join(str(_pool(view, t)) for t in seen.serving)
        add(Finding("mixed_tiers", FAILURE, f"answers come from several tiers at once: {pools}"))
    if view.alias_targets:
        add(
            Finding(
                "alias_targets",
                UNKNOWN,
                "alias (host-name) endpoints answer their targets' addresses: which endpoint an "
                "address belongs to cannot be told offline",
            )
        )
    if view.proxied:
        add(
            Finding(
                "proxied",
                INFO,
                "proxied: the answer is Cloudflare's edge whichever pool serves; the tier is not "
                "visible in DNS",
            )
        )
    if options.probe:
        states = tier_states(view, probes)
        expected = expected_tier(view, states)
        report.expected_tier = expected
        report.expected_pool = _pool(view, expected)
        for p in probes:
            if p.state == UNKNOWN:
                add(Finding("endpoint_unknown", UNKNOWN, f"{p.pool}/{p.endpoint}: {p.detail}"))
        if expected is None and _tier_visible(view):
            if all(s == DOWN for s in states.values()):
                why = "every tier looks down from here (the cloud then fails open)"
            else:
                why = "a tier's health cannot be told from here"
            add(Finding("expected_unknown", UNKNOWN, f"which tier should answer: unknown, {why}"))
        elif deadline is not None and seen.error is None:
            waited = round(options.clock() - started)
            if seen.serving == [expected]:
                add(
                    Finding(
                        "converged",
                        INFO,
                        f"DNS caught up with the probes within {waited} s, inside the worst case",
                    )
                )
            elif not seen.undeclared:
                serving = ", ".join(str(_pool(view, t)) for t in seen.serving) or "nothing"
                add(
                    Finding(
                        "disagrees",
                        FAILURE,
                        f"DNS answers {serving} but the probes say pool {report.expected_pool!r} "
                        f"should, still after {waited} s (worst case "
                        f"{round(deadline - started)} s)",
                    )
                )
    if view.dnssec and seen.response is not None:
        report.findings.extend(dnssec_findings(view, options.resolver, seen.response))


def verify_sets(failover_sets: Sequence[Mapping[str, Any]], options: Options) -> list[SetReport]:
    """Every set of the plan document's ``failover_sets``, in plan order."""
    return [verify_set(v, options) for v in set_views(failover_sets)]


# ---- command line --------------------------------------------------------------------------

HELP = "check live what each set answers, against its declared endpoints and their health"

EPILOG = """\
DNS: --dns-server when given, else the system resolver (/etc/resolv.conf). Nothing else is
contacted but the declared endpoint addresses (unless --no-probe); redirects are not followed.
When DNS and the probes disagree, verify looks again every 2 s for at most the set's worst
case (failover or recovery time, which includes the TTL): an answer that catches up in that
time is "converging", one that does not is wrong.

exit codes:
  0  every set is consistent (unknowns, e.g. endpoints not reachable from here, are fine)
  1  an answer is undeclared, DNS fails, DNSSEC is broken, or DNS disagrees with the probes
     beyond the worst case
  2  usage error, unreadable project, invalid configuration, or the program failed
"""


def configure(parser: argparse.ArgumentParser) -> None:
    """The ``verify`` subcommand's arguments."""
    project_arguments(parser, EPILOG, "the DNS server to ask (default: the system resolver)")
    parser.add_argument(
        "--no-probe", action="store_true", help="only look at DNS; do not probe the endpoints"
    )
    parser.add_argument("--json", action="store_true", help="one JSON document with stable keys")
    parser.add_argument(
        "--timeout",
        type=float,
        default=5.0,
        metavar="S",
        help="timeout of every network call, in seconds (default: 5)",
    )
    parser.set_defaults(func=run)


def render(reports: Sequence[SetReport], header: str) -> str:
    """The reports as text for people."""
    lines = [header]
    for r in reports:
        lines.append("")
        verdict = "ok" if r.ok else "FAILED"
        lines.append(f"  {r.set} ({r.cloud}) {r.hostname} {r.record_type}: {verdict}")
        serving = r.serving_pool or "-"
        ttl = "-" if r.ttl is None else f"{r.ttl} s"
        lines.append(f"    serving: {serving} (tier {r.serving_tier or '-'}), ttl {ttl}")
        for a in r.answers:
            where = f"{a.pool}/{a.endpoint}" if a.pool else "-"
            lines.append(f"      {a.name} {a.type} {a.value}  ttl {a.ttl}  {where}")
        if r.endpoints:
            lines.append(f"    expected: {r.expected_pool or 'unknown'}")
            for p in r.endpoints:
                lines.append(f"      {p.pool}/{p.endpoint} {p.address}: {p.state} ({p.detail})")
        for f in r.findings:
            lines.append(f"    - {f.level} {f.kind}: {f.message}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    """``failover-components verify``."""
    from . import cli_plan

    if not 0 < args.timeout <= 300:
        print("failover-components verify: --timeout must be 0-300 seconds", file=sys.stderr)
        return cli_plan.EXIT_ERROR
    try:
        server = parse_host_port(args.dns_server, 53) if args.dns_server else None
    except ValueError as exc:
        print(f"failover-components verify: --dns-server: {exc}", file=sys.stderr)
        return cli_plan.EXIT_ERROR
    doc, _code = offline_plan(args)
    if doc is None:
        return cli_plan.EXIT_ERROR  # an invalid configuration is a usage error here
    try:
        resolver = make_resolver(server, args.timeout)
    except dns.exception.DNSException as exc:
        print(f"failover-components verify: --dns-server: {exc}", file=sys.stderr)
        return cli_plan.EXIT_ERROR
    options = Options(resolver=resolver, probe=not args.no_probe, timeout=args.timeout)
    reports = verify_sets(doc["failover_sets"], options)
    ok = all(r.ok for r in reports)
    where = str(server) if server else "the system resolver"
    if args.json:
        out = {
            "project": doc["project"],
            "stack": doc["stack"],
            "dns_server": where,
            "probed": not args.no_probe,
            "ok": ok,
            "sets": [r.to_json() for r in reports],
        }
        json.dump(out, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        header = (
            f"Live check of project '{doc['project']}', stack '{doc['stack']}' through {where}"
            + ("" if options.probe else " (DNS only, --no-probe)")
        )
        sys.stdout.write(render(reports, header))
    return cli_plan.EXIT_OK if ok else cli_plan.EXIT_INVALID
