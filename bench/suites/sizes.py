"""Sizes: each backend's component bytes, raw and gzip (level 6, gzip's default: level 9 takes
five times as long for 1% less); and the bytes Pyodide and MicroPython ship (their wasm, JS and,
for Pyodide, the standard library)."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

from bench import node_peers, wasm_sections
from bench.measure import Sample
from bench.report import Figure, Group, Suite, unavailable
from bench.workspace import BENCH_COMPONENT, KERNELS, StaticBuild, Workspace

#: Modules measured for their size only: five common math functions (issue 17).
SIZE_ONLY = ("pwbench.mathfuncs",)

NAME = "sizes"
IN_WHEEL = "component size, in the wheel (deflate)"
TITLE = "Sizes: component bytes per backend"


def _sizes(*paths: Path) -> tuple[Sample, Sample]:
    data = [p.read_bytes() for p in paths]
    raw, packed = sum(map(len, data)), sum(len(gzip.compress(d)) for d in data)
    return Sample.of([raw]), Sample.of([packed])


def run(ws: Workspace) -> Suite:
    entries: list[tuple[str, Path | list[Path] | str]] = [
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
    for peer in node_peers.PEERS:
        reason = node_peers.unavailable_reason(peer)
        shipped = [peer.folder() / f for f in peer.files]
        entries.append((f"{peer.label()}: the files it ships", reason or shipped))
    for backend, label in node_peers.GLUE.items():
        done = ws.glue(backend)
        if isinstance(done, str):
            entries.append((f"{label}: its npm packages", done))
        else:
            entries.append((f"{label}: its npm packages", list(done.files)))
    raw, packed = [], []
    for label, source in entries:
        if isinstance(source, str):
            raw.append(unavailable(label, source))
            packed.append(unavailable(label, source))
        else:
            size, gzipped = _sizes(*source) if isinstance(source, list) else _sizes(source)
            raw.append(Figure(label, size))
            packed.append(Figure(label, gzipped))
    largest = ws.bench(ws.mode.module_counts[-1])
    summary = breakdown(largest.component_file(BENCH_COMPONENT))
    baseline = entries[0][0]
    in_wheel = tuple(
        Figure(label, Sample.of([wheel_size(ws.bench(count).wheel)]))
        for count, (label, _) in zip(ws.mode.module_counts, entries, strict=False)
    )
    note = "Issue 6 target: a static module of numeric kernels at most 10 KB."
    note += " Issue 17 target: pwbench.mathfuncs (sqrt, exp, log, sin, cos) under 12 KB."
    return Suite(
        NAME,
        TITLE,
        (
            Group("component size, raw", "bytes", baseline, tuple(raw), note=note),
            Group("component size, gzip", "bytes", baseline, tuple(packed)),
            Group(IN_WHEEL, "bytes", baseline, in_wheel),
        ),
        summary=summary,
    )


def wheel_size(wheel: Path) -> int:
    """The compressed bytes of the components inside ``wheel`` (what a download carries)."""
    with zipfile.ZipFile(wheel) as archive:
        return sum(i.compress_size for i in archive.infolist() if i.filename.endswith(".wasm"))


#: Zero runs this long in a data segment could be cut out of it (a new segment header costs a
#: few bytes): what trimming the memory snapshot would save.
ZERO_RUN = 64


def breakdown(component: Path) -> tuple[str, ...]:
    """What the componentize-py component consists of: the largest sections of its core
    modules (the largest data section is the memory snapshot of the initialised interpreter,
    the largest code section CPython)."""
    data = component.read_bytes()
    parts = wasm_sections.parts(data)
    total = sum(p.size for p in parts)
    largest = sorted(parts, key=lambda p: -p.size)[:8]
    names = sum(p.size for p in parts if p.section == "custom name")
    zeros = wasm_sections.zero_runs(data, ZERO_RUN)
    lines = [
        f"What the componentize-py component ({component.name}, {total:,} bytes of sections) "
        "consists of, largest first:",
        "",
        "| core module | section | bytes | share |",
        "|---:|---|---:|---:|",
    ]
    for part in largest:
        module = "component" if part.module < 0 else str(part.module)
        lines.append(f"| {module} | {part.section} | {part.size:,} | {part.size / total:.1%} |")
    lines += [
        "",
        f"Function-name sections in all: {names:,} bytes ({names / total:.1%}; they name the "
        "functions in trap backtraces; dropping them would change those).",
        f"Data-segment bytes in zero runs of {ZERO_RUN} bytes or more: {zeros:,} "
        f"({zeros / total:.2%}): "
        + (
            "the memory snapshot leaves the zero pages out already, so splitting its segments "
            "would save nothing worth a rewrite."
            if zeros < total / 100
            else "splitting the segments at those runs would take them off the raw size."
        ),
    ]
    return tuple(lines)
