"""Real local servers for the monitoring and verify tests: an authoritative DNS server
(dnslib) on a loopback port whose answers a test switches, the Debian blackbox_exporter on a
loopback port, and a network namespace holding documentation addresses that serve HTTP.

Nothing here sends a packet outside loopback or the namespace a test made itself: the
namespace helper refuses (the test skips) unless ``ip route get`` sends every declared
address through its own veth.
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

import dns.dnssec
import dns.name
import dns.rdatatype
import dns.rrset
from cryptography.hazmat.primitives.asymmetric import ec
from dns.dnssectypes import Algorithm
from dns.rdtypes.ANY.DNSKEY import DNSKEY
from dns.rdtypes.ANY.RRSIG import RRSIG
from dnslib import QTYPE, RCODE, RR, DNSRecord  # type: ignore[import-untyped]
from dnslib.server import BaseResolver, DNSLogger, DNSServer  # type: ignore[import-untyped]

BLACKBOX = shutil.which("prometheus-blackbox-exporter") or shutil.which("blackbox_exporter")
PROMTOOL = shutil.which("promtool")


class ZoneKey:
    """A real ECDSA P-256 key pair (DNSSEC algorithm 13) of a test zone, made at test time,
    and its DNSKEY (flags 257: a key-signing key, which also signs the zone's RRsets here)."""

    def __init__(self, zone_name: str) -> None:
        self.zone = dns.name.from_text(zone_name)
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.dnskey: DNSKEY = dns.dnssec.make_dnskey(
            self.private_key.public_key(), Algorithm.ECDSAP256SHA256, flags=257
        )
        self.key_tag = dns.dnssec.key_id(self.dnskey)

    def sign(self, rrset: dns.rrset.RRset, mode: str = "valid") -> RRSIG:
        """An RRSIG of ``rrset`` by dnspython's signer. ``mode`` breaks it on purpose:
        ``expired`` (validity ended an hour ago), ``wrong_key`` (signed by a key the zone does
        not publish) or ``tampered`` (one byte of the signature flipped)."""
        key, dnskey = self.private_key, self.dnskey
        inception: float | None = None
        expiration: float | None = None
        if mode == "wrong_key":
            other = ZoneKey(self.zone.to_text())
            key, dnskey = other.private_key, other.dnskey
        elif mode == "expired":
            now = time.time()
            inception, expiration = now - 7200, now - 3600
        elif mode not in ("valid", "tampered"):
            raise ValueError(f"unknown signing mode {mode!r}")
        rrsig: RRSIG = dns.dnssec.sign(
            rrset,
            key,
            self.zone,
            dnskey,
            inception=inception,
            expiration=expiration,
            lifetime=None if expiration is not None else 3600,
        )
        if mode == "tampered":
            flipped = bytes([rrsig.signature[0] ^ 0xFF]) + rrsig.signature[1:]
            rrsig = rrsig.replace(signature=flipped)
        return rrsig


class SwitchableZone(BaseResolver):  # type: ignore[misc]
    """Answers from a table the test rewrites: ``(name, type) -> zone-file lines``. Answers
    inside a zone with a key in ``signers`` are signed when they are served (so the signature
    covers whatever answer the test switched to), the way ``signing`` says (see
    :meth:`ZoneKey.sign`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.records: dict[tuple[str, str], list[str]] = {}
        self.queries: list[tuple[str, str]] = []
        self.signers: list[ZoneKey] = []
        self.signing = "valid"

    def set(self, name: str, rtype: str, lines: Sequence[str]) -> None:
        """Replace the answer of ``name`` ``rtype`` (an empty list: NOERROR, no data)."""
        with self.lock:
            self.records[(name.lower().rstrip(".") + ".", rtype)] = list(lines)

    def resolve(self, request: DNSRecord, handler: object) -> DNSRecord:
        reply = request.reply()
        qname = str(request.q.qname).lower()
        qtype = str(QTYPE[request.q.qtype])  # pyright: ignore[reportUnknownArgumentType]
        with self.lock:
            self.queries.append((qname, qtype))
            lines = self.records.get((qname, qtype))
            known = any(name == qname for name, _ in self.records)
        if lines is None and not known:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        for line in lines or []:
            for rr in RR.fromZone(line):
                reply.add_answer(rr)
        for line in self._signatures(lines or []):
            for rr in RR.fromZone(line):
                reply.add_answer(rr)
        return reply

    def _signatures(self, lines: Sequence[str]) -> list[str]:
        """RRSIG lines for the RRsets of ``lines`` that lie in a signed zone. DS records
        belong to the parent zone and RRSIGs are not signed themselves."""
        rrsets: dict[tuple[dns.name.Name, int], dns.rrset.RRset] = {}
        for line in lines:
            name, ttl, rdclass, rtype, rdata = line.split(None, 4)
            rrset = dns.rrset.from_text(name, int(ttl), rdclass, rtype, rdata)
            if (rrset.name, rrset.rdtype) in rrsets:
                rrsets[(rrset.name, rrset.rdtype)].union_update(rrset)
            else:
                rrsets[(rrset.name, rrset.rdtype)] = rrset
        out: list[str] = []
        with self.lock:
            signers, mode = list(self.signers), self.signing
        for (name, rdtype), rrset in rrsets.items():
            if rdtype in (dns.rdatatype.DS, dns.rdatatype.RRSIG):
                continue
            for signer in signers:
                if name.is_subdomain(signer.zone):
                    rrsig = signer.sign(rrset, mode)
                    out.append(f"{name} {rrset.ttl} IN RRSIG {rrsig.to_text()}")
        return out


@contextlib.contextmanager
def dns_server() -> Generator[tuple[SwitchableZone, int]]:
    """A UDP+TCP authoritative server on 127.0.0.1 and a free port."""
    zone = SwitchableZone()
    quiet = DNSLogger("-request,-reply,-truncated")
    udp = DNSServer(zone, address="127.0.0.1", port=0, logger=quiet)
    port = int(udp.server.server_address[1])  # pyright: ignore[reportUnknownArgumentType]
    tcp = DNSServer(zone, address="127.0.0.1", port=port, tcp=True, logger=quiet)
    udp.start_thread()
    tcp.start_thread()
    try:
        yield zone, port
    finally:
        udp.stop()
        tcp.stop()
        udp.server.server_close()
        tcp.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def blackbox(config: Path) -> Generator[str]:
    """The real blackbox_exporter with ``config`` on its own loopback port; yields its URL."""
    assert BLACKBOX is not None
    port = free_port()
    proc = subprocess.Popen(
        [BLACKBOX, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(url + "/-/healthy", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"blackbox_exporter did not start: {proc.stderr.read() if proc.stderr else ''!r}"
                    ) from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def probe(url: str, module: str, target: str) -> dict[str, float]:
    """The metrics of one /probe call of the exporter."""
    query = urllib.parse.urlencode({"module": module, "target": target})
    with urllib.request.urlopen(f"{url}/probe?{query}", timeout=20) as r:
        text = r.read().decode()
    metrics: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            metrics[name] = float(value)
    return metrics


# ---- network namespace ------------------------------------------------------------------------

SERVER = """
import http.server, socketserver, sys, pathlib
bind, port, state = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3])
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = int((state / bind).read_text()) if (state / bind).exists() else 200
        body = f"{bind} host={self.headers.get('Host')}".encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
