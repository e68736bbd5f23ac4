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
import http.client
import json
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import dns.dnssec
import dns.exception
import dns.inet
import dns.message
import dns.name
import dns.rdata
import dns.rdatatype
import dns.resolver
import dns.rrset
from dns.rdtypes.ANY.DNSKEY import DNSKEY
from dns.rdtypes.ANY.DS import DS
from dns.rdtypes.ANY.RRSIG import RRSIG

from .monitoring import HostPort, offline_plan, parse_host_port, project_arguments
from .observe import EndpointView, ProbeSpec, SetView, TierView, set_views

__all__ = [
    "Finding",
    "ProbeResult",
    "SetReport",
    "probe_endpoint",
    "verify_sets",
]

FAILURE = "failure"
UNKNOWN = "unknown"
INFO = "info"

HEALTHY = "healthy"
DOWN = "down"

BODY_LIMIT = 65536
"""Bytes of a response body read at most (Route 53 searches the first 5,120)."""

POLL_SECONDS = 2.0
"""Pause between two looks while DNS and the probes disagree."""


@dataclass(frozen=True)
class Finding:
    """One thing verify found about a set."""

    kind: str
    """A stable id: ``undeclared_answer``, ``disagrees``, ``converged``, ``dns_error``..."""
    level: str
    """``failure`` (exit 1), ``unknown`` (could not tell from here) or ``info``."""
    message: str


@dataclass(frozen=True)
class Answer:
    """One answer record, with the endpoint it belongs to (``None``: not declared)."""

    name: str
    type: str
    value: str
    ttl: int
    tier: int | None
    pool: str | None
    endpoint: str | None


@dataclass(frozen=True)
class ProbeResult:
    """One endpoint probed like its health check."""

    tier: int
    pool: str
    endpoint: str
    address: str
    state: str
    """``healthy``, ``down`` or ``unknown``."""
    detail: str


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


# ---- DNS -----------------------------------------------------------------------------------


def make_resolver(dns_server: HostPort | None, timeout: float) -> dns.resolver.Resolver:
    """The resolver every query goes through: ``dns_server`` when given (a name is resolved
    once with the system resolver), else the system's own."""
    if dns_server is None:
        resolver = dns.resolver.Resolver(configure=True)
    else:
        resolver = dns.resolver.Resolver(configure=False)
        host = dns_server.host
        try:
            dns.inet.af_for_address(host)
        except ValueError:
            system = dns.resolver.Resolver(configure=True)
            system.timeout = system.lifetime = timeout
            first = cast("dns.rdata.Rdata", system.resolve(host, "A", lifetime=timeout)[0])
            host = first.to_text()
        resolver.nameservers = [host]
        resolver.port = dns_server.port
    resolver.timeout = timeout
    resolver.lifetime = timeout
    resolver.cache = None  # pyright: ignore[reportAttributeAccessIssue]
    return resolver


@dataclass
class _Look:
    """One look at DNS."""

    answers: list[Answer]
    ttl: int | None
    serving: list[int]
    """Tiers the declared answers belong to, sorted."""
    undeclared: list[Answer]
    error: str | None
    response: dns.message.Message | None


def _rrsets(response: dns.message.Message) -> list[dns.rrset.RRset]:
    return list(response.answer)


