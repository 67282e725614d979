"""What goes into a component besides its exported modules: the project modules they import
(also lazily, inside functions) and the build environment's pure-Python packages.

componentize-py bundles only the modules imported while it builds; the adapter imports every
project module listed here at build time, so a lazy ``import`` at run time finds it. The python
path lets the exported code import the build environment's packages (a project lists its own
runtime dependencies in the hook's ``dependencies`` so they are installed there).
"""

from __future__ import annotations

import ast
import importlib.metadata
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from hatch_pywasm.frontend.sources import SourceSet, _absolute


def imported_modules(sources: SourceSet, roots: Iterable[str]) -> dict[str, Path]:
    """``roots`` and every project module they import, directly or not, at any depth: at the
    top level or inside a function (a lazy import), with the packages that contain them.

    Reads the trees the frontend already parsed; a module that is not part of the project
    (stdlib, dependencies) is left to componentize-py, which finds it on the python path."""
    found: dict[str, Path] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        module, path = sources.get(name), sources.locate(name)
        if module is None or path is None:
            continue
        found[name] = path
        parts = name.split(".")
        pending += [".".join(parts[:i]) for i in range(1, len(parts))]
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                pending += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(module, node)
                # ``from pkg import mod`` imports the submodule when there is one.
                pending += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return dict(sorted(found.items()))


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
