"""The pure plan of a Traffic Manager failover set: the monitor settings of each profile
(defaults resolved), which pools are nested profiles, the names and DNS labels, TTLs, timing,
the DS record and the plan summary. No SDK import.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pulumi

from .. import cloud_names, naming, summary, timing
from ..model import FailoverSet, HealthCheck, Pool
from ..spec import Protocol
from .constants import (
    ACTION_GROUP_SHORT_NAME_LENGTH,
    ALERT_AGGREGATION,
    ALERT_EVALUATION_FREQUENCY,
    ALERT_SEVERITY,
    ALERT_THRESHOLD,
    ALERT_WINDOW_SIZE,
    DEFAULT_CODES,
    DEFAULT_FAILURE_THRESHOLD,
    DEFAULT_INTERVAL,
    DEFAULT_TTL,
    ENDPOINT_STATUS_METRIC,
    HIDDEN_HEADER_VALUE,
    TYPE_TOKEN,
)
from .settings import AzureAlerts, AzureSettings

__all__ = [
    "Monitor",
    "action_group_short_name",
    "default_profile_dns_name",
    "ds_record_of",
    "email_receiver_names",
    "fqdn_of",
    "is_nested",
    "monitor_of",
    "nested_profile_dns_name",
    "occupies",
    "probe_headers",
    "profile_names",
    "secret_headers",
    "summary_of",
    "tier_timings",
    "ttl_of",
]


@dataclass(frozen=True)
class Monitor:
    """One profile's ``monitorConfig``, every default resolved."""

    protocol: Protocol
    port: int
    path: str | None
    """``None`` for TCP (a path is an error there [TM_MONITOR])."""
    interval_seconds: int
    timeout_seconds: int
    failure_threshold: int
    status_ranges: tuple[tuple[int, int], ...]
    """Empty for TCP."""
    headers: tuple[tuple[str, pulumi.Input[str]], ...]
    """Host first; empty for TCP."""

    @property
    def tolerated_failures(self) -> int:
        """Degraded when consecutive failures exceed this [TM_MONITOR]."""
        return self.failure_threshold - 1

    def describe(self) -> dict[str, Any]:
        """The effective settings in Traffic Manager's own names, for the plan summary."""
        out: dict[str, Any] = {
            "protocol": self.protocol.value,
            "port": self.port,
            "interval_in_seconds": self.interval_seconds,
            "timeout_in_seconds": self.timeout_seconds,
            "tolerated_number_of_failures": self.tolerated_failures,
        }
        if self.protocol is not Protocol.TCP:
            out["path"] = self.path
            out["expected_status_code_ranges"] = [f"{lo}-{hi}" for lo, hi in self.status_ranges]
            # Header values but Host are secrets on the profile (see secret_headers): the plan
            # summary, printed in CI logs, does not show them either.
            out["custom_headers"] = {
                name: HIDDEN_HEADER_VALUE
                if name.lower() != "host"
                else value
                if isinstance(value, str)
                else summary.UNKNOWN_ADDRESS
                for name, value in self.headers
            }
        return out


def _default_timeout(interval: int) -> int:
    # 10 s with the normal 30 s interval, 9 s with fast probing [TM_MONITOR].
    return 10 if interval == 30 else 9


def probe_headers(hc: HealthCheck) -> tuple[tuple[str, pulumi.Input[str]], ...]:
    """The headers every probe sends, Host first (empty for TCP)."""
    if hc.protocol is Protocol.TCP:
        return ()
    given = [(str(k), v) for k, v in hc.headers.items()]
    if any(k.lower() == "host" for k, _ in given):
        host = [(k, v) for k, v in given if k.lower() == "host"]
        return (*host, *((k, v) for k, v in given if k.lower() != "host"))
    # Probes otherwise send the endpoint's DNS name (or nothing useful for an IP) as Host, and
    # a virtual host or ingress answers 404 (pain.md §F34) [TM_FAQ "What host header...?"].
    return (("Host", hc.host), *given)


def monitor_of(hc: HealthCheck) -> Monitor:
    """The monitor settings of a validated health check, defaults resolved."""
    interval = hc.interval_seconds or DEFAULT_INTERVAL
    tcp = hc.protocol is Protocol.TCP
    return Monitor(
        protocol=hc.protocol,
        port=hc.port or 0,
        path=None if tcp else (hc.path or "/"),
        interval_seconds=interval,
        timeout_seconds=hc.timeout_seconds or _default_timeout(interval),
        failure_threshold=hc.failure_threshold or DEFAULT_FAILURE_THRESHOLD,
        status_ranges=() if tcp else (hc.expected_codes or DEFAULT_CODES),
        headers=probe_headers(hc),
    )


