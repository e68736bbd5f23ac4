"""Day 2 on Azure: which inputs make the provider replace a Traffic Manager or Azure DNS
resource, for the engine's step order (:mod:`failover_components.changes`). No SDK import.

azure-native names a resource by its URL path: the resource group, the parent's name and its
own, so a change to any of them replaces it (every resource's "Import" section on
https://www.pulumi.com/registry/packages/azure-native/ builds the id from these path
parameters). An endpoint's type is part of its path too (``.../externalEndpoints/<name>``).
"""

from collections.abc import Mapping

from .constants import ENDPOINT, PROFILE, RECORD_SET, ZONE

__all__ = ["FORCE_NEW"]

FORCE_NEW: Mapping[str, frozenset[str]] = {
    PROFILE: frozenset({"resourceGroupName", "profileName"}),
    ENDPOINT: frozenset({"resourceGroupName", "profileName", "endpointName", "endpointType"}),
    RECORD_SET: frozenset({"resourceGroupName", "zoneName", "relativeRecordSetName", "recordType"}),
    ZONE: frozenset({"resourceGroupName", "zoneName"}),
}
"""Inputs whose change replaces the resource, by type token."""
