"""Statements of one function: definite assignment, loops, returns, raises, assignments
(a variable keeps the type of its first assignment)."""

from __future__ import annotations

import ast
import builtins
import copy
import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import ir
from ..errors import SubsetError
from ..types import (
    BOOL,
    BYTES,
    INT,
    NONE,
    STR,
    CaughtType,
    DictType,
    ListType,
    OptionType,
    SetType,
    StructType,
    Type,
)
from . import bytestrings, closures, dicts, dispatch, exceptions, sequences, sets, undefined
from .common import (
    RAISABLE,
    unsupported,
)
from .expressions import UNTYPED_LIST, ExpressionLowering, stable

if TYPE_CHECKING:
    from .module import ModuleLowerer

# Definitely-assigned variables on the current path; None: the path cannot get here.
_Assigned = frozenset[str] | None


def _join(a: _Assigned, b: _Assigned) -> _Assigned:
    if a is None:
        return b
    if b is None:
        return a
    return a & b


class FunctionLowerer(ExpressionLowering):
    def __init__(
        self,
        owner: ModuleLowerer,
        node: ast.FunctionDef,
        name: str,
        empty_lists: dict[str, Type] | None = None,
    ) -> None:
        """``name``: the function's key in its module (a method's is ``Class.method``);
        ``empty_lists``: the types that appends showed of variables assigned ``[]``."""
        self.owner, self.node, self.file, self.key = owner, node, owner.file, name
        self.empty_lists = empty_lists or {}
        #: variables assigned ``[]`` whose type the first append will tell
        self.untyped_lists: dict[str, ast.stmt] = {}
        self.sig = owner.signature(name)
        #: names that stand for a class: a classmethod's first parameter (``cls(...)``)
        self.class_names: dict[str, StructType] = {}
        if owner.methods.get(name, ("", ""))[1] == "class":
            cls = owner.class_type(owner.methods[name][0], node)
            self.class_names[node.args.args[0].arg] = cls
        self.vars: dict[str, Type] = dict(self.sig.params)
        self.callees: set[tuple[str, str]] = set()  # (module, function)
        self.loop_depth = 0
        #: (loop depth, definitely assigned names) at each ``break``: a loop's ``else`` needs them
        self.break_points: list[tuple[int, frozenset[str]]] = []
        self.temps = 0
        self.renamed: dict[str, str] = {}
        self.local_names = _assigned_names(node)
        self.narrowed: dict[str, Type] = {}
        self.local_functions: dict[str, closures.LocalFunction] = {}
        self.inlining: set[str] = set()
        self.remaining: list[ast.stmt] = []  # the statements after the one being lowered
        self.name_error: ir.Raise | None = None  # the last read of an undefined name
        self.reraising: list[ir.Name] = []  # the records of the re-raising handlers around
        self.returned_types: list[Type] = []  # what each return gives, before widening

    def error(self, node: ast.AST, message: str) -> SubsetError:
        return SubsetError(self.file, getattr(node, "lineno", self.node.lineno), message)

    def lower(self) -> ir.Function:
        body, end = self.block(self.node.body, frozenset(n for n, _ in self.sig.params))
        for name, s in self.untyped_lists.items():
            raise self.error(s, f"an empty list needs a declared type: {name}: list[int] = [] "
                             "(or an append to it that tells)")  # fmt: skip
        if end is not None and self.sig.result is not NONE:
            raise self.error(
                self.node.body[-1],
                f"{self.node.name} can reach its end without returning {self.sig.result}",
            )
        params = {n for n, _ in self.sig.params}
        local_vars = tuple((n, t) for n, t in self.vars.items() if n not in params)
        return ir.Function(
            self.key, self.sig.params, self.sig.result, local_vars, body, self.node.lineno
        )

    # -- statements ---------------------------------------------------------------------------

    def block(
        self, stmts: Iterable[ast.stmt], assigned: _Assigned
    ) -> tuple[tuple[ir.Stmt, ...], _Assigned]:
        out: list[ir.Stmt] = []
        statements = list(stmts)
        saved, outer = dict(self.narrowed), self.remaining
        for k, s in enumerate(statements):
            self.remaining = statements[k + 1 :]
            for name in _assigned_names_of(s):
                self.narrowed.pop(name, None)  # None may be assigned: not proven any more
            lowered, assigned = self.statement(s, assigned)
            out += lowered
            if lowered and lowered[-1] is self.name_error:
                break  # the rest never runs: it may use what the failed statement would bind
        self.narrowed, self.remaining = saved, outer
        return tuple(out), assigned

    def statement(self, s: ast.stmt, assigned: _Assigned) -> tuple[list[ir.Stmt], _Assigned]:
        if assigned is None:
            assigned = frozenset()  # unreachable code: still checked, as Python would compile it
        self.assigned = assigned
        line = s.lineno
        missing = undefined.first_read(self, s)
        if missing is not None:  # CPython's NameError, raised where the name is read
            message = f"name '{missing.id}' is not defined"
            self.name_error = self.raise_stmt("NameError", message, missing.lineno)
            return [self.name_error], None
        match s:
            case ast.For(orelse=[_, *_]) | ast.While(orelse=[_, *_]):
                return self.loop_else(s, assigned)
            case ast.Assign(targets=[ast.Name(id=name)], value=ast.Lambda() as fn):
                closures.define(self, name, fn)
                return [], assigned | {name}
            case ast.FunctionDef(name=name):
                closures.define(self, name, s)
                return [], assigned | {name}
            case ast.Assign(targets=[ast.Name(id=name)], value=ast.List(elts=[])) if (
                name not in self.vars
            ):
                if name in self.empty_lists:
                    expr = ir.NewList((), self.empty_lists[name])
                    return [self.assign(name, expr, s, declared=None)], assigned | {name}
                self.untyped_lists[name] = s  # (a placeholder type until an append tells)
                return [self.assign(name, ir.NewList((), UNTYPED_LIST), s, None)], assigned | {name}
            case ast.Assign(targets=[_, _, *_] as targets, value=value) if all(
                isinstance(t, ast.Name) for t in targets
            ):  # a = b = value: the value once, assigned to each target from the left
                expr = self.expr(value)
                held = self.temp(expr.type)
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                assigns = [self.assign(n, ir.Name(held, expr.type), s, None) for n in names]
                return [ir.Assign(held, expr, line), *assigns], assigned | set(names)
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
                declared = self.owner.annotation_type(ann, self.node.name)
                if declared is NONE:
                    raise unsupported(self.file, ann, f"the annotation {ast.unparse(ann)!r}")
                if isinstance(value, ast.Dict) and isinstance(declared, DictType):
                    expr: ir.Expr = dicts.display(self, value, declared)
                elif (
                    isinstance(value, ast.List)
                    and not value.elts
                    and isinstance(declared, ListType)
                ):
                    expr = ir.NewList((), declared)
                else:
                    expr = self.expr_expecting(value, declared)
                return [self.assign(name, expr, s, declared=declared)], assigned | {name}
            case (
                ast.Assign(targets=[ast.Attribute(value=obj, attr=attr)], value=value)
                | ast.AnnAssign(target=ast.Attribute(value=obj, attr=attr), value=value)
            ) if value is not None:  # (the annotation made the attribute's type: classes.py)
                # (the IR evaluates the value first, as Python does; lowered second, it can
                # take its type from the field: an empty list)
                setter = dispatch.property_store(self, obj, attr, value, None, s)
                if setter is not None:
                    return setter, assigned
                target = self.expr(obj)
                index, field_type = self.field(target, attr, s, assigned=True)
                stored = self.expr_expecting(value, field_type)
                stored = self.coerce(stored, field_type, s, f"the value of field {attr!r}")
                return [ir.SetField(target, index, stored, line)], assigned
            case ast.Assign(targets=[ast.Tuple(elts=names)], value=value) if sum(
                isinstance(n, ast.Starred) for n in names
            ) == 1 and all(isinstance(getattr(n, "value", n), ast.Name) for n in names):
                return self.starred_unpack(names, value, s), assigned | {
                    getattr(n, "value", n).id for n in names
                }
            case ast.Assign(targets=[ast.Tuple(elts=names)], value=value) if all(
                isinstance(n, ast.Name) for n in names
            ) and not isinstance(value, ast.Tuple):
                packed = self.expr(value)
                if not sequences.is_tuple_like(self, packed.type):  # a dataclass: TypeError
                    raise self.error(s, f"cannot unpack a {packed.type} (not a tuple)")
                assert isinstance(packed.type, StructType)
                if len(packed.type.fields) != len(names):
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
            case ast.Assign(targets=[ast.Subscript() as target], value=value) if (
                stmts := dicts.assign(self, target, value, s)
            ) is not None:
                return stmts, assigned
            case ast.Assign(targets=[ast.Subscript(value=items, slice=index)], value=value):
                stored = self.expr(value)
                target = self.mutable_list(items, "item assignment")
                position = self.coerce(self.expr(index), INT, s, "a list index")
                stored = self.coerce(stored, target.type.element, s, "the stored value")
                return [ir.SetItem(target, position, stored, line)], assigned
            case ast.AugAssign(target=ast.Attribute(value=obj, attr=attr), op=op, value=value):
                setter = dispatch.property_store(self, obj, attr, value, op, s)
                if setter is not None:
                    return setter, assigned
                target = self.expr(obj)
                index, field_type = self.field(target, attr, s, assigned=True)
                held = self.temp(target.type)  # the object evaluated once
                current = ir.GetField(ir.Name(held, target.type), index, field_type)
                updated = self.binary(op, current, self.expr(value), s)
                updated = self.coerce(updated, field_type, s, f"the value of field {attr!r}")
                return [
                    ir.Assign(held, target, line),
                    ir.SetField(ir.Name(held, target.type), index, updated, line),
                ], assigned
            case ast.AugAssign(target=ast.Subscript() as target, op=op, value=value) if (
                stmts := dicts.aug_assign(self, target, op, value, s)
            ) is not None:
                return stmts, assigned
            case ast.AugAssign(target=ast.Subscript(value=items, slice=index), op=op, value=value):
                # items and index evaluated once, as in Python
                target = self.mutable_list(items, "item assignment")
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
            case ast.AugAssign(target=ast.Name() as target, op=ast.Add(), value=value) if (
                isinstance(self.vars.get(target.id), ListType)
                and not self.vars[target.id].frozen  # t += u of a tuple binds a new one
            ):
                # xs += ys extends xs in place (the same list: xs is not rebound to a new one)
                items = self.name(target)
                assert isinstance(items.type, ListType)
                added = sequences.iterated(self, value)
                added = self.coerce(added, items.type, s, "the items added to a list")
                return [ir.Eval(ir.Op("list.extend", (items, added), NONE), line)], assigned
            case ast.AugAssign(target=ast.Name() as target, op=op, value=value) if (
                isinstance(known := self.vars.get(target.id), SetType) and not known.frozen
            ):  # s |= t changes s in place (f |= t binds a new frozenset)
                return [sets.in_place(self, op, self.name(target), self.expr(value), s)], assigned
            case ast.AugAssign(target=ast.Name() as target, op=op, value=value) if isinstance(
                self.vars.get(target.id), DictType
            ):  # d |= e updates d in place
                d = self.name(target)
                assert isinstance(d, ir.Name)
                return dicts.in_place(self, op, d, self.expr(value), s), assigned
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
                true, false = self.narrowing(test)
                saved = dict(self.narrowed)
                self.narrowed.update(stable(true, body))
                b, a1 = self.block(body, assigned)
                self.narrowed = {**saved, **stable(false, orelse)}
                o, a2 = self.block(orelse, assigned)
                self.narrowed = saved
                # ``if x is None: return ...``: the rest of the block knows x is not None
                rest = self.remaining
                if a1 is None and a2 is not None:
                    self.narrowed.update(stable(false, rest))
                elif a2 is None and a1 is not None:
                    self.narrowed.update(stable(true, rest))
                elif not orelse and b and _sets_a_value(b[-1], false):
                    # ``if x is None: x = default``: x is not None after it either way
                    self.narrowed.update(stable(false, rest))
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
            case ast.For(target=ast.Name(id=var), iter=ast.Call(
                func=ast.Name(id="reversed"), args=[sequence], keywords=[]), body=body, orelse=[]
            ) if "reversed" not in self.owner.defs and "reversed" not in self.vars:  # fmt: skip
                return self.for_reversed([var], sequence, None, body, s, assigned), assigned
            case ast.For(target=ast.Tuple(elts=[ast.Name(), ast.Name()] as targets), iter=ast.Call(
                func=ast.Name(id="enumerate"), args=[ast.Call(func=ast.Name(id="reversed"),
                args=[sequence], keywords=[]), *start], keywords=[]), body=body, orelse=[],
            ) if len(start) <= 1 and not {"enumerate", "reversed"} & (
                set(self.owner.defs) | set(self.vars)
            ):  # fmt: skip
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                first = start[0] if start else None
                return self.for_reversed(names, sequence, first, body, s, assigned), assigned
            case ast.For(target=ast.Tuple(elts=targets), iter=ast.Call(
                func=ast.Name(id="enumerate" | "zip" as helper), args=args, keywords=[]),
                body=body, orelse=[],
            ) if helper not in self.owner.defs and helper not in self.vars:  # fmt: skip
                return self.for_enumerate_zip(helper, targets, args, body, s, assigned), assigned
            case ast.For(target=target, iter=iterable, body=body, orelse=[]) if (
                viewed := dicts.view_of(self, iterable)
            ) is not None:
                return self.for_dict(target, *viewed, body, s, assigned), assigned
            case ast.For(target=ast.Tuple() as unpacked, iter=iterable, body=body, orelse=[]):
                # ``for a, b in pairs``: each item into a hidden name, then ``a, b = item``
                hidden = self.temp_name()
                item = ast.copy_location(ast.Name(hidden, ast.Load()), unpacked)
                unpack = ast.copy_location(ast.Assign([unpacked], item), unpacked)
                target = ast.copy_location(ast.Name(hidden, ast.Store()), unpacked)
                loop = ast.copy_location(ast.For(target, iterable, [unpack, *body], []), s)
                return self.statement(ast.fix_missing_locations(loop), assigned)
            case ast.For(target=ast.Name(id=var), iter=iterable, body=body, orelse=[]):
                items = self.expr(iterable)
                if sequences.is_tuple(items.type):
                    return self.for_tuple(var, items, body, s, assigned), assigned
                if items.type is STR:
                    return self.for_str(var, items, body, s, assigned), assigned
                if items.type is BYTES:  # nor can bytes: its ints as a list
                    items = bytestrings.items(items)
                if isinstance(items.type, SetType):
                    return self.for_set(var, items, body, s, assigned), assigned
                if not isinstance(items.type, ListType):
                    raise sequences.not_a_list(self, items, iterable)
                if self.vars.setdefault(var, items.type.element) != items.type.element:
                    raise self.error(s, f"{var!r} would change type from {self.vars[var]} to "
                                     f"{items.type.element}")  # fmt: skip
                lowered = self.loop_body(body, (assigned or frozenset()) | {var})
                return [ir.ForList(var, items, lowered, line)], assigned
            case ast.Break() | ast.Continue():
                if not self.loop_depth:
                    raise self.error(s, f"'{type(s).__name__.lower()}' outside a loop")
                if isinstance(s, ast.Break):
                    self.break_points.append((self.loop_depth, assigned))
                return [ir.Break(line) if isinstance(s, ast.Break) else ir.Continue(line)], None
            case ast.Return(value=value):
                return [self.return_(value, s)], None
            case ast.Raise(exc=None, cause=None) if self.reraising:  # what the handler caught
                return [ir.Raise("", self.reraising[-1], line)], None
            case ast.Raise(exc=None):
                raise unsupported(self.file, s, "a bare raise outside an except block")
            case ast.Raise(exc=exc, cause=None | ast.Constant(value=None)) if exc is not None:
                # (``from None`` changes only what a traceback shows of the context)
                return [self.raise_(exc)], None
            case ast.Raise(exc=exc, cause=ast.Name(id=cause)) if exc is not None and (
                isinstance(self.vars.get(self.renamed.get(cause, "")), CaughtType)
            ):  # ``from error`` of the handler's own error: like ``from None``, only what a
                # traceback shows of the chain changes (and naming the error has no effect)
                return [self.raise_(exc)], None
            case ast.Try(body=body, handlers=handlers, orelse=orelse, finalbody=[]) if handlers:
                return self.try_(s, body, handlers, orelse, assigned)
            case ast.Try():  # with a finally block
                return self.try_finally(s, assigned)
            case ast.Delete(targets=[ast.Subscript() as target]) if (
                stmts := dicts.delete(self, target, s)
            ) is not None:
                return stmts, assigned
            case ast.Assert(test=test, msg=msg):
                message = self.constant_message(msg, s) if msg is not None else ""
                failed = ir.Op("bool.not", (self.truth(self.expr(test), test),), BOOL)
                raised = self.raise_stmt("AssertionError", message, line, int(msg is not None))
                return [ir.If(failed, (raised,), (), line)], assigned
        raise unsupported(self.file, s, f"a {type(s).__name__} statement of this form")

    def assign(self, name: str, expr: ir.Expr, node: ast.stmt, declared: Type | None) -> ir.Stmt:
        known = self.vars.get(name)
        if declared is not None:
            if known is not None and known != declared:
                raise self.error(node, f"{name!r} is {known} here, declared {declared}")
            expr = self.coerce(expr, declared, node, f"the value assigned to {name!r}")
        elif known is None and expr.type is NONE:
            raise self.error(node, f"{name} = None needs a declared type ({name}: T | None = None)")
        elif known is not None and (
            isinstance(known, OptionType) or self.owner.annotations.is_subclass(expr.type, known)
        ):  # (an object of a subclass where its base class is declared)
            expr = self.coerce(expr, known, node, f"the value assigned to {name!r}")
        elif known is not None and expr.type != known:
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
        name = self.temp_name()
        self.vars[name] = t
        return name

    def temp_name(self) -> str:
        """A fresh name the source cannot write (its type is set where it is first bound)."""
        self.temps += 1
        return f"%t{self.temps - 1}"

    def loop_else(
        self, s: ast.For | ast.While, assigned: frozenset[str]
    ) -> tuple[list[ir.Stmt], _Assigned]:
        """``for ... else`` / ``while ... else``: the else block runs when the loop ends
        without a ``break``; a break of the loop sets a hidden flag the else block tests."""
        if not _breaks_of(s.body):  # the else block always follows the loop
            plain = copy.copy(s)
            plain.orelse = []
            lowered, after = self.statement(plain, assigned)
            rest, after = self.block(s.orelse, after)
            return [*lowered, *rest], after
        flag = self.temp(BOOL)
        start, depth = len(self.break_points), self.loop_depth + 1
        loop = copy.copy(s)
        loop.body, loop.orelse = _flag_breaks(s.body, flag), []
        lowered, after = self.statement(loop, assigned | {flag})
        breaks = [names for d, names in self.break_points[start:] if d == depth]
        del self.break_points[start:]
        rest, after = self.block(s.orelse, after)
        for names in breaks:  # after the statement: the else block ran, or a break left
            after = _join(after, names)
        not_broken = ir.Op("bool.not", (ir.Name(flag, BOOL),), BOOL)
        return [
            ir.Assign(flag, ir.Const(False, BOOL), s.lineno),
            *lowered,
            ir.If(not_broken, rest, (), s.lineno),
        ], after

    def loop_body(self, body: list[ast.stmt], assigned: _Assigned) -> tuple[ir.Stmt, ...]:
        """A loop's body; what it assigns is not known not None in it (a later trip sees it)."""
        self.loop_depth += 1
        saved = dict(self.narrowed)
        for name in {n for s in body for n in _assigned_names_of(s)}:
            self.narrowed.pop(name, None)
        self.narrowed = stable(self.narrowed, body)
        lowered, _ = self.block(body, assigned)
        self.narrowed = saved
        self.loop_depth -= 1
        return lowered

    def for_range(
        self, var: str, iterable: ast.expr, body: list[ast.stmt], s: ast.For, assigned: _Assigned
    ) -> ir.Stmt:
        match iterable:
            case ast.Call(func=ast.Name(id="range"), args=args, keywords=[]) if 1 <= len(args) <= 3:
                bounds = [self.coerce(self.expr(a), INT, a, "a range() argument") for a in args]
            case _:
                raise unsupported(self.file, iterable, "iterating over anything but range()")
        start, stop, step = (
            (ir.Const(0, INT), bounds[0], ir.Const(1, INT)) if len(bounds) == 1
            else (*bounds, ir.Const(1, INT)) if len(bounds) == 2
            else bounds
        )  # fmt: skip
        if self.vars.setdefault(var, INT) is not INT:
            raise self.error(s, f"{var!r} would change type from {self.vars[var]} to int")
        lowered = self.loop_body(body, (assigned or frozenset()) | {var})
        return ir.ForRange(var, start, stop, step, lowered, s.lineno)

    def for_enumerate_zip(
        self,
        helper: str,
        targets: list[ast.expr],
        args: list[ast.expr],
        body: list[ast.stmt],
        s: ast.For,
        assigned: _Assigned,
    ) -> list[ir.Stmt]:
        """``for i, x in enumerate(xs[, start])`` and ``for a, b in zip(xs, ys, ...)`` over
        lists: a while loop over a hidden index that re-reads every length each time, as the
        lists' iterators do (so it sees items appended meanwhile, and zip stops at the shortest)."""
        line = s.lineno
        targets, body = _unpacked_targets(self, targets, body)
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        enumerating = helper == "enumerate"
        counted = len(names) == len(targets) == (2 if enumerating else len(args))
        if not counted or not args or (enumerating and len(args) > 2):
            raise unsupported(self.file, s, f"this form of 'for ... in {helper}(...)'")
        lists = [sequences.iterated(self, a) for a in (args[:1] if enumerating else args)]
        start = (
            self.coerce(self.expr(args[1]), INT, s, "enumerate()'s start")
            if enumerating and len(args) == 2
            else ir.Const(0, INT)
        )
        held = [self.temp(items.type) for items in lists]
        index, first = self.temp(INT), self.temp(INT)
        setup: list[ir.Stmt] = [
            ir.Assign(h, items, line) for h, items in zip(held, lists, strict=True)
        ]
        setup += [ir.Assign(first, start, line), ir.Assign(index, ir.Const(0, INT), line)]
        at = ir.Name(index, INT)
        tests = [
            ir.Op("int.lt", (at, ir.Op("list.len", (ir.Name(h, items.type),), INT)), BOOL)
            for h, items in zip(held, lists, strict=True)
        ]
        test = tests[-1]
        for earlier in reversed(tests[:-1]):
            test = ir.Logical("and", earlier, test, BOOL)
        values: list[ir.Expr] = [
            ir.Op("list.get", (ir.Name(h, items.type), at), items.type.element)
            for h, items in zip(held, lists, strict=True)
        ]
        if enumerating:  # the count is start + index: beyond 64 bits only when it is itself
            values.insert(0, ir.Op("int.add", (ir.Name(first, INT), at), INT))
        # before the body, so that 'continue' keeps them
        step = [self.assign(n, v, s, declared=None) for n, v in zip(names, values, strict=True)]
        step.append(ir.Assign(index, ir.Op("int.add", (at, ir.Const(1, INT)), INT), line))
        lowered = self.loop_body(body, (assigned or frozenset()) | set(names))
        return [*setup, ir.While(test, (*step, *lowered), line)]

    def for_str(
        self, var: str, text: ir.Expr, body: list[ast.stmt], s: ast.For, assigned: _Assigned
    ) -> list[ir.Stmt]:
        """``for ch in s``: a str cannot change, so it is walked by byte offset, no list made:
        each code point's str (static below U+0100, support/str.wat), then the offset moved
        past it, before the body (so that 'continue' keeps it)."""
        line = s.lineno
        held, offset, char = self.temp(STR), self.temp(INT), self.temp(STR)
        at, walked = ir.Name(offset, INT), ir.Name(held, STR)
        setup = [ir.Assign(held, text, line), ir.Assign(offset, ir.Const(0, INT), line)]
        inside = ir.Op("int.lt", (at, ir.Op("str.byte_length", (walked,), INT)), BOOL)
        width = ir.Op("str.byte_length", (ir.Name(char, STR),), INT)
        step = [
            ir.Assign(char, ir.Op("str.char_at", (walked, at), STR), line),
            ir.Assign(offset, ir.Op("int.add_unchecked", (at, width), INT), line),
            self.assign(var, ir.Name(char, STR), s, declared=None),
        ]
        lowered = self.loop_body(body, (assigned or frozenset()) | {var})
        return [*setup, ir.While(inside, (*step, *lowered), line)]

    def for_reversed(
        self,
        names: list[str],
        sequence: ast.expr,
        start: ast.expr | None,
        body: list[ast.stmt],
        s: ast.For,
        assigned: _Assigned,
    ) -> list[ir.Stmt]:
        """``for x in reversed(xs)`` and ``for i, x in enumerate(reversed(xs)[, start])``. A
        list is walked as its reversed iterator does: from the last index at the start, while
        the index is still inside the list as it is then (items removed meanwhile end it). A
        str is walked so over the list of its code points (it cannot change)."""
        line = s.lineno
        items = self.expr(sequence)
        if items.type is STR:  # its code points, walked from the last as a list's
            items = ir.Op("str.chars", (items,), ListType(STR))
        if not isinstance(items.type, ListType):
            raise unsupported(self.file, sequence, f"reversed() of a {items.type}")
        held, index, count = self.temp(items.type), self.temp(INT), self.temp(INT)
        at, listed = ir.Name(index, INT), ir.Name(held, items.type)
        length = ir.Op("list.len", (listed,), INT)
        first = (
            ir.Const(0, INT) if start is None
            else self.coerce(self.expr(start), INT, start, "enumerate()'s start")
        )  # fmt: skip
        setup = [
            ir.Assign(held, items, line),
            ir.Assign(count, first, line),
            ir.Assign(index, ir.Op("int.sub", (length, ir.Const(1, INT)), INT), line),
        ]
        inside = ir.Logical("and", ir.Op("int.ge", (at, ir.Const(0, INT)), BOOL),
                            ir.Op("int.lt", (at, length), BOOL), BOOL)  # fmt: skip
        values: list[ir.Expr] = [ir.Op("list.get", (listed, at), items.type.element)]
        if len(names) == 2:
            values.insert(0, ir.Name(count, INT))
        # before the body, so that 'continue' keeps them
        step = [self.assign(n, v, s, declared=None) for n, v in zip(names, values, strict=True)]
        step.append(ir.Assign(index, ir.Op("int.sub", (at, ir.Const(1, INT)), INT), line))
        if len(names) == 2:
            counted = ir.Op("int.add", (ir.Name(count, INT), ir.Const(1, INT)), INT)
            step.append(ir.Assign(count, counted, line))
        lowered = self.loop_body(body, (assigned or frozenset()) | set(names))
        return [*setup, ir.While(inside, (*step, *lowered), line)]

    def for_dict(
        self,
        target: ast.expr,
        d: ir.Expr,
        view: str,
        body: list[ast.stmt],
        s: ast.For,
        assigned: _Assigned,
    ) -> list[ir.Stmt]:
        """``for k in d`` / ``d.keys()`` / ``d.values()`` / ``for k, v in d.items()``."""
        line = s.lineno
        setup, test, values, advance = dicts.for_loop(self, d, view, line)
        targets = target.elts if isinstance(target, ast.Tuple) else [target]
        if len(targets) != len(values) or not all(isinstance(t, ast.Name) for t in targets):
            raise unsupported(self.file, s, f"this form of 'for ... in {ast.unparse(s.iter)}'")
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        step = [self.assign(n, v, s, declared=None) for n, v in zip(names, values, strict=True)]
        step += advance
        lowered = self.loop_body(body, (assigned or frozenset()) | set(names))
        return [*setup, ir.While(test, (*step, *lowered), line)]

    def for_set(
        self, var: str, items: ir.Expr, body: list[ast.stmt], s: ast.For, assigned: _Assigned
    ) -> list[ir.Stmt]:
        """``for x in s`` of a set: its table walked as CPython's set iterator does."""
        setup, test, item, advance = sets.for_loop(self, items, s.lineno)
        step = [self.assign(var, item, s, declared=None), advance]
        lowered = self.loop_body(body, (assigned or frozenset()) | {var})
        return [*setup, ir.While(test, (*step, *lowered), s.lineno)]

    def for_tuple(
        self, var: str, items: ir.Expr, body: list[ast.stmt], s: ast.For, assigned: _Assigned
    ) -> list[ir.Stmt]:
        """``for x in t`` of a tuple whose items have one type: by a hidden index over its
        constant length."""
        element = sequences.tuple_element(self, items, s, "iterating over")
        if self.vars.setdefault(var, element) != element:
            raise self.error(s, f"{var!r} would change type from {self.vars[var]} to {element}")
        held, index = self.temp(items.type), self.temp(INT)
        size = ir.Const(len(items.type.fields), INT)
        item = ir.Op(f"tuple.get.{element}", (ir.Name(held, items.type), ir.Name(index, INT), size),
                     element)  # fmt: skip
        lowered = self.loop_body(body, (assigned or frozenset()) | {var})
        loop = ir.ForRange(index, ir.Const(0, INT), size, ir.Const(1, INT),
                           (ir.Assign(var, item, s.lineno), *lowered), s.lineno)  # fmt: skip
        return [ir.Assign(held, items, s.lineno), loop]

    def return_(self, value: ast.expr | None, s: ast.Return) -> ir.Stmt:
        result = self.sig.result
        if isinstance(result, OptionType) and (
            value is None or (isinstance(value, ast.Constant) and value.value is None)
        ):
            return ir.Return(ir.Const(0, result), s.lineno)
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            if result is not NONE:
                raise self.error(s, f"{self.node.name} must return {result}, not None")
            return ir.Return(None, s.lineno)
        if result is NONE:
            raise self.error(s, f"{self.node.name} returns None; it cannot return a value")
        returned = self.expr_expecting(value, result)
        self.returned_types.append(returned.type)  # (before widening: numeric_params.py)
        return ir.Return(self.coerce(returned, result, s, "the returned value"), s.lineno)

    def starred_unpack(self, names: list[ast.expr], value: ast.expr, s: ast.stmt) -> list[ir.Stmt]:
        """``a, *b, c = xs``: ``b`` a new list of the middle items. Of a list: ValueError when
        it has fewer items than the plain names (CPython's message); of a tuple: its fields,
        the starred ones of one type."""
        line = s.lineno
        star = next(k for k, n in enumerate(names) if isinstance(n, ast.Starred))
        before, after = star, len(names) - star - 1
        packed = self.expr(value)
        held = self.temp(packed.type)
        source = ir.Name(held, packed.type)
        stmts: list[ir.Stmt] = [ir.Assign(held, packed, line)]
        values: list[ir.Expr] = []
        if sequences.is_tuple_like(self, packed.type):
            assert isinstance(packed.type, StructType)
            fields = [ir.GetField(source, k, t) for k, (_, t) in enumerate(packed.type.fields)]
            if len(fields) < before + after:
                wanted = f"expected at least {before + after}, got {len(fields)}"
                raise self.error(s, f"not enough values to unpack ({wanted}): CPython raises")
            middle = fields[before : len(fields) - after]
            if not middle:
                raise unsupported(self.file, s, "a starred name bound to no item of a tuple")
            kinds = ", ".join(dict.fromkeys(str(m.type) for m in middle))
            if len({m.type for m in middle}) != 1:
                what = f"a starred name bound to items of different types ({kinds})"
                raise unsupported(self.file, s, what)
            starred = self.list_display(middle, s)
            values = [*fields[:before], starred, *fields[len(fields) - after :]]
        elif isinstance(packed.type, ListType):
            t = packed.type
            length = ir.Op("list.len", (source,), INT)
            short = ir.Op("int.lt", (length, ir.Const(before + after, INT)), BOOL)
            head = f"not enough values to unpack (expected at least {before + after}, got "
            message = ir.Op("str.add", (
                ir.Const(head, STR),
                ir.Op("str.add", (ir.Op("int.to_str", (length,), STR), ir.Const(")", STR)), STR),
            ), STR)  # fmt: skip
            stmts.append(ir.If(short, (ir.Raise("builtins.ValueError", message, line),), (), line))
            end = ir.Op("int.sub", (length, ir.Const(after, INT)), INT)
            middle = ir.Op("list.slice", (source, ir.Const(before, INT), end, ir.Const(1, INT),
                                          ir.Const(0, INT)), ListType(t.element))  # fmt: skip
            values = [
                ir.Op("list.get", (source, ir.Const(k, INT)), t.element) for k in range(before)
            ]
            values.append(middle)
            values += [
                ir.Op(
                    "list.get", (source, ir.Op("int.add", (end, ir.Const(k, INT)), INT)), t.element
                )
                for k in range(after)
            ]
        else:
            raise unsupported(self.file, s, f"starred unpacking of a {packed.type}")
        temps = []
        for v in values:  # every value read before any name is bound, as CPython unpacks
            temp = self.temp(v.type)
            stmts.append(ir.Assign(temp, v, line))
            temps.append(ir.Name(temp, v.type))
        for n, v in zip(names, temps, strict=True):
            target = n.value if isinstance(n, ast.Starred) else n
            assert isinstance(target, ast.Name)
            stmts.append(self.assign(target.id, v, s, declared=None))
        return stmts

    def bind_caught(self, handler: ast.ExceptHandler, caught: tuple[str, ...]) -> str:
        """The hidden local ``except E as name`` binds (a name the body may not rebind)."""
        assert handler.name is not None
        if any(handler.name in _assigned_names_of(b) for b in handler.body):
            raise unsupported(self.file, handler, f"assigning {handler.name!r} in its handler")
        return self.temp(CaughtType(caught))

    def try_finally(self, s: ast.Try, assigned: _Assigned) -> tuple[list[ir.Stmt], _Assigned]:
        """try/except/else/finally: ``finally`` runs after the rest, also when an exception
        leaves it. It knows assigned only what was before the try (it may start after any
        statement). A return, break or continue in the try runs ``finally`` on its way out
        (codegen); one in ``finally`` itself (which would drop an exception passing through)
        is not compiled."""
        leaving = _leaving(s.finalbody)
        if leaving is not None:
            what = type(leaving).__name__.lower()
            raise unsupported(self.file, leaving, f"a {what} in a finally block")
        if s.handlers:
            lowered, after = self.try_(s, s.body, s.handlers, s.orelse, assigned)
            [inner] = lowered
            assert isinstance(inner, ir.Try)
        else:
            saved = dict(self.narrowed)
            body, after = self.block(s.body, assigned)
            touched = {n for b in s.body for n in _assigned_names_of(b)}
            self.narrowed = {k: t for k, t in saved.items() if k.split(".")[0] not in touched}
            inner = ir.Try(tuple(body), (), (), s.lineno)
        final, after_final = self.block(s.finalbody, assigned)
        if after is not None and after_final is not None:  # the names finally assigns too
            after = after | after_final
        elif after_final is None:  # finally always raises
            after = None
        return [dataclasses.replace(inner, finalbody=tuple(final))], after

    def try_(
        self,
        s: ast.Try,
        body: list[ast.stmt],
        handlers: list[ast.ExceptHandler],
        orelse: list[ast.stmt],
        assigned: _Assigned,
    ) -> tuple[list[ir.Stmt], _Assigned]:
        """try/except/else. A handler may start after any statement of the body: it knows
        assigned only what was before the try, and nothing the body assigns stays narrowed."""
        saved = dict(self.narrowed)
        lowered_body, after_body = self.block(body, assigned)
        touched = {n for b in body for n in _assigned_names_of(b)}
        base = {k: t for k, t in saved.items() if k.split(".")[0] not in touched}
        self.narrowed = dict(base)
        lowered_else, after_else = self.block(orelse, after_body)
        ends = [after_else]
        lowered: list[ir.Handler] = []
        for handler in handlers:
            kinds = (
                [] if handler.type is None
                else handler.type.elts if isinstance(handler.type, ast.Tuple)
                else [handler.type]
            )  # fmt: skip
            types: set[str] = set()
            catch_all = not kinds  # a bare except
            for kind in kinds:
                cls = exceptions.named(self, kind)
                if cls is None:
                    raise unsupported(self.file, kind, f"catching {ast.unparse(kind)}")
                names = exceptions.caught(self.owner.annotations, cls)
                catch_all |= not names
                types |= set(names)
            self.narrowed = dict(base)
            caught = () if catch_all else tuple(sorted(types))
            bound = self.bind_caught(handler, caught) if handler.name is not None else None
            reraise = exceptions.reraises(self.file, handler)
            if reraise:  # (its exits keep the caught error's frames until its end: codegen)
                leaving = _leaving(handler.body)
                if leaving is not None:
                    what = f"a {type(leaving).__name__.lower()} in an except block that re-raises"
                    raise unsupported(self.file, leaving, what)
                bound = bound or self.temp(CaughtType(caught))
                self.reraising.append(ir.Name(bound, CaughtType(caught)))
            outer = self.renamed.get(handler.name or "")
            if bound is not None and handler.name is not None:
                self.renamed[handler.name] = bound  # the name is the handler's own (deleted after)
            handled, after = self.block(handler.body, assigned)
            if reraise:
                self.reraising.pop()
            if handler.name is not None:
                self.renamed.pop(handler.name, None)
                if outer is not None:
                    self.renamed[handler.name] = outer
            ends.append(after)
            lowered.append(ir.Handler(caught, handled, handler.lineno, bound, reraise))
        self.narrowed = {k: t for k, t in saved.items() if k.split(".")[0] not in touched}
        end = ends[0]
        for other in ends[1:]:
            end = _join(end, other)
        return [ir.Try(lowered_body, tuple(lowered), lowered_else, s.lineno)], end

    def raise_(self, exc: ast.expr) -> ir.Stmt:
        func = exc.func if isinstance(exc, ast.Call) else exc
        cls = exceptions.named(self, func)
        if cls is not None and cls.symbol is not None:  # a class of the project
            return self.raise_project(cls, exc)
        match exc:
            case ast.Name(id=name) if name in RAISABLE:
                return self.raise_stmt(name, "", exc.lineno, arguments=0)
            case ast.Call(func=ast.Name(id=name), args=[], keywords=[]) if name in RAISABLE:
                return self.raise_stmt(name, "", exc.lineno, arguments=0)
            case ast.Call(func=ast.Name(id=name), args=[arg], keywords=[]) if name in RAISABLE:
                literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                if literal or name == "KeyError":  # KeyError shows its argument's repr
                    return self.raise_stmt(name, self.constant_message(arg, exc), exc.lineno)
                message = self.expr(arg)  # a str made at run time (codegen/ops.raise_message)
                if message.type is not STR:
                    raise unsupported(self.file, arg, f"a message of type {message.type}")
                return ir.Raise(f"builtins.{name}", message, exc.lineno)
        raise unsupported(self.file, exc, "raising anything but a builtin exception")

    def raise_project(self, cls: exceptions.ExceptionClass, exc: ast.expr) -> ir.Stmt:
        """``raise ParseError`` / ``raise ParseError(message)``: str() is its builtin base's."""
        args = exc.args if isinstance(exc, ast.Call) else []
        if isinstance(exc, ast.Call) and (exc.keywords or len(args) > 1):
            raise unsupported(self.file, exc, f"{ast.unparse(exc.func)}() of more than a message")
        if not args:
            return ir.Raise(cls.type_name, "", exc.lineno, arguments=0)
        arg = args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            message = str(getattr(builtins, cls.builtin)(arg.value)) if arg.value else ""
            return ir.Raise(cls.type_name, message, exc.lineno)
        if cls.builtin == "KeyError":
            raise unsupported(self.file, arg, "a KeyError message made at run time")
        text = self.expr(arg)
        if text.type is not STR:
            raise unsupported(self.file, arg, f"a message of type {text.type}")
        return ir.Raise(cls.type_name, text, exc.lineno)

    def raise_stmt(self, name: str, argument: str, line: int, arguments: int = 1) -> ir.Raise:
        # str() of the real exception: KeyError quotes its argument, the others do not.
        message = str(getattr(builtins, name)(argument)) if arguments else ""
        return ir.Raise(f"builtins.{name}", message, line, arguments)

    def constant_message(self, node: ast.expr, stmt: ast.AST) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        raise unsupported(self.file, node, "an exception message that is not a string literal")

    # -- expressions --------------------------------------------------------------------------


