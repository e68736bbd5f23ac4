"""Azure Traffic Manager and Azure DNS as data: type tokens, limits and defaults, each with the
document it comes from. Pure: no SDK import (the rules, the layout, the resolver, the mocks and
the IAM list read them without ``pulumi_azure_native``).
"""

from .. import naming, timing

TM_MONITOR = timing.TM_MONITOR
TM_FAQ = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-faqs"
TM_NESTED = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-nested-profiles"
TM_ENDPOINT_TYPES = (
    "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-endpoint-types"
)
TM_ROUTING = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-routing-methods"
TM_MANAGE = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-manage-profiles"
TM_PROFILE_API = (
    "https://github.com/Azure/azure-rest-api-specs/blob/main/specification/trafficmanager/"
    "Trafficmanager.Management/examples/2022-04-01/Profile-PUT-WithNestedEndpoints.json"
)
DNS_ALIAS = "https://learn.microsoft.com/azure/dns/dns-alias"
RG_NAME_RULES = (
    "https://learn.microsoft.com/azure/azure-resource-manager/management/"
    "resource-name-rules#microsoftresources"
)
DNS_DNSSEC = "https://learn.microsoft.com/azure/dns/dnssec"
DNS_DNSSEC_HOWTO = "https://learn.microsoft.com/azure/dns/dnssec-how-to"
DNS_DNSSEC_UNSIGN = "https://learn.microsoft.com/azure/dns/dnssec-unsign"
DNS_TMLINK = "https://learn.microsoft.com/azure/dns/dns-traffic-manager-linked-records"
TM_METRICS = "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-metrics-alerts"
TM_METRIC_REFERENCE = (
    "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/"
    "microsoft-network-trafficmanagerprofiles-metrics"
)
METRIC_ALERTS = "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-types#metric-alerts"
ACTION_GROUPS = "https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups"
COMMON_ALERT_SCHEMA = "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema"
SERVICE_TAGS = "https://learn.microsoft.com/azure/virtual-network/service-tags-overview"

TYPE_NAME = "TrafficManagerFailover"
TYPE_TOKEN = naming.type_token(TYPE_NAME)

DEFAULT_TTL = 30
"""Profile TTL when ``ttl`` is not given: Traffic Manager's documented timeline uses 30 s."""
DEFAULT_INTERVAL = 30
"""Traffic Manager's default probing interval [TM_MONITOR]."""
DEFAULT_FAILURE_THRESHOLD = 4
"""Azure's default of 3 tolerated failures: Degraded on the 4th consecutive failure [TM_MONITOR]."""
DEFAULT_CODES: tuple[tuple[int, int], ...] = ((200, 299),)
"""Azure's own default is 200 only, so a 204 or any other 2xx health answer would be Degraded
[TM_MONITOR]; any 2xx is healthy here."""
HIDDEN_HEADER_VALUE = "[secret]"
"""How the plan summary shows a secret header value (as the offline plan shows secrets)."""
MAX_STATUS_RANGES = 8
MAX_CUSTOM_HEADERS = 8
MAX_ENDPOINTS_PER_PROFILE = 200
"""Traffic Manager supports up to 200 endpoints per profile [TM_MANAGE]."""
RECORD_MIN_TTL = 1
"""Azure DNS record sets take a TTL of 1 to 2,147,483,647 s (the azurerm provider's validation,
https://github.com/hashicorp/terraform-provider-azurerm/issues/23917); a profile TTL of 0 is
allowed by Traffic Manager [TM_FAQ], so the hostname's own record gets at least 1."""

# Inline endpoints carry the full resource type (the API's `type` field); the short form
# (`ExternalEndpoints`) is only the URL segment of the standalone Endpoint API (pain.md §F32).
# Spelled as the 2022-04-01 API returns it, so a refresh shows no diff [TM_PROFILE_API].
EXTERNAL = "Microsoft.Network/trafficManagerProfiles/externalEndpoints"
AZURE = "Microsoft.Network/trafficManagerProfiles/azureEndpoints"
NESTED = "Microsoft.Network/trafficManagerProfiles/nestedEndpoints"

# Resource types the component declares (the type tokens of pulumi-azure-native; the resolver,
# the mocks and the IAM list key on them).
PROFILE = "azure-native:trafficmanager:Profile"
ENDPOINT = "azure-native:trafficmanager:Endpoint"
"""Standalone endpoints: never declared by the component (see its module docstring), but a
recording may hold them."""
ZONE = "azure-native:dns:Zone"
RECORD_SET = "azure-native:dns:RecordSet"
DNSSEC_CONFIG = "azure-native:dns:DnssecConfig"
ACTION_GROUP = "azure-native:monitor:ActionGroup"
METRIC_ALERT = "azure-native:monitor:MetricAlert"

UNSIGNED_HOP_WARNING = "[failover-components:azure-unsigned-hop]"
"""The stable id of the warning that DNSSEC does not cover the answer through Traffic Manager."""

# The metric alert on the profile's endpoint status [TM_METRICS], [TM_METRIC_REFERENCE].
ENDPOINT_STATUS_METRIC = "ProbeAgentCurrentEndpointStateByProfileResourceId"
""""Endpoint Status by Endpoint": 1 while an endpoint's probes say up, 0 when down; dimension
``EndpointName``; time grains PT1M and PT1H [TM_METRIC_REFERENCE]."""
METRIC_NAMESPACE = "Microsoft.Network/trafficManagerProfiles"
ALERT_AGGREGATION = "Average"
ALERT_THRESHOLD = 0.5
"""Microsoft's own guidance: alert when the average of the "up" status falls below 0.5, i.e.
when fewer than half of the probes see the endpoint up, which is also when Traffic Manager
marks it down; one failing probing location out of many is no outage [TM_METRICS]. A
``Maximum < 1`` rule would instead fire on a single failing probe."""
ALERT_EVALUATION_FREQUENCY = "PT1M"
"""Every minute: the metric's finest time grain [TM_METRIC_REFERENCE]."""
ALERT_WINDOW_SIZE = "PT5M"
"""Five one-minute samples: the alert fires once most probes in the last five minutes saw the
endpoint down, about as long as Traffic Manager's own default detection (4 probes 30 s apart
plus the 10 s timeout), and a one-minute blip of a single location does not page anyone."""
ALERT_SEVERITY = 1
"""Sev1 (Error) on Azure Monitor's 0 (Critical) to 4 (Verbose) scale [METRIC_ALERTS]: a tier
is down and traffic has moved to the next one (or, for the last tier, nowhere healthy is left);
the service still answers, so not Critical."""
ACTION_GROUP_SHORT_NAME_LENGTH = 12
"""An action group's short name (shown in its emails and texts) has at most 12 characters
[ACTION_GROUPS]."""