# TCPServer, not HTTPServer: HTTPServer looks up its own name in DNS when it binds.
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer((bind, port), H).serve_forever()
"""


def netns_reason() -> str | None:
    """Why the namespace tests cannot run here, or ``None``."""
    if sys.platform != "linux":
        return "network namespaces need Linux"
    if os.geteuid() != 0:
        return "creating a network namespace needs root"
    if shutil.which("ip") is None:
        return "the ip command (iproute2) is missing"
    return None


def _ip(*args: str) -> str:
    return subprocess.run(["ip", *args], check=True, capture_output=True, text=True).stdout


LINK = ("169.254.171.1", "169.254.171.2")
"""The veth pair's own addresses (link-local /30): the host side is the source of the probes."""
LOCK = Path("/tmp/failover-components-netns.lock")
"""Held while a namespace exists: two test workers must not route the same addresses."""


def host_conflict(address: str) -> str | None:
    """Why the host already reaches ``address`` without a gateway (its own network, a local
    address), or ``None`` when only a gateway route covers it: then a /32 route through our
    veth takes nothing from the host's own network."""
    out = _ip("route", "get", address)
    if out.startswith("local ") or " via " not in out.split("\n", 1)[0]:
        return f"{address} is on this host's own network ({out.split(chr(10), 1)[0].strip()})"
    return None


