"""``failover-components verify`` against a local authoritative DNS server (dnslib on a
loopback port) and, where root is available, endpoints served inside a network namespace
made by the test. No packet leaves loopback or that namespace: the namespace tests check
with ``ip route get`` that every declared address goes through their own veth, else skip.
"""

import copy
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.resolver
import live_dns
import pytest
from live_dns import cli

from failover_components.observe import ProbeSpec, set_views
from failover_components.verify import (
    DOWN,
    HEALTHY,
    UNKNOWN,
    Options,
    ProbeResult,
    expected_tier,
    make_resolver,
    probe_endpoint,
    tier_states,
    verify_set,
)

TIER1_ADDRESSES = ("198.51.100.10", "198.51.100.11")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return live_dns.write_project(tmp_path_factory.mktemp("verify-project"))


@pytest.fixture(scope="module")
def live_plan(project: Path) -> dict[str, Any]:
    return live_dns.plan_json(project)


@pytest.fixture(scope="module")
def profile(live_plan: dict[str, Any]) -> str:
    name: str = live_plan["failover_sets"][1]["facts"]["profile_dns_name"]
    return name


@pytest.fixture
def server(profile: str) -> Iterator[tuple[live_dns.SwitchableZone, int]]:
    with live_dns.dns_server() as (zone, port):
        live_dns.serve_sets(zone, profile)
        yield zone, port


def verify(
    project: Path, port: int, *extra: str, stack: str = "live"
) -> tuple[int, dict[str, Any]]:
    run = cli("verify", str(project), "--stack", stack, "--dns-server", f"127.0.0.1:{port}",
              "--json", *extra)  # fmt: skip
    assert run.returncode in (0, 1), run.stderr
    doc: dict[str, Any] = json.loads(run.stdout)
    return run.returncode, doc


def by_set(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["set"]: s for s in doc["sets"]}


def kinds(report: dict[str, Any], level: str | None = None) -> list[str]:
    return [f["kind"] for f in report["findings"] if level is None or f["level"] == level]


# ---- DNS only ------------------------------------------------------------------------------


def test_tier1_everywhere_exits_0(project: Path, server: tuple[Any, int], profile: str) -> None:
    _zone, port = server
    code, doc = verify(project, port, "--no-probe")
    assert code == 0
    assert doc["ok"] is True
    assert doc["probed"] is False
    sets = by_set(doc)
    assert list(sets) == ["web", "api", "shop"]
    web = sets["web"]
    assert (web["serving_tier"], web["serving_pool"], web["ttl"]) == (1, "primary", 1)
    assert web["answers"] == [
        {"name": "www.example.com", "type": "A", "value": "198.51.100.10", "ttl": 1, "tier": 1,
         "pool": "primary", "endpoint": "p1"},
        {"name": "www.example.com", "type": "A", "value": "198.51.100.11", "ttl": 1, "tier": 1,
         "pool": "primary", "endpoint": "p2"},
    ]  # fmt: skip
    assert web["findings"] == []
    assert web["endpoints"] == []  # --no-probe
    api = sets["api"]
    assert (api["serving_pool"], api["ttl"]) == ("westeurope", 30)
    assert [a["type"] for a in api["answers"]] == ["CNAME", "A"]
    assert api["answers"][0]["value"] == f"{profile}.trafficmanager.net"
    shop = sets["shop"]
    assert shop["serving_pool"] is None  # proxied: not visible in DNS
    assert kinds(shop) == ["proxied", "dnssec_ds", "dnssec_signature"]
    # The zone is signed for real (a key made by this test run), so the RRSIG validates.
    assert shop["findings"][1:] == [
        {"kind": "dnssec_ds", "level": "info",
         "message": f"DS {live_dns.KEY_TAG} matches DNSKEY {live_dns.KEY_TAG}"},
        {"kind": "dnssec_signature", "level": "info",
         "message": "shop.example.org. signature valid"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("expired", "expired"),
        ("wrong_key", "made by a key the zone does not publish"),
        ("tampered", "verify failure"),
    ],
)
def test_a_bad_signature_exits_1(
    project: Path, server: tuple[Any, int], mode: str, reason: str
) -> None:
    """An RRSIG that expired, was made by a key the zone does not publish, or was altered:
    validating resolvers answer SERVFAIL, so verify fails the set and says why."""
    zone, port = server
    zone.signing = mode
    code, doc = verify(project, port, "--no-probe")
    assert code == 1
    shop = by_set(doc)["shop"]
    assert shop["ok"] is False
    (sig,) = [f for f in shop["findings"] if f["kind"] == "dnssec_signature"]
    assert sig["level"] == "failure"
    key_tag = live_dns.KEY_TAG if mode != "wrong_key" else None
    head, _, tail = sig["message"].partition(": RRSIG by key ")
    assert head == "shop.example.org."
    tag, _, why = tail.partition(": ")
    assert why == reason
    assert (int(tag) == key_tag) if key_tag is not None else int(tag) != live_dns.KEY_TAG
    assert by_set(doc)["web"]["ok"] is True
    zone.signing = "valid"  # the same answer, signed properly again, passes
    code, doc = verify(project, port, "--no-probe")
    assert code == 0


