"""Components: a component file, compiled lazily (through the compile cache) per engine
settings; ``component.instantiate(...)`` gives an :class:`~pywasm_runtime.instance.Instance`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wasmtime import component as wc

from pywasm_runtime import engine as engines
from pywasm_runtime import errors, exports, sandbox, wasm_header
from pywasm_runtime import model as m
from pywasm_runtime.instance import Instance
from pywasm_runtime.limits import Limits

if TYPE_CHECKING:
    from pywasm_runtime import corecall


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
        #: What the manifest says the file's sha256 is (checked against the file when read).
        self._expected_sha256 = sha256
        self._sha256: str | None = None
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
                    self._sha256 = self._read_sha256()
                found = engines.compile_component(engine, self.path, self._sha256)
                self._compiled[settings] = found
        return engine, found

    def core_program(
        self, settings: engines.EngineSettings, interfaces: list[exports.InterfaceInfo]
    ) -> corecall.CoreProgram | None:
        """The fast path's compiled core module, or None when the component has none."""
        if not self.core_calls:
            return None
        from pywasm_runtime import corecall  # imported by processes with a static component only

        with self._lock:
            if settings not in self._core:
                self._core[settings] = corecall.CoreProgram.build(self.path, settings, interfaces)
            return self._core[settings]

    def _read_sha256(self) -> str:
        digest = engines.component_sha256(self.path)
        if self._expected_sha256 is not None and digest != self._expected_sha256:
            raise ValueError(
                f"{self.path}: the file's sha256 is {digest}, its manifest says "
                f"{self._expected_sha256}; the package is damaged or was modified after it was "
                "built: reinstall or rebuild it"
            )
        return digest

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
    own types; ``sha256`` (from a manifest) is checked against the file when it is first read.
    ``core_calls=False`` calls a static-backend component through wasmtime's component values
    too (the fast path's reference, for comparisons)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such component file")
    with path.open("rb") as f:
        problem = wasm_header.problem(f.read(wasm_header.SIZE))
    if problem is not None:
        raise errors.NotAComponent(f"{path}: {problem}")
    return Component(path, spec=spec, sha256=sha256, core_calls=core_calls)
