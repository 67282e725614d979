"""Module level: functions, dataclasses, constants, imports; signatures; the worklist of
functions reachable from the exports."""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from pywasm_runtime import model

from hatch_pywasm.frontend.sources import ModuleSource
from hatch_pywasm.frontend.symbols import AliasSymbol, ClassSymbol, FunctionSymbol

from .. import ir
from ..errors import SubsetError
from ..types import NONE, StructType, Type, is_field_type
from . import exceptions, undefined
from .annotations import Annotations
from .classes import class_constants, methods_of
from .common import (
    LIBRARY_MODULE,
    MATH_CONSTANTS,
    MATH_FUNCTIONS,
    ConstantValue,
    Signature,
    constant_expr,
    constant_value,
    default_value,
    spell,
    unsupported,
)
from .expressions import EmptyListTyped
from .iterators import check_iterator_params
from .statements import FunctionLowerer

#: Modules whose names a module of the subset may import to annotate and decorate with (a use
#: of one in code is reported where it is).
ANNOTATION_MODULES = frozenset(
    {"__future__", "typing", "typing_extensions", "collections.abc", "dataclasses", "abc", "enum"}
)


class ModuleLowerer:
    def __init__(
        self,
        source: ModuleSource,
        annotations: Annotations,
        program: Program,
        exported: Sequence[model.Function],
    ) -> None:
        self.source, self.annotations, self.program = source, annotations, program
        self.file, self.module = source.file, source.name
        self.defs: dict[str, ast.FunctionDef] = {}
        self.intrinsics = self.module == LIBRARY_MODULE
        #: module-level constants (``NAME = <constant expression>``), by name
        self.constants: dict[str, ConstantValue] = {}
        self.math_names: set[str] = set()  # local names bound to the math module
        self.math_functions: dict[str, str] = {}  # ``from math import sqrt``: sqrt -> sqrt
        #: "Class.method" -> (Class, kind: "method" | "static" | "class" | "property")
        self.methods: dict[str, tuple[str, str]] = {}
        #: plain classes' class attributes (constants), by class
        self.class_constants: dict[str, dict[str, ConstantValue]] = {}
        #: every name the module binds at its top level (None: it may bind others at run time)
        self.global_names = undefined.module_globals(source.tree)
        for node in source.tree.body:
            self._module_statement(node)
        self.exported = {f.name: f for f in exported}
        self.signatures: dict[str, Signature] = {}
        self.library_calls: set[str] = set()
        #: specialisations for int arguments of float parameters (numeric_params.py): lowered
        #: where first called (their result type is the call's), those being lowered, and
        #: those called from inside themselves
        self.specialisations: dict[str, tuple[ir.Function, set[tuple[str, str]]]] = {}
        self.lowering: set[str] = set()
        self.recursive: set[str] = set()

    def _module_statement(self, node: ast.stmt) -> None:
        match node:
            case ast.FunctionDef():
                if node.decorator_list:
                    raise unsupported(self.file, node, "a decorated function")
                self.defs[node.name] = node
            case ast.Import(names=names):
                for alias in names:
                    self._import(node, alias.name, None)
            case ast.ImportFrom(module="__future__"):
                pass  # the frontend reads it (ModuleSource.future_annotations), binds no name
            case ast.ImportFrom(names=names):
                for alias in names:
                    imported = self.source.imports[alias.asname or alias.name]
                    self._import(node, imported.module, imported.name, alias.asname)
            case ast.ClassDef() if self.annotations.is_dataclass_statement(node, self.source):
                self._check_dataclass(node)
                self._add_methods(node)
            case ast.ClassDef() if self.annotations.enum_kind(ClassSymbol(self.source, node)):
                self.annotations.enum(ClassSymbol(self.source, node))
            case ast.ClassDef() if self.annotations.is_plain(ClassSymbol(self.source, node)):
                self._add_methods(node)  # its layout is read where it is used
                self.class_constants[node.name] = class_constants(node, self.file, self.constants)
            case ast.ClassDef() if exceptions.project_class(
                self.annotations, ClassSymbol(self.source, node)
            ):
                pass  # an exception class: raised and caught by its type name
            case ast.Expr(value=ast.Constant(value=str())):
                pass  # the module docstring
            case ast.If(
                test=ast.Compare(
                    left=ast.Name(id="__name__"),
                    ops=[ast.Eq()],
                    comparators=[ast.Constant(value="__main__")],
                )
            ):
                pass  # a script's entry point: never runs when the module is imported
            case ast.Assign(targets=[ast.Name(id="__all__")]):
                pass  # the frontend read the exports from it
            case (
                ast.Assign(targets=[ast.Name(id=name)], value=value)
                | ast.AnnAssign(target=ast.Name(id=name), value=value)
            ) if value is not None:
                self._constant_or_alias(node, name, value)
            case ast.ClassDef(name=name) if found := exceptions.project_class(
                self.annotations, ClassSymbol(self.source, node), any_body=True
            ):  # (an error's attributes would need room in support's exception record)
                what = f"the exception class {name} with a body (its own __init__, attributes"
                plain = f"or methods; `class {name}({found.builtin}): pass` compiles"
                raise unsupported(self.file, node, f"{what} {plain})")
            case ast.ClassDef(name=name):
                how = [f"@{ast.unparse(d)}" for d in node.decorator_list]
                how += [f"base {ast.unparse(b)}" for b in node.bases]
                raise unsupported(self.file, node, f"class {name} ({', '.join(how)})")
            case _:
                raise unsupported(self.file, node, f"a module-level {type(node).__name__}")

    def _import(
        self, node: ast.stmt, module: str, name: str | None, bound: str | None = None
    ) -> None:
        """``import module [as bound]`` (``name`` None) or ``from module import name [as
        bound]``: the math module, its functions and constants; another module of the
        program (its names are resolved where they are used); the modules whose names only
        annotate and decorate (typing, dataclasses, ...)."""
        project = self.annotations.sources
        if module == "math" and name is None:
            self.math_names.add(bound or module)
        elif module == "math" and name in MATH_CONSTANTS:
            self.constants[bound or name] = MATH_CONSTANTS[name]
        elif module == "math" and name in MATH_FUNCTIONS:
            self.math_functions[bound or name] = name
        elif project.get(module) is not None or (name and project.get(f"{module}.{name}")):
            pass  # a module of the program
        elif module in ANNOTATION_MODULES or (module == "struct" and self.intrinsics):
            pass  # (the math library's intrinsics use struct when CPython runs it)
        else:
            what = f"math.{name}" if module == "math" else f"the module {module}"
            message = f"`{ast.unparse(node)}`: {what} needs the full interpreter"
            raise SubsetError(self.file, node.lineno, f"{message} (outside the compiled subset)")

    def _constant_or_alias(self, node: ast.stmt, name: str, value: ast.expr) -> None:
        """``NAME = <constant expression>`` (also ``NAME: Final = ...``), or a type alias
        (``Vector = list[float]``: the resolver reads it where it is used)."""
        found = constant_value(value, self.constants)
        if found is not None:
            if name in self.constants:
                raise SubsetError(self.file, node.lineno, f"the constant {name} is rebound")
            if not all(is_field_type(t) for t in _item_types(found)):
                raise unsupported(self.file, node, f"the constant {name} (a tuple of tuples)")
            self.constants[name] = found
            return
        try:
            self.annotations.type_of(value, self.source)
        except SubsetError:
            spelled = ast.unparse(value)
            raise unsupported(
                self.file, node, f"the module-level value {name} = {spelled} (constants are "
                "numbers, strings and tuples of them)"
            ) from None  # fmt: skip

    def _check_dataclass(self, node: ast.ClassDef) -> None:
        """A dataclass of annotated fields (no methods or other statements), each of a type a
        dataclass may hold, with defaults that are constants or ``field(default=...)`` /
        ``field(default_factory=list)``."""
        for item in node.body:
            match item:
                case ast.AnnAssign(target=ast.Name(id=name), annotation=ann, value=value):
                    try:
                        t: Type | None = self.annotations.type_of(ann, self.source, node.name)
                    except SubsetError:
                        t = None
                    if not is_field_type(t):
                        spelled = ast.unparse(ann)
                        raise unsupported(self.file, item, f"a dataclass field of type {spelled}")
                    if value is not None:
                        assert t is not None
                        default_value(value, t, self.file, f"the default of field {name!r}")
                case ast.Expr(value=ast.Constant(value=str())) | ast.FunctionDef():
                    pass  # a docstring; a method (methods_of checks it)
                case _:
                    raise unsupported(self.file, item, "a dataclass body beyond annotated fields")

    def _add_methods(self, node: ast.ClassDef) -> None:
        """A class's methods are functions of the module named ``Class.method``; a method's
        and a property's first parameter is the object, a classmethod's is the class."""
        for method in methods_of(node, self.file).values():
            self.defs[method.name] = method.node
            self.methods[method.name] = (node.name, method.kind)

    def annotation_type(self, node: ast.expr, function: str = "") -> Type:
        """The subset type an annotation in this module names (a SubsetError when none)."""
        return self.annotations.type_of(node, self.source, function)

    def dataclass_named(self, name: ast.Name) -> StructType | None:
        return self.annotations.dataclass_named(name, self.source)

    def signature(self, name: str) -> Signature:
        if name not in self.signatures:
            self.signatures[name] = self._read_signature(name, self.defs[name])
        return self.signatures[name]

    def class_type(self, name: str, at: ast.AST) -> StructType:
        """The type of the class ``name`` defined in this module."""
        found = self.dataclass_named(ast.copy_location(ast.Name(id=name), at))
        assert found is not None, name
        return found

    def _read_signature(self, key: str, node: ast.FunctionDef) -> Signature:
        """Parameters (positional, then keyword-only), their defaults, and the result. A
        method's first parameter (``self``) is of its class; a classmethod's (``cls``) is not
        a value (see FunctionLowerer.class_names). An export's types come from the model."""
        args = node.args
        if args.vararg or args.kwarg:
            raise unsupported(self.file, node, f"*args or **kwargs of {key}")
        positional = [*args.posonlyargs, *args.args]
        defaults = dict(zip([a.arg for a in positional][::-1], args.defaults[::-1], strict=False))
        defaults |= {a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d}
        owner, kind = self.methods.get(key, ("", "function"))
        if kind != "static" and kind != "function" and not positional:
            raise unsupported(self.file, node, f"the method {key} without a first parameter")
        skipped = (
            positional[:1] if kind in ("method", "property", "class", "abstract", "setter") else []
        )
        params: list[tuple[str, Type]] = []
        if kind in ("method", "property", "abstract", "setter"):
            params.append((positional[0].arg, self.class_type(owner, node)))
        exported = self.exported.get(node.name) if kind == "function" else None
        if exported is not None:  # inside the program, callers pass lists: re-iterable
            check_iterator_params(self.file, node, {p.name: p.type for p in exported.params})
        if exported is not None:
            for p in exported.params:
                t = self.annotations.of_export(p.type)
                if t is None or t is NONE:
                    why = self.annotations.why_outside(p.type)
                    raise unsupported(
                        self.file, node, f"parameter {p.name!r} of type {spell(p.type)}{why}"
                    )
                params.append((p.name, t))
            result = self.annotations.of_export(exported.result)
            if result is None:
                why = self.annotations.why_outside(exported.result)
                what = f"the result type {spell(exported.result)}{why}"
                raise unsupported(self.file, node, what)
        else:
            for a in [*positional[len(skipped) :], *args.kwonlyargs]:
                params.append((a.arg, self._annotation(a.annotation, node)))
            if any(t is NONE for _, t in params):
                raise unsupported(self.file, node, "a parameter of type None")
            initializer = key.endswith(".__init__") and node.returns is None  # may be left out
            result = NONE if initializer else self._annotation(node.returns, node)
        values = []
        for name, default in defaults.items():
            value = constant_value(default, self.constants)
            if value is None:
                what = f"the default {ast.unparse(default)} of parameter {name!r} of {key}"
                raise unsupported(self.file, default, f"{what} (defaults are constants here)")
            values.append((name, value))
        count = len(positional) - (1 if kind == "class" else 0)
        return Signature(tuple(params), result, node.lineno, count, tuple(values))

    def _annotation(self, node: ast.expr | None, fn: ast.FunctionDef) -> Type:
        if node is None:
            message = f"{fn.name}: every parameter and the result need a type annotation"
            raise SubsetError(self.file, fn.lineno, message)
        return self.annotation_type(node, fn.name)

    def lower_function(self, name: str) -> tuple[ir.Function, set[tuple[str, str]]]:
        """The IR of one function, and the (module, function) pairs it calls."""
        if name in self.specialisations:
            return self.specialisations[name]
        if name not in self.defs:
            raise SubsetError(self.file, 0, f"exported function {name!r} is not defined")
        function, lowerer = self.lowered(name)
        return function, lowerer.callees

    def lowered(self, name: str) -> tuple[ir.Function, FunctionLowerer]:
        found: dict[str, Type] = {}
        while True:  # again each time an empty list's first append tells its type
            lowerer = FunctionLowerer(self, self.defs[name], name, found)
            try:
                return lowerer.lower(), lowerer
            except EmptyListTyped as typed:
                found[typed.name] = typed.type

    def imported_function(self, func: ast.expr) -> tuple[ModuleLowerer, str] | None:
        """The module and name of a function of another module of the program that ``func``
        (``f`` after ``from pkg.other import f``, or ``other.f``) refers to."""
        symbol = self.annotations.resolver.symbols.resolve(self.source, func)
        if isinstance(symbol, FunctionSymbol) and symbol.module.name != self.module:
            return self.program.lowerer(symbol.module.name), symbol.node.name
        return None

    def imported_constant(self, node: ast.Name | ast.Attribute) -> ConstantValue | None:
        """The value of a constant of another module that ``node`` (``LIMIT`` after ``from
        pkg.other import LIMIT``, or ``other.LIMIT``) refers to."""
        symbol = self.annotations.resolver.symbols.resolve(self.source, node)
        if isinstance(symbol, AliasSymbol) and symbol.module.name != self.module:
            return self.program.lowerer(symbol.module.name).constants.get(symbol.name)
        return None


