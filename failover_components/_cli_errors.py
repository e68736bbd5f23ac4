"""How the command line reports what went wrong: one line that names the file and line, the
extra to install, or the argument to fix; never a traceback for a user's mistake."""

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXTRAS",
    "describe_failure",
    "non_negative",
    "survive_broken_pipe",
]

EXIT_BROKEN_PIPE = 141
"""What a shell reports for a process killed by SIGPIPE (128 + 13): the reader went away
(``drill --json | head``), nothing is wrong with the plan."""

EXTRAS: dict[str, str] = {
    "pulumi_aws": "aws",
    "pulumi_azure_native": "azure",
    "pulumi_cloudflare": "cloudflare",
    "pulumi_gcp": "gcp",
    "matplotlib": "plot",
}
"""Top-level module -> the extra of pyproject.toml that installs it."""


def missing_extra(exc: BaseException) -> str | None:
    """The install hint for a cloud SDK (or matplotlib) that is not installed, or ``None``."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    extra = EXTRAS.get(exc.name.split(".")[0])
    if extra is None:
        return None
    return (
        f"the program needs {exc.name.split('.')[0]}, which is not installed: "
        f"pip install 'failover-components[{extra}]'"
    )


def _program_frame(exc: BaseException, directory: Path) -> traceback.FrameSummary | None:
    """The innermost frame of the traceback that is in the project's own files (not in an
    installed package or in this library)."""
    root = str(directory.resolve())
    found: traceback.FrameSummary | None = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = os.path.abspath(frame.filename)
        if path.startswith(root + os.sep) and "site-packages" not in path:
            found = frame
    return found


def describe_failure(exc: BaseException, directory: str | os.PathLike[str]) -> str:
    """One line for a program that failed: the extra to install when an SDK is missing,
    else the exception with the file and line of the program where it was raised."""
    hint = missing_extra(exc)
    if hint is not None:
        return hint
    text = f"{type(exc).__name__}: {exc}"
    frame = _program_frame(exc, Path(directory))
    if frame is not None:
        where = os.path.relpath(frame.filename, Path(directory).resolve())
        return f"{where}:{frame.lineno}: {text}"
    return text


def non_negative(text: str) -> int:
    """An ``argparse`` type: a whole number of seconds, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {value}")
    return value


def survive_broken_pipe(run: Callable[[], int]) -> int:
    """``run()``, exiting quietly when stdout's reader has gone away (``| head``).

    Python's own advice (https://docs.python.org/3/library/signal.html#note-on-sigpipe):
    point stdout at devnull so the interpreter's final flush does not raise again."""
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return code
