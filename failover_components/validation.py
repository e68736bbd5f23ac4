"""Pure validators: every cloud-neutral rule, in one place.

Each check returns reasons and never raises; :func:`parse_failover_set` gathers them all and
returns the normalised :class:`~failover_components.model.FailoverSet`, or ``None`` with the
reasons. Cloud modules add their own rules on top and raise one
:class:`~failover_components.errors.FailoverConfigError` with everything found.

Values that are still unknown ``Output``s are checked when they resolve: see
:func:`checked_address`.
"""

import difflib
import ipaddress
import re
import string
from collections.abc import Callable, Collection, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar, cast

import pulumi

from .errors import MISSING, FailoverConfigError, Reason
from .model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from .networks import unprobeable_network
from .policy.catalogue import CATALOGUE, read_acknowledgement
from .spec import (
    EndpointArgs,
    EndpointStatus,
    FailoverSetArgs,
    HealthCheckArgs,
    PoolArgs,
    Protocol,
    RecordType,
)

__all__ = [
    "as_list",
    "check_keys",
    "checked_address",
    "classify_address",
    "email_list_reasons",
    "email_problem",
    "email_reasons",
    "parse_failover_set",
    "typeddict_keys",
    "unprobeable_network",
]

E = TypeVar("E", bound=Enum)

MAX_TTL = 2**31 - 1
"""The DNS maximum (RFC 2181 §8), and Route 53's and Traffic Manager's."""

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_POOL_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$")
_ENDPOINT_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$")
_HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_CODE_CLASS = re.compile(r"^([1-5])xx$")
_WITH_PORT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+):[0-9]+$")
"""``192.0.2.10:443``, ``[2001:db8::1]:443`` or ``host.example.com:8443``: an address with a port."""
_AZURE_RESOURCE_ID = re.compile(
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/[^/]+/[^/]+/[^/]+(/[^/]+/[^/]+)*$"
)


def typeddict_keys(td: type) -> frozenset[str]:
    """Every key a ``TypedDict`` allows, inherited ones included."""
    required: frozenset[str] = getattr(td, "__required_keys__", frozenset())
    optional: frozenset[str] = getattr(td, "__optional_keys__", frozenset())
    return frozenset(required | optional)


def check_keys(value: Mapping[str, Any], allowed: Collection[str], path: str) -> list[Reason]:
    """One reason per key that ``allowed`` does not name: a misspelling is an error, not ignored."""
    reasons: list[Reason] = []
    for key in value:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
        problem = f"unknown key (did you mean {close[0]!r}?)" if close else "unknown key"
        reasons.append(
            Reason(_join(path, str(key)), problem, expected="one of " + ", ".join(sorted(allowed)))
        )
    return reasons


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_plain_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_output(value: object) -> bool:
    return isinstance(value, pulumi.Output) or hasattr(value, "__await__")


