"""Inlining: calls of small functions of the module replaced by the callee, in place.

Input: an ir.Module. Output: the same module, some of its ``Call`` nodes replaced by
:class:`ir.Inline` nodes (the callee's parameters and variables renamed to fresh locals of the
caller, added to its ``locals``).

A call costs more than a small helper's arithmetic (the engine's stack and interruption checks
at every entry, the ``$exc`` check after it), and a call in a loop makes the engine keep the
loop's values in memory across it. So:

- a function whose body is one ``return <expression>`` of its parameters, with no calls in it
  (``matrix_entry(i, j)``), is compiled in place at each call site; so is one whose body is
  ``if test: return a`` tests before a last return, none of which can raise (``kind_of(ch)``,
  classifying a character), as conditional expressions, at the call sites inside loops (where
  calls cost; elsewhere the copy would only grow the module);
- a small recursive function (``fib``) has its calls of itself replaced by its whole body, two
  levels deep (the innermost copies call it for real).

The callee's traceback frame is still pushed when it raises (codegen's FunctionCodegen.leave).
"""

from __future__ import annotations

import dataclasses
from itertools import islice

from .. import ir
from ..types import NONE, Type
from .raises import NEVER_RAISE
from .walk import rebuild, walk, walk_all

#: Bigger expressions are called: inlining them would grow the module for little.
MAX_NODES = 40
#: A recursive function this small has its calls of itself inlined UNROLL_DEPTH levels deep
#: (fib: a third as many calls for 7 copies of a tiny body; a third level gains nothing more).
MAX_UNROLLED_NODES = 60
UNROLL_DEPTH = 2
#: The expression nodes an inlined body may hold (no calls, no allocation, no assignment).
_PURE = (ir.Const, ir.Name, ir.Op, ir.Logical, ir.Cond, ir.GetField)


@dataclasses.dataclass(frozen=True)
class Inlinable:
    name: str
    params: tuple[tuple[str, Type], ...]
    value: ir.Expr  # what the function returns, in terms of its parameters
    line: int  # of the return statement: the callee's traceback line
    tests: bool  # ``if t: return a`` before the return: inlined only into loops


def inlinable(module: ir.Module) -> dict[str, Inlinable]:
    """The functions of ``module`` that calls may be replaced by, by name."""
    found = {}
    for fn in module.functions:
        returned = _returned(fn.body)
        if returned is not None and returned[0].type is not NONE:
            value, line = returned
            nodes = list(islice(walk(value), MAX_NODES + 1))
            params = {name for name, _ in fn.params}
            pure = all(isinstance(n, _PURE) for n in nodes)
            if pure and len(nodes) <= MAX_NODES and _reads_only(nodes, params):
                found[fn.name] = Inlinable(fn.name, fn.params, value, line, len(fn.body) > 1)
    return found


def _returned(body: tuple[ir.Stmt, ...]) -> tuple[ir.Expr, int] | None:
    """What a body that only returns gives, as one expression, and the line of its return: one
    ``return e``, or ``if t: return a`` (else ``return b``) tests before it (``kind_of(ch)``)
    as conditional expressions, when no test or value before the last return can raise (a
    raise would have another line in the callee's frame)."""
    match body:
        case (ir.Return(value=value, line=line),) if value is not None:
            return value, line
        case (ir.If(test=test, body=(ir.Return(value=chosen),), orelse=orelse), *rest) if (
            chosen is not None and not (orelse and rest)
        ):
            otherwise = _returned(orelse or tuple(rest))
            if otherwise is None or not (_cannot_raise(test) and _cannot_raise(chosen)):
                return None
            return ir.Cond(test, chosen, otherwise[0], chosen.type), otherwise[1]
    return None


def _cannot_raise(e: ir.Expr) -> bool:
    return all(
        isinstance(n, (ir.Const, ir.Name, ir.Logical, ir.Cond))
        or (isinstance(n, ir.Op) and n.op in NEVER_RAISE)
        for n in walk(e)
    )


