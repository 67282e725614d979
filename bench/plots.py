"""PNG plots of a run, one per suite, drawn with matplotlib from the results' JSON form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display

import matplotlib.pyplot as plt

Dict = dict[str, Any]


def _bars(suite: Dict, path: Path, caption: str) -> bool:
    """One horizontal bar chart: per available group, its figures' ratio to the baseline (log
    scale, min-max as error bars). False when there is nothing to draw."""
    groups = [g for g in suite["groups"] if g["available"]]
    if not groups:
        return False
    rows: list[tuple[str, float, float, float]] = []
    labels: list[str] = []
    for group in groups:
        base = next(f for f in group["figures"] if f["name"] == group["baseline"])
        for figure in group["figures"]:
            if not figure["available"]:
                continue
            scale = 1 / base["median"]
            rows.append(
                (figure["name"], figure["ratio"], figure["min"] * scale, figure["max"] * scale)
            )
            labels.append(f"{group['name']}\n{figure['name']}")
    height = max(2.5, 0.42 * len(rows) + 1.2)
    fig, ax = plt.subplots(figsize=(10, height))
    positions = list(range(len(rows)))[::-1]
    ratios = [r[1] for r in rows]
    # max(0, ...): a one-run figure's min, median and max are equal up to rounding
    low = [max(0.0, r[1] - r[2]) for r in rows]
    high = [max(0.0, r[3] - r[1]) for r in rows]
    ax.barh(positions, ratios, xerr=[low, high], color="#4c72b0", ecolor="#333333", capsize=2)
    ax.axvline(1.0, color="#c44e52", linewidth=1)
    ax.set_yticks(positions, labels, fontsize=7)
    ax.set_xscale("log")
    ax.set_xlabel(caption)
    ax.set_title(suite["title"], fontsize=10)
    for position, ratio in zip(positions, ratios, strict=True):
        ax.annotate(f"{ratio:.3g}x", (ratio, position), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=7)  # fmt: skip
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _speedups(suite: Dict, path: Path) -> bool:
    """The compute suite as grouped bars: speed-up over CPython per kernel and variant."""
    groups = [g for g in suite["groups"] if g["available"]]
    if not groups:
        return False
    variants = [f["name"] for f in groups[0]["figures"] if f["name"] != groups[0]["baseline"]]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / len(variants)
    for index, variant in enumerate(variants):
        offset = (index - (len(variants) - 1) / 2) * width
        xs, ys = [], []
        for position, group in enumerate(groups):
            found = next((f for f in group["figures"] if f["name"] == variant), None)
            if found is not None and found["available"]:
                xs.append(position + offset)
                ys.append(1 / found["ratio"])
            else:  # say so, rather than leave a gap that reads as "slow"
                ax.annotate("n/a", (position + offset, 1.0), ha="center", va="bottom",
                            fontsize=7, rotation=90)  # fmt: skip
        bars = ax.bar(xs, ys, width, label=variant)
        ax.bar_label(bars, [f"{y:.3g}x" for y in ys], fontsize=7)
    ax.axhline(1.0, color="#c44e52", linewidth=1, label="CPython")
    ax.set_yscale("log")
    ax.set_xticks(range(len(groups)), [g["name"] for g in groups])
    ax.set_ylabel("speed-up over CPython (log)")
    ax.set_title(suite["title"], fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def draw(data: Dict, out_dir: Path) -> list[Path]:
    """``<suite>.png`` per suite with something to show; the paths written."""
    written = []
    for suite in data["suites"]:
        path = out_dir / f"{suite['name']}.png"
        if suite["name"] == "compute":
            drawn = _speedups(suite, path)
        else:
            drawn = _bars(suite, path, "ratio to the group's baseline (log scale, lower is better)")
        if drawn:
            written.append(path)
    return written