def is_nested(pool: Pool) -> bool:
    """A pool needs its own child profile for several endpoints or its own monitor settings
    (monitor settings are per profile) [TM_NESTED]."""
    return len(pool.endpoints) > 1 or pool.overrides_health_check


def occupies(fset: FailoverSet) -> str | None:
    """What this cloud writes at the hostname, for :mod:`ownership`: a CNAME to the profile
    off the apex whatever the set's record type (so an A set and an AAAA set of one hostname
    collide), alias A/AAAA record sets of the set's type at the apex
    (https://learn.microsoft.com/azure/dns/dns-alias)."""
    return None if fset.is_apex else "CNAME"


def ttl_of(fset: FailoverSet) -> int:
    """The profile TTL clients cache."""
    return DEFAULT_TTL if fset.ttl is None else fset.ttl


def tier_timings(fset: FailoverSet) -> list[timing.FailoverTiming]:
    """One timing per tier, from the monitor settings of the profile that probes it (a nested
    pool's own child profile, the parent profile otherwise: the same as the pool's health
    check)."""
    out: list[timing.FailoverTiming] = []
    for pool in fset.pools:
        m = monitor_of(pool.health_check)
        out.append(
            timing.traffic_manager_timing(
                interval_seconds=m.interval_seconds,
                failure_threshold=m.failure_threshold,
                timeout_seconds=m.timeout_seconds,
                ttl_seconds=ttl_of(fset),
            )
        )
    return out


def default_profile_dns_name(name: str, project: str, stack: str) -> str:
    """``<component slug>-<hash of project, stack, name>``: unique per stack, and the same on
    every update (a new name would be a new public DNS name)."""
    digest = naming.short_hash(project, stack, name)
    stem = naming.slug(name, 63 - len(digest) - 1) or "failover"
    return f"{stem}-{digest}"


def nested_profile_dns_name(profile_dns_name: str, pool: str) -> str:
    """The child profile's label for one pool: the parent's label and the pool name (hashed
    when that is longer than 63 characters; a pool name with a hyphen run, ``eu--1``, carries
    a hash of itself so it never shares a label with ``eu-1``)."""
    return naming.slug(f"{profile_dns_name}-{cloud_names.pool_part(pool)}", 63)


def profile_names(dns_name: str, fset: FailoverSet) -> list[tuple[str, str, str]]:
    """``(argument path, DNS label, profile name)`` of every Traffic Manager profile of the set:
    the parent first, then one per nested pool. The profile's resource name is its DNS label:
    labels are unique among all profiles, so the names are unique in any resource group, and
    a label (1-63 lowercase letters, digits, inner hyphens) is within Azure's profile-name
    rule (1-63 alphanumerics, hyphens and periods, starting and ending with an alphanumeric)."""
    out = [("profile_dns_name", dns_name, dns_name)]
    for index, pool in enumerate(fset.pools):
        if is_nested(pool):
            label = nested_profile_dns_name(dns_name, pool.name)
            out.append((f"pools[{index}].name", label, label))
    return out


def action_group_short_name(component: str) -> str:
    """The action group's short name (at most 12 characters [ACTION_GROUPS]): the component
    name, shortened with a hash when longer."""
    return naming.slug(component, ACTION_GROUP_SHORT_NAME_LENGTH) or "failover"


def email_receiver_names(emails: Sequence[str]) -> dict[str, str]:
    """Address -> receiver name in the action group, from the address itself (never its
    position, so reordering renames nothing): ``email-<slug of the address>``. Names must be
    unique in the group [ACTION_GROUPS]; two addresses with the same slug (``a.b@`` and
    ``a-b@``) both get a hash of the address appended."""
    stems = {email: "email-" + naming.slug(email, 56) for email in emails}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    return {
        email: stem if counts[stem] == 1 else f"{stem}-{naming.short_hash(email.lower())}"
        for email, stem in stems.items()
    }


def _field(obj: Any, snake: str, camel: str) -> Any:
    # A lone Output hands over the SDK's output class (read its property, which does not warn);
    # Output.all hands over plain dicts with the SDK's (snake_case) names; a hand-built value
    # may use the wire (camelCase) names.
    if hasattr(type(cast(object, obj)), snake):
        return getattr(obj, snake)
    if isinstance(obj, Mapping):
        data = cast("Mapping[str, Any]", obj)
        return data.get(snake, data.get(camel))
    return None


def _is_sha256(info: Any) -> bool:
    digest_type = _field(info, "digest_algorithm_type", "digestAlgorithmType")
    if str(digest_type).strip().lower() in {"2", "sha256", "sha-256"}:
        return True
    record = _field(info, "record", "record")
    fields = record.split() if isinstance(record, str) else []
    return digest_type is None and len(fields) == 4 and fields[2] == "2"


