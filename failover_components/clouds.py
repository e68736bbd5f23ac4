"""The one registry of clouds: each cloud once, with where its parts live.

Everything that needs "each cloud" reads :data:`CLOUDS`: the config program (``cloud:``), the
component package (:mod:`~failover_components.provider`), the resolvers
(:mod:`~failover_components.simulate`), the testing kit's mock answers and the policy rules.
Every part is named by its module path and imported only when that entry is used, so
``import failover_components`` imports no cloud SDK and ``import failover_components.<cloud>``
none of the others. Adding a cloud is its package plus one entry here.
"""

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, cast

from .errors import Reason
from .naming import type_token

__all__ = ["CLOUDS", "Cloud", "cloud_of_type", "for_invoke", "for_resource_type"]


@dataclass(frozen=True)
class Cloud:
    """One cloud: its key and where each of its parts is (module paths, imported lazily)."""

    key: str
    """The ``cloud:`` value of the config program (``aws``)."""
    title: str
    """The service's name for people (``Route 53``)."""
    module: str
    """The public module of the component (``failover_components.aws``)."""
    component: str
    """The component class's name in :attr:`module`."""
    args: str
    """The args ``TypedDict``'s name in :attr:`module`."""
    resolver: str
    """The simulate resolver's module: ``publishes(recording, hostname)`` and
    ``resolve(recording, hostname, down)``."""
    resource_prefix: str
    """The type-token prefix of the cloud's SDK resources (``gcp:``)."""
    changes: str = ""
    """The module whose ``FORCE_NEW`` (type token -> the inputs whose change replaces the
    resource) the change review's engine step order reads."""
    mocks: str | None = None
    """The module with the testing kit's answers for the cloud's resources and invokes
    (``outputs_for(typ, name, inputs)`` and ``call(token, args)``, each ``None`` for what
    they do not answer); ``None``
    while they are still written in :mod:`~failover_components.testing` itself."""
    mock_options: tuple[str, ...] = ()
    """Attributes of the testing kit's ``FailoverMocks`` that :attr:`mocks` takes as keyword
    arguments (``account_id``: the AWS account the answers' ARNs name)."""
    policy: str | None = None
    """The module whose ``CHECKS`` (rule id -> check) add the cloud's resources to the policy
    rules of :mod:`~failover_components.policy`, which name no cloud themselves."""
    policy_notes: str | None = None
    """The module whose ``POLICY_NOTES`` (rule id -> (explanation, applies to)) document the
    cloud's checks in the rules (no import of the checks, which import the policy engine)."""
    alert_types: tuple[str, ...] = ()
    """Type tokens of the cloud's alert resources (for rule FO008)."""

    @property
    def type_token(self) -> str:
        """The component's type token (``failover-components:index:<Class>``)."""
        return type_token(self.component)

    def load(self) -> ModuleType:
        """The component's module (imports the cloud's SDK)."""
        return importlib.import_module(self.module)

    def component_class(self) -> type:
        """The component class (imports the cloud's SDK)."""
        return cast(type, getattr(self.load(), self.component))

    def args_type(self) -> type:
        """The args ``TypedDict`` (imports the cloud's SDK)."""
        return cast(type, getattr(self.load(), self.args))

    def check_args(self, args: Mapping[str, Any]) -> list[Reason]:
        """Every reason ``args`` cannot be declared on this cloud; registers nothing."""
        check = cast(Callable[[Mapping[str, Any]], list[Reason]], self.load().check_args)
        return check(args)

    def resolver_module(self) -> ModuleType:
        """The simulate resolver (no cloud SDK)."""
        return importlib.import_module(self.resolver)

    def changes_module(self) -> ModuleType:
        """The cloud's day-2 module (no cloud SDK)."""
        return importlib.import_module(self.changes)

    def mocks_module(self) -> ModuleType | None:
        """The testing kit's answers for this cloud, when they live in its package."""
        return importlib.import_module(self.mocks) if self.mocks else None

    def notes(self) -> "Mapping[str, tuple[str, str]]":
        """Rule id -> (explanation, applies to) for the cloud's own policy checks."""
        if not self.policy_notes:
            return {}
        module = importlib.import_module(self.policy_notes)
        return cast("Mapping[str, tuple[str, str]]", module.POLICY_NOTES)

    def policy_module(self) -> ModuleType | None:
        """The cloud's policy checks, when they live in its package."""
        return importlib.import_module(self.policy) if self.policy else None


CLOUDS: Mapping[str, Cloud] = {
    c.key: c
    for c in (
        Cloud(
            key="aws",
            title="Route 53",
            module="failover_components.aws",
            changes="failover_components.aws.changes",
            component="Route53Failover",
            args="Route53FailoverArgs",
            resolver="failover_components.aws.resolver",
            resource_prefix="aws:",
            mocks="failover_components.aws.mocks",
            mock_options=("account_id",),
            policy="failover_components.aws.policy",
            alert_types=("aws:cloudwatch/metricAlarm:MetricAlarm",),
        ),
        Cloud(
            key="azure",
            title="Azure Traffic Manager",
            module="failover_components.azure",
            changes="failover_components.azure.changes",
            component="TrafficManagerFailover",
            args="TrafficManagerFailoverArgs",
            resolver="failover_components.azure.resolver",
            resource_prefix="azure-native:",
            mocks="failover_components.azure.mocks",
            policy="failover_components.azure.policy",
            alert_types=("azure-native:monitor:MetricAlert",),
        ),
        Cloud(
            key="cloudflare",
            title="Cloudflare Load Balancing",
            module="failover_components.cloudflare",
            changes="failover_components.cloudflare.changes",
            component="CloudflareFailover",
            args="CloudflareFailoverArgs",
            resolver="failover_components.cloudflare.resolver",
            resource_prefix="cloudflare:",
            mocks="failover_components.cloudflare.mocks",
            policy="failover_components.cloudflare.policy",
            alert_types=("cloudflare:index/notificationPolicy:NotificationPolicy",),
        ),
        Cloud(
            key="gcp",
            title="Google Cloud DNS",
            module="failover_components.gcp",
            changes="failover_components.gcp.changes",
            component="CloudDnsFailover",
            args="CloudDnsFailoverArgs",
            resolver="failover_components.gcp.resolver",
            resource_prefix="gcp:",
            mocks="failover_components.gcp.mocks",
            policy="failover_components.gcp.policy",
            policy_notes="failover_components.gcp.constants",
            alert_types=("gcp:monitoring/alertPolicy:AlertPolicy",),
        ),
    )
}
"""Every cloud, by its key, in the order the README lists them."""


def cloud_of_type(type_: str) -> Cloud | None:
    """The cloud whose component has the type token ``type_``, or ``None``."""
    return next((c for c in CLOUDS.values() if c.type_token == type_), None)


def for_resource_type(type_: str) -> Cloud | None:
    """The cloud whose SDK registers resources of ``type_`` (by type-token prefix)."""
    return next((c for c in CLOUDS.values() if type_.startswith(c.resource_prefix)), None)


def for_invoke(token: str) -> Cloud | None:
    """The cloud whose SDK makes the invoke ``token`` (same prefixes as resources)."""
    return for_resource_type(token)
