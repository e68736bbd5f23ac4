"""``CloudflareFailover``: ordered failover with Cloudflare Load Balancing monitors and pools.

One failover set becomes, on pulumi-cloudflare 6.x (the v5 Terraform provider underneath):

* a ``LoadBalancerMonitor`` per distinct health check: pools that do not override
  ``health_check`` share ``<name>-monitor``; a pool with its own ``health_check`` gets
  ``<name>-<pool>-monitor``; a pool with ``up`` endpoints (and no ``obey`` one) gets none;
* a ``LoadBalancerPool`` per tier, ``<name>-<pool>-pool``: the tier's endpoints as origins;
* one ``LoadBalancer`` for the hostname, ``<name>-lb``: ``steering_policy="off"`` (failover
  in ``default_pools`` order), the last tier as the ``fallback_pool``;
* with ``dnssec: true``, a ``ZoneDnssec``, ``<name>-dnssec``, that signs the zone ``zone_id``
  (protected: see :class:`CloudflareFailover` for the order to turn it on and off);
* with ``alerts``, a ``NotificationPolicy``, ``<name>-health-alert``, for the
  ``load_balancing_health_alert`` of the component's pools, and, with ``alerts.webhook_url``,
  the webhook destination it notifies, ``<name>-alert-webhook``
  (``NotificationPolicyWebhooks``).

The DNSSEC child is declared by :mod:`.dnssec`, the alert children by :mod:`.alerts`: with this
module, the only ones of the package that import ``pulumi_cloudflare``.

Child resource names are built from the component, pool and endpoint names, never list
positions, so reordering tiers never replaces anything. Monitors and pools are account
resources (``account_id``), the load balancer a zone resource (``zone_id``).

Cloudflare facts this module relies on (each repeated where it is used, with its source):

* the fallback pool is the pool of last resort: its health is never taken into account;
  when every pool is unhealthy, traffic goes there anyway (fail-open) [CF_HEALTH];
* a pool without a monitor is never considered unhealthy [CF_HEALTH], which is how
  endpoints with ``status: up`` are expressed;
* a proxied load balancer steers at Cloudflare's edge, independent of resolver caches;
  a DNS-only one answers origin addresses with its ``ttl`` [CF_PROXY];
* a DNS-only load balancer flattens host-name origins: clients get the A/AAAA records of
  the origin's name, not a CNAME (returning the CNAME needs ``flatten_cname: false``, an
  Enterprise feature in limited availability, left at its default here) [CF_FLATTEN];
* a pool without ``check_regions`` is probed from every data center, which only Enterprise
  allows: on other plans the API rejects it ("Probing from every data centre is not allowed
  with this subscription") [CF_ALL_DATA_CENTERS], so ``health_check.regions`` is required
  unless ``plan`` is ``enterprise``.
"""

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, cast

import pulumi

with warnings.catch_warnings():
    # pulumi_cloudflare's __init__ star-imports every module, deprecated aliases included
    # (AccessApplication and others), each warning at import time. None is used here; the
    # filter covers only the SDK's own deprecation warnings, during this import only.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"pulumi_cloudflare\.")
    import pulumi_cloudflare as cloudflare

from .. import _component, ownership
from ..errors import MISSING, FailoverConfigError, Reason
from ..model import FailoverSet
from ..summary import FailoverSetSummary, report, tiers_of
from ..validation import checked_address
from .args import CloudflareFailoverArgs
from .constants import HEALTH_ALERT_TYPE, TYPE_TOKEN
from .layout import CloudflareLayout, MonitorPlan, PoolPlan, plan
from .rules import (
    anycast_check,
    key_reasons,
    occupies,
    pool_name_reasons,
    set_reasons,
    settings_of,
)
from .settings import CloudflareAlerts, CloudflareSettings, id_reason, same_ids_reason

if TYPE_CHECKING:  # pragma: no cover - annotations only; each module is imported when used
    from .alerts import Notified
    from .dnssec import Signed

__all__ = ["CloudflareFailover"]


def _id_reasons(path: str, value: object, other: object = MISSING) -> list[Reason]:
    """The rules of one resolved id, and (when the other id is known) the two ids' mix-up."""
    reason = id_reason(path, value)
    if reason is None and other is not MISSING and value == other:
        reason = same_ids_reason(str(value))
    return [reason] if reason is not None else []


