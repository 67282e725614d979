"""Call: the per-call cost of crossing into a component, through pywasm-runtime, through a raw
``wasmtime.component.Func`` and as a native Python call, for an s64 add, a record and a list of
1,000 ints; and the static backend's calls (its fast path, corecall.py, with and without a
timeout, and through wasmtime's component values) as ratios to the native call; and bytes
against str of the same size, per MiB; and 1 MiB of bytes in and out of the static backend's
component, as a ratio to a copy of them in CPython."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

import pywasm_runtime
import wasmtime
from pywasm_runtime import Limits, import_wasm, manifest, model
from pywasm_runtime import engine as engines
from wasmtime import component as wc

from bench.measure import BenchError, per_call, per_call_in_turn
from bench.report import Figure, Group, Suite, number, unavailable
from bench.workspace import StaticBuild, Workspace

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
STATIC_FAST = "static backend, fast path"
STATIC_FAST_TIMEOUT = "static backend, fast path, Limits(timeout=60)"
STATIC_COMPONENT = "static backend, wasmtime component values (core_calls=False)"
BLOBS = "pwbench.blobs"
#: 1 MiB: under wasmtime's hostcall budget for a bytes result (~4 MiB, runtime README).
BLOB_SIZE = 1 << 20
STR_ROUND_TRIP = "str, 1 MiB in and out (echo_text)"
BYTES_ROUND_TRIP = "bytes, 1 MiB in and out (echo_bytes)"
#: Issue 18's yardstick for bytes: a copy of them in CPython.
BYTES_COPY = "CPython: bytes(bytearray) of 1 MiB (a copy)"
COMPONENTIZE = "componentize-py backend (pywasm-runtime)"
#: Issue 18: each static call at most this many native calls (the label, function, arguments).
STATIC_TARGETS = {
    "s64 add": ("add", 40.0),
    "2-field dataclass in, float out": ("norm2", 60.0),
    "list of 100 ints in, int out": ("total", 20.0),
}


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
    static_groups = static_calls(ws, native, wasm)
    blobs = bytes_against_str(ws)
    groups.append(blobs)
    static_blobs = static_bytes(ws)
    summary = (*static_summary(static_groups), bytes_summary(blobs, static_blobs))
    return Suite(NAME, TITLE, (*groups, *static_groups, static_blobs), summary=summary)


#: Issue 18: 1 MiB of bytes in and out at most this many copies of them in CPython.
BYTES_TARGET = 3.0


def bytes_summary(componentize: Group, static: Group) -> str:
    """Issue 18's bytes target against this run: 1 MiB in and out within 3x of a copy, through
    the componentize-py backend and through the static backend's fast path."""
    ratios = []
    for group, name in ((componentize, BYTES_ROUND_TRIP), (static, STATIC_FAST)):
        found = {f.name: f.sample for f in group.figures}
        echo, copy = found.get(name), found.get(BYTES_COPY)
        ratios.append(echo.median / copy.median if echo and copy else None)
    cells = [
        f"{number(r)}x ({'met' if r <= BYTES_TARGET else 'not met'})" if r is not None else "n/a"
        for r in ratios
    ]
    return (
        f"1 MiB of bytes in and out (issue 18 target: within {BYTES_TARGET:g}x of `bytes(x)` in "
        f"CPython): {cells[0]} through the componentize-py backend, {cells[1]} through the "
        "static backend's fast path."
    )


