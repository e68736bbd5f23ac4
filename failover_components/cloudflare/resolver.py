"""Answer a hostname the way Cloudflare Load Balancing does, from recorded resources.

Reads only what a program registered (``cloudflare:index/loadBalancer:LoadBalancer``,
``.../loadBalancerPool:LoadBalancerPool``, ``.../loadBalancerMonitor:LoadBalancerMonitor``,
their camelCase inputs and resolved ids), so it works as well on a hand-written SDK program
as on :class:`~failover_components.cloudflare.CloudflareFailover`. It never imports the
Cloudflare SDK.

The rules, each with its source (features.md §1.3):

1. The load balancer is the one whose ``name`` is the hostname. Only ``steering_policy``
   ``off`` is modelled: pools are tried in ``default_pools`` order and the first healthy one
   answers [STEERING_OFF].
2. A disabled pool gets no traffic; the load balancer fails over to the next pool [POOL_API].
3. A disabled origin gets no traffic and is not probed [POOL_API].
4. With a monitor, an origin is unhealthy when its probes fail (here: its address is in
   ``down``); a pool is Critical, and skipped, when fewer than ``minimum_origins`` of its
   enabled origins are healthy [HEALTH].
5. A pool without a monitor is never considered unhealthy: "when no monitor is attached to a
   pool, the health status is not considered during steering" [HEALTH].
6. When every pool is unhealthy, traffic goes to ``fallback_pool``, whose health is never
   taken into account (fail-open) [HEALTH]; if that pool is disabled too, a proxied load
   balancer serves HTTP 530 (error 1016) and a DNS-only one answers only the SOA [HEALTH].
7. Proxied: clients resolve to Cloudflare's edge, which forwards to the chosen origins; there
   is no resolver cache between the decision and the clients (ttl 0). DNS-only: the chosen
   origins are answered with the load balancer's ``ttl`` [PROXY]. Host-name origins of a
   DNS-only load balancer are flattened to their A/AAAA records unless ``flattenCname`` is
   false [FLATTEN].
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from ..recording import RecordedResource, Recording
from ..simulate import Answer, SimulationError
from ..simulate import known as _known
from .constants import CF_FLATTEN as FLATTEN
from .constants import CF_HEALTH as HEALTH
from .constants import CF_POOL_API as POOL_API
from .constants import CF_PROXY as PROXY
from .constants import CF_STEERING_OFF as STEERING_OFF
from .constants import LOAD_BALANCER as LB_TYPE
from .constants import MONITOR as MONITOR_TYPE
from .constants import POOL as POOL_TYPE

__all__ = ["publishes", "resolve"]


def _norm(name: str) -> str:
    return name.strip().lower().removesuffix(".")


@dataclass(frozen=True)
class _Origin:
    name: str
    address: str
    enabled: bool
    flatten_cname: bool


@dataclass(frozen=True)
class _Pool:
    name: str
    id: str
    enabled: bool
    minimum_origins: int
    monitored: bool
    origins: tuple[_Origin, ...]


def _kind(address: str) -> str:
    if ":" in address:
        return "AAAA"
    if address.replace(".", "").isdigit():
        return "A"
    return "CNAME"


def _origin(raw: object, pool_name: str, index: int) -> _Origin:
    where = f"pool {pool_name!r} origins[{index}]"
    if not isinstance(raw, Mapping):
        raise SimulationError(f"{where} is not an origin object")
    data = cast("Mapping[str, Any]", raw)
    address = _known(data.get("address"), f"{where}.address")
    if not isinstance(address, str) or not address:
        raise SimulationError(f"{where} has no address")
    weight = data.get("weight")
    if weight is not None and _known(weight, f"{where}.weight") == 0:
        # Cloudflare documents weights as relative shares but not what a zero-weight origin
        # answers when it is the only healthy one; never guess.
        raise SimulationError(f"{where} has weight 0, whose answers Cloudflare does not document")
    if data.get("virtualNetworkId"):
        raise SimulationError(f"{where} is on a virtual network (private load balancing)")
    enabled = data.get("enabled")
    flatten = data.get("flattenCname")
    return _Origin(
        name=str(data.get("name") or address),
        address=_norm(address) if _kind(address) == "CNAME" else address,
        enabled=True if enabled is None else bool(_known(enabled, f"{where}.enabled")),
        flatten_cname=True if flatten is None else bool(_known(flatten, f"{where}.flattenCname")),
    )


def _pool(resource: RecordedResource, monitors: Mapping[str, RecordedResource]) -> _Pool:
    inputs = resource.inputs
    name = str(_known(inputs.get("name"), f"pool {resource.name!r} name") or resource.name)
    if inputs.get("monitorGroup"):
        raise SimulationError(f"pool {name!r} uses a monitor group, which is not modelled")
    shedding = inputs.get("loadShedding")
    if isinstance(shedding, Mapping) and any(
        cast("Mapping[str, Any]", shedding).get(k) for k in ("defaultPercent", "sessionPercent")
    ):
        raise SimulationError(f"pool {name!r} sheds load, which is not modelled")
    monitor = inputs.get("monitor")
    monitored = False
    if monitor is not None and monitor != "":
        monitor_id = _known(monitor, f"pool {name!r} monitor")
        if monitor_id not in monitors:
            raise SimulationError(
                f"pool {name!r} refers to monitor {monitor_id!r}, which the recording does not hold"
            )
        monitored = True
    minimum = inputs.get("minimumOrigins")
    minimum_origins = (
        1 if minimum is None else int(_known(minimum, f"pool {name!r} minimumOrigins"))
    )
    if minimum_origins < 1:
        raise SimulationError(
            f"pool {name!r} has minimum_origins {minimum_origins}: a pool that is healthy "
            "with no healthy origin is not modelled"
        )
    enabled = inputs.get("enabled")
    raw_origins = _known(inputs.get("origins"), f"pool {name!r} origins")
    if not isinstance(raw_origins, Sequence) or isinstance(raw_origins, (str, bytes)):
        raise SimulationError(f"pool {name!r} has no list of origins")
    origins = tuple(
        _origin(o, name, i) for i, o in enumerate(cast("Sequence[object]", raw_origins))
    )
    return _Pool(
        name=name,
        id=resource.id,
        enabled=True if enabled is None else bool(_known(enabled, f"pool {name!r} enabled")),
        minimum_origins=minimum_origins,
        monitored=monitored,
        origins=origins,
    )


def _load_balancer(recording: Recording, hostname: str) -> RecordedResource:
    found = [
        r
        for r in recording.resources
        if r.type == LB_TYPE
        and isinstance(r.inputs.get("name"), str)
        and _norm(str(r.inputs["name"])) == hostname
    ]
    if not found:
        raise SimulationError(f"no Cloudflare load balancer named {hostname!r} in the recording")
    if len(found) > 1:
        names = ", ".join(r.name for r in found)
        raise SimulationError(f"several load balancers answer {hostname!r} ({names})")
    return found[0]


def _check_steering(lb: RecordedResource) -> None:
    inputs = lb.inputs
    if inputs.get("enabled") is False:
        # A disabled load balancer re-exposes whatever DNS records share its name, which
        # the recording may not hold.
        raise SimulationError(f"load balancer {lb.name!r} is disabled")
    steering = inputs.get("steeringPolicy")
    mapped = any(inputs.get(k) for k in ("regionPools", "countryPools", "popPools"))
    # "" means geo when region/country/PoP pools exist, else off [STEERING_OFF].
    if steering not in (None, "", "off") or (steering in (None, "") and mapped):
        raise SimulationError(
            f"load balancer {lb.name!r} steers with {steering or 'geo'!r}; only 'off' (ordered "
            "failover) is modelled"
        )
    if mapped:
        raise SimulationError(
            f"load balancer {lb.name!r} has region, country or PoP pools, which depend on where "
            "the client is"
        )
    if inputs.get("rules"):
        raise SimulationError(f"load balancer {lb.name!r} has custom rules, which are not modelled")


def resolve(recording: Recording, hostname: str, down: Collection[str] = ()) -> Answer:
    """What Cloudflare answers for ``hostname`` while the origins whose addresses are in
    ``down`` fail their health checks."""
    host = _norm(hostname)
    down_set = {_norm(d) if _kind(d) == "CNAME" else d for d in down}
    lb = _load_balancer(recording, host)
    _check_steering(lb)

    monitors = {r.id: r for r in recording.resources if r.type == MONITOR_TYPE and r.id}
    pools_by_id: dict[str, RecordedResource] = {}
    for r in recording.resources:
        if r.type == POOL_TYPE:
            if not r.id:
                raise SimulationError(f"pool {r.name!r} has no id (recorded in preview?)")
            pools_by_id[r.id] = r

    def pool_for(pool_id: object, what: str) -> _Pool:
        known = _known(pool_id, what)
        if known not in pools_by_id:
            raise SimulationError(f"{what} {known!r} is not a pool in the recording")
        return _pool(pools_by_id[known], monitors)

    raw_defaults = _known(lb.inputs.get("defaultPools"), "default_pools")
    if not isinstance(raw_defaults, Sequence) or not raw_defaults:
        raise SimulationError(f"load balancer {lb.name!r} has no default_pools")
    defaults = [
        pool_for(p, f"default_pools[{i}]")
        for i, p in enumerate(cast("Sequence[object]", raw_defaults))
    ]
    fallback = pool_for(lb.inputs.get("fallbackPool"), "fallback_pool")

    proxied = bool(_known(lb.inputs.get("proxied") or False, "proxied"))
    if proxied:
        ttl = 0
    else:
        raw_ttl = lb.inputs.get("ttl")
        if raw_ttl is None:
            raise SimulationError(
                f"DNS-only load balancer {lb.name!r} sets no ttl, and Cloudflare does not "
                "document its default"
            )
        ttl = int(_known(raw_ttl, "ttl"))

    every_origin = [o for p in (*defaults, fallback) for o in p.origins]
    kinds = {_kind(o.address) for o in every_origin}
    if len(kinds) > 1:
        raise SimulationError(
            f"load balancer {lb.name!r} mixes origin kinds {sorted(kinds)}; the answer depends "
            "on the query type"
        )
    record_type = kinds.pop() if kinds else "A"

    trace: list[str] = [
        f"load balancer {lb.name!r} for {host}: steering off, pools in default_pools order "
        f"[{STEERING_OFF}]"
    ]

    def finish(values: list[_Origin], pools: tuple[str, ...], fail_open: bool) -> Answer:
        if record_type == "CNAME" and not proxied and values:
            if all(o.flatten_cname for o in values):
                trace.append(
                    "DNS-only with host-name origins: Cloudflare flattens them and clients get "
                    f"their A/AAAA records [{FLATTEN}]"
                )
            else:
                trace.append(f"flatten_cname false: clients get the CNAME itself [{FLATTEN}]")
        if proxied and values:
            trace.append(
                "proxied: clients get Cloudflare edge addresses, which forward to these origins; "
                f"no resolver cache in between [{PROXY}]"
            )
        return Answer(
            hostname=host,
            record_type=record_type,
            values=tuple(sorted(o.address for o in values)),
            pools=pools,
            fail_open=fail_open,
            ttl=ttl,
            proxied=proxied,
            trace=tuple(trace),
        )

    for index, pool in enumerate(defaults):
        if not pool.enabled:
            trace.append(f"pool {pool.name!r}: disabled, skipped [{POOL_API}]")
            continue
        enabled = [o for o in pool.origins if o.enabled]
        skipped = len(pool.origins) - len(enabled)
        if pool.monitored:
            healthy = [o for o in enabled if o.address not in down_set]
            how = f"{len(healthy)} of {len(enabled)} enabled origin(s) healthy"
        else:
            healthy = enabled
            how = f"no monitor: health not considered [{HEALTH}]"
        if skipped:
            how += f", {skipped} disabled origin(s) not answered"
        if len(healthy) >= pool.minimum_origins:
            trace.append(
                f"pool {pool.name!r} (default_pools[{index}]): healthy ({how}; minimum_origins "
                f"{pool.minimum_origins}) - it answers [{HEALTH}]"
            )
            return finish(healthy, (pool.name,), fail_open=False)
        trace.append(
            f"pool {pool.name!r} (default_pools[{index}]): critical ({how}; minimum_origins "
            f"{pool.minimum_origins}) - next pool [{HEALTH}]"
        )

    if not fallback.enabled:
        what = "HTTP 530 (error 1016)" if proxied else "only the SOA record"
        trace.append(
            f"every pool is unhealthy and fallback pool {fallback.name!r} is disabled: "
            f"clients get {what} [{HEALTH}]"
        )
        return finish([], (), fail_open=False)
    values = [o for o in fallback.origins if o.enabled]
    trace.append(
        f"every pool is unhealthy: fallback pool {fallback.name!r} answers its enabled origins "
        f"whatever their health (its health is never taken into account) [{HEALTH}]"
    )
    if not values:
        trace.append(f"fallback pool {fallback.name!r} has no enabled origin: no answer")
        return finish([], (), fail_open=False)
    return finish(values, (fallback.name,), fail_open=True)


def publishes(recording: Recording, hostname: str) -> bool:
    """True when a Cloudflare load balancer in the recording is named ``hostname``."""
    host = hostname.strip().lower().removesuffix(".")
    return any(
        r.type == LB_TYPE
        and str(r.inputs.get("name") or "").strip().lower().removesuffix(".") == host
        for r in recording.resources
    )
