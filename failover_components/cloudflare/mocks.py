"""What the testing kit answers for the Cloudflare resources this package creates, in the
API's shapes (camelCase keys, as the engine carries them). No SDK import.
"""

import hashlib
from typing import Any

from .constants import ZONE_DNSSEC

__all__ = ["call", "outputs_for"]


def _hex(*parts: str, length: int = 32) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:length]


def outputs_for(typ: str, name: str, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """``(id, computed outputs)`` for a Cloudflare resource: a 32-hex id like Cloudflare's,
    and for ``ZoneDnssec`` the signing key's DS record; ``None`` for another cloud's type."""
    if typ == ZONE_DNSSEC:
        tag = int(_hex("cfks", name, length=4), 16)
        digest = _hex("cfds", name, length=64).upper()
        return _hex("cf", typ, name), {
            "status": inputs.get("status", "active"),
            "algorithm": "13",
            "digestType": "2",
            "digest": digest,
            "keyTag": tag,
            "ds": f"{inputs.get('zoneId', 'zone')}. 3600 IN DS {tag} 13 2 {digest}",
        }
    if typ.startswith("cloudflare:"):
        return _hex("cf", typ, name), {}
    return None


def call(token: str, args: dict[str, Any]) -> dict[str, Any] | None:
    """The answer to a Cloudflare invoke: none, the component makes no invoke."""
    del token, args
    return None
