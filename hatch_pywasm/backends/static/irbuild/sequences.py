"""Sequences as wholes: slices of lists, str and tuples, ``in`` over a list or tuple, ``==`` of
lists, tuples and dataclasses, the builtins ``sum``, ``min``, ``max`` over a list, ``len`` of
a tuple and its items by an index known at run time."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import ir
from ..errors import SubsetError
from ..types import (
    BOOL,
    BYTES,
    FLOAT,
    INT,
    NONE,
    STR,
    DictType,
    ListType,
    Scalar,
    SetType,
    StructType,
    Type,
    tuple_of,
    wasm_type,
)
from . import formatting
from .common import literal, unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering

#: The ``omitted`` operand of a slice: which bounds the source left out (support/sequence.wat).
START_OMITTED, STOP_OMITTED = 1, 2


def slice_of(lw: ExpressionLowering, value: ir.Expr, index: ast.Slice) -> ir.Expr:
    """``value[start:stop:step]`` of a str or list. Bounds are evaluated in source order; an
    omitted one is a placeholder the runtime replaces (its default depends on the step's sign)."""
    omitted = (START_OMITTED if index.lower is None else 0) | (
        STOP_OMITTED if index.upper is None else 0
    )
    start, stop, step = (
        ir.Const(default, INT) if bound is None else lw.coerce(lw.expr(bound), INT, bound, what)
        for bound, default, what in (
            (index.lower, 0, "a slice start"),
            (index.upper, 0, "a slice stop"),
            (index.step, 1, "a slice step"),
        )
    )
    # with a step in the source, str needs the code point walk (not linked otherwise)
    op = "list.slice" if value.type is not STR else "str.slice_step" if index.step else "str.slice"
    return ir.Op(op, (value, start, stop, step, ir.Const(omitted, INT)), value.type)


def contains(lw: ExpressionLowering, needle: ir.Expr, items: ir.Expr, node: ast.AST) -> ir.Expr:
    """``needle in items`` of a list (the needle evaluated first, as in Python)."""
    element = _scalar_element(lw, items, node, "'in' over")
    if element is FLOAT and needle.type in (INT, BOOL):
        exact = lw.coerce(needle, INT, node, "")
        return ir.Op("list[float].contains_int", (exact, items), BOOL)
    needle = lw.coerce(needle, element, node, f"the value looked for in a {items.type}")
    return ir.Op(f"{items.type.ops}.contains", (needle, items), BOOL)


def equality(lw: ExpressionLowering, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
    """``a == b`` / ``a != b`` of two lists, tuples or dataclasses (the caller checked that one
    of them is)."""
    if op not in ("eq", "ne"):
        raise unsupported(lw.file, node, f"ordering a {a.type} and a {b.type} (only == and !=)")
    if isinstance(a.type, ListType) and a.type == b.type:
        _scalar_element(lw, a, node, "== of")
        return ir.Op(f"{a.type.ops}.{op}", (a, b), BOOL)
    if isinstance(a.type, StructType) and isinstance(b.type, StructType):
        equal = _fields_equal(lw, a, b, node)
        return equal if op == "eq" else ir.Op("bool.not", (equal,), BOOL)
    raise lw.error(node, f"comparing a {a.type} with a {b.type} (== needs two values of one type)")


def _fields_equal(lw: ExpressionLowering, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
    """Field by field, stopping at the first difference (as a tuple compares its items); each
    side evaluated once, into a temporary, by the first comparison."""
    assert isinstance(a.type, StructType) and isinstance(b.type, StructType)
    same_shape = len(a.type.fields) == len(b.type.fields) and a.type.name == b.type.name
    if not same_shape or not a.type.fields:
        raise lw.error(node, f"comparing a {a.type} with a {b.type} (== needs the same shape)")
    held_a, held_b = lw.temp(a.type), lw.temp(b.type)
    tests: list[ir.Expr] = []
    for k, ((_, ta), (_, tb)) in enumerate(zip(a.type.fields, b.type.fields, strict=True)):
        left = ir.Tee(held_a, a, a.type) if k == 0 else ir.Name(held_a, a.type)
        right = ir.Tee(held_b, b, b.type) if k == 0 else ir.Name(held_b, b.type)
        pair = ir.GetField(left, k, ta), ir.GetField(right, k, tb)
        tests.append(lw.compare_pair("eq", *pair, node))
    result = tests[-1]
    for test in reversed(tests[:-1]):
        result = ir.Logical("and", test, result, BOOL)
    return result


def builtin_sum(lw: ExpressionLowering, args: list[ir.Expr], node: ast.AST) -> ir.Expr:
    """``sum(xs)`` of a list of numbers: int for int and bool items, float for float items."""
    if len(args) != 1 or not isinstance(args[0].type, ListType):
        raise unsupported(lw.file, node, "sum() of anything but one list (no start value)")
    element = _scalar_element(lw, args[0], node, "sum() of")
    if element is STR:
        raise lw.error(node, "sum() of a list[str] (CPython refuses to add str with sum())")
    return ir.Op(f"{args[0].type.ops}.sum", (args[0],), FLOAT if element is FLOAT else INT)


def extreme_of_list(lw: ExpressionLowering, op: str, items: ir.Expr, node: ast.AST) -> ir.Expr:
    """``min(xs)`` / ``max(xs)`` of one list: its element type; ValueError when empty."""
    assert isinstance(items.type, ListType)
    _scalar_element(lw, items, node, f"{op}() of")
    return ir.Op(f"{items.type.ops}.{op}", (items,), items.type.element)


def _scalar_element(lw: ExpressionLowering, items: ir.Expr, node: ast.AST, what: str) -> Scalar:
    """The element type of a list whose items the runtime compares (int, float, bool, str)."""
    assert isinstance(items.type, ListType)
    element = items.type.element
    if not isinstance(element, Scalar):
        raise unsupported(lw.file, node, f"{what} a {items.type}")
    return element


def is_tuple(t: object) -> bool:
    return isinstance(t, StructType) and not t.name


def is_tuple_like(lw: ExpressionLowering, t: object) -> bool:
    """A tuple, or a NamedTuple's record (indexed, measured and unpacked as its tuple)."""
    return is_tuple(t) or lw.owner.annotations.is_named_tuple(t)


def tuple_element(lw: ExpressionLowering, value: ir.Expr, node: ast.AST, what: str) -> Scalar:
    """The one type of every item of a tuple (``for x in t``, ``t[i]`` with i known only at run
    time: a value needs one static type)."""
    assert isinstance(value.type, StructType)
    kinds = {t for _, t in value.type.fields}
    if len(kinds) != 1:
        raise unsupported(lw.file, node, f"{what} a {value.type} (items of different types)")
    return next(iter(kinds))


def concatenation(lw: ExpressionLowering, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
    """``a + b`` of two lists of one type (``tuple[T, ...]`` is one too): a new list, the items
    of ``a`` then those of ``b``, both evaluated before either is read (``xs + xs`` reads one
    list twice); of two tuples: a new tuple of their fields."""
    line = getattr(node, "lineno", 0)
    held: list[ir.Stmt] = []
    names: list[ir.Expr] = []
    for value in (a, b):
        name = lw.temp(value.type)
        held.append(ir.Assign(name, value, line))
        names.append(ir.Name(name, value.type))
    first, second = names
    if is_tuple(a.type) and is_tuple(b.type):
        assert isinstance(a.type, StructType) and isinstance(b.type, StructType)
        fields = [ir.GetField(first, k, t) for k, (_, t) in enumerate(a.type.fields)]
        fields += [ir.GetField(second, k, t) for k, (_, t) in enumerate(b.type.fields)]
        t = tuple_of(tuple(f.type for f in fields))
        return ir.Block(tuple(held), ir.NewStruct(tuple(fields), t), t)
    if not (isinstance(a.type, ListType) and a.type == b.type):
        raise unsupported(lw.file, node, f"the operator + on a {a.type} and a {b.type}")
    joined = lw.temp(a.type)
    whole = (ir.Const(0, INT), ir.Const(0, INT), ir.Const(1, INT))
    omitted = ir.Const(START_OMITTED | STOP_OMITTED, INT)
    held.append(ir.Assign(joined, ir.Op("list.slice", (first, *whole, omitted), a.type), line))
    held.append(ir.Eval(ir.Op("list.extend", (ir.Name(joined, a.type), second), NONE), line))
    return ir.Block(tuple(held), ir.Name(joined, a.type), a.type)


def tuple_len(value: ir.Expr) -> ir.Expr:
    """``len(t)``: a constant, once ``t`` is evaluated."""
    assert isinstance(value.type, StructType)
    return ir.Op("tuple.len", (value, ir.Const(len(value.type.fields), INT)), INT)


def tuple_subscript(
    lw: ExpressionLowering, value: ir.Expr, index: ast.expr, node: ast.AST
) -> ir.Expr:
    """``t[k]`` (a constant in range: that field), ``t[i]`` (known at run time: every item has
    one type; IndexError as CPython), ``t[a:b:c]`` (constant bounds: a new tuple)."""
    assert isinstance(value.type, StructType)
    size = len(value.type.fields)
    if isinstance(index, ast.Slice):
        return _tuple_slice(lw, value, index, node)
    constant = literal(index)
    if constant is not None and constant.type is INT and -size <= int(constant.value) < size:
        k = int(constant.value) % size
        return ir.GetField(value, k, value.type.fields[k][1])
    kinds = {t for _, t in value.type.fields}
    if constant is not None and constant.type is INT and len(kinds) != 1:
        raise lw.error(node, f"tuple index {constant.value} out of range for a {value.type}")
    element = tuple_element(lw, value, node, "indexing at run time")
    position = lw.coerce(lw.expr(index), INT, node, "a tuple index")
    return ir.Op(f"tuple.get.{element}", (value, position, ir.Const(size, INT)), element)


def _tuple_slice(
    lw: ExpressionLowering, value: ir.Expr, index: ast.Slice, node: ast.AST
) -> ir.Expr:
    """A tuple slice's items must be known at compile time (they make its type): constant bounds,
    chosen as CPython would (``slice.indices``)."""
    assert isinstance(value.type, StructType)
    bounds: list[int | None] = []
    for bound in (index.lower, index.upper, index.step):
        constant = None if bound is None else literal(bound)
        if bound is not None and (constant is None or constant.type is not INT):
            raise unsupported(lw.file, node, "a tuple slice whose bounds are not int constants")
        bounds.append(None if constant is None else int(constant.value))
    if bounds[2] == 0:
        raise lw.error(node, "slice step cannot be zero")
    chosen = range(len(value.type.fields))[slice(*bounds)]
    if not chosen and not isinstance(value, ir.Name):
        raise unsupported(lw.file, node, "an empty slice of a tuple expression")
    held = lw.temp(value.type)
    items = tuple(
        ir.GetField(ir.Tee(held, value, value.type) if n == 0 else ir.Name(held, value.type), k,
                    value.type.fields[k][1])
        for n, k in enumerate(chosen)
    )  # fmt: skip
    return ir.NewStruct(items, tuple_of(tuple(item.type for item in items)))


def tuple_contains(
    lw: ExpressionLowering, needle: ir.Expr, items: ir.Expr, node: ast.AST
) -> ir.Expr:
    """``needle in t``: compared with each item in turn, stopping at the first equal one (the
    needle, then the tuple, evaluated once, in that order)."""
    element = tuple_element(lw, items, node, "'in' over")
    if not (element is FLOAT and needle.type in (INT, BOOL)):  # int vs float: compared exactly
        needle = lw.coerce(needle, element, node, f"the value looked for in a {items.type}")
    elif needle.type is BOOL:
        needle = lw.coerce(needle, INT, node, "")
    assert isinstance(items.type, StructType)
    held_needle, held_items = lw.temp(needle.type), lw.temp(items.type)
    tests: list[ir.Expr] = []
    for k in range(len(items.type.fields)):
        first = k == 0
        left = (
            ir.Tee(held_needle, needle, needle.type) if first else ir.Name(held_needle, needle.type)
        )
        tuple_ = ir.Tee(held_items, items, items.type) if first else ir.Name(held_items, items.type)
        tests.append(lw.compare_pair("eq", left, ir.GetField(tuple_, k, element), node))
    result = tests[-1]
    for test in reversed(tests[:-1]):
        result = ir.Logical("or", test, result, BOOL)
    return result


def is_builtin_call(lw: ExpressionLowering, node: ast.expr, name: str) -> bool:
    """``name(...)`` of the builtin (not shadowed by a variable or a function of the module)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == name
        and name not in lw.vars
        and name not in lw.owner.defs
    )


def consumed_whole(lw: ExpressionLowering, node: ast.expr) -> ir.Expr:
    """An iterable that a builtin reads to its end before any other code runs (``sorted``,
    ``str.join``), as a list: a generator as its list comprehension, ``reversed(xs)`` as a
    reversed copy (no code can change ``xs`` while it is read), a str as its code points."""
    if isinstance(node, ast.GeneratorExp):
        return lw.expr(ast.copy_location(ast.ListComp(node.elt, node.generators), node))
    if is_builtin_call(lw, node, "reversed"):
        assert isinstance(node, ast.Call)
        return reversed_of(lw, node, copy_list=True)
    return iterated(lw, node)


def reversed_of(lw: ExpressionLowering, node: ast.Call, copy_list: bool = False) -> ir.Expr:
    """``reversed(s)`` of a str: its code points, last first (a str cannot change, so a list of
    them iterates as the iterator does). A list's reversed iterator reads the list as it is at
    each step: a copy is exact only where the caller consumes it whole (``copy_list``); a
    ``for`` loop over it walks the list itself (statements.for_reversed)."""
    if len(node.args) != 1 or node.keywords:
        raise lw.error(node, "reversed() takes exactly one argument")
    value = lw.expr(node.args[0])
    if value.type is STR:
        return ir.Op("str.reversed_chars", (value,), ListType(STR))
    if isinstance(value.type, ListType) and copy_list:
        return ir.Op("list.reversed", (value,), value.type)
    where = "outside a for loop, sorted() or str.join()"
    raise unsupported(lw.file, node, f"reversed() of a {value.type} {where}")


def builtin_sorted(lw: ExpressionLowering, node: ast.Call) -> ir.Expr:
    """``sorted(xs)`` / ``sorted(xs, key=f, reverse=flag)``: a new list, stably sorted
    (support/text.wat) by the items (ints, floats, bools or strs) or by their keys. The iterable
    is evaluated before the keywords, in their order."""
    if len(node.args) != 1 or any(isinstance(a, ast.Starred) for a in node.args):
        raise unsupported(lw.file, node, "sorted() without exactly one iterable")
    items = consumed_whole(lw, node.args[0])
    if not isinstance(items.type, ListType):
        raise unsupported(lw.file, node, f"sorted() of a {items.type}")
    result = ListType(items.type.element)
    return _sorted_by(lw, items, result, node.keywords, node, "sorted()")


def _sorted_by(
    lw: ExpressionLowering,
    items: ir.Expr,
    result: ListType,
    keywords: list[ast.keyword],
    node: ast.AST,
    what: str,
) -> ir.Expr:
    """A new list of ``items`` (a list) stably sorted by ``key=`` and ``reverse=``: the items
    are copied first (a key that changes the list does not change what is sorted, as CPython
    sorts a copy), then each item's key computed in order, before any comparison."""
    line = getattr(node, "lineno", 0)
    reverse: ir.Expr = ir.Const(False, BOOL)
    key: ast.expr | None = None
    for keyword in keywords:
        if keyword.arg == "key" and not (isinstance(keyword.value, ast.Constant)
                                         and keyword.value.value is None):  # fmt: skip
            key = keyword.value
        elif keyword.arg == "reverse":
            reverse = lw.expr(keyword.value)
            if reverse.type not in (BOOL, INT):
                raise lw.error(
                    keyword.value, f"{what}'s reverse is a {reverse.type}, expected bool"
                )
            reverse = lw.truth(reverse, keyword.value)
        elif keyword.arg != "key":
            raise unsupported(lw.file, node, f"{what} with {keyword.arg or '**'}=")
    if key is None:
        element = _scalar_element(lw, items, node, f"{what} of")
        return ir.Op(f"{ListType(element)}.sorted", (items, reverse), result)
    held, flag = lw.temp(items.type), lw.temp(BOOL)
    staged: list[ir.Stmt] = [ir.Assign(held, copy(items), line), ir.Assign(flag, reverse, line)]
    keys = _keys(lw, ir.Name(held, items.type), key, node)
    if isinstance(keys.type, ListType) and is_tuple(keys.type.element):
        by_tuples = _sorted_by_tuples(lw, ir.Name(held, items.type), keys, flag, key, result)
        return ir.Block((*staged, *by_tuples.body), by_tuples.value, result)
    kind = _scalar_element(lw, keys, key, "sorting by keys that are")
    sort = ir.Op(f"{ListType(kind)}.sorted_by", (ir.Name(held, items.type), keys,
                                                  ir.Name(flag, BOOL)), result)  # fmt: skip
    return ir.Block(tuple(staged), sort, result)


def _sorted_by_tuples(
    lw: ExpressionLowering,
    items: ir.Name,
    keys: ir.Expr,
    reverse: str,
    node: ast.AST,
    result: ListType,
) -> ir.Block:
    """``items`` stably sorted by tuple ``keys`` of ints, floats, bools and strs: CPython's
    tuple order is lexicographic, so the positions are stably sorted by each part of the keys
    in turn, the last part first (with ``reverse``, each pass keeps equal keys in order, as
    CPython's reverse sort does); then the items are read in that order."""
    line = getattr(node, "lineno", 0)
    assert isinstance(keys.type, ListType) and isinstance(keys.type.element, StructType)
    parts = keys.type.element.fields
    held = lw.temp(keys.type)
    staged: list[ir.Stmt] = [ir.Assign(held, keys, line)]
    count = ir.Op("list.len", (items,), INT)
    order = lw.temp(ListType(INT))
    staged += _listed(lw, order, count, lambda i: i, line)
    for k in reversed(range(len(parts))):
        kind = parts[k][1]
        if not isinstance(kind, Scalar):
            raise unsupported(lw.file, node, f"sorting by keys that are a {keys.type}")
        part = lw.temp(ListType(kind))

        def key_part(i: ir.Expr, k: int = k, kind: Type = kind) -> ir.Expr:
            at = ir.Op("list.get", (ir.Name(order, ListType(INT)), i), INT)
            whole = ir.Op("list.get", (ir.Name(held, keys.type), at), keys.type.element)
            return ir.GetField(whole, k, kind)

        staged += _listed(lw, part, count, key_part, line)
        arguments = (
            ir.Name(order, ListType(INT)),
            ir.Name(part, ListType(kind)),
            ir.Name(reverse, BOOL),
        )
        staged.append(
            ir.Assign(order, ir.Op(f"{ListType(kind)}.sorted_by", arguments, ListType(INT)), line)
        )
    out = lw.temp(result)

    def item(i: ir.Expr) -> ir.Expr:
        at = ir.Op("list.get", (ir.Name(order, ListType(INT)), i), INT)
        return ir.Op("list.get", (items, at), result.element)

    staged += _listed(lw, out, count, item, line)
    return ir.Block(tuple(staged), ir.Name(out, result), result)


def _listed(
    lw: ExpressionLowering, name: str, count: ir.Expr, item: Callable[[ir.Expr], ir.Expr], line: int
) -> list[ir.Stmt]:
    """``name = [item(i) for i in range(count)]`` (``name`` a temp of the list's type)."""
    t = lw.vars[name]
    i = lw.temp(INT)
    step = ir.Eval(ir.Op("list.append", (ir.Name(name, t), item(ir.Name(i, INT))), NONE), line)
    return [
        ir.Assign(name, ir.NewList((), t), line),
        ir.ForRange(i, ir.Const(0, INT), count, ir.Const(1, INT), (step,), line),
    ]


def extreme_by_key(lw: ExpressionLowering, op: str, node: ast.Call) -> ir.Expr:
    """``min(xs, key=f)`` / ``max(xs, key=f)``: the first item whose key no later key is below
    (min) or above (max), as CPython's loop ``if key(x) < best`` (a NaN key never wins);
    ValueError when empty. The items are copied and every key computed first."""
    if len(node.args) != 1 or [k.arg for k in node.keywords] != ["key"]:
        raise unsupported(lw.file, node, f"{op}() with key= of more than one list")
    line = node.lineno
    items = consumed_whole(lw, node.args[0])
    if not isinstance(items.type, ListType):
        raise unsupported(lw.file, node, f"{op}() of a {items.type}")
    t = items.type
    held, best, i = lw.temp(t), lw.temp(INT), lw.temp(INT)
    listed = ir.Name(held, t)
    staged: list[ir.Stmt] = [ir.Assign(held, copy(items), line)]
    keys = _keys(lw, listed, node.keywords[0].value, node)
    assert isinstance(keys.type, ListType)
    kind = keys.type.element
    if not (is_tuple(kind) and _plain_parts(kind)):
        kind = _scalar_element(lw, keys, node, f"{op}() by keys that are")
    keyed_type = ListType(kind)
    keyed = lw.temp(keyed_type)
    staged.append(ir.Assign(keyed, keys, line))
    length = ir.Op("list.len", (listed,), INT)
    empty = ir.Op("int.eq", (length, ir.Const(0, INT)), BOOL)
    message = f"{op}() arg is an empty sequence"
    staged.append(ir.If(empty, (ir.Raise("builtins.ValueError", message, line),), (), line))
    staged.append(ir.Assign(best, ir.Const(0, INT), line))
    at = ir.Op("list.get", (ir.Name(keyed, keyed_type), ir.Name(i, INT)), kind)
    leader = ir.Op("list.get", (ir.Name(keyed, keyed_type), ir.Name(best, INT)), kind)
    wins = _beats(lw, "lt" if op == "min" else "gt", at, leader, node)
    step = ir.If(wins, (ir.Assign(best, ir.Name(i, INT), line),), (), line)
    staged.append(ir.ForRange(i, ir.Const(1, INT), length, ir.Const(1, INT), (step,), line))
    return ir.Block(tuple(staged), ir.Op("list.get", (listed, ir.Name(best, INT)), t.element),
                    t.element)  # fmt: skip


def _plain_parts(t: Type) -> bool:
    """Whether the tuple type ``t`` holds only ints, bools and strs: ordered as CPython's
    tuples by the parts (no float, whose NaN CPython's tuple order treats by identity)."""
    return isinstance(t, StructType) and all(p in (INT, BOOL, STR) for _, p in t.fields)


def _beats(lw: ExpressionLowering, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
    """``a < b`` (``op`` lt) or ``a > b`` (gt); tuples of plain parts lexicographically, as
    CPython: the first part that differs decides (``a0 < b0 or a0 == b0 and ...``)."""
    if not isinstance(a.type, StructType):
        return lw.compare_pair(op, a, b, node)
    parts = [(ir.GetField(a, k, t), ir.GetField(b, k, t)) for k, (_, t) in enumerate(a.type.fields)]
    decided: ir.Expr = ir.Const(False, BOOL)  # all parts equal: neither beats the other
    for x, y in reversed(parts):
        same = ir.Logical("and", lw.compare_pair("eq", x, y, node), decided, BOOL)
        decided = ir.Logical("or", lw.compare_pair(op, x, y, node), same, BOOL)
    return decided


def copy(items: ir.Expr) -> ir.Expr:
    whole = (ir.Const(0, INT), ir.Const(0, INT), ir.Const(1, INT))
    omitted = ir.Const(START_OMITTED | STOP_OMITTED, INT)
    return ir.Op("list.slice", (items, *whole, omitted), items.type)


def _keys(lw: ExpressionLowering, items: ir.Expr, key: ast.expr, node: ast.AST) -> ir.Expr:
    """``[key(x) for x in items]``: ``key`` a one-parameter lambda (its body, the parameter
    bound to each item as a comprehension's variable) or a function name."""
    if isinstance(key, ast.Lambda):
        a = key.args
        extra = a.posonlyargs or a.kwonlyargs or a.vararg or a.kwarg or a.defaults
        if len(a.args) != 1 or extra:
            raise unsupported(lw.file, key, "a key lambda without exactly one plain parameter")
        return lw.comprehension(a.args[0].arg, items, [], key.body, key)
    item = ast.Name("%item", ast.Load())
    call: ast.expr = ast.copy_location(ast.Call(key, [item], []), key)
    match key, node:  # max(d, key=d.get): every item is a key of d, so d[item]
        case ast.Attribute(value=ast.Name(id=owner), attr="get"), ast.Call(
            args=[ast.Name(id=iterated_name)]
        ) if owner == iterated_name and isinstance(lw.vars.get(owner), DictType):
            call = ast.copy_location(ast.Subscript(key.value, item, ast.Load()), key)
    return lw.comprehension("%item", items, [], call, key)


def iterated(lw: ExpressionLowering, node: ast.expr) -> ir.Expr:
    """What ``for`` (or a comprehension, enumerate, zip) walks: a list as it is, re-read at
    each step; a str as the list of its code points (it cannot change meanwhile); a set's
    items, a dict's keys, ``d.values()``, ``d.items()`` as a list of them (read whole)."""
    match node:
        case ast.Call(func=ast.Attribute(value=owner, attr="keys" | "values" | "items" as view),
                      args=[], keywords=[]):  # fmt: skip
            d = lw.expr(owner)
            if isinstance(d.type, DictType):
                return _view(d, view)
        case ast.Call(func=ast.Name(id="zip"), args=[_, _, *_] as args, keywords=[]) if (
            "zip" not in lw.vars
        ):
            return _zipped(lw, [_zip_source(lw, a) for a in args], node)
        case ast.Call(args=[source, *start], keywords=[]) if len(start) <= 1 and (
            is_builtin_call(lw, node, "enumerate")
        ):
            first = (
                lw.coerce(lw.expr(start[0]), INT, node, "enumerate()'s start") if start else None
            )
            return _enumerated(lw, iterated(lw, source), first, node)
    value = lw.expr(node)
    if value.type is STR:
        return ir.Op("str.chars", (value,), ListType(STR))
    if value.type is BYTES:  # nor can bytes: its ints as a list (support/bytes.wat)
        return ir.Op("bytes.items", (value,), ListType(INT))
    if isinstance(value.type, SetType):  # its items in table order, as CPython's iterator
        return ir.Op("set.items", (value,), ListType(value.type.element))
    if isinstance(value.type, DictType):
        return _view(value, "keys")
    if not isinstance(value.type, ListType):
        raise not_a_list(lw, value, node)
    return value


def _zip_source(lw: ExpressionLowering, node: ast.expr) -> ir.Expr:
    """One iterable of ``zip``: a ``range(...)`` as the list of its ints, else ``iterated``."""
    if is_builtin_call(lw, node, "range"):
        item = ast.Name("%r", ast.Load())
        clause = ast.comprehension(ast.Name("%r", ast.Store()), node, [], 0)
        listed = ast.fix_missing_locations(ast.copy_location(ast.ListComp(item, [clause]), node))
        return lw.expr(listed)
    return iterated(lw, node)


def _zipped(lw: ExpressionLowering, lists: list[ir.Expr], node: ast.expr) -> ir.Expr:
    """``zip(xs, ys, ...)`` read whole (``dict(zip(ks, vs))``, a comprehension's source): a new
    list of tuples, as long as the shortest list."""
    line = getattr(node, "lineno", 0)
    staged: list[ir.Stmt] = []
    held: list[ir.Name] = []
    for items in lists:
        name = lw.temp(items.type)
        staged.append(ir.Assign(name, items, line))
        held.append(ir.Name(name, items.type))
    shortest, i = lw.temp(INT), lw.temp(INT)
    staged.append(ir.Assign(shortest, ir.Op("list.len", (held[0],), INT), line))
    n = ir.Name(shortest, INT)
    for items in held[1:]:
        size = ir.Op("list.len", (items,), INT)
        shorter = ir.Op("int.lt", (size, n), BOOL)
        staged.append(ir.If(shorter, (ir.Assign(shortest, size, line),), (), line))
    elements = []
    for items in held:
        assert isinstance(items.type, ListType)
        elements.append(items.type.element)
    t = ListType(tuple_of(tuple(elements)))
    out = lw.temp(t)
    at = ir.Name(i, INT)
    row = ir.NewStruct(
        tuple(ir.Op("list.get", (h, at), e) for h, e in zip(held, elements, strict=True)), t.element
    )
    step = ir.Eval(ir.Op("list.append", (ir.Name(out, t), row), NONE), line)
    staged += [ir.Assign(out, ir.NewList((), t), line),
               ir.ForRange(i, ir.Const(0, INT), n, ir.Const(1, INT), (step,), line)]  # fmt: skip
    return ir.Block(tuple(staged), ir.Name(out, t), t)


def _enumerated(
    lw: ExpressionLowering, items: ir.Expr, start: ir.Expr | None, node: ast.expr
) -> ir.Expr:
    """``enumerate(xs, start)`` read whole (a comprehension's source): a new list of the
    (count, item) tuples."""
    assert isinstance(items.type, ListType)
    line = getattr(node, "lineno", 0)
    t = ListType(tuple_of((INT, items.type.element)))
    held, first, i, out = lw.temp(items.type), lw.temp(INT), lw.temp(INT), lw.temp(t)
    source, at = ir.Name(held, items.type), ir.Name(i, INT)
    count = ir.Op("int.add", (ir.Name(first, INT), at), INT)
    row = ir.NewStruct((count, ir.Op("list.get", (source, at), items.type.element)), t.element)
    step = ir.Eval(ir.Op("list.append", (ir.Name(out, t), row), NONE), line)
    length = ir.Op("list.len", (source,), INT)
    staged = (
        ir.Assign(held, items, line),
        ir.Assign(first, start or ir.Const(0, INT), line),
        ir.Assign(out, ir.NewList((), t), line),
        ir.ForRange(i, ir.Const(0, INT), length, ir.Const(1, INT), (step,), line),
    )
    return ir.Block(staged, ir.Name(out, t), t)


def starred_display(
    lw: ExpressionLowering, elements: list[ast.expr], node: ast.expr, frozen: bool
) -> ir.Expr:
    """``[*a, x, *b]`` (``(*a, x, *b)`` when ``frozen``): a new list of the items in order,
    each part evaluated in turn; the starred parts are lists (or what ``for`` walks) of one
    item type."""
    line = node.lineno
    parts = [iterated(lw, x.value) if isinstance(x, ast.Starred) else lw.expr(x) for x in elements]
    spread = {p.type.element for p, x in zip(parts, elements, strict=True)
              if isinstance(x, ast.Starred) and isinstance(p.type, ListType)}  # fmt: skip
    if len(spread) != 1:
        raise unsupported(lw.file, node, "unpacking lists of different item types in a display")
    (element,) = spread
    t = ListType(element, frozen)
    out = lw.temp(t)
    staged: list[ir.Stmt] = [ir.Assign(out, ir.NewList((), t), line)]
    for part, x in zip(parts, elements, strict=True):
        if isinstance(x, ast.Starred):
            staged.append(ir.Eval(ir.Op("list.extend", (ir.Name(out, t), part), NONE), line))
        else:
            item = lw.coerce(part, element, x, "a list item")
            staged.append(ir.Eval(ir.Op("list.append", (ir.Name(out, t), item), NONE), line))
    return ir.Block(tuple(staged), ir.Name(out, t), t)


def _view(d: ir.Expr, view: str) -> ir.Expr:
    """A new list of a dict's keys, values or (key, value) tuples, in insertion order."""
    t = d.type
    assert isinstance(t, DictType)
    if view == "items":
        return ir.Op("dict.items", (d,), ListType(tuple_of((t.key, t.value))))
    return copy(
        ir.GetField(d, int(view == "values"), ListType(t.key if view == "keys" else t.value))
    )


def not_a_list(lw: ExpressionLowering, value: ir.Expr, node: ast.AST) -> SubsetError:
    """Why ``value`` cannot be iterated or indexed."""
    return unsupported(lw.file, node, f"iterating or indexing a {value.type}")


#: List methods compiled (``append`` is lowered where a call's value is not used).
LIST_METHODS = frozenset(
    {"pop", "insert", "remove", "index", "count", "reverse", "clear", "copy", "extend", "sort"}
)


def list_method(
    lw: ExpressionLowering, items: ir.Expr, name: str, args: list[ast.expr], node: ast.AST
) -> ir.Expr:
    """``xs.pop()``, ``pop(i)``, ``insert(i, x)``, ``remove(x)``, ``index(x)``, ``count(x)``,
    ``reverse()``, ``clear()``, ``copy()``, ``extend(ys)``, with CPython's errors."""
    t = items.type
    assert isinstance(t, ListType)
    if t.frozen and name not in ("index", "count"):  # CPython: AttributeError
        raise lw.error(node, f"a {t} has no method {name}()")
    if name == "sort" and not args:  # in place: the sorted copy's items put back
        keywords = node.keywords if isinstance(node, ast.Call) else []
        held, ordered = lw.temp(t), lw.temp(t)
        line = getattr(node, "lineno", 0)
        staged = (
            ir.Assign(held, items, line),
            ir.Assign(ordered, _sorted_by(lw, ir.Name(held, t), t, keywords, node, "sort()"), line),
            ir.Eval(ir.Op("list.clear", (ir.Name(held, t),), NONE), line),
        )
        put_back = ir.Op("list.extend", (ir.Name(held, t), ir.Name(ordered, t)), NONE)
        return ir.Block(staged, put_back, NONE)
    line = getattr(node, "lineno", 0)
    lowered = [lw.expr(a) for a in args]
    element = t.element
    match name, lowered:
        case "pop", [] | [_]:
            index = lw.coerce(lowered[0], INT, node, "the index") if lowered else ir.Const(-1, INT)
            given = ir.Const(bool(lowered), BOOL)
            return ir.Op(f"list.pop.{wasm_type(element)}", (items, index, given), element)
        case "insert", [index, value]:
            index = lw.coerce(index, INT, node, "the index")
            value = lw.coerce(value, element, node, "the inserted value")
            return ir.Op(f"list.insert.{_bits_kind(element)}", (items, index, value), NONE)
        case "reverse" | "clear", []:
            return ir.Op(f"list.{name}", (items,), NONE)
        case "copy", []:
            return copy(items)
        case "extend", [more]:
            if more.type is STR:
                more = ir.Op("str.chars", (more,), ListType(STR))
            return ir.Op("list.extend", (items, lw.coerce(more, t, node, "the items")), NONE)
        case "count" | "index" | "remove", [needle]:
            kind = _scalar_element(lw, items, node, f"list.{name}() of")
            if kind is FLOAT and needle.type is not FLOAT:
                raise unsupported(lw.file, node, f"list.{name}() of an int in a list[float]")
            needle = lw.coerce(needle, kind, node, "the value looked for")
            return _search(lw, name, items, needle, kind, line, node)
    raise unsupported(lw.file, node, f"the list method {name}() with these arguments")


def _bits_kind(element: Type) -> str:
    return str(element) if element in (INT, FLOAT, BOOL) else "str"  # heap values: addresses


def _search(
    lw: ExpressionLowering, name: str, items: ir.Expr, needle: ir.Expr, kind: Scalar,
    line: int, node: ast.AST,
) -> ir.Expr:  # fmt: skip
    """count (every equal item), index (the first; ValueError with the value's repr),
    remove (the first, ValueError)."""
    held_l, held_x, at = lw.temp(items.type), lw.temp(kind), lw.temp(INT)
    listed, value = ir.Name(held_l, items.type), ir.Name(held_x, kind)
    stage: list[ir.Stmt] = [ir.Assign(held_l, items, line), ir.Assign(held_x, needle, line)]
    if name == "count":
        return ir.Block(tuple(stage), ir.Op(f"list.count.{kind}", (value, listed), INT), INT)
    stage.append(ir.Assign(at, ir.Op(f"list.find.{kind}", (value, listed), INT), line))
    absent = ir.Op("int.lt", (ir.Name(at, INT), ir.Const(0, INT)), BOOL)
    if name == "index":
        shown = formatting.convert(lw, value, "r", node)
        message = ir.Op("str.add", (shown, ir.Const(" is not in list", STR)), STR)
        stage.append(ir.If(absent, (ir.Raise("builtins.ValueError", message, line),), (), line))
        return ir.Block(tuple(stage), ir.Name(at, INT), INT)
    failed = ir.Raise("builtins.ValueError", "list.remove(x): x not in list", line)
    stage.append(ir.If(absent, (failed,), (), line))
    popped = ir.Op(f"list.pop.{wasm_type(kind)}", (listed, ir.Name(at, INT),
                                                   ir.Const(True, BOOL)), kind)  # fmt: skip
    stage.append(ir.Eval(popped, line))
    return ir.Block(tuple(stage), ir.Op("none", (), NONE), NONE)
