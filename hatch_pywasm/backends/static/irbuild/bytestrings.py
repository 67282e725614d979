"""``bytes`` in application code: parameters, results and locals (WIT ``list<u8>``), ``len``,
``b[i]`` (an int), ``b[i:j:k]``, iteration, ``==``/``<`` and ``+``, ``bytes(n)``, literals.

A bytes object has a str object's layout ([byte length: i32][bytes], support/bytes.wat), so
what is byte-wise for both (comparison, concatenation, truth, the byte length) is the str
operation; anything else on bytes is a SubsetError naming its line."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..types import BOOL, BYTES, INT, ListType
from . import sequences
from .common import unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


def length(value: ir.Expr) -> ir.Expr:
    return ir.Op("str.byte_length", (value,), INT)


def subscript(lw: ExpressionLowering, value: ir.Expr, index: ast.expr, node: ast.AST) -> ir.Expr:
    """``b[i]`` (the byte as an int; IndexError "index out of range") or a slice (new bytes)."""
    if isinstance(index, ast.Slice):
        bounds = sequences.slice_of(lw, value, index)
        assert isinstance(bounds, ir.Op)
        return ir.Op("bytes.slice", bounds.args, BYTES)
    position = lw.coerce(lw.expr(index), INT, node, "a bytes index")
    return ir.Op("bytes.index", (value, position), INT)


def items(value: ir.Expr) -> ir.Expr:
    """What ``for x in b`` walks: the bytes as a list of ints (bytes cannot change)."""
    return ir.Op("bytes.items", (value,), ListType(INT))


def binary(
    lw: ExpressionLowering, op: ast.operator, left: ir.Expr, right: ir.Expr, node: ast.AST
) -> ir.Expr:
    """``b + c`` (one new bytes object); any other operator on bytes is outside the subset."""
    if isinstance(op, ast.Add) and left.type is BYTES and right.type is BYTES:
        return ir.Op("str.add", (left, right), BYTES)
    what = f"the operator {type(op).__name__} on {left.type} and {right.type}"
    raise unsupported(lw.file, node, what)


def compare(lw: ExpressionLowering, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
    """``==``, ``!=``, ``<`` ... of two bytes: byte-wise, then by length, as str's."""
    if a.type is BYTES and b.type is BYTES:
        return ir.Op(f"str.{op}", (a, b), BOOL)
    raise unsupported(lw.file, node, f"comparing a {a.type} with a {b.type}")


def builtin_bytes(lw: ExpressionLowering, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """``bytes(n)``: n zero bytes (ValueError "negative count"); ``bytes(b)``: b itself."""
    if len(args) == 1 and args[0].type is BYTES:
        return args[0]
    if len(args) == 1 and args[0].type in (INT, BOOL):
        return ir.Op("bytes.zeros", (lw.coerce(args[0], INT, node, "a count"),), BYTES)
    raise unsupported(lw.file, node, "bytes() of anything but an int or bytes")
