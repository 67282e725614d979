"""``repr()`` of the subset's values as CPython writes it, and ``str()`` of those whose str is
their repr (tuples, lists, dataclasses, NamedTuples): a str with its quotes and escapes (the
math library's ``_str_repr``), a number's or bool's text, ``None``, ``(1, 'a')`` and
``(1,)``, ``[1.5, 2.0]``, and the ``__repr__`` that ``@dataclass`` generates (``Point(x=1,
y=-23)``: the class's name, each field as ``name=repr(value)``; a NamedTuple's is the same).
A class that writes its own ``__repr__`` or ``__str__``, ``@dataclass(repr=False)`` and plain
classes (whose repr holds an address) are outside the subset."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..types import (
    BOOL,
    NONE,
    STR,
    EnumType,
    FlagType,
    ListType,
    OptionType,
    StructType,
    is_numeric,
)
from . import enums, expressions, flags, formatting  # (both import this module: read at call time)
from .common import LIBRARY_MODULE, unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


def text(lw: ExpressionLowering, value: ir.Expr, node: ast.AST) -> ir.Expr:
    """repr(value); ``value`` is evaluated once."""
    t = value.type
    if t is STR:
        lw.owner.library_calls.add("_str_repr")
        return ir.Call("_str_repr", (value,), STR, LIBRARY_MODULE)
    if is_numeric(t):
        return lw.to_str(value, node)
    if t is NONE:
        return ir.Const("None", STR)
    if isinstance(t, FlagType):
        return flags.text(lw, value, node, "repr")
    if isinstance(t, EnumType):
        return enums.text(lw, value, "repr")
    if not isinstance(t, StructType | ListType | OptionType):
        raise unsupported(lw.file, node, f"repr() of a {t} value")
    line = getattr(node, "lineno", 0)
    held = lw.temp(t)
    at = ir.Name(held, t)
    if isinstance(t, OptionType):
        inner = text(lw, expressions.unwrap(at), node)
        is_none = ir.Op("option.is_none", (at,), BOOL)
        shown = ir.Cond(is_none, ir.Const("None", STR), inner, STR)
    elif isinstance(t, ListType):
        shown = _list(lw, at, t, node, line)
    else:
        shown = _record(lw, at, t, node)
    return ir.Block((ir.Assign(held, value, line),), shown, STR)


def _record(lw: ExpressionLowering, at: ir.Expr, t: StructType, node: ast.AST) -> ir.Expr:
    fields = [text(lw, ir.GetField(at, k, ft), node) for k, (_, ft) in enumerate(t.fields)]
    if not t.name:  # a tuple: (a, b), and (a,) for one item
        pieces: list[ir.Expr] = [ir.Const("(", STR)]
        for k, field in enumerate(fields):
            pieces += [ir.Const(", ", STR)] if k else []
            pieces.append(field)
        pieces.append(ir.Const(",)" if len(fields) == 1 else ")", STR))
        return formatting.concatenation(pieces)
    name = _generated_repr_owner(lw, t, node)
    pieces = [ir.Const(f"{name}(", STR)]
    for k, ((field_name, _), field) in enumerate(zip(t.fields, fields, strict=True)):
        pieces.append(ir.Const(f"{', ' if k else ''}{field_name}=", STR))
        pieces.append(field)
    pieces.append(ir.Const(")", STR))
    return formatting.concatenation(pieces)


def _generated_repr_owner(lw: ExpressionLowering, t: StructType, node: ast.AST) -> str:
    """The name a dataclass's or NamedTuple's generated repr starts with (its class
    statement's); a SubsetError for any other class."""
    annotations = lw.owner.annotations
    found = annotations.class_statement(t)
    if found is None:
        raise unsupported(lw.file, node, f"repr() of a {t} value")
    symbol, methods = found
    statement = symbol.node
    if "__repr__" in methods or "__str__" in methods:
        raise unsupported(lw.file, node, f"repr() or str() of {t}, which defines its own")
    if not annotations.is_dataclass_statement(statement, symbol.module):
        raise unsupported(lw.file, node, f"repr() of the plain class {t} (an address)")
    for decorator in statement.decorator_list:
        for option in getattr(decorator, "keywords", []):
            if option.arg == "repr" and getattr(option.value, "value", True) is not True:
                raise unsupported(lw.file, node, f"repr() of {t} (@dataclass(repr=False))")
    return statement.name


def _list(lw: ExpressionLowering, at: ir.Expr, t: ListType, node: ast.AST, line: int) -> ir.Expr:
    """``[a, b]``: each item's repr collected by a loop, then joined (a list's items are
    read as its iterator reads them)."""
    item = lw.temp(t.element)
    parts_type = ListType(STR)
    parts = lw.temp(parts_type)
    shown = text(lw, ir.Name(item, t.element), node)
    append = ir.Op("list.append", (ir.Name(parts, parts_type), shown), NONE)
    loop = ir.ForList(item, at, (ir.Eval(append, line),), line)
    joined = ir.Op("str.join", (ir.Const(", ", STR), ir.Name(parts, parts_type)), STR)
    shown_list = formatting.concatenation([ir.Const("[", STR), joined, ir.Const("]", STR)])
    fill = (ir.Assign(parts, ir.NewList((), parts_type), line), loop)
    return ir.Block(fill, shown_list, STR)