def look(view: SetView, resolver: dns.resolver.Resolver) -> _Look:
    """Resolve the set's hostname once and classify every answer record."""
    try:
        result = resolver.resolve(view.hostname, view.record_type, raise_on_no_answer=False)
    except dns.exception.DNSException as exc:
        return _Look([], None, [], [], f"{type(exc).__name__}: {exc}", None)
    declared = view.declared()
    hosts = {value: d for (rrtype, value), d in declared.items() if rrtype == "CNAME"}
    origins = {value for (rrtype, value) in declared if rrtype in ("A", "AAAA")}
    answers: list[Answer] = []
    undeclared: list[Answer] = []
    ttls: list[int] = []
    for rrset in _rrsets(result.response):
        rrtype = dns.rdatatype.to_text(rrset.rdtype)
        if rrtype not in ("A", "AAAA", "CNAME"):
            continue
        owner = rrset.name.to_text().rstrip(".").lower()
        ttls.append(rrset.ttl)
        for rdata in cast("Iterable[dns.rdata.Rdata]", rrset):
            raw = rdata.to_text()
            value = raw.rstrip(".").lower() if rrtype == "CNAME" else raw
            where = declared.get((rrtype, value))
            if where is None and rrtype != "CNAME" and owner in hosts:
                where = hosts[owner]  # the address of a host-name endpoint
            answer = Answer(
                owner,
                rrtype,
                value,
                rrset.ttl,
                where.tier if where else None,
                where.pool if where else None,
                where.endpoint if where else None,
            )
            answers.append(answer)
            if view.proxied:
                # Cloudflare's edge answers whichever pool serves; an origin address in the
                # answer means the proxy is bypassed and the origin exposed.
                if rrtype != "CNAME" and value in origins:
                    undeclared.append(answer)
                continue
            if where is not None:
                continue
            if rrtype == "CNAME" and value in view.chain:
                continue  # the cloud's own name on the way (Traffic Manager's profile)
            if view.alias_targets and rrtype != "CNAME":
                continue  # an alias target's address: not known offline, not judged
            undeclared.append(answer)
    serving = sorted({a.tier for a in answers if a.tier is not None})
    error = None
    if not any(a.type != "CNAME" or a.tier is not None for a in answers):
        error = "no address in the answer" + (
            " (only the CNAME chain: ask a recursive resolver)" if answers else ""
        )
    return _Look(answers, min(ttls) if ttls else None, serving, undeclared, error, result.response)


# ---- probes --------------------------------------------------------------------------------


def _in_codes(status: int, codes: Sequence[tuple[int, int]]) -> bool:
    return any(low <= status <= high for low, high in codes)


def probe_endpoint(spec: ProbeSpec, address: str, timeout: float) -> tuple[str, str]:
    """``(state, detail)`` of one endpoint probed like ``spec``, all within ``timeout``.

    One deadline bounds the whole probe (connect, TLS handshake, request, headers, body): a
    socket timeout alone is per receive, so a server dripping one byte at a time would hold
    the probe forever. A watchdog shuts the socket down at the deadline instead.
    """
    limit = min(timeout, float(spec.timeout_seconds))
    deadline = time.monotonic() + limit
    try:
        sock = socket.create_connection((address, spec.port), timeout=limit)
    except ConnectionRefusedError:
        return DOWN, f"connection to port {spec.port} refused"
    except TimeoutError:
        return UNKNOWN, f"no answer within {limit:g} s (filtered from here, or allow-listed?)"
    except OSError as exc:
        return UNKNOWN, f"cannot reach it from here: {exc}"
    with sock:
        if spec.protocol == "tcp":
            return HEALTHY, f"TCP port {spec.port} accepts connections"
        with _Watchdog(sock, deadline) as watchdog:
            result = _http(spec, address, sock, limit)
        if watchdog.fired:
            return UNKNOWN, f"no complete HTTP response within {limit:g} s"
        return result


