"""Answer a hostname the way each cloud would, from the resources a program registers.

Give a resolver a :class:`~failover_components.recording.Recording` (what the testing kit
records and the offline plan sees, what ``pulumi up`` would create), the hostname, and the endpoint
addresses whose health checks fail; it returns the :class:`Answer` clients would get. Every
rule cites the cloud's documentation (``../shared/research/features.md`` in this repo's
research notes); anything a resolver cannot interpret raises :class:`SimulationError`, never
a guess.

* :func:`failover_components.aws.resolver.resolve` - Route 53 records and health checks;
* :func:`failover_components.azure.resolver.resolve` - Traffic Manager profiles
  and the Azure DNS record that points at them;
* :func:`failover_components.cloudflare.resolver.resolve` - Cloudflare load balancers,
  pools and monitors;
* :func:`failover_components.gcp.resolver.resolve` - Cloud DNS record sets with a failover
  routing policy;
* :func:`resolve` picks the right one from what the recording holds (each cloud's resolver is
  listed in :data:`failover_components.clouds.CLOUDS`).
"""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..recording import Recording

__all__ = ["Answer", "SimulationError", "resolve"]


class SimulationError(ValueError):
    """The recording holds something the resolver cannot interpret (it never guesses)."""


def is_unknown(value: object) -> bool:
    """A value the mock engine left unknown (a preview recording)."""
    return type(value).__name__ == "Unknown"


def known(value: object, what: str) -> Any:
    """``value`` itself; a :class:`SimulationError` naming ``what`` if it is still unknown."""
    if is_unknown(value):
        raise SimulationError(
            f"{what} is unknown (a preview value known only after deployment); "
            "resolve a recording made without preview"
        )
    return value


@dataclass(frozen=True)
class Answer:
    """What clients resolving ``hostname`` get while the given endpoints are down."""

    hostname: str
    record_type: str
    """``A``, ``AAAA`` or ``CNAME``."""
    values: tuple[str, ...]
    """Every value the cloud may answer (sorted): a weighted pool answers one of them per
    query, a multivalue or load-balanced pool several."""
    pools: tuple[str, ...]
    """Names of the pools (tiers) the values come from, as the recording names them: the
    Cloudflare pool name, the Traffic Manager endpoint name, the Route 53 set identifier."""
    fail_open: bool
    """True when nothing was healthy and the cloud answered anyway (its documented fail-open)."""
    ttl: int
    """The TTL of the answer clients cache (0 for a proxied Cloudflare load balancer)."""
    proxied: bool = False
    """Cloudflare proxied: clients see Cloudflare's edge addresses, which forward to ``values``."""
    trace: tuple[str, ...] = ()
    """The resolver's steps, each with the rule it applied, for people reading a drill."""


def _answers(recording: Recording, hostname: str) -> list[str]:
    """Which clouds publish ``hostname`` in this recording (a program may use several)."""
    from ..clouds import CLOUDS

    return [
        key
        for key, cloud in CLOUDS.items()
        if cloud.resolver_module().publishes(recording, hostname)
    ]


def resolve(recording: Recording, hostname: str, down: Collection[str] = ()) -> Answer:
    """Resolve ``hostname`` with the resolver of the cloud that publishes it."""
    clouds = _answers(recording, hostname)
    if len(clouds) > 1:
        raise SimulationError(
            f"{hostname!r} is published by several clouds ({', '.join(clouds)}); "
            "resolve it with one cloud's resolver"
        )
    if len(clouds) == 1:
        from ..clouds import CLOUDS

        resolver = CLOUDS[clouds[0]].resolver_module()
        answer: Answer = resolver.resolve(recording, hostname, down)
        return answer
    raise SimulationError(f"no DNS failover resources for {hostname!r} in the recording")
