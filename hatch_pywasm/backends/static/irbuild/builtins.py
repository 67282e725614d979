"""Builtin functions (abs, min, max, int, float, bool, round, len, str, sum) as IR."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import ir
from ..types import (
    BOOL,
    BYTES,
    FLOAT,
    INT,
    NONE,
    STR,
    DictType,
    FlagType,
    ListType,
    SetType,
    is_numeric,
)
from . import bytestrings, dicts, formatting, reprs, sequences, sets, strings
from .common import (
    LIBRARY_MODULE,
    unsupported,
)

if TYPE_CHECKING:
    from .expressions import ExpressionLowering as FunctionLowerer


#: A builtin: (the lowering of the calling function, lowered arguments, the call) -> IR.
Builtin = Callable[["FunctionLowerer", list[ir.Expr], ast.AST], ir.Expr]


def _builtin_abs(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    lw.numeric_args("abs", args, node, 1)
    x = args[0] if args[0].type is not BOOL else lw.coerce(args[0], INT, node, "")
    return ir.Op(f"{x.type}.abs", (x,), x.type)


def _parse(helper: str, args: list[ir.Expr], lw: FunctionLowerer) -> ir.Expr | None:
    """int(s) or float(s) of one str: the math library's parser (CPython's syntax and
    ValueError messages); None for any other arguments."""
    if len(args) != 1 or args[0].type is not STR:
        return None
    lw.owner.library_calls.add(helper)
    return ir.Call(helper, (args[0],), INT if helper == "_parse_int" else FLOAT, LIBRARY_MODULE)


def _builtin_int(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    parsed = _parse("_parse_int", args, lw)
    if parsed is not None:
        return parsed
    lw.numeric_args("int", args, node, 1)
    if args[0].type is FLOAT:
        return ir.Op("float.trunc_int", (args[0],), INT)
    return lw.coerce(args[0], INT, node, "")


def _builtin_float(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    parsed = _parse("_parse_float", args, lw)
    if parsed is not None:
        return parsed
    lw.numeric_args("float", args, node, 1)
    return lw.coerce(args[0], FLOAT, node, "")


def _builtin_bool(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    if len(args) == 1 and isinstance(args[0].type, FlagType):  # (any members in it)
        return lw.truth(args[0], node)
    lw.numeric_args("bool", args, node, 1)
    return lw.truth(args[0], node)


def _builtin_round(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    if len(args) == 2:
        return _round_digits(lw, args, node)
    lw.numeric_args("round", args, node, 1)
    if args[0].type is FLOAT:
        return ir.Op("float.round_int", (args[0],), INT)  # half to even, as CPython
    return lw.coerce(args[0], INT, node, "")


def _round_digits(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """round(x, ndigits): exact, in the math library (a float: CPython's correctly rounded
    decimal result; an int: the nearest multiple of 10**-ndigits)."""
    lw.numeric_args("round", args, node, 2)
    ndigits = args[1]
    if ndigits.type is FLOAT:
        raise lw.error(node, "round() ndigits is a float, expected int")
    ndigits = lw.coerce(ndigits, INT, node, "")
    helper, x = (
        ("_round_digits", args[0])
        if args[0].type is FLOAT
        else ("_round_int", lw.coerce(args[0], INT, node, ""))
    )
    lw.owner.library_calls.add(helper)
    return ir.Call(helper, (x, ndigits), x.type, LIBRARY_MODULE)


def _min_max(op: str) -> Builtin:
    def build(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
        if len(args) == 1 and isinstance(args[0].type, ListType):
            return sequences.extreme_of_list(lw, op, args[0], node)
        if len(args) < 2:
            raise unsupported(lw.file, node, f"{op}() of one argument that is not a list")
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
    if len(args) == 1 and sequences.is_tuple_like(lw, args[0].type):
        return sequences.tuple_len(args[0])
    if len(args) == 1 and isinstance(args[0].type, DictType):
        return dicts.length(args[0])
    if len(args) == 1 and isinstance(args[0].type, SetType):
        return sets.length(args[0])
    if len(args) == 1 and args[0].type is BYTES:
        return bytestrings.length(args[0])
    if len(args) != 1 or args[0].type is not STR:
        raise unsupported(lw.file, node, "len() of anything but a str, list or tuple")
    return ir.Op("str.len", (args[0],), INT)


def _builtin_list(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """``list(x)``: a new list of a set's items (its table's order), a dict's keys, a list's
    items or a str's characters."""
    if len(args) == 1 and isinstance(args[0].type, SetType):
        return sets.items(args[0])
    if len(args) == 1 and isinstance(args[0].type, DictType):
        return sequences.copy(dicts.keys(args[0]))
    if len(args) == 1 and isinstance(args[0].type, ListType):
        return sequences.copy(args[0])
    if len(args) == 1 and args[0].type is STR:
        return ir.Op("str.chars", (args[0],), ListType(STR))
    raise unsupported(lw.file, node, "list() of anything but a set, dict, list or str")


