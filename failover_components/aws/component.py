"""``Route53Failover``: DNS failover that Route 53's own health checkers perform.

The module of the package that imports ``pulumi_aws`` (with ``dnssec.py`` and ``alerts.py``,
which it calls only for those features). What to create is decided in ``layout.py`` (pure);
what is rejected, in ``settings.py`` and ``rules.py``; this module turns the plan into
``aws.route53`` resources, parented to the component and named from the component, pool and
endpoint names.
"""

from collections.abc import Mapping, Sequence
from typing import Any, Optional, cast

import pulumi

# Only route53 at import: DNSSEC (kms) and alerts (sns, cloudwatch) import theirs when used,
# and SDK classes in signatures are quoted, so importing this module stays close to importing
# pulumi_aws.route53 itself (benchmarks/).
from pulumi_aws import route53

from .. import _component, naming, ownership
from ..errors import FailoverConfigError, Reason
from ..model import AddressKind, FailoverSet
from ..summary import FailoverSetSummary, report
from ..validation import checked_address
from .args import Route53FailoverArgs
from .constants import COMPONENT
from .iam import deployer_policy_json
from .layout import (
    EndpointPlan,
    Layout,
    Probe,
    TierMode,
    TierPlan,
    plan,
    summary,
    tag,
)
from .rules import (
    cloud_name_reasons,
    resolved_address_reasons,
    resolved_alias_zone_reasons,
    set_reasons,
)
from .settings import (
    AwsAlerts,
    AwsSettings,
    parse_settings,
    topic_name_reasons,
    zone_id_reason,
)

__all__ = ["Route53Failover"]


