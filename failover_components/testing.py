"""Run Pulumi code under the SDK's own mock engine and get back everything it registered.

This is the testing kit the library's own tests use, shipped for yours (the way httpx ships
``MockTransport``)::

    from failover_components.testing import run

    def test_my_program():
        rec = run(lambda: my_program.build())          # or run_program("path/to/project")
        hc = rec.get("aws:route53/healthCheck:HealthCheck", "web-primary-a-hc")
        assert hc.inputs["requestInterval"] == 30
        assert rec.outputs["fqdn"] == "app.example.com"

What it takes care of (each one a documented pitfall of Pulumi mocks):

* a fresh event loop and a fresh monitor per run, so nothing leaks between tests;
* the function runs inside ``pulumi.runtime.test``, so every ``apply`` has finished when
  :func:`run` returns and assertions need no ``apply``;
* the parent, dependencies and options of every registration are recorded (the plain
  ``Mocks.new_resource`` hook does not see the parent);
* duplicate resource names raise :class:`DuplicateResourceError`, as the real engine does;
* realistic outputs for what this library creates (zone ids and name servers, health check
  ids, Traffic Manager FQDNs, Cloudflare ids) and answers for the invokes it uses, keyed by
  their camelCase wire names;
* ``preview=True`` leaves computed outputs unknown, as a real preview does.

Inputs are recorded as the engine receives them: camelCase keys, numbers as floats
(``30.0 == 30`` holds), secrets wrapped (use :meth:`RecordedResource.plain` and
:meth:`RecordedResource.is_secret`).
"""

import asyncio
import concurrent.futures
import gc
import os
import runpy
import sys
from collections.abc import Callable, Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pulumi
from pulumi.runtime import mocks as _mocks
from pulumi.runtime import rpc, settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.stack import massage

from . import summary as _summary
from .clouds import for_invoke, for_resource_type
from .errors import FailoverConfigError
from .program import SECRET_CONFIG_PLACEHOLDER
from .recording import RecordedResource, Recording

__all__ = [
    "UNKNOWN",
    "DuplicateResourceError",
    "FailoverMocks",
    "RecordedResource",
    "Recording",
    "UnmockedInvokeError",
    "load_project",
    "registration_counter",
    "run",
    "run_program",
    "unknown",
]


UNKNOWN: Any = pulumi.output.Unknown()  # type: ignore[no-untyped-call]
"""What an unknown value looks like in a recording (preview mode)."""


class DuplicateResourceError(RuntimeError):
    """Two registrations produced the same URN; the real engine rejects this."""

    def __init__(self, urns: list[str]) -> None:
        self.urns = urns
        """Every URN registered more than once."""
        super().__init__("duplicate resource URN(s): " + ", ".join(urns))


class UnmockedInvokeError(RuntimeError):
    """The code called an invoke the mocks do not answer: never guessed, always an error."""


def _registry_outputs(
    typ: str, name: str, inputs: dict[str, Any], kit: object
) -> tuple[str, dict[str, Any]] | None:
    """The answer of the cloud's own mocks module (see :mod:`failover_components.clouds`),
    given the kit's options it asks for (``mock_options``)."""
    cloud = for_resource_type(typ)
    mocks = cloud.mocks_module() if cloud is not None else None
    if cloud is None or mocks is None:
        return None
    options = {key: getattr(kit, key) for key in cloud.mock_options}
    return cast(
        "tuple[str, dict[str, Any]] | None", mocks.outputs_for(typ, name, inputs, **options)
    )