def _checked_ids(
    account_id: pulumi.Input[str], zone_id: pulumi.Input[str], subject: str
) -> tuple[pulumi.Input[str], pulumi.Input[str]]:
    """The ids as resource inputs; an ``Output`` fails the deployment with the path of the
    bad value when it resolves (plain values were checked at construction)."""
    account_in: pulumi.Input[str] = account_id
    if _component.is_output(account_id) and _component.is_output(zone_id):
        # Both known only later: the mix-up check needs both values.
        account_in = _component.check_when_known(
            pulumi.Output.all(account_id, zone_id),
            lambda ids: _id_reasons("account_id", ids[0], ids[1]),
            subject,
            lambda ids: ids[0],
        )
    elif _component.is_output(account_id):
        account_in = _component.check_when_known(
            account_id, lambda a: _id_reasons("account_id", a, zone_id), subject
        )
    other = MISSING if _component.is_output(account_id) else account_id
    zone_in: pulumi.Input[str] = _component.check_when_known(
        zone_id, lambda z: _id_reasons("zone_id", z, other), subject
    )
    return account_in, zone_in


# --- Building the children ------------------------------------------------------------------


def _header(monitor: MonitorPlan) -> dict[str, pulumi.Input[Sequence[pulumi.Input[str]]]]:
    """Host header (the public hostname unless ``host`` says otherwise) plus ``headers``.
    Cloudflare recommends a Host header; without it the probe's Host is the origin address
    [CF_MONITOR_SETTINGS] (how the SNI name of an HTTPS probe is chosen is not documented).

    Every value of ``headers`` is made a Pulumi secret: a shared secret header is how the
    health endpoint tells Cloudflare's probes from anyone else (with an allow-list of
    Cloudflare's source ranges [CF_IPS]), and a value given as a plain string must not land
    in the state in clear text. The default Host header (``host``, the public hostname by
    default) stays plain."""
    hc = monitor.health_check
    header: dict[str, pulumi.Input[Sequence[pulumi.Input[str]]]] = {}
    if monitor.default_host:
        header["Host"] = [hc.host]
    for name, value in hc.headers.items():
        header[name] = [pulumi.Output.secret(value)]
    return header


def _ids_by_name(ids: Mapping[str, pulumi.Output[str]]) -> pulumi.Output[dict[str, str]]:
    """``{name: id}`` once every id is known."""
    names = list(ids)
    return _component.combine(
        [ids[n] for n in names], lambda values: dict(zip(names, values, strict=True))
    )