class Route53Failover(pulumi.ComponentResource):
    """DNS failover on Route 53 for an ordered list of pools (tiers), any number of them.

    Declares one Route 53 health check per probed endpoint, a calculated check for pools that
    need several healthy endpoints, and failover records chained through names inside the zone
    so that clients always get the first healthy pool. Route 53's checkers do the failover;
    nothing runs in your account.

    Endpoint ``status``: ``obey`` gets a health check; ``down`` keeps its check, disabled and
    inverted, so Route 53 treats it as unhealthy whatever the endpoint does; ``up`` gets none
    and is always healthy (it also counts towards ``min_healthy``). Alias endpoints follow
    their target's health (``evaluate_target_health``) and get a Route 53 check only when
    their pool sets its own ``health_check``.

    Child resources are named ``<name>-<pool>-<endpoint>-hc`` (health checks),
    ``<name>-<pool>-calculated`` (calculated checks), ``<name>-level-<k>-primary`` and
    ``<name>-level-<k>-secondary`` (the failover records of chain level ``k``, keyed by their
    place so that reordering, adding or dropping tiers updates them in place; they carry their
    0.1.0 names ``<name>-<pool>-failover`` / ``<name>-<pool>-fallback`` as aliases),
    ``<name>-<pool>-<endpoint>-record`` (a pool member record) and ``<name>-zone``: renaming a
    pool or an endpoint replaces its health checks and member records. With ``dnssec``: ``<name>-dnssec-key`` (the KMS
    key, unless ``dnssec_kms_key_arn``), ``<name>-dnssec-ksk`` (the key-signing key) and
    ``<name>-dnssec`` (zone signing). With ``alerts``: ``<name>-<pool>-<endpoint>-alarm`` and
    ``<name>-<pool>-calculated-alarm`` (CloudWatch alarms), ``<name>-alerts`` (the SNS topic,
    unless ``alerts.sns_topic_arn``), ``<name>-alerts-email-<address slug>`` and
    ``<name>-alerts-webhook`` (its subscriptions).

    Hardened checks: HTTPS is the default, with the hostname as Host header and SNI name.
    Route 53 does not validate the certificate and sends no custom headers, so a shared-secret
    header cannot guard the health endpoint; allow-list Route 53's checker ranges instead
    (``ROUTE53_HEALTHCHECKS`` in https://ip-ranges.amazonaws.com/ip-ranges.json, also from the
    ``GetCheckerIpRanges`` API).

    DNSSEC (``dnssec``) signs the zone with a KMS key in us-east-1; the key, the key-signing
    key and the signing are protected (``protect=True``), since stopping signing while the
    parent still publishes the DS record breaks resolution for validating resolvers.
    Turning it on: (1) deploy with ``dnssec`` (Route 53 signs the zone); (2) publish the
    exported ``ds_record`` at the registrar (the parent zone); (3) verify the chain, e.g.
    ``dig +dnssec <hostname>`` through a validating resolver or https://dnsviz.net.
    Turning it off, in reverse: (1) remove the DS record at the registrar; (2) wait out the
    DS record's TTL at the parent (Route 53 refuses to stop signing while the parent still
    has it: ``KeySigningKeyInParentDSRecord``); (3) unprotect the three resources with
    ``pulumi state unprotect <urn>`` and deploy without ``dnssec``
    (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-disable.html).

    Alerts (``alerts``) put one CloudWatch alarm on each health check's ``HealthCheckStatus``
    (``Minimum < 1`` over 60 s) in us-east-1, where Route 53 publishes it; the alarm and its
    return to OK notify an SNS topic in us-east-1. Email and webhook subscriptions must be
    confirmed by their recipient before anything is delivered, and several minutes may pass
    between a failing check and the notification
    (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-monitor-view-status.html).
    """

    fqdn: pulumi.Output[str]
    """The hostname clients resolve (lower case, no trailing dot)."""
    zone_id: pulumi.Output[str]
    """The id of the hosted zone holding the records (adopted, looked up or created)."""
    name_servers: pulumi.Output[Optional[list[str]]]
    """The created zone's name servers, to delegate to at the registrar; ``None`` unless
    ``create_zone`` is true."""
    health_check_ids: pulumi.Output[dict[str, dict[str, str]]]
    """Route 53 health check ids by pool name, then endpoint name (endpoints with status
    ``up`` have none)."""
    worst_case_failover_seconds: pulumi.Output[int]
    """Worst-case seconds from an outage of a pool until every resolver that honours TTLs
    answers with the next pool (the slowest pool that can fail over). A lower bound when a pool
    fails over on an alias target's own health (an ALB without a Route 53 health check), which
    nothing documented bounds: the plan summary's ``timing.bounded`` is then false."""
    ds_record: pulumi.Output[Optional[str]]
    """The DS record to publish at the registrar (key tag, algorithm 13, digest type 2,
    digest) when ``dnssec`` is true; ``None`` otherwise."""
    acknowledged_policies: pulumi.Output[dict[str, str]]
    """The policy rules this set acknowledges (``policy_acknowledgements``), rule -> reason:
    the policy pack reports their findings as acknowledged."""
    alert_topic_arn: pulumi.Output[Optional[str]]
    """The SNS topic the alarms notify (created, or ``alerts.sns_topic_arn``), to subscribe
    more targets to; ``None`` without ``alerts``."""
    deployer_policy_json: pulumi.Output[str]
    """An IAM policy document (JSON) with only the Route 53, KMS, CloudWatch and SNS actions
    deploying this component needs, scoped to its zone where IAM allows: attach it to the CI
    deployer's role. Without ``dnssec`` or ``alerts`` it holds Route 53 statements only, in the
    ``aws`` partition (the account is then not looked up)."""

    def __init__(
        self,
        name: str,
        args: Route53FailoverArgs,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        subject = f"Route53Failover {name!r}"
        fset, settings, layout = _validated(name, cast("Mapping[str, Any]", args), subject)
        ownership.claim_set(subject, fset, parent=opts.parent if opts else None)
        super().__init__(COMPONENT, name, None, opts)
        # What the plan summary is built from when the plan or a test asks for it.
        self._name = name
        self._fset = fset
        self._settings = settings
        self._subject = subject
        self._ttl = layout.ttl
        self._addresses: dict[tuple[str, str], pulumi.Input[str]] = {}

        zone_id, name_servers = self._zone(settings)
        self._own_zone = zone_id
        checks, calculated = self._health_checks(layout)
        self._records(layout, checks, calculated, zone_id)
        self._account, self._partition = self._identity(settings)
        ds_record = self._dnssec(settings, zone_id) if settings.dnssec else None
        topic_arn: pulumi.Input[Optional[str]] = None
        if settings.alerts is not None:
            topic_arn = self._alerts(settings.alerts, layout, checks, calculated)
        self._check_count = sum(len(c) for c in checks.values())

        self.fqdn = _component.known(fset.hostname)
        self.zone_id = _component.as_output(zone_id)
        self.name_servers = _component.optional(name_servers)
        self.health_check_ids = _health_check_ids(checks)
        self.worst_case_failover_seconds = _component.known(
            layout.timing.worst_case_failover_seconds
        )
        self.ds_record = _component.optional(ds_record)
        self.acknowledged_policies = _component.known(dict(fset.policy_acknowledgements))
        self.alert_topic_arn = _component.as_output(topic_arn)
        self.deployer_policy_json = self._deployer_policy(settings, zone_id, topic_arn)
        report(self._summary)
        _component.register_state(
            self,
            fqdn=fset.hostname,
            worst_case_failover_seconds=layout.timing.worst_case_failover_seconds,
            acknowledged_policies=fset.policy_acknowledgements,
        )

    # -- the zone ------------------------------------------------------------------------

    def _zone(
        self, settings: AwsSettings
    ) -> tuple[pulumi.Input[str], Optional[pulumi.Output[Optional[list[str]]]]]:
        """``(zone id, name servers if the zone is created here)``."""
        given = settings.zone_id
        if given is not None:
            # A plain id was checked at construction; an Output is checked when it resolves.
            return _component.check_when_known(given, _zone_id_reasons, self._subject), None
        if settings.create_zone:
            zone = route53.Zone(
                naming.child(self._name, "zone"),
                name=self._fset.zone_name,
                opts=pulumi.ResourceOptions(parent=self),
            )
            servers = cast("pulumi.Output[Optional[list[str]]]", zone.name_servers)
            return zone.zone_id, servers
        # Look the public zone up by name; it fails the deployment ("no matching Route 53
        # Hosted Zone found") rather than creating a second zone for the name.
        found = route53.get_zone_output(
            name=self._fset.zone_name,
            private_zone=False,
            opts=pulumi.InvokeOptions(parent=self),
        )
        return found.zone_id, None

    def _identity(self, settings: AwsSettings) -> tuple[pulumi.Input[str], pulumi.Input[str]]:
        """``(account id, partition)``: they scope the KMS key policy and the KMS, CloudWatch
        and SNS statements of the deployer policy. Route 53 ARNs carry no account, so a set
        without dnssec or alerts makes no lookup (one invoke per component adds up in programs
        with many sets) and gets ``('*', 'aws')``."""
        if not settings.dnssec and settings.alerts is None:
            return "*", "aws"
        from pulumi_aws import get_caller_identity_output

        identity = get_caller_identity_output(opts=pulumi.InvokeOptions(parent=self))
        return identity.account_id, identity.arn.apply(lambda arn: arn.split(":")[1])

    # -- DNSSEC and alerts (their own modules: each imports its SDK modules when used) ----

    def _dnssec(
        self, settings: AwsSettings, zone_id: pulumi.Input[str]
    ) -> "pulumi.Output[Optional[str]]":
        from .dnssec import sign_zone

        identity = (self._account, self._partition)
        return sign_zone(
            self, self._name, self._fset.zone_name, settings, zone_id, identity, self._subject
        )

    def _alerts(
        self,
        alerts: AwsAlerts,
        layout: Layout,
        checks: "Mapping[str, Mapping[str, route53.HealthCheck]]",
        calculated: "Mapping[str, route53.HealthCheck]",
    ) -> "pulumi.Input[Optional[str]]":
        from .alerts import notify

        return notify(self, self._name, alerts, layout, checks, calculated, self._subject)

    # -- the deployer's policy -----------------------------------------------------------

    def _deployer_policy(
        self,
        settings: AwsSettings,
        zone_id: pulumi.Input[str],
        topic_arn: pulumi.Input[Optional[str]],
    ) -> pulumi.Output[str]:
        component = self._name

        def render(zone: str, account: str, partition: str, topic: Optional[str]) -> str:
            return deployer_policy_json(component, settings, zone, account, partition, topic)

        return _component.as_output(
            _component.lift(render, zone_id, self._account, self._partition, topic_arn)
        )

    # -- health checks -------------------------------------------------------------------

    def _health_checks(
        self, layout: Layout
    ) -> "tuple[dict[str, dict[str, route53.HealthCheck]], dict[str, route53.HealthCheck]]":
        """``(endpoint checks by pool and endpoint, calculated checks by pool)``."""
        checks: dict[str, dict[str, route53.HealthCheck]] = {}
        calculated: dict[str, route53.HealthCheck] = {}
        for tier in layout.tiers:
            checks[tier.pool.name] = {
                ep.endpoint.name: self._endpoint_check(tier, ep)
                for ep in tier.endpoints
                if ep.checked
            }
            if tier.calculated_threshold is not None:
                calculated[tier.pool.name] = self._calculated_check(
                    tier, list(checks[tier.pool.name].values())
                )
        return checks, calculated

    def _address(self, tier: TierPlan, ep: EndpointPlan) -> pulumi.Input[str]:
        """The endpoint's address, with the Route 53 rules checked when it resolves (once:
        the check and the record share it)."""
        key = (tier.pool.name, ep.endpoint.name)
        if key not in self._addresses:
            self._addresses[key] = self._checked_address(tier, ep)
        return self._addresses[key]

    def _checked_address(self, tier: TierPlan, ep: EndpointPlan) -> pulumi.Input[str]:
        hc = tier.pool.health_check

        def extra(kind: AddressKind, value: str) -> list[Reason]:
            return resolved_address_reasons(ep, hc, kind, value)

        return checked_address(ep.endpoint, self._fset, subject=self._subject, extra=extra)

    def _endpoint_check(self, tier: TierPlan, ep: EndpointPlan) -> "route53.HealthCheck":
        s = tier.settings
        address = self._address(tier, ep)
        ip_address: Optional[pulumi.Input[str]] = None
        fqdn: Optional[pulumi.Input[str]] = None
        if ep.probe is Probe.IP:
            ip_address = address
            # With an IP address, fqdn is only the Host header and SNI name; a TCP check
            # must not set both (pain.md §B12).
            fqdn = None if s.tcp else s.host
        else:
            fqdn = address
        # A 'down' endpoint keeps its check, disabled (never probed) and inverted: a disabled
        # check counts as healthy, so inverting it makes the endpoint unhealthy whatever its
        # real state. Inverting alone would turn a dead endpoint healthy. octoDNS maps
        # status down the same way (octodns_route53/provider.py, get_health_check_id).
        # https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
        down = ep.forced_down
        return route53.HealthCheck(
            naming.child(self._name, *ep.check_name),
            type=s.type,
            ip_address=ip_address,
            fqdn=fqdn,
            port=s.port,
            resource_path=s.resource_path,
            search_string=s.search_string,
            request_interval=s.request_interval,
            failure_threshold=s.failure_threshold,
            enable_sni=s.enable_sni,
            regions=list(s.regions) if s.regions else None,
            disabled=down,
            invert_healthcheck=down,
            tags=tag(self._fset, tier.pool.name, ep.endpoint.name),
            opts=self._check_opts(s.regions),
        )

    def _check_opts(self, regions: Optional[Sequence[str]]) -> pulumi.ResourceOptions:
        if regions:
            return pulumi.ResourceOptions(parent=self)
        # Without regions Route 53 checks from all of them and then reports the full list,
        # which would show as a diff on every run (pain.md §B11); the provider documents that
        # removing regions once set has no effect (pulumi_aws route53.HealthCheckArgs.regions).
        return pulumi.ResourceOptions(parent=self, ignore_changes=["regions"])

    def _calculated_check(
        self, tier: TierPlan, children: "list[route53.HealthCheck]"
    ) -> "route53.HealthCheck":
        # Healthy while at least `threshold` children are [API_HealthCheckConfig HealthThreshold];
        # endpoints with status 'up' have no child check and already lowered the threshold.
        return route53.HealthCheck(
            naming.child(self._name, *tier.calculated_name),
            type="CALCULATED",
            child_healthchecks=[c.id for c in children],
            child_health_threshold=tier.calculated_threshold,
            tags=tag(self._fset, tier.pool.name, f"min_healthy {tier.pool.min_healthy}"),
            opts=pulumi.ResourceOptions(parent=self),
        )

    # -- records -------------------------------------------------------------------------

    def _records(
        self,
        layout: Layout,
        checks: "Mapping[str, Mapping[str, route53.HealthCheck]]",
        calculated: "Mapping[str, route53.HealthCheck]",
        zone_id: pulumi.Input[str],
    ) -> None:
        records_at: dict[str, list[route53.Record]] = {}
        # Bottom-up: an alias to a name in this zone depends on the records at that name, so
        # they exist first (the alias name is a plain string Pulumi cannot trace), as octoDNS
        # creates alias targets before the aliases.
        for tier in reversed(layout.tiers):
            members = self._pool_records(tier, checks[tier.pool.name], zone_id)
            record = self._tier_record(
                tier, checks[tier.pool.name], calculated.get(tier.pool.name), members, zone_id
            )
            records_at.setdefault(tier.level_name, []).append(record)
            if tier.fallback_name is not None:
                records_at[tier.level_name].append(
                    self._fallback_record(tier, records_at[tier.fallback_name], zone_id)
                )

    def _alias_zone(self, ep: EndpointPlan) -> pulumi.Input[str]:
        """An alias endpoint's hosted zone id, checked against the set's own zone when known."""
        subject = self._subject

        def check(zone: object, own: object) -> str:
            FailoverConfigError.raise_if_any(resolved_alias_zone_reasons(ep, zone, own), subject)
            return cast(str, zone)

        zone_in = cast("pulumi.Input[str]", ep.endpoint.alias_zone_id)
        return _component.lift(check, zone_in, self._own_zone)

    def _value(self, tier: TierPlan, ep: EndpointPlan) -> dict[str, Any]:
        """The record arguments that hold one endpoint: its value, or its alias target."""
        address = self._address(tier, ep)
        if ep.is_alias:
            return {
                "aliases": [
                    route53.RecordAliasArgs(
                        name=address,
                        zone_id=self._alias_zone(ep),
                        evaluate_target_health=bool(ep.eth),
                    )
                ]
            }
        return {"records": [address], "ttl": self._ttl}

    def _pool_records(
        self,
        tier: TierPlan,
        checks: "Mapping[str, route53.HealthCheck]",
        zone_id: pulumi.Input[str],
    ) -> "list[route53.Record]":
        if tier.mode is not TierMode.POOL or tier.pool_name is None:
            return []
        out: list[route53.Record] = []
        for ep in tier.endpoints:
            routing: dict[str, Any]
            if tier.routing == "multivalue":
                # Answers up to 8 healthy values; multivalue cannot be CNAME or alias
                # (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-multivalue.html).
                routing = {"multivalue_answer_routing_policy": True}
            else:
                routing = {
                    "weighted_routing_policies": [
                        route53.RecordWeightedRoutingPolicyArgs(weight=ep.endpoint.weight)
                    ]
                }
            check = checks.get(ep.endpoint.name)
            out.append(
                route53.Record(
                    naming.child(self._name, *ep.record_name),
                    zone_id=zone_id,
                    name=tier.pool_name,
                    type=self._fset.record_type.value,
                    set_identifier=ep.endpoint.name,
                    health_check_id=check.id if check is not None else None,
                    **routing,
                    **self._value(tier, ep),
                    opts=self._record_opts(self),
                )
            )
        return out

    def _tier_record(
        self,
        tier: TierPlan,
        checks: "Mapping[str, route53.HealthCheck]",
        calculated: "Optional[route53.HealthCheck]",
        members: "list[route53.Record]",
        zone_id: pulumi.Input[str],
    ) -> "route53.Record":
        health_check_id: Optional[pulumi.Output[str]] = None
        depends_on: list[pulumi.Resource] = []
        if tier.mode is TierMode.POOL:
            assert tier.pool_name is not None
            value: dict[str, Any] = {
                "aliases": [
                    route53.RecordAliasArgs(
                        name=tier.pool_name, zone_id=zone_id, evaluate_target_health=True
                    )
                ]
            }
            depends_on = list(members)
            if calculated is not None:
                health_check_id = calculated.id
        else:
            ep = tier.endpoints[0]
            value = self._value(tier, ep)
            check = checks.get(ep.endpoint.name)
            if check is not None:
                # A non-alias PRIMARY must have a health check (pain.md §A2): a direct tier
                # always has one by construction (layout.plan).
                health_check_id = check.id
        return route53.Record(
            naming.child(self._name, *tier.record_name),
            zone_id=zone_id,
            name=tier.level_name,
            type=self._fset.record_type.value,
            set_identifier=tier.set_identifier,
            failover_routing_policies=[route53.RecordFailoverRoutingPolicyArgs(type=tier.role)],
            health_check_id=health_check_id,
            **value,
            opts=self._record_opts(self, depends_on, [self._legacy_alias(tier.legacy_record_name)]),
        )

    @staticmethod
    def _record_opts(
        component: pulumi.Resource,
        depends_on: "Sequence[pulumi.Resource]" = (),
        aliases: "Sequence[pulumi.Alias]" = (),
    ) -> pulumi.ResourceOptions:
        """A record's options. A change of record ``type`` (A <-> AAAA when the addresses
        change family) replaces the record instead of updating it in place: the provider's
        in-place type change deletes the old type first, so an alias of the old type would
        point at nothing until it is updated too; created beside it, the new type's chain is
        complete before the old one is deleted (deletes run last), and both types answer
        meanwhile (terraform-provider-aws internal/service/route53/record.go, resourceRecordUpdate)."""
        return pulumi.ResourceOptions(
            parent=component,
            depends_on=list(depends_on),
            aliases=list(aliases),
            replace_on_changes=["type"],
        )

    def _legacy_alias(self, parts: Sequence[str]) -> pulumi.Alias:
        """The 0.1.0 name of a chain record (keyed by pool), so the engine matches it to the
        record 0.1.0 deployed at that place instead of creating a stranger beside it. At level 1
        the record set keeps its name, type and zone and only its set identifier changes, which
        the provider updates in place. At levels 2 and deeper the record's DNS name changes
        (``_fo-<pool>.<hostname>`` -> ``_fo<k>.<hostname>``), a replacement: the new record is
        created and linked, the old one deleted last. Only right when the tiers are unchanged
        in the upgrading run; the README's "Upgrading from 0.1.0" says to upgrade first, then
        edit."""
        return pulumi.Alias(name=naming.child(self._name, *parts))

    def _fallback_record(
        self, tier: TierPlan, targets: "list[route53.Record]", zone_id: pulumi.Input[str]
    ) -> "route53.Record":
        assert tier.fallback_name is not None
        # The SECONDARY of this link: the next link of the chain, healthy while any record
        # there is (evaluate_target_health, required on failover aliases by the API).
        return route53.Record(
            naming.child(self._name, *tier.fallback_record_name),
            zone_id=zone_id,
            name=tier.level_name,
            type=self._fset.record_type.value,
            set_identifier=tier.fallback_set_identifier,
            failover_routing_policies=[route53.RecordFailoverRoutingPolicyArgs(type="SECONDARY")],
            aliases=[
                route53.RecordAliasArgs(
                    name=tier.fallback_name, zone_id=zone_id, evaluate_target_health=True
                )
            ],
            opts=self._record_opts(
                self, targets, [self._legacy_alias(tier.legacy_fallback_record_name)]
            ),
        )

    # -- summary -------------------------------------------------------------------------

    def _summary(self) -> FailoverSetSummary:
        """The plan summary (built when the plan or a test drains it, not at construction)."""
        return summary(self._name, plan(self._fset), self._settings, self._check_count)


def _health_check_ids(
    checks: "Mapping[str, Mapping[str, route53.HealthCheck]]",
) -> pulumi.Output[dict[str, dict[str, str]]]:
    """The ``health_check_ids`` output: every check's id, by pool and endpoint."""
    # The ids combined once, nested afterwards: from_input on the nested dict would build
    # an Output per level and per key.
    keys = [(pool, endpoint) for pool, by_ep in checks.items() for endpoint in by_ep]

    def nest(values: list[Any]) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {pool: {} for pool in checks}
        for (pool, endpoint), value in zip(keys, values, strict=True):
            out[pool][endpoint] = value
        return out

    return _component.combine([checks[pool][endpoint].id for pool, endpoint in keys], nest)


def _validated(
    name: str, raw: Mapping[str, Any], subject: str
) -> tuple[FailoverSet, AwsSettings, Layout]:
    """The parsed set, its Route 53 settings and its layout; one :class:`FailoverConfigError`
    with every reason if anything is wrong (nothing is registered before)."""
    # The Route 53 keys, parsed once (the neutral checks skip a raw value that is no
    # mapping, and report it).
    settings, key_problems = (
        parse_settings(raw) if isinstance(cast(object, raw), Mapping) else (AwsSettings(), [])
    )
    fset = _component.validated(
        raw,
        subject,
        args_type=Route53FailoverArgs,
        cloud_keys=lambda _: key_problems + topic_name_reasons(name, settings),
        cloud_set=lambda parsed, _: set_reasons(parsed, raw, settings),
        name=name,
    )
    layout = plan(fset)
    FailoverConfigError.raise_if_any(cloud_name_reasons(name, layout, settings), subject)
    return fset, settings, layout


def _zone_id_reasons(value: object) -> list[Reason]:
    reason = zone_id_reason(value, "zone_id")
    return [reason] if reason else []
