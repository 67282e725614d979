"""Module level: functions, dataclasses, constants, imports; signatures; the worklist of
functions reachable from the exports."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from pywasm_runtime import model

from .. import ir
from ..errors import SubsetError
from ..types import (
    NONE,
    StructType,
    Type,
    from_annotation,
    from_model,
    is_field_type,
    is_list_element,
    list_of,
    struct_of,
    tuple_of,
)
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
        tree: ast.Module,
        file: str,
        module: str,
        exported: Sequence[model.Function],
        roots: Sequence[str],
    ) -> None:
        self.file, self.module = file, module
        self.defs: dict[str, ast.FunctionDef] = {}
        self.constants: dict[str, ir.Const] = {}  # module-level NAME = literal
        self.classes: dict[str, StructType] = {}  # the module's @dataclass classes
        self.math_names: set[str] = set()  # local names bound to the math module
        for node in tree.body:
            self._module_statement(node)
        self.exported = {f.name: f for f in exported}
        self.roots = [*self.exported, *roots]
        self.signatures: dict[str, Signature] = {}
        self.library_calls: set[str] = set()
        self.intrinsics = module == LIBRARY_MODULE

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
                self.classes[node.name] = self._dataclass(node)
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

    def _dataclass(self, node: ast.ClassDef) -> StructType:
        """A dataclass of annotated fields only (no defaults, methods or other statements)."""
        fields: list[tuple[str, Type]] = []
        for item in node.body:
            match item:
                case ast.AnnAssign(target=ast.Name(id=name), annotation=ann, value=None):
                    t = self.annotation_type(ann)
                    if t is None or not is_field_type(t):
                        spelled = ast.unparse(ann)
                        raise unsupported(self.file, item, f"a dataclass field of type {spelled}")
                    fields.append((name, t))
                case ast.Expr(value=ast.Constant(value=str())):
                    pass
                case _:
                    raise unsupported(self.file, item, "a dataclass body beyond annotated fields")
        return struct_of(node.name, tuple(fields))

    def annotation_type(self, node: ast.expr) -> Type | None:
        """The subset type an annotation names: a scalar, list[...], tuple[...], a dataclass."""
        spelled = ast.unparse(node)
        if spelled in self.classes:
            return self.classes[spelled]
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "tuple":
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            elements = [self.annotation_type(p) for p in parts]
            if all(is_field_type(e) for e in elements):
                return tuple_of(tuple(e for e in elements if e is not None))
            return None
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "list":
            element = self.annotation_type(node.slice)
            return list_of(element) if element is not None and is_list_element(element) else None
        return from_annotation(spelled)

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
                t = from_model(p.type, self.classes)
                if t is None or t is NONE:
                    raise unsupported(
                        self.file, node, f"parameter {p.name!r} of type {spell(p.type)}"
                    )
                params.append((p.name, t))
            result = from_model(fn.result, self.classes)
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
        found = self.annotation_type(node)
        if found is None:
            raise unsupported(self.file, node, f"the annotation {ast.unparse(node)!r}")
        return found

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
