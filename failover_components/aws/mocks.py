"""What the testing kit answers for the AWS resources and invokes this package uses, in the
API's shapes (camelCase keys, as the engine carries them). No SDK import.

The answers that hold an account id (KMS key and SNS topic ARNs, the caller identity) take
it as ``account_id``: the testing kit passes its :attr:`FailoverMocks.account_id
<failover_components.testing.FailoverMocks.account_id>` (registry field ``mock_options``).
"""

import hashlib
from typing import Any

from .constants import (
    GET_CALLER_IDENTITY,
    GET_PARTITION,
    GET_REGION,
    GET_ZONE,
    HEALTH_CHECK,
    KEY_SIGNING_KEY,
    KMS_KEY,
    RECORD,
    SNS_TOPIC,
    US_EAST_1,
    ZONE,
)

__all__ = ["DEFAULT_ACCOUNT_ID", "call", "name_servers", "outputs_for", "zone_id"]

DEFAULT_ACCOUNT_ID = "123456789012"
"""The account the mocks pretend to be unless told otherwise."""


def _hex(*parts: str, length: int = 32) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def zone_id(name: str) -> str:
    """The hosted zone id the mocks give the zone ``name`` (created or looked up)."""
    return "Z" + _hex("zone", name, length=20).upper()


def name_servers(name: str) -> list[str]:
    """Route 53's four name servers of a zone, one per top-level domain, as it assigns them."""
    n = int(_hex("ns", name, length=4), 16)
    return [
        f"ns-{n % 512}.awsdns-{n % 64:02d}.com",
        f"ns-{(n + 1) % 512 + 512}.awsdns-{(n + 1) % 64:02d}.net",
        f"ns-{(n + 2) % 512 + 1024}.awsdns-{(n + 2) % 64:02d}.org",
        f"ns-{(n + 3) % 512 + 1536}.awsdns-{(n + 3) % 64:02d}.co.uk",
    ]


def outputs_for(
    typ: str, name: str, inputs: dict[str, Any], *, account_id: str = DEFAULT_ACCOUNT_ID
) -> tuple[str, dict[str, Any]] | None:
    """``(id, computed outputs)`` for an AWS resource, or ``None`` for a type this package does
    not create (the kit's generic answer applies)."""
    if typ == ZONE:
        zone = zone_id(inputs.get("name", name))
        return zone, {
            "zoneId": zone,
            "nameServers": name_servers(inputs.get("name", name)),
            "arn": f"arn:aws:route53:::hostedzone/{zone}",
        }
    if typ == HEALTH_CHECK:
        h = _hex("hc", name)
        hc_id = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
        return hc_id, {"arn": f"arn:aws:route53:::healthcheck/{hc_id}"}
    if typ == RECORD:
        return f"{inputs.get('zoneId')}_{inputs.get('name')}_{inputs.get('type')}", {
            "fqdn": inputs.get("name")
        }
    if typ == KEY_SIGNING_KEY:
        return name, {
            "dsRecord": f"{int(_hex('ks', name, length=4), 16)} 13 2 {_hex('ds', name, length=64).upper()}",
            "keyTag": int(_hex("ks", name, length=4), 16),
            "digestAlgorithmType": "SHA-256",
            "signingAlgorithmType": "ECDSAP256SHA256",
        }
    if typ == KMS_KEY:
        key_id = _hex("kms", name, length=32)
        region = inputs.get("region", US_EAST_1)
        return key_id, {
            "arn": f"arn:aws:kms:{region}:{account_id}:key/{key_id}",
            "keyId": key_id,
        }
    if typ == SNS_TOPIC:
        region = inputs.get("region", US_EAST_1)
        return f"arn:aws:sns:{region}:{account_id}:{name}", {
            "arn": f"arn:aws:sns:{region}:{account_id}:{name}"
        }
    return None


def call(
    token: str, args: dict[str, Any], *, account_id: str = DEFAULT_ACCOUNT_ID
) -> dict[str, Any] | None:
    """The answer to an AWS invoke this package makes, or ``None``."""
    if token == GET_ZONE:
        name = str(args.get("name") or "").rstrip(".")
        zone = args.get("zoneId") or zone_id(name)
        return {
            "id": zone,
            "zoneId": zone,
            "name": name,
            "nameServers": name_servers(name),
            "privateZone": bool(args.get("privateZone", False)),
            "arn": f"arn:aws:route53:::hostedzone/{zone}",
        }
    if token == GET_CALLER_IDENTITY:
        return {
            "accountId": account_id,
            "arn": f"arn:aws:iam::{account_id}:user/ci",
            "id": account_id,
            "userId": "AIDAEXAMPLE",
        }
    if token == GET_PARTITION:
        return {"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws"}
    if token == GET_REGION:
        return {"name": US_EAST_1, "region": US_EAST_1, "id": US_EAST_1}
    return None
