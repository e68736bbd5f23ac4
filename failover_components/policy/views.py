"""The resources a rule sees, whatever ran the program: wire decoding, :class:`ResourceView`
and :class:`StackView`.

A program's resources come from the testing kit's mock engine (:func:`from_recording`) or from
a CrossGuard run (:func:`from_policy_resources`); both become the same views, with the engine's
camelCase property keys, secrets unwrapped and every kind of unknown value as
:data:`~failover_components.policy.read.UNKNOWN`.
"""

import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..clouds import CLOUDS
from .read import UNKNOWN, as_list, as_str

if TYPE_CHECKING:  # pragma: no cover - typing only; the testing kit is imported by the caller
    from ..testing import Recording

__all__ = [
    "FAILOVER_COMPONENTS",
    "ResourceView",
    "StackView",
    "base_type",
    "from_policy_resources",
    "from_recording",
    "matches_id",
    "output",
]


# Pulumi's wire encodings (sdk/go/common/resource/properties.go): a secret is a map with the
# signature key; a preview's unknown is one of these sentinel strings (pulumi_policy/proxy.py).
_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
_UNKNOWN_SENTINELS = frozenset(
    {
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",  # boolean
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421",  # number
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9",  # string
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",  # array
        "030794c1-ac77-496b-92df-f27374a8bd58",  # asset
        "e48ece36-62e2-4504-bad9-02848725956a",  # archive
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",  # object
    }
)


def _is_unknown_error(exc: Exception) -> bool:
    # pulumi_policy's proxies raise UnknownValueError when an unknown value is read; matched
    # by name so that this module never imports pulumi_policy.
    return type(exc).__name__ == "UnknownValueError"


def _item(container: Any, key: Any) -> Any:
    try:
        return container[key]
    except Exception as exc:
        if _is_unknown_error(exc):
            return UNKNOWN
        raise


def _plain(value: Any) -> Any:
    """JSON-like data: secrets unwrapped, every kind of unknown as :data:`UNKNOWN`."""
    if value is UNKNOWN:
        return value
    if isinstance(value, str):
        return UNKNOWN if value in _UNKNOWN_SENTINELS else value
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if type(value).__name__ == "Unknown" and type(value).__module__.startswith("pulumi"):
        return UNKNOWN  # pulumi.output.Unknown, as mock recordings hold it
    if isinstance(value, Mapping):
        data = cast("Mapping[str, Any]", value)
        if data.get(_SIG_KEY) == _SECRET_SIG:
            return _plain(_item(data, "value"))
        return {str(k): _plain(_item(data, k)) for k in list(data)}
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        items = cast("Sequence[object]", value)
        return [_plain(_item(items, i)) for i in range(len(items))]
    return value


@dataclass(frozen=True, eq=False)
class ResourceView:
    """One resource as a rule sees it, whatever ran the program (mock engine or CrossGuard)."""

    type: str
    """The type token, e.g. ``aws:route53/record:Record``."""
    name: str
    """The resource name (the last part of its URN)."""
    urn: str
    parent: str | None
    """The parent's URN, or ``None``."""
    props: Mapping[str, Any]
    """Properties with the engine's camelCase keys, secrets unwrapped, :data:`UNKNOWN` where
    unknown. For a component: its registered outputs."""
    id: str | None = None
    """The provider's id, when known."""
    property_dependencies: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: cast("dict[str, tuple[str, ...]]", {})
    )
    """URNs each property depends on: links that hold even while ids are unknown."""


def from_recording(recording: "Recording") -> list[ResourceView]:
    """The resources of a :class:`~failover_components.testing.Recording`: custom resources
    with their inputs, components with the outputs they registered."""
    views: list[ResourceView] = []
    for r in recording.resources:
        props = r.plain() if r.custom else recording.component_outputs.get(r.urn, {})
        views.append(
            ResourceView(
                type=r.type,
                name=r.name,
                urn=r.urn,
                parent=r.parent or None,
                props=cast("Mapping[str, Any]", _plain(props)),
                id=r.id or None,
                property_dependencies=dict(r.property_dependencies),
            )
        )
    return views


def from_policy_resources(resources: Iterable[Any]) -> list[ResourceView]:
    """The resources of a CrossGuard ``StackValidationArgs.resources`` list.

    Duck-typed on ``pulumi_policy.PolicyResource`` (``resource_type``, ``name``, ``urn``,
    ``props``, ``parent`` (a PolicyResource or ``None``), ``property_dependencies`` (property
    -> PolicyResources)); unknown values read through the pack's proxies become :data:`UNKNOWN`.
    """
    views: list[ResourceView] = []
    for res in resources:
        props = cast("Mapping[str, Any]", _plain(res.props) or {})
        parent = getattr(res, "parent", None)
        deps_raw = cast("Mapping[str, Any]", getattr(res, "property_dependencies", None) or {})
        deps = {str(k): tuple(str(d.urn) for d in v) for k, v in deps_raw.items()}
        rid = props.get("id")
        views.append(
            ResourceView(
                type=str(res.resource_type),
                name=str(res.name),
                urn=str(res.urn),
                parent=str(parent.urn) if parent is not None else None,
                props=props,
                id=rid if isinstance(rid, str) and rid else None,
                property_dependencies=deps,
            )
        )
    return views


