"""``CloudDnsFailover``: DNS failover that Google Cloud DNS's own health checkers perform.

Imports ``pulumi_gcp`` narrowly: ``pulumi_gcp.dns`` (cheap) at import; ``pulumi_gcp.compute``
(over a second, every compute class: gcp.md §4) when a component is constructed. The alert
resources (``pulumi_gcp.monitoring``, only with ``alerts``) are in :mod:`.alerts`, the DNSSEC
parts in :mod:`.dnssec`; with this module they are the only ones of the package that import the
SDK. compute and monitoring emit DeprecationWarnings about classes never used here at import
time; :func:`.alerts.quiet_import` silences them for that import only, so programs run with
``-W error`` still work.
"""

import dataclasses
from collections.abc import Mapping
from types import ModuleType
from typing import Any, Optional, cast

import pulumi
from pulumi_gcp import dns

from .. import _component, ownership
from ..errors import FailoverConfigError, Reason
from ..model import AddressKind, Endpoint
from ..summary import FailoverSetSummary, report, tiers_of
from ..validation import checked_address
from .alerts import describe as describe_alerts
from .alerts import notify, quiet_import
from .args import CloudDnsFailoverArgs
from .constants import COMPONENT
from .dnssec import ds_record as read_ds_record
from .dnssec import zone_config as dnssec_zone_config
from .iam import deployer_roles
from .layout import GcpLayout, health_check_name, plan, record_name, zone_name
from .rules import address_reasons, cloud_name_reasons, key_reasons, set_reasons
from .settings import GcpSettings, managed_zone_reason, parse_settings, project_reason

__all__ = ["CloudDnsFailover"]


