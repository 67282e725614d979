"""Sizes: each backend's component bytes, raw and gzip (level 6, gzip's default: level 9 takes
five times as long for 1% less)."""

from __future__ import annotations

import gzip
from pathlib import Path

from bench.measure import Sample
from bench.report import Figure, Group, Suite, unavailable
from bench.workspace import BENCH_COMPONENT, KERNELS, StaticBuild, Workspace

#: Modules measured for their size only: five common math functions (issue 17).
SIZE_ONLY = ("pwbench.mathfuncs",)

NAME = "sizes"
TITLE = "Sizes: component bytes per backend"


def _sizes(path: Path) -> tuple[Sample, Sample]:
    data = path.read_bytes()
    return Sample.of([len(data)]), Sample.of([len(gzip.compress(data))])


def run(ws: Workspace) -> Suite:
    entries: list[tuple[str, Path | str]] = [
        (
            f"componentize-py backend: {count} of the workload modules",
            ws.bench(count).component_file(BENCH_COMPONENT),
        )
        for count in ws.mode.module_counts
    ]
    for module in (*KERNELS.values(), *SIZE_ONLY):
        build = ws.static(module)
        label = f"static backend: {module}"
        if isinstance(build, StaticBuild):
            entries.append((label, build.path))
        else:
            entries.append((label, f"outside the compiled subset: {build}"))
    raw, packed = [], []
    for label, source in entries:
        if isinstance(source, str):
            raw.append(unavailable(label, source))
            packed.append(unavailable(label, source))
        else:
            size, gzipped = _sizes(source)
            raw.append(Figure(label, size))
            packed.append(Figure(label, gzipped))
    baseline = entries[0][0]
    note = "Issue 6 target: a static module of numeric kernels at most 10 KB."
    note += " Issue 17 target: pwbench.mathfuncs (sqrt, exp, log, sin, cos) under 12 KB."
    return Suite(
        NAME,
        TITLE,
        (
            Group("component size, raw", "bytes", baseline, tuple(raw), note=note),
            Group("component size, gzip", "bytes", baseline, tuple(packed)),
        ),
    )
