"""Loop regions: memory a loop iteration allocates is reclaimed at the start of the next one,
when nothing allocated in an iteration can be reached after it.

Input: an ir.Module. Output: the same module, each region loop preceded by the saving of the
allocator's floor and a zero mark, its body starting with the mark taken at the first
iteration and ``heap.release`` at every one, and followed by ``heap.restore`` (the new locals
``%regionN.mark``, ``%regionN.floor`` added to the function's).

The allocator (support/alloc.wat) hands out blocks from free lists or from the top of the heap.
At its first iteration a region loop records the top (its mark); every later iteration starts by
setting the top back to the mark, so a loop that builds and drops temporaries runs in the memory
of one iteration. Blocks at or above the outermost active mark are never put on a free list
(``$alloc.floor``), so a release cannot leave a free block above the top. The last iteration's
memory is not reclaimed (a value from it may be read after the loop, and a break leaves early).
An exception leaving a region loop skips the floor's restore after it: the handler that catches
it (in this function or a caller) puts the floor back as it was at its try (codegen's
try_except), so later frees count again.

A loop is a region only when this is provably safe, by its IR alone (conservative):

- every variable of a heap type (str, list, tuple, dataclass, optional) assigned in the body
  occurs only inside the body (so, by the definite-assignment rule irbuild enforces, it is
  assigned before it is read in each iteration, and dead after the loop); the loop's own
  variable is not re-assigned;
- nothing stores a heap value into, or appends to, a list or object from outside the body
  (an append to an outer list may move its items into the region);
- calls pass only scalars, strs (immutable) and values made in the iteration (a callee can only
  keep a value by storing it in a mutable argument);
- no return in the body (it would leave with the region's floor set), and only operations
  whose families are known not to store into existing containers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import ir
from ..types import BOOL, FLOAT, INT, NONE, STR, EnumType, FlagType, ListType, Type
from .walk import rebuild, walk

#: Operation families that never store into an existing container (they read, compute, or
#: make new values); ``list.*`` operations are checked one by one.
_PURE_FAMILIES = (
    "int.", "float.", "bool.", "str.", "math.", "table.", "option.", "enum.", "flag.", "int_float.",
    "tuple.", "list[",
)  # fmt: skip
#: ``list.*`` operations that only read a list or make a new one.
_PURE_LIST_OPS = frozenset({"list.get", "list.len", "list.truth", "list.repeat", "list.slice"})
#: The IR nodes this pass knows; a loop holding any other kind is left alone.
_KNOWN = (
    ir.Const, ir.Name, ir.Tee, ir.Op, ir.Logical, ir.Cond, ir.Call, ir.NewList, ir.NewStruct,
    ir.GetField, ir.Block, ir.Assign, ir.Eval, ir.If, ir.While, ir.ForRange, ir.ForList,
    ir.SetItem, ir.SetField, ir.Break, ir.Continue, ir.Raise, ir.Inline,
)  # fmt: skip


def is_heap(t: Type) -> bool:
    """Whether a value of ``t`` is (the address of) a heap block."""
    return t not in (INT, FLOAT, BOOL, NONE) and not isinstance(t, EnumType | FlagType)


def transform(module: ir.Module) -> ir.Module:
    """``module`` with the region loops of its functions marked and released."""
    return dataclasses.replace(module, functions=tuple(map(regions, module.functions)))


def regions(fn: ir.Function) -> ir.Function:
    """``fn`` with its region loops marked and released (nested regions too: an inner one's
    mark lies above the outer one's)."""
    counts = _occurrences(fn.body)
    for name, _ in fn.params:  # a parameter holds a value from outside
        counts[name] = counts.get(name, 0) + 1
    extra: list[tuple[str, Type]] = []
    body = _statements(fn.body, counts, extra)
    if not extra:
        return fn
    return dataclasses.replace(fn, body=body, locals=(*fn.locals, *extra))


def _statements(
    stmts: tuple[ir.Stmt, ...], counts: dict[str, int], extra: list[tuple[str, Type]]
) -> tuple[ir.Stmt, ...]:
    out: list[ir.Stmt] = []
    for s in stmts:
        match s:
            case ir.While() | ir.ForRange() | ir.ForList() if _qualifies(s, counts):
                inner = dataclasses.replace(s, body=_statements(s.body, counts, extra))
                out += _region(inner, len(extra) // 2, extra)  # its inner loops may be too
            case ir.While(body=body) | ir.ForRange(body=body) | ir.ForList(body=body):
                out.append(dataclasses.replace(s, body=_statements(body, counts, extra)))
            case ir.If(body=body, orelse=orelse):
                inner = _statements(body, counts, extra), _statements(orelse, counts, extra)
                out.append(dataclasses.replace(s, body=inner[0], orelse=inner[1]))
            case ir.Try(body=body, handlers=handlers, orelse=orelse, finalbody=final):
                # a handler puts the floor back as it was at the try (codegen's try_except)
                caught = tuple(
                    dataclasses.replace(h, body=_statements(h.body, counts, extra))
                    for h in handlers
                )
                out.append(dataclasses.replace(
                    s, body=_statements(body, counts, extra), handlers=caught,
                    orelse=_statements(orelse, counts, extra),
                    finalbody=_statements(final, counts, extra),
                ))  # fmt: skip
            case _:
                out.append(_in_inlines(s, counts, extra))
    return tuple(out)


def _in_inlines(node: object, counts: dict[str, int], extra: list[tuple[str, Type]]) -> object:
    """``node`` with the loops in the bodies of its inlined calls made regions too."""

    def visit(child: object) -> object:
        if isinstance(child, ir.Inline):
            return dataclasses.replace(child, body=_statements(child.body, counts, extra))
        return rebuild(child, visit)

    return rebuild(node, visit)


def _region(
    loop: ir.While | ir.ForRange | ir.ForList, index: int, extra: list[tuple[str, Type]]
) -> list[ir.Stmt]:
    """The loop with its mark taken at the first iteration (after the loop's own operands are
    evaluated: a list iterated over lies below it) and released at the start of every one."""
    mark, saved = f"%region{index}.mark", f"%region{index}.floor"
    bigs = f"%region{index}.bigs"
    extra += [(mark, INT), (saved, INT), (bigs, INT)]
    line = loop.line
    # a big int made since the mark may be held across iterations (an int variable): the mark
    # moves up to keep it (support/bigint.wat counts them)
    made = ir.Op("int.ne", (ir.Op("heap.bigs", (), INT), ir.Name(bigs, INT)), BOOL)
    first = ir.Op("int.eq", (ir.Name(mark, INT), ir.Const(0, INT)), BOOL)
    first = ir.Logical("or", first, made, BOOL)
    marked = (ir.Assign(mark, ir.Op("heap.top", (), INT), line),)
    marked += (ir.Assign(bigs, ir.Op("heap.bigs", (), INT), line),)
    start = (
        ir.If(first, marked, (), line),
        ir.Eval(ir.Op("heap.release", (ir.Name(mark, INT), ir.Name(saved, INT)), NONE), line),
    )
    return [
        ir.Assign(saved, ir.Op("heap.floor", (), INT), line),
        ir.Assign(mark, ir.Const(0, INT), line),
        ir.Assign(bigs, ir.Const(0, INT), line),
        dataclasses.replace(loop, body=(*start, *loop.body)),
        ir.Eval(ir.Op("heap.restore", (ir.Name(saved, INT),), NONE), line),
    ]


def _occurrences(stmts: tuple[ir.Stmt, ...]) -> dict[str, int]:
    """How many times each variable is named (read, assigned, or a loop's variable)."""
    counts: dict[str, int] = {}
    for name in _names(stmts):
        counts[name] = counts.get(name, 0) + 1
    return counts


def _names(root: object) -> Iterator[str]:
    for node in (n for r in (root if isinstance(root, tuple) else (root,)) for n in walk(r)):
        match node:
            case ir.Name(name=name) | ir.Tee(name=name) | ir.Assign(name=name):
                yield name
            case ir.ForRange(var=name) | ir.ForList(var=name):
                yield name


def _qualifies(loop: ir.While | ir.ForRange | ir.ForList, counts: dict[str, int]) -> bool:
    inside = _occurrences(loop.body)
    local = {n for n, k in inside.items() if counts.get(n, 0) == k}  # named only in the body
    var = getattr(loop, "var", None)
    local.discard(var)
    fresh = _fresh(loop.body, local)
    header: list[object] = [loop.test] if isinstance(loop, ir.While) else []
    # an inlined body is judged as the call it replaced (its loops are judged on their own)
    nodes = [node for root in (*loop.body, *header) for node in walk(root, into_inlines=False)]
    return any(map(_allocates, nodes)) and all(_safe(n, local, fresh, var) for n in nodes)


def _allocates(node: object) -> bool:
    """Whether ``node`` may allocate: a release at each iteration costs a few instructions,
    spent only on loops that make heap values (a call of the module's own functions may, the
    math library's functions of numbers seldom do)."""
    match node:
        case ir.NewList() | ir.NewStruct() | ir.Block():
            return True
        case ir.Call(module=None):
            return True
        case ir.Inline(body=(ir.Return(value=value),)):  # the callee's expression
            return any(map(_allocates, walk(value)))
        case ir.Inline():  # a whole body: as the call of the module's function it replaced
            return True
        case ir.Op(op=op) if op.startswith("option.box"):
            return True
        case ir.Op(type=t) | ir.Call(type=t):
            return is_heap(t)
    return False


def _fresh(body: tuple[ir.Stmt, ...], local: set[str]) -> set[str]:
    """The local variables that only ever hold containers made in the iteration (never an
    alias of an outer one): each assignment's value is new (a display, a construction, a
    comprehension, a call, a copy) or another such variable."""
    values: dict[str, list[ir.Expr]] = {name: [] for name in local}
    for node in (n for root in body for n in walk(root)):
        match node:
            case ir.Assign(name=name, value=value) | ir.Tee(name=name, value=value) if (
                name in values
            ):
                values[name].append(value)
            case ir.ForList(var=name) if name in values:
                values.pop(name)  # holds items of a list: maybe outer containers
    fresh = set(values)
    changed = True
    while changed:
        kept = {n for n in fresh if all(_new(v, fresh) for v in values[n])}
        changed, fresh = kept != fresh, kept
    return fresh


def _new(e: ir.Expr, fresh: set[str]) -> bool:
    match e:
        case ir.NewList() | ir.NewStruct() | ir.Call() | ir.Inline():
            return True  # a call cannot return an outer container: it is passed none
        case ir.Op(op="list.repeat" | "list.slice"):
            return True
        case ir.Name(name=name):
            return name in fresh
        case ir.Block(value=value) | ir.Tee(value=value):
            return _new(value, fresh)
        case ir.Cond(body=body, orelse=orelse):
            return _new(body, fresh) and _new(orelse, fresh)
    return not is_heap(e.type) or e.type is STR  # a str is immutable: an alias is harmless


def _safe(node: object, local: set[str], fresh: set[str], var: str | None) -> bool:
    def made_here(e: ir.Expr) -> bool:
        return isinstance(e, ir.Name) and e.name in fresh

    match node:
        case _ if not isinstance(node, _KNOWN):
            return False
        case ir.Assign(name=name, value=value) | ir.Tee(name=name, value=value):
            return name != var and (not is_heap(value.type) or name in local)
        case ir.ForList(var=name, items=items):  # an item made here may be kept in it
            assert isinstance(items.type, ListType)
            return not is_heap(items.type.element) or name in local
        case ir.Op(op="list.append", args=(items, _)):
            return made_here(items)
        case ir.Op(op=op):
            if op.startswith("list."):
                return op in _PURE_LIST_OPS
            return op.startswith(_PURE_FAMILIES)
        case ir.Call(args=args) | ir.Inline(args=args):
            return all(not is_heap(a.type) or a.type is STR or made_here(a) for a in args)
        case ir.SetItem(items=items, value=value):
            stores_scalar = isinstance(items.type, ListType) and not is_heap(value.type)
            return stores_scalar or made_here(items)
        case ir.SetField(target=target, value=value):
            return not is_heap(value.type) or made_here(target)
    return True