class _Watchdog:
    """Shuts a socket down at a deadline, so any blocked read or handshake on it returns."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        # The descriptor, not the object: wrapping in TLS detaches the plain socket object but
        # keeps the descriptor, and ``SSLSocket.shutdown`` would drop its TLS state under a
        # reader in the other thread.
        self._fd = sock.fileno()
        self._lock = threading.Lock()
        self._done = False
        self.fired = False
        self._timer = threading.Timer(max(0.0, deadline - time.monotonic()), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> "_Watchdog":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True  # before the socket is closed, so the descriptor is still ours
        self._timer.cancel()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            view = socket.socket(fileno=self._fd)
            try:
                view.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the peer: the reader returns anyway
            finally:
                view.detach()


def _http(spec: ProbeSpec, address: str, sock: socket.socket, limit: float) -> tuple[str, str]:
    host = spec.host or address
    try:
        if spec.protocol == "https":
            context = ssl.create_default_context()
            if not spec.verify_tls:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            server_name = spec.host if spec.host and spec.sni else None
            sock = context.wrap_socket(sock, server_hostname=server_name)
        conn = http.client.HTTPConnection(address, spec.port, timeout=limit)
        conn.sock = sock
        conn.request(
            spec.method, spec.path, headers={"Host": host, "User-Agent": "failover-verify"}
        )
        response = conn.getresponse()
        body = b""
        while len(body) < BODY_LIMIT:
            # read1: what has arrived, not a loop until n bytes (the watchdog bounds the wait)
            chunk = response.read1(min(8192, BODY_LIMIT - len(body)))
            if not chunk:
                break
            body += chunk
    except ssl.SSLError as exc:
        return DOWN, f"TLS failed: {exc.reason or exc}"
    except TimeoutError:
        return UNKNOWN, f"no complete HTTP response within {limit:g} s"
    except (OSError, http.client.HTTPException) as exc:
        return DOWN, f"HTTP failed: {type(exc).__name__}: {exc}"
    status = response.status
    if 300 <= status < 400 and spec.follow_redirects:
        return UNKNOWN, f"status {status}: the check follows redirects, verify does not"
    if not _in_codes(status, spec.codes):
        return DOWN, f"status {status}, expected {_codes_text(spec.codes)}"
    if spec.body and spec.body.encode() not in body:
        return DOWN, f"status {status} but the body lacks {spec.body!r}"
    return HEALTHY, f"status {status}"


def _codes_text(codes: Sequence[tuple[int, int]]) -> str:
    return ", ".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in codes)


Prober = Callable[[ProbeSpec, str, float], tuple[str, str]]


def probe_set(view: SetView, timeout: float, prober: Prober = probe_endpoint) -> list[ProbeResult]:
    """Every endpoint of every tier, probed or stated."""
    out: list[ProbeResult] = []
    for tier in view.tiers:
        for ep in tier.endpoints:
            state, detail = _endpoint_state(tier, ep, timeout, prober)
            out.append(ProbeResult(tier.tier, tier.pool, ep.name, ep.address, state, detail))
    return out


def _endpoint_state(
    tier: TierView, ep: EndpointView, timeout: float, prober: Prober
) -> tuple[str, str]:
    if ep.status == "up":
        return HEALTHY, "status 'up': always answered, never probed"
    if ep.status == "down":
        return DOWN, "status 'down': never answered"
    if ep.kind not in ("ipv4", "ipv6"):
        return UNKNOWN, f"{ep.address} is not an IP address; not probed"
    if tier.probe is None:
        return UNKNOWN, "its health check cannot be reproduced from here"
    return prober(tier.probe, ep.address, timeout)


def tier_states(view: SetView, probes: Sequence[ProbeResult]) -> dict[int, str]:
    """Each tier's health from here: healthy, down or unknown, against its min_healthy."""
    states: dict[int, str] = {}
    for tier in view.tiers:
        mine = [p for p in probes if p.tier == tier.tier]
        healthy = sum(1 for p in mine if p.state == HEALTHY)
        unknown = sum(1 for p in mine if p.state == UNKNOWN)
        if healthy >= tier.min_healthy:
            states[tier.tier] = HEALTHY
        elif healthy + unknown < tier.min_healthy:
            states[tier.tier] = DOWN
        else:
            states[tier.tier] = UNKNOWN
    return states


def expected_tier(view: SetView, states: Mapping[int, str]) -> int | None:
    """The first healthy tier, when every tier before it is down; ``None`` when that cannot
    be told from here (an unknown tier first) or every tier is down (the cloud fails open)."""
    for tier in view.tiers:
        state = states[tier.tier]
        if state == HEALTHY:
            return tier.tier
        if state == UNKNOWN:
            return None
    return None


# ---- DNSSEC --------------------------------------------------------------------------------


def dnssec_findings(
    view: SetView, resolver: dns.resolver.Resolver, response: dns.message.Message | None
) -> list[Finding]:
    """The DS at the parent matches a DNSKEY of the zone, and the answer's signatures hold."""
    zone = dns.name.from_text(view.zone_name)
    try:
        keys = resolver.resolve(zone, "DNSKEY").rrset
        ds_set = resolver.resolve(zone, "DS").rrset
    except dns.exception.DNSException as exc:
        return [Finding("dnssec_chain", FAILURE, f"cannot read DNSKEY and DS of {zone}: {exc}")]
    if keys is None or ds_set is None:
        return [Finding("dnssec_chain", FAILURE, f"no DNSKEY or no DS for {zone}")]
    matched: list[str] = []
    for ds in cast("Iterable[DS]", ds_set):
        for key in cast("Iterable[DNSKEY]", keys):
            try:
                made = dns.dnssec.make_ds(zone, key, ds.digest_type)
            except (dns.exception.UnsupportedAlgorithm, ValueError):
                continue
            if made == ds:
                matched.append(f"DS {ds.key_tag} matches DNSKEY {dns.dnssec.key_id(key)}")
    findings: list[Finding] = []
    if not matched:
        findings.append(
            Finding(
                "dnssec_ds_mismatch",
                FAILURE,
                f"no DS of {zone} at the parent matches a DNSKEY the zone publishes: "
                "validating resolvers answer SERVFAIL",
            )
        )
    else:
        findings.append(Finding("dnssec_ds", INFO, "; ".join(sorted(set(matched)))))
    findings.extend(_signature_findings(zone, keys, response))
    return findings


