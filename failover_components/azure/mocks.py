"""What the testing kit answers for the Azure resources this package declares, in the API's
shapes (camelCase keys, as the engine carries them). No SDK import.
"""

import hashlib
from typing import Any

from .constants import DNSSEC_CONFIG, PROFILE, RECORD_SET, ZONE

__all__ = ["SUBSCRIPTION", "call", "outputs_for"]

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
"""The subscription the mocks pretend the provider is configured with."""


def _hex(*parts: str, length: int = 32) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def _azure_id(rg: str, provider_type: str, name: str) -> str:
    return f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/providers/{provider_type}/{name}"


def outputs_for(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """``(id, computed outputs)`` for an Azure resource, or ``None`` for another cloud's."""
    if typ == PROFILE:
        rg = inputs.get("resourceGroupName", "rg")
        pname = inputs.get("profileName", name)
        dns = dict(inputs.get("dnsConfig") or {})
        if dns.get("relativeName"):
            dns["fqdn"] = f"{dns['relativeName']}.trafficmanager.net"
        return _azure_id(rg, "Microsoft.Network/trafficManagerProfiles", pname), {
            "name": pname,
            "dnsConfig": dns,
        }
    if typ == ZONE:
        rg = inputs.get("resourceGroupName", "rg")
        zname = inputs.get("zoneName", name)
        n = int(_hex("azns", zname, length=2), 16) % 10
        return _azure_id(rg, "Microsoft.Network/dnsZones", zname), {
            "name": zname,
            "nameServers": [
                f"ns1-0{n}.azure-dns.com.",
                f"ns2-0{n}.azure-dns.net.",
                f"ns3-0{n}.azure-dns.org.",
                f"ns4-0{n}.azure-dns.info.",
            ],
        }
    if typ == RECORD_SET:
        rg = inputs.get("resourceGroupName", "rg")
        zone = inputs.get("zoneName", "zone")
        rel = inputs.get("relativeRecordSetName", name)
        rtype = inputs.get("recordType", "A")
        fqdn = f"{zone}." if rel == "@" else f"{rel}.{zone}."
        return _azure_id(rg, f"Microsoft.Network/dnsZones/{zone}/{rtype}", rel), {
            "fqdn": fqdn,
            "name": rel,
        }
    if typ == DNSSEC_CONFIG:
        rg = inputs.get("resourceGroupName", "rg")
        zone = inputs.get("zoneName", "zone")
        tag = int(_hex("azks", zone, length=4), 16)
        digest = _hex("azds", zone, length=64).upper()
        return _azure_id(rg, f"Microsoft.Network/dnsZones/{zone}/dnssecConfigs", "default"), {
            "signingKeys": [
                {
                    "delegationSignerInfo": [
                        {
                            "digestAlgorithmType": 2,
                            "digestValue": digest,
                            "record": f"{tag} 13 2 {digest}",
                        }
                    ],
                    "flags": 257,
                    "keyTag": tag,
                    "protocol": 3,
                    "securityAlgorithmType": 13,
                }
            ]
        }
    if typ.startswith("azure-native:"):
        rg = inputs.get("resourceGroupName", "rg")
        kind = typ.rsplit(":", 1)[-1]
        return _azure_id(rg, f"Microsoft.Insights/{kind}", name), {"name": name}
    return None


def call(token: str, args: dict[str, Any]) -> dict[str, Any] | None:
    """The component makes no Azure invoke: nothing is answered here."""
    del token, args
    return None
