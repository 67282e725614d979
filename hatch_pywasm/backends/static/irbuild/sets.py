"""``set[T]`` (T an int, str, bool, enum or a tuple of those): CPython 3.11's set table
(support/set.wat), so iteration, ``pop`` and every operation that builds a set visit and place
items as CPython does (for ints, bools and their tuples, whose hashes are deterministic, the
order is CPython's; a str's or enum member's hash is the backend's own: CPython's changes with
every process). ``set()`` with a declared type, ``set(xs)``, displays, comprehensions, ``in``,
``len``, truth, the methods, the operators and comparisons, ``for`` (RuntimeError "Set changed
size during iteration" as CPython's iterator)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from .. import ir
from ..types import BOOL, INT, NONE, STR, ListType, SetType, Type, is_key
from .common import unsupported
from .dicts import key_repr
from .sequences import iterated

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


def items(s: ir.Expr) -> ir.Expr:
    """A new list of a set's items in its table's order (what ``list(s)`` gives)."""
    assert isinstance(s.type, SetType)
    return ir.Op("set.items", (s,), ListType(s.type.element))


def contains(lw: ExpressionLowering, needle: ir.Expr, s: ir.Expr, node: ast.AST) -> ir.Expr:
    """``needle in s`` (the needle evaluated first, as in Python)."""
    assert isinstance(s.type, SetType)
    needle = lw.coerce(needle, s.type.element, node, f"the value looked for in a {s.type}")
    return ir.Op("set.contains", (needle, s), BOOL)


def length(s: ir.Expr) -> ir.Expr:
    return ir.Op("set.len", (s,), INT)


def truth(s: ir.Expr) -> ir.Expr:
    return ir.Op("int.truth", (length(s),), BOOL)


def empty(t: SetType) -> ir.Expr:
    return ir.Op("set.new", (), t)


def _add(s: ir.Name, x: ir.Expr, line: int) -> ir.Stmt:
    return ir.Eval(ir.Op("set.add", (s, x), NONE), line)


def _held(lw: ExpressionLowering, value: ir.Expr, line: int) -> tuple[ir.Stmt, ir.Name]:
    name = lw.temp(value.type)
    return ir.Assign(name, value, line), ir.Name(name, value.type)


def _added(lw: ExpressionLowering, s: ir.Name, values: ir.Expr, line: int) -> ir.Stmt:
    """Each item of the list ``values`` added to ``s`` in order (set_update of an iterable)."""
    assert isinstance(s.type, SetType)
    each = lw.temp(s.type.element)
    return ir.ForList(each, values, (_add(s, ir.Name(each, s.type.element), line),), line)


def _filled(lw: ExpressionLowering, t: SetType, values: ir.Expr, line: int) -> ir.Expr:
    """A new set of the items of the list ``values``, added in order."""
    built, s = _held(lw, empty(t), line)
    return ir.Block((built, _added(lw, s, values, line)), s, t)


def _constant(node: ast.expr) -> bool:
    """Whether CPython's compiler folds ``node`` to a constant (a literal, a signed number, a
    tuple of those)."""
    match node:
        case ast.Constant():
            return True
        case ast.UnaryOp(op=ast.USub() | ast.UAdd(), operand=ast.Constant(value=int() | float())):
            return True
        case ast.Tuple(elts=elts):
            return all(_constant(e) for e in elts)
    return False


def display(lw: ExpressionLowering, node: ast.Set) -> ir.Expr:
    """``{a, b, ...}``: the items added in order. More than two constants are, in CPython, a
    frozenset constant: a frozenset of the items, made again of its own items in its order
    (the compiler's merging of constants), that the new set is merged from."""
    values = lw.list_display([lw.expr(e) for e in node.elts], node)
    t = _set_of(lw, values.type, node)
    filled = _filled(lw, t, values, node.lineno)
    if len(node.elts) > 2 and all(_constant(e) for e in node.elts):
        constant = _filled(lw, t, items(filled), node.lineno)
        return ir.Op("set.copy", (constant,), t)
    return filled


def comprehension(lw: ExpressionLowering, node: ast.SetComp) -> ir.Expr:
    listed = lw.expr(ast.copy_location(ast.ListComp(node.elt, node.generators), node))
    return _filled(lw, _set_of(lw, listed.type, node), listed, node.lineno)


def constructor(
    lw: ExpressionLowering, args: list[ast.expr], expected: Type | None, node: ast.AST,
    frozen: bool = False,
) -> ir.Expr:  # fmt: skip
    """``set()`` (its type declared where it goes), ``set(s)`` of a set (a copy) or ``set(xs)``
    of a list or str; ``frozenset(...)`` the same (``frozen``)."""
    line = getattr(node, "lineno", 0)
    name = "frozenset" if frozen else "set"
    if not args:
        if not isinstance(expected, SetType):
            raise lw.error(node, f"an empty set needs a declared type: s: {name}[int] = {name}()")
        return empty(SetType(expected.element, frozen))
    if len(args) != 1:
        raise unsupported(lw.file, node, f"{name}() of more than one iterable")
    if isinstance(args[0], ast.GeneratorExp):  # its items added as it yields them
        made = ast.copy_location(ast.ListComp(args[0].elt, args[0].generators), args[0])
        listed = lw.expr(made)
        return _filled(lw, _set_of(lw, listed.type, node, frozen), listed, line)
    value = lw.expr(args[0])
    if isinstance(value.type, SetType) and frozen and value.type.frozen:
        return value  # frozenset(f) of a frozenset is f itself
    if isinstance(value.type, SetType):
        return ir.Op("set.copy", (value,), SetType(value.type.element, frozen))
    values = iterated(lw, args[0])
    return _filled(lw, _set_of(lw, values.type, node, frozen), values, line)


def _set_of(lw: ExpressionLowering, listed: Type, node: ast.AST, frozen: bool = False) -> SetType:
    assert isinstance(listed, ListType)
    if not is_key(listed.element):
        kinds = "int, float, str, bool, enum or their tuples"
        raise unsupported(lw.file, node, f"a set of {listed.element} ({kinds})")
    return SetType(listed.element, frozen)


#: The operators on two sets: (the new set's operation, the in-place one).
OPERATORS = {
    ast.BitOr: ("union", "merge"),
    ast.BitAnd: ("intersection", "intersection_update"),
    ast.Sub: ("difference", "difference_update"),
    ast.BitXor: ("symmetric_difference", "symmetric_difference_update"),
}
#: Methods taking one set: the operation and its result (a new set, None or a bool).
_SET_METHODS: dict[str, tuple[str, str]] = {
    "union": ("union", "set"),
    "intersection": ("intersection", "set"),
    "difference": ("difference", "set"),
    "symmetric_difference": ("symmetric_difference", "set"),
    "update": ("merge", "none"),
    "intersection_update": ("intersection_update", "none"),
    "difference_update": ("difference_update", "none"),
    "symmetric_difference_update": ("symmetric_difference_update", "none"),
    "issubset": ("issubset", "bool"),
    "issuperset": ("issuperset", "bool"),
    "isdisjoint": ("isdisjoint", "bool"),
}
#: Methods whose argument may be any iterable (a list or str) with CPython's result: it is
#: made into a set first, as CPython does (``update`` and ``union`` add its items instead).
_ANY_ITERABLE = frozenset(
    {"symmetric_difference", "symmetric_difference_update", "issubset", "issuperset",
     "isdisjoint"}
)  # fmt: skip


#: Methods that take several iterables.
_SEVERAL = frozenset(
    {"union", "intersection", "difference", "update", "intersection_update", "difference_update"}
)
#: The methods a frozenset has (none changes it).
_FROZEN_METHODS = frozenset(
    {"copy", "union", "intersection", "difference", "symmetric_difference", "issubset",
     "issuperset", "isdisjoint"}
)  # fmt: skip


def _operation(name: str, s: ir.Expr, o: ir.Expr, result: str) -> ir.Expr:
    assert isinstance(s.type, SetType)
    if name == "issuperset":
        name, s, o = "issubset", o, s
    t = {"set": s.type, "none": NONE, "bool": BOOL}[result]
    return ir.Op(f"set.{name}", (s, o), t)


def binary(
    lw: ExpressionLowering, op: ast.operator, left: ir.Expr, right: ir.Expr, node: ast.AST
) -> ir.Expr:
    """``a | b``, ``a & b``, ``a - b``, ``a ^ b`` of two sets of one type: a new set."""
    if type(op) not in OPERATORS or not _alike(left.type, right.type):
        kinds = f"{left.type} and {right.type}"
        raise unsupported(lw.file, node, f"the operator {type(op).__name__} on {kinds}")
    return _operation(OPERATORS[type(op)][0], left, right, "set")  # of the left's type


def _alike(a: Type, b: Type) -> bool:
    """Two sets, or a set and a frozenset, of one item type."""
    return isinstance(a, SetType) and isinstance(b, SetType) and a.element == b.element


def in_place(
    lw: ExpressionLowering, op: ast.operator, s: ir.Expr, value: ir.Expr, node: ast.stmt
) -> ir.Stmt:
    """``s |= t`` (and ``&=``, ``-=``, ``^=``): ``s`` changed in place (it stays bound to the
    same set, as CPython's ``__ior__`` returns it)."""
    if type(op) not in OPERATORS or not _alike(s.type, value.type):
        kinds = f"{s.type} and {value.type}"
        raise unsupported(lw.file, node, f"the operator {type(op).__name__}= on {kinds}")
    return ir.Eval(_operation(OPERATORS[type(op)][1], s, value, "none"), node.lineno)


#: ``a == b`` ... of two sets: the test, and whether it takes the operands swapped.
_COMPARISONS = {
    "eq": ("eq", False),
    "ne": ("ne", False),
    "le": ("le", False),
    "lt": ("lt", False),
    "ge": ("le", True),
    "gt": ("lt", True),
}


def compare(lw: ExpressionLowering, op: str, a: ir.Expr, b: ir.Expr, node: ast.AST) -> ir.Expr:
    """Equality and the subset/superset order of two sets of one type (both evaluated)."""
    if not _alike(a.type, b.type):
        raise unsupported(lw.file, node, f"comparing a {a.type} and a {b.type}")
    test, swapped = _COMPARISONS[op]
    if not swapped:
        return ir.Op(f"set.{test}", (a, b), BOOL)
    line = getattr(node, "lineno", 0)
    (held_a, an), (held_b, bn) = _held(lw, a, line), _held(lw, b, line)  # a first, as written
    return ir.Block((held_a, held_b), ir.Op(f"set.{test}", (bn, an), BOOL), BOOL)


def method(
    lw: ExpressionLowering, s: ir.Expr, name: str, args: list[ast.expr], node: ast.AST
) -> ir.Expr:
    """A set method: ``s`` evaluated before its arguments, as in Python."""
    t = s.type
    assert isinstance(t, SetType)
    line = getattr(node, "lineno", 0)
    held, sn = _held(lw, s, line)
    if t.frozen and name not in _FROZEN_METHODS:
        raise unsupported(lw.file, node, f"the method {name}() of a {t} (it has none)")
    if t.frozen and name == "copy" and not args:  # a frozenset's copy() is itself
        return ir.Block((held,), sn, t)
    if name in ("pop", "clear", "copy") and not args:
        return _no_argument(lw, sn, name, (held,), node)
    if name in _SET_METHODS and len(args) == 1:
        return _with_other(lw, sn, name, lw.expr(args[0]), args[0], held)
    if name in _SEVERAL and len(args) > 1:
        return _with_others(lw, sn, name, args, held, node)
    if name not in ("add", "discard", "remove") or len(args) != 1:
        raise unsupported(lw.file, node, f"the set method {name}() with these arguments")
    value, x = _held(lw, lw.coerce(lw.expr(args[0]), t.element, node, f"the item of a {t}"), line)
    staged: list[ir.Stmt] = [held, value]
    if name == "add":
        staged.append(_add(sn, x, line))
    else:
        found = ir.Op("set.discard", (sn, x), BOOL)
        if name == "discard":
            staged.append(ir.Eval(found, line))
        else:
            missing = ir.Raise("builtins.KeyError", key_repr(lw, x, node), line)
            staged.append(ir.If(ir.Op("bool.not", (found,), BOOL), (missing,), (), line))
    return ir.Block(tuple(staged), ir.Op("none", (), NONE), NONE)


def _no_argument(
    lw: ExpressionLowering, s: ir.Name, name: str, staged: tuple[ir.Stmt, ...], node: ast.AST
) -> ir.Expr:
    """``s.pop()`` (KeyError 'pop from an empty set'), ``s.clear()``, ``s.copy()``."""
    t = s.type
    assert isinstance(t, SetType)
    line = getattr(node, "lineno", 0)
    if name == "copy":
        return ir.Block(staged, ir.Op("set.copy", (s,), t), t)
    if name == "clear":
        return ir.Block((*staged, ir.Eval(ir.Op("set.clear", (s,), NONE), line)),
                        ir.Op("none", (), NONE), NONE)  # fmt: skip
    empty_error = ir.Raise("builtins.KeyError", repr("pop from an empty set"), line)
    check = ir.If(ir.Op("bool.not", (truth(s),), BOOL), (empty_error,), (), line)
    return ir.Block((*staged, check), ir.Op("set.pop", (s,), t.element), t.element)


def _with_other(
    lw: ExpressionLowering, s: ir.Name, name: str, other: ir.Expr, node: ast.AST,
    *held: ir.Stmt,
) -> ir.Expr:  # fmt: skip
    """``s.union(o)``, ``s.issubset(o)``, ...: ``o`` a set of the same type, or a list or str
    taken as CPython takes other iterables (``update`` and ``union`` add its items one by one,
    ``intersection*`` and ``difference*`` look them up or discard them in order, the others
    make a set of it first). ``held``: statements to run first."""
    t = s.type
    assert isinstance(t, SetType)
    line = getattr(node, "lineno", 0)
    operation, result = _SET_METHODS[name]
    if _alike(other.type, t):
        value = _operation(operation, s, other, result)
        return ir.Block(held, value, value.type)
    listed = iterated_value(lw, other, node)
    listed = lw.coerce(listed, ListType(t.element), node, f"the items of {name}()")
    if name in ("update", "union"):
        target, made = s, [*held]
        if name == "union":
            copied, target = _held(lw, ir.Op("set.copy", (s,), t), line)
            made.append(copied)
        made.append(_added(lw, target, listed, line))
        after: ir.Expr = target if name == "union" else ir.Op("none", (), NONE)
        return ir.Block(tuple(made), after, after.type)
    if name in ("intersection", "intersection_update", "difference", "difference_update") and (
        isinstance(listed.type, ListType) and not listed.type.packed
    ):
        # CPython's path for other iterables: the list's items looked up in order
        value = _operation(f"{operation}_list", s, listed, result)
        return ir.Block(held, value, value.type)
    if name not in _ANY_ITERABLE:
        raise unsupported(lw.file, node, f"{name}() of a {other.type} (a {t} is compiled)")
    made_set, o = _held(lw, _filled(lw, t, listed, line), line)
    if name == "symmetric_difference":  # the set made of the iterable is the result
        toggled = ir.Eval(_operation("symmetric_difference_update", o, s, "none"), line)
        return ir.Block((*held, made_set, toggled), o, t)
    value = _operation(operation, s, o, result)
    return ir.Block((*held, made_set), value, value.type)


def _with_others(
    lw: ExpressionLowering, s: ir.Name, name: str, args: list[ast.expr], held: ir.Stmt,
    node: ast.AST,
) -> ir.Expr:  # fmt: skip
    """``s.union(a, b, ...)`` and the other methods taking several iterables, after all of them
    are evaluated, as CPython: union copies once then updates; intersection chains; difference
    takes the first then removes the rest in place; the ``_update`` forms change ``s`` (one
    intersection swapped in)."""
    t = s.type
    assert isinstance(t, SetType)
    line = getattr(node, "lineno", 0)
    staged: list[ir.Stmt] = [held]
    others: list[ir.Name] = []
    for a in args:
        stmt, name_ = _held(lw, lw.expr(a), line)
        staged.append(stmt)
        others.append(name_)
    nothing = ir.Op("none", (), NONE)
    if name in ("update", "difference_update"):
        steps = [ir.Eval(_with_other(lw, s, name, o, node), line) for o in others]
        return ir.Block((*staged, *steps), nothing, NONE)
    first = {"union": "union", "difference": "difference"}.get(name, "intersection")
    made, r = _held(lw, _with_other(lw, s, first, others[0], node), line)
    staged.append(made)
    for o in others[1:]:
        if first == "intersection":
            again, r = _held(lw, _with_other(lw, r, "intersection", o, node), line)
            staged.append(again)
        else:
            rest = "update" if first == "union" else "difference_update"
            staged.append(ir.Eval(_with_other(lw, r, rest, o, node), line))
    if name == "intersection_update":
        staged.append(ir.Eval(ir.Op("set.adopt", (s, r), NONE), line))
        return ir.Block(tuple(staged), nothing, NONE)
    return ir.Block(tuple(staged), r, t)


def iterated_value(lw: ExpressionLowering, value: ir.Expr, node: ast.AST) -> ir.Expr:
    """An already evaluated iterable as the list a loop walks (a str's code points)."""
    if value.type is STR:
        return ir.Op("str.chars", (value,), ListType(STR))
    if not isinstance(value.type, ListType):
        raise unsupported(lw.file, node, f"iterating a {value.type} here")
    return value


def for_loop(
    lw: ExpressionLowering, s: ir.Expr, line: int
) -> tuple[list[ir.Stmt], ir.Expr, ir.Expr, ir.Stmt]:
    """A loop over a set as CPython's set iterator runs it: at each step RuntimeError("Set
    changed size during iteration") if its size changed, else the next item of its table (as
    it is now: a table rebuilt meanwhile is walked on from the same position). Returns
    (setup, the loop's test, the item of this step, the statement moving past it); the
    caller's body comes after the step."""
    t = s.type
    assert isinstance(t, SetType)
    held_s, sn = _held(lw, s, line)
    held_n, size = _held(lw, length(sn), line)
    held_p, pos = _held(lw, ir.Const(0, INT), line)
    at = lw.temp(INT)
    i = ir.Name(at, INT)
    changed = ir.Op("int.ne", (length(sn), size), BOOL)
    message = "Set changed size during iteration"
    check = ir.If(changed, (ir.Raise("builtins.RuntimeError", message, line),), (), line)
    found = ir.Assign(at, ir.Op("set.next", (sn, pos), INT), line)
    test = ir.Block((check, found), ir.Op("int.lt", (i, ir.Op("set.size", (sn,), INT)), BOOL),
                    BOOL)  # fmt: skip
    advance = ir.Assign(pos.name, ir.Op("int.add", (i, ir.Const(1, INT)), INT), line)
    return [held_s, held_n, held_p], test, ir.Op("set.key", (sn, i), t.element), advance
