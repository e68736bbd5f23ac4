"""Answer a hostname the way Azure DNS and Traffic Manager do, from recorded resources.

Reads only what a program registered (``azure-native:dns:RecordSet``,
``azure-native:trafficmanager:Profile`` and standalone ``azure-native:trafficmanager:Endpoint``
resources, with their camelCase wire inputs and resolved ids), never the component that
declared them, so it works on hand-written programs too. Anything it cannot interpret (an
unknown value in a preview, a routing method it does not model, a reference to a profile the
recording does not hold) raises :class:`~failover_components.simulate.SimulationError`.

The rules, each from the documentation:

* Azure DNS: a CNAME to ``<relativeName>.trafficmanager.net`` hands the query to that profile;
  an alias record (``targetResource``) or a linked record (``trafficManagementProfile``)
  answers from the profile it references [DNS_ALIAS].
* A disabled profile, or one whose endpoints are all disabled or stopped, answers NXDOMAIN
  [TM_MONITOR], [TM_ENDPOINT_TYPES]: the resolver returns an :class:`Answer` with no values
  (and says so in its trace).
* Endpoint status Disabled: never probed, never answered. Always serve: never probed, always
  in rotation [TM_MONITOR]. Otherwise an External endpoint is Degraded when its ``target`` is
  in ``down``, an Azure endpoint when its ``targetResourceId`` is.
* A nested endpoint is Online while its child profile has at least ``minChildEndpoints``
  (default 1) Online endpoints, Degraded below that, and Stopped when the child profile is
  disabled or has no enabled endpoint [TM_NESTED]; always serve is not allowed on it.
* Fail-open: when every eligible (enabled, not stopped) endpoint is Degraded, Traffic Manager
  answers as if all of them were Online [TM_MONITOR].
* ``Priority`` answers the eligible endpoint with the lowest priority (priorities default to
  the endpoints' order and must be unique) [TM_ROUTING]; ``Weighted`` answers any eligible
  endpoint with a weight above 0, in proportion to the weights; a nested endpoint answers
  whatever its child profile answers. Other routing methods raise.
* The answer's TTL is the answering profile's ``dnsConfig.ttl`` [TM_MONITOR].

An Azure endpoint is answered with its resource's DNS name; the recording does not hold that
name, so the value shown is the resource id. The bracketed sources are the links of
:mod:`failover_components.azure.constants`.
"""

import ipaddress
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from ..recording import RecordedResource, Recording
from ..simulate import Answer, SimulationError, is_unknown
from .constants import (
    ENDPOINT,
    PROFILE,
    RECORD_SET,
)

__all__ = ["publishes", "resolve"]

TM_DOMAIN = "trafficmanager.net"
MAX_NESTING = 10
"""Profiles nest up to 10 levels deep [TM_NESTED]."""

ONLINE, DEGRADED, DISABLED, STOPPED = "Online", "Degraded", "Disabled", "Stopped"


def _known(value: Any, what: str) -> Any:
    if is_unknown(value):
        raise SimulationError(f"{what} is unknown (a preview?); resolve a deployed recording")
    if isinstance(value, list):
        return [_known(v, what) for v in cast("list[Any]", value)]  # type: ignore[redundant-cast]
    if isinstance(value, dict):
        return {k: _known(v, f"{what}.{k}") for k, v in cast("dict[str, Any]", value).items()}
    return value


def _dns_name(value: str) -> str:
    return value.strip().lower().removesuffix(".")


def _target_key(value: str) -> str:
    """IPs compressed, names lower-case without the dot, resource ids lower-case."""
    text = value.strip()
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return _dns_name(text)


def _kind(value: str) -> str:
    try:
        return "A" if ipaddress.ip_address(value).version == 4 else "AAAA"
    except ValueError:
        return "CNAME"


def _endpoint_kind(ep: Mapping[str, Any], where: str) -> str:
    raw = ep.get("type")
    if not isinstance(raw, str):
        raise SimulationError(f"{where} has no endpoint type")
    kind = raw.rsplit("/", 1)[-1].lower()
    if kind not in ("externalendpoints", "azureendpoints", "nestedendpoints"):
        raise SimulationError(
            f"{where} has endpoint type {raw!r}, which the resolver does not model"
        )
    return kind


@dataclass
class _Walk:
    """What one resolution collected on its way down the profiles."""

    down: set[str]
    trace: list[str] = field(default_factory=lambda: [])
    fail_open: bool = False


