"""``enum.Enum`` / ``IntEnum`` / ``StrEnum`` classes and members beyond ``==`` and
``.name``/``.value`` (types.EnumType: a member is the i32 of its index), as CPython 3.11
gives them: ``Color(value)`` (ValueError ``5 is not a valid Color``), ``Color["RED"]``
(KeyError ``'RED'``), the class as a value (its members, in definition order: what ``for c in
Color``, ``list(Color)``, ``len(Color)`` and ``c in Color`` see), str() and repr(). An IntEnum
or StrEnum member (``mixed``) is its value in arithmetic, comparisons with ints or strs and
text, as its ReprEnum base makes it: ``Priority.HIGH + 1``, ``Color.RED == "red"``."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..types import BOOL, INT, STR, EnumType, ListType, Type
from . import formatting, reprs  # (both import expressions: read at call time)
from .common import unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering

#: The builtins that see an IntEnum or StrEnum member as its value (their results are not the
#: member: ``int(Level.HIGH)`` is 10, ``len(Tone.WARM)`` 4).
AS_VALUES = frozenset({"int", "float", "bool", "abs", "len", "ord", "round"})


def table(
    lw: ExpressionLowering, member: ir.Expr, entries: tuple[int | str, ...], kind: Type
) -> ir.Expr:
    """``entries[index of member]``, by a chain of tests (the member evaluated once)."""
    t = member.type
    assert isinstance(t, EnumType)
    held = lw.temp(t)
    result: ir.Expr = ir.Const(entries[-1], kind)
    for k in reversed(range(len(entries) - 1)):
        subject = ir.Tee(held, member, t) if k == 0 else ir.Name(held, t)
        test = ir.Op("enum.eq", (subject, ir.Const(k, t)), BOOL)
        result = ir.Cond(test, ir.Const(entries[k], kind), result, kind)
    if len(entries) == 1:
        result = ir.Block((ir.Eval(member, 0),), result, kind)
    return result


def value(lw: ExpressionLowering, member: ir.Expr, node: ast.AST) -> ir.Expr:
    """``member.value``."""
    t = member.type
    assert isinstance(t, EnumType)
    if len({type(v) for v in t.values}) != 1:
        raise unsupported(lw.file, node, f"the values of {t} (of different types)")
    return table(lw, member, t.values, STR if isinstance(t.values[0], str) else INT)


def plain(lw: ExpressionLowering, expr: ir.Expr, node: ast.AST) -> ir.Expr:
    """An IntEnum or StrEnum member's value; any other expression as it is."""
    if isinstance(expr.type, EnumType) and expr.type.mixed:
        return value(lw, expr, node)
    return expr


def text(lw: ExpressionLowering, member: ir.Expr, shown: str) -> ir.Expr:
    """str() (``shown`` "str") or repr() ("repr") of a member: ``Color.RED`` (an IntEnum's or
    StrEnum's str is its value's), ``<Color.RED: 'red'>``."""
    t = member.type
    assert isinstance(t, EnumType)
    pairs = zip(t.members, t.values, strict=True)
    if shown == "repr":
        entries = tuple(f"<{t.name}.{m}: {v!r}>" for m, v in pairs)
    elif t.mixed:
        entries = tuple(str(v) for v in t.values)
    else:
        entries = tuple(f"{t.name}.{m}" for m, _ in pairs)
    return table(lw, member, entries, STR)


def members(t: EnumType) -> ir.Expr:
    """The class as a value: a new list of its members."""
    items = tuple(ir.Const(k, t) for k in range(len(t.members)))
    return ir.NewList(items, ListType(t))


def lookup(lw: ExpressionLowering, t: EnumType, key: ir.Expr, node: ast.AST, by: str) -> ir.Expr:
    """``Color(key)`` (``by`` "value") or ``Color[key]`` ("name"): the member whose value or
    name equals key, else CPython's ValueError or KeyError."""
    if by == "value" and key.type == t:
        return key
    if key.type not in (INT, STR) or (by == "name" and key.type is not STR):
        raise unsupported(lw.file, node, f"looking up a member of {t} by a {key.type}")
    line = getattr(node, "lineno", 0)
    held, found = lw.temp(key.type), lw.temp(t)
    at = ir.Name(held, key.type)
    entries = t.values if by == "value" else t.members
    shown = reprs.text(lw, at, node)
    if by == "value":
        message = formatting.concatenation([shown, ir.Const(f" is not a valid {t.name}", STR)])
        failed: ir.Stmt = ir.Raise("builtins.ValueError", message, line)
    else:
        failed = ir.Raise("builtins.KeyError", shown, line)
    chain: tuple[ir.Stmt, ...] = (failed,)
    for k in reversed(range(len(entries))):
        entry = entries[k]
        if isinstance(entry, bool) or type(entry) is not {INT: int, STR: str}[key.type]:
            continue  # (a value of another type never equals the key)
        test = ir.Op(f"{key.type}.eq", (at, ir.Const(entry, key.type)), BOOL)
        chain = (ir.If(test, (ir.Assign(found, ir.Const(k, t), line),), chain, line),)
    body = (ir.Assign(held, key, line), ir.Assign(found, ir.Const(0, t), line), *chain)
    return ir.Block(body, ir.Name(found, t), t)


def is_members(items: ir.Expr) -> bool:
    """A display of constant members (the class as a value, or ``[Color.RED, Color.BLUE]``)."""
    return (
        isinstance(items, ir.NewList)
        and isinstance(items.type, ListType)
        and isinstance(items.type.element, EnumType)
        and all(isinstance(item, ir.Const) for item in items.items)
    )


def contains(lw: ExpressionLowering, needle: ir.Expr, items: ir.Expr, node: ast.AST) -> ir.Expr:
    """``needle in items`` of such a display: a test of each member (needle evaluated once)."""
    assert isinstance(items, ir.NewList)
    if needle.type != items.type.element:
        raise unsupported(lw.file, node, f"'in' of a {needle.type} in a {items.type}")
    held = lw.temp(needle.type)
    found: ir.Expr = ir.Const(False, BOOL)
    for k, item in enumerate(items.items):
        subject = ir.Tee(held, needle, needle.type) if k == 0 else ir.Name(held, needle.type)
        found = ir.Logical("or", found, ir.Op("enum.eq", (subject, item), BOOL), BOOL)
    return ir.Block((ir.Eval(needle, 0),), found, BOOL) if not items.items else found
