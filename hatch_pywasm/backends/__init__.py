"""Backends turn one component's interface model (plus its WIT and sources) into a component.

:class:`BuildJob` is everything a backend needs, as plain data, so a job can run in a worker
process. Every backend offers the same small :class:`Backend` interface (what its output
depends on, for the build cache key; its build), so the scheduler never asks which one it runs.
Two backends: componentize-py (``componentize/``: any Python, a whole CPython inside) and the
static compiler (``static/``: the typed subset, a few KB); ``selection`` picks one per component.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pywasm_runtime import manifest, model

from hatch_pywasm.diagnostics import PyWasmError


class BackendError(PyWasmError):
    """A backend failed to build a component; the message says which and why."""


@dataclass(frozen=True)
class BuildJob:
    """One component to build: its model and WIT, the project files it is made of, and the
    backend chosen for it. The input of a build, where ``placement.Output`` is its result."""

    component: model.Component
    wit: str  # the component's WIT package, as text
    python_path: tuple[str, ...]  # the project's source roots, then the build env's packages
    preload: tuple[str, ...]  # project modules to import (and so bundle) at build time
    # (module, file) of every project module: the key's inputs, and what the static compiler reads
    sources: tuple[tuple[str, str], ...]
    environment: tuple[str, ...] = ()  # "name==version" of the build env's packages, for the key
    stub_wasi: bool = False
    backend: manifest.Backend = "componentize"  # chosen by ``selection.choose``
    # backend "static": the component, compiled by the selection's trial (not part of the key:
    # the sources are)
    static_wasm: bytes | None = field(default=None, repr=False)
    # backend "componentize": more modules to bundle (the rest of the project's packages, the
    # dependency closure), imported at build time where they import (see ``bundle``)
    bundle: tuple[str, ...] = ()
    #: ``"pkg.cli:main"``: this job builds the component's WASI command, not its library
    command: str | None = None

    @property
    def name(self) -> str:
        """The built file's name without ``.wasm``: ``<component>``, ``<component>-command``."""
        suffix = "-command" if self.command is not None else ""
        return f"{self.component.name}{suffix}"


class Backend(Protocol):
    """What the scheduler needs of a backend."""

    #: Who builds, for the build log ("componentize-py").
    label: str
    #: Its builds take seconds and hundreds of MB: run them in worker processes, several at
    #: once; else one after the other in this process, before the workers start.
    in_workers: bool

    def identity(self) -> str:
        """Name and version: a new version may build differently (a cache-key input)."""
        ...

    def key_inputs(self, job: BuildJob) -> dict[str, bytes | str]:
        """What the output depends on besides the project sources (cache-key inputs)."""
        ...

    def build(self, job: BuildJob, output: Path) -> None:
        """Build ``job``'s component into ``output`` (a file that does not exist yet); raises
        BackendError naming the component."""
        ...


#: The module that defines each backend's ``BACKEND``: imported on first use, as each pulls in
#: its compiler.
BACKENDS: dict[manifest.Backend, str] = {
    "componentize": "hatch_pywasm.backends.componentize",
    "static": "hatch_pywasm.backends.static.build",
}


def backend(name: manifest.Backend) -> Backend:
    """The backend called ``name``."""
    found: Backend = importlib.import_module(BACKENDS[name]).BACKEND
    return found
