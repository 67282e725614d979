"""Names nothing defines. CPython compiles a function that reads one (``return add(a, b)``
with no ``add`` anywhere) and raises ``NameError("name 'add' is not defined")`` when the read
runs. A statement whose evaluation reaches such a read before anything that could have an
effect or raise (constants, assigned locals, defined names, the items of a tuple or list) is
that raise; a read behind a call or an operator is left to the ordinary lowering (a
``SubsetError``: the compiled code could not raise at the same moment)."""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .expressions import ExpressionLowering

#: Calls that may bind a module's globals at run time: with any of them, no name is undefined.
_DYNAMIC = frozenset({"globals", "exec", "eval", "vars", "setattr", "__import__", "locals"})


def module_globals(tree: ast.Module) -> frozenset[str] | None:
    """The names the module binds anywhere at its top level (in any branch, loop, ``try`` or
    ``if __name__ == "__main__":`` block), and those its functions declare ``global``; None
    when it may bind names in ways not written as bindings (``from m import *``, ``exec``,
    ``globals()``, ...)."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        match node:
            case ast.ImportFrom(names=names) if any(a.name == "*" for a in names):
                return None
            case ast.Call(func=ast.Name(id=name)) if name in _DYNAMIC:
                return None
            case ast.Global(names=names):
                bound.update(names)
    scopes: list[ast.stmt] = list(tree.body)
    while scopes:
        node = scopes.pop()
        match node:
            case (
                ast.FunctionDef(name=name)
                | ast.AsyncFunctionDef(name=name)
                | ast.ClassDef(name=name)
            ):
                bound.add(name)  # (its body is a scope of its own)
                continue
            case ast.Import(names=names) | ast.ImportFrom(names=names):
                bound.update((a.asname or a.name).split(".")[0] for a in names)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                scopes.append(child)
            elif isinstance(child, ast.expr | ast.excepthandler | ast.withitem | ast.match_case):
                bound.update(_bound_by(child))
    return frozenset(bound)


def _bound_by(node: ast.AST) -> set[str]:
    """Names a part of a module-level statement binds (targets, ``as`` names, ``:=``)."""
    found = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            found.add(n.id)
        elif isinstance(n, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and n.name:
            found.add(n.name)
    return found


def is_undefined(lw: ExpressionLowering, name: str) -> bool:
    """Whether ``name``, read in the function being lowered, is bound nowhere: not a local, a
    global of its module or a builtin."""
    known = lw.owner.global_names
    if known is None or name in known or hasattr(builtins, name):
        return False
    local = name in lw.renamed or name in lw.vars or name in lw.local_names
    return not (local or name in lw.class_names)  # (a classmethod's cls)


def first_read(lw: ExpressionLowering, statement: ast.stmt) -> ast.Name | None:
    """The undefined name ``statement`` reads before anything else it does could take
    effect, or None."""
    match statement:
        case ast.Return(value=ast.expr() as e) | ast.Expr(value=e) | ast.Assign(value=e):
            pass
        case ast.AnnAssign(value=ast.expr() as e) | ast.Raise(exc=ast.expr() as e):
            pass
        case ast.If(test=e) | ast.While(test=e) | ast.Assert(test=e) | ast.For(iter=e):
            pass
        case _:
            return None
    found = _walk(lw, e)
    return found if isinstance(found, ast.Name) else None


def _walk(lw: ExpressionLowering, e: ast.expr) -> ast.Name | bool:
    """In CPython's order of evaluation: the undefined name read first; True when ``e`` is
    evaluated without an effect or an exception (then what follows it runs); False when
    something else may happen first."""
    match e:
        case ast.Constant():
            return True
        case ast.Name(id=name):
            if is_undefined(lw, name):
                return e
            return not (name in lw.local_names and name not in lw.assigned)  # unbound local
        case ast.Tuple(elts=items) | ast.List(elts=items):
            return _in_order(lw, items, pure=True)
        case ast.Call(func=func, args=args, keywords=keywords):
            return _in_order(lw, [func, *args, *(k.value for k in keywords)], pure=False)
        case ast.BinOp(left=left, right=right):
            return _in_order(lw, [left, right], pure=False)
        case ast.Compare(left=left, comparators=[first, *_]):
            return _in_order(lw, [left, first], pure=False)
        case ast.UnaryOp(operand=operand):
            return _in_order(lw, [operand], pure=False)
        case ast.BoolOp(values=[first, *_]) | ast.Attribute(value=first) | ast.Starred(value=first):
            return _in_order(lw, [first], pure=False)
        case ast.Subscript(value=value, slice=index):
            return _in_order(lw, [value, index], pure=False)
    return False


def _in_order(lw: ExpressionLowering, parts: list[ast.expr], pure: bool) -> ast.Name | bool:
    """``parts`` evaluated one after the other, then the operation on them (``pure``: it
    cannot take effect or raise, as building a tuple)."""
    for part in parts:
        found = _walk(lw, part)
        if found is not True:
            return found
    return pure