class CloudflareFailover(pulumi.ComponentResource):
    """Ordered DNS failover on Cloudflare Load Balancing: one monitor per distinct health
    check, one pool per tier, and a load balancer for the hostname that answers from the first
    healthy pool (``steering_policy`` ``off``), falling back to the last tier when every pool
    is unhealthy (Cloudflare never health-checks its fallback pool).

    **Hardened checks.** Monitors probe over HTTPS by default, send the public hostname as
    Host header, validate certificates (unless ``allow_insecure``) and do not follow
    redirects. To keep anyone else off the health endpoint, require a shared secret header
    (``health_check.headers``, e.g. ``{"X-Health-Token": config.require_secret("token")}``):
    every header value is a Pulumi secret on the monitor. Allow-listing Cloudflare's source
    ranges (https://www.cloudflare.com/ips/) adds a second fence.

    **DNSSEC** (``dnssec: true``) signs the zone ``zone_id``; the load balancer's answers come
    from that same signed zone. The ``ZoneDnssec`` child is protected: deleting it while the
    parent zone still publishes the DS record makes validating resolvers reject every name of
    the zone [CF_DNSSEC_STATES]. To turn it on:

    1. set ``dnssec: true`` and run ``pulumi up``: Cloudflare signs the zone, its status is
       ``pending`` (output ``dnssec_status``);
    2. publish ``ds_record`` at the registrar (Cloudflare Registrar, and the ``.ch`` and
       ``.cz`` registries, add it automatically [CF_DNSSEC]);
    3. verify: after ``pulumi refresh`` the status is ``active``, and ``dig +dnssec`` (or
       DNSViz) shows a validated chain.

    To turn it off, in this order: remove the DS record at the registrar; wait out the DS
    record's TTL at the parent (often a day or two); ``pulumi state unprotect`` the
    ``<name>-dnssec`` resource; then set ``dnssec: false`` and run ``pulumi up``. Cloudflare
    deletes DNSSEC records only once the zone's DNSSEC is disabled [CF_DNSSEC_STATES]: if the
    delete is refused, disable DNSSEC in the dashboard first and run ``pulumi up`` again.

    **Alerts** (``alerts``) create one notification policy for
    ``load_balancing_health_alert``, filtered to this set's pools, for pool and origin
    events in both directions (unhealthy and healthy again) [CF_HEALTH_ALERT].
    """

    fqdn: pulumi.Output[str]
    """The hostname clients resolve (lower case, no trailing dot)."""
    load_balancer_id: pulumi.Output[str]
    """The Cloudflare id of the load balancer."""
    pool_ids: pulumi.Output[dict[str, str]]
    """The Cloudflare id of each pool, by pool name."""
    monitor_ids: pulumi.Output[dict[str, str]]
    """The Cloudflare id of the monitor of each pool, by pool name (pools without a monitor
    are left out)."""
    worst_case_failover_seconds: pulumi.Output[int]
    """Worst case, in seconds, from a tier going down until clients are sent to the next tier
    (the slowest tier that can fail over; proxied load balancers have no resolver-cache term)."""
    ds_record: pulumi.Output[Optional[str]]
    """The DS record to publish at the registrar (``<zone>. 3600 IN DS <key tag> 13 2
    <digest>``) when ``dnssec`` is on; ``None`` otherwise."""
    dnssec_status: pulumi.Output[Optional[str]]
    """Cloudflare's DNSSEC status of the zone when ``dnssec`` is on (``pending`` until the DS
    record is seen at the registrar, then ``active``; read again by ``pulumi refresh``);
    ``None`` otherwise."""
    notification_policy_id: pulumi.Output[Optional[str]]
    """The id of the health-alert notification policy when ``alerts`` is set; ``None``
    otherwise."""
    alert_webhook_id: pulumi.Output[Optional[str]]
    """The id of the webhook destination created from ``alerts.webhook_url`` (pass it as
    ``webhook_id`` to other components to share it); ``None`` when none was created."""
    acknowledged_policies: pulumi.Output[dict[str, str]]
    """The policy rules this set knowingly breaks, with their reasons
    (``policy_acknowledgements``); the policy pack reads it to mark findings acknowledged."""

    def __init__(
        self,
        name: str,
        args: CloudflareFailoverArgs,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        subject = f"CloudflareFailover {name!r}"
        raw = cast("Mapping[str, Any]", args)
        fset = _component.validated(
            raw,
            subject,
            args_type=CloudflareFailoverArgs,
            cloud_keys=key_reasons,
            cloud_set=set_reasons,
            name=name,
        )
        FailoverConfigError.raise_if_any(pool_name_reasons(name, fset), subject)
        ownership.claim_set(
            subject, fset, occupies=occupies(fset), parent=opts.parent if opts else None
        )
        super().__init__(TYPE_TOKEN, name, None, opts)
        settings = settings_of(raw)
        layout = plan(name, fset, settings)
        # What the plan summary is built from when the plan or a test asks for it: the parsed
        # settings and the layout, never the caller's args dict again.
        self._name = name
        self._fset = fset
        self._settings = settings
        self._layout = layout
        self._subject = subject
        self._declare(fset, settings, layout)
        report(self._summary)
        _component.register_state(
            self,
            fqdn=fset.hostname,
            worst_case_failover_seconds=layout.timing.worst_case_failover_seconds,
            acknowledged_policies=fset.policy_acknowledgements,
        )

    def _declare(
        self, fset: FailoverSet, settings: CloudflareSettings, layout: CloudflareLayout
    ) -> None:
        """Every child, then the outputs (plain attributes)."""
        # Both are present: the rules required them before anything was registered.
        account_id, zone_id = _checked_ids(
            cast("pulumi.Input[str]", settings.account_id),
            cast("pulumi.Input[str]", settings.zone_id),
            self._subject,
        )
        made = {m.resource_name: self._monitor(m, account_id) for m in layout.monitors}
        monitors = {p.pool.name: made[p.monitor.resource_name] for p in layout.pools if p.monitor}
        pools = {p.pool.name: self._pool(p, account_id, made) for p in layout.pools}
        lb = self._load_balancer(layout, [pools[p.pool.name] for p in layout.pools], zone_id)
        dnssec = self._dnssec(zone_id) if settings.dnssec else None
        alerts = (
            self._alerts(settings.alerts, account_id, pools)
            if settings.alerts is not None
            else None
        )
        webhook_id = alerts.webhook_id if alerts is not None else None
        self._webhook_created = webhook_id is not None
        self.fqdn = _component.known(fset.hostname)
        self.load_balancer_id = lb.id
        self.pool_ids = _ids_by_name({n: p.id for n, p in pools.items()})
        self.monitor_ids = _ids_by_name({n: m.id for n, m in monitors.items()})
        self.worst_case_failover_seconds = _component.known(
            layout.timing.worst_case_failover_seconds
        )
        self.ds_record = _component.optional(dnssec.ds if dnssec is not None else None)
        self.dnssec_status = _component.optional(dnssec.status if dnssec is not None else None)
        self.notification_policy_id = _component.optional(
            alerts.policy_id if alerts is not None else None
        )
        self.alert_webhook_id = _component.optional(webhook_id)
        self.acknowledged_policies = _component.known(dict(fset.policy_acknowledgements))

    def _monitor(
        self, monitor: MonitorPlan, account_id: pulumi.Input[str]
    ) -> cloudflare.LoadBalancerMonitor:
        return cloudflare.LoadBalancerMonitor(
            monitor.resource_name,
            account_id=account_id,
            type=monitor.type,
            # Set explicitly: server-side defaults otherwise show up as drift (pain.md §E27).
            port=monitor.port,
            method=monitor.method,
            interval=monitor.interval,
            timeout=monitor.timeout,
            retries=monitor.retries,
            consecutive_down=monitor.consecutive_down,
            consecutive_up=monitor.consecutive_up,
            description=monitor.description,
            path=monitor.path,
            expected_codes=monitor.expected_codes,
            expected_body=monitor.expected_body,
            header=None if monitor.tcp else _header(monitor),
            allow_insecure=monitor.allow_insecure,
            follow_redirects=monitor.follow_redirects,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _pool(
        self,
        pool: PoolPlan,
        account_id: pulumi.Input[str],
        monitors: Mapping[str, cloudflare.LoadBalancerMonitor],
    ) -> cloudflare.LoadBalancerPool:
        monitor = monitors[pool.monitor.resource_name] if pool.monitor is not None else None
        origins = [
            cloudflare.LoadBalancerPoolOriginArgs(
                address=checked_address(
                    origin.endpoint,
                    self._fset,
                    subject=self._subject,
                    extra=anycast_check(f"{origin.endpoint.where}.address"),
                ),
                name=origin.endpoint.name,
                weight=origin.weight,
                # A disabled origin gets no traffic and no probes [CF_POOLS]: a drain.
                enabled=origin.enabled,
            )
            for origin in pool.origins
        ]
        return cloudflare.LoadBalancerPool(
            pool.resource_name,
            account_id=account_id,
            name=pool.name,
            description=pool.description,
            origins=origins,
            # The pool is Critical, and skipped, below this many healthy origins [CF_HEALTH].
            minimum_origins=pool.pool.min_healthy,
            monitor=monitor.id if monitor is not None else None,
            check_regions=pool.check_regions,
            enabled=True,
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _load_balancer(
        self,
        layout: CloudflareLayout,
        ordered: list[cloudflare.LoadBalancerPool],
        zone_id: pulumi.Input[str],
    ) -> cloudflare.LoadBalancer:
        # default_pools in tier order with steering "off": the first healthy pool answers
        # [CF_STEERING_OFF]. The fallback pool is the last tier: Cloudflare never takes its
        # health into account and sends traffic there when every pool is unhealthy [CF_HEALTH].
        # The explicit dependency makes Pulumi update the load balancer before it deletes a
        # replaced or removed pool (create-before-delete, never delete_before_replace on pools:
        # pain.md §E26).
        return cloudflare.LoadBalancer(
            layout.load_balancer,
            zone_id=zone_id,
            name=self._fset.hostname,
            description=layout.description,
            default_pools=[p.id for p in ordered],
            fallback_pool=ordered[-1].id,
            steering_policy="off",
            proxied=layout.proxied,
            # ttl applies to DNS-only load balancers only [CF_PROXY].
            ttl=None if layout.proxied else layout.ttl,
            enabled=True,
            opts=pulumi.ResourceOptions(parent=self, depends_on=ordered),
        )

    # -- DNSSEC and alerts (their own modules, the same shape in every cloud) -------------

    def _dnssec(self, zone_id: pulumi.Input[str]) -> "Signed":
        from .dnssec import sign_zone

        return sign_zone(self, self._name, zone_id)

    def _alerts(
        self,
        alerts: CloudflareAlerts,
        account_id: pulumi.Input[str],
        pools: Mapping[str, cloudflare.LoadBalancerPool],
    ) -> "Notified":
        from .alerts import notify

        return notify(self, self._name, self._fset, alerts, account_id, pools, self._subject)

    # -- summary -------------------------------------------------------------------------

    def _summary(self) -> FailoverSetSummary:
        """The plan summary (built when the plan or a test drains it, not at construction)."""
        fset, layout = self._fset, self._layout
        return FailoverSetSummary(
            component=self._name,
            type=TYPE_TOKEN,
            cloud="cloudflare",
            hostname=fset.hostname,
            zone_name=fset.zone_name,
            record_type=fset.record_type.value,
            ttl=0 if layout.proxied else layout.ttl,
            tiers=tiers_of(fset, layout.health_summaries(), list(layout.tier_timings)),
            timing=layout.timing,
            budget_seconds=fset.max_failover_seconds,
            facts=_facts(fset, layout, self._settings, webhook_created=self._webhook_created),
        )


def _facts(
    fset: FailoverSet,
    layout: CloudflareLayout,
    settings: CloudflareSettings,
    *,
    webhook_created: bool,
) -> dict[str, Any]:
    last = fset.pools[-1].name
    proxied = layout.proxied
    facts: dict[str, Any] = {
        "plan": layout.plan.value,
        "proxied": proxied,
        "steering_policy": "off: the first healthy pool in tier order answers",
        "fallback_pool": f"{last}: never health-checked; answers whenever every pool is "
        "unhealthy (fail-open)",
        "answers": "Cloudflare edge addresses; the edge forwards to the healthy origins"
        if proxied
        else (
            "origin host names flattened to their A/AAAA records"
            if fset.record_type.value == "CNAME"
            else "the healthy origins' addresses"
        ),
        "retries": "0: one failed probe is one failed check (consecutive_down counts checks)",
    }
    unmonitored = [p.pool.name for p in layout.pools if p.monitor is None]
    if unmonitored:
        facts["unmonitored_pools"] = (
            ", ".join(unmonitored) + ": no monitor, so Cloudflare never considers them unhealthy"
        )
    if settings.allow_insecure:
        facts["allow_insecure"] = (
            "true: HTTPS monitors accept any certificate (policy rule cloudflare-monitor-tls)"
        )
    if settings.dnssec:
        facts["dnssec"] = (
            "zone signed (protected ZoneDnssec): publish ds_record at the registrar "
            "(Cloudflare Registrar, .ch and .cz add it automatically)"
        )
    if settings.alerts is not None:
        alerts = settings.alerts
        targets = [f"{len(alerts.emails)} email address(es)"] if alerts.emails else []
        if webhook_created:
            targets.append("a new webhook")
        if alerts.webhook_id is not None:
            targets.append("an existing webhook")
        facts["alerts"] = (
            f"{HEALTH_ALERT_TYPE} for pools "
            + ", ".join(p.name for p in fset.pools)
            + " (pool and origin events, unhealthy and healthy) to "
            + ", ".join(targets)
        )
    return facts
