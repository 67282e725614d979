"""Unrolling: how many copies of a small innermost loop body codegen emits per trip.

Input: an ir.Module. Output: the same module, with ``copies`` set on its small innermost
``while`` and ``for ... in range`` loops.

An innermost loop body this small, with no calls (an inlined call counts as its callee's
expression), is emitted twice or four times per trip round the wasm loop, each copy with the
loop's test or counter step: a fraction of the back branches, and of the engine's interruption
checks (one per loop head).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .. import ir
from .walk import rebuild, walk_all

#: Bigger bodies are emitted once: copies would grow the module for little.
MAX_COPIED_NODES = 40


def transform(module: ir.Module) -> ir.Module:
    """``module`` with each loop's copies per trip set."""
    return dataclasses.replace(module, functions=tuple(map(_visit, module.functions)))


def _visit(node: object) -> object:  # type: ignore[misc]
    node = rebuild(node, _visit)
    match node:
        case ir.While(test=test, body=body):
            return dataclasses.replace(node, copies=copies_per_trip(body, test))
        case ir.ForRange(body=body):
            return dataclasses.replace(node, copies=copies_per_trip(body))
    return node


def copies_per_trip(body: Sequence[ir.Stmt], test: ir.Expr | None = None) -> int:
    """Copies of a loop body per trip: 1 for a body holding a loop, a call, or more than
    MAX_COPIED_NODES nodes; 4 for at most 12; 2 otherwise."""
    roots = (*body, *([test] if test else []))
    size = 0
    for n in walk_all(roots, into_inlines=False):
        size += 1
        match n:
            case ir.While() | ir.ForRange() | ir.ForList() | ir.Call():
                return 1
            case ir.Inline(body=(ir.Return(value=value),)):
                size += sum(1 for _ in walk_all([value]))  # the callee's expression
            case ir.Inline():  # a whole body: as the call it replaced
                return 1
    return 1 if size > MAX_COPIED_NODES else 4 if size <= 12 else 2
