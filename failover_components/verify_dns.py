"""verify's look at the DNS: what a set's hostname answers (dnspython), each answer matched
to the declared endpoint it belongs to, and with DNSSEC on, the chain from the parent's DS to
the zone's DNSKEYs and the answer's signatures.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

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

from .monitoring_config import HostPort
from .observe import SetView
from .verify_probes import UNKNOWN

__all__ = [
    "FAILURE",
    "INFO",
    "Answer",
    "Finding",
    "Look",
    "dnssec_findings",
    "look",
    "make_resolver",
]

FAILURE = "failure"
INFO = "info"


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
class Look:
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


def look(view: SetView, resolver: dns.resolver.Resolver) -> Look:
    """Resolve the set's hostname once and classify every answer record."""
    try:
        result = resolver.resolve(view.hostname, view.record_type, raise_on_no_answer=False)
    except dns.exception.DNSException as exc:
        return Look([], None, [], [], f"{type(exc).__name__}: {exc}", None)
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
    return Look(answers, min(ttls) if ttls else None, serving, undeclared, error, result.response)


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
