"""Where built components go (the last stage: ``placement.Output`` records in, files out):
``<package>/__wasm__/`` with the manifest the runtime reads (in a wheel staging folder, or in the
source tree for editable builds), the ``wheel = "replace"`` proxies, and
``<out-dir>/<component>/`` with the component, its WIT and (``js = true``) its npm package.

Every folder is written beside its destination under a temporary name and swapped in whole, so
a failed build leaves the previous output (or none), never a part.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pywasm_runtime import manifest, model

from hatch_pywasm import staging
from hatch_pywasm.cache import file_sha256
from hatch_pywasm.diagnostics import PyWasmError
from hatch_pywasm.frontend.sources import SourceSet
from hatch_pywasm.replace import proxy_source

WASM_DIR = manifest.WASM_DIR
Report = Callable[[str], None]


class PlacementError(PyWasmError):
    """A component cannot be placed as configured; the message says why and what to change."""


@dataclass(frozen=True)
class Output:
    """One built component with what placing it needs: the pipeline's last record (the
    scheduler's ``Built`` says where the cache holds a file; this says what it is)."""

    component: model.Component
    file: Path  # the built component (in the build cache)
    wit: str
    backend: manifest.Backend
    stub_wasi: bool
    command: Path | None = None  # its WASI command component (in the build cache), if any
    build_seconds: float | None = None  # how long the backend took; None: from the build cache

    @property
    def command_name(self) -> str:
        """The command component's file name."""
        return f"{self.component.name}-command.wasm"


def top_packages(modules: Iterable[str]) -> list[str]:
    """The top-level packages of dotted module names: those whose ``__wasm__`` folder lists
    the components exporting them."""
    return sorted({m.split(".")[0] for m in modules})


def package_dir(package: str, source_roots: Iterable[Path]) -> Path:
    for root in source_roots:
        if (root / package / "__init__.py").is_file():
            return root / package
    raise PlacementError(
        f"components are shipped in <package>/{manifest.WASM_DIR}/, but {package!r} is not a "
        "package (a folder with __init__.py) in the source roots; put the modules in a package "
        'or set wheel = "none" and out-dir'
    )


def write_wasm_dirs(outputs: list[Output], destinations: dict[str, Path]) -> dict[str, Path]:
    """Writes ``<package>/__wasm__/`` (components + manifest) for each top-level package.

    ``destinations`` maps each top-level package to the folder to (re)create as its
    ``__wasm__``; returns the same mapping once written."""
    fills: dict[Path, staging.Fill] = {}
    for package, dest in destinations.items():
        mine = [
            o for o in outputs if package in top_packages(i.module for i in o.component.exports)
        ]

        def fill(folder: Path, mine: list[Output] = mine) -> None:
            entries = []
            for output in mine:
                file_name = f"{output.component.name}.wasm"
                shutil.copyfile(output.file, folder / file_name)
                if output.command is not None:
                    shutil.copyfile(output.command, folder / output.command_name)
                entries.append(
                    manifest.ComponentEntry(
                        name=output.component.name,
                        file=file_name,
                        sha256=file_sha256(folder / file_name),
                        backend=output.backend,
                        stub_wasi=output.stub_wasi,
                        model=output.component,
                    )
                )
            manifest.write(folder / manifest.MANIFEST_NAME, manifest.Manifest(tuple(entries)))

        fills[dest] = fill
    staging.write_dirs(fills)
    return destinations


def stage_wheel(
    outputs: list[Output], packages: Iterable[str], folder: Path, proxies: SourceSet | None
) -> dict[str, str]:
    """Writes what the wheel ships into ``folder`` (a temporary one): each package's
    ``__wasm__/`` and, given the project's sources (``wheel = "replace"``), the proxy modules.
    Returns hatchling's ``force_include`` entries (file or folder -> path in the wheel)."""
    folders = write_wasm_dirs(outputs, {p: folder / p / WASM_DIR for p in packages})
    force_include = {str(path): f"{package}/{WASM_DIR}" for package, path in folders.items()}
    if proxies is None:
        return force_include
    for output in outputs:
        for interface in output.component.exports:
            path = proxies.locate(interface.module)
            assert path is not None  # the frontend found it moments ago
            proxy = folder / "proxies" / interface.module / path.name
            proxy.parent.mkdir(parents=True, exist_ok=True)
            proxy.write_text(proxy_source(path.read_text("utf-8"), interface), "utf-8")
            parts = interface.module.split(".")
            package = parts if path.name == "__init__.py" else parts[:-1]
            force_include[str(proxy)] = "/".join([*package, path.name])
    return force_include


@dataclass(frozen=True)
class JsPackages:
    """``js = true``: what the npm package of each component says of the project."""

    project_name: str
    project_version: str
    jco: str | None  # the command that runs jco; None: jco on PATH, then npx


#: ``<out-dir>/<component>/build.json``: how the component was built (backend, bytes, seconds).
BUILD_REPORT = "build.json"


def build_report(output: Output) -> str:
    """What a reader of the out-dir may want to know of a build, as JSON: the backend, the
    size, and the backend's time (``null`` when the component came from the build cache)."""
    report = {
        "component": output.component.name,
        "backend": output.backend,
        "bytes": output.file.stat().st_size,
        "build_seconds": None if output.build_seconds is None else round(output.build_seconds, 3),
    }
    return json.dumps(report, indent=1, sort_keys=True) + "\n"


def write_out_dir(
    outputs: list[Output], out_dir: Path, js: JsPackages | None, report: Report
) -> None:
    """``<out-dir>/<component>/`` with ``<component>.wasm`` and ``<component>.wit``, and with
    ``js`` the component's npm package in ``js/``. All or none."""
    extra = None
    if js is not None:
        from hatch_pywasm.js import write_js_package  # needs jco: only when asked for

        def extra(output: Output, folder: Path) -> None:
            report(f"{output.component.name}: writing the JS package (jco)")
            write_js_package(
                folder / f"{output.component.name}.wasm",
                output.component,
                folder / "js",
                project_name=js.project_name,
                project_version=js.project_version,
                stub_wasi=output.stub_wasi,
                jco_command=js.jco,
            )

    fills: dict[Path, staging.Fill] = {}
    for output in outputs:
        name = output.component.name

        def fill(folder: Path, output: Output = output, name: str = name) -> None:
            shutil.copyfile(output.file, folder / f"{name}.wasm")
            (folder / f"{name}.wit").write_text(output.wit, encoding="utf-8")
            (folder / BUILD_REPORT).write_text(build_report(output), encoding="utf-8")
            if output.command is not None:
                shutil.copyfile(output.command, folder / output.command_name)
            if extra is not None:
                extra(output, folder)

        fills[out_dir / name] = fill
    check_out_dir(out_dir)
    try:
        staging.write_dirs(fills)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        message = f"option 'out-dir': cannot write into {out_dir}: {exc.strerror}{where}"
        raise PlacementError(message) from None


def check_out_dir(out_dir: Path) -> None:
    """Before the long steps: the out-dir, or the first of its parents that exists, is a
    folder."""
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            if not path.is_dir():
                said = "is" if path == out_dir else f"is in {path}, which is"
                raise PlacementError(
                    f"option 'out-dir': {out_dir} {said} a file; expected a folder (or a path "
                    "where one can be made)"
                )
            return


def remove(paths: Iterable[Path]) -> list[Path]:
    """Removes what a build wrote; returns what existed."""
    removed = []
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
        elif path.exists():
            path.unlink()
            removed.append(path)
    return removed
