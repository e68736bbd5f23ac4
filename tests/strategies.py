"""Hypothesis strategies shared by the property-based tests: failover sets near the valid
boundary on every cloud, and mutations that cross it. Not a test module.

Two settings profiles: ``ci`` (the default: a fixed seed and a bounded number of examples, so
``make test`` is repeatable and quick) and ``fuzz`` (``make fuzz``: many more examples, a new
seed each run). ``HYPOTHESIS_PROFILE`` picks one.
"""

import os
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ACCOUNT = "0123456789abcdef0123456789abcdef"
ZONE_ID = "fedcba9876543210fedcba9876543210"

CLOUD_KEYS: dict[str, dict[str, Any]] = {
    "aws": {},
    "azure": {"resource_group_name": "rg-dns"},
    "cloudflare": {"account_id": ACCOUNT, "zone_id": ZONE_ID},
}
"""What each cloud needs beyond the cloud-neutral keys (README: "What each cloud needs")."""
REGIONS: dict[str, list[str]] = {
    "aws": ["us-east-1", "eu-west-1", "ap-southeast-1"],
    "azure": [],
    "cloudflare": ["WEU", "ENAM", "SEAS"],
}

INTERVALS: dict[str, list[int]] = {
    "aws": [10, 30],
    "azure": [10, 30],
    "cloudflare": [60, 120, 3600],
}
"""Probe intervals each cloud takes (Route 53 and Traffic Manager: 10 or 30 s; Cloudflare on
the default 'pro' plan: 60 to 3600 s)."""

_LABEL = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?\Z", fullmatch=True)
_NAME = st.from_regex(r"\A[a-z]([a-z0-9-]{0,6}[a-z0-9])?\Z", fullmatch=True)


def _case(text: str) -> st.SearchStrategy[str]:
    """``text`` in random letter case, with or without a trailing dot: the same DNS name."""
    return st.tuples(
        st.lists(st.booleans(), min_size=len(text), max_size=len(text)), st.booleans()
    ).map(
        lambda t: (
            "".join(c.upper() if up else c for c, up in zip(text, t[0], strict=True))
            + ("." if t[1] else "")
        )
    )


@st.composite
def names(draw: st.DrawFn) -> tuple[str, str]:
    """``(zone_name, hostname)``: the apex or a name one to three labels deep, in any case."""
    zone = draw(st.sampled_from(["example.com", "example.net", "corp.example.org"]))
    depth = draw(st.sampled_from([0, 1, 1, 1, 2, 3]))
    labels = draw(st.lists(_LABEL, min_size=depth, max_size=depth))
    host = ".".join([*labels, zone])
    return draw(_case(zone)), draw(_case(host))


# Documentation ranges (RFC 5737, RFC 3849) and a few public blocks: every neutral rule accepts
# them (Route 53 plans warn about the documentation ranges, FO014).
_V4_NETS = ("192.0.2.", "198.51.100.", "203.0.113.", "192.0.3.")
_V6_NETS = ("2001:db8::", "2001:db8:1::", "2600:1f18::")


def _v4(n: int) -> str:
    return f"{_V4_NETS[n % len(_V4_NETS)]}{n // len(_V4_NETS) % 250 + 1}"


def _v6(n: int) -> str:
    return f"{_V6_NETS[n % len(_V6_NETS)]}{n // len(_V6_NETS) + 1:x}"


def _host(n: int) -> str:
    return f"origin{n}.backend.example.net"


FAMILIES: dict[str, Callable[[int], str]] = {"A": _v4, "AAAA": _v6, "CNAME": _host}


@st.composite
def health_checks(draw: st.DrawFn, cloud: str, *, pool: bool = False) -> dict[str, Any]:
    """A health check, every protocol; a pool's may set only a few keys of its own."""
    hc: dict[str, Any] = {}
    protocol = draw(st.sampled_from(["HTTP", "HTTPS", "TCP", None]))
    if protocol is not None:
        hc["protocol"] = draw(st.sampled_from([protocol, protocol.lower()]))
    if protocol == "TCP" or draw(st.booleans()):
        hc["port"] = draw(st.sampled_from([80, 443, 8443, 1, 65535]))
    if protocol != "TCP" and draw(st.booleans()):
        hc["path"] = draw(st.sampled_from(["/", "/healthz", "/status?full=1"]))
    if draw(st.booleans()):
        hc["interval_seconds"] = draw(st.sampled_from(INTERVALS[cloud]))
    if draw(st.booleans()):
        hc["failure_threshold"] = draw(st.integers(1, 10))
    if cloud == "cloudflare" and not pool:
        hc["regions"] = draw(
            st.lists(st.sampled_from(REGIONS["cloudflare"]), min_size=1, max_size=3, unique=True)
        )
    elif REGIONS[cloud] and draw(st.booleans()):
        hc["regions"] = list(REGIONS[cloud])
    return hc


