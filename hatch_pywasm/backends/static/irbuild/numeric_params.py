"""An int (or bool) given for a ``float`` parameter of a function of the program: CPython keeps
the int, so the callee runs with an int (``f"{x}"`` is ``10``, ``x // 2`` an int, ``type(x)``
int). The callee is lowered again for those argument types (a specialisation, keyed
``f@x=int``), as CPython effectively evaluates it; widening the argument to a float would give
another value wherever int and float differ (str(), ``//``, exactness beyond 2**53, ...).

The specialisation's result: the declared type when every ``return`` gives exactly it; when the
declared result is ``float`` and every return gives one other type (``return x`` of the int),
that type, which the call site then sees (CPython returns the int); otherwise (an int on one
path and a float on another, or an int widened inside a tuple or an optional) a SubsetError
naming the call. Methods and the math library are not specialised (a method's float
parameters are widened, as fields are: see the static README)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .. import ir
from ..errors import SubsetError
from ..types import BOOL, FLOAT, INT, OptionType, Type
from .common import Signature

if TYPE_CHECKING:
    from .module import ModuleLowerer
    from .statements import FunctionLowerer


def specialised(
    owner: ModuleLowerer, name: str, bound: dict[str, ir.Expr], where: str
) -> tuple[str, Signature]:
    """The function to call for these arguments (``name`` itself, or its specialisation for
    the ints given for float parameters) and its signature. ``where``: the call's file:line."""
    sig = owner.signature(name)
    retyped = {
        p: bound[p].type for p, t in sig.params if t is FLOAT and bound[p].type in (INT, BOOL)
    }
    kind = owner.methods.get(name, ("", "function"))[1]
    if not retyped or owner.intrinsics or kind != "function":
        return name, sig
    key = name + "@" + "@".join(f"{p}={t}" for p, t in retyped.items())  # (a WAT name)
    if key in owner.signatures:  # lowered, or being lowered (a recursive call)
        owner.recursive.update({key} & owner.lowering)
        return key, owner.signatures[key]
    params = tuple((p, retyped.get(p, t)) for p, t in sig.params)
    owner.defs[key] = owner.defs[name]
    owner.signatures[key] = replace(sig, params=params, specialised_for=where)
    owner.lowering.add(key)
    try:
        function, lowerer = owner.lowered(key)
        carried = _carried(lowerer, sig.result, sig.result)
        if carried is not None:  # lowered again returning it (a recursive call sees it too)
            owner.signatures[key] = replace(owner.signatures[key], result=carried)
            function, lowerer = owner.lowered(key)
            _carried(lowerer, sig.result, carried)
    except SubsetError as error:
        ints = ", ".join(f"{p}" for p in retyped)
        because = f" (called at {where} with an int for the float parameter(s) {ints})"
        raise SubsetError(error.file, error.line, error.message + because) from None
    finally:
        owner.lowering.discard(key)
    owner.specialisations[key] = (function, lowerer.callees)
    return key, owner.signatures[key]


def _carried(lowerer: FunctionLowerer, declared: Type, assumed: Type) -> Type | None:
    """The result type the specialisation returns when it is not ``assumed`` (the declared
    one at first; None: it is); a SubsetError when no one type is CPython's on every path. A
    recursive call gave ``assumed``, so a return of it with one other type is that type."""
    kinds = set(lowerer.returned_types)
    if all(_exact(t, assumed) for t in kinds):
        return None
    others = kinds - {assumed} if lowerer.key in lowerer.owner.recursive else kinds
    if declared is FLOAT and assumed is FLOAT and len(others) == 1:
        return others.pop()
    node = lowerer.node
    what = f"{node.name} would return {' or '.join(sorted(map(str, kinds)))} (CPython keeps "
    what += f"the int) where {declared} is declared, which is outside the compiled subset"
    raise SubsetError(lowerer.file, node.lineno, what)


def _exact(t: Type, declared: Type) -> bool:
    """A returned value of type ``t`` is what CPython returns: no int widened into it."""
    return t == declared or (isinstance(declared, OptionType) and t == declared.inner)
