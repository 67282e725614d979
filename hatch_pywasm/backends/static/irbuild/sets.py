"""``set[T]`` (T an int, str, bool, enum or a tuple of those): the hash table of a dict
without values (support/dict.wat), its items in a list in the order they were first added
(``types.SetType``). ``set()`` with a declared type, ``set(xs)``, displays, comprehensions,
``x in s``, ``len``, truth, ``add``, ``discard``. Iterating a set is not compiled: CPython's
order is its hash table's (and str and enum hashes change with every process), so no order the
compiled code chose would be CPython's."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..types import BOOL, INT, NONE, ListType, SetType, Type, is_key
from .common import unsupported
from .sequences import iterated

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


def items(s: ir.Expr) -> ir.Expr:
    """The list of a set's items (the table's first slot)."""
    assert isinstance(s.type, SetType)
    return ir.GetField(s, 0, ListType(s.type.element))


def _find(needle: ir.Expr, s: ir.Expr) -> ir.Expr:
    return ir.Op("dict.find", (needle, s), INT)


def contains(lw: ExpressionLowering, needle: ir.Expr, s: ir.Expr, node: ast.AST) -> ir.Expr:
    """``needle in s`` (the needle evaluated first, as in Python)."""
    assert isinstance(s.type, SetType)
    needle = lw.coerce(needle, s.type.element, node, f"the value looked for in a {s.type}")
    return ir.Op("int.ge", (_find(needle, s), ir.Const(0, INT)), BOOL)


def length(s: ir.Expr) -> ir.Expr:
    return ir.Op("list.len", (items(s),), INT)


def truth(s: ir.Expr) -> ir.Expr:
    return ir.Op("list.truth", (items(s),), BOOL)


def empty(t: SetType) -> ir.Expr:
    return ir.Op("dict.new", (), t)


def _add(s: ir.Name, x: ir.Expr, line: int) -> ir.Stmt:
    return ir.Eval(ir.Op("dict.store", (s, x), NONE), line)


def _filled(lw: ExpressionLowering, t: SetType, values: ir.Expr, line: int) -> ir.Expr:
    """A new set of the items of the list ``values``, in order, each once."""
    held, each = lw.temp(t), lw.temp(t.element)
    s = ir.Name(held, t)
    loop = ir.ForList(each, values, (_add(s, ir.Name(each, t.element), line),), line)
    return ir.Block((ir.Assign(held, empty(t), line), loop), s, t)


def display(lw: ExpressionLowering, node: ast.Set) -> ir.Expr:
    """``{a, b, ...}``: the items evaluated in order, a repeated one kept once."""
    values = lw.list_display([lw.expr(e) for e in node.elts], node)
    return _filled(lw, _set_of(lw, values.type, node), values, node.lineno)


def comprehension(lw: ExpressionLowering, node: ast.SetComp) -> ir.Expr:
    listed = lw.expr(ast.copy_location(ast.ListComp(node.elt, node.generators), node))
    return _filled(lw, _set_of(lw, listed.type, node), listed, node.lineno)


def constructor(
    lw: ExpressionLowering, args: list[ast.expr], expected: Type | None, node: ast.AST
) -> ir.Expr:
    """``set()`` (its type declared where it goes) or ``set(xs)`` of a list or str."""
    line = getattr(node, "lineno", 0)
    if not args:
        if not isinstance(expected, SetType):
            raise lw.error(node, "an empty set needs a declared type: s: set[int] = set()")
        return empty(expected)
    if len(args) != 1:
        raise unsupported(lw.file, node, "set() of more than one iterable")
    values = iterated(lw, args[0])
    return _filled(lw, _set_of(lw, values.type, node), values, line)


def _set_of(lw: ExpressionLowering, listed: Type, node: ast.AST) -> SetType:
    assert isinstance(listed, ListType)
    if not is_key(listed.element):
        raise unsupported(
            lw.file, node, f"a set of {listed.element} (int, str, bool, enum or their tuples)"
        )
    return SetType(listed.element)


def method(
    lw: ExpressionLowering, s: ir.Expr, name: str, args: list[ast.expr], node: ast.AST
) -> ir.Expr:
    """``s.add(x)``, ``s.discard(x)``: ``s`` evaluated before ``x``, as in Python."""
    t = s.type
    assert isinstance(t, SetType)
    line = getattr(node, "lineno", 0)
    if name not in ("add", "discard") or len(args) != 1:
        raise unsupported(lw.file, node, f"the set method {name}() with these arguments")
    held, value = lw.temp(t), lw.temp(t.element)
    x = ir.Name(value, t.element)
    staged: list[ir.Stmt] = [
        ir.Assign(held, s, line),
        ir.Assign(value, lw.coerce(lw.expr(args[0]), t.element, node, f"the item of a {t}"), line),
    ]
    if name == "add":
        staged.append(_add(ir.Name(held, t), x, line))
    else:
        at = lw.temp(INT)
        staged.append(ir.Assign(at, _find(x, ir.Name(held, t)), line))
        found = ir.Op("int.ge", (ir.Name(at, INT), ir.Const(0, INT)), BOOL)
        deleted = ir.Op("dict.delete", (ir.Name(held, t), ir.Name(at, INT)), NONE)
        staged.append(ir.If(found, (ir.Eval(deleted, line),), (), line))
    return ir.Block(tuple(staged), ir.Op("none", (), NONE), NONE)
