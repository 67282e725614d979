"""What the suites share: a scratch folder, the built projects, the unpacked wheels, the static
components. Everything expensive is built once per run, on first use, and kept.

Builds go through the real hook (``python -m build --wheel --no-isolation`` with this checkout's
plugin, as tests/conftest.py does) with a build cache inside the scratch folder; the runtime's
compile cache is kept there too (``PYWASM_RUNTIME_CACHE``), so a run never reads or fills the
user's caches, and "cold" means cold.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pywasm_runtime import model
from pywasm_runtime.engine import CACHE_ENV

from bench import node_peers
from bench.measure import BenchError, Sample, run, seconds_of
from bench.modes import Mode
from hatch_pywasm import frontend
from hatch_pywasm.backends import static
from hatch_pywasm.backends.static import SubsetError
from hatch_pywasm.config import ComponentConfig

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PROJECT = REPO / "example_project"
WORKLOAD = Path(__file__).resolve().parent / "workload"
#: The workload modules in the order a component grows: the k-module component exports the
#: first k of them.
BENCH_MODULES = (
    "pwbench.calls",
    "pwbench.fib",
    "pwbench.mandelbrot",
    "pwbench.sieve",
    "pwbench.nbody",
    "pwbench.spectral",
    "pwbench.interp",
    "pwbench.words",
)
#: Each kernel (exported function) and its module; the last two are application code (classes,
#: dicts, enums: issue 16).
KERNELS = {
    "fib": "pwbench.fib",
    "mandelbrot": "pwbench.mandelbrot",
    "sieve": "pwbench.sieve",
    "nbody": "pwbench.nbody",
    "spectral_norm": "pwbench.spectral",
    "interpret": "pwbench.interp",
    "word_count": "pwbench.words",
}
BENCH_VERSION = "0.1.0"
#: The workload project's one component, named after the project.
BENCH_COMPONENT = "pwbench"
LEFTOVERS = shutil.ignore_patterns("dist", "build", "__wasm__", "__pycache__")


@dataclass(frozen=True)
class Built:
    """A project built by the hook."""

    project: Path
    wheel: Path
    out_dir: Path
    build_time: Sample  # cold builds of it (empty build cache)

    def component_file(self, name: str) -> Path:
        return self.out_dir / name / f"{name}.wasm"


@dataclass(frozen=True)
class StaticBuild:
    module: str
    component: model.Component
    path: Path  # the component file
    source: str


def bench_project_toml(modules: tuple[str, ...], *, hook: bool = True) -> str:
    listed = ", ".join(f'"{m}"' for m in modules)
    # Pinned to componentize-py: these builds are the componentize-py figures, and the default
    # (auto) would compile the subset-only workload with the static backend instead. The static
    # backend is measured by calling it directly (static_component below).
    table = (
        f"\n[tool.hatch.build.hooks.pywasm]\nmodules = [{listed}]\n"
        'backend = "componentize"\nout-dir = "dist/wasm"\n'
    )
    return (
        '[build-system]\nrequires = ["hatchling>=1.26", "hatch-pywasm"]\n'
        'build-backend = "hatchling.build"\n\n'
        f'[project]\nname = "pwbench"\nversion = "{BENCH_VERSION}"\n'
        'requires-python = ">=3.11"\ndependencies = ["pywasm-runtime>=0.1,<0.2"]\n\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["src/pwbench"]\n' + (table if hook else "")
    )


def write_bench_project(dest: Path, modules: tuple[str, ...], *, hook: bool = True) -> Path:
    """A project of the workload package whose one component (``pwbench``) exports
    ``modules``; without the hook table when ``hook`` is false."""
    shutil.copytree(WORKLOAD / "pwbench", dest / "src" / "pwbench", ignore=LEFTOVERS)
    (dest / "pyproject.toml").write_text(bench_project_toml(modules, hook=hook), "utf-8")
    return dest


def without_hook(pyproject: str) -> str:
    """``pyproject`` (TOML text) without the pywasm hook's tables."""
    kept, skipping = [], False
    for line in pyproject.splitlines(keepends=True):
        header = line.strip()
        if header.startswith("["):
            skipping = header.strip("[]").startswith("tool.hatch.build.hooks.pywasm")
        if not skipping:
            kept.append(line)
    return "".join(kept)


def copy_project(source: Path, dest: Path, *, hook: bool = True) -> Path:
    shutil.copytree(source, dest, ignore=LEFTOVERS)
    if not hook:
        toml = dest / "pyproject.toml"
        toml.write_text(without_hook(toml.read_text("utf-8")), "utf-8")
    return dest


