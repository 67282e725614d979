"""The results: plain data (figures in groups in suites), their JSON form and Markdown tables.

A group is a set of figures of one unit measured in the same run, one of which is the group's
baseline; each figure's ratio is its median over the baseline's median (lower is better for
every unit used here: seconds, bytes). A figure or group that cannot be measured yet carries
the reason instead of a number.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import Sample

SCHEMA = "hatch-pywasm-bench/1"

Dict = dict[str, Any]


@dataclass(frozen=True)
class Figure:
    name: str
    sample: Sample | None  # None: not available, see reason
    reason: str = ""
    note: str = ""


def unavailable(name: str, reason: str) -> Figure:
    return Figure(name, None, reason)


@dataclass(frozen=True)
class Group:
    name: str
    unit: str
    baseline: str  # the name of one of the figures
    figures: tuple[Figure, ...]
    note: str = ""

    def baseline_figure(self) -> Figure:
        return next(f for f in self.figures if f.name == self.baseline)


@dataclass(frozen=True)
class Suite:
    name: str
    title: str
    groups: tuple[Group, ...] = ()
    #: Markdown lines shown under the suite's tables (a summary across groups).
    summary: tuple[str, ...] = ()
    #: An unexpected failure (a traceback summary): the run is then reported as failed.
    error: str | None = None


@dataclass(frozen=True)
class Results:
    mode: str
    command: str
    started: str  # ISO 8601, UTC
    seconds: float
    machine: dict[str, Any]
    suites: tuple[Suite, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------


def _figure_data(figure: Figure, baseline: Sample) -> dict[str, Any]:
    data: dict[str, Any] = {"name": figure.name}
    if figure.sample is None:
        data.update(available=False, reason=figure.reason)
    else:
        s = figure.sample
        ratio = s.median / baseline.median if baseline.median else math.inf
        data.update(available=True, median=s.median, min=s.min, max=s.max, runs=s.runs)
        data["ratio"] = ratio
    if figure.note:
        data["note"] = figure.note
    return data


def _group_data(group: Group) -> dict[str, Any]:
    data: dict[str, Any] = {"name": group.name, "unit": group.unit, "baseline": group.baseline}
    if group.note:
        data["note"] = group.note
    baseline = group.baseline_figure()
    if baseline.sample is None:
        data.update(
            available=False,
            reason=f"baseline {baseline.name!r} not available: {baseline.reason}",
            figures=[],
        )
    else:
        data.update(
            available=True, figures=[_figure_data(f, baseline.sample) for f in group.figures]
        )
    return data


def to_data(results: Results) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "mode": results.mode,
        "command": results.command,
        "started": results.started,
        "seconds": results.seconds,
        "machine": results.machine,
        "suites": [
            {
                "name": s.name,
                "title": s.title,
                "error": s.error,
                "groups": [_group_data(g) for g in s.groups],
                "summary": list(s.summary),
            }
            for s in results.suites
        ],
    }


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def number(value: float) -> str:
    """Three significant digits, without an exponent for everyday magnitudes."""
    if value == 0 or not math.isfinite(value):
        return str(value)
    if 1e-3 <= abs(value) < 1e12:
        digits = max(0, 2 - math.floor(math.log10(abs(value))))
        return f"{value:,.{digits}f}"
    return f"{value:.2e}"


def _group_table(group: Dict) -> list[str]:
    unit = group["unit"]
    lines = [f"**{group['name']}** (baseline: {group['baseline']})", ""]
    if not group["available"]:
        return [*lines, f"not available: {group['reason']}", ""]
    lines += [
        f"| variant | median ({unit}) | min | max | runs | ratio to baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for f in group["figures"]:
        if not f["available"]:
            lines.append(f"| {f['name']} | not available: {f['reason']} | | | | |")
            continue
        lines.append(
            f"| {f['name']} | {number(f['median'])} | {number(f['min'])} | {number(f['max'])} "
            f"| {f['runs']} | {number(f['ratio'])}x |"
        )
    if group.get("note"):
        lines += ["", group["note"]]
    return [*lines, ""]


def machine_line(machine: Dict) -> str:
    return (
        f"{machine['cpu_model']}, {machine['cores']} cores, "
        f"{machine['memory_bytes'] / 2**30:.1f} GiB; Python {machine['python']}, "
        f"wasmtime {machine['wasmtime']}, componentize-py {machine['componentize_py']}, "
        f"{machine['gcc']}"
    )


def to_markdown(data: Dict) -> str:
    lines = [
        f"# hatch-pywasm benchmarks ({data['mode']} run)",
        "",
        f"`{data['command']}`, started {data['started']}, {data['seconds']:.0f} s.",
        f"Machine: {machine_line(data['machine'])}.",
        "",
        "Each figure is the median of repeated runs (min and max kept); the ratio is to the "
        "group's baseline, measured in the same run. Lower is better.",
        "",
    ]
    for suite in data["suites"]:
        lines += [f"## {suite['title']}", ""]
        if suite["error"]:
            lines += ["The suite failed:", "", "```", suite["error"], "```", ""]
        for group in suite["groups"]:
            lines += _group_table(group)
        if suite["summary"]:
            lines += [*suite["summary"], ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def write_text(path: Path, text: str) -> None:
    """Write atomically: a reader sees the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write(results: Results, out_dir: Path) -> Dict:
    """``latest.json`` and ``latest.md`` in ``out_dir``; returns the JSON data."""
    data = to_data(results)
    write_text(out_dir / "latest.json", json.dumps(data, indent=2) + "\n")
    write_text(out_dir / "latest.md", to_markdown(data))
    return data


def figures(data: Dict) -> Sequence[Dict]:
    """Every available figure of every available group (for checks and plots)."""
    return [
        f
        for s in data["suites"]
        for g in s["groups"]
        if g["available"]
        for f in g["figures"]
        if f["available"]
    ]