def _builtin_str(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    if len(args) != 1:
        raise unsupported(lw.file, node, "str() without exactly one argument")
    return lw.to_str(args[0], node)


def _builtin_repr(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """repr() as CPython writes it (:mod:`.reprs`): the f-string conversion !r."""
    if len(args) != 1:
        raise unsupported(lw.file, node, "repr() without exactly one argument")
    return reprs.text(lw, args[0], node)


def _builtin_format(lw: FunctionLowerer, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """format(x) and format(x, "spec") with a constant spec, as the f-string {x:spec}."""
    if len(args) == 1:
        return lw.to_str(args[0], node)
    match args:
        case [value, ir.Const(value=str() as spec)]:
            return lw.formatted(value, spec, node)
    raise unsupported(lw.file, node, "format() without one value and a constant spec")


def issubclass_of(lw: FunctionLowerer, node: ast.Call) -> ir.Expr | None:
    """``issubclass(A, B)`` of two classes of the project: a constant (a class statement
    binds its name once, and its bases are fixed); None for other arguments."""
    match node:
        case ast.Call(args=[ast.Name() as sub, ast.Name() as base], keywords=[]) if not (
            {sub.id, base.id} & (set(lw.vars) | lw.local_names)
        ):
            found = lw.owner.dataclass_named(sub), lw.owner.dataclass_named(base)
            if found[0] is None or found[1] is None:
                return None
            return ir.Const(lw.owner.annotations.is_subclass(*found), BOOL)
    return None


def print_call(lw: FunctionLowerer, node: ast.Call) -> ir.Expr:
    """``print(*values, sep=" ", end="\\n")``: the arguments evaluated once each, in order (as
    a call evaluates them), then str() of each value joined by sep, with end, written to
    standard output (WASI stdout, stdio.py). sep and end are strs or None (the default);
    ``flush=`` changes nothing (every print is written and flushed); ``file=`` is outside."""
    line = getattr(node, "lineno", 0)
    staged: list[ir.Stmt] = []

    def held(value: ast.expr) -> ir.Expr:
        lowered = lw.expr(value)
        name = lw.temp(lowered.type)
        staged.append(ir.Assign(name, lowered, line))
        return ir.Name(name, lowered.type)

    if any(isinstance(a, ast.Starred) for a in node.args):
        raise unsupported(lw.file, node, "print(*values)")
    values = [held(a) for a in node.args]
    texts = {"sep": ir.Const(" ", STR), "end": ir.Const("\n", STR)}
    for keyword in node.keywords:
        if keyword.arg not in ("sep", "end", "flush"):
            raise unsupported(lw.file, node, f"print({keyword.arg or '**'}=...)")
        if isinstance(keyword.value, ast.Constant) and keyword.value.value is None:
            continue  # the default
        given = held(keyword.value)
        if keyword.arg == "flush":
            continue
        if given.type is not STR:  # CPython: TypeError "sep must be None or a string, ..."
            raise unsupported(lw.file, node, f"print({keyword.arg}=) of a {given.type}")
        texts[keyword.arg] = given
    pieces: list[ir.Expr] = []
    for k, value in enumerate(values):
        pieces += [texts["sep"]] if k else []
        pieces.append(lw.to_str(value, node))
    text = formatting.concatenation([*pieces, texts["end"]])
    return ir.Block(tuple(staged), ir.Op("io.print", (text,), NONE), NONE)


BUILTINS: dict[str, Builtin] = {
    "str": _builtin_str,
    "format": _builtin_format,
    "repr": _builtin_repr,
    "len": _builtin_len,
    "list": _builtin_list,
    "abs": _builtin_abs,
    "int": _builtin_int,
    "float": _builtin_float,
    "bool": _builtin_bool,
    "round": _builtin_round,
    "min": _min_max("min"),
    "max": _min_max("max"),
    "sum": sequences.builtin_sum,
    "ord": strings.builtin_ord,
    "chr": strings.builtin_chr,
    "bytes": bytestrings.builtin_bytes,
}
