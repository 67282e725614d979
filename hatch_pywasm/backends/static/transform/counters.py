"""Counter facts: what a ``for v in range(...)`` variable is known to be, written into the
operations that use it.

Input: an ir.Module (after inlining). Output: the same module where, inside such a loop's body,

- ``int.add(v, 1)`` is ``int.add_unchecked`` when v < stop is known (it cannot overflow), and
  ``int.sub(v, c)`` (c >= 0) is ``int.sub_unchecked`` when also v >= 0;
- ``v`` is ``fact.nonneg(v)`` (the same value, known >= 0) where codegen uses the fact: as an
  operand of ``int.add`` (which then overflows only upwards: one compare), and as the index of
  ``xs[v]`` (no negative-index fix-up).

Inside an inlined expression, a parameter passed a counter has the counter's facts.
"""

from __future__ import annotations

import dataclasses

from .. import ir
from .walk import rebuild, walk_all

#: The IR nodes this analysis knows: a node of any other kind (a later addition to the IR) might
#: assign the variable, so a loop containing one has no counter fact.
_KNOWN = (
    ir.Const, ir.Name, ir.Tee, ir.Op, ir.Logical, ir.Cond, ir.Call, ir.NewList, ir.NewStruct,
    ir.GetField, ir.Assign, ir.Eval, ir.If, ir.While, ir.ForRange, ir.ForList, ir.SetItem,
    ir.SetField, ir.Break, ir.Continue, ir.Return, ir.Raise, ir.Inline,
)  # fmt: skip

#: The wrapper of a value known to be >= 0 (codegen emits the value).
NONNEG = "fact.nonneg"

Counters = dict[str, bool]  # a counter variable -> whether it is also known >= 0


def transform(module: ir.Module) -> ir.Module:
    """``module`` with its range counters' facts in the operations that use them."""
    return dataclasses.replace(module, functions=tuple(_visit(fn, {}) for fn in module.functions))


def counter_fact(loop: ir.ForRange, counters: Counters) -> bool | None:
    """What a ``for v in range(start, stop, step)`` variable is known to be in the body: with a
    positive constant step and no assignment to ``v`` in the body, v < stop <= MAX, so ``v + 1``
    fits (None otherwise); True when also v >= start >= 0, so ``v - c`` (c >= 0) fits and
    ``xs[v]`` needs no negative-index fix-up. ``counters`` holds the enclosing loops' facts."""
    if not (isinstance(loop.step, ir.Const) and int(loop.step.value) > 0):
        return None
    for node in walk_all(loop.body, into_inlines=False):
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
    return _non_negative(loop.start, counters)


def _non_negative(e: ir.Expr, counters: Counters) -> bool:
    match e:
        case ir.Const(value=c):
            return int(c) >= 0
        case ir.Name(name=name):
            return counters.get(name, False)
        case ir.Op(op="int.add", args=(left, right)):  # checked: it raised if it overflowed
            return _non_negative(left, counters) and _non_negative(right, counters)
    return False


def _visit(node: object, counters: Counters) -> object:
    def nonneg(e: ir.Expr) -> ir.Expr:
        """``e`` wrapped as known >= 0 when it is such a counter, else visited."""
        if isinstance(e, ir.Name) and counters.get(e.name):
            return ir.Op(NONNEG, (e,), e.type)
        return _visit(e, counters)  # type: ignore[return-value]

    match node:
        case ir.ForRange(var=var, body=body):
            fact = counter_fact(node, counters)
            inner = counters if fact is None else {**counters, var: fact}
            bounds = rebuild(dataclasses.replace(node, body=()), lambda c: _visit(c, counters))
            return dataclasses.replace(bounds, body=tuple(_visit(s, inner) for s in body))
        case ir.Inline(params=params, args=args, body=(ir.Return(),) as body):
            facts = {p: counters[a.name] for p, a in zip(params, args, strict=True)
                     if isinstance(a, ir.Name) and a.name in counters}  # fmt: skip
            args = tuple(_visit(a, counters) for a in args)
            return dataclasses.replace(node, args=args, body=tuple(_visit(s, facts) for s in body))
        case ir.Inline(args=args, body=body):  # a whole body: its own variables, no facts
            args = tuple(_visit(a, counters) for a in args)
            return dataclasses.replace(node, args=args, body=tuple(_visit(s, {}) for s in body))
        case ir.Op(op="int.add", args=(ir.Name(name=v), ir.Const(value=1))) if v in counters:
            return dataclasses.replace(node, op="int.add_unchecked")  # v < stop
        case ir.Op(op="int.sub", args=(ir.Name(name=v), ir.Const(value=c))) if (
            counters.get(v) and int(c) >= 0
        ):
            return dataclasses.replace(node, op="int.sub_unchecked")  # v >= 0
        case ir.Op(op="int.add", args=(left, right)) if not isinstance(
            left, ir.Const
        ) and not isinstance(right, ir.Const):
            return dataclasses.replace(node, args=(nonneg(left), nonneg(right)))
        case ir.Op(op="list.get", args=(items, index)):
            return dataclasses.replace(node, args=(_visit(items, counters), nonneg(index)))
        case ir.SetItem(items=items, index=index, value=value):
            visited = _visit(items, counters), nonneg(index), _visit(value, counters)
            return dataclasses.replace(node, items=visited[0], index=visited[1], value=visited[2])
    return rebuild(node, lambda c: _visit(c, counters))
