"""Call: the per-call cost of crossing into a component, through pywasm-runtime, through a raw
``wasmtime.component.Func`` and as a native Python call, for an s64 add, a record and a list of
1,000 ints."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

import wasmtime
from pywasm_runtime import Limits, import_wasm, manifest, model
from pywasm_runtime import engine as engines
from wasmtime import component as wc

from bench.measure import BenchError, per_call
from bench.report import Figure, Group, Suite
from bench.workspace import Workspace

NAME = "call"
TITLE = "Call: per-call overhead"

MODULE = "pwbench.calls"
RAW = "raw wasmtime.component.Func"
RUNTIME = "pywasm-runtime"
#: Without the epoch checks that let Ctrl-C interrupt a call (issue 14), and with a timeout
#: (its calls run in a thread of their own: the hand-over per call).
RUNTIME_UNCHECKED = "pywasm-runtime, Limits(interrupt=False)"
RUNTIME_TIMED = "pywasm-runtime, Limits(timeout=60)"
NATIVE = "native Python call"
MICROSECONDS = 1e6
ADD = "s64 add"
TARGET = "Issue 4 target: pywasm-runtime at most 1.3x the raw call (stretch: below it)."


def raw_functions(ws: Workspace, names: list[str]) -> dict[str, Callable[..., Any]]:
    """The exports of ``MODULE`` as bare wasmtime functions (store bound), from the same
    compiled component the runtime uses (same engine settings), in an instance of their own."""
    site = ws.site(ws.workload())
    wasm_dir = site / MODULE.split(".")[0] / manifest.WASM_DIR
    entry = manifest.read(wasm_dir / manifest.MANIFEST_NAME).component_for_module(MODULE)
    engine = engines.engine_for(engines.EngineSettings())
    compiled = engines.compile_component(engine, wasm_dir / entry.file, entry.sha256)
    linker = wc.Linker(engine.wasmtime)
    linker.add_wasip2()
    store = wasmtime.Store(engine.wasmtime)
    store.set_wasi(wasmtime.WasiConfig())
    instance = linker.instantiate(store, compiled)
    interface = compiled.get_export_index(entry.model.qualified(entry.model.exports[0]))
    found = {}
    for name in names:
        index = compiled.get_export_index(model.wit_name(name), interface)
        func = instance.get_func(store, index)
        if func is None:
            raise BenchError(f"{entry.file} exports no function {name!r} in {MODULE}")
        found[name] = lambda *args, func=func: func(store, *args)
    return found


def run(ws: Workspace) -> Suite:
    mode = ws.mode
    site = str(ws.site(ws.workload()))
    if site not in sys.path:
        sys.path.insert(0, site)  # the unpacked wheel: installed, as far as Python can tell
    native = importlib.import_module(MODULE)
    wasm = import_wasm(MODULE)
    unchecked = import_wasm(MODULE, limits=Limits(interrupt=False))
    timed = import_wasm(MODULE, limits=Limits(timeout=60))
    point = native.Point(1.5, -2.25, "origin")
    values = list(range(1000))
    cases = {
        ADD: ("add", (1, 2)),
        "record (3 fields) in and out": ("echo_point", (point,)),
        "list of 1,000 ints in and out": ("echo_list", (values,)),
    }
    raw = raw_functions(ws, [function for function, _ in cases.values()])
    groups = []
    for label, (function, args) in cases.items():
        callers = {
            RAW: raw[function],
            RUNTIME: getattr(wasm, function),
            RUNTIME_UNCHECKED: getattr(unchecked, function),
            RUNTIME_TIMED: getattr(timed, function),
            NATIVE: getattr(native, function),
        }
        expected = callers[NATIVE](*args)
        if callers[RUNTIME](*args) != expected:
            raise BenchError(f"{MODULE}.{function}{args!r}: the runtime disagrees with CPython")
        figures = tuple(
            Figure(
                name,
                per_call(partial(call, *args), mode.call_repeats, mode.call_min_seconds).scaled(
                    MICROSECONDS
                ),
            )
            for name, call in callers.items()
        )
        note = TARGET if label == ADD else ""
        groups.append(Group(f"{label}: {MODULE}.{function}", "us", RAW, figures, note=note))
    return Suite(NAME, TITLE, tuple(groups))