def test_an_unsigned_answer_in_a_signed_zone_exits_1(
    project: Path, server: tuple[Any, int]
) -> None:
    zone, port = server
    zone.signers = []  # DNSKEY and DS stay published, the answers come without RRSIG
    code, doc = verify(project, port, "--no-probe")
    assert code == 1
    assert {"kind": "dnssec_unsigned", "level": "failure",
            "message": "shop.example.org. A has no RRSIG"} in by_set(doc)["shop"]["findings"]  # fmt: skip


# dnspython decides "cryptography present" from the package metadata, then imports it: forcing
# the feature off and blocking the import is what a machine without cryptography looks like.
WITHOUT_CRYPTOGRAPHY = """
import runpy, sys
sys.modules["cryptography"] = None
import dns._features
dns._features.force("dnssec", False)
runpy.run_module("failover_components.cli", run_name="__main__", alter_sys=True)
"""


def test_without_cryptography_the_signature_is_unknown_never_a_failure(
    project: Path, server: tuple[Any, int]
) -> None:
    _zone, port = server
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_CRYPTOGRAPHY, "verify", str(project), "--stack", "live",
         "--dns-server", f"127.0.0.1:{port}", "--no-probe", "--json"],
        capture_output=True, text=True, cwd=live_dns.ROOT, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    shop = by_set(json.loads(run.stdout))["shop"]
    assert shop["ok"] is True
    assert shop["findings"][-1] == {
        "kind": "dnssec_signature",
        "level": "unknown",
        "message": "signatures not checked: dnspython needs the 'cryptography' package for it "
        "(pip install 'dnspython[dnssec]')",
    }
    # The DS check needs no cryptography and still runs.
    assert shop["findings"][1]["kind"] == "dnssec_ds"


def test_undeclared_answer_exits_1(project: Path, server: tuple[Any, int]) -> None:
    zone, port = server
    zone.set("www.example.com", "A", live_dns.UNDECLARED)
    code, doc = verify(project, port, "--no-probe")
    assert code == 1
    web = by_set(doc)["web"]
    assert web["ok"] is False
    assert web["findings"] == [
        {"kind": "undeclared_answer", "level": "failure",
         "message": "www.example.com A 203.0.113.99: not a declared endpoint"},
    ]  # fmt: skip
    assert by_set(doc)["api"]["ok"] is True


def test_tier2_without_probes_exits_0_and_names_the_pool(
    project: Path, server: tuple[Any, int]
) -> None:
    zone, port = server
    zone.set("www.example.com", "A", live_dns.TIER2)
    code, doc = verify(project, port, "--no-probe")
    assert code == 0
    web = by_set(doc)["web"]
    assert (web["serving_tier"], web["serving_pool"]) == (2, "secondary")
    run = cli("verify", str(project), "--stack", "web", "--dns-server", f"127.0.0.1:{port}",
              "--no-probe")  # fmt: skip
    assert run.returncode == 0
    assert "serving: secondary (tier 2), ttl 1 s" in run.stdout
    assert "www.example.com A 203.0.113.10  ttl 1  secondary/s1" in run.stdout
    assert "(DNS only, --no-probe)" in run.stdout


