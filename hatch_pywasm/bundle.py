"""What goes into a component besides its exported modules: the rest of the project's packages
(so a lazy ``import`` at run time finds them) and the build environment's pure-Python packages.

componentize-py bundles only the modules imported while it builds; the adapter imports every
module listed here, and the python path lets the exported code import the build environment's
packages (a project lists its own runtime dependencies in the hook's ``dependencies`` so they
are installed there).
"""

from __future__ import annotations

import importlib.metadata
import sysconfig
from collections.abc import Iterable, Sequence
from pathlib import Path

from pywasm_runtime import manifest

#: Folders never searched for modules (outputs, caches).
SKIPPED_DIRS = frozenset({"__pycache__", manifest.WASM_DIR})


def package_modules(source_roots: Sequence[Path], packages: Iterable[str]) -> dict[str, Path]:
    """Every module of the given top-level packages (or top-level modules), by dotted name."""
    found: dict[str, Path] = {}
    for package in sorted(set(packages)):
        for root in source_roots:
            if (root / package / "__init__.py").is_file():
                _walk(root / package, package, found)
                break
            if (root / f"{package}.py").is_file():
                found[package] = root / f"{package}.py"
                break
    return found


def _walk(folder: Path, name: str, found: dict[str, Path]) -> None:
    found[name] = folder / "__init__.py"
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            if entry.name not in SKIPPED_DIRS and (entry / "__init__.py").is_file():
                _walk(entry, f"{name}.{entry.name}", found)
        elif entry.suffix == ".py" and entry.name != "__init__.py" and entry.stem.isidentifier():
            found[f"{name}.{entry.stem}"] = entry


def environment_paths() -> list[str]:
    """The build environment's package folders (pure and platform), without duplicates."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys(paths[key] for key in ("purelib", "platlib")))


def environment_fingerprint() -> tuple[str, ...]:
    """``name==version`` of every distribution installed in the build environment: a change
    of any package the guest may bundle changes the build cache key."""
    return tuple(
        sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()})
    )