FAILOVER_COMPONENTS = frozenset(c.type_token for c in CLOUDS.values())
"""The component types whose descendants are grouped, and that can acknowledge rules."""

# azure-native also publishes explicit API versions (azure-native:trafficmanager/v20220401:Profile).
_AZURE_VERSIONED = re.compile(r"^(azure-native:[A-Za-z0-9]+)/v[0-9a-z]+(:\w+)$")


def base_type(type_: str) -> str:
    """The type token without an azure-native API-version module."""
    m = _AZURE_VERSIONED.match(type_)
    return m.group(1) + m.group(2) if m else type_


def output(component: ResourceView, camel: str, snake: str) -> Any:
    """A component output, under its wire (camelCase) or Python (snake_case) name."""
    props = component.props
    return props[camel] if camel in props else props.get(snake)


class StackView:
    """Every resource of one stack, indexed for rules: by type, by parent, and the links
    between resources (property dependencies first, then matching ids or names)."""

    def __init__(self, resources: Iterable[ResourceView]) -> None:
        self.resources: tuple[ResourceView, ...] = tuple(resources)
        self._by_urn = {r.urn: r for r in self.resources}
        self._by_type: dict[str, list[ResourceView]] = {}
        self._children: dict[str, list[ResourceView]] = {}
        for r in self.resources:
            self._by_type.setdefault(base_type(r.type), []).append(r)
            if r.parent:
                self._children.setdefault(r.parent, []).append(r)

    def get(self, urn: str | None) -> ResourceView | None:
        """The resource with this URN, if it is in the stack."""
        return self._by_urn.get(urn) if urn else None

    def of_type(self, *types: str) -> list[ResourceView]:
        """Every resource of these types, in stack order."""
        out: list[ResourceView] = []
        for t in types:
            out.extend(self._by_type.get(t, []))
        return out

    def component_of(self, resource: ResourceView) -> ResourceView | None:
        """The failover component the resource is (or belongs to), or ``None``."""
        seen: set[str] = set()
        current: ResourceView | None = resource
        while current is not None and current.urn not in seen:
            if base_type(current.type) in FAILOVER_COMPONENTS:
                return current
            seen.add(current.urn)
            current = self.get(current.parent)
        return None

    def components(self) -> list[ResourceView]:
        """Every failover component."""
        return [r for r in self.resources if base_type(r.type) in FAILOVER_COMPONENTS]

    def descendants(self, resource: ResourceView) -> list[ResourceView]:
        """Children, grandchildren and so on."""
        out: list[ResourceView] = []
        seen = {resource.urn}
        queue = deque(self._children.get(resource.urn, []))
        while queue:
            r = queue.popleft()
            if r.urn in seen:
                continue
            seen.add(r.urn)
            out.append(r)
            queue.extend(self._children.get(r.urn, []))
        return out

    def dependencies(
        self, resource: ResourceView, key: str, types: Iterable[str]
    ) -> list[ResourceView]:
        """The resources of ``types`` that the property ``key`` depends on."""
        wanted = set(types)
        out: list[ResourceView] = []
        for urn in resource.property_dependencies.get(key, ()):
            r = self.get(urn)
            if r is not None and base_type(r.type) in wanted and r not in out:
                out.append(r)
        return out

    def linked(
        self,
        resource: ResourceView,
        key: str,
        types: Iterable[str],
        match: Callable[[ResourceView, str], bool] | None = None,
    ) -> ResourceView | None:
        """The one resource of ``types`` that the property ``key`` refers to, or ``None``.

        A property that took another resource's output depends on it, which holds even in a
        preview, when ids are unknown; a literal is matched by id (or by ``match``).
        """
        types = tuple(types)
        deps = self.dependencies(resource, key, types)
        if len(deps) == 1:
            return deps[0]
        value = as_str(resource.props.get(key))
        if value is None:
            return None
        matcher = match or matches_id
        hits = [c for c in (deps or self.of_type(*types)) if matcher(c, value)]
        return hits[0] if len(hits) == 1 else None

    def linked_list(
        self, resource: ResourceView, key: str, types: Iterable[str]
    ) -> list[ResourceView | None]:
        """Per position of the list property ``key``, the resource it refers to (by id), or
        ``None``; one unmatched position is filled from one unmatched dependency."""
        types = tuple(types)
        candidates = self.of_type(*types)
        out: list[ResourceView | None] = []
        for value in as_list(resource.props.get(key)):
            hits = [c for c in candidates if isinstance(value, str) and matches_id(c, value)]
            out.append(hits[0] if len(hits) == 1 else None)
        unmatched = [d for d in self.dependencies(resource, key, types) if d not in out]
        holes = [i for i, r in enumerate(out) if r is None]
        if len(holes) == 1 and len(unmatched) == 1:
            out[holes[0]] = unmatched[0]
        return out


def matches_id(candidate: ResourceView, value: str) -> bool:
    """Whether ``value`` is ``candidate``'s id (the provider's, or its ``id`` property)."""
    return value in (candidate.id, candidate.props.get("id"))