def static_bytes(ws: Workspace) -> Group:
    """1 MiB of bytes into the static backend's component of ``pwbench.blobs`` and back
    (``echo_bytes``) through the fast path (one copy into guest memory, one out), also with a
    timeout, against a copy of them in CPython in the same run, measured in turn."""
    build = ws.static(BLOBS)
    data = bytes(range(256)) * (BLOB_SIZE // 256)
    copied = bytearray(data)
    calls: dict[str, Callable[[], Any]] = {BYTES_COPY: partial(bytes, copied)}
    missing = []
    for name, limits in ((STATIC_FAST, None), (STATIC_FAST_TIMEOUT, Limits(timeout=60))):
        if not isinstance(build, StaticBuild):
            missing.append(unavailable(name, f"outside the compiled subset: {build}"))
            continue
        component = pywasm_runtime.load(build.path, spec=build.component, core_calls=True)
        echo = component.instantiate(limits=limits).interface(BLOBS).echo_bytes
        if echo(data) != data:
            raise BenchError(f"{name}: {BLOBS}.echo_bytes did not give back what went in")
        calls[name] = partial(echo, data)
    samples = per_call_in_turn(calls, ws.mode.call_repeats, ws.mode.call_min_seconds)
    figures = [Figure(name, sample) for name, sample in samples.items()] + missing
    note = (
        f"Issue 18 target: the static fast path within {BYTES_TARGET:g}x of the copy. The "
        "variants' repetitions alternate."
    )
    return Group(f"static: bytes, 1 MiB in and out: {BLOBS}.echo_bytes", "s", BYTES_COPY,
                 tuple(figures), note=note)  # fmt: skip


def bytes_against_str(ws: Workspace) -> Group:
    """Seconds per MiB of ``bytes`` and of ``str`` (ASCII) crossing into a componentize-py
    component and back, and only going in; its own component (``pwbench.blobs``), loaded from
    its manifest, not imported (its package would shadow the workload's)."""
    site = ws.site(ws.apart((BLOBS,)))
    wasm_dir = site / "pwbench" / manifest.WASM_DIR
    entry = manifest.read(wasm_dir / manifest.MANIFEST_NAME).component_for_module(BLOBS)
    blobs = pywasm_runtime.load(wasm_dir / entry.file, spec=entry.model).instantiate()
    blobs = blobs.interface(BLOBS)
    data = bytes(range(256)) * (BLOB_SIZE // 256)
    text = "x" * BLOB_SIZE
    calls = {
        STR_ROUND_TRIP: (blobs.echo_text, text, text),
        BYTES_ROUND_TRIP: (blobs.echo_bytes, data, data),
        "str, 1 MiB in (text_length)": (blobs.text_length, text, BLOB_SIZE),
        "bytes, 1 MiB in (bytes_length)": (blobs.bytes_length, data, BLOB_SIZE),
    }
    figures = []
    for name, (call, value, expected) in calls.items():
        if call(value) != expected:
            raise BenchError(f"{BLOBS}: {name} did not give back what went in")
        sample = per_call(partial(call, value), ws.mode.call_repeats, ws.mode.call_min_seconds)
        figures.append(Figure(name, sample))
    copied = bytearray(data)
    sample = per_call(partial(bytes, copied), ws.mode.call_repeats, ws.mode.call_min_seconds)
    figures.append(Figure(BYTES_COPY, sample))
    return Group(
        f"bytes against str, per MiB: {BLOBS}",
        "s",
        STR_ROUND_TRIP,
        tuple(figures),
        note=(
            "Issue 14, item 12: bytes cross as wasmtime's list<u8>, one 32-byte host value per "
            "byte (results over ~4 MiB trap: runtime README, 'Large bytes'); str as one buffer."
        ),
    )


def static_calls(ws: Workspace, native: Any, wasm: Any) -> list[Group]:
    """The static backend's component of ``MODULE`` called through the fast path (also with a
    timeout: its engine compiles in epoch checks) and through wasmtime's component values,
    against the native call; the componentize-py component for scale."""
    mode = ws.mode
    build = ws.static(MODULE)
    args = {
        "add": (1, 2),
        "norm2": (native.Vec(1.5, -2.25),),
        "total": (list(range(100)),),
    }
    callers: dict[str, Callable[[str], Callable[..., Any]] | str] = {
        NATIVE: partial(getattr, native),
        COMPONENTIZE: partial(getattr, wasm),
    }
    if isinstance(build, StaticBuild):
        for name, limits, fast in (
            (STATIC_FAST, None, True),
            (STATIC_FAST_TIMEOUT, pywasm_runtime.Limits(timeout=60), True),
            (STATIC_COMPONENT, None, False),
        ):
            component = pywasm_runtime.load(build.path, spec=build.component, core_calls=fast)
            namespace = component.instantiate(limits=limits).interface(MODULE)
            callers[name] = partial(getattr, namespace)
    else:
        for name in (STATIC_FAST, STATIC_FAST_TIMEOUT, STATIC_COMPONENT):
            callers[name] = f"outside the compiled subset: {build}"
    groups = []
    for label, (function, target) in STATIC_TARGETS.items():
        expected = getattr(native, function)(*args[function])
        figures = []
        for name, caller in callers.items():
            if isinstance(caller, str):
                figures.append(unavailable(name, caller))
                continue
            call = caller(function)
            if call(*args[function]) != expected:
                raise BenchError(f"{name}: {MODULE}.{function} disagrees with CPython")
            sample = per_call(partial(call, *args[function]), mode.call_repeats,
                              mode.call_min_seconds)  # fmt: skip
            figures.append(Figure(name, sample.scaled(MICROSECONDS)))
        note = f"Issue 18 target: the static fast path at most {target:g}x the native call."
        groups.append(
            Group(f"static: {label}: {MODULE}.{function}", "us", NATIVE, tuple(figures), note)
        )
    return groups


def static_summary(groups: list[Group]) -> tuple[str, ...]:
    """Each static call's ratio to the native call, and whether issue 18's target holds."""
    lines = [
        "Static backend calls as multiples of the native call (issue 18 targets):",
        "",
        f"| call | target | {STATIC_FAST} | {STATIC_FAST_TIMEOUT} | {STATIC_COMPONENT} | met |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for group, (label, (_, target)) in zip(groups, STATIC_TARGETS.items(), strict=True):
        base = group.baseline_figure().sample
        found = {f.name: f.sample for f in group.figures}
        ratios = [
            s.median / base.median if (s := found.get(v)) and base else None
            for v in (STATIC_FAST, STATIC_FAST_TIMEOUT, STATIC_COMPONENT)
        ]
        cells = [f"{number(r)}x" if r is not None else "n/a" for r in ratios]
        met = all(r is not None and r <= target for r in ratios[:2])
        lines.append(f"| {label} | {target:g}x | {' | '.join(cells)} | {'yes' if met else 'no'} |")
    lines.append("")
    return tuple(lines)
