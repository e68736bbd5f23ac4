"""The policy rules' view of Google Cloud DNS resources: one check per rule that applies,
reading only resources (camelCase properties), inside components and hand-written.

:mod:`failover_components.policy` runs these beside its own checks for each rule (through the
registry, :mod:`failover_components.clouds`); the rules' documentation for this cloud is
``POLICY_NOTES`` in :mod:`.constants`. No SDK import.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from ..networks import unprobeable_address
from ..policy.base import STALE, PolicyConfig, Violation
from ..policy.read import UNKNOWN, as_list, as_map
from ..policy.views import ResourceView, StackView
from .constants import (
    ALERT_POLICY,
    HEALTH_CHECK,
    MANAGED_ZONE,
    RECORD_SET,
)

__all__ = ["CHECKS"]


def _label(record: ResourceView) -> str:
    name = record.props.get("name")
    return f"{name if isinstance(name, str) else record.name} {record.props.get('type')}"


def _failover_sets(stack: StackView) -> Iterator[tuple[ResourceView, Mapping[str, Any]]]:
    """Record sets with a failover (primaryBackup) routing policy, and their routing policy."""
    for record in stack.of_type(RECORD_SET):
        routing = as_map(record.props.get("routingPolicy"))
        if routing.get("primaryBackup") is not None:
            yield record, routing


def _primary_health_checked(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for record, routing in _failover_sets(stack):
        check = routing.get("healthCheck")
        primary = as_map(as_map(routing.get("primaryBackup")).get("primary"))
        external = primary.get("externalEndpoints")
        if external is not None and external != [] and check in (None, ""):
            yield Violation(
                record,
                f"failover record set {_label(record)} has external endpoints but no "
                "routing_policy.health_check: Cloud DNS cannot tell the primary is down, so "
                "traffic never fails over",
            )


def _failover_ttl(stack: StackView, config: PolicyConfig) -> Iterator[Violation]:
    limit = config.max_ttl_seconds
    for record in stack.of_type(RECORD_SET):
        ttl = record.props.get("ttl")
        routed = bool(as_map(record.props.get("routingPolicy")))
        if routed and isinstance(ttl, (int, float)) and not isinstance(ttl, bool) and ttl > limit:
            yield Violation(
                record,
                f"record set {_label(record)} has ttl {int(ttl)} s, above {limit} s: {STALE}",
            )


def _https_health_checks(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for check in stack.of_type(HEALTH_CHECK):
        props = check.props
        for block, kind in (("httpHealthCheck", "HTTP"), ("tcpHealthCheck", "TCP")):
            if props.get(block) is not None:
                yield Violation(check, f"health check probes over {kind}, not HTTPS")


def _zone_dnssec(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for zone in stack.of_type(MANAGED_ZONE):
        visibility = zone.props.get("visibility")
        if isinstance(visibility, str) and visibility.lower() == "private":
            continue
        state = as_map(zone.props.get("dnssecConfig")).get("state")
        if state is UNKNOWN or (isinstance(state, str) and state.lower() in ("on", "transfer")):
            continue
        name = zone.props.get("dnsName")
        yield Violation(
            zone,
            f"managed zone {name if isinstance(name, str) else zone.name!r} is not signed: "
            "dnssec_config.state is not 'on'",
        )


def _health_alerts(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    # Components are covered by the generic check (an alert among their descendants); here:
    # hand-written failover record sets, covered by any alert policy outside the components.
    loose = [a for a in stack.of_type(ALERT_POLICY) if stack.component_of(a) is None]
    for record, _routing in _failover_sets(stack):
        if stack.component_of(record) is None and not loose:
            yield Violation(
                record,
                "no Cloud Monitoring alert policy in the stack: nobody is told when this "
                "failover record set fails over",
            )


def _second_tier(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for record, routing in _failover_sets(stack):
        backups = routing["primaryBackup"]
        geos = as_map(backups).get("backupGeos")
        if geos is UNKNOWN:
            continue
        targets = 0
        for item in as_list(geos):
            data = as_map(item)
            checked = as_map(data.get("healthCheckedTargets"))
            targets += len(as_list(checked.get("externalEndpoints")))
            targets += len(as_list(checked.get("internalLoadBalancers")))
            targets += len(as_list(data.get("rrdatas")))
        if targets == 0:
            yield Violation(
                record,
                f"failover record set {_label(record)} has no backup target: there is nothing "
                "to fail over to",
            )


def _probe_public_address(stack: StackView, _config: PolicyConfig) -> Iterator[Violation]:
    for record, routing in _failover_sets(stack):
        if routing.get("healthCheck") in (None, ""):
            continue
        policy = as_map(routing.get("primaryBackup"))
        addresses = list(as_list(as_map(policy.get("primary")).get("externalEndpoints")))
        for item in as_list(policy.get("backupGeos")):
            checked = as_map(as_map(item).get("healthCheckedTargets"))
            addresses += as_list(checked.get("externalEndpoints"))
        for address in addresses:
            why = unprobeable_address(address)
            if why:
                yield Violation(
                    record,
                    f"external endpoint {address} is in the {why}: Google's probers cannot "
                    "reach it, so it is always unhealthy",
                )


CHECKS = {
    "FO001": _primary_health_checked,
    "FO002": _failover_ttl,
    "FO004": _https_health_checks,
    "FO007": _zone_dnssec,
    "FO008": _health_alerts,
    "FO009": _second_tier,
    "FO010": _probe_public_address,
}
"""Rule id -> this cloud's check (FO003 and FO013 read the component itself, any cloud)."""
