"""Cached list headers: the length and items address of the lists a loop indexes, loaded once
before the loop.

Input: an ir.Module (after inlining). Output: the same module where, before a loop that cannot
change any list's header, each list variable it indexes and never re-assigns has its length and
items address assigned to fresh locals (``list.len``, ``list.items``), and its ``xs[i]`` reads
and writes in the loop name them (:class:`ir.CachedList`).

A list is a header [length][capacity][items pointer] (support/list.wat); only an append (or any
other ``list.*`` operation that is not a plain read) changes a header. An engine cannot hoist
those loads itself, because any store in the body might alias them. Loops inside such a loop
keep the lists it cached; an inlined body caches its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from .. import ir
from ..types import ADDRESS, BOOL, FLOAT, INT, STR, Type
from .walk import rebuild, walk_all

#: ``list.*`` operations that read a list or make a new one, and never change a header (the
#: ``list[T].*`` operations, sum/min/max/in/==, only read).
_HEADER_SAFE_LIST_OPS = frozenset(
    {"list.get", "list.len", "list.truth", "list.repeat", "list.slice", "list.items"}
)
#: The IR nodes this analysis knows: a node of any other kind (a later addition to the IR) might
#: assign a variable or change a list, so a loop containing one caches nothing.
_KNOWN = (
    ir.Const, ir.Name, ir.Tee, ir.Op, ir.Logical, ir.Cond, ir.Call, ir.NewList, ir.NewStruct,
    ir.GetField, ir.Assign, ir.Eval, ir.If, ir.While, ir.ForRange, ir.ForList, ir.SetItem,
    ir.SetField, ir.Break, ir.Continue, ir.Return, ir.Raise, ir.Inline,
)  # fmt: skip
#: A call's arguments of these types cannot reach a list of the caller (no module state).
_SCALARS = (INT, FLOAT, BOOL, STR)

Cached = dict[str, ir.CachedList]  # list variable -> its cached header


def transform(module: ir.Module) -> ir.Module:
    """``module`` with the headers of its loops' stable lists loaded before the loops."""
    return dataclasses.replace(
        module, functions=tuple(_Function(fn).function() for fn in module.functions)
    )


def _changes_headers(node: object) -> bool:
    match node:
        case _ if not isinstance(node, _KNOWN):
            return True
        case ir.Op(op=op) if op.startswith("list."):
            return op not in _HEADER_SAFE_LIST_OPS
        case ir.Call(args=args) | ir.Inline(args=args):
            return any(a.type not in _SCALARS for a in args)
    return False


def stable_lists(roots: Sequence[object]) -> list[str]:
    """The list variables indexed in a loop (``roots``: its body, and its test re-evaluated
    each time) whose length and items pointer stay the same for the whole loop; empty when the
    loop may change any list's header."""
    indexed: set[str] = set()
    assigned: set[str] = set()
    for node in walk_all(roots, into_inlines=False):
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


def _disturbs(roots: Sequence[object], names: list[str]) -> bool:
    """Whether evaluating ``roots`` (a loop's operands, evaluated after the loads before it)
    may change a header or assign one of ``names``."""
    for node in walk_all(roots, into_inlines=False):
        match node:
            case _ if _changes_headers(node):
                return True
            case ir.Assign(name=name) | ir.Tee(name=name) if name in names:
                return True
    return False


class _Function:
    """The caching of one function: the fresh locals it adds."""

    def __init__(self, fn: ir.Function) -> None:
        self.fn = fn
        self.types = dict((*fn.params, *fn.locals))
        self.added: list[tuple[str, Type]] = []

    def function(self) -> ir.Function:
        body = self.block(self.fn.body, {})
        if not self.added:
            return self.fn
        return dataclasses.replace(self.fn, body=body, locals=(*self.fn.locals, *self.added))

    def block(self, stmts: tuple[ir.Stmt, ...], cached: Cached) -> tuple[ir.Stmt, ...]:
        return rebuild(ir.Block(stmts, ir.Const(0, INT), INT), self.visitor(cached)).body

    def visitor(self, cached: Cached) -> Callable[[object], object]:
        return lambda child: self.visit(child, cached)

    def visit(self, node: object, cached: Cached) -> object:
        """``node`` with its indexing of ``cached`` lists through the cached headers; a loop
        becomes a tuple: the loads of the headers it caches, then the loop."""
        match node:
            case ir.Op(op="list.get", args=(ir.Name(name=name), index)) if name in cached:
                return dataclasses.replace(node, args=(cached[name], self.visit(index, cached)))
            case ir.SetItem(items=ir.Name(name=name)) if name in cached:
                return rebuild(dataclasses.replace(node, items=cached[name]), self.visitor(cached))
            case ir.Inline(args=args, body=body):  # the callee caches its own lists
                args = tuple(self.visit(a, cached) for a in args)
                return dataclasses.replace(node, args=args, body=self.block(body, {}))
            case ir.While() | ir.ForRange() | ir.ForList():
                return self.loop(node, cached)
        return rebuild(node, self.visitor(cached))

    def loop(self, s: ir.While | ir.ForRange | ir.ForList, cached: Cached) -> tuple[object, ...]:
        operands: list[object] = []
        match s:
            case ir.While(test=test):
                roots: list[object] = [*s.body, test]
            case ir.ForRange(start=start, stop=stop, step=step):
                roots, operands = list(s.body), [start, stop, step]
            case ir.ForList(items=items):
                roots, operands = list(s.body), [items]
        fresh = [n for n in stable_lists(roots) if n not in cached]
        if _disturbs(operands, fresh):
            fresh = []
        prelude: list[ir.Stmt] = []
        inner = dict(cached)
        for name in fresh:
            k = len(self.added) // 2
            header = ir.CachedList(name, f"%{name}{k}.len", f"%{name}{k}.items", self.types[name])
            self.added += [(header.length, INT), (header.items, ADDRESS)]
            xs = ir.Name(name, header.type)
            prelude.append(ir.Assign(header.length, ir.Op("list.len", (xs,), INT), s.line))
            prelude.append(ir.Assign(header.items, ir.Op("list.items", (xs,), ADDRESS), s.line))
            inner[name] = header
        if isinstance(s, ir.While):
            loop = dataclasses.replace(s, test=self.visit(s.test, inner))
        else:  # the operands are evaluated outside the loop
            loop = rebuild(dataclasses.replace(s, body=()), self.visitor(cached))
        return (*prelude, dataclasses.replace(loop, body=self.block(s.body, inner)))
