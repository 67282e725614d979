"""``dict[K, V]`` inside a component (types.DictType; K an int, str, bool, enum or a tuple of
those): a hash table (support/dict.wat) over two lists in insertion order, keys and values.
``{}``/displays, ``d[k]`` (KeyError with the key's repr, as CPython), ``d[k] = v``, ``d[k] += v``,
``del d[k]``, ``k in d``, ``len``, truth, ``get``, ``setdefault`` and ``pop``, each evaluating
its operands in CPython's order."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..types import (
    BOOL,
    INT,
    NONE,
    DictType,
    ListType,
    OptionType,
    StructType,
    Type,
    is_key,
    tuple_of,
)
from . import reprs
from .common import unsupported

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


def empty(t: DictType) -> ir.Expr:
    return ir.Op("dict.new", (), t)


def keys(d: ir.Expr) -> ir.Expr:
    assert isinstance(d.type, DictType)
    return ir.GetField(d, 0, d.type.keys)


def _values(d: ir.Expr) -> ir.Expr:
    assert isinstance(d.type, DictType)
    return ir.GetField(d, 1, d.type.values)


def _find(key: ir.Expr, d: ir.Expr) -> ir.Expr:
    """The index of ``key`` among the keys of ``d``, or -1 (a lookup in its hash table)."""
    return ir.Op("dict.find", (key, d), INT)


def _held(lw: ExpressionLowering, value: ir.Expr, line: int) -> tuple[ir.Stmt, ir.Name]:
    name = lw.temp(value.type)
    return ir.Assign(name, value, line), ir.Name(name, value.type)


def display(lw: ExpressionLowering, node: ast.Dict, expected: Type | None) -> ir.Expr:
    """``{}`` (its type from a declaration) or ``{k: v, ...}``: keys and values evaluated in
    order, a repeated key keeping its first place and its last value."""
    line = node.lineno
    if not node.keys:
        if not isinstance(expected, DictType):
            raise lw.error(node, "an empty dict needs a declared type: d: dict[str, int] = {}")
        return empty(expected)
    if any(k is None for k in node.keys):
        raise unsupported(lw.file, node, "a **mapping in a dict display")
    pairs = [(lw.expr(k), lw.expr(v)) for k, v in zip(node.keys, node.values, strict=True)]
    key_type, value_type = pairs[0][0].type, pairs[0][1].type
    if isinstance(expected, DictType):
        key_type, value_type = expected.key, expected.value
    t = check_type(lw, DictType(key_type, value_type), node)
    stmts: list[ir.Stmt] = []
    first: ir.Name | None = None
    for start in range(0, len(pairs), DISPLAY_CHUNK):
        chunk = pairs[start : start + DISPLAY_CHUNK]
        built, d = _held(lw, empty(t), line)
        stmts += [built, ir.Eval(ir.Op("dict.presize", (d, ir.Const(len(chunk), INT)), NONE), line)]
        for key, value in chunk:
            stmts += store(lw, d, key, value, node)
        if first is None:
            first = d
        else:
            stmts.append(ir.Eval(ir.Op("dict.merge", (first, d), NONE), line))
    assert first is not None
    return ir.Block(tuple(stmts), first, t)


#: CPython's compiler builds a dict display 17 items at a time (each presized, the later ones
#: merged into the first: compiler_dict, STACK_USE_GUIDELINE).
DISPLAY_CHUNK = 17


def check_type(lw: ExpressionLowering, t: DictType, node: ast.AST) -> DictType:
    if not is_key(t.key) or t.value is NONE:
        raise unsupported(lw.file, node, f"a {t}")
    return t


def store(
    lw: ExpressionLowering, d: ir.Expr, key: ir.Expr, value: ir.Expr, node: ast.AST
) -> list[ir.Stmt]:
    """``d[key] = value`` (all three already evaluated into names or constants): a new key goes
    last, an existing one keeps its place and takes the value."""
    t = d.type
    assert isinstance(t, DictType)
    key = lw.coerce(key, t.key, node, "the key")
    value = lw.coerce(value, t.value, node, "the stored value")
    return [ir.Eval(ir.Op("dict.store", (d, key, value), NONE), getattr(node, "lineno", 0))]


def assign(
    lw: ExpressionLowering, target: ast.Subscript, value: ast.expr, node: ast.stmt
) -> list[ir.Stmt] | None:
    """``d[k] = v`` when ``d`` is a dict (None otherwise): v, then d, then k, as CPython."""
    line = node.lineno
    d = lw.expr(target.value)
    if not isinstance(d.type, DictType):
        return None
    held_v, vn = _held(lw, lw.expr_expecting(value, d.type.value), line)
    held_d, dn = _held(lw, d, line)
    held_k, kn = _held(lw, lw.expr(target.slice), line)
    return [held_v, held_d, held_k, *store(lw, dn, kn, vn, node)]


def get_item(lw: ExpressionLowering, d: ir.Expr, index: ast.expr, node: ast.AST) -> ir.Expr:
    """``d[k]``: KeyError(k) when absent (its str() is the key's repr)."""
    t = d.type
    assert isinstance(t, DictType)
    line = getattr(node, "lineno", 0)
    held_d, dn = _held(lw, d, line)
    held_k, kn = _held(lw, lw.coerce(lw.expr(index), t.key, node, "the key"), line)
    found, at = _lookup(lw, dn, kn, node)
    value = ir.Op("list.get", (_values(dn), at), t.value)
    return ir.Block((held_d, held_k, *found), value, t.value)


def _lookup(
    lw: ExpressionLowering, d: ir.Name, key: ir.Name, node: ast.AST
) -> tuple[list[ir.Stmt], ir.Name]:
    """The key's index into a name, and KeyError(key) when it is absent."""
    line = getattr(node, "lineno", 0)
    found_at, at = _held(lw, _find(key, d), line)
    absent = ir.Op("int.lt", (at, ir.Const(0, INT)), BOOL)
    missing = ir.If(absent, (ir.Raise("builtins.KeyError", key_repr(lw, key, node), line),), (),
                    line)  # fmt: skip
    assert isinstance(at, ir.Name)
    return [found_at, missing], at


def key_repr(lw: ExpressionLowering, key: ir.Expr, node: ast.AST) -> ir.Expr:
    """``repr(key)``, which is what ``str()`` of a KeyError shows: an enum member's
    ``<Suit.CLUBS: 3>``, any other key's by irbuild/reprs.py."""
    return reprs.text(lw, key, node)


def aug_assign(
    lw: ExpressionLowering, target: ast.Subscript, op: ast.operator, value: ast.expr,
    node: ast.stmt,
) -> list[ir.Stmt] | None:  # fmt: skip
    """``d[k] += v`` when ``d`` is a dict (None otherwise): d, k, then d[k] (KeyError when
    absent), then v, as CPython."""
    found = _subscript_lookup(lw, target, node)
    if found is None:
        return None
    staged, d, at = found
    t = d.type
    assert isinstance(t, DictType)
    current = ir.Op("list.get", (_values(d), at), t.value)
    updated = lw.coerce(lw.binary(op, current, lw.expr(value), node), t.value, node, "the value")
    return [*staged, ir.SetItem(_values(d), at, updated, node.lineno)]


def _subscript_lookup(
    lw: ExpressionLowering, target: ast.Subscript, node: ast.stmt
) -> tuple[list[ir.Stmt], ir.Name, ir.Name] | None:
    """For ``d[k] op= v`` and ``del d[k]`` when ``d`` is a dict (None otherwise): d, then k,
    evaluated, and the key's index (KeyError when absent): (statements, d, the index)."""
    line = node.lineno
    d = lw.expr(target.value)
    t = d.type
    if not isinstance(t, DictType):
        return None
    held_d, dn = _held(lw, d, line)
    held_k, kn = _held(lw, lw.coerce(lw.expr(target.slice), t.key, node, "the key"), line)
    found, at = _lookup(lw, dn, kn, node)
    return [held_d, held_k, *found], dn, at


def contains(lw: ExpressionLowering, key: ir.Expr, d: ir.Expr, node: ast.AST) -> ir.Expr:
    """``key in d`` (the key evaluated first)."""
    t = d.type
    assert isinstance(t, DictType)
    line = getattr(node, "lineno", 0)
    held_k, kn = _held(lw, lw.coerce(key, t.key, node, "the key"), line)
    found = ir.Op("int.ge", (_find(kn, d), ir.Const(0, INT)), BOOL)
    return ir.Block((held_k,), found, BOOL)


def length(d: ir.Expr) -> ir.Expr:
    return ir.Op("list.len", (keys(d),), INT)


def method(
    lw: ExpressionLowering, d: ir.Expr, name: str, args: list[ast.expr], node: ast.AST
) -> ir.Expr:
    """``d.get(k[, default])``, ``d.setdefault(k, default)``, ``d.pop(k[, default])``: d, then
    the arguments, as CPython."""
    t = d.type
    assert isinstance(t, DictType)
    line = getattr(node, "lineno", 0)
    arities = {"get": (1, 2), "setdefault": (2,), "pop": (1, 2)}
    held_d, dn = _held(lw, d, line)
    if name in ("clear", "copy", "popitem", "update") and len(args) == int(name == "update"):
        return _whole(lw, dn, name, args, held_d, node)
    if len(args) not in arities.get(name, ()):
        raise unsupported(lw.file, node, f"the dict method {name}() with these arguments")
    held_k, kn = _held(lw, lw.coerce(lw.expr(args[0]), t.key, node, "the key"), line)
    if name == "pop" and len(args) == 1:
        found, at = _lookup(lw, dn, kn, node)
        return _popped(lw, dn, at, (held_d, held_k, *found), line)
    if name == "get" and len(args) == 1:  # the value or None
        found_at, at = _held(lw, _find(kn, dn), line)
        present = ir.Op("int.ge", (at, ir.Const(0, INT)), BOOL)
        optional = OptionType(t.value)
        current = lw.coerce(ir.Op("list.get", (_values(dn), at), t.value), optional, node, "")
        value = ir.Cond(present, current, ir.Const(0, optional), optional)
        return ir.Block((held_d, held_k, found_at), value, optional)
    default = lw.expr_expecting(args[1], t.value)
    default = lw.coerce(default, t.value, node, f"the default of {name}()")
    held_v, vn = _held(lw, default, line)
    found_at, at = _held(lw, _find(kn, dn), line)
    present = ir.Op("int.ge", (at, ir.Const(0, INT)), BOOL)
    current = ir.Op("list.get", (_values(dn), at), t.value)
    staged: tuple[ir.Stmt, ...] = (held_d, held_k, held_v, found_at)
    if name == "get":
        return ir.Block(staged, ir.Cond(present, current, vn, t.value), t.value)
    if name == "pop":
        taken = _popped(lw, dn, at, (), line)
        return ir.Block(staged, ir.Cond(present, taken, vn, t.value), t.value)
    inserted = ir.If(ir.Op("bool.not", (present,), BOOL), tuple(store(lw, dn, kn, vn, node)), (),
                     line)  # fmt: skip
    return ir.Block((*staged, inserted), ir.Cond(present, current, vn, t.value), t.value)


def _whole(
    lw: ExpressionLowering, d: ir.Name, name: str, args: list[ast.expr], held: ir.Stmt,
    node: ast.AST,
) -> ir.Expr:  # fmt: skip
    """``d.clear()``, ``d.copy()``, ``d.update(e)``, ``d.popitem()`` (the last entry, removed;
    KeyError 'popitem(): dictionary is empty')."""
    t = d.type
    assert isinstance(t, DictType)
    line = getattr(node, "lineno", 0)
    nothing = ir.Op("none", (), NONE)
    if name == "copy":
        return ir.Block((held,), copy(d), t)
    if name == "clear":
        return ir.Block((held, ir.Eval(ir.Op("dict.clear", (d,), NONE), line)), nothing, NONE)
    if name == "update":
        return ir.Block((held, *_updated(lw, d, lw.expr(args[0]), node)), nothing, NONE)
    message = repr("popitem(): dictionary is empty")
    empty_error = ir.If(ir.Op("int.eq", (length(d), ir.Const(0, INT)), BOOL),
                        (ir.Raise("builtins.KeyError", message, line),), (), line)  # fmt: skip
    last, at = _held(lw, ir.Op("int.sub", (length(d), ir.Const(1, INT)), INT), line)
    pair_type = tuple_of((t.key, t.value))
    key, value = ir.Op("list.get", (keys(d), at), t.key), ir.Op("list.get", (_values(d), at),
                                                                t.value)  # fmt: skip
    taken, pair = _held(lw, ir.NewStruct((key, value), pair_type), line)
    deleted = ir.Eval(ir.Op("dict.pop_last", (d,), NONE), line)
    return ir.Block((held, empty_error, last, taken, deleted), pair, pair_type)


def _popped(
    lw: ExpressionLowering, d: ir.Name, at: ir.Expr, staged: tuple[ir.Stmt, ...], line: int
) -> ir.Expr:
    """After ``staged``: the value of entry ``at`` (an index that is there), which is deleted."""
    t = d.type
    assert isinstance(t, DictType)
    held_v, vn = _held(lw, ir.Op("list.get", (_values(d), at), t.value), line)
    deleted = ir.Eval(ir.Op("dict.delete", (d, at), NONE), line)
    return ir.Block((*staged, held_v, deleted), vn, t.value)


def delete(lw: ExpressionLowering, target: ast.Subscript, node: ast.stmt) -> list[ir.Stmt] | None:
    """``del d[k]`` when ``d`` is a dict (None otherwise): d, then k; KeyError when absent."""
    found = _subscript_lookup(lw, target, node)
    if found is None:
        return None
    staged, d, at = found
    return [*staged, ir.Eval(ir.Op("dict.delete", (d, at), NONE), node.lineno)]


def comprehension(lw: ExpressionLowering, node: ast.DictComp) -> ir.Expr:
    """``{k: v for ...}``: the (k, v) pairs as the list comprehension makes them (the key
    first, as CPython 3.8+), then stored in order."""
    line = node.lineno
    pair = ast.copy_location(ast.Tuple([node.key, node.value], ast.Load()), node)
    pairs = lw.expr(ast.copy_location(ast.ListComp(pair, node.generators), node))
    assert isinstance(pairs.type, ListType) and isinstance(pairs.type.element, StructType)
    (_, key_type), (_, value_type) = pairs.type.element.fields
    t = check_type(lw, DictType(key_type, value_type), node)
    built, d = _held(lw, empty(t), line)
    each = lw.temp(pairs.type.element)
    item = ir.Name(each, pairs.type.element)
    body = store(lw, d, ir.GetField(item, 0, key_type), ir.GetField(item, 1, value_type), node)
    return ir.Block((built, ir.ForList(each, pairs, tuple(body), line)), d, t)


#: ``for`` over a dict: what each step binds.
VIEWS = ("keys", "values", "items")


def view_of(lw: ExpressionLowering, node: ast.expr) -> tuple[ir.Expr, str] | None:
    """``d``, ``d.keys()``, ``d.values()`` or ``d.items()`` of a dict: (d, the view)."""
    match node:
        case ast.Call(func=ast.Attribute(value=owner, attr=view), args=[], keywords=[]) if (
            view in VIEWS
        ):
            d = lw.expr(owner)
            return (d, view) if isinstance(d.type, DictType) else None
    d = lw.expr(node)
    return (d, "keys") if isinstance(d.type, DictType) else None


def for_loop(
    lw: ExpressionLowering, d: ir.Expr, view: str, line: int
) -> tuple[list[ir.Stmt], ir.Expr, list[ir.Expr], list[ir.Stmt]]:
    """A loop over a dict as CPython 3.11's dict iterator runs it: RuntimeError("dictionary
    changed size during iteration") at any step after the size changed; once keys were deleted,
    the next entry at or after the iterator's position in CPython's entries (support/dict.wat
    keeps them), and RuntimeError("dictionary keys changed during iteration") when one is found
    after as many steps as the dict had keys; the current value of each key. Returns (setup,
    the loop's test, the values each step binds, the statements moving past them); the caller's
    body comes after the step (so ``continue`` keeps it)."""
    t = d.type
    assert isinstance(t, DictType)
    held_d, dn = _held(lw, d, line)
    held_n, size = _held(lw, length(dn), line)
    held_deleted, deleted = _held(lw, ir.Op("dict.deletions", (dn,), INT), line)
    held_i, at = _held(lw, ir.Const(0, INT), line)
    held_pos, pos = _held(lw, ir.Const(0, INT), line)
    held_left, left = _held(lw, size, line)
    changed = ir.Op("int.ne", (length(dn), size), BOOL)
    message = "dictionary changed size during iteration"
    check = ir.If(changed, (ir.Raise("builtins.RuntimeError", message, line),), (), line)
    replaced = ir.Op("int.ne", (ir.Op("dict.deletions", (dn,), INT), deleted), BOOL)
    seek = ir.If(replaced, (ir.Assign(at.name, ir.Op("dict.seek", (dn, pos), INT), line),), (),
                 line)  # fmt: skip
    more = ir.Op("int.lt", (at, length(dn)), BOOL)
    changed_keys = ir.Raise("builtins.RuntimeError", "dictionary keys changed during iteration",
                            line)  # fmt: skip
    spent = ir.If(ir.Op("int.eq", (left, ir.Const(0, INT)), BOOL), (changed_keys,), (), line)
    test = ir.Block((check, seek, ir.If(more, (spent,), (), line)), more, BOOL)
    key = ir.Op("list.get", (keys(dn), at), t.key)
    value = ir.Op("list.get", (_values(dn), at), t.value)
    bound = {"keys": [key], "values": [value], "items": [key, value]}[view]
    one = ir.Const(1, INT)
    position = ir.Op("dict.position", (dn, at), INT)
    advance: list[ir.Stmt] = [
        ir.Assign(pos.name, ir.Op("int.add", (position, one), INT), line),
        ir.Assign(left.name, ir.Op("int.sub", (left, one), INT), line),
        ir.Assign(at.name, ir.Op("int.add", (at, one), INT), line),
    ]
    return [held_d, held_n, held_deleted, held_i, held_pos, held_left], test, bound, advance


def copy(d: ir.Expr) -> ir.Expr:
    """``d.copy()``: CPython's PyDict_Copy (its keys cloned when few are deleted)."""
    return ir.Op("dict.copy", (d,), d.type)


def _updated(lw: ExpressionLowering, d: ir.Name, other: ir.Expr, node: ast.AST) -> list[ir.Stmt]:
    """``d.update(other)`` / ``d |= other``: a dict of the same type merged in as CPython's
    dict_merge (each entry stored in order)."""
    if other.type != d.type:
        raise unsupported(lw.file, node, f"updating a {d.type} with a {other.type}")
    return [ir.Eval(ir.Op("dict.merge", (d, other), NONE), getattr(node, "lineno", 0))]


def binary(
    lw: ExpressionLowering, op: ast.operator, left: ir.Expr, right: ir.Expr, node: ast.AST
) -> ir.Expr:
    """``a | b`` of two dicts: a copy of ``a`` updated with ``b``."""
    if not isinstance(op, ast.BitOr) or left.type != right.type:
        kinds = f"{left.type} and {right.type}"
        raise unsupported(lw.file, node, f"the operator {type(op).__name__} on {kinds}")
    line = getattr(node, "lineno", 0)
    built, d = _held(lw, copy(left), line)
    return ir.Block((built, *_updated(lw, d, right, node)), d, d.type)


def in_place(
    lw: ExpressionLowering, op: ast.operator, d: ir.Name, value: ir.Expr, node: ast.stmt
) -> list[ir.Stmt]:
    """``d |= e``: ``d`` updated in place (still the same dict)."""
    if not isinstance(op, ast.BitOr):
        raise unsupported(lw.file, node, f"the operator {type(op).__name__}= on a {d.type}")
    return _updated(lw, d, value, node)


def equality(lw: ExpressionLowering, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
    """``a == b`` / ``a != b`` of two dicts, as CPython's dict_equal: the same size, and each
    key of ``a`` in insertion order found in ``b`` with an equal value (the first difference
    ends it)."""
    t = a.type
    if op not in ("eq", "ne") or t != b.type:
        raise unsupported(lw.file, node, f"comparing a {a.type} and a {b.type} this way")
    assert isinstance(t, DictType)
    line = getattr(node, "lineno", 0)
    (held_a, an), (held_b, bn) = _held(lw, a, line), _held(lw, b, line)
    same, i, j = lw.temp(BOOL), lw.temp(INT), lw.temp(INT)
    equal, at, found = ir.Name(same, BOOL), ir.Name(i, INT), ir.Name(j, INT)
    key = ir.Op("list.get", (keys(an), at), t.key)
    mine = ir.Op("list.get", (_values(an), at), t.value)
    theirs = ir.Op("list.get", (_values(bn), found), t.value)
    absent = ir.Op("int.lt", (found, ir.Const(0, INT)), BOOL)
    step = (
        ir.Assign(j, _find(key, bn), line),
        ir.Assign(same, ir.Cond(absent, ir.Const(False, BOOL),
                                lw.compare_pair("eq", mine, theirs, node), BOOL), line),
        ir.Assign(i, ir.Op("int.add", (at, ir.Const(1, INT)), INT), line),
    )  # fmt: skip
    going = ir.Logical("and", equal, ir.Op("int.lt", (at, length(an)), BOOL), BOOL)
    staged = (
        held_a, held_b, ir.Assign(same, ir.Op("int.eq", (length(an), length(bn)), BOOL), line),
        ir.Assign(i, ir.Const(0, INT), line), ir.While(going, step, line),
    )  # fmt: skip
    result = equal if op == "eq" else ir.Op("bool.not", (equal,), BOOL)
    return ir.Block(staged, result, BOOL)


def constructor(lw: ExpressionLowering, args: list[ast.expr], node: ast.Call) -> ir.Expr:
    """``dict(d)``, ``dict(pairs)`` and ``dict(zip(ks, vs))``: as the comprehension
    ``{k: v for k, v in ...}`` (a repeated key keeps its first place and its last value)."""
    if len(args) != 1 or node.keywords:
        raise unsupported(lw.file, node, "dict() without exactly one positional argument")
    if isinstance(args[0], ast.GeneratorExp):  # (the dict is not bound yet: none can see it)
        args = [ast.copy_location(ast.ListComp(args[0].elt, args[0].generators), args[0])]
    if not isinstance(args[0], ast.Call | ast.ListComp):
        value = lw.expr(args[0])
        if isinstance(value.type, DictType):  # a new dict merged from it (not PyDict_Copy)
            built, d = _held(lw, empty(value.type), node.lineno)
            return ir.Block((built, *_updated(lw, d, value, node)), d, d.type)
    k, v = ast.Name("%key", ast.Load()), ast.Name("%value", ast.Load())
    target = ast.Tuple([ast.Name("%key", ast.Store()), ast.Name("%value", ast.Store())],
                       ast.Store())  # fmt: skip
    clause = ast.comprehension(target, args[0], [], 0)
    made = ast.fix_missing_locations(ast.copy_location(ast.DictComp(k, v, [clause]), node))
    return comprehension(lw, made)