class Namespace:
    """A namespace joined to the host by a veth pair, holding ``addresses``; the host routes
    each of them (a /32) into it. The host's own networks are left alone: an address the host
    reaches without a gateway is refused before anything is changed."""

    def __init__(self, addresses: Sequence[str], state: Path) -> None:
        tag = f"{os.getpid() % 100000}"
        self.name = f"fo17-{tag}"
        self.host_if = f"fo17h{tag}"
        self.ns_if = f"fo17n{tag}"
        self.addresses = addresses
        self.state = state
        self.servers: list[subprocess.Popen[bytes]] = []
        self.lock: Any = None

    def __enter__(self) -> "Namespace":
        import fcntl

        self.lock = LOCK.open("w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        try:
            _ip("netns", "add", self.name)
            _ip("link", "add", self.host_if, "type", "veth", "peer", "name", self.ns_if)
            _ip("link", "set", self.ns_if, "netns", self.name)
            _ip("addr", "add", f"{LINK[0]}/30", "dev", self.host_if)
            _ip("link", "set", self.host_if, "up")
            _ip("-n", self.name, "link", "set", "lo", "up")
            _ip("-n", self.name, "addr", "add", f"{LINK[1]}/30", "dev", self.ns_if)
            _ip("-n", self.name, "link", "set", self.ns_if, "up")
            # No default route in the namespace: its packets can only go back to the host
            # end of the veth, never on through the host to another network.
            for address in self.addresses:
                _ip("-n", self.name, "addr", "add", f"{address}/32", "dev", "lo")
                _ip("route", "add", f"{address}/32", "via", LINK[1], "dev", self.host_if)
        except BaseException:
            self.__exit__()
            raise
        return self

    def routed_here(self, address: str) -> bool:
        """True when the host sends packets for ``address`` through this namespace's veth."""
        out = _ip("route", "get", address)
        return f" dev {self.host_if} " in out

    def serve(self, address: str, port: int) -> None:
        """An HTTP server on ``address:port`` inside the namespace; its status is read per
        request from ``state/<address>`` (default 200)."""
        proc = subprocess.Popen(
            ["ip", "netns", "exec", self.name, sys.executable, "-c", SERVER, address, str(port),
             str(self.state)],
        )  # fmt: skip
        self.servers.append(proc)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            check = subprocess.run(
                ["ip", "netns", "exec", self.name, sys.executable, "-c",
                 f"import socket; socket.create_connection(({address!r}, {port}), 1).close()"],
                capture_output=True,
            )  # fmt: skip
            if check.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError(f"the server on {address}:{port} did not start")

    def set_status(self, address: str, status: int) -> None:
        (self.state / address).write_text(str(status))

    def __exit__(self, *exc: object) -> None:
        for proc in self.servers:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        # Deleting the host end removes the pair and the /32 routes through it.
        subprocess.run(["ip", "link", "del", self.host_if], capture_output=True)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)
        if self.lock is not None:
            self.lock.close()  # releases the flock


# ---- the test project ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent

WEB = """
    - name: web
      cloud: aws
      hostname: www.example.com
      zone_name: example.com
      zone_id: Z0123456789EXAMPLE
      ttl: 1
      health_check:
        protocol: HTTP
        port: 8080
        path: /healthz
        interval_seconds: 10
        failure_threshold: 1
      pools:
        - name: primary
          endpoints:
            - {name: p1, address: 198.51.100.10}
            - {name: p2, address: 198.51.100.11}
        - name: secondary
          endpoints:
            - {name: s1, address: 203.0.113.10}
"""

API = """
    - name: api
      cloud: azure
      hostname: api.example.net
      zone_name: example.net
      resource_group_name: rg-dns
      health_check:
        protocol: HTTP
        port: 8080
        path: /health
      pools:
        - name: westeurope
          endpoints: [{name: weu, address: 198.51.100.40}]
        - name: northeurope
          endpoints: [{name: neu, address: 198.51.100.41}]
"""

