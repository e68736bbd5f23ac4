"""What the testing kit answers for the Google Cloud resources and invokes this package uses,
in the API's shapes (camelCase keys, as the engine carries them). No SDK import.
"""

import hashlib
from typing import Any

from .constants import (
    ALERT_POLICY,
    GET_KEYS,
    HEALTH_CHECK,
    MANAGED_ZONE,
    NOTIFICATION_CHANNEL,
    RECORD_SET,
)

__all__ = ["DEFAULT_PROJECT", "call", "outputs_for"]

DEFAULT_PROJECT = "mock-project"
"""The project the mocks pretend the provider is configured with."""


def _hex(*parts: str, length: int = 32) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def _number(*parts: str) -> str:
    return str(int(_hex(*parts, length=12), 16))


def _auto_name(name: str) -> str:
    # Pulumi auto-names a resource '<logical name>-<7 hex>' (sdk autonaming).
    return f"{name}-{_hex('auto', name, length=7)}"


def name_servers(zone: str) -> list[str]:
    """Cloud DNS's four name servers of a zone (``ns-cloud-<shard><1-4>.googledomains.com.``)."""
    shard = "abcde"[int(_hex("ns", zone, length=2), 16) % 5]
    return [f"ns-cloud-{shard}{i}.googledomains.com." for i in range(1, 5)]


def ds_record(zone: str) -> str:
    """A DS record of the zone's key-signing key (RSASHA256, SHA-256 digest)."""
    tag = int(_hex("ks", zone, length=4), 16)
    return f"{tag} 8 2 {_hex('ds', zone, length=64).upper()}"


def outputs_for(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """``(id, computed outputs)`` for a Google Cloud resource, or ``None`` for a type this
    package does not create (the kit's generic answer applies)."""
    project = str(inputs.get("project") or DEFAULT_PROJECT)
    if typ == MANAGED_ZONE:
        zone = str(inputs.get("name") or _auto_name(name))
        return f"projects/{project}/managedZones/{zone}", {
            "name": zone,
            "project": project,
            "nameServers": name_servers(zone),
            "managedZoneId": _number("zone", zone),
            "visibility": inputs.get("visibility", "public"),
        }
    if typ == HEALTH_CHECK:
        check = str(inputs.get("name") or _auto_name(name))
        path = f"projects/{project}/global/healthChecks/{check}"
        kind = next(
            (k.removesuffix("HealthCheck").upper() for k in inputs if k.endswith("HealthCheck")),
            "TCP",
        )
        return path, {
            "name": check,
            "project": project,
            "selfLink": f"https://www.googleapis.com/compute/v1/{path}",
            "type": kind,
            "creationTimestamp": "2026-01-01T00:00:00.000-08:00",
        }
    if typ == RECORD_SET:
        where, rname, rtype = inputs.get("managedZone"), inputs.get("name"), inputs.get("type")
        return f"projects/{project}/managedZones/{where}/rrsets/{rname}/{rtype}", {
            "project": project
        }
    if typ == ALERT_POLICY:
        path = f"projects/{project}/alertPolicies/{_number('alert', name)}"
        return path, {"name": path, "project": project}
    if typ == NOTIFICATION_CHANNEL:
        path = f"projects/{project}/notificationChannels/{_number('channel', name)}"
        return path, {"name": path, "project": project, "verificationStatus": ""}
    return None


def call(token: str, args: dict[str, Any]) -> dict[str, Any] | None:
    """The answer to a Google Cloud invoke this package makes, or ``None``."""
    if token == GET_KEYS:
        zone = str(args.get("managedZone") or "")
        project = str(args.get("project") or DEFAULT_PROJECT)
        tag = int(_hex("ks", zone, length=4), 16)
        return {
            "id": f"projects/{project}/managedZones/{zone}",
            "managedZone": zone,
            "project": project,
            "keySigningKeys": [
                {
                    "algorithm": "rsasha256",
                    "creationTime": "2026-01-01T00:00:00.000Z",
                    "description": "",
                    "digests": [{"digest": _hex("ds", zone, length=64).upper(), "type": "sha256"}],
                    "dsRecord": ds_record(zone),
                    "id": "0",
                    "isActive": True,
                    "keyLength": 2048,
                    "keyTag": tag,
                    "publicKey": _hex("pk", zone, length=64),
                }
            ],
            "zoneSigningKeys": [],
        }
    return None
