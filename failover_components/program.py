"""The config-driven program: failover sets declared as data in the stack config.

The root ``Pulumi.yaml`` runs :func:`main`; your own project can too (``main()`` in its
``__main__.py``), or call :func:`declare` with entries from anywhere::

    # Pulumi.prod.yaml
    config:
      failover-sets:failovers:
        - name: web                 # the component's resource name (keep it stable)
          cloud: aws                # aws | azure | cloudflare | gcp
          hostname: app.example.com
          zone_name: example.com
          create_zone: true
          pools:
            - name: primary
              endpoints: [{address: 192.0.2.10}]
            - name: secondary
              endpoints: [{address: 198.51.100.10}]

Every entry is validated before any resource is registered, and every problem of every
entry is reported at once, with its path in the config (``failovers[2].pools[0].name``).
"""

import asyncio
import re
from collections.abc import Mapping, Sequence
from typing import Any, cast

import pulumi

from . import ownership
from .clouds import CLOUDS as _REGISTRY
from .errors import MISSING, FailoverConfigError, Reason

__all__ = ["CLOUDS", "CONFIG_KEY", "declare", "main"]

SECRET_CONFIG_PLACEHOLDER = "[secret]"
"""How the offline runner presents a ``secure:`` config value it cannot decrypt."""

CONFIG_KEY = "failovers"
"""The stack config key that holds the list of failover sets."""

CLOUDS: Mapping[str, tuple[str, str]] = {
    key: (cloud.module, cloud.component) for key, cloud in _REGISTRY.items()
}
"""``cloud`` value -> (module, component class), from :data:`failover_components.clouds.CLOUDS`.
Each module is imported only when used, so a stack of Route 53 sets never pays for the
Cloudflare SDK."""

_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")


def _occupies(cloud: str, fset: Any) -> str | None:
    """What ``cloud`` writes at the set's hostname (its module's ``occupies``; a module
    without one writes the set's own record type)."""
    occupies = getattr(_REGISTRY[cloud].load(), "occupies", None)
    return cast("str | None", occupies(fset)) if callable(occupies) else None


def _entry_reasons(raw: object, index: int, names: dict[str, int]) -> list[Reason]:
    where = f"{CONFIG_KEY}[{index}]"
    if not isinstance(raw, Mapping):
        return [Reason(where, "not a mapping", raw, "a failover set with cloud, name and args")]
    entry = cast("Mapping[str, Any]", raw)
    reasons: list[Reason] = []
    cloud = entry.get("cloud", MISSING)
    if cloud not in CLOUDS:
        reasons.append(
            Reason(
                f"{where}.cloud", "unknown or missing cloud", cloud, "one of " + ", ".join(CLOUDS)
            )
        )
    name = entry.get("name", MISSING)
    allowed_name = "1-40 lowercase letters, digits and inner hyphens (it names the component)"
    if name is MISSING:
        reasons.append(Reason(f"{where}.name", "required", expected=allowed_name))
    elif not isinstance(name, str) or not _NAME.match(name):
        reasons.append(Reason(f"{where}.name", "not a valid failover set name", name, allowed_name))
    elif name in names:
        reasons.append(
            Reason(f"{where}.name", f"duplicate name (also {CONFIG_KEY}[{names[name]}])", name)
        )
    else:
        names[name] = index
    if cloud in CLOUDS:
        args = {k: v for k, v in entry.items() if k not in ("cloud", "name")}
        checked = _REGISTRY[str(cloud)].check_args(args)
        reasons.extend(r.with_prefix(f"{where}.") for r in checked)
    return reasons