SHOP = """
    - name: shop
      cloud: cloudflare
      hostname: shop.example.org
      zone_name: example.org
      account_id: 0123456789abcdef0123456789abcdef
      zone_id: fedcba9876543210fedcba9876543210
      proxied: true
      dnssec: true
      health_check:
        protocol: HTTP
        port: 8080
        path: /status
        regions: [WEU]
      pools:
        - name: primary
          endpoints: [{name: a, address: 203.0.113.20}]
        - name: dr
          endpoints: [{name: dr1, address: 203.0.113.60}]
"""

ADDRESSES = (
    "198.51.100.10",
    "198.51.100.11",
    "203.0.113.10",
    "198.51.100.40",
    "198.51.100.41",
    "203.0.113.20",
    "203.0.113.60",
)
"""Every endpoint address of the test project. Documentation ranges (RFC 5737), and not
192.0.2.0/24: some hosts (this one) number their own network from it."""
SERVED = ("198.51.100.10", "198.51.100.11", "203.0.113.10")
"""The web set's endpoints, served over HTTP on port 8080 inside the namespace."""

TIER1 = ("www.example.com. 1 IN A 198.51.100.10", "www.example.com. 1 IN A 198.51.100.11")
TIER2 = ("www.example.com. 1 IN A 203.0.113.10",)
UNDECLARED = ("www.example.com. 1 IN A 203.0.113.99",)


def write_project(tmp: Path) -> Path:
    """A project with stacks ``live`` (a set per cloud) and ``web`` (the Route 53 set)."""
    (tmp / "Pulumi.yaml").write_text("name: live\nruntime: python\nmain: __main__.py\n")
    (tmp / "__main__.py").write_text("from failover_components.program import main\nmain()\n")
    head = "config:\n  live:failovers:"
    (tmp / "Pulumi.live.yaml").write_text(head + WEB + API + SHOP)
    (tmp / "Pulumi.web.yaml").write_text(head + WEB)
    return tmp


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``failover-components ARGS`` in a subprocess (coverage follows subprocesses)."""
    return subprocess.run(
        [sys.executable, "-m", "failover_components.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def plan_json(project: Path, stack: str = "live") -> dict[str, Any]:
    """The offline plan of the test project, as ``plan --json`` prints it."""
    run = cli("plan", str(project), "--stack", stack, "--json")
    assert run.returncode == 0, run.stderr
    doc: dict[str, Any] = json.loads(run.stdout)
    return doc


def serve_sets(zone: SwitchableZone, profile: str, web: Sequence[str] = TIER1) -> None:
    """Healthy answers for every set of the ``live`` stack; ``web`` chooses www's."""
    zone.set("www.example.com", "A", web)
    tm = f"{profile}.trafficmanager.net."
    zone.set(
        "api.example.net",
        "A",
        [f"api.example.net. 30 IN CNAME {tm}", f"{tm} 30 IN A 198.51.100.40"],
    )
    for line in dnssec_lines("example.org"):
        name, _ttl, _cls, rtype = line.split()[:4]
        zone.set(name, rtype, [line])
    zone.signers = [ORG_KEY]
    zone.set("shop.example.org", "A", ["shop.example.org. 300 IN A 203.0.113.200"])


ORG_KEY = ZoneKey("example.org")
"""The signing key of the test's signed zone, made afresh by each test process."""
KSK = ORG_KEY.dnskey.to_text()
"""That key's DNSKEY, as zone-file rdata."""
KEY_TAG = ORG_KEY.key_tag


def dnssec_lines(zone_name: str, *, matching: bool = True) -> list[str]:
    """The zone's DNSKEY and the parent's DS, matching it or (``matching=False``) not."""
    ds = dns.dnssec.make_ds(zone_name + ".", ORG_KEY.dnskey, "SHA256")
    text = ds.to_text()
    if not matching:
        digest = text.rsplit(" ", 1)[1]
        text = text[: -len(digest)] + ("0" * len(digest))
    return [f"{zone_name}. 3600 IN DNSKEY {KSK}", f"{zone_name}. 3600 IN DS {text}"]