class _Reader:
    """Reads typed values out of a dict, recording a reason for each bad one."""

    def __init__(self, reasons: list[Reason]) -> None:
        self.reasons = reasons

    def fail(self, path: str, problem: str, got: object = MISSING, expected: str = "") -> None:
        self.reasons.append(Reason(path, problem, got, expected))

    def plain(self, value: object, path: str, what: str) -> bool:
        if _is_output(value):
            self.fail(
                path,
                f"must be a plain {what}, not an Output: it decides which resources exist",
                expected=f"a {what} known when the program runs",
            )
            return False
        return True

    def integer(
        self, data: Mapping[str, Any], key: str, path: str, low: int, high: int | None = None
    ) -> int | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        where = _join(path, key)
        if not self.plain(value, where, "integer"):
            return None
        if not _is_plain_int(value):
            self.fail(where, "not an integer", value, "a whole number")
            return None
        if value < low or (high is not None and value > high):
            bound = f"{low} to {high}" if high is not None else f"at least {low}"
            self.fail(where, "out of range", value, bound)
            return None
        return int(value)

    def string(self, data: Mapping[str, Any], key: str, path: str) -> str | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        where = _join(path, key)
        if not self.plain(value, where, "string"):
            return None
        if not isinstance(value, str):
            self.fail(where, "not a string", value, _string_expected(value))
            return None
        return value

    def present_null(self, data: Mapping[str, Any], key: str, path: str, expected: str) -> bool:
        """True (and a reason) when ``key`` is given as ``None``: a required value or a name
        cannot be "nothing" (YAML reads an empty value, ``~`` and ``null`` as ``None``)."""
        if key in data and data[key] is None:
            self.fail(_join(path, key), "null is not a value here", None, expected)
            return True
        return False

    def boolean(self, data: Mapping[str, Any], key: str, path: str) -> bool | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if not isinstance(value, bool):
            self.fail(_join(path, key), "not a boolean", value, "true or false")
            return None
        return value

    def enum(self, data: Mapping[str, Any], key: str, path: str, enum: type[E]) -> E | None:
        """Accepts the enum member or its plain value, case-insensitively."""
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if isinstance(value, enum):
            return value
        if isinstance(value, str):
            for member in enum:
                if str(member.value).lower() == value.strip().lower():
                    return member
        allowed = ", ".join(repr(m.value) for m in enum)
        hint = (
            " (YAML reads unquoted on and off as booleans: quote it)"
            if isinstance(value, bool)
            else ""
        )
        self.fail(_join(path, key), "not an allowed value", value, f"one of {allowed}{hint}")
        return None

    def mapping(self, value: object, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.fail(path, "not a mapping", value, "a mapping of keys to values")
            return None
        return cast("Mapping[str, Any]", value)

    def sequence(self, data: Mapping[str, Any], key: str, path: str) -> list[Any] | None:
        if key not in data or data[key] is None:
            return None
        value = data[key]
        where = _join(path, key)
        if not self.plain(value, where, "list"):
            return None
        items = as_list(value)
        if items is None:
            self.fail(where, "not a list", cast(object, value), _LIST_EXPECTED)
        return items


_LIST_EXPECTED = (
    "a list (any sequence: a tuple works too; a generator, set or other one-pass iterable does "
    "not, because the args are read more than once and pools are ordered)"
)


def as_list(value: object) -> list[Any] | None:
    """``value`` as a list when it is a sequence (list, tuple, ...) other than a string, else
    ``None``.

    The one way every module reads a list argument (the neutral rules and each cloud's own),
    so a tuple is accepted everywhere a list is, and a generator or set is refused everywhere:
    a generator is used up by the first reader (a cloud's own check of the same list would see
    it empty), and a set has no order, while pools are ordered tiers."""
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Sequence):
        return None
    return list(cast("Sequence[Any]", value))  # type: ignore[redundant-cast]


def _string_expected(value: object) -> str:
    if isinstance(value, bool):
        # PyYAML reads YAML 1.1, where unquoted yes/no/on/off/true/false are booleans
        # (https://yaml.org/type/bool.html): a pool named 'no' arrives as False.
        return (
            "a string (YAML reads unquoted yes, no, on, off, true and false as booleans: quote it)"
        )
    return "a string"


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def normalise_name(name: str) -> str:
    """ASCII lower case, without the trailing dot: how every DNS name is compared and sent.

    Only ASCII letters are folded: ``str.lower()`` would turn the Kelvin sign (U+212A) into
    ``k`` and accept a name the user never wrote, while every other non-ASCII name is refused.
    Non-ASCII names are refused consistently instead (:func:`hostname_problem`), and the user
    writes the IDNA A-label (``xn--...``) they mean: DNS itself carries only that form, and
    the clouds differ in what they do with Unicode."""
    return name.strip().translate(_ASCII_LOWER).removesuffix(".")


def hostname_problem(name: str) -> str | None:
    """Why ``name`` (already normalised) is not a valid host name, or ``None``."""
    if not name:
        return "empty host name"
    if not name.isascii():
        return (
            "not ASCII: write an internationalised name in its IDNA A-label form ('xn--...', "
            "RFC 5891)"
        )
    if len(name) > 253:
        return f"host name is {len(name)} characters long, more than 253 (RFC 1035)"
    labels = name.split(".")
    for label in labels:
        if not label:
            return "empty label (two dots in a row)"
        if len(label) > 63:
            return (
                f"label {label[:20]!r}... is {len(label)} characters long, more than 63 (RFC 1035)"
            )
        if label == "*":
            return "wildcard names are not supported"
        if not _LABEL.match(label):
            return f"label {label!r} is not letters, digits and inner hyphens (RFC 1123)"
    if labels[-1].isdigit():
        # RFC 3696 §2: a top-level domain is never all-numeric, so '1.2.3' or '999.1.1.1'
        # is a mistyped IPv4 address, not a host name.
        return "not an IPv4 address and not a host name (the last label is all digits)"
    return None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return True