class FailoverMocks(pulumi.runtime.Mocks):
    """Mocks that answer like the clouds do for what this library creates.

    Subclass and extend :meth:`outputs_for` or :meth:`call` for your own resources; an
    invoke nobody answers raises :class:`UnmockedInvokeError` instead of returning nothing.
    """

    def __init__(self, *, preview: bool = False, account_id: str = "123456789012") -> None:
        self.preview = preview
        self.account_id = account_id
        """The AWS account id the mocks pretend to be."""

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        """Echo the inputs plus realistic computed outputs (left unknown in preview)."""
        inputs: dict[str, Any] = dict(cast("dict[str, Any]", args.inputs))
        if self.preview and not args.resource_id:
            # A real preview knows only the inputs; ids and computed outputs stay unknown.
            return "", inputs
        rid, extra = self.outputs_for(args.typ, args.name, inputs)
        return args.resource_id or rid, {**inputs, **extra}

    def outputs_for(
        self, typ: str, name: str, inputs: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """``(id, computed outputs)`` for one resource type; a generic id for the rest."""
        answer = _registry_outputs(typ, name, inputs, self)
        if answer is not None:
            return answer
        return f"{name}-id", {}

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Answer the invokes this library uses, with camelCase keys."""
        a = cast("dict[str, Any]", args.args)
        cloud = for_invoke(args.token)
        mocks = cloud.mocks_module() if cloud is not None else None
        if cloud is not None and mocks is not None:
            options = {key: getattr(self, key) for key in cloud.mock_options}
            result = cast("dict[str, Any] | None", mocks.call(args.token, a, **options))
            if result is not None:
                return result, []
        raise UnmockedInvokeError(
            f"no mock answer for invoke {args.token!r}; subclass FailoverMocks and extend call()"
        )


_pulumi_test = cast(
    Callable[[Callable[[], object]], Callable[[], None]],
    pulumi.runtime.test,  # pyright: ignore[reportUnknownMemberType]
)
"""``pulumi.runtime.test`` (untyped in the SDK) with its real signature."""

_registered_total = [0]


def registration_counter() -> Callable[[], int]:
    """A callable returning how many resources have been registered so far in this process
    (for progress indications while a long program runs)."""
    start = _registered_total[0]
    return lambda: _registered_total[0] - start


class _RecordingMonitor(_mocks.MockMonitor):
    """A mock monitor that also keeps the parent, dependencies and options of each registration."""

    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.registrations: list[RecordedResource] = []
        self.urns: list[str] = []
        self.outputs_by_urn: dict[str, dict[str, Any]] = {}
        self.invokes: list[tuple[str, dict[str, Any]]] = []

    def Invoke(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        args = rpc.deserialize_properties(request.args)
        self.invokes.append((request.tok, dict(args)))
        return super().Invoke(request)  # type: ignore[no-untyped-call]

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        response: Any = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == "pulumi:pulumi:Stack":
            return response
        urn = self.make_urn(request.parent, request.type, request.name)
        self.urns.append(urn)
        _registered_total[0] += 1
        inputs = rpc.deserialize_properties(request.object, keep_unknowns=True)
        state: dict[str, Any] = (
            cast("dict[str, Any]", self.resources[urn].state) if urn in self.resources else {}
        )
        self.registrations.append(
            RecordedResource(
                type=request.type,
                name=request.name,
                urn=urn,
                parent=request.parent,
                custom=bool(request.custom),
                inputs=inputs,
                dependencies=tuple(request.dependencies),
                property_dependencies={
                    k: tuple(v.urns) for k, v in request.propertyDependencies.items()
                },
                provider=request.provider,
                id=response.id,
                outputs=state,
                protect=bool(request.protect),
                delete_before_replace=bool(request.deleteBeforeReplace),
                retain_on_delete=bool(request.retainOnDelete),
                ignore_changes=tuple(request.ignoreChanges),
                aliases=tuple(str(a) for a in request.aliases) + tuple(request.aliasURNs),
                replace_on_changes=tuple(request.replaceOnChanges),
            )
        )
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:  # noqa: N802 - gRPC method name
        self.outputs_by_urn[request.urn] = rpc.deserialize_properties(
            request.outputs, keep_unknowns=True
        )
        return super().RegisterResourceOutputs(request)  # type: ignore[no-untyped-call]


def unknown() -> pulumi.Output[Any]:
    """An ``Output`` whose value is unknown, as a preview sees a value another resource computes."""
    loop = asyncio.get_event_loop()
    value: asyncio.Future[Any] = loop.create_future()
    value.set_result(None)
    known: asyncio.Future[bool] = loop.create_future()
    known.set_result(False)
    secret: asyncio.Future[bool] = loop.create_future()
    secret.set_result(False)
    return pulumi.Output(set(), value, known, secret)


def run(
    fn: Callable[[], object],
    *,
    preview: bool = False,
    project: str = "project",
    stack: str = "stack",
    config: Mapping[str, Any] | None = None,
    mocks: pulumi.runtime.Mocks | None = None,
) -> Recording:
    """Run ``fn`` under the mock engine and return everything it registered.

    ``config`` maps keys (``project:key``, or a bare key for this project) to values; non-string
    values are passed as JSON, as the CLI does for structured config. Exceptions raised by
    ``fn`` or by any ``apply`` propagate, so a test sees the real error.
    """
    import json

    # A closed or foreign loop left by an earlier run (or a test framework) breaks set_mocks.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # The mock monitor runs in executor threads and gives each thread an event loop of its own
    # (pulumi.runtime.sync_await._ensure_event_loop) that nobody closes; give those threads
    # loops we own instead, and close them with the run.
    thread_loops: list[asyncio.AbstractEventLoop] = []

    def _thread_loop() -> None:
        thread_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(thread_loop)
        thread_loops.append(thread_loop)

    executor = concurrent.futures.ThreadPoolExecutor(initializer=_thread_loop)
    loop.set_default_executor(executor)
    settings.ROOT.set(None)
    the_mocks = mocks if mocks is not None else FailoverMocks(preview=preview)
    monitor = _RecordingMonitor(the_mocks)
    flat: dict[str, str] = {}
    for key, value in (config or {}).items():
        full = key if ":" in key else f"{project}:{key}"
        flat[full] = value if isinstance(value, str) else json.dumps(value)
    set_all_config(flat, [])
    _summary.listen()
    pulumi.runtime.set_mocks(
        the_mocks, project=project, stack=stack, preview=preview, monitor=monitor
    )

    exported: dict[str, Any] = {}
    secret_outputs: set[str] = set()

    async def _collect_exports() -> None:
        # Under mocks the root stack is finished when set_mocks creates it, so pulumi.export
        # never reaches RegisterResourceOutputs: read the exports off the root stack instead,
        # serialized as the stack serializes them at the end of a real run (an exported
        # resource becomes its public attributes: pulumi/runtime/stack.py, Stack._finish).
        root = settings.get_root_resource()
        for key, value in dict(getattr(root, "outputs", None) or {}).items():
            out = pulumi.Output.from_input(_as_stack_output(value))
            if await out.is_secret():
                secret_outputs.add(key)
            exported[key] = await out.future() if await out.is_known() else UNKNOWN

    @_pulumi_test
    def _body() -> object:
        fn()
        return asyncio.ensure_future(_collect_exports())

    failure: FailoverConfigError | None = None
    try:
        _body()
    except Exception as exc:
        # A refused value of an Output reaches here wrapped in Pulumi's "While processing
        # resource ..." ValueError (pulumi/runtime/resource.py); the test (or script) asked
        # for our error, so it gets it. A fresh copy is raised, without the wrapper's
        # traceback: that traceback holds the run's failed futures, and a script keeping the
        # error would print "Future exception was never retrieved" for each at exit.
        found = FailoverConfigError.find(exc)
        if found is None or found is exc:
            raise
        failure = FailoverConfigError(found.reasons, found.subject)
    finally:
        # Taken now and built after the cleanup, on success only: a summary that cannot be
        # built must not hide the program's own error or skip the cleanup.
        reported = _summary.stop()
        set_all_config({}, [])
        # After a failure some registrations are still pending: cancel them rather than leave
        # "Task was destroyed but it is pending" noise behind.
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        executor.shutdown(wait=True)
        for thread_loop in thread_loops:
            thread_loop.close()
        loop.close()
        # Outputs that failed hold their exception until collected; collect them now, inside
        # the run, rather than at a random later point (CPython 3.11's ast module can trip
        # over a collection in the middle of parsing: python/cpython#106905).
        gc.collect()
    if failure is not None:
        raise failure
    summaries = _summary.build(reported)
    counts: dict[str, int] = {}
    for urn in monitor.urns:
        counts[urn] = counts.get(urn, 0) + 1
    dupes = sorted(urn for urn, n in counts.items() if n > 1)
    if dupes:
        raise DuplicateResourceError(dupes)
    return Recording(
        resources=list(monitor.registrations),
        outputs=exported,
        component_outputs=dict(monitor.outputs_by_urn),
        failover_sets=summaries,
        secret_outputs=frozenset(secret_outputs),
        invokes=list(monitor.invokes),
    )


def _as_stack_output(value: Any) -> Any:
    """``value`` serialized as the stack serializes an export (a resource becomes the dict of
    its public attributes)."""
    seen: list[Any] = []
    # massage has no return annotation; name what it returns (a plain value or an Output).
    serialize = cast("Callable[[Any, list[Any]], object]", massage)
    return serialize(value, seen)


@dataclass(frozen=True)
class PulumiProject:
    """What the offline runner needs from a ``Pulumi.yaml`` and a stack's config file."""

    directory: Path
    name: str
    runtime: str
    main: Path
    """The program file to run (``__main__.py`` of the project, or ``main:``)."""
    stack: str
    config: dict[str, Any]
    """Fully qualified config keys (``project:key``) with their values."""
    secret_keys: tuple[str, ...]
    """Keys whose values were ``secure:`` in the stack file (replaced by placeholders)."""


SECRET_PLACEHOLDER = SECRET_CONFIG_PLACEHOLDER
"""What a ``secure:`` config value reads as offline (it cannot be decrypted without the stack's
secrets provider). The config-driven program turns it into an unknown secret Output, so a secret
webhook URL or header value plans as "known after deployment"."""


def _hide_secure(value: Any) -> tuple[Any, bool]:
    """Replace every ``{secure: ...}`` (top level or nested, as ``pulumi config set --path
    --secret`` writes them) with :data:`SECRET_PLACEHOLDER`; report whether there was one."""
    if isinstance(value, dict):
        spec = cast("dict[str, Any]", value)
        if set(spec) == {"secure"}:
            return SECRET_PLACEHOLDER, True
        found = False
        out: dict[str, Any] = {}
        for k, v in spec.items():
            out[k], hidden = _hide_secure(v)
            found = found or hidden
        return out, found
    if isinstance(value, list):
        items: list[Any] = []
        found = False
        for v in cast("list[Any]", value):  # type: ignore[redundant-cast]
            item, hidden = _hide_secure(v)
            items.append(item)
            found = found or hidden
        return items, found
    return value, False


def _yaml_mapping(path: Path) -> dict[str, Any]:
    import yaml

    try:
        data: object = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        # PyYAML's marks count from 0; editors and people count lines from 1.
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{where}: invalid YAML: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a YAML mapping")
    return cast("dict[str, Any]", data)


def load_project(directory: str | os.PathLike[str], stack: str | None = None) -> PulumiProject:
    """Read ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml`` the way the CLI does, offline.

    ``secure:`` values cannot be decrypted without the stack's secrets provider; they are
    replaced by ``[secret]`` and reported in ``secret_keys``.
    """
    root = Path(directory).resolve()
    project_file = next(
        (root / n for n in ("Pulumi.yaml", "Pulumi.yml") if (root / n).is_file()), None
    )
    if project_file is None:
        raise FileNotFoundError(f"no Pulumi.yaml in {root}")
    meta = _yaml_mapping(project_file)
    name = str(meta.get("name") or root.name)
    runtime_raw = meta.get("runtime", "")
    runtime = str(
        cast("dict[str, Any]", runtime_raw).get("name")
        if isinstance(runtime_raw, dict)
        else runtime_raw
    )
    if runtime != "python":
        raise ValueError(
            f"{project_file}: runtime is {runtime!r}; only python programs can run offline"
        )
    main = root / str(meta.get("main") or ".")
    if main.is_dir():
        main = main / "__main__.py"
    if not main.is_file():
        raise FileNotFoundError(f"{project_file}: program {main} not found")

    stacks = sorted(
        p.name[len("Pulumi.") : -len(".yaml")]
        for p in root.glob("Pulumi.*.yaml")
        if p.name != "Pulumi.yaml"
    )
    if stack is None:
        if len(stacks) > 1:
            raise ValueError(
                f"{root}: several stacks ({', '.join(stacks)}); choose one with --stack"
            )
        stack = stacks[0] if stacks else "dev"
    config: dict[str, Any] = {}
    secret_keys: list[str] = []
    defaults: dict[str, Any] = meta.get("config") or {}
    stack_file = root / f"Pulumi.{stack}.yaml"
    if stacks and not stack_file.is_file():
        # A project without any stack file runs with no config, as a new stack would.
        raise FileNotFoundError(f"no stack config {stack_file.name} in {root} (stacks: {stacks})")
    stack_meta = _yaml_mapping(stack_file) if stack_file.is_file() else {}
    stack_config: dict[str, Any] = stack_meta.get("config") or {}
    for source in (defaults, stack_config):
        for key, raw in source.items():
            full = key if ":" in key else f"{name}:{key}"
            value: Any = raw
            if isinstance(raw, dict) and source is defaults:
                spec = cast("dict[str, Any]", raw)
                value = spec.get("default", spec.get("value", raw))
            value, secret = _hide_secure(value)
            if secret:
                secret_keys.append(full)
            config[full] = value
    return PulumiProject(root, name, runtime, main, stack, config, tuple(secret_keys))


@contextmanager
def _in_directory(directory: Path) -> Generator[None, None, None]:
    old_cwd = os.getcwd()
    old_path = list(sys.path)
    old_modules = set(sys.modules)
    os.chdir(directory)
    sys.path.insert(0, str(directory))
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        # Forget the program's own modules, so the next program with a module of the same
        # name (every example has a __main__) gets its own. A project directory may hold its
        # own virtualenv (the repository root does): installed packages stay loaded.
        for mod in set(sys.modules) - old_modules:
            module_file = getattr(sys.modules[mod], "__file__", None) or ""
            if module_file.startswith(str(directory)) and "site-packages" not in module_file:
                del sys.modules[mod]


def run_program(
    directory: str | os.PathLike[str],
    *,
    stack: str | None = None,
    config: Mapping[str, Any] | None = None,
    preview: bool = False,
    mocks: pulumi.runtime.Mocks | None = None,
) -> Recording:
    """Run a whole Pulumi Python project offline: its ``Pulumi.yaml``, its stack config
    (overridden key by key by ``config``) and its program, under the mock engine."""
    project = load_project(directory, stack)
    merged = dict(project.config)
    for key, value in (config or {}).items():
        merged[key if ":" in key else f"{project.name}:{key}"] = value

    def program() -> None:
        with _in_directory(project.directory):
            runpy.run_path(str(project.main), run_name="__main__")

    return run(
        program,
        preview=preview,
        project=project.name,
        stack=project.stack,
        config=merged,
        mocks=mocks,
    )
