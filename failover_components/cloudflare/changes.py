"""Day 2 on Cloudflare: which inputs make the provider replace a load balancer, pool or
monitor, for the engine's step order (:mod:`failover_components.changes`). No SDK import.

Not modelled yet, and said so rather than guessed: the table is empty, so the change review
treats every Cloudflare resource as updated in place and its report names each such type as
one whose replacement rules are not modelled (:attr:`failover_components.changes.Check.notes`).
The provider's own rules are in its schema (``RequiresReplace`` plan modifiers,
https://github.com/cloudflare/terraform-provider-cloudflare, which pulumi-cloudflare bridges).
"""

from collections.abc import Mapping

__all__ = ["FORCE_NEW"]

FORCE_NEW: Mapping[str, frozenset[str]] = {}
"""Inputs whose change replaces the resource, by type token (none modelled)."""
