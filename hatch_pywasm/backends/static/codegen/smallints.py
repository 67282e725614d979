"""Bounds of the int values of a function, to know which are small (support/bigint.wat: within
[-2**62, 2**62)): an operation on small operands skips their test for a big int, and one whose
result is known small is the plain i64 instruction."""

from __future__ import annotations

from .. import ir
from ..transform.walk import walk
from ..types import INT
from .ops import BIAS

#: An interval [lo, hi] of values, or None when unknown; (1, 0) is empty (no value yet).
Bounds = tuple[int, int] | None
_EMPTY = (1, 0)
#: The parameters' bounds in a function's version for small arguments (its guard tests them):
#: narrow enough that sums and products of a few stay small.
GUARD = (-(2**30), 2**30 - 1)
_LENGTH = (0, 2**32)
#: Operations whose int operands are lowered to 64 bits (OverflowError beyond: codegen/ops.py
#: BIG_AWARE), so an unknown dividend is within _S64: ``x % c`` and ``x // c`` are bounded.
_LOWERED = frozenset({"int.floordiv", "int.mod"})
_S64 = (-(2**63), 2**63 - 1)
_LENGTHS = frozenset({"list.len", "str.len", "str.byte_length", "tuple.len", "flag.to_int"})
#: Rounds before a bound of a variable that still grows is given up (a loop's accumulator):
#: it becomes +-INFINITY, to which every bound is clamped.
_ROUNDS = 6
INFINITY = 2**80


def bounds_of(fn: ir.Function, params_small: bool) -> dict[str, Bounds]:
    """The bounds of each int variable over every assignment: parameters (GUARD when
    ``params_small``), range counters between their bounds, constants, lengths, and sums,
    differences, products and quotients of such."""
    sources: dict[str, list[ir.Expr | None]] = {}
    for name, t in fn.params:
        sources[name] = [] if params_small and t is INT else [None]
    for node in walk(fn):
        match node:
            case ir.Assign(name=name, value=value) | ir.Tee(name=name, value=value):
                sources.setdefault(name, []).append(value)
            case ir.Inline(params=params, args=args):
                for name, arg in zip(params, args, strict=True):
                    sources.setdefault(name, []).append(arg)
            case ir.ForRange(var=name, start=start, stop=stop, step=step):  # between its bounds
                sources.setdefault(name, []).extend((start, _inner_bound(stop, step)))
            case ir.ForList(var=name):
                sources.setdefault(name, []).append(None)
    env: dict[str, Bounds] = {}
    for name, _ in fn.params:
        if params_small and sources[name] == []:
            env[name] = GUARD
    for round_ in range(4 * _ROUNDS):
        changed = False
        for name, values in sources.items():
            if name in env and env[name] is None:
                continue
            found = env.get(name, _EMPTY)
            for value in values:
                found = _join(found, None if value is None else bounds(value, env))
            if params_small and name in env and env[name] == GUARD and not values:
                found = GUARD
            old = env.get(name, _EMPTY)
            if found != old:
                if found is not None and old not in (None, _EMPTY) and round_ >= _ROUNDS:
                    found = (found[0] if found[0] >= old[0] else -INFINITY,
                             found[1] if found[1] <= old[1] else INFINITY)  # fmt: skip
                env[name] = found
                changed = True
        if not changed:
            break
    return env


def _join(a: Bounds, b: Bounds) -> Bounds:
    if a is None or b is None:
        return None
    if a == _EMPTY:
        return b
    if b == _EMPTY:
        return a
    return min(a[0], b[0]), max(a[1], b[1])


def _inner_bound(stop: ir.Expr, step: ir.Expr) -> ir.Expr:
    """An expression bounding the range's values as its stop does: the stop, or x for a stop
    of x + 1 counting up (x - 1 down), which the values never reach."""
    match stop, step:
        case ir.Op(op="int.add", args=(x, ir.Const(value=1))), ir.Const(value=c) if int(c) > 0:
            return x
        case ir.Op(op="int.sub", args=(x, ir.Const(value=1))), ir.Const(value=c) if int(c) < 0:
            return x
    return stop


def bounds(e: ir.Expr, env: dict[str, Bounds]) -> Bounds:
    """The bounds of int expression ``e``, given the variables'."""
    match e:
        case ir.Const(value=value, type=t) if t is INT:
            return int(value), int(value)
        case ir.Name(name=name) | ir.Tee(name=name):
            return env.get(name, _EMPTY)
        case ir.Op(op=op) if op in _LENGTHS:
            return _LENGTH
        case ir.Op(op="bool.to_int"):
            return 0, 1
        case ir.Op(op="fact.nonneg", args=(x,)):
            inner = bounds(x, env)
            return None if inner is None or inner == _EMPTY else (max(inner[0], 0), inner[1])
        case ir.Op(op=op, args=(x, y)) if op in _ARITHMETIC:
            a, b = bounds(x, env), bounds(y, env)
            if a is None and op in _LOWERED:
                a = _S64
            if a is None or b is None:
                return None
            if _EMPTY in (a, b):
                return _EMPTY
            found = _ARITHMETIC[op](a, b)
            if found is None:
                return None
            return max(found[0], -INFINITY), min(found[1], INFINITY)
    return None


def _floordiv(a: tuple[int, int], b: tuple[int, int]) -> Bounds:
    return (a[0] // b[0], a[1] // b[0]) if b[0] == b[1] and b[0] > 0 else None


_ARITHMETIC = {
    "int.add": lambda a, b: (a[0] + b[0], a[1] + b[1]),
    "int.add_unchecked": lambda a, b: (a[0] + b[0], a[1] + b[1]),
    "int.sub": lambda a, b: (a[0] - b[1], a[1] - b[0]),
    "int.sub_unchecked": lambda a, b: (a[0] - b[1], a[1] - b[0]),
    "int.mul": lambda a, b: (
        min(x * y for x in a for y in b),
        max(x * y for x in a for y in b),
    ),
    "int.floordiv": _floordiv,
    "int.mod": lambda a, b: (0, b[0] - 1) if b[0] == b[1] and b[0] > 0 else None,
}


def narrowing(test: ir.Expr, env: dict[str, Bounds]) -> tuple[str, Bounds] | None:
    """A while loop's ``x < e`` or ``x <= e`` test: x and its bounds in the body (until it is
    assigned) when e's are known."""
    match test:
        case ir.Op(op="int.lt" | "int.le" as op, args=(ir.Name(name=name), limit)):
            found, inner = env.get(name), bounds(limit, env)
            if found is None or found == _EMPTY or inner is None or inner == _EMPTY:
                return None
            return name, (found[0], min(found[1], inner[1] - (op == "int.lt")))
    return None


def is_small(e: ir.Expr, env: dict[str, Bounds]) -> bool:
    """Whether int expression ``e`` is known small."""
    found = bounds(e, env)
    return found is not None and found[0] >= -BIAS and found[1] < BIAS
