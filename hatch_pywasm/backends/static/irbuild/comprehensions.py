"""Comprehensions as loops: ``[element for target in source if ... for ...]`` (also what
generator expressions, dict and set comprehensions and ``key=`` functions lower to).

Each ``for`` is a loop nested in the one before it, as CPython runs them: the first source is
evaluated once, in the enclosing scope; each later one every time its loop starts, seeing the
variables of the loops around it. A target is a name or a tuple of names (``for k, v in
pairs``: each item unpacked, so its type must be a tuple of that many fields). Every variable is
a hidden local: in Python 3 it belongs to the comprehension, not the function."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import ir
from ..types import BOOL, INT, NONE, ListType, StructType, Type, is_list_element
from . import expressions, sequences  # (expressions imports this module: read at call time)
from .common import unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


@dataclass(frozen=True)
class Generator:
    """One ``for target in source if ...`` clause. ``target``: a name or a tuple of names;
    ``source``: its expression, or a list already lowered."""

    target: ast.expr
    source: ast.expr | ir.Expr
    conditions: list[ast.expr]


def generators_of(node: ast.ListComp | ast.GeneratorExp) -> list[Generator] | None:
    """The clauses of a comprehension; None when one is not of the compiled forms (``async
    for``, a target other than a name or a tuple of names)."""
    found = []
    for clause in node.generators:
        target = clause.target
        names = target.elts if isinstance(target, ast.Tuple) else [target]
        if clause.is_async or not all(isinstance(n, ast.Name) for n in names):
            return None
        found.append(Generator(target, clause.iter, list(clause.ifs)))
    return found


@dataclass
class _Result:
    """What the innermost loop fills (known once the element is lowered)."""

    name: str = ""
    type: Type = NONE
    start: ir.Expr | None = None


def lower(
    lw: ExpressionLowering,
    clauses: list[Generator],
    element: ast.expr,
    node: ast.expr,
    fold: str | None = None,
) -> ir.Expr:
    """The loops, then the list they filled; with ``fold`` ("any"/"all", one clause only)
    the bool that the first deciding item sets, stopping there as CPython does."""
    assert fold is None or len(clauses) == 1
    line = getattr(node, "lineno", 0)
    result = _Result()
    loop = _loop(lw, clauses, element, node, fold, result, line)
    assert result.start is not None
    fill = (ir.Assign(result.name, result.start, line), loop)
    return ir.Block(fill, ir.Name(result.name, result.type), result.type)


def _loop(
    lw: ExpressionLowering,
    clauses: list[Generator],
    element: ast.expr,
    node: ast.expr,
    fold: str | None,
    result: _Result,
    line: int,
) -> ir.Stmt:
    clause, inner = clauses[0], clauses[1:]
    bounds: list[ir.Expr] = []
    items: ir.Expr | None = None
    match clause.source:
        case lowered if not isinstance(lowered, ast.AST):
            items = lowered
            assert isinstance(items.type, ListType)
            item_type: Type = items.type.element
        case ast.Call(func=ast.Name(id="range"), args=args, keywords=[]) if (
            1 <= len(args) <= 3 and "range" not in lw.vars
        ):
            bounds = [lw.coerce(lw.expr(a), INT, a, "a range() argument") for a in args]
            item_type = INT
        case source:
            assert isinstance(source, ast.expr)
            items = sequences.iterated(lw, source)
            assert isinstance(items.type, ListType)
            item_type = items.type.element
    hidden = lw.temp(item_type)
    bound, unpacked = _bind(lw, clause.target, hidden, item_type)
    outer = {name: lw.renamed.get(name) for name, _ in bound}
    lw.renamed.update(dict(bound))
    saved = dict(lw.narrowed)
    try:
        tests = []
        later: list[ast.expr] = [element]  # what a narrowing may reach: the rest of the clauses
        for c in inner:
            later += [c.source, *c.conditions] if isinstance(c.source, ast.expr) else c.conditions
        for k, c in enumerate(clause.conditions):  # each if sees what the earlier ones proved
            tests.append(lw.truth(lw.expr(c), c))
            proved = lw.narrowing(c)[0]
            lw.narrowed.update(expressions.stable(proved, [*clause.conditions[k + 1 :], *later]))
        if inner:
            body: tuple[ir.Stmt, ...] = (_loop(lw, inner, element, node, fold, result, line),)
        else:
            body = _innermost(lw, lw.expr(element), element, node, fold, result, line)
    finally:
        lw.narrowed = saved
        for name, previous in outer.items():
            if previous is None:
                del lw.renamed[name]
            else:
                lw.renamed[name] = previous
    for test in reversed(tests):
        body = (ir.If(test, body, (), line),)
    unpack = tuple(
        ir.Assign(local, ir.GetField(ir.Name(hidden, item_type), k, t), line)
        for k, (local, t) in enumerate(unpacked)
    )
    body = (*unpack, *body)
    if items is None:
        start, stop, step = (
            (ir.Const(0, INT), bounds[0], ir.Const(1, INT)) if len(bounds) == 1
            else (*bounds, ir.Const(1, INT)) if len(bounds) == 2
            else bounds
        )  # fmt: skip
        return ir.ForRange(hidden, start, stop, step, body, line)
    return ir.ForList(hidden, items, body, line)


def _bind(
    lw: ExpressionLowering, target: ast.expr, hidden: str, item_type: Type
) -> tuple[list[tuple[str, str]], list[tuple[str, Type]]]:
    """(variable, its hidden local) for each name of the target, and the locals a tuple
    target unpacks each item into, with their types: a name is the loop's own local (nothing
    to unpack); a tuple of names gets a local per field of the item."""
    if isinstance(target, ast.Name):
        return [(target.id, hidden)], []
    assert isinstance(target, ast.Tuple)
    names = [n.id for n in target.elts if isinstance(n, ast.Name)]
    if not sequences.is_tuple_like(lw, item_type):
        raise lw.error(
            target, f"cannot unpack an item of type {item_type} into {ast.unparse(target)}"
        )
    assert isinstance(item_type, StructType)
    if len(item_type.fields) != len(names):
        raise lw.error(target, f"cannot unpack a {item_type} into {len(names)} names")
    fields = [(lw.temp(t), t) for _, t in item_type.fields]
    return [(name, local) for name, (local, _) in zip(names, fields, strict=True)], fields


def _innermost(
    lw: ExpressionLowering,
    value: ir.Expr,
    element: ast.expr,
    node: ast.expr,
    fold: str | None,
    result: _Result,
    line: int,
) -> tuple[ir.Stmt, ...]:
    """What each item does: append the element's value, or (any/all) stop when it decides."""
    if fold is not None:
        result.name, result.type = lw.temp(BOOL), BOOL
        result.start = ir.Const(fold == "all", BOOL)
        decides = lw.truth(value, element)
        if fold == "all":
            decides = ir.Op("bool.not", (decides,), BOOL)
        stop = (ir.Assign(result.name, ir.Const(fold == "any", BOOL), line), ir.Break(line))
        return (ir.If(decides, stop, (), line),)
    if not is_list_element(value.type):
        raise unsupported(lw.file, node, f"a list of {value.type}")
    result.type = ListType(value.type)
    result.name = lw.temp(result.type)
    result.start = ir.NewList((), result.type)
    append = ir.Op("list.append", (ir.Name(result.name, result.type), value), NONE)
    return (ir.Eval(append, line),)
