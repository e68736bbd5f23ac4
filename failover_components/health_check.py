"""The health check of a failover set or a pool: its layers merged, each key validated.

A pool's ``health_check`` overrides the set's key by key; every reason names the level
(``health_check.port`` or ``pools[1].health_check.port``) that gave the value.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

import pulumi

from .addresses import hostname_problem, is_ip, normalise_name
from .model import HealthCheck
from .reader import Reader, is_output, join, typeddict_keys
from .spec import HealthCheckArgs, Protocol

__all__ = ["HC_KEYS", "Layer", "parse_codes", "parse_health_check"]

HC_KEYS = typeddict_keys(HealthCheckArgs)
"""The keys a ``health_check`` mapping allows."""
_HTTP_ONLY = ("path", "host", "search_string", "expected_codes", "headers")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_CODE_CLASS = re.compile(r"^([1-5])xx$")


class Layer(NamedTuple):
    """One level of health-check keys: the set's, or a pool's over it."""

    data: Mapping[str, Any]
    path: str
    """Where the keys were given, e.g. ``health_check`` or ``pools[1].health_check``."""


def parse_codes(text: str) -> tuple[tuple[tuple[int, int], ...] | None, str | None]:
    """``200-299,301`` or ``2xx`` -> ranges, or a problem."""
    ranges: list[tuple[int, int]] = []
    for part in text.split(","):
        part = part.strip()
        cls = _CODE_CLASS.match(part)
        if cls:
            low = int(cls.group(1)) * 100
            ranges.append((low, low + 99))
            continue
        bounds = part.split("-")
        if len(bounds) > 2 or not all(b.strip().isdigit() for b in bounds):
            return None, f"{part!r} is not a status code, a range or a class like 2xx"
        low, high = int(bounds[0]), int(bounds[-1])
        if not (100 <= low <= high <= 599):
            return None, f"{part!r} is outside 100-599 or has its bounds reversed"
        ranges.append((low, high))
    return tuple(ranges), None


@dataclass
class _Merged:
    """The layers merged key by key, remembering where each value came from."""

    read: Reader
    values: dict[str, Any] = field(default_factory=dict[str, Any])
    where: dict[str, str] = field(default_factory=dict[str, str])

    def at(self, key: str) -> str:
        """The path of ``key`` at the level that gave it (the set's when none did)."""
        return self.where.get(key, f"health_check.{key}")

    def parent(self, key: str) -> str:
        return self.at(key).rsplit(".", 1)[0]

    def only(self, key: str) -> dict[str, Any]:
        return {key: self.values[key]} if key in self.values else {}

    def string(self, key: str) -> str | None:
        return self.read.string(self.only(key), key, self.parent(key))

    def integer(self, key: str, low: int, high: int | None = None) -> int | None:
        return self.read.integer(self.only(key), key, self.parent(key), low, high)

    def not_with_tcp(self, key: str, value: object) -> None:
        self.read.fail(self.at(key), "not allowed with a TCP health check", value)


def _merge(read: Reader, layers: Sequence[Layer]) -> _Merged:
    merged = _Merged(read)
    layer_of: dict[str, int] = {}
    for layer, (data, layer_path) in enumerate(layers):
        for key, value in data.items():
            if key in HC_KEYS:
                merged.values[key] = value
                merged.where[key] = join(layer_path, key)
                layer_of[key] = layer
    if str(merged.values.get("protocol", "")).upper() == "TCP":
        # A pool that switches to TCP drops the HTTP-only keys it inherits from the set's
        # check; the same keys given at the level that chose TCP are still errors.
        for key in _HTTP_ONLY:
            if key in merged.values and layer_of[key] < layer_of["protocol"]:
                del merged.values[key]
                del merged.where[key]
    return merged


def _port(m: _Merged, protocol: Protocol) -> int | None:
    port = m.integer("port", 1, 65535)
    if port is None and "port" not in m.values:
        if protocol is Protocol.TCP:
            m.read.fail(
                m.at("port"), "required for a TCP health check", expected="a port, 1 to 65535"
            )
        else:
            port = 80 if protocol is Protocol.HTTP else 443
    return port


def _path(m: _Merged, tcp: bool) -> str | None:
    path = m.string("path")
    if path is not None:
        if tcp:
            m.not_with_tcp("path", path)
        elif not path.startswith("/"):
            m.read.fail(m.at("path"), "must start with '/'", path, "a path such as '/healthz'")
        elif len(path) > 255:
            m.read.fail(m.at("path"), f"is {len(path)} characters long", expected="at most 255")
    if tcp:
        return None
    return "/" if path is None else path


def _host(m: _Merged, tcp: bool, hostname: str) -> tuple[str, str | None]:
    """The probe's host name (the failover hostname unless given) and the value given."""
    given = m.string("host")
    if given is None:
        return hostname, None
    host = normalise_name(given)
    problem = hostname_problem(host)
    if is_ip(given):
        # The name is also the TLS SNI name, which is never an IP address (RFC 6066 §3).
        m.read.fail(
            m.at("host"),
            "an IP address, not a host name: host is the Host header and TLS SNI name",
            given,
            "a host name such as 'app.example.com' (the endpoint's address is probed)",
        )
    elif problem:
        m.read.fail(m.at("host"), problem, given, "a host name")
    if tcp:
        m.not_with_tcp("host", given)
    return host, given


def _search(m: _Merged, tcp: bool) -> str | None:
    search = m.string("search_string")
    if search is not None:
        if tcp:
            m.not_with_tcp("search_string", search)
        elif not 1 <= len(search) <= 255:
            m.read.fail(
                m.at("search_string"), f"is {len(search)} characters long", expected="1 to 255"
            )
    return search


def _codes(m: _Merged, tcp: bool) -> tuple[str | None, tuple[tuple[int, int], ...] | None]:
    text = m.string("expected_codes")
    if text is None:
        return None, None
    if tcp:
        m.not_with_tcp("expected_codes", text)
        return text, None
    codes, problem = parse_codes(text)
    if problem:
        m.read.fail(m.at("expected_codes"), problem, text, "e.g. '200-299', '200,301-302' or '2xx'")
    return text, codes


def _headers(m: _Merged, tcp: bool, host_given: str | None) -> dict[str, pulumi.Input[str]]:
    headers: dict[str, pulumi.Input[str]] = {}
    if m.values.get("headers") is None:
        return headers
    raw = m.read.mapping(m.values["headers"], m.at("headers"))
    if raw is not None and tcp:
        m.not_with_tcp("headers", dict(raw))
    elif raw is not None:
        for name, value in raw.items():
            hpath = f"{m.at('headers')}.{name}"
            if not isinstance(cast(object, name), str) or not _HEADER_NAME.match(name):
                m.read.fail(hpath, "not a valid header name", name, "an RFC 9110 token")
            elif name.lower() == "host" and host_given is not None:
                m.read.fail(hpath, "conflicts with health_check.host", expected="one of the two")
            if isinstance(value, str):
                if "\r" in value or "\n" in value:
                    m.read.fail(hpath, "header value contains a line break")
            elif not is_output(value):
                m.read.fail(hpath, "not a string", value, "a string or a secret Output")
            headers[str(name)] = value
    return headers


class _Timing(NamedTuple):
    interval: int | None
    threshold: int | None
    timeout: int | None


def _timing(m: _Merged) -> _Timing:
    interval = m.integer("interval_seconds", 1)
    threshold = m.integer("failure_threshold", 1, 10)
    timeout = m.integer("timeout_seconds", 1)
    if interval is not None and timeout is not None and timeout >= interval:
        m.read.fail(
            m.at("timeout_seconds"),
            f"must be below interval_seconds ({interval})",
            timeout,
            f"1 to {interval - 1}",
        )
    return _Timing(interval, threshold, timeout)


def _regions(m: _Merged) -> tuple[str, ...] | None:
    raw = m.read.sequence(m.only("regions"), "regions", m.parent("regions"))
    if raw is None:
        return None
    if not raw:
        m.read.fail(m.at("regions"), "empty list", [], "at least one region, or leave it unset")
    if any(not isinstance(r, str) for r in raw):
        m.read.fail(m.at("regions"), "not a list of strings", raw)
        return None
    # Region codes are case-insensitive on every cloud (Cloudflare sends them upper case,
    # Route 53 lower case), so 'WEU' and 'weu' are one region given twice.
    folded = [r.strip().lower() for r in raw]
    dupes = sorted({r for r, f in zip(raw, folded, strict=True) if folded.count(f) > 1})
    if dupes:
        m.read.fail(m.at("regions"), f"duplicate regions {dupes}", raw)
    return tuple(raw)


def parse_health_check(read: Reader, layers: Sequence[Layer], hostname: str) -> HealthCheck:
    """Merge health-check layers (set-level, then pool-level) and validate the result."""
    m = _merge(read, layers)
    protocol = read.enum(m.only("protocol"), "protocol", m.parent("protocol"), Protocol)
    protocol = protocol or Protocol.HTTPS
    tcp = protocol is Protocol.TCP
    port = _port(m, protocol)
    path = _path(m, tcp)
    host, host_given = _host(m, tcp, hostname)
    search = _search(m, tcp)
    codes_text, codes = _codes(m, tcp)
    headers = _headers(m, tcp, host_given)
    timing = _timing(m)
    return HealthCheck(
        protocol=protocol,
        port=port,
        path=path,
        host=host,
        search_string=search,
        expected_codes=codes,
        expected_codes_text=codes_text,
        headers=headers,
        interval_seconds=timing.interval,
        failure_threshold=timing.threshold,
        timeout_seconds=timing.timeout,
        regions=_regions(m),
        given=frozenset(m.values),
        where=m.where,
    )
