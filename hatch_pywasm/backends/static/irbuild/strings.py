"""str builtins and methods of application code: ``ord``, ``chr``, ``sep.join(parts)``; each
check CPython makes is an explicit IR test raising CPython's exception and message."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..support import chartables
from ..types import BOOL, FLOAT, INT, NONE, STR, ListType
from . import sequences
from .common import unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering

#: chr()'s bound: one past the last code point.
_CODE_POINTS = 0x110000


def builtin_ord(lw: ExpressionLowering, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """``ord(c)``: TypeError with CPython's message unless ``c`` is one code point."""
    if len(args) != 1 or args[0].type is not STR:
        raise unsupported(lw.file, node, "ord() of anything but one str")
    line = getattr(node, "lineno", 0)
    held, length = lw.temp(STR), lw.temp(INT)
    message = _concat(
        ir.Const("ord() expected a character, but string of length ", STR),
        ir.Op("int.to_str", (ir.Name(length, INT),), STR),
        ir.Const(" found", STR),
    )
    wrong = ir.Op("int.ne", (ir.Name(length, INT), ir.Const(1, INT)), BOOL)
    fill = (
        ir.Assign(held, args[0], line),
        ir.Assign(length, ir.Op("str.len", (ir.Name(held, STR),), INT), line),
        ir.If(wrong, (ir.Raise("builtins.TypeError", message, line),), (), line),
    )
    return ir.Block(fill, ir.Op("str.ord", (ir.Name(held, STR),), INT), INT)


def builtin_chr(lw: ExpressionLowering, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """``chr(i)``: ValueError with CPython's message unless 0 <= i < 0x110000."""
    if len(args) != 1 or args[0].type not in (INT, BOOL):
        what = "a float" if args and args[0].type is FLOAT else "anything but one int"
        raise unsupported(lw.file, node, f"chr() of {what}")
    line = getattr(node, "lineno", 0)
    held = lw.temp(INT)
    code = ir.Name(held, INT)
    outside = ir.Logical(
        "or",
        ir.Op("int.lt", (code, ir.Const(0, INT)), BOOL),
        ir.Op("int.ge", (code, ir.Const(_CODE_POINTS, INT)), BOOL),
        BOOL,
    )
    fill = (
        ir.Assign(held, lw.coerce(args[0], INT, node, ""), line),
        ir.If(outside, (ir.Raise("builtins.ValueError", "chr() arg not in range(0x110000)",
                                 line),), (), line),
    )  # fmt: skip
    return ir.Block(fill, ir.Op("str.chr", (code,), STR), STR)


def method(
    lw: ExpressionLowering, text: ir.Expr, name: str, args: list[ast.expr], node: ast.AST
) -> ir.Expr:
    """``text.name(args)`` of a str (``text`` already lowered: Python evaluates it first)."""
    if name == "join" and len(args) == 1:
        parts = sequences.consumed_whole(lw, args[0])
        if not (isinstance(parts.type, ListType) and parts.type.element is STR):
            raise unsupported(lw.file, node, f"str.join() of a {parts.type} (CPython: TypeError)")
        return ir.Op("str.join", (text, parts), STR)
    if name in ("lower", "upper") and not args:
        return ir.Op(f"str.{name}", (text,), STR)
    if name in chartables.PREDICATES and not args:
        return ir.Op(f"str.{name}", (text,), BOOL)
    lowered = [lw.expr(a) for a in args]
    if any(a.type not in (STR, NONE) for a in lowered):
        raise unsupported(lw.file, node, f"str.{name}() of anything but str arguments")
    whitespace = not lowered or (len(lowered) == 1 and lowered[0].type is NONE)
    if name in ("startswith", "endswith") and len(lowered) == 1 and lowered[0].type is STR:
        return ir.Op(f"str.{name}", (text, lowered[0]), BOOL)
    if name in ("strip", "lstrip", "rstrip") and whitespace:
        return ir.Op(f"str.{name}_ws", (text,), STR)  # whitespace, as CPython
    if name in ("strip", "lstrip", "rstrip") and len(lowered) == 1:
        return ir.Op(f"str.{name}", (text, lowered[0]), STR)
    strs = all(a.type is STR for a in lowered)
    if name in ("find", "count") and len(lowered) == 1 and strs:
        return ir.Op(f"str.{name}", (text, lowered[0]), INT)
    if name == "replace" and len(lowered) == 2 and strs:
        return ir.Op("str.replace", (text, *lowered), STR)
    if name == "split" and whitespace:
        return ir.Op("str.split_ws", (text,), ListType(STR))
    if name == "split" and len(lowered) == 1:
        return _split_on(lw, text, lowered[0], node)
    raise unsupported(lw.file, node, f"the str method {name}() with these arguments")


def _split_on(lw: ExpressionLowering, text: ir.Expr, sep: ir.Expr, node: ast.AST) -> ir.Expr:
    """``s.split(sep)``: ValueError("empty separator") for an empty one, as CPython."""
    line = getattr(node, "lineno", 0)
    held_s, held_sep = lw.temp(STR), lw.temp(STR)
    empty = ir.Op("bool.not", (ir.Op("str.truth", (ir.Name(held_sep, STR),), BOOL),), BOOL)
    fill = (
        ir.Assign(held_s, text, line),
        ir.Assign(held_sep, sep, line),
        ir.If(empty, (ir.Raise("builtins.ValueError", "empty separator", line),), (), line),
    )
    pieces = ir.Op("str.split_on", (ir.Name(held_s, STR), ir.Name(held_sep, STR)), ListType(STR))
    return ir.Block(fill, pieces, ListType(STR))


def _concat(*pieces: ir.Expr) -> ir.Expr:
    result = pieces[0]
    for piece in pieces[1:]:
        result = ir.Op("str.add", (result, piece), STR)
    return result


def repeat(lw: ExpressionLowering, left: ir.Expr, right: ir.Expr, node: ast.AST) -> ir.Expr:
    """``s * n`` or ``n * s`` (operands evaluated left to right; n <= 0 gives "")."""
    if left.type is STR:
        return ir.Op("str.repeat", (left, lw.coerce(right, INT, node, "a repeat count")), STR)
    line = getattr(node, "lineno", 0)
    count = lw.temp(INT)
    first = ir.Assign(count, lw.coerce(left, INT, node, "a repeat count"), line)
    return ir.Block((first,), ir.Op("str.repeat", (right, ir.Name(count, INT)), STR), STR)