def classify_address(value: str) -> tuple[AddressKind, str, str | None]:
    """``(kind, normalised, problem)`` for a plain address string."""
    if value != value.strip() or not value:
        return AddressKind.UNKNOWN, value, "leading or trailing white space, or empty"
    if "/" in value and not value.startswith("/"):
        return AddressKind.UNKNOWN, value, "a network (CIDR), not one address"
    if _AZURE_RESOURCE_ID.match(value):
        return AddressKind.AZURE_RESOURCE_ID, value, None
    if value.startswith("/"):
        return AddressKind.UNKNOWN, value, "not an Azure resource id (/subscriptions/<uuid>/...)"
    if _WITH_PORT.match(value):
        return AddressKind.UNKNOWN, value, "an address has no port; use health_check.port"
    if ":" in value:
        if "%" in value:
            return AddressKind.UNKNOWN, value, "an IPv6 address with a zone index"
        try:
            return AddressKind.IPV6, ipaddress.IPv6Address(value).compressed, None
        except ValueError:
            return AddressKind.UNKNOWN, value, "not an IPv6 address"
    if re.fullmatch(r"[0-9.]+", value):
        try:
            return AddressKind.IPV4, str(ipaddress.IPv4Address(value)), None
        except ValueError:
            return AddressKind.UNKNOWN, value, "not an IPv4 address"
    name = normalise_name(value)
    problem = hostname_problem(name)
    if problem:
        return AddressKind.UNKNOWN, value, f"not an IP address or host name: {problem}"
    return AddressKind.HOSTNAME, name, None


_KIND_FOR_TYPE = {
    RecordType.A: AddressKind.IPV4,
    RecordType.AAAA: AddressKind.IPV6,
    RecordType.CNAME: AddressKind.HOSTNAME,
}
_KIND_WORDS = {
    AddressKind.IPV4: "an IPv4 address",
    AddressKind.IPV6: "an IPv6 address",
    AddressKind.HOSTNAME: "a host name",
}


def address_reasons(
    kind: AddressKind,
    normalised: str,
    *,
    path: str,
    record_type: RecordType | None,
    probed: bool,
    hostname: str,
    alias: bool,
) -> list[Reason]:
    """Rules for one known address in its failover set; shared by construction-time and
    resolve-time checks, so an ``Output`` gets exactly the reasons a plain value would."""
    reasons: list[Reason] = []
    if alias:
        if kind is not AddressKind.HOSTNAME:
            reasons.append(
                Reason(path, "an alias target is the target's DNS name", normalised, "a host name")
            )
        return reasons
    if kind is AddressKind.AZURE_RESOURCE_ID:
        return reasons
    if record_type is not None and kind is not _KIND_FOR_TYPE[record_type]:
        wanted = _KIND_FOR_TYPE[record_type]
        reasons.append(
            Reason(
                path,
                f"{_KIND_WORDS.get(kind, 'this address')} cannot be a {record_type.value} answer",
                normalised,
                _KIND_WORDS[wanted],
            )
        )
    if kind in (AddressKind.IPV4, AddressKind.IPV6) and probed:
        why = unprobeable_network(ipaddress.ip_address(normalised))
        if why:
            reasons.append(
                Reason(
                    path,
                    f"{why} cannot be reached by the cloud's public health checkers",
                    normalised,
                    "a public address, or status 'up' for an endpoint that is never probed",
                )
            )
    if kind is AddressKind.HOSTNAME and normalised == hostname:
        reasons.append(
            Reason(path, "the endpoint is the failover hostname itself (a loop)", normalised)
        )
    return reasons


_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


def email_problem(value: str) -> str | None:
    """Why ``value`` is not a deliverable email address (RFC 5321 lengths, a dot-atom local
    part, a host-name domain with a dot), or ``None``."""
    local, at, domain = value.rpartition("@")
    if not at or not local or len(value) > 254 or len(local) > 64:
        return "not an email address"
    if not _EMAIL_LOCAL.match(local):
        return "not an email address"
    domain = domain.lower()
    if "." not in domain or hostname_problem(domain) is not None:
        return "not an email address"
    return None


def email_reasons(
    emails: Sequence[object], *, names: str, path: str = "alerts.emails"
) -> list[Reason]:
    """Every problem with a list of alert email addresses: each a plain string (``names``
    says what the address names, which is why it cannot wait for deployment), a valid
    address, and not repeated (case-insensitively)."""
    reasons: list[Reason] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(emails):
        where = f"{path}[{index}]"
        if _is_output(item):
            reasons.append(
                Reason(
                    where,
                    f"must be a plain string, not an Output: it names {names}",
                    expected="an email address known when the program runs",
                )
            )
        elif not isinstance(item, str):
            reasons.append(Reason(where, "not a string", item, "an email address"))
        elif email_problem(item.strip()) is not None:
            reasons.append(
                Reason(where, "not an email address", item, "an address such as 'ops@example.com'")
            )
        elif item.strip().lower() in seen:
            reasons.append(
                Reason(where, f"duplicate address (also {seen[item.strip().lower()]})", item)
            )
        else:
            seen[item.strip().lower()] = where
    return reasons


