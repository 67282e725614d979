"""The static backend: compile the statically typed subset of Python to a small core wasm
module, and wrap it as a component with the same WIT the frontend generates.

Stages, one module each (plain data in, plain data out)::

    source text --lower--> ir.Module --codegen(+abi, support)--> WAT --assemble--> core wasm
    core wasm + WIT --wrap_component--> component

API for the build hook: :func:`check_subset`, :func:`compile_component`, :func:`read_sources`
(and :func:`compile_core`, :func:`generate_wat` for inspection). See README.md here.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from pywasm_runtime import model

from hatch_pywasm import bundle, wit
from hatch_pywasm.frontend.sources import DEFAULT_SOURCE_ROOTS, SourceSet

from . import abi, codegen, ir, stdio
from .assemble import assemble
from .errors import SubsetError
from .irbuild import LIBRARY_MODULE, Annotations, Program
from .irbuild.classes import exported_key
from .wrap_component import wrap_component

#: The math library's source: Python in the subset, runnable by CPython too (for its tests).
MATH_LIBRARY = resources.files(__package__) / "support" / "mathlib.py"


def lower_component(component: model.Component, sources: Mapping[str, str]) -> list[ir.Module]:
    """The typed IR of every function the exports reach, by module. ``sources`` maps dotted
    module names to source text: the exported modules and the project modules they import
    (:func:`read_sources`). Raises :class:`SubsetError` at the first construct outside the
    subset."""
    return _lower(component, sources)[0]


def _lower(
    component: model.Component, sources: Mapping[str, str]
) -> tuple[list[ir.Module], list[abi.Export]]:
    """The IR (as :func:`lower_component`) and the exports' canonical-ABI entries."""
    annotations = Annotations(component.type_defs())
    for interface in component.exports:
        if interface.module not in sources:
            raise SubsetError(interface.file, 0, f"no source given for module {interface.module}")
    for module, file in _files(component, sources).items():
        try:
            annotations.add(module, file, sources[module])
        except SyntaxError as error:
            raise SubsetError(file, error.lineno or 0, f"syntax error: {error.msg}") from None
    program = Program(annotations, {i.module: i.functions for i in component.exports})
    roots = [(i.module, f.name) for i in component.exports for f in i.functions]
    for interface in component.exports:
        roots += _resource_roots(interface, annotations)
    modules = program.lower(roots)
    lowered = {m.name: m for m in modules}
    for interface in component.exports:
        if interface.module not in lowered:  # no function exported: nothing reached it
            message = f"the module {interface.module} exports no function"
            raise SubsetError(
                interface.file, 0, f"{message} (an empty component is outside the subset)"
            )
    functions = {(m.name, f.name): f for m in modules for f in m.functions}
    signatures = {k: (tuple(t for _, t in f.params), f.result) for k, f in functions.items()}
    exports = abi.exports_of(component, signatures, annotations.class_ids)
    for export in exports:
        fn = functions[export.module, export.function]
        _check_export(export, lowered[export.module].file, fn)
    if program.library_calls:
        annotations.add(LIBRARY_MODULE, "mathlib.py", MATH_LIBRARY.read_text())
        library = Program(annotations, {})
        modules += library.lower([(LIBRARY_MODULE, name) for name in sorted(program.library_calls)])
    return modules, exports


def _resource_roots(interface: model.Interface, annotations: Annotations) -> list[tuple[str, str]]:
    """The compiled functions of the interface's exported classes (WIT resources): each
    ``__init__`` and exported method (a property's getter is the method of its name)."""
    roots = []
    for resource in (t for t in interface.types if isinstance(t, model.Resource)):
        if annotations.resource_class(resource) is None:
            message = f"the exported class {resource.name} (a WIT resource) is outside the subset"
            raise SubsetError(interface.file, resource.origin.line, message)
        names = ["__init__", *map(exported_key, resource.methods)]
        roots += [(interface.module, f"{resource.name}.{name}") for name in names]
    return roots


