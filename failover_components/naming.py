"""Child resource names, identifiers and tags: deterministic, length-capped, sanitised.

Child names are part of the public contract: a renamed child is a replaced resource, and a
replaced DNS record is an outage. A child is named from what it follows: the component name
and the user's pool and endpoint names for what follows an endpoint (so reordering endpoints
or moving a pool to another tier renames nothing), and its level and role for a record whose
identity is its place in a failover chain (Route 53, ``aws/layout.py``). The pinned-name
tests of each cloud pin them.
"""

import hashlib
import re

__all__ = ["child", "short_hash", "slug", "tag_value"]

TYPE_PACKAGE = "failover-components"
"""The package part of every component type token (``failover-components:index:<Class>``)."""


def type_token(class_name: str) -> str:
    """``failover-components:index:<ClassName>``, the token the component package also uses."""
    return f"{TYPE_PACKAGE}:index:{class_name}"


def child(component: str, *parts: str) -> str:
    """``<component>-<part>-<part>...``: the name of a child resource."""
    return "-".join((component, *parts))


def short_hash(*parts: str, length: int = 6) -> str:
    """A short, stable, lowercase hex digest of ``parts``."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:length]


def slug(text: str, max_length: int) -> str:
    """Lowercase letters, digits and single hyphens, at most ``max_length`` long.

    Over-long input keeps a hash of the whole, so two long names never collapse into one.
    """
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(s) <= max_length:
        return s
    digest = short_hash(text)
    return s[: max_length - len(digest) - 1].rstrip("-") + "-" + digest


_TAG_UNSAFE = re.compile(r"[^\w .:/=+\-@]", re.UNICODE)


def tag_value(text: str) -> str:
    """An AWS tag value: allowed characters only (a wildcard ``*`` is not one), at most 256.

    https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
    """
    return _TAG_UNSAFE.sub("_", text)[:256]
