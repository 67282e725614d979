"""May-raise analysis over the whole program (the user's modules and the support library):
a function that cannot raise is marked ``may_raise=False``, and so is every call of it, so
codegen emits no ``$exc`` check after those calls.

A function cannot raise when its body has no raise, only operations of :data:`NEVER_RAISE`,
no node outside :data:`_SAFE` and calls only of functions that cannot raise. The fixpoint
starts from "every function may raise" and clears functions until nothing changes, so a
recursive function keeps its checks (conservative, as it must be).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .. import ir
from ..irbuild.common import LIBRARY_MODULE
from ..support import chartables
from ..types import INT
from .walk import rebuild, walk_all

#: Operations whose code has no raise path: wrapping or flag-free bit and float arithmetic,
#: tests, the library's intrinsics and its table loads (``table.*``). Anything else (checked
#: int arithmetic, division, conversions, indexing, allocation) may raise.
_TESTS = ("lt", "le", "gt", "ge", "eq", "ne")
NEVER_RAISE = frozenset(f"{k}.{t}" for k in ("int", "float", "int_float") for t in _TESTS) | {
    "int.and", "int.or", "int.xor", "int.invert", "int.truth", "int.to_float", "int.min",
    "int.max", "int.bits_float", "int.add64", "int.sub64", "int.mul64", "int.shl64",
    "int.add_unchecked", "int.sub_unchecked", "float.add", "float.sub", "float.mul",
    "float.neg", "float.abs", "float.copysign", "float.min", "float.max", "float.truth",
    "float.isnan", "float.isinf", "float.isfinite", "float.bits", "float.fma", "float.floor",
    "float.fdiv", "bool.not", "bool.and", "bool.or", "bool.xor", "bool.to_int", "bool.to_float",
    "fact.nonneg", "enum.eq", "enum.ne", "str.truth", "str.len", "str.byte_length",
    *(f"str.{t}" for t in _TESTS), *(f"str.{p}" for p in chartables.PREDICATES),
}  # fmt: skip

#: Operations that cannot raise when their right operand is a constant at least this: a shift
#: by c >= 0 (a negative count raises ValueError), a division by c > 0 (no zero, no overflow).
_CONSTANT_RIGHT = {"int.rshift": 0, "int.floordiv": 1, "int.mod": 1}

#: The program's operations of NEVER_RAISE and _CONSTANT_RIGHT that see their int operands raw
#: (codegen/ops.py BIG_AWARE): lowering one beyond 64 bits raises OverflowError
#: (support/bigint.wat), so in the program's code they raise unless every int operand is a
#: constant. The math library's ints are raw already (narrow).
_RAW_INT = frozenset({"int.and", "int.or", "int.xor", "int.invert", "int.to_float", "int.min"})
_RAW_INT |= {"int.max", "int.bits_float", "int.add64", "int.sub64", "int.mul64", "int.shl64"}
_RAW_INT |= {*(f"int_float.{t}" for t in _TESTS), *_CONSTANT_RIGHT}

#: The IR nodes that raise nothing themselves (an Op, Call or ForRange is judged further).
_SAFE = (
    ir.Const, ir.Name, ir.Tee, ir.Op, ir.Logical, ir.Cond, ir.Call, ir.Assign, ir.Eval, ir.If,
    ir.While, ir.ForRange, ir.Break, ir.Continue, ir.Return, ir.Inline, ir.GetField,
)  # fmt: skip

Key = tuple[str, str]  # (module, function)


def transform(modules: Sequence[ir.Module]) -> list[ir.Module]:
    """``modules`` with the functions that cannot raise, and their calls, marked."""
    functions = {(m.name, f.name): (m.name, f) for m in modules for f in m.functions}
    cannot: set[Key] = set()
    changed = True
    while changed:
        changed = False
        for key, (module, fn) in functions.items():
            if key not in cannot and not _may_raise(module, fn, cannot):
                cannot.add(key)
                changed = True
    return [
        dataclasses.replace(m, functions=tuple(_mark(m.name, f, cannot) for f in m.functions))
        for m in modules
    ]


def _may_raise(module: str, fn: ir.Function, cannot: set[Key]) -> bool:
    program = module != LIBRARY_MODULE
    for node in walk_all(fn.body):
        match node:
            case ir.Op(op=op, args=args) if program and op in _RAW_INT and _raw_int(args):
                return True
            case ir.Call(module=callee, args=args) if (
                program and callee == LIBRARY_MODULE and _raw_int(args)
            ):  # the library takes raw ints (lowered)
                return True
            case ir.Op(op=op, args=(_, ir.Const(value=c))) if op in _CONSTANT_RIGHT:
                if int(c) < _CONSTANT_RIGHT[op]:
                    return True
            case ir.Op(op=op) if op not in NEVER_RAISE and not op.startswith("table."):
                return True
            case ir.Call(func=func, module=callee) if (callee or module, func) not in cannot:
                return True
            case ir.ForRange(step=step) if not (isinstance(step, ir.Const) and step.value):
                return True  # range() with a zero step raises ValueError
            case _ if not isinstance(node, _SAFE):
                return True
    return False


def _raw_int(args: Sequence[ir.Expr]) -> bool:
    """Whether an operand is an int that may be big (lowering it may raise)."""
    return any(a.type is INT and not isinstance(a, ir.Const) for a in args)


def _mark(module: str, fn: ir.Function, cannot: set[Key]) -> ir.Function:
    def visit(node: object) -> object:
        node = rebuild(node, visit)
        if isinstance(node, ir.Call) and (node.module or module, node.func) in cannot:
            return dataclasses.replace(node, may_raise=False)
        return node

    body = tuple(visit(s) for s in fn.body)
    return dataclasses.replace(fn, body=body, may_raise=(module, fn.name) not in cannot)  # type: ignore[arg-type]
