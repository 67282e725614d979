"""Which lists a loop may read through cached headers.

A list is a header [length][capacity][items pointer] (support/list.wat); only an append (or any
other ``list.*`` operation that is not a plain read) changes a header. Inside a loop whose body
cannot change any header, a list variable the body never re-assigns keeps its length and items
pointer, so codegen loads them once before the loop instead of at every ``xs[i]``: an engine
cannot hoist those loads itself, because any store in the body might alias them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from functools import cache

from .. import ir
from ..types import BOOL, FLOAT, INT, STR

#: ``list.*`` operations that read a list or make a new one, and never change a header (the
#: ``list[T].*`` operations, sum/min/max/in/==, only read).
_HEADER_SAFE_LIST_OPS = frozenset(
    {"list.get", "list.len", "list.truth", "list.repeat", "list.slice"}
)
#: The IR nodes this analysis knows: a node of any other kind (a later addition to the IR) might
#: assign a variable or change a list, so a loop containing one caches nothing.
_KNOWN = (
    ir.Const, ir.Name, ir.Tee, ir.Op, ir.Logical, ir.Cond, ir.Call, ir.NewList, ir.NewStruct,
    ir.GetField, ir.Assign, ir.Eval, ir.If, ir.While, ir.ForRange, ir.ForList, ir.SetItem,
    ir.SetField, ir.Break, ir.Continue, ir.Return, ir.Raise,
)  # fmt: skip
#: A call's arguments of these types cannot reach a list of the caller (no module state).
_SCALARS = (INT, FLOAT, BOOL, STR)


def walk(node: object) -> Iterator[object]:
    """``node`` and every IR node below it."""
    yield node
    for name in _fields(type(node)):
        value = getattr(node, name)
        for item in value if isinstance(value, tuple) else (value,):
            if type(item).__module__ == ir.__name__:  # an IR node, not a type, str or number
                yield from walk(item)


@cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _changes_headers(node: object) -> bool:
    match node:
        case _ if not isinstance(node, _KNOWN):
            return True
        case ir.Op(op=op) if op.startswith("list."):
            return op not in _HEADER_SAFE_LIST_OPS
        case ir.Call(args=args):
            return any(a.type not in _SCALARS for a in args)
    return False


def stable_lists(body: Sequence[ir.Stmt], test: ir.Expr | None = None) -> list[str]:
    """The list variables indexed in a loop (``body``, and ``test`` re-evaluated each time)
    whose length and items pointer stay the same for the whole loop; empty when the loop may
    change any list's header."""
    indexed: set[str] = set()
    assigned: set[str] = set()
    for node in (n for root in (*body, *([test] if test else [])) for n in walk(root)):
        if _changes_headers(node):
            return []
        match node:
            case ir.Op(op="list.get", args=(ir.Name(name=name), _)):
                indexed.add(name)
            case ir.SetItem(items=ir.Name(name=name)):
                indexed.add(name)
            case ir.Assign(name=name) | ir.Tee(name=name):
                assigned.add(name)
            case ir.ForRange(var=name) | ir.ForList(var=name):
                assigned.add(name)
    return sorted(indexed - assigned)


def counter_fact(loop: ir.ForRange, counters: dict[str, bool]) -> bool | None:
    """What a ``for v in range(start, stop, step)`` variable is known to be in the body: with a
    positive constant step and no assignment to ``v`` in the body, v < stop <= MAX, so ``v + 1``
    fits (None otherwise); True when also v >= start >= 0, so ``v - c`` (c >= 0) fits and
    ``xs[v]`` needs no negative-index fix-up. ``counters`` holds the enclosing loops' facts."""
    if not (isinstance(loop.step, ir.Const) and int(loop.step.value) > 0):
        return None
    for node in (n for stmt in loop.body for n in walk(stmt)):
        match node:
            case (
                ir.Assign(name=name)
                | ir.Tee(name=name)
                | ir.ForRange(var=name)
                | ir.ForList(var=name)
            ) if name == loop.var:
                return None
            case _ if not isinstance(node, _KNOWN):
                return None
    return non_negative(loop.start, counters)


def non_negative(e: ir.Expr, counters: dict[str, bool]) -> bool:
    match e:
        case ir.Const(value=c):
            return int(c) >= 0
        case ir.Name(name=name):
            return counters.get(name, False)
        case ir.Op(op="int.add", args=(left, right)):  # checked: it raised if it overflowed
            return non_negative(left, counters) and non_negative(right, counters)
    return False


#: An innermost loop body this small, with no calls, is emitted twice per trip round the wasm
#: loop: half the back branches, and half the engine's interruption checks (one per loop head).
MAX_COPIED_NODES = 40


def copies_per_trip(
    body: Sequence[ir.Stmt], test: ir.Expr | None = None, inlined: Mapping[str, int] | None = None
) -> int:
    """Copies of a loop body per trip. ``inlined``: the functions whose calls are compiled in
    place, with their sizes in nodes (counted in the body's size; other calls prevent copies)."""
    nodes = [n for root in (*body, *([test] if test else [])) for n in walk(root)]
    size = len(nodes)
    for n in nodes:
        match n:
            case ir.While() | ir.ForRange() | ir.ForList():
                return 1
            case ir.Call(module=None, func=func) if inlined and func in inlined:
                size += inlined[func]
            case ir.Call():
                return 1
    return 1 if size > MAX_COPIED_NODES else 4 if size <= 12 else 2