@st.composite
def failover_sets(draw: st.DrawFn, cloud: str) -> dict[str, Any]:
    """A failover set near the valid boundary for ``cloud``: 2-5 tiers, 1-4 endpoints each,
    one address family, min_healthy up to the pool size, weights, every status, per-pool
    checks. Most are accepted; the cloud's own rules may refuse some (a status mix or a
    setting the cloud cannot honour), which the tests handle as refusals."""
    zone, host = draw(names())
    families = ["A", "AAAA"] + (
        ["CNAME"] if host.rstrip(".").lower() != zone.rstrip(".").lower() else []
    )
    family = draw(st.sampled_from(families))
    address = FAMILIES[family]
    tiers = draw(st.integers(2, 5))
    counter = iter(range(10_000))
    pools: list[dict[str, Any]] = []
    pool_names = draw(st.lists(_NAME, min_size=tiers, max_size=tiers, unique=True))
    for name in pool_names:
        size = draw(st.integers(1, 4))
        # Cloudflare forces an origin healthy only by leaving its whole pool unmonitored, so
        # 'up' comes per pool there; elsewhere per endpoint.
        all_up = cloud == "cloudflare" and draw(st.integers(0, 4)) == 0
        statuses = ["obey", "obey", "obey", "down", None] + (
            ["up"] if cloud != "cloudflare" else []
        )
        eps: list[dict[str, Any]] = []
        ep_names = draw(st.lists(_NAME, min_size=size, max_size=size, unique=True))
        for ep_name in ep_names:
            ep: dict[str, Any] = {"address": address(next(counter))}
            if draw(st.booleans()):
                ep["name"] = ep_name
            if draw(st.integers(0, 3)) == 0:
                ep["weight"] = draw(st.integers(1, 100))
            status = "up" if all_up else draw(st.sampled_from(statuses))
            if status is not None:
                ep["status"] = status
            eps.append(ep)
        pool: dict[str, Any] = {"name": name, "endpoints": eps}
        if size > 1 and draw(st.booleans()):
            pool["min_healthy"] = draw(st.integers(1, size))
        if not all_up and draw(st.integers(0, 3)) == 0:
            pool["health_check"] = draw(health_checks(cloud, pool=True))
        pools.append(pool)
    args: dict[str, Any] = {
        "hostname": host,
        "zone_name": zone,
        "pools": pools,
        "health_check": draw(health_checks(cloud)),
        **CLOUD_KEYS[cloud],
    }
    if draw(st.booleans()):
        args["record_type"] = family
    return args


# Mutations across the boundary: each makes any set invalid, on every cloud.


def _pool(args: dict[str, Any], i: int) -> dict[str, Any]:
    pools: list[dict[str, Any]] = args["pools"]
    return pools[i % len(pools)]


def _ep(args: dict[str, Any], i: int) -> dict[str, Any]:
    eps: list[dict[str, Any]] = _pool(args, i)["endpoints"]
    return eps[i % len(eps)]


def _mix_families(args: dict[str, Any], i: int) -> None:
    """One endpoint of another address family (and no record_type to hide it)."""
    args.pop("record_type", None)
    ep = _ep(args, i)
    ep["address"] = "192.0.2.99" if ":" in str(ep["address"]) else "2001:db8::99"


MUTATIONS: dict[str, Callable[[dict[str, Any], int], object]] = {
    "hostname-none": lambda a, i: a.update(hostname=None),
    "zone-none": lambda a, i: a.update(zone_name=None),
    "pools-none": lambda a, i: a.update(pools=None),
    "pools-generator": lambda a, i: a.update(pools=(p for p in a["pools"])),
    "pools-one": lambda a, i: a.update(pools=a["pools"][:1]),
    "endpoints-none": lambda a, i: _pool(a, i).update(endpoints=None),
    "endpoints-empty": lambda a, i: _pool(a, i).update(endpoints=[]),
    "endpoints-generator": lambda a, i: _pool(a, i).update(
        endpoints=(e for e in _pool(a, i)["endpoints"])
    ),
    "pool-name-none": lambda a, i: _pool(a, i).update(name=None),
    "pool-name-empty": lambda a, i: _pool(a, i).update(name=""),
    "pool-name-long": lambda a, i: _pool(a, i).update(name="p" * 33),
    "pool-name-collides": lambda a, i: a["pools"][1].update(name=a["pools"][0]["name"]),
    "endpoint-name-none": lambda a, i: _ep(a, i).update(name=None),
    "address-none": lambda a, i: _ep(a, i).update(address=None),
    "address-int": lambda a, i: _ep(a, i).update(address=19202),
    "address-empty": lambda a, i: _ep(a, i).update(address=""),
    "address-private": lambda a, i: _ep(a, i).update(address="10.0.0.1", status="obey"),
    "address-with-port": lambda a, i: _ep(a, i).update(address="192.0.2.99:443"),
    "address-family-mix": lambda a, i: _mix_families(a, i),
    "weight-zero": lambda a, i: _ep(a, i).update(weight=0),
    "weight-256": lambda a, i: _ep(a, i).update(weight=256),
    "weight-bool": lambda a, i: _ep(a, i).update(weight=True),
    "min-healthy-too-many": lambda a, i: _pool(a, i).update(
        min_healthy=len(_pool(a, i)["endpoints"]) + 1
    ),
    "status-bad": lambda a, i: _ep(a, i).update(status="maybe"),
    "extra-top-key": lambda a, i: a.update(hostnme="x"),
    "extra-endpoint-key": lambda a, i: _ep(a, i).update(adress="x"),
    "port-out-of-range": lambda a, i: a["health_check"].update(port=65536),
    "threshold-out-of-range": lambda a, i: a["health_check"].update(failure_threshold=11),
    "ttl-negative": lambda a, i: a.update(ttl=-1),
    "hostname-outside-zone": lambda a, i: a.update(hostname="app.elsewhere.test"),
    "hostname-non-ascii": lambda a, i: a.update(hostname="\u212aelvin." + str(a["zone_name"])),
    "args-not-a-mapping": lambda a, i: None,
}
"""Each mutation of a valid set that every cloud must refuse (``args-not-a-mapping`` is
applied by the test: the args become a list)."""