def ds_record_of(signing_keys: Any) -> str:
    """The DS record(s) to publish at the registrar: the SHA-256 (digest type 2) record of each
    key-signing key, ``<key tag> 13 2 <digest>``, one per line (one line unless a KSK rollover
    is in progress [DNS_DNSSEC]).

    Azure returns a zone-signing key without delegation signer info and a key-signing key
    (flags 257) with it [PULUMI-AZ ``dns/outputs.py`` ``SigningKeyResponse``]; SHA-256 is the
    digest type registries must accept (RFC 8624 §3.3), so it is the one exported.
    """
    records: list[str] = []
    for key in cast("Sequence[Any]", signing_keys or ()):
        for info in cast(
            "Sequence[Any]", _field(key, "delegation_signer_info", "delegationSignerInfo") or ()
        ):
            record = _field(info, "record", "record")
            if _is_sha256(info) and isinstance(record, str) and record.strip():
                records.append(record.strip())
    if not records:
        raise RuntimeError(
            "Azure DNS returned no SHA-256 (digest type 2) DS record for the signed zone; "
            "read it with `az network dns dnssec-config show`"
        )
    return "\n".join(dict.fromkeys(records))


# ----------------------------------------------------------------------------------------
# The component.


def _alerts_fact(alerts: AzureAlerts) -> str:
    targets = [f"{len(alerts.emails)} email address(es)"] if alerts.emails else []
    if alerts.webhook_url is not None:
        targets.append("a webhook")
    if alerts.action_group_id is not None:
        targets.append("an existing action group")
    return (
        f"{ENDPOINT_STATUS_METRIC} {ALERT_AGGREGATION} < {ALERT_THRESHOLD} per endpoint "
        f"over {ALERT_WINDOW_SIZE}, every {ALERT_EVALUATION_FREQUENCY}, severity "
        f"{ALERT_SEVERITY}, to " + ", ".join(targets)
    )


def summary_of(
    name: str,
    fset: FailoverSet,
    settings: AzureSettings,
    dns_name: str,
    nested: Sequence[str],
) -> summary.FailoverSetSummary:
    """The plan summary of the component ``name`` (built when the plan or a test drains it,
    not at construction)."""
    timings = tier_timings(fset)
    facts: dict[str, Any] = {}
    if settings.dnssec:
        facts["dnssec"] = (
            f"zone {fset.zone_name} signed; publish ds_record at the registrar; the "
            f"{dns_name}.trafficmanager.net hop is not signed"
        )
    if settings.alerts is not None:
        facts["alerts"] = _alerts_fact(settings.alerts)
    return summary.FailoverSetSummary(
        component=name,
        type=TYPE_TOKEN,
        cloud="azure",
        hostname=fset.hostname,
        zone_name=fset.zone_name,
        record_type=fset.record_type.value,
        ttl=ttl_of(fset),
        tiers=summary.tiers_of(
            fset,
            [
                {
                    **monitor_of(pool.health_check).describe(),
                    "profile": nested_profile_dns_name(dns_name, pool.name)
                    if pool.name in nested
                    else dns_name,
                }
                for pool in fset.pools
            ],
            timings,
        ),
        timing=timing.slowest(timings[:-1]),
        budget_seconds=fset.max_failover_seconds,
        facts={
            "profile_dns_name": dns_name,
            "routing": "Priority (priority = tier)",
            "nested_profiles": sorted(nested),
            "record": (
                f"alias {fset.record_type.value} record to the profile (zone apex)"
                if fset.is_apex
                else "CNAME to the profile's FQDN"
            ),
            "create_zone": settings.create_zone,
            "fail_open": "when every enabled endpoint is Degraded, Traffic Manager "
            "answers as if all were Online",
            **facts,
        },
    )


def secret_headers(
    headers: tuple[tuple[str, pulumi.Input[str]], ...],
) -> tuple[tuple[str, pulumi.Input[str]], ...]:
    """Every header value but Host as a Pulumi secret: a shared secret header is how the
    health endpoint is kept private. Host is the public hostname: without other headers the
    monitor configuration stays readable in diffs (one secret value makes Pulumi encrypt the
    whole ``monitorConfig``)."""
    return tuple(
        (key, value if key.lower() == "host" else pulumi.Output.secret(value))
        for key, value in headers
    )


def fqdn_of(dns_config: Any) -> str:
    """The profile's ``dnsConfig.fqdn`` as the engine hands it over."""
    # Output.all hands over the output type as a plain dict, a lone Output as the SDK's class.
    fqdn = (
        cast("Mapping[str, Any]", dns_config).get("fqdn")
        if isinstance(dns_config, Mapping)
        else getattr(dns_config, "fqdn", None)
    )
    if not isinstance(fqdn, str) or not fqdn:
        raise RuntimeError("Traffic Manager returned no dnsConfig.fqdn for a created profile")
    return fqdn
