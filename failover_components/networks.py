"""The networks a public health checker can never reach, with their sources.

A leaf of the core: the input rules (:mod:`~failover_components.validation`) refuse such an
address where a cloud would probe it, and the policy rules report one a program probes, so both
read this one table.
"""

import ipaddress

__all__ = ["unprobeable_address", "unprobeable_network"]

# Networks a public health checker can never reach. Python's ``is_private``/``is_global`` also
# flag the documentation ranges (RFC 5737, RFC 3849), which examples and this repo's sample
# stacks use on purpose, so the list is spelled out with its sources instead.
_UNPROBEABLE: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "'this network' (RFC 1122)"),
    ("10.0.0.0/8", "private (RFC 1918)"),
    ("100.64.0.0/10", "shared carrier-grade NAT space (RFC 6598)"),
    ("127.0.0.0/8", "loopback (RFC 1122)"),
    ("169.254.0.0/16", "link-local (RFC 3927)"),
    ("172.16.0.0/12", "private (RFC 1918)"),
    ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
    ("192.168.0.0/16", "private (RFC 1918)"),
    ("198.18.0.0/15", "benchmarking (RFC 2544)"),
    ("224.0.0.0/4", "multicast (RFC 5771)"),
    ("240.0.0.0/4", "reserved (RFC 1112)"),
    ("::/128", "unspecified (RFC 4291)"),
    ("::1/128", "loopback (RFC 4291)"),
    ("::ffff:0:0/96", "IPv4-mapped (RFC 4291)"),
    ("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)"),
    ("fc00::/7", "unique-local (RFC 4193)"),
    ("fe80::/10", "link-local (RFC 4291)"),
    ("ff00::/8", "multicast (RFC 4291)"),
)
_UNPROBEABLE_NETS = tuple((ipaddress.ip_network(net), why) for net, why in _UNPROBEABLE)


def unprobeable_network(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why public health checkers cannot reach ``address``, or ``None`` when they can."""
    for net, why in _UNPROBEABLE_NETS:
        if address.version == net.version and address in net:
            return f"{why} address {net}"
    return None


def unprobeable_address(value: object) -> str | None:
    """Why public health checkers cannot reach ``value``, or ``None`` when it is not an IP
    address string (a name, an unknown value) or they can reach it."""
    if not isinstance(value, str):
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    return unprobeable_network(address)