def _assigned_names(fn: ast.FunctionDef) -> set[str]:
    """Every name the function binds: Python makes each one local to the whole function."""
    names: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef) and node is not fn:  # a local function
            names.add(node.name)
    return names


def _leaving(body: list[ast.stmt], in_loop: bool = False) -> ast.stmt | None:
    """A return anywhere in ``body``, or a break or continue not of a loop inside it."""
    for s in body:
        if isinstance(s, ast.Return) or (isinstance(s, ast.Break | ast.Continue) and not in_loop):
            return s
        if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        loop = in_loop or isinstance(s, ast.For | ast.While | ast.AsyncFor)
        parts = [(getattr(s, "body", []), loop), (getattr(s, "orelse", []), in_loop)]
        parts += [(getattr(s, "finalbody", []), in_loop)]
        parts += [(h.body, in_loop) for h in getattr(s, "handlers", [])]
        for part, inside in parts:
            found = _leaving(part, inside) if isinstance(part, list) else None
            if found is not None:
                return found
    return None


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


def _unpacked_targets(
    lw: FunctionLowerer, targets: list[ast.expr], body: list[ast.stmt]
) -> tuple[list[ast.expr], list[ast.stmt]]:
    """``for i, (x, y) in ...``: each nested tuple target a hidden name, unpacked first thing
    in the body (``(x, y) = hidden``)."""
    names: list[ast.expr] = []
    unpacking: list[ast.stmt] = []
    for target in targets:
        if isinstance(target, ast.Tuple):
            hidden = lw.temp_name()
            item = ast.copy_location(ast.Name(hidden, ast.Load()), target)
            unpacking.append(ast.copy_location(ast.Assign([target], item), target))
            target = ast.copy_location(ast.Name(hidden, ast.Store()), target)
        names.append(target)
    return names, [*map(ast.fix_missing_locations, unpacking), *body]


