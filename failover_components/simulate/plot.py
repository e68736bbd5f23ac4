"""Draw drill timelines: one row per failover set, the phases labelled, best to worst case.

Needs matplotlib (``pip install 'failover-components[plot]'``); nothing else in the library
imports it.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .drill import DrillResult

__all__ = ["plot_drills"]

# (label, colour) of each phase, in time order.
_PHASES = (
    ("clients fail, outage not yet detected", "#d62728"),
    ("detection window (best to worst case)", "#ff7f0e"),
    ("resolver caches expiring", "#ffd92f"),
    ("serving the next tier", "#2ca02c"),
    ("recovering", "#1f77b4"),
    ("back on the failed tier", "#9e9e9e"),
)


def _spans(result: DrillResult) -> list[tuple[float, float, int]]:
    """(start, end, phase index) spans of one result's worst case."""
    t = result.timeline
    assert t is not None
    unhealthy = t.event("unhealthy")
    expired = t.event("caches expired")
    spans = [
        (0.0, float(unhealthy.best), 0),
        (float(unhealthy.best), float(unhealthy.worst), 1),
        (float(unhealthy.worst), float(expired.worst), 2),
    ]
    if t.back_at is None:
        spans.append((float(expired.worst), float(expired.worst) * 1.5 + 60, 3))
        return spans
    back = t.event("traffic back")
    spans.append((float(expired.worst), float(t.back_at), 3))
    spans.append((float(t.back_at), float(back.worst), 4))
    spans.append((float(back.worst), float(back.worst) + max(60.0, back.worst * 0.1), 5))
    return spans


def plot_drills(results: Sequence[DrillResult], path: str | Path) -> Path:
    """Write a PNG of every result that fails over; returns the path."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError(
            "--plot needs matplotlib: pip install 'failover-components[plot]'"
        ) from exc

    rows = [r for r in results if r.timeline is not None and r.timeline.fails_over != "never"]
    if not rows:
        raise ValueError("no scenario fails over, so there is no timeline to draw")
    fig_height = 1.6 + 1.4 * len(rows)
    fig: Any
    ax: Any
    fig, ax = plt.subplots(figsize=(12, fig_height))
    labels: list[str] = []
    for row, result in enumerate(rows):
        y = len(rows) - 1 - row
        for start, end, phase in _spans(result):
            ax.barh(
                y, end - start, left=start, height=0.5, color=_PHASES[phase][1], edgecolor="white"
            )
        timeline = result.timeline
        assert timeline is not None
        assert result.failed_tier is not None
        # "unhealthy" below the bar, the others above: the two detection labels are often
        # only seconds apart.
        placement = {
            "unhealthy": (-0.25, -6, "top"),
            "caches expired": (0.25, 6, "bottom"),
            "traffic back": (0.25, 6, "bottom"),
        }
        for event in timeline.events:
            if event.name in placement:
                dy, offset, va = placement[event.name]
                if not event.bounded:
                    # Nothing documented bounds it (an alias target's own health): the bar
                    # ends at the derived part only.
                    when = f"{event.best} s-unknown"
                elif event.best != event.worst:
                    when = f"{event.best}-{event.worst} s"
                else:
                    when = f"{event.worst} s"
                ax.annotate(
                    f"{event.name}\n{when}",
                    xy=(event.worst, y + dy),
                    xytext=(0, offset),
                    textcoords="offset points",
                    ha="center",
                    va=va,
                    fontsize=7,
                )
        back = f", back at {timeline.back_at} s" if timeline.back_at is not None else ""
        labels.append(
            f"{result.component} ({result.cloud})\n{result.hostname}\n"
            f"{result.failed_tier.name} down at 0 s{back}"
        )
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(list(reversed(labels)), fontsize=8)
    ax.set_xlabel(
        "seconds after the outage starts (worst case; the detection window shows the best case)"
    )
    ax.set_title("Failover drill: when clients move to the next tier and back")
    ax.legend(
        handles=[Patch(color=c, label=label) for label, c in _PHASES],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 - 0.05 * (4 / max(len(rows), 1))),
        ncol=3,
        fontsize=8,
    )
    ax.set_ylim(-0.6, len(rows) - 0.2 + 0.4)
    fig.tight_layout()
    out = Path(path)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out
