"""Plots for the report, drawn by matplotlib and inlined as SVG (no files, no network)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

COLORS = ("#9aa5b1", "#2f6fdf", "#27a36a", "#e0a526", "#c8553d", "#7b5ea7")


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})  # no date: a rerun writes the same
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog so it can sit inside HTML


def _figure(width: float = 6.4, height: float = 3.0, ncols: int = 1) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # svg.hashsalt: element ids from the content, not a random salt, so the same figure is the same text
    plt.rcParams.update({"font.size": 9, "svg.fonttype": "none", "svg.hashsalt": "roletune",
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt.subplots(1, ncols, figsize=(width, height))


def success_by_role(candidates: dict[str, dict[str, Any]]) -> str:
    """Grouped bars: success per gated role (and overall) for each candidate; a role judged by
    reference similarity alone has no success to draw (docs/judges.md)."""
    names = list(candidates)
    roles = sorted({r for m in candidates.values() for r, v in m.get("roles", {}).items() if v.get("gated", True)})
    roles += ["all"]
    fig, ax = _figure(7.0, 3.2)
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        m = candidates[name]
        values = [100 * m["roles"][r]["success"] if r in m.get("roles", {}) else 0 for r in roles[:-1]]
        values.append(100 * m["success"])
        xs = [j + (i - (len(names) - 1) / 2) * width for j in range(len(roles))]
        bars = ax.bar(xs, values, width, label=name, color=COLORS[i % len(COLORS)])
        ax.bar_label(bars, fmt="%.0f", fontsize=7, padding=1)
    ax.set_xticks(range(len(roles)), roles)
    ax.set_ylabel("success (%)")
    ax.set_ylim(0, 110)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(len(names), 4), frameon=False)
    return _svg(fig)


def latency_and_size(candidates: dict[str, dict[str, Any]]) -> str:
    names = list(candidates)
    fig, (ax1, ax2) = _figure(7.0, 2.6, ncols=2)
    latency = [candidates[n]["mean_latency_s"] for n in names]
    size = [candidates[n].get("size_bytes", 0) / 1e6 for n in names]
    colors = [COLORS[i % len(COLORS)] for i in range(len(names))]
    b1 = ax1.barh(names, latency, color=colors)
    ax1.bar_label(b1, fmt="%.2f s", fontsize=7, padding=2)
    ax1.set_xlabel("mean latency per answer (s)")
    b2 = ax2.barh(names, size, color=colors)
    ax2.bar_label(b2, fmt="%.0f MB", fontsize=7, padding=2)
    ax2.set_xlabel("file size (MB)")
    ax2.set_yticks([])
    for ax in (ax1, ax2):
        ax.invert_yaxis()
        ax.margins(x=0.3)
    fig.tight_layout()
    return _svg(fig)


def loss_curves(rows: Sequence[dict[str, Any]], best_step: int | None) -> str:
    """Training and validation loss by step, with the early-stop (best) point marked."""
    train = [(r["step"], r["train_loss"]) for r in rows if r.get("train_loss") is not None]
    val = [(r["step"], r["val_loss"]) for r in rows if r.get("val_loss") is not None]
    fig, ax = _figure(7.0, 2.8)
    if train:
        ax.plot(*zip(*train), label="train loss", color=COLORS[1], linewidth=1.2)
    if val:
        ax.plot(*zip(*val), "o-", label="val loss", color=COLORS[3], linewidth=1.5, markersize=4)
    if best_step is not None:
        ax.axvline(best_step, color=COLORS[2], linestyle="--", linewidth=1)
        ax.annotate("best (kept)", (best_step, ax.get_ylim()[1]), fontsize=7, color=COLORS[2],
                    xytext=(3, -10), textcoords="offset points")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("loss")
    ax.legend(frameon=False)
    return _svg(fig)