def email_list_reasons(
    emails: object, *, check: Callable[[Sequence[object]], list[Reason]], why_plain: str = ""
) -> tuple[list[Reason], int]:
    """``alerts.emails`` as a whole: a plain list, each address checked by ``check``.

    Returns the reasons and how many notification targets the value counts for (a malformed
    value counts as one, so it is reported as such, not also as "no one to notify").
    ``why_plain`` says why the list cannot be an Output.
    """
    if emails is None:
        return [], 0
    if _is_output(emails):
        suffix = f": {why_plain}" if why_plain else ""
        return [
            Reason(
                "alerts.emails",
                f"must be a plain list, not an Output{suffix}",
                expected="a list of email addresses known when the program runs",
            )
        ], 1
    items = as_list(emails)
    if items is None:
        return [Reason("alerts.emails", "not a list", emails, "a list of email addresses")], 1
    return check(items), len(items)


def _endpoint_default_name(address: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", address.lower()).strip("-")
    return name[:48].rstrip("-")


def _parse_codes(text: str) -> tuple[tuple[tuple[int, int], ...] | None, str | None]:
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


_HC_KEYS = typeddict_keys(HealthCheckArgs)
_HTTP_ONLY = ("path", "host", "search_string", "expected_codes", "headers")


def _health_check(
    read: _Reader,
    layers: list[tuple[Mapping[str, Any], str]],
    hostname: str,
) -> HealthCheck:
    """Merge health-check layers (set-level, then pool-level) and validate the result."""
    merged: dict[str, Any] = {}
    where: dict[str, str] = {}
    layer_of: dict[str, int] = {}
    for layer, (data, layer_path) in enumerate(layers):
        for key, value in data.items():
            if key in _HC_KEYS:
                merged[key] = value
                where[key] = _join(layer_path, key)
                layer_of[key] = layer
    if str(merged.get("protocol", "")).upper() == "TCP":
        # A pool that switches to TCP drops the HTTP-only keys it inherits from the set's
        # check; the same keys given at the level that chose TCP are still errors.
        for key in _HTTP_ONLY:
            if key in merged and layer_of[key] < layer_of["protocol"]:
                del merged[key]
                del where[key]

    def at(key: str) -> str:
        return where.get(key, f"health_check.{key}")

    def path_of(key: str) -> str:
        return at(key).rsplit(".", 1)[0]

    def only(key: str) -> dict[str, Any]:
        return {key: merged[key]} if key in merged else {}

    protocol = read.enum(only("protocol"), "protocol", path_of("protocol"), Protocol)
    protocol = protocol or Protocol.HTTPS
    tcp = protocol is Protocol.TCP

    port = read.integer(only("port"), "port", path_of("port"), 1, 65535)
    if port is None and "port" not in merged:
        if tcp:
            read.fail(at("port"), "required for a TCP health check", expected="a port, 1 to 65535")
        else:
            port = 80 if protocol is Protocol.HTTP else 443

    path = read.string(only("path"), "path", path_of("path"))
    if path is not None:
        if tcp:
            read.fail(at("path"), "not allowed with a TCP health check", path)
        elif not path.startswith("/"):
            read.fail(at("path"), "must start with '/'", path, "a path such as '/healthz'")
        elif len(path) > 255:
            read.fail(at("path"), f"is {len(path)} characters long", expected="at most 255")
    if path is None and not tcp:
        path = "/"
    if tcp:
        path = None

    host = hostname
    host_given = read.string(only("host"), "host", path_of("host"))
    if host_given is not None:
        host = normalise_name(host_given)
        problem = hostname_problem(host)
        if _is_ip(host_given):
            # The name is also the TLS SNI name, which is never an IP address (RFC 6066 §3).
            read.fail(
                at("host"),
                "an IP address, not a host name: host is the Host header and TLS SNI name",
                host_given,
                "a host name such as 'app.example.com' (the endpoint's address is probed)",
            )
        elif problem:
            read.fail(at("host"), problem, host_given, "a host name")
        if tcp:
            read.fail(at("host"), "not allowed with a TCP health check", host_given)

    search = read.string(only("search_string"), "search_string", path_of("search_string"))
    if search is not None:
        if tcp:
            read.fail(at("search_string"), "not allowed with a TCP health check", search)
        elif not 1 <= len(search) <= 255:
            read.fail(at("search_string"), f"is {len(search)} characters long", expected="1 to 255")

    codes_text = read.string(only("expected_codes"), "expected_codes", path_of("expected_codes"))
    codes = None
    if codes_text is not None:
        if tcp:
            read.fail(at("expected_codes"), "not allowed with a TCP health check", codes_text)
        else:
            codes, problem = _parse_codes(codes_text)
            if problem:
                read.fail(
                    at("expected_codes"),
                    problem,
                    codes_text,
                    "e.g. '200-299', '200,301-302' or '2xx'",
                )

    headers: dict[str, pulumi.Input[str]] = {}
    if "headers" in merged and merged["headers"] is not None:
        raw = read.mapping(merged["headers"], at("headers"))
        if raw is not None and tcp:
            read.fail(at("headers"), "not allowed with a TCP health check", dict(raw))
        elif raw is not None:
            for name, value in raw.items():
                hpath = f"{at('headers')}.{name}"
                if not isinstance(cast(object, name), str) or not _HEADER_NAME.match(name):
                    read.fail(hpath, "not a valid header name", name, "an RFC 9110 token")
                elif name.lower() == "host" and host_given is not None:
                    read.fail(hpath, "conflicts with health_check.host", expected="one of the two")
                if isinstance(value, str):
                    if "\r" in value or "\n" in value:
                        read.fail(hpath, "header value contains a line break")
                elif not _is_output(value):
                    read.fail(hpath, "not a string", value, "a string or a secret Output")
                headers[str(name)] = value

    interval = read.integer(
        only("interval_seconds"), "interval_seconds", path_of("interval_seconds"), 1
    )
    threshold = read.integer(
        only("failure_threshold"), "failure_threshold", path_of("failure_threshold"), 1, 10
    )
    timeout = read.integer(
        only("timeout_seconds"), "timeout_seconds", path_of("timeout_seconds"), 1
    )
    if interval is not None and timeout is not None and timeout >= interval:
        read.fail(
            at("timeout_seconds"),
            f"must be below interval_seconds ({interval})",
            timeout,
            f"1 to {interval - 1}",
        )

    regions_raw = read.sequence(only("regions"), "regions", path_of("regions"))
    regions: tuple[str, ...] | None = None
    if regions_raw is not None:
        if not regions_raw:
            read.fail(at("regions"), "empty list", [], "at least one region, or leave it unset")
        bad = [r for r in regions_raw if not isinstance(r, str)]
        if bad:
            read.fail(at("regions"), "not a list of strings", regions_raw)
        else:
            # Region codes are case-insensitive on every cloud (Cloudflare sends them upper
            # case, Route 53 lower case), so 'WEU' and 'weu' are one region given twice.
            folded = [r.strip().lower() for r in regions_raw]
            dupes = sorted(
                {r for r, f in zip(regions_raw, folded, strict=True) if folded.count(f) > 1}
            )
            if dupes:
                read.fail(at("regions"), f"duplicate regions {dupes}", regions_raw)
            regions = tuple(regions_raw)

    return HealthCheck(
        protocol=protocol,
        port=port,
        path=path,
        host=host,
        search_string=search,
        expected_codes=codes,
        expected_codes_text=codes_text,
        headers=headers,
        interval_seconds=interval,
        failure_threshold=threshold,
        timeout_seconds=timeout,
        regions=regions,
        given=frozenset(merged),
        where=where,
    )


_POOL_KEYS = typeddict_keys(PoolArgs)
_ENDPOINT_KEYS = typeddict_keys(EndpointArgs)


def _zone_and_host(read: _Reader, args: Mapping[str, Any]) -> tuple[str, str]:
    zone_raw = read.string(args, "zone_name", "")
    host_raw = read.string(args, "hostname", "")
    for key in ("zone_name", "hostname"):
        if read.present_null(args, key, "", "a DNS name such as 'example.com'"):
            continue
        if key not in args:
            read.fail(key, "required", expected="a DNS name such as 'example.com'")
    zone = normalise_name(zone_raw) if zone_raw is not None else ""
    host = normalise_name(host_raw) if host_raw is not None else ""
    for key, raw, name in (("zone_name", zone_raw, zone), ("hostname", host_raw, host)):
        if raw is None:
            continue
        problem = hostname_problem(name)
        if problem:
            read.fail(key, problem, raw, "a DNS name such as 'app.example.com'")
    if zone and host and host != zone and not host.endswith("." + zone):
        # A suffix test without the dot would accept 'badexample.com' in 'example.com'.
        read.fail(
            "hostname",
            f"not inside zone {zone!r}",
            host_raw,
            f"{zone!r} itself or a name ending in '.{zone}'",
        )
    return zone, host


_POOLS_EXPECTED = "a list of at least 2 pools (tiers)"
ARGS_PATH = "<args>"
"""The path of a reason about the args as a whole (they are not a mapping)."""


def parse_failover_set(
    args: Mapping[str, Any],
    *,
    args_type: type = FailoverSetArgs,
) -> tuple[FailoverSet | None, list[Reason]]:
    """Validate ``args`` against the cloud-neutral rules.

    ``args_type`` is the component's args ``TypedDict``: its keys (the cloud's own included)
    are the ones allowed at the top level; the cloud checks its own keys' values. Returns the
    normalised set (``None`` if any reason was found) and every reason.
    """
    reasons: list[Reason] = []
    read = _Reader(reasons)
    top = read.mapping(args, ARGS_PATH)
    if top is None:
        return None, reasons
    reasons.extend(check_keys(top, typeddict_keys(args_type), ""))
    zone, host = _zone_and_host(read, top)

    record_type = read.enum(top, "record_type", "", RecordType)
    ttl = read.integer(top, "ttl", "", 0, MAX_TTL)
    budget = read.integer(top, "max_failover_seconds", "", 1)
    acknowledgements = _acknowledgements(read, top)

    set_hc_raw: Mapping[str, Any] = {}
    if top.get("health_check") is not None:
        set_hc_raw = read.mapping(top["health_check"], "health_check") or {}
        reasons.extend(check_keys(set_hc_raw, _HC_KEYS, "health_check"))
    set_hc = _health_check(read, [(set_hc_raw, "health_check")], host)

    pools_raw = read.sequence(top, "pools", "")
    if pools_raw is None:
        if not read.present_null(top, "pools", "", _POOLS_EXPECTED) and "pools" not in top:
            read.fail("pools", "required", expected=_POOLS_EXPECTED)
        pools_raw = []
    elif len(pools_raw) < 2:
        read.fail(
            "pools",
            f"{len(pools_raw)} pool(s) is not a failover set",
            expected="at least 2 pools: a primary and a secondary",
        )

    draft: list[tuple[str, int, list[dict[str, Any]], int, HealthCheck, bool, str]] = []
    pool_names: dict[str, str] = {}
    for index, pool_raw in enumerate(pools_raw):
        ppath = f"pools[{index}]"
        pool = read.mapping(pool_raw, ppath)
        if pool is None:
            continue
        reasons.extend(check_keys(pool, _POOL_KEYS, ppath))
        name = read.string(pool, "name", ppath)
        if read.present_null(pool, "name", ppath, "a pool name such as 'primary'"):
            pass
        elif "name" not in pool:
            read.fail(f"{ppath}.name", "required", expected="a pool name such as 'primary'")
        elif name is not None:
            if not _POOL_NAME.match(name):
                read.fail(
                    f"{ppath}.name",
                    "not a valid pool name",
                    name,
                    "1-32 lowercase letters, digits and inner hyphens",
                )
            elif name in pool_names:
                read.fail(f"{ppath}.name", f"duplicate pool name (also {pool_names[name]})", name)
            else:
                pool_names[name] = ppath
        pool_hc_raw: Mapping[str, Any] = {}
        if pool.get("health_check") is not None:
            pool_hc_raw = read.mapping(pool["health_check"], f"{ppath}.health_check") or {}
            reasons.extend(check_keys(pool_hc_raw, _HC_KEYS, f"{ppath}.health_check"))
        hc = (
            _health_check(
                read, [(set_hc_raw, "health_check"), (pool_hc_raw, f"{ppath}.health_check")], host
            )
            if pool_hc_raw
            else set_hc
        )
        eps = read.sequence(pool, "endpoints", ppath)
        if read.present_null(pool, "endpoints", ppath, "a list of at least 1 endpoint"):
            pass
        elif eps is None and "endpoints" not in pool:
            read.fail(f"{ppath}.endpoints", "required", expected="a list of at least 1 endpoint")
        elif eps is not None and not eps:
            read.fail(f"{ppath}.endpoints", "empty pool", [], "at least 1 endpoint")
        endpoints: list[dict[str, Any]] = []
        for e_index, ep_raw in enumerate(eps or []):
            ep = read.mapping(ep_raw, f"{ppath}.endpoints[{e_index}]")
            if ep is not None:
                endpoints.append(dict(ep))
        min_healthy = read.integer(pool, "min_healthy", ppath, 1)
        if min_healthy is not None and eps and min_healthy > len(eps):
            read.fail(
                f"{ppath}.min_healthy",
                f"more than the pool's {len(eps)} endpoint(s)",
                min_healthy,
                f"1 to {len(eps)}",
            )
        draft.append(
            (
                name or f"pool{index}",
                index,
                endpoints,
                min_healthy or 1,
                hc,
                bool(pool_hc_raw),
                ppath,
            )
        )

    # Endpoints: read them all first, so the record type can be inferred from every address.
    parsed: list[list[tuple[dict[str, Any], str, AddressKind, Any]]] = []
    for _name, index, endpoints, *_rest in draft:
        row: list[tuple[dict[str, Any], str, AddressKind, Any]] = []
        for e_index, ep in enumerate(endpoints):
            epath = f"pools[{index}].endpoints[{e_index}]"
            reasons.extend(check_keys(ep, _ENDPOINT_KEYS, epath))
            if read.present_null(ep, "address", epath, "an IP address or a host name"):
                continue
            if "address" not in ep:
                read.fail(f"{epath}.address", "required", expected="an IP address or a host name")
                continue
            raw = ep["address"]
            if isinstance(raw, str):
                kind, norm, problem = classify_address(raw)
                if problem:
                    read.fail(
                        f"{epath}.address", problem, raw, "an IPv4 or IPv6 address or a host name"
                    )
                    continue
                row.append((ep, epath, kind, norm))
            elif _is_output(raw):
                row.append((ep, epath, AddressKind.UNKNOWN, raw))
            else:
                read.fail(f"{epath}.address", "not a string", raw, "an IP address or a host name")
        parsed.append(row)

    all_rows = [item for row in parsed for item in row]
    record_type = _record_type(read, record_type, all_rows, host, zone)

    seen_addresses: dict[str, str] = {}
    pools: list[Pool] = []
    for (name, index, _eps, min_healthy, hc, overridden, ppath), row in zip(
        draft, parsed, strict=True
    ):
        endpoints_out: list[Endpoint] = []
        names: dict[str, str] = {}
        for ep, epath, kind, norm in row:
            status = read.enum(ep, "status", epath, EndpointStatus) or EndpointStatus.OBEY
            weight = read.integer(ep, "weight", epath, 1, 255)
            alias_zone = ep.get("alias_zone_id")
            if (
                alias_zone is not None
                and not isinstance(alias_zone, str)
                and not _is_output(alias_zone)
            ):
                read.fail(f"{epath}.alias_zone_id", "not a string", alias_zone, "a hosted zone id")
                alias_zone = None
            eth = read.boolean(ep, "evaluate_target_health", epath)
            if eth is not None and alias_zone is None:
                read.fail(
                    f"{epath}.evaluate_target_health",
                    "only applies to an alias endpoint",
                    eth,
                    "alias_zone_id set as well, or no evaluate_target_health",
                )
            ep_name = read.string(ep, "name", epath)
            if read.present_null(
                ep, "name", epath, "a stable endpoint name, or no name key (derived from address)"
            ):
                continue
            if ep_name is None and "name" not in ep:
                if kind is AddressKind.UNKNOWN:
                    read.fail(
                        f"{epath}.name",
                        "required when address is not a plain string (child resource names "
                        "must not depend on values known only at deployment)",
                        expected="a stable endpoint name",
                    )
                    continue
                if kind is AddressKind.AZURE_RESOURCE_ID:
                    ep_name = _endpoint_default_name(str(norm).rsplit("/", 1)[-1])
                else:
                    ep_name = _endpoint_default_name(str(norm))
            elif ep_name is not None and not _ENDPOINT_NAME.match(ep_name):
                read.fail(
                    f"{epath}.name",
                    "not a valid endpoint name",
                    ep_name,
                    "1-48 lowercase letters, digits and inner hyphens",
                )
            if ep_name is None:
                continue
            if ep_name in names:
                read.fail(
                    f"{epath}.name",
                    f"duplicate endpoint name in the pool (also {names[ep_name]})",
                    ep_name,
                )
            names[ep_name] = epath
            if kind is not AddressKind.UNKNOWN:
                key = str(norm)
                if key in seen_addresses:
                    read.fail(
                        f"{epath}.address",
                        f"duplicate endpoint (also {seen_addresses[key]}); "
                        "an endpoint belongs to one tier",
                        key,
                    )
                seen_addresses.setdefault(key, f"{epath}.address")
                reasons.extend(
                    address_reasons(
                        kind,
                        key,
                        path=f"{epath}.address",
                        record_type=record_type,
                        probed=status is EndpointStatus.OBEY,
                        hostname=host,
                        alias=alias_zone is not None,
                    )
                )
            endpoints_out.append(
                Endpoint(
                    name=ep_name,
                    address=norm,
                    kind=kind,
                    weight=weight or 1,
                    weight_given=weight is not None,
                    status=status,
                    alias_zone_id=alias_zone,
                    evaluate_target_health=eth,
                    where=epath,
                )
            )
        pools.append(
            Pool(
                name=name,
                tier=index + 1,
                endpoints=tuple(endpoints_out),
                min_healthy=min_healthy,
                health_check=hc,
                overrides_health_check=overridden,
                where=ppath,
            )
        )

    if reasons or record_type is None:
        return None, reasons
    return (
        FailoverSet(
            hostname=host,
            zone_name=zone,
            record_type=record_type,
            ttl=ttl,
            pools=tuple(pools),
            health_check=set_hc,
            max_failover_seconds=budget,
            policy_acknowledgements=acknowledgements,
        ),
        reasons,
    )


def _acknowledgements(read: _Reader, top: Mapping[str, Any]) -> dict[str, str]:
    """``policy_acknowledgements``: rule -> a reason that says why (a bare suppression is not
    one: every acknowledgement must explain itself)."""
    raw = top.get("policy_acknowledgements")
    if raw is None:
        return {}
    data = read.mapping(raw, "policy_acknowledgements")
    if data is None:
        return {}
    out: dict[str, str] = {}
    for rule, reason in data.items():
        path = f"policy_acknowledgements.{rule}"
        ack = read_acknowledgement(rule, reason)
        if ack.rule is None:
            read.fail(
                path,
                "not a policy rule",
                rule,
                "a rule id or name from RULES.md: "
                + ", ".join(f"{r.id} ({r.name})" for r in CATALOGUE),
            )
            continue
        if ack.reason is None:
            read.fail(path, "an acknowledgement needs a reason", reason, "a non-empty explanation")
            continue
        out[str(rule)] = ack.reason
    return out


def _record_type(
    read: _Reader,
    given: RecordType | None,
    rows: list[tuple[dict[str, Any], str, AddressKind, Any]],
    host: str,
    zone: str,
) -> RecordType | None:
    kinds = {
        kind
        for ep, _path, kind, _norm in rows
        if kind in _KIND_WORDS and ep.get("alias_zone_id") is None
    }
    aliases = any(ep.get("alias_zone_id") is not None for ep, *_ in rows)
    record_type = given
    if record_type is None:
        if kinds == {AddressKind.IPV4} or (not kinds and aliases):
            record_type = RecordType.A
        elif kinds == {AddressKind.IPV6}:
            record_type = RecordType.AAAA
        elif kinds == {AddressKind.HOSTNAME}:
            record_type = RecordType.CNAME
        elif len(kinds) > 1:
            found = ", ".join(sorted(_KIND_WORDS[k] for k in kinds))
            read.fail(
                "pools",
                f"endpoints mix {found}, so no single record type fits",
                expected="one address family per failover set (declare an A set and an AAAA set)",
            )
            return None
        elif rows:
            read.fail(
                "record_type",
                "required when no endpoint address is a plain IP address or host name",
                expected="'A', 'AAAA' or 'CNAME'",
            )
            return None
        else:
            return None
    if record_type is RecordType.CNAME and host and host == zone:
        read.fail(
            "record_type",
            "a CNAME is not allowed at the zone apex (RFC 1034 §3.6.2)",
            "CNAME",
            "A or AAAA endpoints (an alias A record on Route 53, alias record on Azure DNS), "
            "or a hostname below the apex",
        )
    return record_type


def checked_address(
    endpoint: Endpoint,
    fset: FailoverSet,
    *,
    subject: str = "",
    extra: Callable[[AddressKind, str], list[Reason]] | None = None,
) -> pulumi.Input[str]:
    """The endpoint's address as an ``Output`` that fails the deployment with a
    :class:`FailoverConfigError` (naming the path) if the resolved value breaks a rule.

    Plain addresses were checked at construction and pass straight through. ``extra`` adds
    the cloud's own rules for the resolved value.
    """
    if endpoint.known:
        # Checked at construction: pass the plain value straight to the resource.
        return endpoint.address

    def check(value: str) -> str:
        path = f"{endpoint.where}.address"
        if not isinstance(cast(object, value), str):
            raise FailoverConfigError([Reason(path, "not a string", value)], subject)
        kind, norm, problem = classify_address(value)
        if problem:
            raise FailoverConfigError(
                [Reason(path, problem, value, "an IPv4 or IPv6 address or a host name")], subject
            )
        reasons = address_reasons(
            kind,
            norm,
            path=path,
            record_type=fset.record_type,
            probed=endpoint.probed,
            hostname=fset.hostname,
            alias=endpoint.is_alias,
        )
        if extra is not None:
            reasons.extend(extra(kind, norm))
        FailoverConfigError.raise_if_any(reasons, subject)
        return norm

    return pulumi.Output.from_input(endpoint.address).apply(check)
