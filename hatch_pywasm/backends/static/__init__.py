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
from hatch_pywasm.frontend.symbols import ClassSymbol

from . import abi, codegen, ir, stdio, types
from .assemble import assemble
from .errors import SubsetError
from .irbuild import LIBRARY_MODULE, Annotations, Program
from .irbuild.classes import Method, exported_key
from .irbuild.dispatch import abstract_methods
from .types import DictType, StructType, Type
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
    overrides: dict[tuple[str, str], list[tuple[abi.Override, str, int]]] = {}
    for interface in component.exports:
        roots += _resource_roots(interface, annotations)
        overrides.update(_overrides(interface, annotations))
    roots += [(o.module, o.function) for found in overrides.values() for o, _, _ in found]
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
    _check_overrides(overrides, signatures)
    plain = {key: [o for o, _, _ in found] for key, found in overrides.items()}
    exports = abi.exports_of(component, signatures, annotations.class_ids, plain)
    for export in exports:
        fn = functions[export.module, export.function]
        _check_export(export, lowered[export.module].file, fn)
    if abi.checks_str_literal(exports):  # its message shows the value's repr
        program.library_calls.add("_str_repr")
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


def _overrides(
    interface: model.Interface, annotations: Annotations
) -> dict[tuple[str, str], list[tuple[abi.Override, str, int]]]:
    """For each method of the interface's exported classes that a subclass overrides (those
    called on an object: not static or class methods), the overriding implementations, each
    with the classes whose objects it serves and its file and line. The host calls the
    exported method on an object of any subclass (a factory returning a Dog as an Animal)."""
    found: dict[tuple[str, str], list[tuple[abi.Override, str, int]]] = {}
    for resource in (t for t in interface.types if isinstance(t, model.Resource)):
        cls = annotations.resource_class(resource)
        assert cls is not None  # (_resource_roots rejected it)
        for method in resource.methods:
            if method.kind in ("static", "constructor"):
                continue
            key = exported_key(method)
            base = _implementation(annotations, cls, key)
            assert base is not None
            served: dict[tuple[str, str], list[int]] = {}
            where: dict[tuple[str, str], tuple[str, int]] = {}
            for sub in annotations.subclasses(cls):
                implementation = _implementation(annotations, sub, key)
                if (
                    implementation is None
                    or _named(implementation) == _named(base)
                    or abstract_methods(annotations, sub)
                ):
                    continue  # inherited, or never instantiated (abstract)
                symbol, impl = implementation
                if _object_kind(impl.kind) != _object_kind(base[1].kind):
                    what = f"the exported method {base[1].name} overridden by {impl.name}"
                    what += " as another kind"
                    raise SubsetError(
                        symbol.module.file, impl.node.lineno, f"{what} is outside the subset"
                    )
                name = _named(implementation)
                served.setdefault(name, []).append(annotations.class_ids[sub.name])
                where[name] = (symbol.module.file, impl.node.lineno)
            if served:
                found[_named(base)] = [
                    (abi.Override(tuple(n), *name), *where[name]) for name, n in served.items()
                ]
    return found


def _check_overrides(
    overrides: Mapping[tuple[str, str], list[tuple[abi.Override, str, int]]],
    signatures: Mapping[tuple[str, str], tuple[tuple[Type, ...], Type]],
) -> None:
    """An override of an exported method takes the method's parameters after ``self`` and
    returns its result, as compiled (the export converts them once, for every class)."""
    for base, found in overrides.items():
        for override, file, line in found:
            sub = (override.module, override.function)
            if (
                signatures[base][0][1:] != signatures[sub][0][1:]
                or signatures[base][1] != signatures[sub][1]
            ):
                message = f"the exported method {base[1]} overridden by {sub[1]}"
                message += " with other parameter or result types is outside the subset"
                raise SubsetError(file, line, message)


def _implementation(
    annotations: Annotations, t: StructType | None, key: str
) -> tuple[ClassSymbol, Method] | None:
    """The class statement and method that objects of class ``t`` run as ``key``."""
    while t is not None:
        found = annotations.class_statement(t)
        if found is not None and key in found[1]:
            return found[0], found[1][key]
        t = annotations.base_type(t)
    return None


def _named(implementation: tuple[ClassSymbol, Method]) -> tuple[str, str]:
    """(module, key) of a method: its compiled function."""
    return implementation[0].module.name, implementation[1].name


def _object_kind(kind: str) -> str:
    return "method" if kind == "abstract" else kind


def _check_export(export: abi.Export, file: str, fn: ir.Function) -> None:
    """What the canonical-ABI conversions do not cover yet, as a SubsetError at the function."""
    params = [t for _, t in fn.params]
    if abi.too_many_flat_params(export.params):
        message = f"{fn.name}: more than {abi.MAX_FLAT_PARAMS} flat parameters"
        raise SubsetError(file, fn.line, f"{message} is outside the subset")
    if any(abi.too_deep(t) for t in [fn.result, *params]):
        message = f"{fn.name}: records nested this deep are outside the subset"
        raise SubsetError(file, fn.line, message)
    if any(types.nests_collection(t) for t in [fn.result, *params]):
        message = f"{fn.name}: a dict or set inside a parameter or result"
        raise SubsetError(file, fn.line, f"{message} is outside the subset")
    returns_dict = export.compiled is not None and isinstance(export.compiled[1], DictType)
    if returns_dict and abi.holds_literal(export.result):
        message = f"{fn.name}: a Literal inside a returned dict (its values are not checked yet)"
        raise SubsetError(file, fn.line, f"{message} is outside the subset")
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