class Program:
    """The modules of a component reached from its exports, lowered function by function
    (a worklist across modules: only what the exports reach is lowered)."""

    def __init__(
        self, annotations: Annotations, exported: Mapping[str, Sequence[model.Function]]
    ) -> None:
        self.annotations, self.exported = annotations, exported
        self.lowerers: dict[str, ModuleLowerer] = {}

    def lowerer(self, module: str) -> ModuleLowerer:
        if module not in self.lowerers:
            source = self.annotations.sources.get(module)
            assert source is not None, module  # the symbol table found it there
            exported = self.exported.get(module, ())
            self.lowerers[module] = ModuleLowerer(source, self.annotations, self, exported)
        return self.lowerers[module]

    def lower(self, roots: Sequence[tuple[str, str]]) -> list[ir.Module]:
        """Every function reached from ``roots`` ((module, function) pairs), by module."""
        functions: dict[str, dict[str, ir.Function]] = {}
        pending = list(roots)
        while pending:
            module, name = pending.pop(0)
            done = functions.setdefault(module, {})
            if name not in done:
                done[name], callees = self.lowerer(module).lower_function(name)
                pending += sorted(callees)
        return [
            ir.Module(module, self.lowerer(module).file, tuple(lowered.values()))
            for module, lowered in functions.items()
        ]

    @property
    def library_calls(self) -> set[str]:
        """The math library's functions the lowered code calls."""
        return {c for lowerer in self.lowerers.values() for c in lowerer.library_calls}


def _item_types(value: ConstantValue) -> list[Type]:
    """The types of a tuple constant's items (a tuple of tuples is outside the subset)."""
    if not isinstance(value, tuple):
        return []
    return [constant_expr(v).type for v in value]
