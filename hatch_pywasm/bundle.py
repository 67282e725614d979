"""What goes into a component besides its exported modules: every module of the project's own
packages and of its runtime dependency closure, so imports at run time (lazy ones inside
functions, ``importlib.import_module`` in a plugin registry) find them.

componentize-py bundles only the modules imported while it builds; the adapter imports every
module listed here at build time. The dependency closure is ``project.dependencies`` resolved
through the build environment's installed metadata (``Requires-Dist``, markers evaluated) and
each distribution's RECORD (its files); ``pywasm-runtime`` (the host side) and what only it
needs are left out. A distribution with native extension modules cannot run in the guest.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib.machinery
import importlib.metadata
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
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
    return {n for n in imported_top_level(sources, modules) if sources.locate(n) is None}


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
    closure = dependency_closure(sorted({d for name in outside for d in providers.get(name, ())}))
    return tuple(sorted(f"{d.name}=={d.version}" for d in closure.distributions))


def package_modules(roots: Iterable[Path], packages: Iterable[str]) -> list[str]:
    """Every module (``.py`` file) of the project's top-level ``packages`` under the source
    ``roots``, at any depth."""
    found = []
    for root in roots:
        for package in packages:
            folder = root / package
            if not (folder / "__init__.py").is_file():
                continue
            for path in sorted(folder.rglob("*.py")):
                found.append(_module_name(path.relative_to(root)))
    return found


def _module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: The host side of every wasm-backed package: never needed in the guest.
HOST_ONLY = frozenset({"pywasm-runtime"})


@dataclass(frozen=True)
class Distribution:
    """One distribution of the dependency closure, as its RECORD lists it."""

    name: str
    version: str
    modules: tuple[str, ...]  # importable modules (``.py`` files)
    top_level: tuple[str, ...]  # top-level import names
    native: tuple[str, ...] = ()  # its native extension modules (files): cannot run in the guest


@dataclass(frozen=True)
class Closure:
    distributions: tuple[Distribution, ...] = ()
    missing: tuple[str, ...] = ()  # requirements not installed in the build environment
    problems: tuple[str, ...] = field(default=())  # requirements that do not parse


def dependency_closure(requirements: Iterable[str]) -> Closure:
    """The distributions ``requirements`` (``project.dependencies``) need, at any depth, from
    the build environment's installed metadata; requirements whose markers do not hold are
    skipped, and so are :data:`HOST_ONLY` distributions and what only they need."""
    pending = list(requirements)
    seen: dict[str, Distribution] = {}
    missing, problems = [], []
    while pending:
        text = pending.pop(0)
        try:
            requirement = Requirement(text)
        except InvalidRequirement as exc:
            problems.append(f"{text!r}: {exc}")
            continue
        name = canonicalize_name(requirement.name)
        if name in seen or name in HOST_ONLY:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        try:
            dist = importlib.metadata.distribution(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(text)
            continue
        seen[name] = _describe(dist)
        for needed in dist.requires or []:
            try:
                parsed = Requirement(needed)
            except InvalidRequirement:
                continue
            wanted = [{"extra": extra} for extra in requirement.extras] or [{"extra": ""}]
            if parsed.marker is None or any(parsed.marker.evaluate(env) for env in wanted):
                pending.append(needed)
    return Closure(tuple(seen.values()), tuple(missing), tuple(problems))


def _describe(dist: importlib.metadata.Distribution) -> Distribution:
    modules, native, top = [], [], set()
    for file in dist.files or []:
        parts = Path(file).parts
        if not parts or parts[0] == ".." or parts[0].endswith((".dist-info", ".data")):
            continue
        if "__pycache__" in parts:
            continue
        name = str(file)
        if name.endswith(".py"):
            modules.append(_module_name(Path(file)))
            top.add(parts[0].removesuffix(".py"))
        elif name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)) or name.endswith(
            (".so", ".pyd")
        ):
            native.append(name)
            top.add(parts[0].split(".")[0])
    return Distribution(
        dist.metadata["Name"],
        dist.version,
        tuple(sorted(set(modules))),
        tuple(sorted(top)),
        tuple(sorted(native)),
    )


def excluded(module: str, patterns: Iterable[str]) -> bool:
    """``module`` matches one of the ``exclude`` patterns: a module name (which also drops its
    submodules) or a glob (``pkg.tests.*``)."""
    return any(
        module == p or module.startswith(p + ".") or fnmatch.fnmatchcase(module, p)
        for p in patterns
    )


def imported_top_level(sources: SourceSet, modules: Iterable[str]) -> set[str]:
    """The top-level names the project ``modules`` import (at any place in them)."""
    found = set()
    for name in modules:
        module = sources.get(name)
        if module is None:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return found


@dataclass(frozen=True)
class GuestBundle:
    """What a componentize-py component holds besides the modules its exports reach."""

    modules: tuple[str, ...]  # imported at build time where they import
    project_files: dict[str, Path]  # the project modules among them: inputs of the build
    warnings: tuple[str, ...]
    errors: tuple[str, ...]


def guest_bundle(
    sources: SourceSet,
    roots: Iterable[Path],
    reached: Iterable[str],
    closure: Closure,
    exclude: Iterable[str],
) -> GuestBundle:
    """Every module of the top-level packages of ``reached`` (the project modules the exports
    import) and of the dependency ``closure``, less ``exclude``. A distribution with native
    extension modules is left out: an error when ``reached`` code imports it, else a warning."""
    reached = list(reached)
    exclude = list(exclude)
    packages = sorted({m.split(".")[0] for m in reached})
    project = [m for m in package_modules(roots, packages) if not excluded(m, exclude)]
    imported = imported_top_level(sources, reached)
    modules, warnings, errors = list(project), [], []
    for dist in closure.distributions:
        if dist.native:
            used = sorted(set(dist.top_level) & imported)
            what = (
                f"dependency {dist.name} {dist.version} has native extension modules "
                f"({', '.join(dist.native[:3])}{', ...' if len(dist.native) > 3 else ''}), "
                "which cannot run inside a componentize-py component"
            )
            if used:
                errors.append(f"{what}; the exported code imports {', '.join(used)}")
            else:
                warnings.append(f"{what}; left out (the exported code does not import it)")
            continue
        modules += [m for m in dist.modules if not excluded(m, exclude)]
    warnings += [
        f"dependency {r!r} is not installed in the build environment" for r in closure.missing
    ]
    errors += [f"project.dependencies: {p}" for p in closure.problems]
    files = {m: p for m in project if (p := sources.locate(m)) is not None}
    return GuestBundle(tuple(dict.fromkeys(modules)), files, tuple(warnings), tuple(errors))