def _this_loops_blocks(s: ast.stmt) -> list[tuple[ast.AST, str]]:
    """The blocks (node, field) of ``s`` whose ``break`` would leave the loop around ``s``:
    not an inner loop's body (its ``else`` block's are), nor a nested function's or class's."""
    if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return []
    inner_loop = isinstance(s, ast.For | ast.While | ast.AsyncFor)
    fields = ("orelse",) if inner_loop else ("body", "orelse", "finalbody")
    blocks: list[tuple[ast.AST, str]] = [
        (s, f) for f in fields if isinstance(getattr(s, f, None), list)
    ]
    return blocks + [(h, "body") for h in getattr(s, "handlers", [])]


def _breaks_of(body: list[ast.stmt]) -> bool:
    """Whether a ``break`` of this loop occurs anywhere in ``body``."""
    return any(
        isinstance(s, ast.Break) or any(_breaks_of(getattr(n, f)) for n, f in _this_loops_blocks(s))
        for s in body
    )


def _flag_breaks(body: list[ast.stmt], flag: str) -> list[ast.stmt]:
    """``body`` (copied) with ``flag = True`` before each ``break`` of its loop."""
    out: list[ast.stmt] = []
    for s in body:
        if isinstance(s, ast.Break):
            setting = ast.Assign([ast.Name(flag, ast.Store())], ast.Constant(True))
            out += [ast.fix_missing_locations(ast.copy_location(setting, s)), s]
            continue
        s = copy.copy(s)
        if isinstance(s, ast.Try):
            s.handlers = [copy.copy(h) for h in s.handlers]
        for node, field in _this_loops_blocks(s):
            setattr(node, field, _flag_breaks(getattr(node, field), flag))
        out.append(s)
    return out


def _assigned_names_of(statement: ast.stmt) -> set[str]:
    """The variables a statement may assign (anywhere inside it)."""
    return {
        n.id
        for n in ast.walk(statement)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _sets_a_value(statement: ir.Stmt, names: dict[str, Type]) -> bool:
    """Whether ``statement`` assigns one of ``names`` a present (not None) value."""
    return (
        isinstance(statement, ir.Assign)
        and statement.name in names
        and isinstance(statement.value, ir.Op)
        and (statement.value.op == "option.some" or statement.value.op.startswith("option.box"))
    )
