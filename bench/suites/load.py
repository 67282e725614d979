"""Load: the first call in a fresh process, through pywasm-runtime with and without its compile
cache, against importing the same module natively in CPython; and what the compile cache's
integrity check costs a warm load (issue 14)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pywasm_runtime import engine as engines
from pywasm_runtime import manifest
from pywasm_runtime.engine import CACHE_ENV
from wasmtime import component as wc

from bench import measure
from bench.measure import BenchError, Sample
from bench.report import Figure, Group, Suite
from bench.workspace import Workspace

NAME = "load"
TITLE = "Load: first call in a fresh process"

NATIVE = "native CPython: import + call"
WARM = "pywasm-runtime: import_wasm + call, warm compile cache"
REVERIFIED = "pywasm-runtime: import_wasm + call, warm cache, entries summed again (touched)"
COLD = "pywasm-runtime: import_wasm + call, no compile cache"

MAPPED = "deserialize_file of the entry alone (no check)"
CHECKED = "compile_component: digest memo, integrity record, deserialize_file"
SUMMED = "compile_component of a touched entry: + crc32 of the whole entry"

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


def run(ws: Workspace) -> Suite:
    workload_site = ws.site(ws.workload())
    groups = measure_target(ws, workload_site, Target("pwbench.calls", "add", "1, 2"))
    groups.append(integrity_check(ws, workload_site, "pwbench.calls"))
    if ws.mode.build_target == "example":
        site = ws.site(ws.example())
        for target in (
            Target("shop.codec", "checksum", "b'order'"),
            Target("shop.inventory", "restock_plan", "{'tea': 1}, 3"),
        ):
            groups += measure_target(ws, site, target)
    return Suite(NAME, TITLE, tuple(groups))
