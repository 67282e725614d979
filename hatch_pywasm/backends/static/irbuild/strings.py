"""str builtins and methods of application code: ``ord``, ``chr``, ``sep.join(parts)``; each
check CPython makes is an explicit IR test raising CPython's exception and message."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..support import chartables
from ..types import BOOL, FLOAT, INT, NONE, STR, ListType, Type, tuple_of
from . import sequences
from .common import LIBRARY_MODULE, unsupported

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


#: The keyword parameters of str methods, in order.
_KEYWORDS = {"split": ("sep", "maxsplit"), "rsplit": ("sep", "maxsplit"),
             "splitlines": ("keepends",)}  # fmt: skip


def positional(name: str, args: list[ast.expr], keywords: list[ast.keyword]) -> list[ast.expr]:
    """The arguments of ``s.name(*args, **keywords)`` as positional ones (a skipped one is
    None, the default of each of them); empty keywords leave args as they are. Raises
    ValueError unless the keywords are the method's, in its order (so evaluated in order)."""
    if not keywords:
        return args
    names = _KEYWORDS.get(name, ())
    given = [k.arg for k in keywords]
    if any(n not in names for n in given) or given != sorted(given, key=names.index):
        raise ValueError(f"keyword arguments of str.{name}()")
    if names.index(given[0]) < len(args):
        raise ValueError(f"keyword arguments of str.{name}()")  # CPython: TypeError
    out = list(args)
    for keyword in keywords:
        while len(out) < names.index(keyword.arg or ""):
            out.append(ast.Constant(None))
        out.append(keyword.value)
    return out


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
    if name in ("startswith", "endswith") and len(args) == 1 and isinstance(args[0], ast.Tuple):
        return _affix_any(lw, text, name, args[0], node)
    lowered = [lw.expr(a) for a in args]
    library = _library_method(lw, text, name, lowered, node)
    if library is not None:
        return library
    if any(a.type not in (STR, NONE) for a in lowered):
        given = ", ".join(str(a.type) for a in lowered)
        raise unsupported(lw.file, node, f"str.{name}() with arguments of types ({given})")
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


#: str methods of the math library (support/mathlib.py): name -> (helper, parameter types
#: after the str itself, how many of them may be left out, result type). A left-out argument
#: takes CPython's default from _DEFAULTS.
_LIBRARY_METHODS: dict[str, tuple[str, tuple[Type, ...], int, Type]] = {
    "rfind": ("_str_rfind", (STR,), 0, INT),
    "index": ("_str_index", (STR,), 0, INT),
    "rindex": ("_str_rindex", (STR,), 0, INT),
    "removeprefix": ("_str_removeprefix", (STR,), 0, STR),
    "removesuffix": ("_str_removesuffix", (STR,), 0, STR),
    "partition": ("_str_partition", (STR,), 0, tuple_of((STR, STR, STR))),
    "rpartition": ("_str_rpartition", (STR,), 0, tuple_of((STR, STR, STR))),
    "zfill": ("_str_zfill", (INT,), 0, STR),
    "center": ("_str_pad", (INT, STR), 1, STR),
    "ljust": ("_str_pad", (INT, STR), 1, STR),
    "rjust": ("_str_pad", (INT, STR), 1, STR),
    "splitlines": ("_str_splitlines", (BOOL,), 1, ListType(STR)),
    "title": ("_str_title", (), 0, STR),
    "capitalize": ("_str_capitalize", (), 0, STR),
}
_ALL = ir.Const(-1, INT)  # maxsplit's default: no limit
_DEFAULTS: dict[Type, ir.Expr] = {STR: ir.Const(" ", STR), BOOL: ir.Const(False, BOOL)}
#: _str_pad's alignment argument for each padding method (the code point of '<', '>', 'c').
_PAD_ALIGN = {"ljust": ord("<"), "rjust": ord(">"), "center": ord("c")}


def _library_method(
    lw: ExpressionLowering, text: ir.Expr, name: str, args: list[ir.Expr], node: ast.AST
) -> ir.Expr | None:
    """A call of a library helper for the method, or None if the library has none."""
    if name in ("split", "rsplit") and (len(args) == 2 or (name == "rsplit" and len(args) < 2)):
        sep = args[0] if args else ir.Const(0, NONE)
        count = lw.coerce(args[1], INT, node, "a maxsplit") if len(args) == 2 else _ALL
        if sep.type is NONE and isinstance(sep, ir.Const):
            return _library_call(lw, f"_str_{name}_ws", (text, count), ListType(STR))
        if sep.type is STR:
            return _library_call(lw, f"_str_{name}", (text, sep, count), ListType(STR))
        return None
    if name not in _LIBRARY_METHODS:
        return None
    helper, types, optional, result = _LIBRARY_METHODS[name]
    if not len(types) - optional <= len(args) <= len(types):
        return None
    pairs = list(zip(args, types[: len(args)], strict=True))
    if any(a.type is not t and (t, a.type) != (INT, BOOL) for a, t in pairs):
        return None
    full = [lw.coerce(a, t, node, "") for a, t in pairs]
    full += [_DEFAULTS[t] for t in types[len(args) :]]
    if name in _PAD_ALIGN:
        full.append(ir.Const(_PAD_ALIGN[name], INT))
    return _library_call(lw, helper, (text, *full), result)


def _library_call(
    lw: ExpressionLowering, helper: str, args: tuple[ir.Expr, ...], result: Type
) -> ir.Expr:
    lw.owner.library_calls.add(helper)
    return ir.Call(helper, args, result, LIBRARY_MODULE)


def _affix_any(
    lw: ExpressionLowering, text: ir.Expr, name: str, options: ast.Tuple, node: ast.AST
) -> ir.Expr:
    """``s.startswith((a, b))``: every item evaluated first (the tuple is built), then tried
    in order."""
    line = getattr(node, "lineno", 0)
    held = lw.temp(STR)
    fill: list[ir.Stmt] = [ir.Assign(held, text, line)]
    tests: list[ir.Expr] = []
    for item in options.elts:
        value = lw.expr(item)
        if value.type is not STR:
            raise unsupported(lw.file, node, f"str.{name}() of a tuple holding a {value.type}")
        option = lw.temp(STR)
        fill.append(ir.Assign(option, value, line))
        tests.append(ir.Op(f"str.{name}", (ir.Name(held, STR), ir.Name(option, STR)), BOOL))
    result: ir.Expr = ir.Const(False, BOOL)
    for test in reversed(tests):
        result = test if result == ir.Const(False, BOOL) else ir.Logical("or", test, result, BOOL)
    return ir.Block(tuple(fill), result, BOOL)


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
