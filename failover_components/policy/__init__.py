"""Policy rules for DNS failover, checked on resources alone, in three places.

Each rule is one pure function over the resources a program registers (their type, name,
parent and properties as the engine sees them: camelCase keys), with an id, a level, a cause
and an explanation (the cdk-nag model). Because rules read only resources, the same
:data:`RULES` run

* in the offline plan (``failover-components plan``), through :func:`check_recording`;
* as a Pulumi CrossGuard policy pack (``pulumi preview --policy-pack policy``), through
  :func:`from_policy_resources`, in the pack's own virtualenv;
* in your own tests::

      from failover_components.policy import check_recording
      from failover_components.testing import run

      def test_no_policy_errors():
          rec = run(my_program)
          assert not [f for f in check_recording(rec) if f.failing]

Findings are grouped per failover component (a resource belongs to the nearest
``failover-components:index:*`` ancestor) and also cover hand-written SDK resources outside
any component. A component acknowledges a rule for itself with its ``policy_acknowledgements``
argument (rule id or name -> reason), which it registers as its ``acknowledged_policies`` output
(``acknowledgedPolicies`` is read too): its findings for that rule are still reported, marked
acknowledged with the reason, and never fail a run. An acknowledgement without a reason is
itself an error (FO013), as a cdk-nag suppression without a reason is.

This package imports no cloud SDK and not ``pulumi_policy``: the pack's virtualenv pins older
protobuf and grpcio than the cloud SDKs want, so the pack installs this library without them.

The package: :mod:`.catalogue` (ids, levels, explanations, acknowledgements; a leaf the input
rules read too), :mod:`.views` (wire decoding and the stack's index), :mod:`.base` (what a rule
and its check are), :mod:`.rules` (one rule per file, the cloud-neutral part), the clouds' own
checks (``policy`` of :data:`failover_components.clouds.CLOUDS`), :mod:`.engine` (rules bound
to their checks, findings, acknowledgements) and :mod:`.markdown` (``RULES.md``). Its names are
imported on first use, so importing :mod:`.catalogue` (as the input rules do) builds no rule.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:  # pragma: no cover - the real imports are lazy (__getattr__)
    from .base import PolicyConfig, Rule, Violation
    from .catalogue import Level
    from .engine import RULES, Finding, check_recording, evaluate, failures, rule, rule_for
    from .markdown import render_rules_markdown
    from .read import UNKNOWN
    from .views import ResourceView, StackView, from_policy_resources, from_recording

__all__ = [
    "RULES",
    "UNKNOWN",
    "Finding",
    "Level",
    "PolicyConfig",
    "ResourceView",
    "Rule",
    "StackView",
    "Violation",
    "check_recording",
    "evaluate",
    "failures",
    "from_policy_resources",
    "from_recording",
    "render_rules_markdown",
    "rule",
    "rule_for",
]

_WHERE: dict[str, str] = {
    "UNKNOWN": ".read",
    "DEFAULT_BUDGET_SECONDS": ".catalogue",
    "DEFAULT_MAX_TTL_SECONDS": ".catalogue",
    "Level": ".catalogue",
    "AZ_DNSSEC_DOC": ".catalogue",
    "CF_DNSSEC_DOC": ".catalogue",
    "CF_HEALTH": ".catalogue",
    "CF_MONITORS": ".catalogue",
    "CF_NOTIFY_DOC": ".catalogue",
    "CF_PROXY": ".catalogue",
    "R53_CHOOSE": ".catalogue",
    "R53_DNSSEC": ".catalogue",
    "R53_FAILOVER": ".catalogue",
    "R53_HC_API": ".catalogue",
    "R53_MONITOR": ".catalogue",
    "TM_ALERTS": ".catalogue",
    "TM_MONITOR": ".catalogue",
    "FAILOVER_COMPONENTS": ".views",
    "ResourceView": ".views",
    "StackView": ".views",
    "base_type": ".views",
    "from_policy_resources": ".views",
    "from_recording": ".views",
    "Check": ".base",
    "PolicyConfig": ".base",
    "Rule": ".base",
    "Violation": ".base",
    "RULES": ".engine",
    "Finding": ".engine",
    "check_recording": ".engine",
    "evaluate": ".engine",
    "failures": ".engine",
    "rule": ".engine",
    "rule_for": ".engine",
    "render_rules_markdown": ".markdown",
    "ALERT_TYPES": ".rules.fo008_health_alerts",
    "AWS_ALARM": "..aws.policy",
    "AWS_HEALTH_CHECK": "..aws.policy",
    "AWS_RECORD": "..aws.policy",
    "AWS_ZONE": "..aws.policy",
    "AWS_ZONE_DNSSEC": "..aws.policy",
    "R53_CHECKER_REGIONS": "..aws.policy",
    "AZ_ALERT": "..azure.policy",
    "AZ_DNSSEC": "..azure.policy",
    "AZ_RECORD": "..azure.policy",
    "AZ_ZONE": "..azure.policy",
    "TM_ENDPOINT": "..azure.policy",
    "TM_PROFILE": "..azure.policy",
    "CF_DNSSEC": "..cloudflare.policy",
    "CF_LB": "..cloudflare.policy",
    "CF_MONITOR": "..cloudflare.policy",
    "CF_NOTIFICATION": "..cloudflare.policy",
    "CF_POOL": "..cloudflare.policy",
    "CF_ZONE": "..cloudflare.policy",
}
"""Each name this package gives -> the module that defines it (relative to this package): the
names of ``__all__`` and the ones it has always given besides (type tokens, sources, defaults)."""

__getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)
