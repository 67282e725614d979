"""Export parameters annotated ``Iterator[T]`` or ``Generator[T, S, R]`` (``typing`` or
``collections.abc``): the caller hands CPython an iterator (the componentize-py guest wraps the
WIT list in ``iter()``), which its first use exhausts. The subset receives a list, which every use
reads from the start. The two agree when the function uses the parameter once, in a place that
reads it from the front and never again: a ``for`` loop, the first clause of a comprehension, or
an argument of a builtin that consumes any iterable, and not inside a loop (which would use it
again). Any other use is a SubsetError, so ``backend = "auto"`` falls back.

``Iterable[T]`` parameters are lists on both backends (the guest passes the list itself), so
they are re-iterable and not checked here."""

from __future__ import annotations

import ast
from dataclasses import fields, is_dataclass
from pathlib import Path

from pywasm_runtime import model

from ..errors import SubsetError

#: Builtins whose result is the same for a list and for an iterator over it, read once.
_CONSUMERS = frozenset(
    {"list", "tuple", "set", "frozenset", "sorted", "sum", "min", "max", "any", "all", "dict"}
)
#: Builtins that wrap an iterable into an iterator: their own result must be consumed at once.
_WRAPPERS = frozenset({"enumerate", "zip"})
_ONCE = (
    "an iterator parameter can be used once here: as the iterable of one for loop or of a "
    "comprehension's first clause, or as the argument of list(), tuple(), set(), sorted(), sum(), "
    "min(), max(), any(), all(), enumerate() or zip() (which consume any iterable), outside any "
    "loop"
)


def is_iterator(expr: model.TypeExpr | None) -> bool:
    return isinstance(expr, model.ListOf) and expr.python_kind == "iterator"


def contains_iterator(expr: object) -> bool:
    """Whether a model type has an iterator anywhere in it."""
    if is_iterator(expr):  # type: ignore[arg-type]
        return True
    if isinstance(expr, tuple):
        return any(contains_iterator(e) for e in expr)
    if is_dataclass(expr) and not isinstance(expr, type):
        return any(contains_iterator(getattr(expr, f.name)) for f in fields(expr))
    return False


def check_iterator_params(
    file: Path, function: ast.FunctionDef, types: dict[str, model.TypeExpr]
) -> None:
    """A SubsetError at the first use of an iterator parameter the subset would read
    differently from CPython (``types``: each exported parameter's model type)."""
    for name, type_ in types.items():
        if not contains_iterator(type_):
            continue
        if not is_iterator(type_):
            message = (
                f"{function.name}: parameter {name!r} holds iterators inside another type; "
                "the static subset passes iterators only as a parameter of their own"
            )
            raise SubsetError(file, function.lineno, message)
        _check_uses(file, function, name)


def _check_uses(file: Path, function: ast.FunctionDef, name: str) -> None:
    parents: dict[ast.AST, ast.AST] = {}
    uses: list[ast.Name] = []
    for node in ast.walk(function):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
            if isinstance(child, ast.Name) and child.id == name:
                uses.append(child)
    uses.sort(key=lambda n: (n.lineno, n.col_offset))
    if len(uses) > 1:
        why = f"CPython's iterator is exhausted by its first use (line {uses[0].lineno})"
        message = f"{function.name}: the iterator parameter {name!r} is used twice: {why}"
        raise SubsetError(file, uses[1].lineno, f"{message}; {_ONCE}")
    if uses and not (isinstance(uses[0].ctx, ast.Load) and _read_once(uses[0], parents, function)):
        message = f"{function.name}: this use of the iterator parameter {name!r} is not compiled"
        raise SubsetError(file, uses[0].lineno, f"{message}; {_ONCE}")


def _read_once(use: ast.expr, parents: dict[ast.AST, ast.AST], function: ast.FunctionDef) -> bool:
    """Whether ``use`` is consumed from the front, at most once per call of ``function``."""
    node = _consumer(use, parents)
    if node is None:
        return False
    while (parent := parents[node]) is not function:
        if isinstance(parent, (ast.While, ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        if isinstance(parent, (ast.For, ast.AsyncFor)) and node is not parent.iter:
            return False
        comprehension = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
        if isinstance(parent, comprehension) and node is not parent.generators[0]:
            return False  # its element, or a later clause: evaluated once per item
        if isinstance(parent, ast.comprehension) and node is not parent.iter:
            return False
        node = parent
    return True


def _consumer(use: ast.expr, parents: dict[ast.AST, ast.AST]) -> ast.AST | None:
    """The node that reads ``use`` once from the front (a loop's iterable, a consuming call),
    or None when ``use`` is read some other way."""
    node: ast.expr = use
    while True:
        parent = parents[node]
        if isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)):
            return node if node is parent.iter else None
        if not isinstance(parent, ast.Call) or node not in parent.args:
            return None
        callee = parent.func.id if isinstance(parent.func, ast.Name) else ""
        if callee in _CONSUMERS:
            single = len(parent.args) == 1 or callee in ("sum", "dict")
            return parent if single and node is parent.args[0] else None
        if callee not in _WRAPPERS:
            return None
        node = parent  # enumerate(it) or zip(..., it): its own result must be consumed
