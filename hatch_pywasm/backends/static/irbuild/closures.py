"""Local functions: ``f = lambda x: ...`` and a nested ``def f(x: T) -> R: return ...`` in a
function body. A call of one is its body, inlined where it is called: the arguments are
evaluated first (left to right) into hidden locals its parameters stand for, and the names it
reads from the enclosing function are read at the call, as CPython's closures read their cells
when called (so a variable reassigned between the definition and the call gives the same value
here). A nested def of several statements is lifted to a module-level function instead
(``_lifted``). Anything that needs a function object (returning it, storing it, passing it on
but as a ``key=``) or a cell (``nonlocal``) is a SubsetError."""

from __future__ import annotations

import ast
import copy
import dataclasses
from typing import TYPE_CHECKING

from .. import ir
from ..types import Type
from .common import Signature, constant_value

if TYPE_CHECKING:
    from .expressions import ExpressionLowering


@dataclasses.dataclass(frozen=True)
class LocalFunction:
    name: str
    params: tuple[str, ...]
    types: tuple[Type | None, ...]  # a nested def's annotations (a lambda's parameter: None)
    defaults: dict[str, ast.Constant]
    body: ast.expr | None  # None: a nested def of several statements, lifted (``key``)
    result: Type | None  # a nested def's return annotation
    renamed: dict[str, str]  # the hidden locals the names it reads stood for where defined
    #: a lifted def: its module-level key, and the enclosing locals it reads (extra arguments)
    key: str = ""
    captured: tuple[str, ...] = ()


def define(lw: ExpressionLowering, name: str, fn: ast.Lambda | ast.FunctionDef) -> None:
    """Record ``name = lambda ...`` or ``def name(...)`` (``fn``) of the function being
    lowered."""
    what = f"the local function {name!r}"
    bindings = sum(
        (isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == name)
        or (isinstance(n, ast.FunctionDef) and n.name == name and n is not lw.node)
        or (isinstance(n, ast.arg) and n.arg == name)
        for n in ast.walk(lw.node)
    )
    if bindings != 1:
        raise lw.error(fn, f"{what} is bound more than once in its function (bind it once)")
    a = fn.args
    if a.posonlyargs or a.kwonlyargs or a.vararg or a.kwarg:
        raise lw.error(fn, f"{what} with *args, **kwargs, / or keyword-only parameters")
    params = tuple(p.arg for p in a.args)
    defaults = dict(zip(params[::-1], a.defaults[::-1], strict=False))
    for p, d in defaults.items():
        if not isinstance(d, ast.Constant):
            raise lw.error(d, f"the default of {p!r} of {what} is not a constant")
    if isinstance(fn, ast.Lambda):
        body, types, result = fn.body, tuple(None for _ in params), None
    else:
        if fn.decorator_list or any(
            isinstance(n, ast.Nonlocal | ast.Global | ast.Yield | ast.YieldFrom | ast.FunctionDef)
            for n in ast.walk(ast.Module(fn.body, []))
        ):
            message = "decorated, or with nonlocal, global, yield or a def inside"
            raise lw.error(fn, f"{what}: a nested def {message}")
        if any(p.annotation is None for p in a.args) or fn.returns is None:
            raise lw.error(fn, f"{what}: every parameter and the result need a type annotation")
        types = tuple(lw.owner.annotation_type(p.annotation, lw.node.name) for p in a.args)
        result = lw.owner.annotation_type(fn.returns, lw.node.name)
        statements = fn.body[1:] if _docstring(fn.body[0]) else fn.body
        match statements:
            case [ast.Return(value=ast.expr() as body)]:
                pass
            case _:
                lw.local_functions[name] = _lifted(lw, name, fn, types, result)
                return
    free = {n.id for n in ast.walk(body) if isinstance(n, ast.Name)} - set(params)
    renamed = {k: v for k, v in lw.renamed.items() if k in free}
    lw.local_functions[name] = LocalFunction(name, params, types, defaults, body, result, renamed)


