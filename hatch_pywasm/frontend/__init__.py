"""The frontend: a project's annotated modules (read with ``ast``, never imported) to the
interface model of one component.

Stages: :mod:`.sources` finds and parses modules; :mod:`.symbols` follows names across them;
:mod:`.resolve` turns annotations into model types; :mod:`.exports` decides what each module
exports; :mod:`.ownership` decides which interface owns each type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pywasm_runtime import model

from hatch_pywasm.diagnostics import Diagnostic, DiagnosticError
from hatch_pywasm.frontend import ownership
from hatch_pywasm.frontend.exports import ModuleExports, collect
from hatch_pywasm.frontend.resolve import TypeResolver
from hatch_pywasm.frontend.sources import DEFAULT_SOURCE_ROOTS, SourceSet
from hatch_pywasm.frontend.symbols import SymbolTable
from hatch_pywasm.frontend.versions import wit_version

__all__ = ["DEFAULT_SOURCE_ROOTS", "ComponentSpec", "analyze", "analyze_components"]

#: Where configuration problems (a module that does not exist) point.
CONFIG_FILE = "pyproject.toml"


class ComponentSpec(Protocol):
    """What the frontend needs of a component's configuration (``config.ComponentConfig``)."""

    @property
    def name(self) -> str: ...
    @property
    def modules(self) -> Sequence[str]: ...
    @property
    def imports(self) -> Sequence[str]: ...


def analyze(
    project_root: Path,
    spec: ComponentSpec,
    *,
    namespace: str,
    package: str,
    version: str,
    source_roots: Sequence[str] = DEFAULT_SOURCE_ROOTS,
) -> model.Component:
    """The interface model of one component; :class:`DiagnosticError` lists every problem.

    ``version`` is the project's (PEP 440) version; the component's WIT package version is the
    semver derived from it (``1.0`` -> ``1.0.0``, ``2.0rc1`` -> ``2.0.0-rc1``)."""
    sources = SourceSet(project_root, tuple(source_roots))
    resolver = TypeResolver(SymbolTable(sources))
    found: list[tuple[ModuleExports, bool]] = []  # (exports, is an import module)
    for names, imported in ((spec.modules, False), (spec.imports, True)):
        for name in names:
            module = sources.require(
                name, Diagnostic(CONFIG_FILE, 0, 0, f"component {spec.name!r}")
            )
            if module is not None:
                found.append((collect(module, resolver), imported))
    interface_names = _interface_names([e.module.name for e, _ in found], spec.name)
    semver, version_problems = wit_version(version, CONFIG_FILE)
    problems = [*sources.diagnostics, *resolver.diagnostics, *version_problems]
    direct = {
        interface_names[e.module.name]: {
            *e.type_names,
            *(n for f in e.functions for n in ownership.function_references(f)),
        }
        for e, _ in found
    }
    owner, ownership_problems = ownership.place(direct, interface_names, resolver.defs)
    problems += ownership_problems
    imports = {interface_names[e.module.name] for e, imported in found if imported}
    problems += ownership.host_resource_problems(direct, imports, resolver.defs)
    interfaces = {
        e.module.name: model.Interface(
            name=interface_names[e.module.name],
            module=e.module.name,
            functions=tuple(e.functions),
            types=tuple(
                d
                for n, d in resolver.defs.items()
                if owner.get(n) == interface_names[e.module.name]
            ),
            doc=e.module.doc,
            file=e.module.file,
        )
        for e, _ in found
    }
    shared_types = tuple(d for n, d in resolver.defs.items() if owner.get(n) == ownership.SHARED)
    for interface in interfaces.values():
        problems += _name_clashes(interface)
    if problems:
        raise DiagnosticError(problems)
    return model.Component(
        name=spec.name,
        namespace=namespace,
        package=package,
        version=semver,
        exports=tuple(interfaces[e.module.name] for e, imported in found if not imported),
        imports=tuple(interfaces[e.module.name] for e, imported in found if imported),
        shared=(
            model.Interface(model.SHARED_INTERFACE, "", (), shared_types) if shared_types else None
        ),
    )


def analyze_components(
    project_root: Path,
    specs: Sequence[ComponentSpec],
    *,
    namespace: str,
    package: str,
    version: str,
) -> list[model.Component]:
    """Every component's interface model; one :class:`DiagnosticError` lists the problems of
    all of them, so a build or ``check`` reports everything at once."""
    components: list[model.Component] = []
    problems: list[Diagnostic] = []
    for spec in specs:
        try:
            components.append(
                analyze(project_root, spec, namespace=namespace, package=package, version=version)
            )
        except DiagnosticError as error:
            problems += error.diagnostics
    if problems:
        raise DiagnosticError(problems)
    return components


def _interface_names(modules: list[str], world: str) -> dict[str, str]:
    """One WIT interface name per module: its last dotted part; the whole dotted name when that
    part is ambiguous within the component or is taken (by ``types`` or the world, which share
    the package's namespace); with ``-module`` appended if even that is taken."""
    taken = {model.SHARED_INTERFACE, model.wit_name(world)}
    last = {m: model.wit_name(m.rsplit(".", 1)[-1]) for m in modules}
    counts = Counter(last.values())
    names = {}
    for module, name in last.items():
        if counts[name] > 1 or name.lstrip("%") in taken:
            name = model.wit_name(module.replace(".", "_"))
        if name.lstrip("%") in taken:
            name = f"{name.lstrip('%')}-module"
        names[module] = name
    return names


def _name_clashes(interface: model.Interface) -> list[Diagnostic]:
    """Functions and types share one namespace per WIT interface."""
    seen: dict[str, str] = {}
    problems = []
    for python_name, line in [
        *((f.name, f.line) for f in interface.functions),
        *((t.name, t.origin.line) for t in interface.types),
    ]:
        wit = model.wit_name(python_name)
        if wit in seen and seen[wit] != python_name:
            problems.append(
                Diagnostic(
                    interface.file,
                    line,
                    1,
                    f"{python_name!r} and {seen[wit]!r} both become {wit!r} in WIT interface "
                    f"{interface.name!r}",
                    hint="rename one of them",
                )
            )
        seen.setdefault(wit, python_name)
    return problems