def _check_export(export: abi.Export, file: str, fn: ir.Function) -> None:
    """What the canonical-ABI conversions do not cover yet, as a SubsetError at the function."""
    params = [t for _, t in fn.params]
    if abi.too_many_flat_params(export.params):
        message = f"{fn.name}: more than {abi.MAX_FLAT_PARAMS} flat parameters"
        raise SubsetError(file, fn.line, f"{message} is outside the subset")
    if any(abi.too_deep(t) for t in [fn.result, *params]):
        message = f"{fn.name}: records nested this deep are outside the subset"
        raise SubsetError(file, fn.line, message)
    if any(abi.holds_object(t) and not abi.is_object(t) for t in params):
        message = f"{fn.name}: a class instance inside a parameter (an own<resource> handle)"
        raise SubsetError(file, fn.line, f"{message} is outside the subset")


def _files(component: model.Component, sources: Mapping[str, str]) -> dict[str, str]:
    """The file of each module, for messages and tracebacks: an exported module's from the
    model; another's next to it, under the same source root (``src/pkg/other.py``)."""
    files = {i.module: i.file for i in component.exports}
    first = component.exports[0]
    parts = first.module.split(".")
    suffix = "/".join(parts) + ("/__init__.py" if first.file.endswith("__init__.py") else ".py")
    root = first.file[: -len(suffix)] if first.file.endswith(suffix) else ""
    for module in sources:
        files.setdefault(module, root + "/".join(module.split(".")) + ".py")
    return files


def read_sources(project_root: Path, component: model.Component) -> dict[str, str]:
    """The source text of every exported module and of every project module they import."""
    found = bundle.imported_modules(
        SourceSet(project_root, DEFAULT_SOURCE_ROOTS), [i.module for i in component.exports]
    )
    return {module: path.read_text("utf-8") for module, path in found.items()}


def check_subset(component: model.Component, sources: Mapping[str, str]) -> list[SubsetError]:
    """Why ``component`` cannot be compiled statically: empty when it can. Each error names
    ``file:line`` of the first construct outside the subset (the hook's ``auto`` fallback
    reason, or its error for ``backend = "static"``)."""
    if component.imports:
        return [_host_import(component, sources)]
    try:
        lower_component(component, sources)
    except SubsetError as error:
        return [error]
    return []


def _host_import(component: model.Component, sources: Mapping[str, str]) -> SubsetError:
    """Where an exported module imports a host interface (the first such import statement);
    when none does directly, the host module itself."""
    hosts = {i.module for i in component.imports}
    for interface in component.exports:
        if interface.module not in sources:
            continue
        for node in ast.walk(ast.parse(sources[interface.module], filename=interface.file)):
            for name in _imported_modules(node, interface.module):
                if name in hosts:
                    return SubsetError(interface.file, getattr(node, "lineno", 0),
                                       f"importing the host interface {name} (host functions) "
                                       "is outside the compiled subset")  # fmt: skip
    host = component.imports[0]
    return SubsetError(host.file, 1, f"the component imports the host interface {host.module} "
                       "(host functions), which is outside the compiled subset")  # fmt: skip


def _imported_modules(node: ast.AST, module: str) -> list[str]:
    """The modules an import statement in ``module`` may bind (``from a import b``: a and a.b)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:  # relative to the importing module's package
        package = module.rsplit(".", node.level)[0] if module.count(".") >= node.level else ""
        base = ".".join(p for p in (package, base) if p)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def generate_wat(component: model.Component, sources: Mapping[str, str]) -> str:
    """The core module as WAT text (for reading and debugging)."""
    modules, exports = _lower(component, sources)
    resources = abi.resource_types(component)
    return codegen.generate(modules, lambda data: abi.wrappers(exports, data, resources)).text


def compile_core(component: model.Component, sources: Mapping[str, str]) -> bytes:
    """The core wasm module (canonical-ABI exports; no imports unless it prints)."""
    return assemble(generate_wat(component, sources))


def compile_component(component: model.Component, sources: Mapping[str, str]) -> bytes:
    """The component, with exactly the WIT the frontend renders for ``component`` (plus
    WASI's standard output when its code prints: stdio.py)."""
    core = generate_wat(component, sources)
    world = wit.render(component)
    if stdio.imports_stdout(core):
        world = stdio.world_with_stdout(world)
    return wrap_component(assemble(core), world)


__all__ = [
    "SubsetError",
    "check_subset",
    "compile_component",
    "compile_core",
    "generate_wat",
    "lower_component",
    "read_sources",
]
