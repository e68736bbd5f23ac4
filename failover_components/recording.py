"""What one offline run registered: the recorded-resource model every consumer reads.

:class:`Recording` and :class:`RecordedResource` are the library's core picture of a deployment:
every resource with its type, name, parent, inputs and options, as the engine received them.
The testing kit's mock-engine runner (:func:`failover_components.testing.run`) produces them;
the simulate resolvers, the change review, the plan rendering and the policy engine read them,
so this module imports nothing of the mock engine.

Inputs are kept as the engine receives them: camelCase keys, numbers as floats, secrets wrapped
in Pulumi's wire form (a map carrying the secret signature, see
https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/sig/sig.go), and unknowns
as ``pulumi.output.Unknown``.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from pulumi.runtime import rpc

from .summary import FailoverSetSummary

__all__ = ["RecordedResource", "Recording", "is_wire_secret"]

_SECRET_KEY = rpc._special_sig_key  # pyright: ignore[reportPrivateUsage]
_SECRET_SIG = rpc._special_secret_sig  # pyright: ignore[reportPrivateUsage]


def is_wire_secret(value: object) -> bool:
    """True when ``value`` is a secret in Pulumi's wire form (the map carrying the secret
    signature that recorded inputs keep)."""
    return isinstance(value, dict) and cast("dict[str, Any]", value).get(_SECRET_KEY) == _SECRET_SIG


def _unwrap(value: Any) -> Any:
    if is_wire_secret(value):
        return _unwrap(value["value"])
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return [_unwrap(v) for v in value]  # pyright: ignore[reportUnknownVariableType]
    return value


def _contains_secret(value: Any) -> bool:
    if is_wire_secret(value):
        return True
    if isinstance(value, dict):
        return any(_contains_secret(v) for v in value.values())  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return any(_contains_secret(v) for v in value)  # pyright: ignore[reportUnknownVariableType]
    return False


@dataclass(frozen=True)
class RecordedResource:
    """One resource registration, as the engine received it."""

    type: str
    """The type token, e.g. ``aws:route53/record:Record``."""
    name: str
    """The resource name (the last part of its URN)."""
    urn: str
    parent: str
    """The parent's URN (empty for top-level resources)."""
    custom: bool
    """False for component resources."""
    inputs: Mapping[str, Any]
    """Inputs with camelCase keys; secrets wrapped; unknowns as ``pulumi.output.Unknown``."""
    dependencies: tuple[str, ...]
    """URNs of the resources this one depends on."""
    property_dependencies: Mapping[str, tuple[str, ...]]
    """URNs each input depends on."""
    provider: str
    """The provider reference, when one was set explicitly."""
    id: str
    outputs: Mapping[str, Any]
    """The state the mocks returned."""
    protect: bool = False
    delete_before_replace: bool = False
    retain_on_delete: bool = False
    ignore_changes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Alias URNs or specs, as strings."""
    replace_on_changes: tuple[str, ...] = ()
    """Inputs whose change replaces the resource (``replace_on_changes``)."""

    def plain(self, key: str | None = None) -> Any:
        """The inputs (or one input) with secrets unwrapped."""
        if key is None:
            return _unwrap(dict(self.inputs))
        return _unwrap(self.inputs.get(key))

    def is_secret(self, key: str) -> bool:
        """True when the input ``key`` is, or contains, a secret."""
        return _contains_secret(self.inputs.get(key))


@dataclass
class Recording:
    """Everything one run registered."""

    resources: list[RecordedResource] = field(default_factory=lambda: [])
    """Every registration except the root stack, in registration order (not program order)."""
    outputs: dict[str, Any] = field(default_factory=lambda: {})
    """The stack outputs (``pulumi.export``), secrets unwrapped, :data:`~failover_components.testing.UNKNOWN` where unknown."""
    component_outputs: dict[str, dict[str, Any]] = field(default_factory=lambda: {})
    """``register_outputs`` of every component, by URN."""
    failover_sets: list[FailoverSetSummary] = field(default_factory=lambda: [])
    """What each failover component reported, in construction order."""
    secret_outputs: frozenset[str] = frozenset()
    """Names of stack outputs that are secrets."""
    invokes: list[tuple[str, dict[str, Any]]] = field(default_factory=lambda: [])
    """Every invoke (data-source lookup) made: ``(token, args)`` with camelCase args."""

    def by_type(self, type_: str) -> list[RecordedResource]:
        """Every resource of one type, sorted by name."""
        return sorted((r for r in self.resources if r.type == type_), key=lambda r: r.name)

    def get(self, type_: str, name: str) -> RecordedResource:
        """The one resource with this type and name (``KeyError`` if absent)."""
        for r in self.resources:
            if r.type == type_ and r.name == name:
                return r
        raise KeyError(f"no {type_} named {name!r}; registered: {sorted(self.names())}")

    def by_urn(self, urn: str) -> RecordedResource:
        """The resource with this URN (``KeyError`` if absent)."""
        for r in self.resources:
            if r.urn == urn:
                return r
        raise KeyError(urn)

    def names(self) -> set[tuple[str, str]]:
        """``{(type, name)}`` of every resource."""
        return {(r.type, r.name) for r in self.resources}

    def children(self, parent: RecordedResource | str) -> list[RecordedResource]:
        """Direct children of a resource (or URN), sorted by type and name."""
        urn = parent if isinstance(parent, str) else parent.urn
        return sorted(
            (r for r in self.resources if r.parent == urn), key=lambda r: (r.type, r.name)
        )

    def descendants(self, parent: RecordedResource | str) -> list[RecordedResource]:
        """Children, grandchildren and so on."""
        out: list[RecordedResource] = []
        for child in self.children(parent):
            out.append(child)
            out.extend(self.descendants(child))
        return out

    def components(self) -> list[RecordedResource]:
        """Every component resource."""
        return [r for r in self.resources if not r.custom]