def unrolls_recursion(fn: ir.Function) -> bool:
    """Whether ``fn`` calls itself and is small enough to inline levels of the recursion into
    its own body (the innermost copies call it for real)."""
    nodes = list(islice(walk_all(fn.body), MAX_UNROLLED_NODES + 1))
    calls_itself = any(isinstance(n, ir.Call) and n.module is None and n.func == fn.name
                       for n in nodes)  # fmt: skip
    return calls_itself and len(nodes) <= MAX_UNROLLED_NODES


def transform(module: ir.Module) -> ir.Module:
    """``module`` with the calls of its inlinable functions, and the recursive calls of its
    small recursive functions, compiled in place."""
    found = inlinable(module)
    return dataclasses.replace(
        module, functions=tuple(_Inliner(fn, found).function() for fn in module.functions)
    )


class _Inliner:
    """The inlining of one function: the fresh locals it adds."""

    def __init__(self, fn: ir.Function, found: dict[str, Inlinable]) -> None:
        self.fn, self.found = fn, found
        self.unrolled = unrolls_recursion(fn)
        self.added: list[tuple[str, Type]] = []
        self.inlines = 0
        self.loops = 0  # how many loops the node visited is inside

    def function(self) -> ir.Function:
        body = tuple(self.visit(s, 0) for s in self.fn.body)
        if not self.added:
            return self.fn
        return dataclasses.replace(self.fn, body=body, locals=(*self.fn.locals, *self.added))

    def visit(self, node: object, depth: int) -> object:
        """``node`` with its calls inlined; ``depth``: how many levels of the function's own
        body the node is inside (its recursive calls are inlined below UNROLL_DEPTH)."""
        looping = isinstance(node, (ir.While, ir.ForRange, ir.ForList))
        self.loops += looping
        node = rebuild(node, lambda child: self.visit(child, depth))  # arguments first
        self.loops -= looping
        match node:
            case ir.Call(func=func, args=args, module=None) if func in self.found and (
                self.loops or not self.found[func].tests
            ):
                callee = self.found[func]
                renamed = self.fresh(callee.params)
                body = (ir.Return(_renamed(callee.value, renamed), callee.line),)
                return ir.Inline(func, _params(callee.params, renamed), args, body, node.type)
            case ir.Call(func=func, args=args, module=None) if (
                self.unrolled and func == self.fn.name and depth < UNROLL_DEPTH
            ):
                renamed = self.fresh((*self.fn.params, *self.fn.locals))
                body = tuple(_renamed(s, renamed) for s in self.fn.body)
                body = tuple(self.visit(s, depth + 1) for s in body)
                return ir.Inline(func, _params(self.fn.params, renamed), args, body, node.type)
        return node

    def fresh(self, variables: tuple[tuple[str, Type], ...]) -> dict[str, str]:
        """Fresh locals for the ``variables`` of one inlined callee: their new names."""
        self.inlines += 1
        renamed = {name: f"%inline{self.inlines}.{name}" for name, _ in variables}
        self.added += [(renamed[name], t) for name, t in variables]
        return renamed


def _renamed(node: ir.Stmt | ir.Expr, names: dict[str, str]) -> ir.Stmt | ir.Expr:
    """``node`` with its variables renamed (every name ``names`` maps)."""

    def visit(child: object) -> object:
        child = rebuild(child, visit)
        match child:
            case ir.Name(name=n) | ir.Tee(name=n) | ir.Assign(name=n) if n in names:
                return dataclasses.replace(child, name=names[n])
            case ir.ForRange(var=n) | ir.ForList(var=n) if n in names:
                return dataclasses.replace(child, var=names[n])
            case ir.Handler(name=str() as n) if n in names:
                return dataclasses.replace(child, name=names[n])
        return child

    return visit(node)  # type: ignore[return-value]


def _params(params: tuple[tuple[str, Type], ...], renamed: dict[str, str]) -> tuple[str, ...]:
    return tuple(renamed[name] for name, _ in params)


def _reads_only(nodes: list[object], params: set[str]) -> bool:
    return all(n.name in params for n in nodes if isinstance(n, ir.Name))