class _Index:
    def __init__(self, recording: Recording) -> None:
        self.profiles = [r for r in recording.resources if r.type == PROFILE]
        self.records = [r for r in recording.resources if r.type == RECORD_SET]
        self.standalone = [r for r in recording.resources if r.type == ENDPOINT]

    def record(self, host: str) -> RecordedResource:
        found: list[RecordedResource] = []
        unknown = False
        for r in self.records:
            zone, rel = r.inputs.get("zoneName"), r.inputs.get("relativeRecordSetName")
            if not isinstance(zone, str) or not isinstance(rel, str):
                unknown = True
                continue
            fqdn = _dns_name(zone) if rel in ("@", "") else f"{_dns_name(rel)}.{_dns_name(zone)}"
            if fqdn == host:
                found.append(r)
        if not found:
            why = " (some record set names are unknown: a preview?)" if unknown else ""
            raise SimulationError(f"no Azure DNS record set for {host!r} in the recording{why}")
        if len(found) > 1:
            kinds = sorted(str(r.inputs.get("recordType")) for r in found)
            raise SimulationError(f"several record sets for {host!r} ({kinds}): ambiguous")
        return found[0]

    def record_by_name(self, host: str) -> RecordedResource | None:
        try:
            return self.record(host)
        except SimulationError:
            return None

    def profile_by_id(self, resource_id: str) -> RecordedResource | None:
        for p in self.profiles:
            if p.id and p.id.lower() == resource_id.lower():
                return p
        return None

    def profile_by_fqdn(self, fqdn: str) -> RecordedResource | None:
        for p in self.profiles:
            out = p.outputs.get("dnsConfig")
            if isinstance(out, dict):
                got = cast("dict[str, Any]", out).get("fqdn")
                if isinstance(got, str) and _dns_name(got) == fqdn:
                    return p
            cfg = p.inputs.get("dnsConfig")
            rel = cast("dict[str, Any]", cfg).get("relativeName") if isinstance(cfg, dict) else None
            if isinstance(rel, str) and f"{_dns_name(rel)}.{TM_DOMAIN}" == fqdn:
                return p
        return None

    def endpoints(self, profile: RecordedResource) -> list[dict[str, Any]]:
        """Inline endpoints, or the standalone Endpoint resources of the profile."""
        inline = profile.inputs.get("endpoints")
        name = profile.inputs.get("profileName") or profile.outputs.get("name") or profile.name
        rg = profile.inputs.get("resourceGroupName")
        separate: list[dict[str, Any]] = []
        for e in self.standalone:
            if e.inputs.get("profileName") == name and e.inputs.get("resourceGroupName") == rg:
                data = dict(e.inputs)
                data["name"] = data.get("endpointName") or e.name
                data["type"] = data.get("endpointType")
                separate.append(data)
        if inline and separate:
            # A profile update is a full PUT of its endpoint list, so inline endpoints and
            # standalone Endpoint resources overwrite each other (pain.md §F33).
            raise SimulationError(
                f"profile {profile.name!r} has inline endpoints and standalone Endpoint "
                "resources, which overwrite each other on every update"
            )
        if separate:
            return separate
        if inline is None:
            return []
        return [
            dict(cast("dict[str, Any]", e)) for e in _known(inline, f"{profile.name}.endpoints")
        ]


def _profile_label(profile: RecordedResource) -> str:
    cfg = profile.inputs.get("dnsConfig")
    rel = cast("dict[str, Any]", cfg).get("relativeName") if isinstance(cfg, dict) else None
    return f"{profile.name} ({rel}.{TM_DOMAIN})" if isinstance(rel, str) else profile.name


