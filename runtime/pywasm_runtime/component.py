"""Components: a component file, compiled lazily (through the compile cache) per engine
settings; ``component.instantiate(...)`` gives an :class:`~pywasm_runtime.instance.Instance`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from wasmtime import component as wc

from pywasm_runtime import corecall, exports, sandbox
from pywasm_runtime import engine as engines
from pywasm_runtime import model as m
from pywasm_runtime.instance import Instance
from pywasm_runtime.limits import Limits


class Component:
    """A component file, compiled lazily (through the compile cache) per engine settings."""

    def __init__(
        self,
        path: Path,
        *,
        spec: m.Component | None = None,
        sha256: str | None = None,
        core_calls: bool = True,
    ) -> None:
        self.path = path
        self.model = spec
        self._sha256 = sha256
        self._compiled: dict[engines.EngineSettings, wc.Component] = {}
        #: Call a static-backend component's core module directly (corecall.py); with our
        #: model only: the model says the component is one of ours.
        self.core_calls = core_calls and spec is not None
        self._core: dict[engines.EngineSettings, corecall.CoreProgram | None] = {}
        self._lock = threading.Lock()
        modules = [i.module for i in spec.interfaces()] if spec else []
        #: Top-level packages whose exception classes a guest error may be re-raised as.
        self.packages = frozenset(name.split(".")[0] for name in modules)

    def __repr__(self) -> str:
        return f"<pywasm_runtime.Component {self.path}>"

    def compiled(self, settings: engines.EngineSettings) -> tuple[engines.Engine, wc.Component]:
        engine = engines.engine_for(settings)
        with self._lock:
            found = self._compiled.get(settings)
            if found is None:
                if self._sha256 is None:
                    self._sha256 = engines.file_sha256(self.path)
                found = engines.compile_component(engine, self.path, self._sha256)
                self._compiled[settings] = found
        return engine, found

    def core_program(
        self, settings: engines.EngineSettings, interfaces: list[exports.InterfaceInfo]
    ) -> corecall.CoreProgram | None:
        """The fast path's compiled core module, or None when the component has none."""
        if not self.core_calls:
            return None
        with self._lock:
            if settings not in self._core:
                assert self._sha256 is not None  # set by compiled()
                self._core[settings] = corecall.CoreProgram.build(
                    self.path, self._sha256, settings, interfaces
                )
            return self._core[settings]

    def exports(self) -> list[exports.InterfaceInfo]:
        engine, compiled = self.compiled(engines.EngineSettings())
        return exports.exported(compiled, engine.wasmtime, self.model)

    def imports(self) -> list[exports.InterfaceInfo]:
        engine, compiled = self.compiled(engines.EngineSettings())
        return exports.imported(compiled, engine.wasmtime, self.model)

    def instantiate(
        self,
        *,
        imports: Mapping[str, object] | None = None,
        limits: Limits | None = None,
        output: sandbox.Output = "forward",
    ) -> Instance:
        """A sandboxed instance. ``imports`` maps an imported interface (Python module name,
        WIT id or short WIT name) to an object or mapping providing its functions; by default
        the model's import modules are imported and their functions bound. Raises
        :class:`~pywasm_runtime.errors.MissingImports` listing everything not provided."""
        return Instance(self, imports or {}, limits or Limits(), output)


def load(
    path: str | Path,
    *,
    spec: m.Component | None = None,
    sha256: str | None = None,
    core_calls: bool = True,
) -> Component:
    """Any component file. Without ``spec`` (our model) values are built from the component's
    own types; ``sha256`` (from a manifest) spares hashing the file for the compile cache.
    ``core_calls=False`` calls a static-backend component through wasmtime's component values
    too (the fast path's reference, for comparisons)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such component file")
    return Component(path, spec=spec, sha256=sha256, core_calls=core_calls)
