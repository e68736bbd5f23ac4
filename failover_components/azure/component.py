"""Azure: :class:`TrafficManagerFailover`, ordered failover with Traffic Manager priority routing
behind an Azure DNS name.

One Traffic Manager profile with ``Priority`` routing holds one endpoint per pool, priority =
tier. A pool with a single endpoint and the set's health check is an inline endpoint; a pool
with several endpoints, or with its own ``health_check``, becomes a nested child profile
(``Weighted`` routing inside the tier, its own monitor settings, ``min_healthy`` as the
parent's ``minChildEndpoints``). Every endpoint is declared inline on its profile, never as a
separate ``Endpoint`` resource: a profile update is a full PUT, so the two models overwrite
each other (pain.md §F33). The hostname in Azure DNS is a CNAME to the profile's FQDN below
the zone apex, or an alias A/AAAA record targeting the profile at the apex.

Only ``pulumi_azure_native.trafficmanager`` and ``pulumi_azure_native.dns`` are imported (the
package's other modules stay lazy). The zone signing lives in ``dnssec.py`` and the alert
resources in ``alerts.py`` (which imports ``monitor`` only when ``alerts`` are asked for): with
this module, the only ones of the package that import ``pulumi_azure_native``.
"""

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Optional, cast

import pulumi

# Only trafficmanager and dns at import: alerts (monitor) import theirs when used.
from pulumi_azure_native import dns, trafficmanager

from .. import _component, naming, summary, timing
from ..errors import Reason
from ..model import AddressKind, Endpoint, FailoverSet, HealthCheck, Pool
from ..spec import EndpointStatus, Protocol, RecordType
from ..validation import checked_address, classify_address
from .args import TrafficManagerFailoverArgs
from .constants import AZURE, EXTERNAL, NESTED, RECORD_MIN_TTL, TYPE_NAME, TYPE_TOKEN
from .layout import (
    Monitor,
    fqdn_of,
    is_nested,
    monitor_of,
    nested_profile_dns_name,
    secret_headers,
    summary_of,
    tier_timings,
    ttl_of,
)
from .rules import (
    address_rules,
    checked_headers,
    checked_resource_group,
    checked_set,
)
from .settings import (
    AzureAlerts,
    AzureSettings,
)

__all__ = ["TrafficManagerFailover"]


