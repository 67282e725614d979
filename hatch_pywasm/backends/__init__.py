"""Backends turn one component's interface model (plus its WIT and sources) into a component.

:class:`BuildJob` is everything a backend needs, as plain data, so a job can run in a worker
process. Two backends: componentize-py (any Python, a whole CPython inside) and the static
compiler (``static/``: the typed subset, a few KB); ``selection`` picks one per component.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pywasm_runtime import manifest, model


class BackendError(RuntimeError):
    """A backend failed to build a component; the message says which and why."""


@dataclass(frozen=True)
class BuildJob:
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
