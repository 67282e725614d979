"""One library module built by both backends, for the tests that compare the static build with
CPython and with the componentize-py build of the same source: the two components loaded
through pywasm-runtime, the module imported natively, and what a caller sees of a call."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pywasm_runtime as pr
from pywasm_runtime import model

from hatch_pywasm import frontend, wit
from hatch_pywasm.backends import BuildJob, scheduler, static
from hatch_pywasm.backends.static.tools import wasm_tools
from hatch_pywasm.cache import BuildCache

from .harness import same_value


@dataclass(frozen=True)
class Spec:
    """The part of a ``[[tool.pywasm.components]]`` entry that ``frontend.analyze`` reads."""

    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


@dataclass
class Builds:
    native: ModuleType
    static: SimpleNamespace  # the interface as pywasm-runtime gives it
    componentize: SimpleNamespace
    static_wasm: Path
    componentize_wasm: Path
    component: model.Component
    fast: bool  # whether the static build's calls take the fast path (corecall.py)


@contextlib.contextmanager
def built_by_both(
    root: Path, package: str, module: str, source: str, cache_dir: Path
) -> Iterator[Builds]:
    """``module`` (its text ``source``) as component ``package``, built in ``root`` by both
    backends; componentize-py's build (~10 s) is cached in ``cache_dir`` by its inputs, so a
    later session reuses it. The native module is importable while the context is open."""
    path = root / f"{module}.py"
    path.write_text(source, "utf-8")
    component = frontend.analyze(
        root, Spec(package, (module,)), namespace="test", package=package, version="0.1.0"
    )
    static_wasm = root / "static.wasm"
    static_wasm.write_bytes(
        static.compile_component(component, static.read_sources(root, component))
    )
    job = BuildJob(
        component=component, wit=wit.render(component), python_path=(str(root),),
        preload=(module,), sources=((module, str(path)),), backend="componentize",
    )  # fmt: skip
    (built,) = scheduler.build_components([job], BuildCache(cache_dir), 1, lambda _: None)
    sys.path.insert(0, str(root))
    try:
        native = __import__(module)
        instances = {
            name: pr.load(wasm, spec=component).instantiate()
            for name, wasm in (("static", static_wasm), ("componentize", Path(built.path)))
        }
        yield Builds(native, instances["static"].interface(module),
                     instances["componentize"].interface(module), static_wasm, Path(built.path),
                     component, instances["static"]._core is not None)  # fmt: skip
    finally:
        sys.path.remove(str(root))
        sys.modules.pop(module, None)


def package_block(wasm: Path, package: str) -> str:
    """The ``package test:<package>@0.1.0 { ... }`` part of a component's WIT (a componentize-py
    component also holds the WASI packages it imports)."""
    done = subprocess.run(
        [wasm_tools(), "component", "wit", str(wasm)], capture_output=True, text=True, check=True
    )
    start = done.stdout.index(f"package test:{package}@0.1.0 {{")
    return done.stdout[start : done.stdout.index("\n}\n", start) + 3]


def outcome(
    step: Callable[[], Any], observed: Callable[[Any], Any], module: str
) -> tuple[Any, ...]:
    """What a caller sees of ``step()``: its value as ``observed`` shows it, or the exception's
    class, message, args and the frames of ``module`` in its traceback."""
    try:
        return ("returned", observed(step()))
    except Exception as error:
        frames = [
            (Path(f.filename).name, f.lineno, f.name)
            for f in traceback.extract_tb(error.__traceback__)
            if Path(f.filename).name == f"{module}.py"
        ]
        return ("raised", type(error), str(error), error.args, frames)


def agree(outcomes: list[tuple[Any, ...]]) -> bool:
    return all(same_value(o, outcomes[0]) for o in outcomes[1:])