class TrafficManagerFailover(pulumi.ComponentResource):
    """Ordered DNS failover with Azure Traffic Manager ``Priority`` routing behind Azure DNS.

    ``pools[0]`` is priority 1, ``pools[1]`` priority 2, and so on; Traffic Manager's own
    probes mark endpoints Degraded and its name servers answer with the first healthy tier.
    When every enabled endpoint is Degraded, Traffic Manager answers as if all were Online
    (fail-open) [TM_MONITOR]. Every argument is validated before anything is registered, and
    every problem is reported at once in one :class:`~failover_components.FailoverConfigError`.

    **Health checks.** HTTPS is the default and the Host header is the public hostname, so a
    virtual host answers the probe as it answers clients. To keep the health endpoint private,
    require a shared secret header there and pass it in ``health_check.headers`` (Traffic
    Manager sends custom headers with every probe [TM_MONITOR]). Every header value other than
    Host is made a Pulumi secret, so the profile's whole ``monitorConfig`` is encrypted in the
    state and hidden in diffs (pass a ``pulumi.Output.secret`` or a secret config value to keep
    it out of the program too). Host alone is not a secret (it is the public hostname), so a
    profile without other headers keeps a readable monitor configuration. The probes' source
    addresses are the ``AzureTrafficManager`` service tag [SERVICE_TAGS], for a firewall
    allow-list.

    **DNSSEC** (``dnssec: true``). A ``DnssecConfig`` signs the zone (ECDSAP256SHA256; Azure
    rolls the zone-signing key itself [DNS_DNSSEC]) and ``ds_record`` holds the DS record for
    the parent zone. The signing configuration is created with ``protect=True``: removing it
    while the parent still publishes the DS makes every validating resolver answer SERVFAIL
    for the whole zone. Turning it on, in order [DNS_DNSSEC_HOWTO]:

    1. ``pulumi up`` with ``dnssec: true``: the zone is signed, ``ds_record`` is exported;
    2. publish ``<zone_name>. IN DS <ds_record>`` at the registrar (or the parent zone);
    3. verify the chain of trust (``dig +dnssec <hostname>``, or a DNSSEC analyser) before
       relying on it.

    Turning it off, in order [DNS_DNSSEC_UNSIGN]:

    1. remove the DS record at the registrar;
    2. wait out the DS record's TTL in the parent zone (often a day or two) so that no
       resolver still holds it;
    3. ``pulumi state unprotect <urn of <name>-dnssec>``, then ``pulumi up`` with
       ``dnssec: false`` to stop signing.

    DNSSEC does not cover the failover answer itself: the hostname is a CNAME (or, at the
    apex, an alias record) through ``<profile>.trafficmanager.net``, which is not signed, so a
    validating resolver treats the answer as insecure past that hop [DNS_TMLINK]. The
    component warns about it (``[failover-components:azure-unsigned-hop]``). Azure DNS
    Traffic Manager linked records, in preview, answer from the signed zone directly
    [DNS_TMLINK]. Sign a zone from one component only (a zone has one DNSSEC configuration).

    **Alerts** (``alerts``). An Azure Monitor metric alert on the parent profile watches
    ``ProbeAgentCurrentEndpointStateByProfileResourceId`` per endpoint (every tier: an inline
    endpoint or a nested pool) and fires when its average falls below 0.5 over five minutes,
    Microsoft's guidance [TM_METRICS]; it resolves itself when the endpoint recovers. It
    notifies an action group created for ``emails`` and ``webhook_url`` (common alert schema,
    the webhook URL kept secret) and, when given, the existing ``action_group_id`` too. An
    endpoint forced ``down`` (a drain or a drill) may report as down as well.
    """

    fqdn: pulumi.Output[str]
    """The hostname clients resolve (known once its Azure DNS record is declared)."""
    profile_fqdn: pulumi.Output[str]
    """The parent profile's ``<profile_dns_name>.trafficmanager.net``."""
    profile_id: pulumi.Output[str]
    """The parent profile's Azure resource id."""
    name_servers: pulumi.Output[Optional[list[str]]]
    """The Azure DNS name servers of the zone when ``create_zone`` is true; ``None`` otherwise."""
    worst_case_failover_seconds: pulumi.Output[int]
    """Worst case, in seconds, until every TTL-honouring resolver gets the next tier (the
    slowest tier that can fail over)."""
    ds_record: pulumi.Output[Optional[str]]
    """The DS record to publish at the registrar when ``dnssec`` is on (``<key tag> 13 2
    <SHA-256 digest>``, the record data for ``<zone_name>. IN DS``); ``None`` otherwise."""
    acknowledged_policies: pulumi.Output[dict[str, str]]
    """``policy_acknowledgements``: policy rule id or name -> the reason it is knowingly
    broken; the policy pack reports those findings as acknowledged."""
    action_group_id: pulumi.Output[Optional[str]]
    """The action group the alert notifies: the one created for ``alerts.emails`` and
    ``alerts.webhook_url``, else ``alerts.action_group_id``; ``None`` without alerts. Attach
    further alert rules to it."""

    def __init__(
        self,
        name: str,
        args: TrafficManagerFailoverArgs,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        subject = f"{TYPE_NAME} {name!r}"
        fset, settings, dns_name, names = checked_set(
            name, cast("Mapping[str, Any]", args), subject, opts.parent if opts else None
        )
        self._profile_names = {label: profile for _path, label, profile in names}
        super().__init__(TYPE_TOKEN, name, None, opts)

        assert settings.resource_group_name is not None  # required: checked by validated()
        rg = checked_resource_group(settings.resource_group_name, subject)
        profile, nested = self._profiles(name, fset, rg, dns_name, subject)
        zone = self._zone(name, fset, rg) if settings.create_zone else None
        profile_fqdn = _once_created(profile, profile.dns_config, fqdn_of)
        record = self._record(name, fset, rg, profile, profile_fqdn, zone)
        ds_record = self._dnssec(name, fset, rg, dns_name, zone) if settings.dnssec else None
        group_id: Optional[pulumi.Output[Optional[str]]] = None
        if settings.alerts is not None:
            group_id = self._alerts(name, settings.alerts, rg, profile, fset.hostname, subject)

        hostname = fset.hostname
        worst = timing.slowest(tier_timings(fset)[:-1]).worst_case_failover_seconds
        self.fqdn = record.urn.apply(lambda _urn: hostname)
        self.profile_fqdn = profile_fqdn
        self.profile_id = profile.id
        self.name_servers = (
            _component.known(None)
            if zone is None
            else _once_created(
                zone, zone.name_servers, lambda ns: list(ns) if ns is not None else None
            )
        )
        self.worst_case_failover_seconds = _component.known(worst)
        self.ds_record = _component.optional(ds_record)
        self.acknowledged_policies = _component.known(dict(fset.policy_acknowledgements))
        self.action_group_id = _component.optional(group_id)
        self._report(name, fset, settings, dns_name, sorted(nested))
        _component.register_state(
            self,
            fqdn=hostname,
            worst_case_failover_seconds=worst,
            acknowledged_policies=fset.policy_acknowledgements,
        )

    def _report(
        self,
        name: str,
        fset: FailoverSet,
        settings: AzureSettings,
        dns_name: str,
        nested: list[str],
    ) -> None:
        """Report how to build the plan summary (built when the plan or a test drains it)."""
        summary.report(lambda: summary_of(name, fset, settings, dns_name, nested))

    def _profiles(
        self,
        name: str,
        fset: FailoverSet,
        rg: pulumi.Input[str],
        dns_name: str,
        subject: str,
    ) -> tuple[trafficmanager.Profile, dict[str, trafficmanager.Profile]]:
        """The parent ``Priority`` profile, one endpoint per pool (a nested child profile for
        each pool that needs one), and the nested profiles by pool name."""
        ttl = ttl_of(fset)
        endpoints: list[trafficmanager.EndpointArgs] = []
        nested: dict[str, trafficmanager.Profile] = {}
        for pool in fset.pools:
            if is_nested(pool):
                child = self._nested_profile(name, pool, fset, rg, dns_name, ttl, subject)
                nested[pool.name] = child
                endpoints.append(
                    trafficmanager.EndpointArgs(
                        name=pool.name,
                        type=NESTED,
                        target_resource_id=child.id,
                        # The child counts as Online while at least this many of its endpoints
                        # are; below it the parent skips to the next priority [TM_NESTED].
                        min_child_endpoints=pool.min_healthy,
                        priority=pool.tier,
                        endpoint_status="Enabled",
                    )
                )
            else:
                endpoints.append(
                    _leaf(pool.endpoints[0], fset, subject, name=pool.name, priority=pool.tier)
                )
        profile = trafficmanager.Profile(
            naming.child(name, "profile"),
            resource_group_name=rg,
            location="global",  # profiles are global [TM_FAQ]
            profile_status="Enabled",
            traffic_routing_method="Priority",
            dns_config=trafficmanager.DnsConfigArgs(relative_name=dns_name, ttl=ttl),
            monitor_config=_monitor_args(monitor_of(fset.health_check), fset.health_check, subject),
            endpoints=endpoints,
            profile_name=self._profile_names[dns_name],
            opts=_profile_opts(self),
        )
        return profile, nested

    def _zone(self, name: str, fset: FailoverSet, rg: pulumi.Input[str]) -> dns.Zone:
        """The Azure DNS zone, when ``create_zone`` is true."""
        return dns.Zone(
            naming.child(name, "zone"),
            zone_name=fset.zone_name,
            resource_group_name=rg,
            location="global",
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _record(
        self,
        name: str,
        fset: FailoverSet,
        rg: pulumi.Input[str],
        profile: trafficmanager.Profile,
        profile_fqdn: pulumi.Output[str],
        zone: dns.Zone | None,
    ) -> dns.RecordSet:
        """The hostname in Azure DNS: a CNAME to the profile, an alias record at the apex."""
        record_opts = pulumi.ResourceOptions(
            parent=self, depends_on=[zone] if zone is not None else None
        )
        record_ttl = max(ttl_of(fset), RECORD_MIN_TTL)
        if fset.is_apex:
            # CNAME is not allowed at the apex; an alias A/AAAA record set targets the profile
            # and answers its endpoints' addresses [DNS_ALIAS].
            return dns.RecordSet(
                naming.child(name, "record"),
                resource_group_name=rg,
                zone_name=fset.zone_name,
                relative_record_set_name="@",
                record_type=fset.record_type.value,
                ttl=record_ttl,
                target_resource=dns.SubResourceArgs(id=profile.id),
                opts=record_opts,
            )
        return dns.RecordSet(
            naming.child(name, "record"),
            resource_group_name=rg,
            zone_name=fset.zone_name,
            relative_record_set_name=fset.relative_name,
            record_type="CNAME",
            ttl=record_ttl,
            cname_record=dns.CnameRecordArgs(cname=profile_fqdn),
            opts=record_opts,
        )

    # -- DNSSEC and alerts (their own modules, as in every cloud's package) ----------------

    def _dnssec(
        self,
        name: str,
        fset: FailoverSet,
        rg: pulumi.Input[str],
        dns_name: str,
        zone: dns.Zone | None,
    ) -> pulumi.Output[Optional[str]]:
        """The zone's signing configuration (protected); returns the DS record."""
        from .dnssec import sign_zone

        return sign_zone(self, name, fset, rg, dns_name, zone)

    def _alerts(
        self,
        name: str,
        alerts: AzureAlerts,
        rg: pulumi.Input[str],
        profile: trafficmanager.Profile,
        hostname: str,
        subject: str,
    ) -> pulumi.Output[Optional[str]]:
        """The action group and the metric alert; returns the id of the group notified."""
        from .alerts import notify

        return notify(self, name, alerts, rg, profile, hostname, subject)

    def _nested_profile(
        self,
        name: str,
        pool: Pool,
        fset: FailoverSet,
        rg: pulumi.Input[str],
        dns_name: str,
        ttl: int,
        subject: str,
    ) -> trafficmanager.Profile:
        settings = monitor_of(pool.health_check)
        label = nested_profile_dns_name(dns_name, pool.name)
        return trafficmanager.Profile(
            naming.child(name, pool.name, "profile"),
            resource_group_name=rg,
            location="global",
            profile_status="Enabled",
            # Every healthy endpoint of the tier answers, in proportion to its weight.
            traffic_routing_method="Weighted",
            dns_config=trafficmanager.DnsConfigArgs(relative_name=label, ttl=ttl),
            monitor_config=_monitor_args(settings, pool.health_check, subject),
            endpoints=[
                _leaf(endpoint, fset, subject, name=endpoint.name, weight=endpoint.weight)
                for endpoint in pool.endpoints
            ],
            profile_name=self._profile_names[label],
            opts=_profile_opts(self),
        )


def _profile_opts(component: pulumi.Resource) -> pulumi.ResourceOptions:
    """A profile's options. ``profileName`` is the profile's URL path, so changing it replaces
    the profile (azure-native: path parameters force replacement), and a replacement is
    created before the old one is deleted while both want the same global DNS name
    ``<relativeName>.trafficmanager.net``: Azure refuses the new one. 0.1.0 let the provider
    auto-name profiles (the logical name plus random characters), so an explicit name would
    replace every existing profile on upgrade: the name is set at creation and its later
    changes are ignored, keeping each existing profile (and its DNS name) in place."""
    return pulumi.ResourceOptions(parent=component, ignore_changes=["profileName"])


def _monitor_config(settings: Monitor) -> trafficmanager.MonitorConfigArgs:
    """The SDK's monitor config of the resolved settings."""
    http = settings.protocol is not Protocol.TCP
    return trafficmanager.MonitorConfigArgs(
        protocol=settings.protocol.value,
        port=settings.port,
        path=settings.path,
        interval_in_seconds=settings.interval_seconds,
        timeout_in_seconds=settings.timeout_seconds,
        tolerated_number_of_failures=settings.tolerated_failures,
        expected_status_code_ranges=[
            trafficmanager.MonitorConfigExpectedStatusCodeRangesItemArgs(min=low, max=high)
            for low, high in settings.status_ranges
        ]
        if http
        else None,
        custom_headers=[
            trafficmanager.MonitorConfigCustomHeadersItemArgs(name=name, value=value)
            for name, value in settings.headers
        ]
        if http
        else None,
    )


def _monitor_args(
    settings: Monitor, hc: HealthCheck, subject: str
) -> trafficmanager.MonitorConfigArgs:
    return _monitor_config(
        replace(settings, headers=secret_headers(checked_headers(settings, hc, subject)))
    )


def _leaf(
    endpoint: Endpoint,
    fset: FailoverSet,
    subject: str,
    *,
    name: str,
    priority: int | None = None,
    weight: int | None = None,
) -> trafficmanager.EndpointArgs:
    """An External or Azure endpoint; its status maps to ``endpointStatus``/``alwaysServe``."""

    def extra(kind: AddressKind, norm: str) -> list[Reason]:
        return address_rules(fset, endpoint, kind, norm)

    address = checked_address(endpoint, fset, subject=subject, extra=extra)
    kind = endpoint.kind
    ep_type: pulumi.Input[str]
    target: pulumi.Input[Optional[str]]
    target_id: pulumi.Input[Optional[str]]
    if kind is AddressKind.AZURE_RESOURCE_ID:
        ep_type, target, target_id = AZURE, None, address
    elif kind is not AddressKind.UNKNOWN or fset.record_type is not RecordType.CNAME:
        # A known IP or host name, or an A/AAAA set whose Outputs must resolve to IPs.
        ep_type, target, target_id = EXTERNAL, address, None
    else:
        # An Output in a CNAME set may be a host name or an Azure resource id (a public IP's
        # `id`, say): the endpoint type follows the resolved value. A None field is omitted.
        def pick(azure: bool) -> Callable[[str], str | None]:
            return lambda v: (
                v if (classify_address(v)[0] is AddressKind.AZURE_RESOURCE_ID) == azure else None
            )

        resolved = pulumi.Output.from_input(address)
        ep_type = resolved.apply(
            lambda v: AZURE if classify_address(v)[0] is AddressKind.AZURE_RESOURCE_ID else EXTERNAL
        )
        target = resolved.apply(pick(False))
        target_id = resolved.apply(pick(True))
    return trafficmanager.EndpointArgs(
        name=name,
        type=ep_type,
        target=target,
        target_resource_id=target_id,
        # Disabled: not probed and never answered, the drain and drill switch; always serve:
        # never probed and always answered, for targets the probes cannot reach [TM_MONITOR].
        endpoint_status="Disabled" if endpoint.status is EndpointStatus.DOWN else "Enabled",
        always_serve="Enabled" if endpoint.status is EndpointStatus.UP else "Disabled",
        priority=priority,
        weight=weight,
    )


def _once_created(
    resource: pulumi.CustomResource, value: pulumi.Output[Any], fn: Callable[[Any], Any]
) -> pulumi.Output[Any]:
    """``fn(value)`` tied to the resource's id: a computed property exists once the resource
    does, so a preview shows it as unknown rather than as missing."""
    return pulumi.Output.all(resource.id, value).apply(lambda pair: fn(pair[1]))
