"""AST -> typed IR: type inference of locals, implicit conversions made explicit.

One :class:`FunctionLowerer` per function walks its body once, in source order: the first
assignment of a local fixes its type, and any later assignment of another type is a
:class:`SubsetError`. Everything outside the subset is reported at the first construct, with
``file:line``. Only functions reachable from the exports are lowered, so a helper outside the
subset that no export calls does not matter.

Parameter and result types of exported functions come from the interface model; a private helper
(not exported, so not in the model) states them with plain annotations (int, float, bool, None).
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from pywasm_runtime import model

from . import ir
from .errors import SubsetError
from .types import (
    BOOL,
    FIELD_TYPES,
    FLOAT,
    INT,
    LIST_ELEMENTS,
    NONE,
    STR,
    ListType,
    Scalar,
    StructType,
    Type,
    from_annotation,
    from_model,
    is_numeric,
    list_of,
    struct_of,
    tuple_of,
)

INT_MIN, INT_MAX = -(2**63), 2**63 - 1

#: Builtin exceptions a ``raise`` may name; they reach the host as ``builtins.<name>``.
RAISABLE = frozenset(
    {
        "ArithmeticError", "AssertionError", "Exception", "IndexError", "KeyError",
        "LookupError", "MemoryError", "NotImplementedError", "OverflowError", "RuntimeError",
        "TypeError", "ValueError", "ZeroDivisionError",
    }
)  # fmt: skip

_ARITH = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.FloorDiv: "floordiv",
    ast.Mod: "mod", ast.Pow: "pow",
}  # fmt: skip
_BITWISE = {
    ast.BitAnd: "and", ast.BitOr: "or", ast.BitXor: "xor", ast.LShift: "lshift",
    ast.RShift: "rshift",
}  # fmt: skip
_COMPARE = {
    ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt", ast.GtE: "ge", ast.Eq: "eq", ast.NotEq: "ne",
}  # fmt: skip

#: math functions that are one exact wasm instruction on float (CPython gives the same bits).
_MATH_FLOAT_EXACT = {"sqrt": "float.sqrt", "fabs": "float.abs"}
#: math functions float -> int (round to an integer, then a checked conversion).
_MATH_FLOAT_TO_INT = {"floor": "float.floor", "ceil": "float.ceil", "trunc": "float.trunc"}
_MATH_PREDICATES = {"isnan": "float.isnan", "isinf": "float.isinf", "isfinite": "float.isfinite"}
_MATH_CONSTANTS = {
    "pi": 3.141592653589793, "e": 2.718281828459045, "tau": 6.283185307179586,
    "inf": float("inf"), "nan": float("nan"),
}  # fmt: skip


@dataclass(frozen=True)
class Signature:
    params: tuple[tuple[str, Type], ...]
    result: Type
    line: int


#: The math library, written in the subset itself (runtime/mathlib.py), compiled on demand.
LIBRARY_MODULE = "pywasm.math"
#: Functions of the library that only the compiler provides (CPython runs the Python version).
INTRINSICS = {
    "_float_bits": ("float.bits", FLOAT, INT),
    "_bits_float": ("int.bits_float", INT, FLOAT),
}


@dataclass(frozen=True)
class Lowered:
    module: ir.Module
    library_calls: frozenset[str]  # math functions called, to lower from the library


def lower_module(
    source: str,
    file: str,
    module: str,
    exported: Sequence[model.Function],
    roots: Sequence[str] = (),
) -> Lowered:
    """Lower the exported functions of one module (and ``roots``, read from annotations), and
    every function they reach."""
    tree = ast.parse(source, filename=file)
    return _ModuleLowerer(tree, file, module, exported, roots).lower()


def _unsupported(file: str, node: ast.AST, what: str) -> SubsetError:
    return SubsetError(file, getattr(node, "lineno", 0), f"{what} is outside the compiled subset")


class _ModuleLowerer:
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
                    raise _unsupported(self.file, node, "a decorated function")
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
            ) if value is not None and (constant := _literal(value)) is not None:
                if name in self.constants:
                    raise SubsetError(self.file, node.lineno, f"the constant {name} is rebound")
                self.constants[name] = constant
            case _:
                raise _unsupported(self.file, node, f"a module-level {type(node).__name__}")

    def _dataclass(self, node: ast.ClassDef) -> StructType:
        """A dataclass of annotated fields only (no defaults, methods or other statements)."""
        fields: list[tuple[str, Scalar]] = []
        for item in node.body:
            match item:
                case ast.AnnAssign(target=ast.Name(id=name), annotation=ann, value=None):
                    t = self.annotation_type(ann)
                    if not isinstance(t, Scalar) or t not in FIELD_TYPES:
                        raise _unsupported(self.file, item, f"a dataclass field of type {t}")
                    fields.append((name, t))
                case ast.Expr(value=ast.Constant(value=str())):
                    pass
                case _:
                    raise _unsupported(self.file, item, "a dataclass body beyond annotated fields")
        return struct_of(node.name, tuple(fields))

    def annotation_type(self, node: ast.expr) -> Type | None:
        """The subset type an annotation names: a scalar, list[...], tuple[...], a dataclass."""
        spelled = ast.unparse(node)
        if spelled in self.classes:
            return self.classes[spelled]
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "tuple":
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            elements = [self.annotation_type(p) for p in parts]
            if all(isinstance(e, Scalar) and e in FIELD_TYPES for e in elements):
                return tuple_of(tuple(e for e in elements if isinstance(e, Scalar)))
            return None
        return from_annotation(spelled)

    def signature(self, name: str) -> Signature:
        if name not in self.signatures:
            self.signatures[name] = self._read_signature(self.defs[name])
        return self.signatures[name]

    def _read_signature(self, node: ast.FunctionDef) -> Signature:
        args = node.args
        if args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs or args.defaults:
            raise _unsupported(self.file, node, "*args, **kwargs, keyword-only or default args")
        if node.name in self.exported:
            fn = self.exported[node.name]
            params = []
            for p in fn.params:
                t = from_model(p.type, self.classes)
                if t is None or t is NONE:
                    raise _unsupported(
                        self.file, node, f"parameter {p.name!r} of type {_spell(p.type)}"
                    )
                params.append((p.name, t))
            result = from_model(fn.result, self.classes)
            if result is None:
                raise _unsupported(self.file, node, f"the result type {_spell(fn.result)}")
            return Signature(tuple(params), result, node.lineno)
        params = [(a.arg, self._annotation(a.annotation, node)) for a in args.args]
        if any(t is NONE for _, t in params):
            raise _unsupported(self.file, node, "a parameter of type None")
        return Signature(tuple(params), self._annotation(node.returns, node), node.lineno)

    def _annotation(self, node: ast.expr | None, fn: ast.FunctionDef) -> Type:
        if node is None:
            message = f"{fn.name}: every parameter and the result need a type annotation"
            raise SubsetError(self.file, fn.lineno, message)
        found = self.annotation_type(node)
        if found is None:
            raise _unsupported(self.file, node, f"the annotation {ast.unparse(node)!r}")
        return found

    def lower(self) -> ir.Module:
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
        return Lowered(module, frozenset(self.library_calls))


# Definitely-assigned variables on the current path; None: the path cannot get here.
_Assigned = frozenset[str] | None


def _join(a: _Assigned, b: _Assigned) -> _Assigned:
    if a is None:
        return b
    if b is None:
        return a
    return a & b


class FunctionLowerer:
    def __init__(self, owner: _ModuleLowerer, node: ast.FunctionDef) -> None:
        self.owner, self.node, self.file = owner, node, owner.file
        self.sig = owner.signature(node.name)
        self.vars: dict[str, Type] = dict(self.sig.params)
        self.callees: set[str] = set()
        self.loop_depth = 0
        self.temps = 0
        self.local_names = _assigned_names(node)

    def error(self, node: ast.AST, message: str) -> SubsetError:
        return SubsetError(self.file, getattr(node, "lineno", self.node.lineno), message)

    def lower(self) -> ir.Function:
        body, end = self.block(self.node.body, frozenset(n for n, _ in self.sig.params))
        if end is not None and self.sig.result is not NONE:
            raise self.error(
                self.node.body[-1],
                f"{self.node.name} can reach its end without returning {self.sig.result}",
            )
        params = {n for n, _ in self.sig.params}
        local_vars = tuple((n, t) for n, t in self.vars.items() if n not in params)
        return ir.Function(
            self.node.name, self.sig.params, self.sig.result, local_vars, body, self.node.lineno
        )

    # -- statements ---------------------------------------------------------------------------

    def block(
        self, stmts: Iterable[ast.stmt], assigned: _Assigned
    ) -> tuple[tuple[ir.Stmt, ...], _Assigned]:
        out: list[ir.Stmt] = []
        for s in stmts:
            lowered, assigned = self.statement(s, assigned)
            out += lowered
        return tuple(out), assigned

    def statement(self, s: ast.stmt, assigned: _Assigned) -> tuple[list[ir.Stmt], _Assigned]:
        if assigned is None:
            assigned = frozenset()  # unreachable code: still checked, as Python would compile it
        self.assigned = assigned
        line = s.lineno
        match s:
            case ast.Assign(targets=[ast.Name(id=name)], value=value):
                expr = self.expr(value)
                return [self.assign(name, expr, s, declared=None)], assigned | {name}
            case ast.Assign(targets=[ast.Tuple(elts=targets)], value=ast.Tuple(elts=values)) if len(
                targets
            ) == len(values) and all(isinstance(t, ast.Name) for t in targets):
                return self.parallel_assign(targets, values, s), assigned | {
                    t.id for t in targets if isinstance(t, ast.Name)
                }
            case ast.AnnAssign(target=ast.Name(id=name), annotation=ann, value=value) if value:
                declared = self.owner.annotation_type(ann)
                if declared is None or declared is NONE:
                    raise _unsupported(self.file, ann, f"the annotation {ast.unparse(ann)!r}")
                if (
                    isinstance(value, ast.List)
                    and not value.elts
                    and isinstance(declared, ListType)
                ):
                    expr: ir.Expr = ir.NewList((), declared)
                else:
                    expr = self.expr(value)
                return [self.assign(name, expr, s, declared=declared)], assigned | {name}
            case ast.Assign(targets=[ast.Attribute(value=obj, attr=attr)], value=value):
                stored = self.expr(value)
                target = self.expr(obj)
                index, field_type = self.field(target, attr, s)
                stored = self.coerce(stored, field_type, s, f"the value of field {attr!r}")
                return [ir.SetField(target, index, stored, line)], assigned
            case ast.Assign(targets=[ast.Tuple(elts=names)], value=value) if all(
                isinstance(n, ast.Name) for n in names
            ) and not isinstance(value, ast.Tuple):
                packed = self.expr(value)
                if not isinstance(packed.type, StructType) or len(packed.type.fields) != len(names):
                    raise self.error(s, f"cannot unpack a {packed.type} into {len(names)} names")
                held = self.temp(packed.type)
                stmts: list[ir.Stmt] = [ir.Assign(held, packed, line)]
                for k, (target_name, (_, t)) in enumerate(
                    zip(names, packed.type.fields, strict=True)
                ):
                    assert isinstance(target_name, ast.Name)
                    got = ir.GetField(ir.Name(held, packed.type), k, t)
                    stmts.append(self.assign(target_name.id, got, s, declared=None))
                return stmts, assigned | {n.id for n in names if isinstance(n, ast.Name)}
            case ast.Assign(targets=[ast.Subscript(value=items, slice=index)], value=value):
                stored = self.expr(value)
                target = self.list_expr(items)
                position = self.coerce(self.expr(index), INT, s, "a list index")
                stored = self.coerce(stored, target.type.element, s, "the stored value")
                return [ir.SetItem(target, position, stored, line)], assigned
            case ast.AugAssign(target=ast.Attribute(value=obj, attr=attr), op=op, value=value):
                target = self.expr(obj)
                index, field_type = self.field(target, attr, s)
                held = self.temp(target.type)  # the object evaluated once
                current = ir.GetField(ir.Name(held, target.type), index, field_type)
                updated = self.binary(op, current, self.expr(value), s)
                updated = self.coerce(updated, field_type, s, f"the value of field {attr!r}")
                return [
                    ir.Assign(held, target, line),
                    ir.SetField(ir.Name(held, target.type), index, updated, line),
                ], assigned
            case ast.AugAssign(target=ast.Subscript(value=items, slice=index), op=op, value=value):
                # items and index evaluated once, as in Python
                target = self.list_expr(items)
                position = self.coerce(self.expr(index), INT, s, "a list index")
                held, at = self.temp(target.type), self.temp(INT)
                current = ir.Op("list.get", (ir.Name(held, target.type), ir.Name(at, INT)),
                                target.type.element)  # fmt: skip
                updated = self.binary(op, current, self.expr(value), s)
                updated = self.coerce(updated, target.type.element, s, "the stored value")
                return [
                    ir.Assign(held, target, line),
                    ir.Assign(at, position, line),
                    ir.SetItem(ir.Name(held, target.type), ir.Name(at, INT), updated, line),
                ], assigned
            case ast.AugAssign(target=ast.Name(id=name) as target, op=op, value=value):
                current = self.name(target)
                expr = self.binary(op, current, self.expr(value), s)
                return [self.assign(name, expr, s, declared=None)], assigned
            case ast.Expr(value=ast.Constant(value=str())):
                return [], assigned  # a docstring
            case ast.Expr(value=value):
                return [ir.Eval(self.expr(value), line)], assigned
            case ast.Pass():
                return [], assigned
            case ast.If(test=test, body=body, orelse=orelse):
                cond = self.truth(self.expr(test), test)
                b, a1 = self.block(body, assigned)
                o, a2 = self.block(orelse, assigned)
                return [ir.If(cond, b, o, line)], _join(a1, a2)
            case ast.While(test=test, body=body, orelse=[]):
                cond = self.truth(self.expr(test), test)
                b = self.loop_body(body, assigned)
                forever = isinstance(test, ast.Constant) and test.value is True
                return [ir.While(cond, b, line)], (
                    None if forever and not _breaks(body) else assigned
                )
            case ast.For(target=ast.Name(id=var), iter=ast.Call(func=ast.Name(id="range")) as it,
                         body=body, orelse=[]):  # fmt: skip
                return [self.for_range(var, it, body, s, assigned)], assigned
            case ast.For(target=ast.Name(id=var), iter=iterable, body=body, orelse=[]):
                items = self.list_expr(iterable)
                if self.vars.setdefault(var, items.type.element) is not items.type.element:
                    raise self.error(s, f"{var!r} would change type from {self.vars[var]} to "
                                     f"{items.type.element}")  # fmt: skip
                lowered = self.loop_body(body, (assigned or frozenset()) | {var})
                return [ir.ForList(var, items, lowered, line)], assigned
            case ast.Break() | ast.Continue():
                if not self.loop_depth:
                    raise self.error(s, f"'{type(s).__name__.lower()}' outside a loop")
                return [ir.Break(line) if isinstance(s, ast.Break) else ir.Continue(line)], None
            case ast.Return(value=value):
                return [self.return_(value, s)], None
            case ast.Raise(exc=exc, cause=None) if exc is not None:
                return [self.raise_(exc)], None
            case ast.Assert(test=test, msg=msg):
                message = self.constant_message(msg, s) if msg is not None else ""
                failed = ir.Op("bool.not", (self.truth(self.expr(test), test),), BOOL)
                return [
                    ir.If(failed, (self.raise_stmt("AssertionError", message, line),), (), line)
                ], assigned
        raise _unsupported(self.file, s, f"a {type(s).__name__} statement of this form")

    def assign(self, name: str, expr: ir.Expr, node: ast.stmt, declared: Type | None) -> ir.Stmt:
        known = self.vars.get(name)
        if declared is not None:
            if known is not None and known is not declared:
                raise self.error(node, f"{name!r} is {known} here, declared {declared}")
            expr = self.coerce(expr, declared, node, f"the value assigned to {name!r}")
        elif known is not None and expr.type is not known:
            change = f"{name!r} would change type from {known} to {expr.type}"
            raise self.error(node, f"{change} (a variable keeps one type)")
        self.vars.setdefault(name, expr.type)
        return ir.Assign(name, expr, node.lineno)

    def parallel_assign(
        self, targets: list[ast.expr], values: list[ast.expr], s: ast.stmt
    ) -> list[ir.Stmt]:
        """``a, b = x, y``: every value is computed before any target is assigned."""
        staged: list[ir.Stmt] = []
        finals: list[ir.Stmt] = []
        for target, value in zip(targets, values, strict=True):
            expr = self.expr(value)
            temp = self.temp(expr.type)
            staged.append(ir.Assign(temp, expr, s.lineno))
            assert isinstance(target, ast.Name)
            finals.append(self.assign(target.id, ir.Name(temp, expr.type), s, declared=None))
        return staged + finals

    def temp(self, t: Type) -> str:
        """A fresh local the source cannot name."""
        name = f"%t{self.temps}"
        self.temps += 1
        self.vars[name] = t
        return name

    def loop_body(self, body: list[ast.stmt], assigned: _Assigned) -> tuple[ir.Stmt, ...]:
        self.loop_depth += 1
        lowered, _ = self.block(body, assigned)
        self.loop_depth -= 1
        return lowered

    def for_range(
        self, var: str, iterable: ast.expr, body: list[ast.stmt], s: ast.For, assigned: _Assigned
    ) -> ir.Stmt:
        match iterable:
            case ast.Call(func=ast.Name(id="range"), args=args, keywords=[]) if 1 <= len(args) <= 3:
                bounds = [self.coerce(self.expr(a), INT, a, "a range() argument") for a in args]
            case _:
                raise _unsupported(self.file, iterable, "iterating over anything but range()")
        start, stop, step = (
            (ir.Const(0, INT), bounds[0], ir.Const(1, INT)) if len(bounds) == 1
            else (*bounds, ir.Const(1, INT)) if len(bounds) == 2
            else bounds
        )  # fmt: skip
        if self.vars.setdefault(var, INT) is not INT:
            raise self.error(s, f"{var!r} would change type from {self.vars[var]} to int")
        lowered = self.loop_body(body, (assigned or frozenset()) | {var})
        return ir.ForRange(var, start, stop, step, lowered, s.lineno)

    def return_(self, value: ast.expr | None, s: ast.Return) -> ir.Stmt:
        result = self.sig.result
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            if result is not NONE:
                raise self.error(s, f"{self.node.name} must return {result}, not None")
            return ir.Return(None, s.lineno)
        if result is NONE:
            raise self.error(s, f"{self.node.name} returns None; it cannot return a value")
        return ir.Return(self.coerce(self.expr(value), result, s, "the returned value"), s.lineno)

    def raise_(self, exc: ast.expr) -> ir.Stmt:
        match exc:
            case ast.Name(id=name) if name in RAISABLE:
                return self.raise_stmt(name, "", exc.lineno)
            case ast.Call(func=ast.Name(id=name), args=[], keywords=[]) if name in RAISABLE:
                return self.raise_stmt(name, "", exc.lineno)
            case ast.Call(func=ast.Name(id=name), args=[arg], keywords=[]) if name in RAISABLE:
                return self.raise_stmt(name, self.constant_message(arg, exc), exc.lineno)
        raise _unsupported(self.file, exc, "raising anything but a builtin exception")

    def raise_stmt(self, name: str, argument: str, line: int) -> ir.Raise:
        # str() of the real exception: KeyError quotes its argument, the others do not.
        message = str(getattr(builtins, name)(argument)) if argument else ""
        return ir.Raise(f"builtins.{name}", message, line)

    def constant_message(self, node: ast.expr, stmt: ast.AST) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        raise _unsupported(self.file, node, "an exception message that is not a string literal")

    # -- expressions --------------------------------------------------------------------------

    def expr(self, e: ast.expr) -> ir.Expr:
        match e:
            case ast.Constant(value=bool() as v):
                return ir.Const(v, BOOL)
            case ast.Constant(value=int() as v):
                if not INT_MIN <= v <= INT_MAX:
                    raise self.error(e, f"the integer {v} does not fit in 64 bits")
                return ir.Const(v, INT)
            case ast.Constant(value=float() as v):
                return ir.Const(v, FLOAT)
            case ast.Constant(value=str() as v):
                return ir.Const(v, STR)
            case ast.Name():
                return self.name(e)
            case ast.BinOp(left=ast.List(elts=[item]), op=ast.Mult(), right=count):
                single = self.list_display([self.expr(item)], e)
                assert isinstance(single, ir.NewList)
                times = self.coerce(self.expr(count), INT, e, "a list repeat count")
                return ir.Op("list.repeat", (single.items[0], times), single.type)
            case ast.BinOp(left=left, op=op, right=right):
                return self.binary(op, self.expr(left), self.expr(right), e)
            case ast.UnaryOp(op=op, operand=operand):
                return self.unary(op, self.expr(operand), e)
            case ast.BoolOp(op=op, values=values):
                return self.logical("and" if isinstance(op, ast.And) else "or", values, e)
            case ast.Compare(left=left, ops=ops, comparators=rest):
                return self.compare(left, ops, rest, e)
            case ast.IfExp(test=test, body=body, orelse=orelse):
                t = self.truth(self.expr(test), test)
                a, b = self.unify(self.expr(body), self.expr(orelse), e)
                return ir.Cond(t, a, b, a.type)
            case ast.Call(func=ast.Name(id=name), args=args) if (
                name in self.owner.classes and name not in self.vars
            ):
                return self.construct(self.owner.classes[name], [self.expr(a) for a in args], e)
            case ast.Call(func=func, args=args, keywords=[]):
                if any(isinstance(a, ast.Starred) for a in args):
                    raise _unsupported(self.file, e, "a *argument")
                return self.call(func, [self.expr(a) for a in args], e)
            case ast.Attribute(value=ast.Name(id=mod), attr=attr) if mod in self.owner.math_names:
                if attr in _MATH_CONSTANTS:
                    return ir.Const(_MATH_CONSTANTS[attr], FLOAT)
            case ast.Subscript(value=value, slice=index):
                return self.subscript(self.expr(value), index, e)
            case ast.Tuple(elts=elements):
                items = tuple(self.expr(x) for x in elements)
                for item in items:
                    if item.type not in FIELD_TYPES:
                        raise _unsupported(self.file, e, f"a tuple holding a {item.type}")
                types = tuple(i.type for i in items if isinstance(i.type, Scalar))
                return ir.NewStruct(items, tuple_of(types))
            case ast.Attribute(value=obj, attr=attr) if not (
                isinstance(obj, ast.Name) and obj.id in self.owner.math_names
            ):
                target = self.expr(obj)
                index, field_type = self.field(target, attr, e)
                return ir.GetField(target, index, field_type)
            case ast.List(elts=[]):
                raise self.error(e, "an empty list needs a declared type: xs: list[int] = []")
            case ast.List(elts=elements):
                return self.list_display([self.expr(x) for x in elements], e)
            case ast.JoinedStr(values=parts):
                return self.f_string(parts, e)
        raise _unsupported(self.file, e, f"the expression {ast.unparse(e)!r}")

    def list_expr(self, node: ast.expr) -> ir.Expr:
        """An expression that must be a list (its type is then a ListType)."""
        items = self.expr(node)
        if not isinstance(items.type, ListType):
            raise _unsupported(self.file, node, f"iterating or indexing a {items.type}")
        return items

    def list_display(self, items: list[ir.Expr], node: ast.AST) -> ir.Expr:
        element = items[0].type
        for item in items[1:]:
            element, _ = (x.type for x in self.unify(ir.Const(0, element), item, node))
        if element not in LIST_ELEMENTS:
            raise _unsupported(self.file, node, f"a list of {element}")
        assert not isinstance(element, ListType)
        coerced = tuple(self.coerce(i, element, node, "a list item") for i in items)
        return ir.NewList(coerced, list_of(element))

    def field(self, target: ir.Expr, attr: str, node: ast.AST) -> tuple[int, Type]:
        """The index and type of a dataclass field."""
        t = target.type
        if isinstance(t, StructType) and t.name:
            for index, (name, field_type) in enumerate(t.fields):
                if name == attr:
                    return index, field_type
            raise self.error(node, f"{t.name} has no field {attr!r}")
        raise _unsupported(self.file, node, f"the attribute {attr!r} of a {t}")

    def construct(self, cls: StructType, args: list[ir.Expr], node: ast.Call) -> ir.Expr:
        """``Point(x, y=...)``: arguments by position, then by keyword, every field given."""
        given: dict[str, ir.Expr] = {}
        for (name, _), arg in zip(cls.fields, args, strict=False):
            given[name] = arg
        if len(args) > len(cls.fields):
            raise self.error(node, f"{cls.name}() takes {len(cls.fields)} arguments")
        for keyword in node.keywords:
            if keyword.arg is None or keyword.arg in given:
                raise self.error(node, f"{cls.name}(): bad or repeated keyword {keyword.arg!r}")
            given[keyword.arg] = self.expr(keyword.value)
        missing = [n for n, _ in cls.fields if n not in given]
        if missing or set(given) - {n for n, _ in cls.fields}:
            raise self.error(
                node, f"{cls.name}() needs exactly the fields {[n for n, _ in cls.fields]}"
            )
        items = tuple(self.coerce(given[n], t, node, f"field {n!r}") for n, t in cls.fields)
        return ir.NewStruct(items, cls)

    def subscript(self, value: ir.Expr, index: ast.expr, node: ast.AST) -> ir.Expr:
        if isinstance(value.type, StructType) and not value.type.name:
            size = len(value.type.fields)
            match index:
                case ast.Constant(value=int() as k) if -size <= k < size:
                    return ir.GetField(value, k % size, value.type.fields[k % size][1])
                case ast.UnaryOp(op=ast.USub(), operand=ast.Constant(value=int() as k)) if (
                    0 < k <= size
                ):
                    return ir.GetField(value, size - k, value.type.fields[size - k][1])
            raise _unsupported(self.file, node, "a tuple index that is not a constant in range")
        if isinstance(value.type, ListType) and not isinstance(index, ast.Slice):
            position = self.coerce(self.expr(index), INT, node, "a list index")
            return ir.Op("list.get", (value, position), value.type.element)
        if value.type is not STR:
            raise _unsupported(self.file, node, f"indexing a {value.type}")
        match index:
            case ast.Slice(lower=lower, upper=upper, step=None):
                start = self.expr(lower) if lower else ir.Const(0, INT)
                stop = self.expr(upper) if upper else ir.Const(INT_MAX, INT)  # clamped to len
                bounds = (self.coerce(b, INT, node, "a slice bound") for b in (start, stop))
                return ir.Op("str.slice", (value, *bounds), STR)
            case ast.Slice():
                raise _unsupported(self.file, node, "a slice with a step")
        position = self.coerce(self.expr(index), INT, node, "a string index")
        return ir.Op("str.index", (value, position), STR)

    def f_string(self, parts: list[ast.expr], node: ast.AST) -> ir.Expr:
        pieces: list[ir.Expr] = []
        for part in parts:
            match part:
                case ast.Constant(value=str() as text):
                    pieces.append(ir.Const(text, STR))
                case ast.FormattedValue(value=value, conversion=-1, format_spec=None):
                    pieces.append(self.to_str(self.expr(value), part))
                case _:
                    raise _unsupported(
                        self.file, part, "a conversion or format spec in an f-string"
                    )
        result = pieces[0] if pieces else ir.Const("", STR)
        for piece in pieces[1:]:
            result = ir.Op("str.add", (result, piece), STR)
        return result

    def to_str(self, expr: ir.Expr, node: ast.AST) -> ir.Expr:
        """str() of an int, bool or str (a float's repr is not compiled yet)."""
        if expr.type is STR:
            return expr
        if expr.type is INT:
            return ir.Op("int.to_str", (expr,), STR)
        if expr.type is BOOL:
            return ir.Cond(expr, ir.Const("True", STR), ir.Const("False", STR), STR)
        raise _unsupported(self.file, node, f"str() of a {expr.type}")

    def name(self, e: ast.Name) -> ir.Expr:
        t = self.vars.get(e.id)
        if t is None and e.id not in self.local_names and e.id in self.owner.constants:
            return self.owner.constants[e.id]
        if t is None:
            if e.id in self.local_names:
                raise self.error(e, f"{e.id!r} is used before it is assigned")
            raise _unsupported(self.file, e, f"the global name {e.id!r}")
        if e.id not in self.assigned:
            raise self.error(e, f"{e.id!r} may be used before it is assigned on some path")
        return ir.Name(e.id, t)

    def coerce(self, expr: ir.Expr, to: Type, node: ast.AST, what: str) -> ir.Expr:
        """Implicit widening, as Python's numeric tower allows: bool -> int -> float."""
        if expr.type is to:
            return expr
        if to is FLOAT and expr.type in (INT, BOOL):
            return ir.Op(f"{expr.type}.to_float", (expr,), FLOAT)
        if to is INT and expr.type is BOOL:
            return ir.Op("bool.to_int", (expr,), INT)
        raise self.error(node, f"{what} is {expr.type}, expected {to}")

    def unify(self, a: ir.Expr, b: ir.Expr, node: ast.AST) -> tuple[ir.Expr, ir.Expr]:
        """Bring two operands to one type (bool < int < float); None and other pairs fail."""
        if a.type is b.type:
            return a, b
        if not (is_numeric(a.type) and is_numeric(b.type)):
            raise self.error(node, f"operands of types {a.type} and {b.type} do not mix")
        to = FLOAT if FLOAT in (a.type, b.type) else INT
        return self.coerce(a, to, node, "an operand"), self.coerce(b, to, node, "an operand")

    def truth(self, expr: ir.Expr, node: ast.AST) -> ir.Expr:
        if expr.type is BOOL:
            return expr
        if expr.type in (INT, FLOAT, STR):
            return ir.Op(f"{expr.type}.truth", (expr,), BOOL)
        if isinstance(expr.type, ListType):
            return ir.Op("list.truth", (expr,), BOOL)
        raise self.error(node, f"a {expr.type} value has no truth value here")

    def binary(self, op: ast.operator, left: ir.Expr, right: ir.Expr, node: ast.AST) -> ir.Expr:
        if type(op) in _BITWISE:
            name = _BITWISE[type(op)]
            if left.type is BOOL and right.type is BOOL and name in ("and", "or", "xor"):
                return ir.Op(f"bool.{name}", (left, right), BOOL)
            a = self.coerce(left, INT, node, "a bitwise operand")
            b = self.coerce(right, INT, node, "a bitwise operand")
            return ir.Op(f"int.{name}", (a, b), INT)
        if type(op) not in _ARITH:
            raise _unsupported(self.file, node, f"the operator {type(op).__name__}")
        name = _ARITH[type(op)]
        if STR in (left.type, right.type):
            if name == "add" and left.type is STR and right.type is STR:
                return ir.Op("str.add", (left, right), STR)
            raise _unsupported(self.file, node, f"the operator {type(op).__name__} on str")
        a, b = self.unify(left, right, node)
        if a.type is BOOL:
            a, b = self.coerce(a, INT, node, ""), self.coerce(b, INT, node, "")
        if name == "div" and a.type is INT:
            return ir.Op("int.truediv", (a, b), FLOAT)
        if name == "pow" and a.type is FLOAT:
            self.owner.library_calls.add("_power")
            return ir.Call("_power", (a, b), FLOAT, LIBRARY_MODULE)
        return ir.Op(f"{a.type}.{name}", (a, b), a.type)

    def unary(self, op: ast.unaryop, operand: ir.Expr, node: ast.AST) -> ir.Expr:
        if isinstance(op, ast.Not):
            return ir.Op("bool.not", (self.truth(operand, node),), BOOL)
        if operand.type is BOOL:
            operand = self.coerce(operand, INT, node, "")
        if not is_numeric(operand.type):
            raise self.error(node, f"unary operator on a {operand.type} value")
        match op:
            case ast.UAdd():
                return operand
            case ast.USub():
                return ir.Op(f"{operand.type}.neg", (operand,), operand.type)
            case ast.Invert() if operand.type is INT:
                return ir.Op("int.invert", (operand,), INT)
        raise _unsupported(self.file, node, f"the operator {type(op).__name__} on float")

    def logical(self, op: str, values: list[ast.expr], node: ast.AST) -> ir.Expr:
        operands = [self.expr(v) for v in values]
        if len({o.type for o in operands}) != 1:
            kinds = " and ".join(sorted({str(o.type) for o in operands}))
            raise self.error(node, f"the operands of '{op}' have different types ({kinds})")
        result = operands[-1]
        for left in reversed(operands[:-1]):
            result = ir.Logical(op, left, result, left.type)
        return result

    def compare(
        self, left: ast.expr, ops: list[ast.cmpop], rest: list[ast.expr], node: ast.AST
    ) -> ir.Expr:
        """``a < b < c`` is ``a < (t := b) and t < c``: each middle operand evaluated once."""
        tests: list[ir.Expr] = []
        a = self.expr(left)
        for i, (op, right) in enumerate(zip(ops, rest, strict=True)):
            b = self.expr(right)
            if i < len(ops) - 1:
                temp = self.temp(b.type)
                b, next_left = ir.Tee(temp, b, b.type), ir.Name(temp, b.type)
            if isinstance(op, ast.In | ast.NotIn) and a.type is STR and b.type is STR:
                found = ir.Op("str.contains", (b, a), BOOL)
                in_ = isinstance(op, ast.In)
                tests.append(found if in_ else ir.Op("bool.not", (found,), BOOL))
            elif type(op) in _COMPARE:
                tests.append(self.compare_pair(_COMPARE[type(op)], a, b, node))
            else:
                raise _unsupported(self.file, node, f"the comparison {type(op).__name__} here")
            if i < len(ops) - 1:
                a = next_left
        result = tests[-1]
        for t in reversed(tests[:-1]):
            result = ir.Logical("and", t, result, BOOL)
        return result

    def compare_pair(self, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
        if a.type is STR and b.type is STR:
            return ir.Op(f"str.{op}", (a, b), BOOL)
        if not (is_numeric(a.type) and is_numeric(b.type)):
            raise self.error(node, f"cannot compare {a.type} with {b.type}")
        # An int compared with a float is compared exactly, as CPython does (not via float()).
        if {a.type, b.type} == {INT, FLOAT} or {a.type, b.type} == {BOOL, FLOAT}:
            if a.type is FLOAT:
                a, b, op = b, a, _MIRROR[op]
            return ir.Op(f"int_float.{op}", (self.coerce(a, INT, node, ""), b), BOOL)
        a, b = self.unify(a, b, node)
        if a.type is BOOL:
            a, b = self.coerce(a, INT, node, ""), self.coerce(b, INT, node, "")
        return ir.Op(f"{a.type}.{op}", (a, b), BOOL)

    # -- calls --------------------------------------------------------------------------------

    def call(self, func: ast.expr, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
        match func:
            case ast.Name(id=name) if self.owner.intrinsics and name in INTRINSICS:
                op, argument, result = INTRINSICS[name]
                self.numeric_args(name, args, node, 1)
                return ir.Op(op, (self.coerce(args[0], argument, node, "the argument"),), result)
            case ast.Name(id=name) if name in self.owner.defs and name not in self.vars:
                return self.call_function(name, args, node)
            case ast.Attribute(value=items, attr="append") if len(args) == 1:
                target = self.list_expr(items)
                assert isinstance(target.type, ListType)
                value = self.coerce(args[0], target.type.element, node, "the appended value")
                return ir.Op("list.append", (target, value), NONE)
            case ast.Name(id=name) if name in _BUILTINS:
                return _BUILTINS[name](self, args, node)
            case ast.Attribute(value=ast.Name(id=mod), attr=attr) if mod in self.owner.math_names:
                return self.call_math(attr, args, node)
        raise _unsupported(self.file, node, f"calling {ast.unparse(func)}")

    def call_function(self, name: str, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
        sig = self.owner.signature(name)
        if len(args) != len(sig.params):
            raise self.error(node, f"{name}() takes {len(sig.params)} arguments, {len(args)} given")
        coerced = tuple(
            self.coerce(a, t, node, f"argument {p!r} of {name}()")
            for a, (p, t) in zip(args, sig.params, strict=True)
        )
        self.callees.add(name)
        return ir.Call(name, coerced, sig.result)

    def numeric_args(self, name: str, args: list[ir.Expr], node: ast.AST, count: int) -> None:
        if len(args) != count:
            raise self.error(node, f"{name}() takes {count} argument(s) here, {len(args)} given")
        for a in args:
            if not is_numeric(a.type):
                raise self.error(node, f"{name}() of a {a.type} value")

    def call_math(self, attr: str, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
        if attr in _MATH_FLOAT_EXACT:
            self.numeric_args(f"math.{attr}", args, node, 1)
            x = self.coerce(args[0], FLOAT, node, "the argument")
            return ir.Op(_MATH_FLOAT_EXACT[attr], (x,), FLOAT)
        if attr in _MATH_FLOAT_TO_INT:
            self.numeric_args(f"math.{attr}", args, node, 1)
            if args[0].type is not FLOAT:
                return self.coerce(args[0], INT, node, "")
            return ir.Op(f"{_MATH_FLOAT_TO_INT[attr]}_int", (args[0],), INT)
        if attr in _MATH_PREDICATES:
            self.numeric_args(f"math.{attr}", args, node, 1)
            x = self.coerce(args[0], FLOAT, node, "the argument")
            return ir.Op(_MATH_PREDICATES[attr], (x,), BOOL)
        if attr == "copysign":
            self.numeric_args("math.copysign", args, node, 2)
            a, b = (self.coerce(a, FLOAT, node, "an argument") for a in args)
            return ir.Op("float.copysign", (a, b), FLOAT)
        if attr in LIBRARY_FUNCTIONS:
            self.numeric_args(f"math.{attr}", args, node, LIBRARY_FUNCTIONS[attr])
            floats = tuple(self.coerce(a, FLOAT, node, "an argument") for a in args)
            self.owner.library_calls.add(attr)
            return ir.Call(attr, floats, FLOAT, LIBRARY_MODULE)
        raise _unsupported(self.file, node, f"math.{attr}")


def _builtin_abs(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    lw.numeric_args("abs", args, node, 1)
    x = args[0] if args[0].type is not BOOL else lw.coerce(args[0], INT, node, "")
    return ir.Op(f"{x.type}.abs", (x,), x.type)


def _builtin_int(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    lw.numeric_args("int", args, node, 1)
    if args[0].type is FLOAT:
        return ir.Op("float.trunc_int", (args[0],), INT)
    return lw.coerce(args[0], INT, node, "")


def _builtin_float(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    lw.numeric_args("float", args, node, 1)
    return lw.coerce(args[0], FLOAT, node, "")


def _builtin_bool(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    lw.numeric_args("bool", args, node, 1)
    return lw.truth(args[0], node)


def _builtin_round(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    if len(args) == 2:
        raise _unsupported(lw.file, node, "round() with ndigits")
    lw.numeric_args("round", args, node, 1)
    if args[0].type is FLOAT:
        return ir.Op("float.round_int", (args[0],), INT)  # half to even, as CPython
    return lw.coerce(args[0], INT, node, "")


def _min_max(op: str) -> object:
    def build(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
        if len(args) < 2:
            raise _unsupported(lw.file, node, f"{op}() of fewer than two arguments")
        for a in args:
            if not is_numeric(a.type):
                raise lw.error(node, f"{op}() of a {a.type} value")
        to = FLOAT if any(a.type is FLOAT for a in args) else INT
        # CPython keeps the first of equal candidates and skips NaN comparisons: a left fold.
        result = lw.coerce(args[0], to, node, "")
        for a in args[1:]:
            result = ir.Op(f"{to}.{op}", (result, lw.coerce(a, to, node, "")), to)
        return result

    return build


def _builtin_len(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    if len(args) == 1 and isinstance(args[0].type, ListType):
        return ir.Op("list.len", (args[0],), INT)
    if len(args) != 1 or args[0].type is not STR:
        raise _unsupported(lw.file, node, "len() of anything but a str or list")
    return ir.Op("str.len", (args[0],), INT)


def _builtin_str(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    if len(args) != 1:
        raise _unsupported(lw.file, node, "str() without exactly one argument")
    return lw.to_str(args[0], node)


_BUILTINS = {
    "str": _builtin_str,
    "len": _builtin_len,
    "abs": _builtin_abs,
    "int": _builtin_int,
    "float": _builtin_float,
    "bool": _builtin_bool,
    "round": _builtin_round,
    "min": _min_max("min"),
    "max": _min_max("max"),
}

_MIRROR = {"lt": "gt", "le": "ge", "gt": "lt", "ge": "le", "eq": "eq", "ne": "ne"}


def _literal(node: ast.expr) -> ir.Const | None:
    """A module-level constant the subset inlines: an int, float or bool literal, maybe negated."""
    negate = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
    value = node.operand if isinstance(node, ast.UnaryOp) and negate else node
    if not isinstance(value, ast.Constant) or isinstance(value.value, str | bytes | None):
        return None
    literal = -value.value if negate else value.value
    if isinstance(literal, bool):
        return ir.Const(literal, BOOL)
    if isinstance(literal, int) and INT_MIN <= literal <= INT_MAX:
        return ir.Const(literal, INT)
    if isinstance(literal, float):
        return ir.Const(literal, FLOAT)
    return None


def _library_functions() -> dict[str, int]:
    """The public functions of the math library, with their number of arguments."""
    tree = ast.parse((resources.files(__package__) / "runtime" / "mathlib.py").read_text())
    return {
        node.name: len(node.args.args)
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }


LIBRARY_FUNCTIONS = _library_functions()


def _spell(expr: model.TypeExpr | None) -> str:
    """A model type as the Python annotation it came from, for messages."""
    match expr:
        case model.Primitive(name=name):
            return model.PRIMITIVES[name]
        case model.ListOf(element=element):
            return f"list[{_spell(element)}]"
        case model.TupleOf(elements=elements):
            return f"tuple[{', '.join(_spell(e) for e in elements)}]"
        case model.OptionOf(inner=inner):
            return f"{_spell(inner)} | None"
        case model.DictOf(key=key, value=value):
            return f"dict[{_spell(key)}, {_spell(value)}]"
        case model.Named(name=name):
            return name
        case model.Bytes():
            return "bytes"
    return "None"


def _assigned_names(fn: ast.FunctionDef) -> set[str]:
    """Every name the function binds: Python makes each one local to the whole function."""
    names: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _breaks(body: list[ast.stmt]) -> bool:
    """Whether a ``break`` of this loop (not of a nested one) occurs in ``body``."""
    for s in body:
        if isinstance(s, ast.Break):
            return True
        if isinstance(s, ast.If | ast.With | ast.Try) and _breaks(
            [*getattr(s, "body", []), *getattr(s, "orelse", [])]
        ):
            return True
    return False