class _Resolver:
    def __init__(self, index: _Index, walk: _Walk) -> None:
        self.index = index
        self.walk = walk

    def child(self, ep: Mapping[str, Any], where: str, seen: tuple[str, ...]) -> RecordedResource:
        target = _known(ep.get("targetResourceId"), f"{where}.targetResourceId")
        if not isinstance(target, str):
            raise SimulationError(f"{where} is a nested endpoint without targetResourceId")
        child = self.index.profile_by_id(target)
        if child is None:
            raise SimulationError(f"{where} nests {target!r}, which the recording does not hold")
        if child.urn in seen:
            raise SimulationError(f"{where} nests a profile that contains it: a loop [TM_NESTED]")
        if len(seen) >= MAX_NESTING:
            raise SimulationError(f"{where}: nested deeper than {MAX_NESTING} levels [TM_NESTED]")
        return child

    def status(self, ep: Mapping[str, Any], where: str, seen: tuple[str, ...]) -> str:
        """One endpoint's monitor status as Traffic Manager would compute it."""
        kind = _endpoint_kind(ep, where)
        if _known(ep.get("endpointStatus", "Enabled"), f"{where}.endpointStatus") == "Disabled":
            return DISABLED
        always = _known(ep.get("alwaysServe", "Disabled"), f"{where}.alwaysServe") == "Enabled"
        if kind == "nestedendpoints":
            if always:
                raise SimulationError(
                    f"{where}: always serve on a nested endpoint, which Traffic Manager does "
                    "not allow [TM_MONITOR]"
                )
            child = self.child(ep, where, seen)
            if _known(child.inputs.get("profileStatus", "Enabled"), "profileStatus") == "Disabled":
                return STOPPED
            statuses = [
                self.status(c, f"{child.name}.endpoints[{c.get('name')}]", (*seen, child.urn))
                for c in self.index.endpoints(child)
            ]
            if not any(s in (ONLINE, DEGRADED) for s in statuses):
                return STOPPED  # an Inactive child stops the parent's endpoint [TM_NESTED]
            minimum = _known(ep.get("minChildEndpoints", 1), f"{where}.minChildEndpoints")
            online = statuses.count(ONLINE)
            return ONLINE if online >= int(minimum) else DEGRADED
        if always:
            return ONLINE
        key = "target" if kind == "externalendpoints" else "targetResourceId"
        target = _known(ep.get(key), f"{where}.{key}")
        if not isinstance(target, str):
            raise SimulationError(f"{where} has no {key}")
        return DEGRADED if _target_key(target) in self.walk.down else ONLINE

    def answer(
        self, profile: RecordedResource, seen: tuple[str, ...]
    ) -> tuple[list[str], list[str]] | None:
        """``(values, endpoint names chosen)``, or ``None`` for NXDOMAIN."""
        label = _profile_label(profile)
        if _known(profile.inputs.get("profileStatus", "Enabled"), "profileStatus") == "Disabled":
            self.walk.trace.append(f"{label}: profile disabled, NXDOMAIN [TM_MONITOR]")
            return None
        method = _known(profile.inputs.get("trafficRoutingMethod"), "trafficRoutingMethod")
        if method not in ("Priority", "Weighted"):
            raise SimulationError(f"{label}: routing method {method!r} is not modelled")
        endpoints = self.index.endpoints(profile)
        scored: list[tuple[dict[str, Any], str]] = []
        for ep in endpoints:
            where = f"{profile.name}.endpoints[{ep.get('name')}]"
            scored.append((ep, self.status(ep, where, (*seen, profile.urn))))
        eligible = [(ep, s) for ep, s in scored if s in (ONLINE, DEGRADED)]
        self.walk.trace.append(
            f"{label}: " + ", ".join(f"{ep.get('name')} {s}" for ep, s in scored)
        )
        if not eligible:
            self.walk.trace.append(f"{label}: no enabled endpoint, NXDOMAIN [TM_ENDPOINT_TYPES]")
            return None
        online = [ep for ep, s in eligible if s == ONLINE]
        if not online:
            self.walk.fail_open = True
            self.walk.trace.append(
                f"{label}: every eligible endpoint is Degraded, answered as if all were "
                "Online (fail-open) [TM_MONITOR]"
            )
            online = [ep for ep, _ in eligible]
        if method == "Priority":
            chosen = [min(online, key=lambda ep: self.priority(ep, endpoints, label))]
        else:
            chosen = [ep for ep in online if float(_known(ep.get("weight", 1), "weight")) > 0]
            if not chosen:
                self.walk.trace.append(f"{label}: every weight is 0, NXDOMAIN")
                return None
        self.walk.trace.append(
            f"{label}: {method} answers {', '.join(str(ep.get('name')) for ep in chosen)}"
            " [TM_ROUTING]"
        )
        values: list[str] = []
        for ep in chosen:
            where = f"{profile.name}.endpoints[{ep.get('name')}]"
            kind = _endpoint_kind(ep, where)
            if kind == "nestedendpoints":
                child = self.child(ep, where, (*seen, profile.urn))
                inner = self.answer(child, (*seen, profile.urn))
                if inner is not None:
                    values.extend(inner[0])
            else:
                key = "target" if kind == "externalendpoints" else "targetResourceId"
                values.append(_target_key(str(_known(ep.get(key), f"{where}.{key}"))))
        return values, [str(ep.get("name")) for ep in chosen]

    def priority(self, ep: Mapping[str, Any], endpoints: list[dict[str, Any]], label: str) -> float:
        given = [e.get("priority") for e in endpoints]
        if all(p is None for p in given):
            return float(endpoints.index(cast("dict[str, Any]", ep)))  # the endpoints' order
        if any(p is None for p in given):
            raise SimulationError(f"{label}: priority set on some endpoints only [TM_ROUTING]")
        values = [float(_known(p, "priority")) for p in given]
        if len(set(values)) != len(values):
            raise SimulationError(f"{label}: two endpoints share a priority [TM_ROUTING]")
        return float(_known(ep.get("priority"), "priority"))


