"""Packed bool lists: a ``list[bool]`` local that never leaves its function holds its items one
byte each instead of eight (a sieve's flags: an eighth of the memory and of the cache misses).

Input: an ir.Module. Output: the same module where each such local's type, and the type of
every expression naming it, is ``ListType(BOOL, packed=True)``; codegen reads and writes its
items with ``i32.load8_u``/``i32.store8`` at a stride of one byte.

Every other list keeps the 8-byte items the runtime functions (slices, ``==``, ``in``, sorting)
and the ABI lowering expect, so a local is packed only when every use of it is one codegen
emits inline: it is assigned only displays (``[]``, ``[True, False]``) and ``[b] * n``, and
otherwise named only as the list of ``xs[i]``, ``xs[i] = b``, ``xs.append(b)``, ``len(xs)``,
its truth, and ``for b in xs``. Passed to a call, returned, stored, aliased, sliced or compared,
it is not packed.
"""

from __future__ import annotations

import dataclasses

from .. import ir
from ..types import BOOL, ListType
from .walk import rebuild, walk_all

BOOLS = ListType(BOOL)
PACKED = ListType(BOOL, packed=True)

#: The operations whose first operand may be a packed list (codegen emits them inline).
_INLINE_OPS = frozenset({"list.get", "list.append", "list.len", "list.truth"})


def transform(module: ir.Module) -> ir.Module:
    """``module`` with the bool lists that stay in their function packed."""
    return dataclasses.replace(module, functions=tuple(map(_function, module.functions)))


def packable(fn: ir.Function) -> set[str]:
    """The ``list[bool]`` locals of ``fn`` whose every use a packed list allows."""
    candidates = {name for name, t in fn.locals if t == BOOLS}
    named: dict[str, int] = {}
    allowed: dict[str, int] = {}
    for node in walk_all(fn.body):
        match node:
            case ir.Name(name=name) if name in candidates:
                named[name] = named.get(name, 0) + 1
            case ir.Op(op=op, args=(ir.Name(name=name), *_)) if op in _INLINE_OPS:
                allowed[name] = allowed.get(name, 0) + 1
            case ir.SetItem(items=ir.Name(name=name)) | ir.ForList(items=ir.Name(name=name)):
                allowed[name] = allowed.get(name, 0) + 1
            case ir.Assign(name=name, value=value) if not _new_list(value):
                candidates.discard(name)
            case ir.Tee(name=name) | ir.ForRange(var=name) | ir.ForList(var=name):
                candidates.discard(name)
            case ir.Handler(name=str() as name):
                candidates.discard(name)
    return {n for n in candidates if named.get(n, 0) == allowed.get(n, 0)}


def _new_list(value: ir.Expr) -> bool:
    """Whether ``value`` is a new list codegen can make packed (when it is of bools)."""
    return isinstance(value, ir.NewList) or (isinstance(value, ir.Op) and value.op == "list.repeat")


def _function(fn: ir.Function) -> ir.Function:
    packed = packable(fn)
    if not packed:
        return fn

    def visit(node: object) -> object:
        node = rebuild(node, visit)
        match node:
            case ir.Name(name=name) if name in packed:
                return dataclasses.replace(node, type=PACKED)
            case ir.Assign(name=name, value=ir.NewList() | ir.Op() as value) if name in packed:
                return dataclasses.replace(node, value=dataclasses.replace(value, type=PACKED))
        return node

    body = tuple(visit(s) for s in fn.body)
    types = tuple((n, PACKED if n in packed else t) for n, t in fn.locals)
    return dataclasses.replace(fn, body=body, locals=types)