@pytest.mark.parametrize(
    ("answers", "kind", "message"),
    [
        (live_dns.TIER1[:1] + live_dns.TIER2, "mixed_tiers",
         "answers come from several tiers at once: primary, secondary"),
        ((), "dns_error", "www.example.com A: no address in the answer"),
        (("www.example.com. 1 IN CNAME evil.example.",), "undeclared_answer",
         "www.example.com CNAME evil.example: not a declared endpoint"),
    ],
)  # fmt: skip
def test_wrong_answers_exit_1(
    project: Path, server: tuple[Any, int], answers: tuple[str, ...], kind: str, message: str
) -> None:
    zone, port = server
    zone.set("www.example.com", "A", answers)
    code, doc = verify(project, port, "--no-probe", stack="web")
    assert code == 1
    (web,) = doc["sets"]
    assert {"kind": kind, "level": "failure", "message": message} in web["findings"]


def test_proxied_origin_in_the_answer_exits_1(project: Path, server: tuple[Any, int]) -> None:
    zone, port = server
    zone.set("shop.example.org", "A", ["shop.example.org. 300 IN A 203.0.113.20"])
    code, doc = verify(project, port, "--no-probe")
    assert code == 1
    assert {
        "kind": "undeclared_answer",
        "level": "failure",
        "message": "shop.example.org A 203.0.113.20: an origin address behind the proxy",
    } in by_set(doc)["shop"]["findings"]


def test_ds_not_matching_a_published_key_exits_1(project: Path, server: tuple[Any, int]) -> None:
    zone, port = server
    for line in live_dns.dnssec_lines("example.org", matching=False):
        name, _ttl, _cls, rtype = line.split()[:4]
        zone.set(name, rtype, [line])
    code, doc = verify(project, port, "--no-probe")
    assert code == 1
    shop = by_set(doc)["shop"]
    assert "dnssec_ds_mismatch" in kinds(shop, "failure")
    zone.set("example.org", "DS", [])
    code, doc = verify(project, port, "--no-probe")
    assert code == 1
    assert kinds(by_set(doc)["shop"], "failure")[0] == "dnssec_chain"


def test_nxdomain_exits_1(project: Path, server: tuple[Any, int]) -> None:
    zone, port = server
    with zone.lock:
        del zone.records[("www.example.com.", "A")]
    code, doc = verify(project, port, "--no-probe", stack="web")
    assert code == 1
    (finding,) = doc["sets"][0]["findings"]
    assert finding["kind"] == "dns_error"
    assert "NXDOMAIN" in finding["message"]


