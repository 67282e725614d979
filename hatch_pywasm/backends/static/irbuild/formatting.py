"""``str.format`` with a constant template, and the ``!s``/``!r`` conversions of f-strings and
templates, as IR: the template is read now (``string.Formatter``, CPython's own parser) into
the pieces an f-string makes; each field's spec goes through the f-string's format-spec path."""

from __future__ import annotations

import ast
import string
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import ir
from ..types import STR
from . import reprs
from .common import unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


def convert(lw: ExpressionLowering, value: ir.Expr, conversion: str, node: ast.AST) -> ir.Expr:
    """``!s`` is str(value); ``!r`` is repr(value): a str's from the math library (quotes and
    escapes as CPython), a number's or bool's is its str."""
    if conversion == "r":
        return reprs.text(lw, value, node)
    if conversion == "s":
        return lw.to_str(value, node)
    raise unsupported(lw.file, node, f"the conversion !{conversion} of a {value.type} value")


def concatenation(pieces: Sequence[ir.Expr]) -> ir.Expr:
    """The pieces of a formatted string joined, left to right."""
    result = pieces[0] if pieces else ir.Const("", STR)
    for piece in pieces[1:]:
        result = ir.Op("str.add", (result, piece), STR)
    return result


def str_format(
    lw: ExpressionLowering,
    template: str,
    args: Sequence[ir.Expr],
    keywords: Sequence[tuple[str, ir.Expr]],
    node: ast.AST,
) -> ir.Expr:
    """``template.format(*args, **keywords)``: the arguments evaluated once each, in order (into
    hidden locals, as a field may use one twice), then the pieces joined. A template CPython
    would reject at run time (bad syntax, numbering switched, a missing argument) is a compile
    error naming it."""
    line = getattr(node, "lineno", 0)
    held: list[ir.Stmt] = []
    values: list[ir.Expr] = []
    for value in [*args, *(v for _, v in keywords)]:
        name = lw.temp(value.type)
        held.append(ir.Assign(name, value, line))
        values.append(ir.Name(name, value.type))
    positional = values[: len(args)]
    named = dict(zip((k for k, _ in keywords), values[len(args) :], strict=True))
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as error:
        raise lw.error(node, f"str.format template {template!r}: {error}") from None
    pieces: list[ir.Expr] = []
    numbering = ""  # "automatic" or "manual", once a field has chosen
    automatic = 0
    for text, field, spec, conversion in fields:
        if text:
            pieces.append(ir.Const(text, STR))
        if field is None:
            continue
        kind = "automatic" if field == "" else "manual"
        if field == "" or field.isdigit():
            if numbering and numbering != kind:
                switch = f"cannot switch from {numbering} field numbering to {kind} field numbering"
                raise lw.error(node, f"str.format template {template!r}: {switch}")
            numbering = kind
        if field == "":
            field, automatic = str(automatic), automatic + 1
        if field.isdigit():
            if int(field) >= len(positional):
                missing = f"replacement index {field} out of range for {len(positional)} arguments"
                raise lw.error(node, f"str.format template {template!r}: {missing}")
            value = positional[int(field)]
        elif field in named:
            value = named[field]
        elif field.isidentifier():
            raise lw.error(node, f"str.format template {template!r}: no argument {field}=")
        else:
            raise unsupported(lw.file, node, f"the field {{{field}}} (an attribute or index)")
        if "{" in spec:
            raise unsupported(lw.file, node, f"a nested field in the format spec {spec!r}")
        if conversion:
            value = convert(lw, value, conversion, node)
        pieces.append(lw.formatted(value, spec, node))
    return ir.Block(tuple(held), concatenation(pieces), STR)
