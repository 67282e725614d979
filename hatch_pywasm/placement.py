"""Where built components go: ``<package>/__wasm__/`` (wheel sidecar, editable source tree) with
the manifest the runtime reads, and ``<out-dir>/<component>/`` with the component and its WIT.

Every folder is written beside its destination under a temporary name and swapped in whole, so
a failed build leaves the previous output (or none), never a part.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pywasm_runtime import manifest, model

from hatch_pywasm import staging
from hatch_pywasm.cache import file_sha256


class PlacementError(ValueError):
    """A component cannot be placed as configured; the message says why and what to change."""


@dataclass(frozen=True)
class Output:
    """One built component, ready to place."""

    component: model.Component
    file: Path  # the built component (in the build cache)
    wit: str
    backend: manifest.Backend
    stub_wasi: bool


def top_packages(component: model.Component) -> list[str]:
    """The top-level packages whose ``__wasm__`` folder lists ``component``."""
    return sorted({i.module.split(".")[0] for i in component.exports})


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
        mine = [o for o in outputs if package in top_packages(o.component)]

        def fill(folder: Path, mine: list[Output] = mine) -> None:
            entries = []
            for output in mine:
                file_name = f"{output.component.name}.wasm"
                shutil.copyfile(output.file, folder / file_name)
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


WriteExtra = Callable[[Output, Path], None]


def write_out_dir(outputs: list[Output], out_dir: Path, extra: WriteExtra | None = None) -> None:
    """``<out-dir>/<component>/`` with ``<component>.wasm`` and ``<component>.wit``; ``extra``
    adds more to each folder before they are swapped in (the JS package). All or none."""
    fills: dict[Path, staging.Fill] = {}
    for output in outputs:
        name = output.component.name

        def fill(folder: Path, output: Output = output, name: str = name) -> None:
            shutil.copyfile(output.file, folder / f"{name}.wasm")
            (folder / f"{name}.wit").write_text(output.wit, encoding="utf-8")
            if extra is not None:
                extra(output, folder)

        fills[out_dir / name] = fill
    staging.write_dirs(fills)


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
