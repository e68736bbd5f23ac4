"""Pure validators: every cloud-neutral rule, in one place.

Each check returns reasons and never raises; :func:`parse_failover_set` gathers them all and
returns the normalised :class:`~failover_components.model.FailoverSet`, or ``None`` with the
reasons. Cloud modules add their own rules on top and raise one
:class:`~failover_components.errors.FailoverConfigError` with everything found.

Values that are still unknown ``Output``s are checked when they resolve: see
:func:`checked_address`.
"""

import ipaddress
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, cast

import pulumi

from .addresses import (
    KIND_FOR_TYPE,
    KIND_WORDS,
    classify_address,
    endpoint_default_name,
    infer_record_type,
    zone_and_host,
)
from .addresses import hostname_problem as hostname_problem
from .addresses import normalise_name as normalise_name
from .alerts import email_list_reasons, email_problem, email_reasons
from .errors import FailoverConfigError, Reason
from .health_check import HC_KEYS, Layer, parse_health_check
from .model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from .networks import unprobeable_network
from .policy.catalogue import CATALOGUE, read_acknowledgement
from .reader import Reader as _Reader
from .reader import as_list, check_keys, is_output, join, typeddict_keys
from .spec import (
    EndpointArgs,
    EndpointStatus,
    FailoverSetArgs,
    PoolArgs,
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


MAX_TTL = 2**31 - 1
"""The DNS maximum (RFC 2181 §8), and Route 53's and Traffic Manager's."""

_POOL_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$")
_ENDPOINT_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$")


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
    if record_type is not None and kind is not KIND_FOR_TYPE[record_type]:
        wanted = KIND_FOR_TYPE[record_type]
        reasons.append(
            Reason(
                path,
                f"{KIND_WORDS.get(kind, 'this address')} cannot be a {record_type.value} answer",
                normalised,
                KIND_WORDS[wanted],
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


_POOL_KEYS = typeddict_keys(PoolArgs)
_ENDPOINT_KEYS = typeddict_keys(EndpointArgs)
_POOLS_EXPECTED = "a list of at least 2 pools (tiers)"
ARGS_PATH = "<args>"
"""The path of a reason about the args as a whole (they are not a mapping)."""


_POOL_NAME_EXPECTED = "a pool name such as 'primary'"
_ENDPOINTS_EXPECTED = "a list of at least 1 endpoint"
_ADDRESS_EXPECTED = "an IP address or a host name"


class _PoolDraft(NamedTuple):
    """A pool read before its endpoints are: the record type is inferred from every address
    of the set first."""

    name: str
    position: int
    """0 for the first pool."""
    endpoints: list[dict[str, Any]]
    min_healthy: int
    health_check: HealthCheck
    overrides_health_check: bool
    path: str


class _Address(NamedTuple):
    """One endpoint's mapping and its address, classified."""

    data: dict[str, Any]
    path: str
    kind: AddressKind
    address: Any
    """The normalised string, or the ``Output`` as given (kind ``UNKNOWN``)."""

    @property
    def alias(self) -> bool:
        return self.data.get("alias_zone_id") is not None


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
    zone, host = zone_and_host(read, top)

    record_type = read.enum(top, "record_type", "", RecordType)
    ttl = read.integer(top, "ttl", "", 0, MAX_TTL)
    budget = read.integer(top, "max_failover_seconds", "", 1)
    acknowledgements = _acknowledgements(read, top)

    set_layer = _health_check_layer(read, top, "")
    set_hc = parse_health_check(read, [set_layer], host)
    drafts = _pool_drafts(read, _pools_list(read, top), set_layer, set_hc, host)
    # Endpoints: read them all first, so the record type can be inferred from every address.
    rows = [_addresses(read, draft) for draft in drafts]
    answers = [(a.kind, a.alias) for row in rows for a in row]
    record_type = infer_record_type(read, record_type, answers, host, zone)
    endpoints = _Endpoints(read, record_type, host)
    pools = tuple(
        _pool(draft, endpoints.pool(row)) for draft, row in zip(drafts, rows, strict=True)
    )

    if reasons or record_type is None:
        return None, reasons
    return (
        FailoverSet(
            hostname=host,
            zone_name=zone,
            record_type=record_type,
            ttl=ttl,
            pools=pools,
            health_check=set_hc,
            max_failover_seconds=budget,
            policy_acknowledgements=acknowledgements,
        ),
        reasons,
    )


def _health_check_layer(read: _Reader, data: Mapping[str, Any], path: str) -> Layer:
    """The ``health_check`` keys given at ``path`` (the set's or a pool's), checked as keys."""
    where = join(path, "health_check")
    raw: Mapping[str, Any] = {}
    if data.get("health_check") is not None:
        raw = read.mapping(data["health_check"], where) or {}
        read.reasons.extend(check_keys(raw, HC_KEYS, where))
    return Layer(raw, where)


def _pools_list(read: _Reader, top: Mapping[str, Any]) -> list[Any]:
    pools = read.sequence(top, "pools", "")
    if pools is None:
        if not read.present_null(top, "pools", "", _POOLS_EXPECTED) and "pools" not in top:
            read.fail("pools", "required", expected=_POOLS_EXPECTED)
        return []
    if len(pools) < 2:
        read.fail(
            "pools",
            f"{len(pools)} pool(s) is not a failover set",
            expected="at least 2 pools: a primary and a secondary",
        )
    return pools


def _pool_drafts(
    read: _Reader, pools: list[Any], set_layer: Layer, set_hc: HealthCheck, host: str
) -> list[_PoolDraft]:
    """Every pool that is a mapping, its own keys read (names unique across the set)."""
    drafts: list[_PoolDraft] = []
    names: dict[str, str] = {}
    for index, raw in enumerate(pools):
        path = f"pools[{index}]"
        pool = read.mapping(raw, path)
        if pool is None:
            continue
        read.reasons.extend(check_keys(pool, _POOL_KEYS, path))
        name = _pool_name(read, pool, path, names)
        layer = _health_check_layer(read, pool, path)
        hc = parse_health_check(read, [set_layer, layer], host) if layer.data else set_hc
        given, endpoints = _pool_endpoints(read, pool, path)
        min_healthy = read.integer(pool, "min_healthy", path, 1)
        if min_healthy is not None and given and min_healthy > len(given):
            read.fail(
                f"{path}.min_healthy",
                f"more than the pool's {len(given)} endpoint(s)",
                min_healthy,
                f"1 to {len(given)}",
            )
        drafts.append(
            _PoolDraft(
                name=name or f"pool{index}",
                position=index,
                endpoints=endpoints,
                min_healthy=min_healthy or 1,
                health_check=hc,
                overrides_health_check=bool(layer.data),
                path=path,
            )
        )
    return drafts


def _pool_name(
    read: _Reader, pool: Mapping[str, Any], path: str, names: dict[str, str]
) -> str | None:
    """The pool's name, required, valid and not used by an earlier pool (``names``)."""
    name = read.string(pool, "name", path)
    if read.required(pool, "name", path, _POOL_NAME_EXPECTED) and name is not None:
        if not _POOL_NAME.match(name):
            read.fail(
                f"{path}.name",
                "not a valid pool name",
                name,
                "1-32 lowercase letters, digits and inner hyphens",
            )
        elif name in names:
            read.fail(f"{path}.name", f"duplicate pool name (also {names[name]})", name)
        else:
            names[name] = path
    return name


def _pool_endpoints(
    read: _Reader, pool: Mapping[str, Any], path: str
) -> tuple[list[Any], list[dict[str, Any]]]:
    """The pool's ``endpoints`` as given, and those that are mappings."""
    given = read.sequence(pool, "endpoints", path)
    if read.required(pool, "endpoints", path, _ENDPOINTS_EXPECTED) and given == []:
        read.fail(f"{path}.endpoints", "empty pool", [], "at least 1 endpoint")
    endpoints: list[dict[str, Any]] = []
    for index, raw in enumerate(given or []):
        endpoint = read.mapping(raw, f"{path}.endpoints[{index}]")
        if endpoint is not None:
            endpoints.append(dict(endpoint))
    return given or [], endpoints


def _addresses(read: _Reader, draft: _PoolDraft) -> list[_Address]:
    """Each endpoint's address, classified; an endpoint without a usable one is left out."""
    row: list[_Address] = []
    for index, endpoint in enumerate(draft.endpoints):
        path = f"{draft.path}.endpoints[{index}]"
        read.reasons.extend(check_keys(endpoint, _ENDPOINT_KEYS, path))
        if not read.required(endpoint, "address", path, _ADDRESS_EXPECTED):
            continue
        raw = endpoint["address"]
        if isinstance(raw, str):
            kind, address, problem = classify_address(raw)
            if problem:
                read.fail(f"{path}.address", problem, raw, "an IPv4 or IPv6 address or a host name")
                continue
            row.append(_Address(endpoint, path, kind, address))
        elif is_output(raw):
            row.append(_Address(endpoint, path, AddressKind.UNKNOWN, raw))
        else:
            read.fail(f"{path}.address", "not a string", raw, _ADDRESS_EXPECTED)
    return row


def _pool(draft: _PoolDraft, endpoints: tuple[Endpoint, ...]) -> Pool:
    return Pool(
        name=draft.name,
        tier=draft.position + 1,
        endpoints=endpoints,
        min_healthy=draft.min_healthy,
        health_check=draft.health_check,
        overrides_health_check=draft.overrides_health_check,
        where=draft.path,
    )


class _Options(NamedTuple):
    """An endpoint's keys besides its name and address."""

    status: EndpointStatus
    weight: int | None
    alias_zone_id: Any
    evaluate_target_health: bool | None


class _Endpoints:
    """Builds each pool's endpoints, once the set's record type is known; an address may
    appear in one tier only."""

    def __init__(self, read: _Reader, record_type: RecordType | None, hostname: str) -> None:
        self.read = read
        self.record_type = record_type
        self.hostname = hostname
        self.seen: dict[str, str] = {}

    def pool(self, row: list[_Address]) -> tuple[Endpoint, ...]:
        names: dict[str, str] = {}
        built = (self.endpoint(address, names) for address in row)
        return tuple(endpoint for endpoint in built if endpoint is not None)

    def endpoint(self, address: _Address, names: dict[str, str]) -> Endpoint | None:
        options = self.options(address)
        name = self.name(address)
        if name is None:
            return None
        if name in names:
            self.read.fail(
                f"{address.path}.name",
                f"duplicate endpoint name in the pool (also {names[name]})",
                name,
            )
        names[name] = address.path
        if address.kind is not AddressKind.UNKNOWN:
            self.check_address(address, options)
        return Endpoint(
            name=name,
            address=address.address,
            kind=address.kind,
            weight=options.weight or 1,
            weight_given=options.weight is not None,
            status=options.status,
            alias_zone_id=options.alias_zone_id,
            evaluate_target_health=options.evaluate_target_health,
            where=address.path,
        )

    def options(self, address: _Address) -> _Options:
        read, data, path = self.read, address.data, address.path
        status = read.enum(data, "status", path, EndpointStatus) or EndpointStatus.OBEY
        weight = read.integer(data, "weight", path, 1, 255)
        alias_zone = data.get("alias_zone_id")
        if alias_zone is not None and not isinstance(alias_zone, str) and not is_output(alias_zone):
            read.fail(f"{path}.alias_zone_id", "not a string", alias_zone, "a hosted zone id")
            alias_zone = None
        eth = read.boolean(data, "evaluate_target_health", path)
        if eth is not None and alias_zone is None:
            read.fail(
                f"{path}.evaluate_target_health",
                "only applies to an alias endpoint",
                eth,
                "alias_zone_id set as well, or no evaluate_target_health",
            )
        return _Options(status, weight, alias_zone, eth)

    def name(self, address: _Address) -> str | None:
        """The endpoint's name, or the one derived from its plain address; ``None`` (and a
        reason) when there is none to use."""
        read, data, path = self.read, address.data, address.path
        name = read.string(data, "name", path)
        if read.present_null(
            data, "name", path, "a stable endpoint name, or no name key (derived from address)"
        ):
            return None
        if name is None and "name" not in data:
            if address.kind is AddressKind.UNKNOWN:
                read.fail(
                    f"{path}.name",
                    "required when address is not a plain string (child resource names "
                    "must not depend on values known only at deployment)",
                    expected="a stable endpoint name",
                )
                return None
            if address.kind is AddressKind.AZURE_RESOURCE_ID:
                return endpoint_default_name(str(address.address).rsplit("/", 1)[-1])
            return endpoint_default_name(str(address.address))
        if name is not None and not _ENDPOINT_NAME.match(name):
            read.fail(
                f"{path}.name",
                "not a valid endpoint name",
                name,
                "1-48 lowercase letters, digits and inner hyphens",
            )
        return name

    def check_address(self, address: _Address, options: _Options) -> None:
        key = str(address.address)
        path = f"{address.path}.address"
        if key in self.seen:
            self.read.fail(
                path,
                f"duplicate endpoint (also {self.seen[key]}); an endpoint belongs to one tier",
                key,
            )
        self.seen.setdefault(key, path)
        self.read.reasons.extend(
            address_reasons(
                address.kind,
                key,
                path=path,
                record_type=self.record_type,
                probed=options.status is EndpointStatus.OBEY,
                hostname=self.hostname,
                alias=options.alias_zone_id is not None,
            )
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