def _signature_findings(
    zone: dns.name.Name, keys: dns.rrset.RRset, response: dns.message.Message | None
) -> list[Finding]:
    if response is None:
        return []
    covered = [
        r for r in response.answer if r.rdtype != dns.rdatatype.RRSIG and r.name.is_subdomain(zone)
    ]
    sigs = {(r.name, r.covers): r for r in response.answer if r.rdtype == dns.rdatatype.RRSIG}
    out: list[Finding] = []
    for rrset in covered:
        sig = sigs.get((rrset.name, rrset.rdtype))
        if sig is None:
            out.append(
                Finding(
                    "dnssec_unsigned",
                    FAILURE,
                    f"{rrset.name} {dns.rdatatype.to_text(rrset.rdtype)} has no RRSIG",
                )
            )
            continue
        try:
            problem = _first_valid(rrset, sig, zone, keys)
        except ImportError:
            out.append(
                Finding(
                    "dnssec_signature",
                    UNKNOWN,
                    "signatures not checked: dnspython needs the 'cryptography' package for it "
                    "(pip install 'dnspython[dnssec]')",
                )
            )
            continue
        if problem is not None:
            out.append(Finding("dnssec_signature", FAILURE, f"{rrset.name}: {problem}"))
        else:
            out.append(Finding("dnssec_signature", INFO, f"{rrset.name} signature valid"))
    return out


def _first_valid(
    rrset: dns.rrset.RRset, sigs: dns.rrset.RRset, zone: dns.name.Name, keys: dns.rrset.RRset
) -> str | None:
    """``None`` when one of ``sigs`` validates ``rrset``, else why each failed. One signature
    at a time, not ``dns.dnssec.validate``, which only says "no RRSIGs validated": an operator
    needs to know whether it expired, came from a key the zone does not publish, or does not
    verify. ImportError (no ``cryptography``) goes to the caller."""
    reasons: list[str] = []
    published = {dns.dnssec.key_id(k) for k in cast("Iterable[DNSKEY]", keys)}
    for rrsig in cast("Iterable[RRSIG]", sigs):
        try:
            dns.dnssec.validate_rrsig(rrset, rrsig, {zone: keys})  # pyright: ignore[reportUnknownMemberType]
        except (dns.exception.ValidationFailure, dns.exception.UnsupportedAlgorithm) as exc:
            # dnspython says "verify failure" for a key tag the zone does not publish too.
            why = (
                "made by a key the zone does not publish" if rrsig.key_tag not in published else exc
            )
            reasons.append(f"RRSIG by key {rrsig.key_tag}: {why}")
        else:
            return None
    return "; ".join(reasons)


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
    seen: _Look,
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
    from . import cli

    if not 0 < args.timeout <= 300:
        print("failover-components verify: --timeout must be 0-300 seconds", file=sys.stderr)
        return cli.EXIT_ERROR
    try:
        server = parse_host_port(args.dns_server, 53) if args.dns_server else None
    except ValueError as exc:
        print(f"failover-components verify: --dns-server: {exc}", file=sys.stderr)
        return cli.EXIT_ERROR
    doc, _code = offline_plan(args)
    if doc is None:
        return cli.EXIT_ERROR  # an invalid configuration is a usage error here
    try:
        resolver = make_resolver(server, args.timeout)
    except dns.exception.DNSException as exc:
        print(f"failover-components verify: --dns-server: {exc}", file=sys.stderr)
        return cli.EXIT_ERROR
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
    return cli.EXIT_OK if ok else cli.EXIT_INVALID