def test_a_silent_dns_server_is_bounded_by_the_timeout(project: Path) -> None:
    """A server that never answers: verify gives up after --timeout, not forever."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        started = time.monotonic()
        code, doc = verify(project, port, "--no-probe", "--timeout", "1", stack="web")
        elapsed = time.monotonic() - started
    assert code == 1
    (finding,) = doc["sets"][0]["findings"]
    assert finding["kind"] == "dns_error"
    assert "LifetimeTimeout" in finding["message"]
    assert elapsed < 30  # the plan (a few seconds) + one 1 s query


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dns-server", "127.0.0.1:99999"], "--dns-server: port '99999'"),
        (["--timeout", "0"], "--timeout must be 0-300 seconds"),
        (["--timeout", "301"], "--timeout must be 0-300 seconds"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    run = cli("verify", str(project), "--stack", "web", *args)
    assert run.returncode == 2
    assert message in run.stderr


def test_invalid_config_and_missing_project_exit_2(tmp_path: Path) -> None:
    live_dns.write_project(tmp_path)
    bad = (tmp_path / "Pulumi.web.yaml").read_text().replace("ttl: 1", "ttl: -1")
    (tmp_path / "Pulumi.web.yaml").write_text(bad)
    run = cli("verify", str(tmp_path), "--stack", "web", "--no-probe")
    assert run.returncode == 2
    assert "failovers[0].ttl" in run.stderr
    run = cli("verify", str(tmp_path / "nowhere"))
    assert run.returncode == 2


# ---- the decision, in-process --------------------------------------------------------------


def _results(view: Any, states: dict[str, str]) -> list[ProbeResult]:
    return [
        ProbeResult(t.tier, t.pool, e.name, e.address, states.get(e.name, DOWN), "")
        for t in view.tiers
        for e in t.endpoints
    ]


@pytest.mark.parametrize(
    ("states", "tiers", "expected"),
    [
        ({"p1": HEALTHY, "p2": DOWN, "s1": HEALTHY}, {1: HEALTHY, 2: HEALTHY}, 1),
        ({"p1": DOWN, "p2": DOWN, "s1": HEALTHY}, {1: DOWN, 2: HEALTHY}, 2),
        ({"p1": UNKNOWN, "p2": DOWN, "s1": HEALTHY}, {1: UNKNOWN, 2: HEALTHY}, None),
        ({"p1": DOWN, "p2": DOWN, "s1": DOWN}, {1: DOWN, 2: DOWN}, None),
        ({"p1": DOWN, "p2": DOWN, "s1": UNKNOWN}, {1: DOWN, 2: UNKNOWN}, None),
    ],
)
def test_expected_tier(
    live_plan: dict[str, Any], states: dict[str, str], tiers: dict[int, str], expected: int | None
) -> None:
    view = set_views(live_plan["failover_sets"])[0]
    assert tier_states(view, _results(view, states)) == tiers
    assert expected_tier(view, tier_states(view, _results(view, states))) == expected


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.actions: list[tuple[float, Any]] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        for at, action in list(self.actions):
            if self.now >= at:
                action()
                self.actions.remove((at, action))


def _options(port: int, prober: Any, fake: FakeTime) -> Options:
    from failover_components.monitoring import HostPort

    return Options(
        resolver=make_resolver(HostPort("127.0.0.1", port), 2.0),
        probe=True,
        timeout=2.0,
        prober=prober,
        sleep=fake.sleep,
        clock=fake.clock,
    )


def _tier1_up(spec: ProbeSpec, address: str, timeout: float) -> tuple[str, str]:
    assert address in live_dns.ADDRESSES  # never anything but a declared endpoint
    return (HEALTHY, "ok") if address in TIER1_ADDRESSES else (DOWN, "refused")


def test_dns_catching_up_within_the_worst_case_converges(
    live_plan: dict[str, Any], server: tuple[Any, int]
) -> None:
    zone, port = server
    zone.set("www.example.com", "A", live_dns.TIER2)
    fake = FakeTime()
    fake.actions.append((6.0, lambda: zone.set("www.example.com", "A", live_dns.TIER1)))
    view = set_views(live_plan["failover_sets"])[0]
    report = verify_set(view, _options(port, _tier1_up, fake))
    assert report.ok
    assert report.serving_pool == "primary"
    assert report.expected_pool == "primary"
    assert [f.kind for f in report.findings] == ["converged"]
    assert report.findings[0].message == (
        "DNS caught up with the probes within 6 s, inside the worst case"
    )


def test_dns_lagging_beyond_the_worst_case_disagrees(
    live_plan: dict[str, Any], server: tuple[Any, int]
) -> None:
    zone, port = server
    zone.set("www.example.com", "A", live_dns.TIER2)
    fake = FakeTime()
    view = set_views(live_plan["failover_sets"])[0]
    report = verify_set(view, _options(port, _tier1_up, fake))
    assert not report.ok
    # Failing back to tier 1 may take its recovery time: 1 passing probe x 10 s + ttl 1.
    assert fake.now == 11.0
    assert [f.kind for f in report.findings] == ["disagrees"]
    assert report.findings[0].message == (
        "DNS answers secondary but the probes say pool 'primary' should, still after 11 s "
        "(worst case 11 s)"
    )


def test_tier1_still_answered_while_down_is_given_the_failover_time(
    live_plan: dict[str, Any], server: tuple[Any, int]
) -> None:
    _zone, port = server
    fake = FakeTime()

    def tier1_down(spec: ProbeSpec, address: str, timeout: float) -> tuple[str, str]:
        return (DOWN, "500") if address in TIER1_ADDRESSES else (HEALTHY, "ok")

    view = set_views(live_plan["failover_sets"])[0]
    report = verify_set(view, _options(port, tier1_down, fake))
    assert fake.now == 27.0  # the worst-case failover of tier 1: detection 26 + ttl 1
    assert [f.kind for f in report.findings] == ["disagrees"]


# ---- probes, on loopback -------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    status = 200
    body = b"all good"
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:
        _Handler.seen.append((self.path, self.headers.get("Host")))
        self.send_response(_Handler.status)
        self.send_header("Content-Length", str(len(_Handler.body)))
        self.end_headers()
        self.wfile.write(_Handler.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[int]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.status, _Handler.body, _Handler.seen = 200, b"all good", []
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def _spec(port: int, **changes: Any) -> ProbeSpec:
    base: dict[str, Any] = {
        "protocol": "http", "port": port, "path": "/healthz", "host": "www.example.com",
        "sni": True, "codes": ((200, 299),), "body": None, "method": "GET",
        "follow_redirects": False, "verify_tls": False, "timeout_seconds": 5, "source": "test",
    }  # fmt: skip
    base.update(changes)
    return ProbeSpec(**base)


@pytest.mark.parametrize(
    ("status", "body", "changes", "state", "detail"),
    [
        (200, b"all good", {}, HEALTHY, "status 200"),
        (500, b"", {}, DOWN, "status 500, expected 200-299"),
        (302, b"", {"codes": ((200, 399),)}, HEALTHY, "status 302"),
        (302, b"", {"follow_redirects": True}, UNKNOWN,
         "status 302: the check follows redirects, verify does not"),
        (200, b"all good", {"body": "good"}, HEALTHY, "status 200"),
        (200, b"all bad", {"body": "good"}, DOWN, "status 200 but the body lacks 'good'"),
        (200, b"", {"protocol": "tcp"}, HEALTHY, "TCP port {port} accepts connections"),
    ],
)  # fmt: skip
def test_probe_like_the_health_check(
    http_server: int,
    status: int,
    body: bytes,
    changes: dict[str, Any],
    state: str,
    detail: str,
) -> None:
    _Handler.status, _Handler.body = status, body
    result = probe_endpoint(_spec(http_server, **changes), "127.0.0.1", 2.0)
    assert result == (state, detail.format(port=http_server))
    if changes.get("protocol") != "tcp":
        assert _Handler.seen == [("/healthz", "www.example.com")]


def test_probe_refused_is_down() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert probe_endpoint(_spec(port), "127.0.0.1", 1.0) == (
        DOWN,
        f"connection to port {port} refused",
    )


def test_probe_silent_is_unknown_within_the_timeout() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)  # accepts (the kernel does) but never answers HTTP
        port = s.getsockname()[1]
        started = time.monotonic()
        state, detail = probe_endpoint(_spec(port), "127.0.0.1", 0.5)
        assert time.monotonic() - started < 5
    assert (state, detail) == (UNKNOWN, "no complete HTTP response within 0.5 s")


@pytest.mark.parametrize(
    ("protocol", "first", "drip"),
    [
        # the status line, then a header line that never ends
        ("http", b"HTTP/1.1 200 OK\r\n", b"X"),
        # complete headers, then a body one byte at a time
        ("http", b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", b"x"),
        # a TLS handshake that never finishes: garbage-free silence after accepting
        ("https", b"", b""),
    ],
    ids=["headers", "body", "tls-handshake"],
)
def test_a_slow_drip_probe_is_bounded_by_one_deadline(
    protocol: str, first: bytes, drip: bytes
) -> None:
    # Each byte arrives well within the socket timeout, so only an overall deadline ends it.
    stop = threading.Event()
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]

        def serve() -> None:
            conn, _ = listener.accept()
            with conn:
                if protocol == "http":
                    conn.recv(4096)
                conn.sendall(first)
                while not stop.wait(0.1):
                    try:
                        if drip:
                            conn.sendall(drip)
                    except OSError:
                        return

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        started = time.monotonic()
        try:
            state, detail = probe_endpoint(
                _spec(port, protocol=protocol, body="needle"), "127.0.0.1", 1.0
            )
            elapsed = time.monotonic() - started
        finally:
            stop.set()
            thread.join()
    assert (state, detail) == (UNKNOWN, "no complete HTTP response within 1 s")
    assert 0.9 <= elapsed < 1.5


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed")
def test_https_probe_sends_sni_and_validates_only_when_the_cloud_does(tmp_path: Path) -> None:
    import ssl

    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=www.example.com", "-keyout", str(tmp_path / "k.pem"),
         "-out", str(tmp_path / "c.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "c.pem", tmp_path / "k.pem")
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)  # type: ignore[assignment, misc]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.status, _Handler.body, _Handler.seen = 200, b"ok", []
    try:
        port = httpd.server_address[1]
        spec = _spec(port, protocol="https")
        assert probe_endpoint(spec, "127.0.0.1", 2.0) == (HEALTHY, "status 200")
        assert names == ["www.example.com"]
        state, detail = probe_endpoint(
            _spec(port, protocol="https", verify_tls=True), "127.0.0.1", 2.0
        )
        assert state == DOWN
        assert detail.startswith("TLS failed: CERTIFICATE_VERIFY_FAILED")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_resolver_is_exactly_the_chosen_server() -> None:
    from failover_components.monitoring import HostPort

    resolver = make_resolver(HostPort("127.0.0.1", 5353), 1.5)
    assert resolver.nameservers == ["127.0.0.1"]
    assert resolver.port == 5353
    assert (resolver.timeout, resolver.lifetime) == (1.5, 1.5)
    assert isinstance(resolver, dns.resolver.Resolver)


# ---- endpoints in a network namespace ------------------------------------------------------


@pytest.fixture(scope="module")
def namespace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[live_dns.Namespace]:
    reason = live_dns.netns_reason()
    if reason:
        pytest.skip(reason)
    conflicts = [c for c in map(live_dns.host_conflict, live_dns.ADDRESSES) if c]
    if conflicts:
        pytest.skip("; ".join(conflicts))
    state = tmp_path_factory.mktemp("netns-state")
    ns = live_dns.Namespace(live_dns.ADDRESSES, state)
    try:
        ns.__enter__()  # on failure it has already undone what it made
    except subprocess.CalledProcessError as exc:  # e.g. a container without CAP_NET_ADMIN
        pytest.skip(f"cannot make a network namespace here: {exc.stderr.strip()}")
    try:
        stray = [a for a in live_dns.ADDRESSES if not ns.routed_here(a)]
        if stray:
            pytest.skip(f"not routed through the test's veth, not probing: {stray}")
        for address in live_dns.SERVED:
            ns.serve(address, 8080)
        yield ns
    finally:
        ns.__exit__()


@pytest.fixture
def healthy(namespace: live_dns.Namespace) -> live_dns.Namespace:
    for address in live_dns.SERVED:
        namespace.set_status(address, 200)
    return namespace


def test_probes_agree_with_tier1_exits_0(
    project: Path, server: tuple[Any, int], healthy: live_dns.Namespace
) -> None:
    _zone, port = server
    started = time.monotonic()
    code, doc = verify(project, port, stack="web")
    assert code == 0, doc
    (web,) = doc["sets"]
    assert (web["serving_pool"], web["expected_pool"]) == ("primary", "primary")
    assert [(e["endpoint"], e["state"], e["detail"]) for e in web["endpoints"]] == [
        ("p1", "healthy", "status 200"),
        ("p2", "healthy", "status 200"),
        ("s1", "healthy", "status 200"),
    ]
    assert web["findings"] == []
    assert time.monotonic() - started < 30  # no waiting when DNS agrees


def test_tier2_while_tier1_healthy_beyond_the_worst_case_exits_1(
    project: Path, server: tuple[Any, int], healthy: live_dns.Namespace
) -> None:
    zone, port = server
    zone.set("www.example.com", "A", live_dns.TIER2)
    started = time.monotonic()
    code, doc = verify(project, port, stack="web")
    assert code == 1
    assert time.monotonic() - started >= 11  # it gave DNS the worst-case recovery
    (web,) = doc["sets"]
    assert (web["serving_pool"], web["expected_pool"]) == ("secondary", "primary")
    assert [f["kind"] for f in web["findings"]] == ["disagrees"]


def test_tier2_while_tier1_fails_its_check_exits_0(
    project: Path, server: tuple[Any, int], healthy: live_dns.Namespace
) -> None:
    zone, port = server
    zone.set("www.example.com", "A", live_dns.TIER2)
    healthy.set_status("198.51.100.10", 503)
    healthy.set_status("198.51.100.11", 503)
    code, doc = verify(project, port, stack="web")
    assert code == 0, doc
    (web,) = doc["sets"]
    assert (web["serving_pool"], web["expected_pool"]) == ("secondary", "secondary")
    assert web["endpoints"][0]["detail"] == "status 503, expected 200-399"


def test_tier2_catching_up_is_converging_exits_0(
    project: Path, server: tuple[Any, int], healthy: live_dns.Namespace
) -> None:
    zone, port = server
    zone.set("www.example.com", "A", live_dns.TIER2)
    timer = threading.Timer(4.0, lambda: zone.set("www.example.com", "A", live_dns.TIER1))
    timer.start()
    try:
        code, doc = verify(project, port, stack="web")
    finally:
        timer.cancel()
    assert code == 0, doc
    (web,) = doc["sets"]
    assert [f["kind"] for f in web["findings"]] == ["converged"]


def test_real_exporter_probes_endpoints_like_the_health_check(
    project: Path, healthy: live_dns.Namespace, tmp_path: Path
) -> None:
    exporter_bin = live_dns.BLACKBOX
    if exporter_bin is None:
        pytest.skip("prometheus-blackbox-exporter is not installed")
    run = cli("monitoring", str(project), "--stack", "web", "--out", str(tmp_path),
              "--dns-server", "127.0.0.1")  # fmt: skip
    assert run.returncode == 0, run.stderr
    with live_dns.blackbox(tmp_path / "blackbox.yml") as url:
        target = "http://198.51.100.10:8080/healthz"
        assert live_dns.probe(url, "fo_web_primary_http", target)["probe_success"] == 1
        healthy.set_status("198.51.100.10", 302)  # Route 53 counts 3xx as healthy
        assert live_dns.probe(url, "fo_web_primary_http", target)["probe_success"] == 1
        healthy.set_status("198.51.100.10", 500)
        metrics = live_dns.probe(url, "fo_web_primary_http", target)
        assert metrics["probe_success"] == 0
        assert metrics["probe_http_status_code"] == 500


def test_alias_targets_are_not_judged_offline(
    live_plan: dict[str, Any], server: tuple[Any, int]
) -> None:
    """Route 53 alias endpoints answer their target's addresses: verify cannot tell which
    endpoint an address is, so it says unknown instead of undeclared, and does not wait."""
    zone, port = server
    web = copy.deepcopy(live_plan["failover_sets"][0])
    web["tiers"][0]["endpoints"][0]["address"] = "lb-1.eu-west-1.elb.amazonaws.com"
    zone.set("www.example.com", "A", ["www.example.com. 60 IN A 203.0.113.77"])
    fake = FakeTime()
    probed: list[str] = []

    def prober(spec: ProbeSpec, address: str, timeout: float) -> tuple[str, str]:
        probed.append(address)
        return HEALTHY, "ok"

    (view,) = set_views([web])
    report = verify_set(view, _options(port, prober, fake))
    assert report.ok
    assert fake.now == 0.0
    assert [(f.kind, f.level) for f in report.findings] == [
        ("alias_targets", "unknown"),
        ("endpoint_unknown", "unknown"),
    ]
    assert report.endpoints[0].state == UNKNOWN  # a host name is not probed
    assert probed == ["198.51.100.11", "203.0.113.10"]
