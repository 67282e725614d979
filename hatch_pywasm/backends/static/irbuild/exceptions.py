"""Exception classes: the builtin ones the subset raises, and those a project defines
(``class ParseError(ValueError): pass``): their type names (``module.Qualname``, as the
componentize-py backend's guest errors name them) and which of them an ``except`` clause
catches (a class and every class derived from it)."""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hatch_pywasm.frontend.symbols import ClassSymbol

from .. import ir
from ..types import STR, CaughtType, ListType
from .common import RAISABLE, unsupported

if TYPE_CHECKING:
    from .annotations import Annotations
    from .expressions import ExpressionLowering

#: ``except`` of these catches every exception the compiled code raises.
CATCH_ALL = frozenset({"Exception", "BaseException"})


@dataclass(frozen=True)
class ExceptionClass:
    type_name: str  # "builtins.ValueError", "parser.ParseError"
    builtin: str  # the nearest builtin base: what str() and the constructor behave as
    symbol: ClassSymbol | None = None  # a project class's statement


def _builtin_exception(name: str) -> type[BaseException] | None:
    found = getattr(builtins, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


def project_class(
    annotations: Annotations, symbol: ClassSymbol, any_body: bool = False
) -> ExceptionClass | None:
    """A project class deriving from an exception class, with a body of ``pass`` or a
    docstring only (its constructor and str() are then its builtin base's); ``any_body``:
    whatever its own body (the classes above it still plain)."""
    node = symbol.node
    if len(node.bases) != 1 or node.decorator_list or node.keywords:
        return None
    plain = all(
        isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in node.body
    )
    if not plain and not any_body:
        return None
    base = node.bases[0]
    resolved = annotations.resolver.symbols.resolve(symbol.module, base)
    if isinstance(resolved, ClassSymbol):
        parent = project_class(annotations, resolved)
        if parent is None:
            return None
        builtin = parent.builtin
    elif isinstance(base, ast.Name) and base.id in RAISABLE | CATCH_ALL:
        builtin = base.id
    else:
        return None
    return ExceptionClass(f"{symbol.module.name}.{node.name}", builtin, symbol)


def named(lw: ExpressionLowering, node: ast.expr) -> ExceptionClass | None:
    """The exception class ``node`` names in the function being lowered."""
    if isinstance(node, ast.Name) and node.id in lw.vars:
        return None
    symbol = lw.owner.annotations.resolver.symbols.resolve(lw.owner.source, node)
    if isinstance(symbol, ClassSymbol):
        return project_class(lw.owner.annotations, symbol)
    builtin = isinstance(node, ast.Name) and (node.id in RAISABLE or node.id in CATCH_ALL)
    if builtin and isinstance(node, ast.Name) and node.id not in lw.owner.defs:
        return ExceptionClass(f"builtins.{node.id}", node.id)
    return None


def caught(annotations: Annotations, cls: ExceptionClass) -> tuple[str, ...]:
    """The type names ``except cls`` catches; empty for every exception."""
    if cls.symbol is None and cls.builtin in CATCH_ALL:
        return ()
    project = [
        found
        for module in annotations.modules
        for node in module.classes.values()
        if (found := project_class(annotations, ClassSymbol(module, node))) is not None
    ]
    if cls.symbol is None:  # a builtin: its builtin subclasses, and project classes of them
        base = _builtin_exception(cls.builtin)
        assert base is not None
        names = [
            f"builtins.{n}"
            for n in dir(builtins)
            if (b := _builtin_exception(n)) is not None and issubclass(b, base)
        ]
        names += [p.type_name for p in project if _derives(annotations, p, cls)]
        return tuple(sorted(set(names)))
    return tuple(sorted({cls.type_name, *(p.type_name for p in project
                                           if _derives(annotations, p, cls))}))  # fmt: skip


def _derives(annotations: Annotations, cls: ExceptionClass, base: ExceptionClass) -> bool:
    """``cls`` is ``base`` or derives from it."""
    if base.symbol is None:
        found = _builtin_exception(cls.builtin)
        parent = _builtin_exception(base.builtin)
        return found is not None and parent is not None and issubclass(found, parent)
    current: ExceptionClass | None = cls
    while current is not None and current.symbol is not None:
        if current.type_name == base.type_name:
            return True
        resolved = annotations.resolver.symbols.resolve(
            current.symbol.module, current.symbol.node.bases[0]
        )
        current = (
            project_class(annotations, resolved) if isinstance(resolved, ClassSymbol) else None
        )
    return False


def attribute(lw: ExpressionLowering, caught: ir.Expr, attr: str, node: ast.AST) -> ir.Expr:
    """``e.args`` of the exception ``except E as e`` caught: () when it was raised with no
    argument, else (str(e),); not when it may be a KeyError (its args hold the key itself)."""
    assert isinstance(caught.type, CaughtType)
    if attr != "args":
        raise unsupported(lw.file, node, f"the attribute {attr!r} of an exception")
    if _may_be_key_error(lw.owner.annotations, caught.type.types):
        what = "e.args of an exception that may be a KeyError (its args hold the key)"
        raise unsupported(lw.file, node, what)
    return ir.Op("exc.args", (caught,), ListType(STR, frozen=True))


def _may_be_key_error(annotations: Annotations, types: tuple[str, ...]) -> bool:
    """Whether a handler catching ``types`` (empty: everything) may catch a KeyError."""
    if not types or "builtins.KeyError" in types:
        return True
    project = {
        found.type_name: found
        for module in annotations.modules
        for node in module.classes.values()
        if (found := project_class(annotations, ClassSymbol(module, node))) is not None
    }
    return any(t in project and project[t].builtin == "KeyError" for t in types)


def reraises(file: str, handler: ast.ExceptHandler) -> bool:
    """Whether the handler's body re-raises what it caught (a bare ``raise``); one inside
    another ``try`` of the handler (which could catch it) is not compiled."""
    found = False
    pending: list[tuple[ast.AST, bool]] = [(s, False) for s in handler.body]  # (node, in a try)
    while pending:
        node, in_try = pending.pop()
        match node:
            case ast.FunctionDef() | ast.AsyncFunctionDef() | ast.Lambda() | ast.ClassDef():
                continue
            case ast.Raise(exc=None) if in_try:
                raise unsupported(file, node, "a bare raise inside a try of its except block")
            case ast.Raise(exc=None):
                found = True
        pending += [(c, in_try or isinstance(node, ast.Try)) for c in ast.iter_child_nodes(node)]
    return found
