"""Which calls codegen replaces by the callee's expression.

A call costs more than a small helper's arithmetic (the engine's stack and interruption checks
at every entry, the ``$exc`` check after it), and a call in a loop makes the engine keep the
loop's values in memory across it. So a function whose body is one ``return <expression>`` of
its parameters, with no calls in it (``matrix_entry(i, j)``), is compiled in place at each call
site; its traceback frame is still pushed when it raises (FunctionCodegen.leave).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from .. import ir
from ..types import NONE, Type
from .loops import walk

#: Bigger expressions are called: inlining them would grow the module for little.
MAX_NODES = 40
#: A recursive function this small has its calls of itself inlined UNROLL_DEPTH levels deep
#: (fib: a third as many calls for 7 copies of a tiny body; a third level gains nothing more).
MAX_UNROLLED_NODES = 60
UNROLL_DEPTH = 2
#: The expression nodes an inlined body may hold (no calls, no allocation, no assignment).
_PURE = (ir.Const, ir.Name, ir.Op, ir.Logical, ir.Cond, ir.GetField)


@dataclass(frozen=True)
class Inlinable:
    name: str
    params: tuple[tuple[str, Type], ...]
    value: ir.Expr  # what the function returns, in terms of its parameters
    line: int  # of the return statement: the callee's traceback line
    size: int  # IR nodes of ``value``


def inlinable(module: ir.Module) -> dict[str, Inlinable]:
    """The functions of ``module`` that calls may be replaced by, by name."""
    found = {}
    for fn in module.functions:
        match fn.body:
            case (ir.Return(value=value, line=line),) if value and value.type is not NONE:
                nodes = list(islice(walk(value), MAX_NODES + 1))
                params = {name for name, _ in fn.params}
                pure = all(isinstance(n, _PURE) for n in nodes)
                if pure and len(nodes) <= MAX_NODES and _reads_only(nodes, params):
                    found[fn.name] = Inlinable(fn.name, fn.params, value, line, len(nodes))
    return found


def unrolls_recursion(fn: ir.Function) -> bool:
    """Whether ``fn`` calls itself and is small enough to inline levels of the recursion into
    its own body (the innermost copies call it for real)."""
    nodes = list(islice((n for stmt in fn.body for n in walk(stmt)), MAX_UNROLLED_NODES + 1))
    calls_itself = any(isinstance(n, ir.Call) and n.module is None and n.func == fn.name
                       for n in nodes)  # fmt: skip
    return calls_itself and len(nodes) <= MAX_UNROLLED_NODES


def _reads_only(nodes: list[object], params: set[str]) -> bool:
    return all(n.name in params for n in nodes if isinstance(n, ir.Name))
