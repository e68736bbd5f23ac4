"""Azure Traffic Manager failover: ``from failover_components.azure import TrafficManagerFailover``.

Importing this package imports no cloud SDK: the component (and ``pulumi_azure_native``'s
``trafficmanager`` and ``dns`` modules with it) is imported when ``TrafficManagerFailover`` is
first used, ``monitor`` when alerts are declared. The args, constants, settings, rules, layout,
resolver, mocks and IAM list of this package never import ``pulumi_azure_native``.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
from .args import AzureAlertsArgs, TrafficManagerFailoverArgs

# Re-exported (``X as X``) for the config program, the tests and code written against the
# single module this package replaced.
from .constants import ALERT_THRESHOLD as ALERT_THRESHOLD
from .constants import AZURE as AZURE
from .constants import EXTERNAL as EXTERNAL
from .constants import NESTED as NESTED
from .constants import TYPE_NAME as TYPE_NAME
from .constants import TYPE_TOKEN as TYPE_TOKEN
from .constants import UNSIGNED_HOP_WARNING as UNSIGNED_HOP_WARNING
from .iam import deployer_actions, deployer_roles
from .layout import action_group_short_name, ds_record_of, email_receiver_names
from .layout import default_profile_dns_name as default_profile_dns_name
from .layout import nested_profile_dns_name as nested_profile_dns_name
from .layout import occupies as occupies
from .layout import tier_timings as tier_timings
from .layout import ttl_of as ttl_of
from .rules import check_args

if TYPE_CHECKING:  # pragma: no cover - the real import is lazy (__getattr__)
    from .component import TrafficManagerFailover

__all__ = [
    "AzureAlertsArgs",
    "TrafficManagerFailover",
    "TrafficManagerFailoverArgs",
    "action_group_short_name",
    "check_args",
    "deployer_actions",
    "deployer_roles",
    "ds_record_of",
    "email_receiver_names",
]

__getattr__, __dir__ = lazy_names(__name__, {"TrafficManagerFailover": ".component"}, __all__)
