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
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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


def external_imports(sources: SourceSet, modules: Iterable[str]) -> set[str]:
    """The top-level names of what ``modules`` (project modules) import from outside the
    project, directly: the standard library and the build environment's packages."""
    found = set()
    for name in modules:
        module = sources.get(name)
        if module is None:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return {name for name in found if sources.locate(name) is None}


def environment_fingerprint(top_level_imports: Iterable[str]) -> tuple[str, ...]:
    """``name==version`` of the build environment's distributions a component can bundle:
    those providing ``top_level_imports``, and what they require, at any depth. Only these go
    into the cache key, so the build front-end's own packages (pip's ``editables`` for an
    editable build, build tools) do not: a wheel build and an editable build of the same
    sources share their components."""
    outside = {name for name in top_level_imports if name not in sys.stdlib_module_names}
    if not outside:
        return ()  # the common case, spared reading every distribution's file list (~0.1 s)
    providers = importlib.metadata.packages_distributions()
    pending = sorted({d for name in outside for d in providers.get(name, ())})
    found: dict[str, str] = {}
    while pending:
        name = pending.pop()
        key = canonicalize_name(name)
        if key in found:
            continue
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # an optional requirement that is not installed
        found[key] = distribution.version
        for text in distribution.requires or ():
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return tuple(f"{name}=={version}" for name, version in sorted(found.items()))
