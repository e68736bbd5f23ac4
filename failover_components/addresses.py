"""DNS names and endpoint addresses: how they are normalised, classified and refused.

Pure and cloud-neutral: the parser (:mod:`~failover_components.validation`), the health
check's ``host`` and the alert e-mail domains all read names through these rules, so a name
is valid (or not) the same way everywhere.
"""

import ipaddress
import re
import string
from collections.abc import Mapping, Sequence
from typing import Any

from .model import AddressKind
from .reader import Reader
from .spec import RecordType

__all__ = [
    "KIND_FOR_TYPE",
    "KIND_WORDS",
    "classify_address",
    "endpoint_default_name",
    "hostname_problem",
    "infer_record_type",
    "is_ip",
    "normalise_name",
    "zone_and_host",
]

_LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
_WITH_PORT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[^:\[\]]+):[0-9]+$")
"""``192.0.2.10:443``, ``[2001:db8::1]:443`` or ``host.example.com:8443``: an address with a port."""
_AZURE_RESOURCE_ID = re.compile(
    r"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/[^/]+/[^/]+/[^/]+(/[^/]+/[^/]+)*$"
)

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


def is_ip(value: str) -> bool:
    """True when ``value`` (white space around it aside) is an IPv4 or IPv6 address."""
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


KIND_FOR_TYPE = {
    RecordType.A: AddressKind.IPV4,
    RecordType.AAAA: AddressKind.IPV6,
    RecordType.CNAME: AddressKind.HOSTNAME,
}
"""The kind of address each record type answers with."""
KIND_WORDS = {
    AddressKind.IPV4: "an IPv4 address",
    AddressKind.IPV6: "an IPv6 address",
    AddressKind.HOSTNAME: "a host name",
}
"""How a reason names each kind of answer."""


def endpoint_default_name(address: str) -> str:
    """The endpoint name derived from its (normalised) address when none is given."""
    name = re.sub(r"[^a-z0-9]+", "-", address.lower()).strip("-")
    return name[:48].rstrip("-")


def zone_and_host(read: Reader, args: Mapping[str, Any]) -> tuple[str, str]:
    """``(zone_name, hostname)`` normalised (empty when missing), the host inside the zone."""
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


def infer_record_type(
    read: Reader,
    given: RecordType | None,
    rows: Sequence[tuple[AddressKind, bool]],
    host: str,
    zone: str,
) -> RecordType | None:
    """The record type given, or the one every plain address implies; ``rows`` holds each
    usable address's kind and whether it is an alias target."""
    kinds = {kind for kind, alias in rows if kind in KIND_WORDS and not alias}
    aliases = any(alias for _kind, alias in rows)
    record_type = given
    if record_type is None:
        if kinds == {AddressKind.IPV4} or (not kinds and aliases):
            record_type = RecordType.A
        elif kinds == {AddressKind.IPV6}:
            record_type = RecordType.AAAA
        elif kinds == {AddressKind.HOSTNAME}:
            record_type = RecordType.CNAME
        elif len(kinds) > 1:
            found = ", ".join(sorted(KIND_WORDS[k] for k in kinds))
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