def resolve(recording: Recording, hostname: str, down: Collection[str] = ()) -> Answer:
    """What clients resolving ``hostname`` get while the endpoints in ``down`` (IP addresses,
    host names or Azure resource ids, as written in the profiles) fail their probes.

    NXDOMAIN (a disabled profile, or no enabled endpoint) is an :class:`Answer` with no values.
    """
    host = _dns_name(hostname)
    index = _Index(recording)
    walk = _Walk(down={_target_key(d) for d in down})
    record = index.record(host)
    record_type = _known(record.inputs.get("recordType"), "recordType")
    profile: RecordedResource | None = None
    name = host
    for _hop in range(8):
        target_ref = record.inputs.get("targetResource") or record.inputs.get(
            "trafficManagementProfile"
        )
        if isinstance(target_ref, dict):
            ref = _known(cast("dict[str, Any]", target_ref).get("id"), f"{record.name}.id")
            profile = index.profile_by_id(str(ref))
            if profile is None:
                raise SimulationError(
                    f"{record.name} references {ref!r}, which is not a Traffic Manager profile "
                    "in the recording"
                )
            walk.trace.append(f"{name}: Azure DNS alias record to {profile.name} [DNS_ALIAS]")
            break
        cname = record.inputs.get("cnameRecord")
        if isinstance(cname, dict):
            target = _dns_name(
                str(_known(cast("dict[str, Any]", cname).get("cname"), f"{record.name}.cname"))
            )
            walk.trace.append(f"{name}: CNAME {target}")
            profile = index.profile_by_fqdn(target)
            if profile is not None:
                break
            nxt = index.record_by_name(target)
            if nxt is None:
                raise SimulationError(
                    f"{name} is a CNAME to {target!r}, which the recording does not hold"
                )
            record, name = nxt, target
            continue
        raise SimulationError(f"{record.name} does not point at a Traffic Manager profile")
    if profile is None:
        raise SimulationError(f"{host!r}: CNAME chain longer than 8")

    ttl = _known(cast("dict[str, Any]", profile.inputs.get("dnsConfig") or {}).get("ttl"), "ttl")
    if ttl is None:
        raise SimulationError(f"profile {profile.name!r} has no dnsConfig.ttl")
    result = _Resolver(index, walk).answer(profile, ())
    if result is None:
        return Answer(host, str(record_type), (), (), False, int(ttl), trace=tuple(walk.trace))
    values, pools = result
    kinds = {_kind(v) for v in values}
    if len(kinds) > 1:
        raise SimulationError(f"{host!r} would answer mixed types {sorted(kinds)} [TM_FAQ]")
    answer_type = kinds.pop() if kinds else str(record_type)
    if record_type in ("A", "AAAA") and answer_type != record_type:
        # Alias A/AAAA records to a profile need External endpoints with IP targets of that
        # family [DNS_ALIAS].
        raise SimulationError(
            f"{host!r} is an alias {record_type} record, but the profile answers {answer_type}"
        )
    return Answer(
        hostname=host,
        record_type=answer_type,
        values=tuple(sorted(set(values))),
        pools=tuple(pools),
        fail_open=walk.fail_open,
        ttl=int(ttl),
        trace=tuple(walk.trace),
    )


def publishes(recording: Recording, hostname: str) -> bool:
    """True when an Azure DNS record set in the recording is ``hostname``."""
    host = hostname.strip().lower().removesuffix(".")

    def name(value: object) -> str:
        return str(value or "").strip().lower().removesuffix(".")

    for r in recording.resources:
        if r.type != "azure-native:dns:RecordSet":
            continue
        rel, zone = name(r.inputs.get("relativeRecordSetName")), name(r.inputs.get("zoneName"))
        if (zone if rel in ("@", "") else f"{rel}.{zone}") == host:
            return True
    return False
