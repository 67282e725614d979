"""``enum.Flag`` / ``IntFlag`` values inside a component (types.FlagType: the i32 of their
``.value``, every member one bit): members, ``|`` ``&`` ``^`` ``~``, ``in``, truth, ``==``,
``.value``, ``.name``, str(), repr(), as CPython 3.11 gives them. A combined value's name is its
members' in definition order joined by ``|`` (``R|W``), a zero value's None; str() of a Flag is
``P.R|W`` (``P(0)``), of an IntFlag its int's; repr() ``<P.R|W: 3>`` (``<P: 0>``). ``~x`` is
``mask ^ x`` (3.11: the members not in x; an IntFlag's only when its members' bits have no
gaps)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import ir
from ..types import BOOL, INT, STR, FlagType, OptionType
from . import formatting  # (it imports reprs, which imports this module: read at call time)
from .common import unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering

#: The bitwise operators on two values of one flag class, and their ops.
BINARY = {"or": "flag.or", "and": "flag.and", "xor": "flag.xor"}


def member(t: FlagType, name: str) -> ir.Expr:
    return ir.Const(t.values[t.members.index(name)], t)


def binary(
    lw: ExpressionLowering, name: str, a: ir.Expr, b: ir.Expr, node: ast.AST
) -> ir.Expr | None:
    """``a | b``, ``a & b``, ``a ^ b`` when either is a flag value (None otherwise); both of
    one class (an IntFlag with an int would keep bits no member has: not compiled)."""
    if not isinstance(a.type, FlagType) and not isinstance(b.type, FlagType):
        return None
    if a.type != b.type or name not in BINARY:
        what = f"the operator {name} on {a.type} and {b.type}"
        raise unsupported(lw.file, node, what)
    return ir.Op(BINARY[name], (a, b), a.type)


def invert(lw: ExpressionLowering, value: ir.Expr, node: ast.AST) -> ir.Expr:
    """``~x``: the members not in x. An IntFlag whose members leave gaps below its highest
    bit is not compiled: its ``~`` (3.11's KEEP boundary) sets those bits too, which no member
    names (``<Style.ITALIC|UNDERLINE|10: 27>``) and WIT's flags cannot carry."""
    t = value.type
    assert isinstance(t, FlagType)
    if t.int_flag and t.mask != (1 << t.mask.bit_length()) - 1:
        what = f"~ of the IntFlag {t}, whose members leave gaps (CPython sets those bits too)"
        raise unsupported(lw.file, node, what)
    return ir.Op("flag.xor", (value, ir.Const(t.mask, t)), t)


def truth(value: ir.Expr) -> ir.Expr:
    return ir.Op("flag.truth", (value,), BOOL)


def contains(lw: ExpressionLowering, needle: ir.Expr, flags: ir.Expr, node: ast.AST) -> ir.Expr:
    """``needle in flags``: every bit of needle is in flags (CPython evaluates needle first)."""
    if needle.type != flags.type:
        raise unsupported(lw.file, node, f"'in' of a {needle.type} in a {flags.type}")
    held = lw.temp(needle.type)
    both = ir.Op("flag.and", (ir.Tee(held, needle, needle.type), flags), needle.type)
    return ir.Op("enum.eq", (both, ir.Name(held, needle.type)), BOOL)


def attribute(lw: ExpressionLowering, value: ir.Expr, attr: str, node: ast.AST) -> ir.Expr:
    """``f.value`` (an int) and ``f.name`` (a str, None for a zero value)."""
    if attr == "value":
        return ir.Op("flag.to_int", (value,), INT)
    if attr != "name":
        raise unsupported(lw.file, node, f"the attribute {attr!r} of a flag value")
    return _named(lw, value, node, lambda held, names: ir.Cond(
        truth(held), ir.Op("option.some", (names,), OptionType(STR)),
        ir.Const(0, OptionType(STR)), OptionType(STR)))  # fmt: skip


def text(lw: ExpressionLowering, value: ir.Expr, node: ast.AST, shown: str) -> ir.Expr:
    """str() (``shown`` "str") or repr() ("repr") of a flag value."""
    t = value.type
    assert isinstance(t, FlagType)
    if shown == "str" and t.int_flag:
        return ir.Op("int.to_str", (ir.Op("flag.to_int", (value,), INT),), STR)

    def spelled(held: ir.Expr, names: ir.Expr) -> ir.Expr:
        if shown == "str":
            some = [ir.Const(f"{t.name}.", STR), names]
            return ir.Cond(
                truth(held), formatting.concatenation(some), ir.Const(f"{t.name}(0)", STR), STR
            )
        number = ir.Op("int.to_str", (ir.Op("flag.to_int", (held,), INT),), STR)
        some = [ir.Const(f"<{t.name}.", STR), names, ir.Const(": ", STR), number]
        some.append(ir.Const(">", STR))
        return ir.Cond(
            truth(held), formatting.concatenation(some), ir.Const(f"<{t.name}: 0>", STR), STR
        )

    return _named(lw, value, node, spelled)


def _named(
    lw: ExpressionLowering,
    value: ir.Expr,
    node: ast.AST,
    make: Callable[[ir.Expr, ir.Expr], ir.Expr],
) -> ir.Expr:
    """``make(held, names)``: the value held in a temporary, and its members' names joined by
    ``|`` in definition order (the empty str for zero), built by one test per member."""
    t = value.type
    assert isinstance(t, FlagType)
    line = getattr(node, "lineno", 0)
    held, names = lw.temp(t), lw.temp(STR)
    at, acc = ir.Name(held, t), ir.Name(names, STR)
    body: list[ir.Stmt] = [ir.Assign(held, value, line), ir.Assign(names, ir.Const("", STR), line)]
    for name, bit in zip(t.members, t.values, strict=True):
        has = truth(ir.Op("flag.and", (at, ir.Const(bit, t)), t))
        joined = ir.Cond(
            ir.Op("str.truth", (acc,), BOOL),
            ir.Op("str.add", (acc, ir.Const(f"|{name}", STR)), STR),
            ir.Const(name, STR),
            STR,
        )
        body.append(ir.If(has, (ir.Assign(names, joined, line),), (), line))
    result = make(at, acc)
    return ir.Block(tuple(body), result, result.type)
