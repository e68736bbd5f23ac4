"""verify's endpoint probes: each endpoint probed the way its health check does (HTTP, HTTPS
or TCP, from here), and which tier should answer given what the probes saw.

Redirects are never followed (they could lead anywhere); a check that would follow one says
"unknown". Every call has a timeout, enforced by a watchdog even on a peer that trickles.
"""

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .observe import EndpointView, ProbeSpec, SetView, TierView

__all__ = [
    "BODY_LIMIT",
    "DOWN",
    "HEALTHY",
    "UNKNOWN",
    "ProbeResult",
    "Prober",
    "expected_tier",
    "probe_endpoint",
    "probe_set",
    "tier_states",
]

UNKNOWN = "unknown"

HEALTHY = "healthy"
DOWN = "down"

BODY_LIMIT = 65536
"""Bytes of a response body read at most (Route 53 searches the first 5,120)."""


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
