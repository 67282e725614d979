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
    Signature,
    literal,
    spell,
    unsupported,
)
from .statements import FunctionLowerer


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
        self.constants: dict[str, ir.Const] = {}  # module-level NAME = literal
        self.math_names: set[str] = set()  # local names bound to the math module
        for node in source.tree.body:
            self._module_statement(node)
        self.exported = {f.name: f for f in exported}
        self.roots = [*self.exported, *roots]
        self.signatures: dict[str, Signature] = {}
        self.library_calls: set[str] = set()
        self.intrinsics = self.module == LIBRARY_MODULE

    def _module_statement(self, node: ast.stmt) -> None:
        match node:
            case ast.FunctionDef():
                if node.decorator_list:
                    raise unsupported(self.file, node, "a decorated function")
                self.defs[node.name] = node
            case ast.Import(names=names) if all(a.name == "math" for a in names):
                self.math_names.update(a.asname or a.name for a in names)
            case ast.Import(names=[ast.alias(name="struct")]) if self.module == LIBRARY_MODULE:
                pass  # the library's intrinsics use struct when CPython runs it
            case ast.ClassDef(decorator_list=[ast.Name(id="dataclass")], bases=[], keywords=[]):
                self._check_dataclass(node)
            case ast.ImportFrom(module="dataclasses", names=[ast.alias(name="dataclass")]):
                pass
            case ast.ImportFrom(module="__future__"):
                pass
            case ast.Expr(value=ast.Constant(value=str())):
                pass  # the module docstring
            case (
                ast.Assign(targets=[ast.Name(id=name)], value=value)
                | ast.AnnAssign(target=ast.Name(id=name), value=value)
            ) if value is not None and (constant := literal(value)) is not None:
                if name in self.constants:
                    raise SubsetError(self.file, node.lineno, f"the constant {name} is rebound")
                self.constants[name] = constant
            case _:
                raise unsupported(self.file, node, f"a module-level {type(node).__name__}")

    def _check_dataclass(self, node: ast.ClassDef) -> None:
        """A dataclass of annotated fields only (no defaults, methods or other statements), each
        of a type a dataclass may hold."""
        for item in node.body:
            match item:
                case ast.AnnAssign(target=ast.Name(), annotation=ann, value=None):
                    try:
                        t: Type | None = self.annotations.type_of(ann, self.source, node.name)
                    except SubsetError:
                        t = None
                    if not is_field_type(t):
                        spelled = ast.unparse(ann)
                        raise unsupported(self.file, item, f"a dataclass field of type {spelled}")
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