class Workspace:
    def __init__(self, root: Path, mode: Mode) -> None:
        self.root = root
        self.mode = mode
        self.build_cache = root / "build-cache"
        self.runtime_cache = root / "runtime-cache"
        # The runtime reads this on every compile: in-process loads use the run's cache too.
        os.environ[CACHE_ENV] = str(self.runtime_cache)
        self._bench: dict[int, Built] = {}
        self._apart: dict[tuple[str, ...], Built] = {}
        self._example: Built | None = None
        self._sites: dict[Path, Path] = {}
        self._static: dict[str, StaticBuild | SubsetError] = {}
        self._peers: dict[str, object] = {}

    @classmethod
    def create(cls, mode: Mode) -> Workspace:
        return cls(Path(tempfile.mkdtemp(prefix="pywasm-bench-")), mode)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def scratch(self, name: str) -> Path:
        """A new empty folder."""
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.root))

    # -- building with the hook ----------------------------------------------------------------

    def build_env(self, cache_home: Path) -> dict[str, str]:
        return {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONDONTWRITEBYTECODE": "1"}

    def hook_build(self, project: Path, cache_home: Path) -> tuple[float, Path]:
        """``python -m build --wheel --no-isolation`` of ``project``; seconds and the wheel."""
        dist = project / "dist"
        for old in dist.glob("*.whl"):
            old.unlink()
        command = [sys.executable, "-m", "build", "--wheel", "--no-isolation"]
        seconds, _ = run([*command, "-o", str(dist), str(project)], env=self.build_env(cache_home))
        wheels = list(dist.glob("*.whl"))
        if len(wheels) != 1:
            raise BenchError(f"the build of {project} left {len(wheels)} wheels in {dist}")
        return seconds, wheels[0]

    def adopt_bench(self, count: int, built: Built) -> None:
        self._bench.setdefault(count, built)

    def adopt_example(self, built: Built) -> None:
        if self._example is None:
            self._example = built

    def bench(self, count: int) -> Built:
        """The workload project whose component exports the first ``count`` modules."""
        if count not in self._bench:
            project = write_bench_project(self.scratch(f"bench{count}"), BENCH_MODULES[:count])
            seconds, wheel = self.hook_build(project, self.build_cache)
            self._bench[count] = Built(
                project, wheel, project / "dist" / "wasm", Sample.of([seconds])
            )
        return self._bench[count]

    def apart(self, modules: tuple[str, ...]) -> Built:
        """A project of the workload package whose component exports ``modules``, ones kept out
        of the growing component (``BENCH_MODULES``); built once per run."""
        if modules not in self._apart:
            project = write_bench_project(self.scratch("apart"), modules)
            seconds, wheel = self.hook_build(project, self.build_cache)
            self._apart[modules] = Built(
                project, wheel, project / "dist" / "wasm", Sample.of([seconds])
            )
        return self._apart[modules]

    def workload(self) -> Built:
        """The workload component with every module (load, call and compute use it)."""
        return self.bench(len(BENCH_MODULES))

    def example(self) -> Built:
        if self._example is None:
            project = copy_project(EXAMPLE_PROJECT, self.scratch("example") / "project")
            seconds, wheel = self.hook_build(project, self.build_cache)
            self._example = Built(project, wheel, project / "dist" / "wasm", Sample.of([seconds]))
        return self._example

    def site(self, built: Built) -> Path:
        """The project's wheel unpacked (a pure wheel unpacked is installed): a folder to put
        on ``sys.path`` or ``PYTHONPATH``."""
        if built.wheel not in self._sites:
            site = self.scratch("site")
            with zipfile.ZipFile(built.wheel) as wheel:
                wheel.extractall(site)
            self._sites[built.wheel] = site
        return self._sites[built.wheel]

    # -- the systems users would pick instead (bench/node_peers.py) ---------------------------

    def peer(self, peer: node_peers.Peer) -> node_peers.PeerRun | str:
        """Every kernel in ``peer`` (Pyodide, MicroPython) in one fresh Node process, once per
        run; or why it cannot run."""
        if not self.mode.node_peers:
            return node_peers.SKIPPED_IN_QUICK
        kernels = {k: (m, self.mode.kernel_inputs[k]) for k, m in KERNELS.items()}
        memo: Any = self._peers
        return node_peers.measured(peer, kernels, self.mode.compute_repeats, self.root, memo)

    def glue(self, backend: str) -> node_peers.PeerRun | str:
        """Every kernel through the npm package(s) the hook's JS glue makes of ``backend``'s
        components ("static": one per kernel module, "componentize": the workload's one), in
        one fresh Node process, once per run; or why it cannot run."""
        if not self.mode.node_peers:
            return node_peers.SKIPPED_IN_QUICK
        if backend not in self._peers:
            self._peers[backend] = self._run_glue(backend)
        found: Any = self._peers[backend]
        return found

    def _run_glue(self, backend: str) -> node_peers.PeerRun | str:
        from pywasm_runtime import manifest

        from hatch_pywasm.js import JcoError, write_js_package
        from hatch_pywasm.js.sources import interface_js_name, js_name

        reason = node_peers.unavailable_reason(None)
        if reason:
            return reason
        folder = self.root / "js" / backend
        folder.mkdir(parents=True)
        # the packages import the WASI shim by its bare name: from this repository's modules
        (folder / "node_modules").symlink_to(node_peers.NODE_MODULES)
        packages: dict[str, tuple[Path, model.Component]] = {}
        if backend == "static":
            for kernel, module in KERNELS.items():
                build = self.static(module)
                if isinstance(build, StaticBuild):
                    packages[kernel] = (build.path, build.component)
        else:
            site = self.site(self.workload())
            wasm_dir = site / "pwbench" / manifest.WASM_DIR
            entry = manifest.read(wasm_dir / manifest.MANIFEST_NAME).components[0]
            packages = dict.fromkeys(KERNELS, (wasm_dir / entry.file, entry.model))
        kernels = []
        made: dict[Path, Path] = {}
        for kernel, (wasm, component) in packages.items():
            if wasm not in made:
                made[wasm] = folder / wasm.stem
                try:
                    write_js_package(wasm, component, made[wasm], project_name="pwbench",
                                     project_version=BENCH_VERSION, stub_wasi=False,
                                     jco_command=None)  # fmt: skip
                except JcoError as error:
                    return f"jco failed: {error}"
            interface = component.export_for_module(KERNELS[kernel])
            kernels.append({
                "package": str(made[wasm]), "interface": interface_js_name(interface),
                "name": js_name(kernel), "key": kernel,
                "argument": self.mode.kernel_inputs[kernel],
            })  # fmt: skip
        spec = {"repeats": self.mode.compute_repeats, "kernels": kernels}
        done = node_peers.run_spec("glue", spec, folder)
        files = tuple(f for p in made.values() for f in sorted(p.rglob("*")) if f.is_file())
        return node_peers.PeerRun(done.startup, done.kernels, files, done.failures)

    # -- the static backend ----------------------------------------------------------------

    def static_sources(self) -> Path:
        """A project folder holding the workload's sources, for the frontend to read."""
        root = self.root / "static-project"
        if not root.exists():
            write_bench_project(root, BENCH_MODULES, hook=False)
        return root

    def static_model(self, module: str) -> model.Component:
        name = module.rsplit(".", 1)[-1]
        return frontend.analyze(
            self.static_sources(),
            ComponentConfig(name, (module,)),
            namespace="pwbench",
            package=model.wit_name(name),
            version=BENCH_VERSION,
        )

    def static_source(self, module: str) -> str:
        path = self.static_sources() / "src" / Path(*module.split(".")).with_suffix(".py")
        return path.read_text("utf-8")

    def compile_static(self, module: str) -> bytes:
        """The static backend's component of ``module``; raises SubsetError when the module is
        outside the compiled subset."""
        component = self.static_model(module)
        return static.compile_component(
            component, static.read_sources(self.static_sources(), component)
        )

    def static(self, module: str) -> StaticBuild | SubsetError:
        """The static component of one module, or why the backend cannot compile it."""
        if module not in self._static:
            try:
                data = self.compile_static(module)
            except SubsetError as error:
                self._static[module] = error
            else:
                path = self.scratch("static") / f"{module.rsplit('.', 1)[-1]}.wasm"
                path.write_bytes(data)
                self._static[module] = StaticBuild(
                    module, self.static_model(module), path, self.static_source(module)
                )
        return self._static[module]

    def time_static_compile(self, module: str, repeats: int) -> Sample | SubsetError:
        try:
            return Sample.of(
                [seconds_of(lambda: self.compile_static(module)) for _ in range(repeats)]
            )
        except SubsetError as error:
            return error