class CloudDnsFailover(pulumi.ComponentResource):
    """DNS failover on Google Cloud DNS: a primary set of IP addresses and one backup.

    Declares one ``gcp.dns.RecordSet`` for the hostname with a failover routing policy
    (``routing_policy.primary_backup``): the first pool's endpoints are the primary's health-
    checked ``external_endpoints``, the second pool's are one backup geo item (probed endpoints
    as ``health_checked_targets``, endpoints with status ``up`` as un-checked ``rrdatas``). One
    global ``gcp.compute.HealthCheck`` with exactly 3 ``source_regions`` probes every target;
    Cloud DNS answers with the healthy primary targets, else the backup's, and with every target
    unhealthy answers as if all were healthy (fail-open). Google's probers do the failover;
    nothing runs in your project. Only public zones can health-check external endpoints, and
    the organisation policy ``constraints/compute.disableInternetNetworkEndpointGroup`` must be
    off (https://cloud.google.com/dns/docs/configure-routing-policies). Probes come from Google
    addresses that are not the load balancers' ranges: allow any source on the health port.

    Health check: HTTP and HTTPS pass on status 200 only, with the hostname as Host header and
    SNI name; ``search_string`` becomes ``response``, which the start of the body must match.
    ``check_interval_sec`` is at least 30 and logging is on, so each state transition is in
    Cloud Logging.

    Endpoint ``status``: ``down`` leaves the endpoint out of the record set; with every primary
    endpoint ``down`` the primary is kept (the API needs one) and ``trickle_ratio`` 1.0 sends
    all traffic to the backup, a declarative drill or drain. ``up`` puts a backup endpoint in
    the backup's ``rrdatas``, answered whenever the backup is, never probed.

    Child resources are named ``<name>-zone`` (with ``create_zone``), ``<name>-hc`` (the
    health check), ``<name>-record`` (the record set); with ``alerts``: ``<name>-alerts`` (the
    alert policy), ``<name>-alerts-email-<address slug>`` and ``<name>-alerts-webhook`` (the
    notification channels). Swapping or editing the pools updates them in place.

    DNSSEC (``dnssec``): a created zone is signed (``dnssec_config`` state ``on``, NSEC3); with
    ``managed_zone`` the zone must already be signed. The DS record to publish at the registrar
    is exported as ``ds_record`` (from ``gcp.dns.get_keys``). Cloud DNS then allows one
    health-checked address per pool and no mix with un-checked ones.

    Alerts (``alerts``): one Cloud Monitoring alert policy whose log-match condition fires on
    health-check ``UNHEALTHY`` transitions, notifying an e-mail channel per address and a
    webhook channel. The health check's own transitions are the signal Cloud DNS fails over
    on; uptime checks would be a second set of probers that can disagree with it, and Cloud
    DNS publishes no target-health metric. Not verified on a live project: the log's resource type and labels for DNS
    external-endpoint checks, so the filter matches the log name and the state only, and any
    logged health check of the project turning unhealthy notifies.
    """

    fqdn: pulumi.Output[str]
    """The hostname clients resolve (lower case, no trailing dot)."""
    managed_zone: pulumi.Output[str]
    """The name of the managed zone holding the record set (given, or created)."""
    name_servers: pulumi.Output[Optional[list[str]]]
    """The created zone's name servers, to delegate to at the registrar; ``None`` unless
    ``create_zone`` is true."""
    health_check_id: pulumi.Output[str]
    """The health check's id (``projects/<project>/global/healthChecks/<name>``), the form the
    record set's routing policy refers to."""
    worst_case_failover_seconds: pulumi.Output[int]
    """Worst-case seconds from an outage of the primary until every resolver that honours TTLs
    answers with the backup."""
    ds_record: pulumi.Output[Optional[str]]
    """The DS record of the zone's key-signing key, to publish at the registrar, when
    ``dnssec`` is true; ``None`` otherwise."""
    acknowledged_policies: pulumi.Output[dict[str, str]]
    """The policy rules this set acknowledges (``policy_acknowledgements``), rule -> reason:
    the policy pack reports their findings as acknowledged."""
    alert_policy_name: pulumi.Output[Optional[str]]
    """The alert policy's resource name (``projects/<project>/alertPolicies/<id>``); ``None``
    without ``alerts``."""
    deployer_roles: pulumi.Output[list[str]]
    """The predefined IAM roles the identity that deploys this component needs (DNS, the
    health check, and with ``alerts`` Cloud Monitoring), to grant to the CI deployer."""

    def __init__(
        self,
        name: str,
        args: CloudDnsFailoverArgs,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        raw = cast("Mapping[str, Any]", args)
        subject = f"CloudDnsFailover {name!r}"
        fset = _component.validated(
            raw,
            subject,
            args_type=CloudDnsFailoverArgs,
            cloud_keys=key_reasons,
            cloud_set=set_reasons,
        )
        settings = _checked_project(parse_settings(raw)[0], subject)
        layout = plan(fset, settings)
        FailoverConfigError.raise_if_any(cloud_name_reasons(name, settings), subject)
        ownership.claim_set(subject, fset, parent=opts.parent if opts else None)
        super().__init__(COMPONENT, name, None, opts)
        self._name = name
        self._fset = fset
        self._settings = settings
        self._layout = layout
        self._subject = subject

        zone, zone_resource = self._zone(settings)
        compute = quiet_import("compute")
        check = self._health_check(compute, layout, settings)
        self._record = self._record_set(layout, settings, zone, check, zone_resource)
        ds_record = read_ds_record(self, zone, settings, subject) if settings.dnssec else None
        alert_policy: Optional[pulumi.Output[Optional[str]]] = None
        if settings.alerts is not None:
            alert_policy = notify(self, name, fset.hostname, settings.alerts, settings, subject)

        self.fqdn = _component.known(fset.hostname)
        self.managed_zone = _component.as_output(zone)
        self.name_servers = _component.optional(
            cast(
                "Optional[pulumi.Output[Optional[list[str]]]]",
                zone_resource.name_servers if zone_resource is not None else None,
            )
        )
        self.health_check_id = cast("pulumi.Output[str]", check.id)
        self.worst_case_failover_seconds = _component.known(
            layout.timing.worst_case_failover_seconds
        )
        self.ds_record = _component.optional(ds_record)
        self.acknowledged_policies = _component.known(dict(fset.policy_acknowledgements))
        self.alert_policy_name = _component.optional(alert_policy)
        self.deployer_roles = _component.known(
            deployer_roles(
                create_zone=settings.create_zone,
                alerts=settings.alerts is not None,
                dnssec=settings.dnssec,
            )
        )
        report(self._summary)
        _component.register_state(
            self,
            fqdn=fset.hostname,
            worst_case_failover_seconds=layout.timing.worst_case_failover_seconds,
            acknowledged_policies=fset.policy_acknowledgements,
        )

    # -- the zone ------------------------------------------------------------------------

    def _zone(self, settings: GcpSettings) -> "tuple[pulumi.Input[str], Optional[dns.ManagedZone]]":
        """``(the managed zone's name, the zone if it is created here)``."""
        if settings.create_zone:
            dnssec = dnssec_zone_config() if settings.dnssec else None
            zone = dns.ManagedZone(
                zone_name(self._name),
                dns_name=f"{self._fset.zone_name}.",
                visibility="public",
                description=f"failover-components {self._name}",
                dnssec_config=dnssec,
                project=settings.project,
                opts=pulumi.ResourceOptions(parent=self),
            )
            return zone.name, zone
        given = settings.managed_zone
        assert given is not None
        if _component.is_plain(given):
            return given, None
        subject = self._subject

        def check(value: object) -> str:
            reason = managed_zone_reason(value)
            if reason:
                raise FailoverConfigError([reason], subject)
            return cast(str, value)

        return _component.lift(check, given), None

    # -- the health check ----------------------------------------------------------------

    def _health_check(self, compute: ModuleType, layout: GcpLayout, settings: GcpSettings) -> Any:
        c = layout.check
        # Only a global check takes source_regions, exactly 3, and then no SSL, HTTP/2 or gRPC
        # block, no TCP request and no proxy header (pulumi_gcp compute.HealthCheckArgs
        # .source_regions). Every field but name and project updates in place
        # (PROVIDER_HEALTH_CHECK), so the record set's reference to it never changes.
        return compute.HealthCheck(
            health_check_name(self._name),
            description=f"failover-components {self._name}: {self._fset.hostname}",
            check_interval_sec=c.check_interval_sec,
            timeout_sec=c.timeout_sec,
            healthy_threshold=c.healthy_threshold,
            unhealthy_threshold=c.unhealthy_threshold,
            source_regions=list(c.source_regions),
            # State transitions go to Cloud Logging: what the alerts match on, and how people
            # see why Cloud DNS failed over (https://cloud.google.com/load-balancing/docs/health-check-logging).
            log_config={"enable": True},
            project=settings.project,
            opts=pulumi.ResourceOptions(parent=self),
            **{c.block: c.block_args()},
        )

    # -- the record set ------------------------------------------------------------------

    def _address(self, endpoint: Endpoint) -> pulumi.Input[str]:
        record_type = self._fset.record_type

        def extra(kind: AddressKind, value: str) -> list[Reason]:
            return address_reasons(endpoint, kind, value, record_type)

        return checked_address(endpoint, self._fset, subject=self._subject, extra=extra)

    def _record_set(
        self,
        layout: GcpLayout,
        settings: GcpSettings,
        zone: "pulumi.Input[str]",
        check: Any,
        zone_resource: "Optional[dns.ManagedZone]",
    ) -> "dns.RecordSet":
        targets = None
        if layout.backup_targets:
            targets = dns.RecordSetRoutingPolicyPrimaryBackupBackupGeoHealthCheckedTargetsArgs(
                external_endpoints=[self._address(e) for e in layout.backup_targets]
            )
        backup = dns.RecordSetRoutingPolicyPrimaryBackupBackupGeoArgs(
            location=layout.backup_location,
            health_checked_targets=targets,
            rrdatas=[self._address(e) for e in layout.backup_rrdatas] or None,
        )
        depends: list[pulumi.Resource] = [zone_resource] if zone_resource is not None else []
        return dns.RecordSet(
            record_name(self._name),
            managed_zone=zone,
            name=layout.record_name,
            type=layout.record_type,
            ttl=layout.ttl,
            project=settings.project,
            routing_policy=dns.RecordSetRoutingPolicyArgs(
                # The id form (projects/<p>/global/healthChecks/<name>): the provider stores
                # health_check verbatim with no diff suppression and ForceNew
                # (PROVIDER_RECORD_SET, schema "health_check"), and its own acceptance test
                # passes google_compute_health_check.id and must plan empty after apply
                # (PROVIDER_RECORD_SET_TEST, testAccDnsRecordSet_routingPolicyRegionalL7XLB
                # PrimaryBackup), so the id is what the API reads back. Not re-checked on a
                # live project here.
                health_check=check.id,
                primary_backup=dns.RecordSetRoutingPolicyPrimaryBackupArgs(
                    primary=dns.RecordSetRoutingPolicyPrimaryBackupPrimaryArgs(
                        external_endpoints=[self._address(e) for e in layout.primary_targets]
                    ),
                    backup_geos=[backup],
                    trickle_ratio=layout.trickle_ratio,
                    # Fencing would keep a dead backup bucket instead of failing over further;
                    # with one item it changes nothing but the fail-open (ROUTING_POLICIES).
                    enable_geo_fencing_for_backups=False,
                ),
            ),
            # The provider's create deletes every record set of the same name and type and
            # adds the new one in one change; its delete removes the old one by name and type
            # (PROVIDER_RECORD_SET, resourceDnsRecordSetCreate / Delete). Under Pulumi's
            # default create-before-delete, a replacement's final delete then hits the record
            # just created (or fails on its changed data). Delete first instead: replacements
            # only come from a new zone, name, project or health-check id, none of which the
            # day-2 changes of tests/test_gcp_changes.py produce.
            opts=pulumi.ResourceOptions(
                parent=self, delete_before_replace=True, depends_on=depends
            ),
        )

    # -- summary -------------------------------------------------------------------------

    def _summary(self) -> FailoverSetSummary:
        """The plan summary (built when the plan or a test drains it)."""
        fset, layout, settings = self._fset, self._layout, self._settings
        check = layout.check.to_summary()
        return FailoverSetSummary(
            component=self._name,
            type=COMPONENT,
            cloud="gcp",
            hostname=fset.hostname,
            zone_name=fset.zone_name,
            record_type=fset.record_type.value,
            ttl=layout.ttl,
            tiers=tiers_of(fset, [check for _ in fset.pools], list(layout.tier_timings)),
            timing=layout.timing,
            budget_seconds=fset.max_failover_seconds,
            facts={
                "zone": "created" if settings.create_zone else "given (managed_zone)",
                "health_checks": 1,
                "fail_open": "with every target unhealthy Cloud DNS answers as if all were "
                f"healthy: clients get pool {fset.pools[0].name!r}",
                "status_down": "left out of the record set; a fully drained primary is kept "
                "with trickle_ratio 1.0 (all traffic to the backup)",
                "records": {
                    layout.primary.name: "primary.external_endpoints (health-checked)",
                    layout.backup.name: f"backup_geos[0] at {layout.backup_location} "
                    "(health_checked_targets; status 'up' in rrdatas)",
                },
                "trickle_ratio": layout.trickle_ratio,
                "dnssec": "signed; publish ds_record at the registrar"
                if settings.dnssec
                else "off",
                "alerts": describe_alerts(settings.alerts),
            },
        )


def _checked_project(settings: GcpSettings, subject: str) -> GcpSettings:
    """The settings with an Output ``project`` that fails the deployment, naming the path, if
    it resolves to something that is not a project id (a plain one was checked already)."""
    project = settings.project
    if project is None or _component.is_plain(project):
        return settings

    def check(value: object) -> str:
        reason = project_reason(value)
        if reason:
            raise FailoverConfigError([reason], subject)
        return cast(str, value)

    return dataclasses.replace(settings, project=_component.lift(check, project))