def _lifted(
    lw: ExpressionLowering, name: str, fn: ast.FunctionDef, types: tuple[Type, ...], result: Type
) -> LocalFunction:
    """A nested def of several statements as a module-level function, its body as written,
    taking the enclosing function's locals it reads as extra keyword-only parameters (passed at
    each call their values then, as CPython's closure reads its cells when called)."""
    params = [p.arg for p in fn.args.args]
    inner = ast.Module(fn.body, [])
    stored = {
        n.id for n in ast.walk(inner) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }
    read = [
        n.id for n in ast.walk(inner) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    ]
    enclosing = set(lw.vars) | lw.local_names
    captured = tuple(dict.fromkeys(
        r for r in read if r not in stored and r not in params and r in enclosing
    ))  # fmt: skip
    for c in captured:
        if c not in lw.vars or c in lw.local_functions:
            what = "a local function, or not assigned before the def"
            raise lw.error(fn, f"the local function {name!r} reads {c!r}, {what}")
    key = f"{lw.key}.<locals>.{name}"
    lifted = copy.copy(fn)
    lifted.name = name
    lifted.args = copy.copy(fn.args)
    lifted.args.kwonlyargs = [ast.arg(c) for c in captured]
    lifted.args.kw_defaults = [None for _ in captured]
    defaults = dict(zip(params[::-1], fn.args.defaults[::-1], strict=False))
    values = []
    for p, d in defaults.items():
        value = constant_value(d, lw.owner.constants)
        assert value is not None  # (a constant: checked by define)
        values.append((p, value))
    own = tuple(zip(params, types, strict=True))
    shared = tuple((c, lw.vars[c]) for c in captured)
    lw.owner.defs[key] = lifted
    lw.owner.signatures[key] = Signature(
        (*own, *shared), result, fn.lineno, len(params), tuple(values)
    )
    return LocalFunction(name, tuple(params), types, {}, None, result, {}, key, captured)


def call(lw: ExpressionLowering, fn: LocalFunction, e: ast.Call) -> ir.Expr:
    """``fn(args)``: the arguments into hidden locals, then ``fn``'s body reading them."""
    if fn.name not in lw.assigned:  # (CPython: UnboundLocalError on the path that skips it)
        raise lw.error(e, f"{fn.name!r} may be called before it is defined on some path")
    if fn.name in lw.inlining:
        raise lw.error(e, f"a recursive call of the local function {fn.name!r}")
    if fn.body is None:  # lifted: a call of the module-level function
        if any(k.arg is None for k in e.keywords) or any(
            isinstance(a, ast.Starred) for a in e.args
        ):
            raise lw.error(e, f"a *argument or **argument of {fn.name!r}")
        shared = [(c, ir.Name(c, lw.vars[c])) for c in fn.captured]
        if any(c not in lw.assigned for c in fn.captured):
            raise lw.error(e, f"{fn.name!r} called where what it reads may not be assigned")
        args = [lw.expr(a) for a in e.args]
        named = [(str(k.arg), lw.expr(k.value)) for k in e.keywords]
        return lw.call_function(fn.key, args, e, keywords=[*named, *shared])
    line = e.lineno
    given: dict[str, ast.expr] = dict(zip(fn.params, e.args, strict=False))
    if len(e.args) > len(fn.params) or any(k.arg not in fn.params for k in e.keywords):
        raise lw.error(e, f"a call of {fn.name!r} that does not match its parameters")
    for k in e.keywords:
        assert k.arg is not None
        if k.arg in given:
            raise lw.error(e, f"{fn.name!r} given {k.arg!r} twice")
        given[k.arg] = k.value
    staged: list[ir.Stmt] = []
    hidden: dict[str, str] = {}
    for node in [*e.args, *(k.value for k in e.keywords)]:  # (in the order they are written)
        param = next(p for p, a in given.items() if a is node)
        declared = fn.types[fn.params.index(param)]
        value = lw.expr(node)
        if declared is not None:
            value = lw.coerce(value, declared, node, f"the argument {param!r} of {fn.name!r}")
        hidden[param] = lw.temp(value.type)
        staged.append(ir.Assign(hidden[param], value, line))
    for param, declared in zip(fn.params, fn.types, strict=True):
        if param in given:
            continue
        if param not in fn.defaults:
            raise lw.error(e, f"{fn.name!r} called without its argument {param!r}")
        value = lw.expr(fn.defaults[param])
        if declared is not None:
            value = lw.coerce(value, declared, e, f"the default of {param!r}")
        hidden[param] = lw.temp(value.type)
        staged.append(ir.Assign(hidden[param], value, line))
    saved = lw.renamed, lw.narrowed
    lw.renamed = {**fn.renamed, **hidden}
    lw.narrowed = {k: t for k, t in lw.narrowed.items() if k not in saved[0] and k not in hidden}
    lw.inlining.add(fn.name)
    try:
        assert fn.body is not None
        value = lw.expr(fn.body)
        if fn.result is not None:
            value = lw.coerce(value, fn.result, fn.body, f"the result of {fn.name!r}")
    finally:
        lw.renamed, lw.narrowed = saved
        lw.inlining.discard(fn.name)
    return ir.Block(tuple(staged), value, value.type)


def _docstring(s: ast.stmt) -> bool:
    return (
        isinstance(s, ast.Expr)
        and isinstance(s.value, ast.Constant)
        and isinstance(s.value.value, str)
    )
