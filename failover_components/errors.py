"""One error for every bad input: :class:`FailoverConfigError`, carrying every problem found."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["FailoverConfigError", "Reason", "unique"]


class _Missing:
    """Marks a reason that has no received value to show (a required key that is absent)."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


@dataclass(frozen=True)
class Reason:
    """One problem with one argument.

    ``str(reason)`` reads ``<path>: <problem>, got <value>; expected <allowed>``, for example
    ``pools[1].endpoints[0].address: not an IPv4 address, got '10.0.0.300'; expected a dotted quad``.
    """

    path: str
    """Where the bad value is, in the user's own argument names (``pools[1].endpoints[0].address``)."""
    problem: str
    """What is wrong, lowercase, no trailing period."""
    got: object = MISSING
    """The value received; :data:`MISSING` when there is none to show."""
    expected: str = ""
    """What is allowed instead; empty when the problem says it all."""

    def __str__(self) -> str:
        text = f"{self.path}: {self.problem}" if self.path else self.problem
        if self.got is not MISSING:
            text += f", got {self.got!r}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text

    def with_prefix(self, prefix: str) -> "Reason":
        """The same reason located under ``prefix`` (``failovers[2].`` for a config entry)."""
        if not prefix:
            return self
        path = f"{prefix}{self.path}" if self.path else prefix.rstrip(".")
        return Reason(path, self.problem, self.got, self.expected)


class FailoverConfigError(ValueError):
    """A failover set that cannot be declared, with every problem found in one go.

    Raised at construction, before any child resource is registered; for values that are
    still unknown ``Output``s, raised when they resolve (from the deployment), still naming
    the path. ``reasons`` holds one :class:`Reason` per problem.
    """

    reasons: tuple[Reason, ...]
    """Every problem once, in the order the arguments were read (see :func:`unique`)."""
    subject: str
    """What was being checked, e.g. ``Route53Failover 'web'``."""

    def __init__(self, reasons: Iterable[Reason], subject: str = "") -> None:
        self.reasons = unique(reasons)
        self.subject = subject
        super().__init__(self._render())

    def _render(self) -> str:
        count = len(self.reasons)
        what = f" for {self.subject}" if self.subject else ""
        noun = "problem" if count == 1 else "problems"
        lines = [f"invalid failover configuration{what} ({count} {noun}):"]
        lines.extend(f"  - {reason}" for reason in self.reasons)
        return "\n".join(lines)

    def with_prefix(self, prefix: str, subject: str = "") -> "FailoverConfigError":
        """The same error with every path placed under ``prefix``."""
        return FailoverConfigError(
            (r.with_prefix(prefix) for r in self.reasons), subject or self.subject
        )

    @staticmethod
    def find(exc: BaseException) -> "FailoverConfigError | None":
        """The FailoverConfigError behind ``exc``, or ``None``.

        :func:`failover_components.testing.run` already raises the error itself; this is for
        the real engine and other harnesses. Errors raised while an Output resolves reach the
        program wrapped: Pulumi's ValueError
        has itself as ``__cause__`` and ours in ``__context__``, and task failures arrive in
        exception groups; every link is followed, each exception once.
        """
        seen: set[int] = set()
        todo: list[BaseException] = [exc]
        while todo:
            current = todo.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, FailoverConfigError):
                return current
            todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
            todo.extend(
                e for e in getattr(current, "exceptions", ()) if isinstance(e, BaseException)
            )
        return None

    @staticmethod
    def raise_if_any(reasons: Sequence[Reason], subject: str = "") -> None:
        """Raise one error holding ``reasons`` if there are any."""
        if reasons:
            raise FailoverConfigError(reasons, subject)


def unique(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """``reasons`` in order, each once: the one de-duplication every check relies on.

    A set-level setting that several pools inherit is read once per pool, so the same reason
    (same path, problem, value and expectation: the same text) can be found several times;
    the user needs it once. Two reasons that differ in any part are both kept."""
    seen: set[str] = set()
    out: list[Reason] = []
    for reason in reasons:
        text = str(reason)
        if text not in seen:
            seen.add(text)
            out.append(reason)
    return tuple(out)
