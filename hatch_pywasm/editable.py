"""Live editable installs: ``pip install -e .`` stays in step with the sources, as meson-python's
and scikit-build-core's editable installs do.

An editable build writes ``<package>/__wasm__/`` into the source tree and, beside its manifest,
``editable.json``: the project folder, and for each component the files that went into it with
their modification times. The runtime (``pywasm_runtime.freshness``) compares those times on the
first ``import_wasm`` of a component in a process; when one changed it calls :func:`rebuild`
(this module, so hatch-pywasm must be importable where the package is used: it is, for an
editable install made with ``--no-build-isolation``, or after ``pip install hatch-pywasm``) or,
when rebuilding is turned off (``editable-rebuild = false``, or
``HATCH_PYWASM_EDITABLE_REBUILD=0``), warns that the component is stale.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from pywasm_runtime import atomic
from pywasm_runtime.freshness import EDITABLE_FILE

from hatch_pywasm import bundle, frontend, pipeline, placement
from hatch_pywasm.config import Project, read_project_config
from hatch_pywasm.diagnostics import PyWasmError
from hatch_pywasm.frontend.sources import SourceSet


def component_sources(project: Project, outputs: list[placement.Output]) -> dict[str, list[Path]]:
    """Each component's project files: its modules, their packages, what they import."""
    sources = SourceSet(project.root, frontend.DEFAULT_SOURCE_ROOTS)
    found = {}
    for output in outputs:
        modules = [i.module for i in output.component.interfaces() if i.module]
        found[output.component.name] = sorted(bundle.imported_modules(sources, modules).values())
    return found


def write_records(
    project: Project, outputs: list[placement.Output], wasm_dirs: dict[str, Path], rebuild: bool
) -> None:
    """``editable.json`` in each ``__wasm__`` folder of an editable build."""
    files = component_sources(project, outputs)
    for package, folder in wasm_dirs.items():
        names = [
            o.component.name
            for o in outputs
            if package in placement.top_packages(i.module for i in o.component.exports)
        ]
        record = {
            "project": str(project.root),
            "rebuild": rebuild,
            "components": {
                name: {str(path): path.stat().st_mtime_ns for path in files[name]} for name in names
            },
        }
        data = json.dumps(record, indent=1, sort_keys=True) + "\n"
        atomic.write_bytes(folder / EDITABLE_FILE, data.encode("utf-8"))


def rebuild(project_dir: Path, report: pipeline.Report | None = None) -> None:
    """Builds the project's components again and rewrites its ``__wasm__`` folders and their
    records, as an editable build would (unchanged components come from the build cache).
    Raises the build's PyWasmError (its diagnostics) when the sources have a problem."""
    say = report or (lambda message: print(f"[pywasm] {message}", file=sys.stderr, flush=True))
    started = time.monotonic()
    try:
        project, config = read_project_config(project_dir)
        checked, outputs = pipeline.build(project, config, say)
        placement.write_wasm_dirs(outputs, checked.wasm_dirs)
        write_records(project, outputs, checked.wasm_dirs, config.editable_rebuild)
    except PyWasmError as error:
        error.add_note(f"(rebuilding the editable install of {project_dir})")
        raise
    say(f"rebuilt in {time.monotonic() - started:.2f} s")