def declare(
    entries: Sequence[Mapping[str, Any]], opts: pulumi.ResourceOptions | None = None
) -> dict[str, Any]:
    """Declare one component per entry; returns the components by name.

    Raises one :class:`FailoverConfigError` naming every problem in every entry, before
    anything is registered.
    """
    reasons: list[Reason] = []
    names: dict[str, int] = {}
    raw = cast(object, entries)
    if isinstance(raw, (str, bytes, Mapping)) or not isinstance(raw, Sequence):
        reasons.append(Reason(CONFIG_KEY, "not a list", entries, "a list of failover sets"))
        entries = []
    for index, entry in enumerate(entries):
        reasons.extend(_entry_reasons(entry, index, names))
    if not reasons:
        # Two entries answering one name: refused before anything is registered.
        reasons = ownership.entries_reasons(entries, CONFIG_KEY, _occupies)
    FailoverConfigError.raise_if_any(reasons, f"stack config '{CONFIG_KEY}'")
    components: dict[str, Any] = {}
    for entry in entries:
        component_class: Any = _REGISTRY[str(entry["cloud"])].component_class()
        args = {k: v for k, v in entry.items() if k not in ("cloud", "name")}
        components[str(entry["name"])] = component_class(str(entry["name"]), args, opts)
    return components


def _unknown_secret() -> pulumi.Output[Any]:
    loop = asyncio.get_event_loop()
    futures: list[asyncio.Future[Any]] = [loop.create_future() for _ in range(3)]
    for future, value in zip(futures, (None, False, True), strict=True):
        future.set_result(value)
    return pulumi.Output(set(), futures[0], futures[1], futures[2])


def _unknown_secrets(value: Any) -> Any:
    """Offline, a secret the runner could not decrypt becomes an unknown secret Output: the
    component plans it as known after deployment, and its checks run when it resolves."""
    if value == SECRET_CONFIG_PLACEHOLDER:
        return _unknown_secret()
    if isinstance(value, Mapping):
        return {k: _unknown_secrets(v) for k, v in cast("Mapping[str, Any]", value).items()}
    if isinstance(value, list):
        return [_unknown_secrets(v) for v in cast("list[Any]", value)]  # type: ignore[redundant-cast]
    return value


def missing_key_error() -> FailoverConfigError:
    """The stack config has no ``<project>:failovers``: a program declaring nothing would
    delete every set the stack had, so this is an error, naming the key expected and any
    ``<other project>:failovers`` found (a stack file copied from another project). An
    explicit empty list (``failovers: []``) declares no sets on purpose."""
    from pulumi.runtime import config as runtime_config

    expected = f"{pulumi.get_project()}:{CONFIG_KEY}"
    keys = set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())
    foreign = sorted(k for k in keys if k.endswith(f":{CONFIG_KEY}") and k != expected)
    problem = "missing from the stack config"
    if foreign:
        problem += f" (found {', '.join(repr(k) for k in foreign)}: another project's key)"
    return FailoverConfigError(
        [
            Reason(
                expected,
                problem,
                expected=f"the list of failover sets under '{expected}' (the project in "
                "Pulumi.yaml), or 'failovers: []' to declare none on purpose",
            )
        ],
        "stack config",
    )


def main() -> None:
    """Read ``failovers`` from the stack config, declare them and export, per set, its
    ``fqdn`` and ``worst_case_failover_seconds``, plus ``name_servers`` when a zone was made
    and ``ds_record`` (to publish at the registrar) when ``dnssec`` is on."""
    config = pulumi.Config()
    if config.get(CONFIG_KEY) is None:
        raise missing_key_error()
    try:
        entries = cast("Sequence[Mapping[str, Any]]", config.get_object(CONFIG_KEY))
    except pulumi.ConfigTypeError:
        # A plain string that is not JSON (``failovers: oops``): name the key, not the SDK's
        # exception.
        key = f"{pulumi.get_project()}:{CONFIG_KEY}"
        raise FailoverConfigError(
            [
                Reason(
                    key,
                    "not JSON or YAML structured config",
                    config.get(CONFIG_KEY),
                    "a list of failover sets (a YAML list in the stack file, or "
                    "'pulumi config set --path' / '--json')",
                )
            ],
            "stack config",
        ) from None
    components = declare(_unknown_secrets(entries))
    exports: dict[str, Any] = {}
    for name, component in components.items():
        out: dict[str, Any] = {
            "fqdn": component.fqdn,
            "worst_case_failover_seconds": component.worst_case_failover_seconds,
        }
        name_servers = getattr(component, "name_servers", None)
        if name_servers is not None:
            out["name_servers"] = name_servers
        if any(e.get("name") == name and e.get("dnssec") is True for e in entries):
            out["ds_record"] = component.ds_record
        exports[name] = out
    pulumi.export(CONFIG_KEY, exports)
