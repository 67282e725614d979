"""Module level: functions, dataclasses, constants, imports; signatures; the worklist of
functions reachable from the exports."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from pywasm_runtime import model

from hatch_pywasm.frontend.sources import ModuleSource

from .. import ir
from ..errors import SubsetError
from ..types import NONE, StructType, Type, is_field_type
from .annotations import Annotations
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
from .statements import FunctionLowerer

#: Modules whose names a module of the subset may import to annotate and decorate with (a use
#: of one in code is reported where it is).
ANNOTATION_MODULES = frozenset(
    {"__future__", "typing", "typing_extensions", "collections.abc", "dataclasses", "abc"}
)


class ModuleLowerer:
    def __init__(
        self,
        source: ModuleSource,
        annotations: Annotations,
        exported: Sequence[model.Function],
        roots: Sequence[str],
    ) -> None:
        self.source, self.annotations = source, annotations
        self.file, self.module = source.file, source.name
        self.defs: dict[str, ast.FunctionDef] = {}
        self.intrinsics = self.module == LIBRARY_MODULE
        #: module-level constants (``NAME = <constant expression>``), by name
        self.constants: dict[str, ConstantValue] = {}
        self.math_names: set[str] = set()  # local names bound to the math module
        self.math_functions: dict[str, str] = {}  # ``from math import sqrt``: sqrt -> sqrt
        for node in source.tree.body:
            self._module_statement(node)
        self.exported = {f.name: f for f in exported}
        self.roots = [*self.exported, *roots]
        self.signatures: dict[str, Signature] = {}
        self.library_calls: set[str] = set()

    def _module_statement(self, node: ast.stmt) -> None:
        match node:
            case ast.FunctionDef():
                if node.decorator_list:
                    raise unsupported(self.file, node, "a decorated function")
                self.defs[node.name] = node
            case ast.Import(names=names):
                for alias in names:
                    self._import(node, alias.name, alias.asname or alias.name.split(".")[0], None)
            case ast.ImportFrom(module=imported, names=names, level=0) if imported:
                for alias in names:
                    self._import(node, imported, alias.asname or alias.name, alias.name)
            case ast.ClassDef() if self.annotations.is_dataclass_statement(node, self.source):
                self._check_dataclass(node)
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
            case _:
                raise unsupported(self.file, node, f"a module-level {type(node).__name__}")

    def _import(self, node: ast.stmt, module: str, bound: str, name: str | None) -> None:
        """``import module [as bound]`` (``name`` None) or ``from module import name [as
        bound]``: the math module and its functions and constants; the modules whose names
        only annotate and decorate (typing, dataclasses, ...)."""
        if module == "math" and name is None:
            self.math_names.add(bound)
        elif module == "math" and name in MATH_CONSTANTS:
            self.constants[bound] = MATH_CONSTANTS[name]
        elif module == "math" and name in MATH_FUNCTIONS:
            self.math_functions[bound] = name
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
                case ast.Expr(value=ast.Constant(value=str())):
                    pass
                case _:
                    raise unsupported(self.file, item, "a dataclass body beyond annotated fields")

    def annotation_type(self, node: ast.expr, function: str = "") -> Type:
        """The subset type an annotation in this module names (a SubsetError when none)."""
        return self.annotations.type_of(node, self.source, function)

    def dataclass_named(self, name: ast.Name) -> StructType | None:
        return self.annotations.dataclass_named(name, self.source)

    def signature(self, name: str) -> Signature:
        if name not in self.signatures:
            self.signatures[name] = self._read_signature(self.defs[name])
        return self.signatures[name]

    def _read_signature(self, node: ast.FunctionDef) -> Signature:
        args = node.args
        if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs or args.defaults:
            raise unsupported(self.file, node, "*args, **kwargs, keyword-only or default args")
        if node.name in self.exported:
            fn = self.exported[node.name]
            params = []
            for p in fn.params:
                t = self.annotations.of_model(p.type)
                if t is None or t is NONE:
                    raise unsupported(
                        self.file, node, f"parameter {p.name!r} of type {spell(p.type)}"
                    )
                params.append((p.name, t))
            result = self.annotations.of_model(fn.result)
            if result is None:
                raise unsupported(self.file, node, f"the result type {spell(fn.result)}")
            return Signature(tuple(params), result, node.lineno)
        params = [(a.arg, self._annotation(a.annotation, node)) for a in args.args]
        if any(t is NONE for _, t in params):
            raise unsupported(self.file, node, "a parameter of type None")
        return Signature(tuple(params), self._annotation(node.returns, node), node.lineno)

    def _annotation(self, node: ast.expr | None, fn: ast.FunctionDef) -> Type:
        if node is None:
            message = f"{fn.name}: every parameter and the result need a type annotation"
            raise SubsetError(self.file, fn.lineno, message)
        return self.annotation_type(node, fn.name)

    def lower(self) -> tuple[ir.Module, set[str]]:
        for name in self.roots:
            if name not in self.defs:
                raise SubsetError(self.file, 0, f"exported function {name!r} is not defined")
        lowered: dict[str, ir.Function] = {}
        pending = list(self.roots)
        while pending:
            name = pending.pop(0)
            if name in lowered:
                continue
            lowerer = FunctionLowerer(self, self.defs[name])
            lowered[name] = lowerer.lower()
            pending += sorted(lowerer.callees)
        module = ir.Module(self.module, self.file, tuple(lowered.values()))
        return module, self.library_calls


def _item_types(value: ConstantValue) -> list[Type]:
    """The types of a tuple constant's items (a tuple of tuples is outside the subset)."""
    if not isinstance(value, tuple):
        return []
    return [constant_expr(v).type for v in value]
