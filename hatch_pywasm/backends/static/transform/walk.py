"""Visiting and rebuilding IR trees, for the passes: every IR node is a frozen dataclass whose
fields are IR nodes, tuples of them, or plain values (types, names, numbers)."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TypeVar

from .. import ir

N = TypeVar("N")


def is_node(value: object) -> bool:
    """Whether ``value`` is an IR node (not a type, str or number)."""
    return type(value).__module__ == ir.__name__


def walk(node: object, into_inlines: bool = True) -> Iterator[object]:
    """``node`` and every IR node below it. ``into_inlines=False``: an :class:`ir.Inline` is
    visited with its arguments but not its body (as the call it replaced would be)."""
    yield node
    for name in _fields(type(node)):
        if name == "body" and not into_inlines and isinstance(node, ir.Inline):
            continue
        value = getattr(node, name)
        for item in value if isinstance(value, tuple) else (value,):
            if is_node(item):
                yield from walk(item, into_inlines)


def walk_all(roots: Iterable[object], into_inlines: bool = True) -> Iterator[object]:
    """Every IR node of each of ``roots``, in turn."""
    for root in roots:
        yield from walk(root, into_inlines)


def rebuild(node: N, visit: Callable[[object], object]) -> N:
    """``node`` with each IR node directly below it replaced by ``visit(child)``; in a tuple
    field (statements, arguments), a visit may also return a tuple of nodes, spliced in (a
    statement that becomes several). ``node`` itself when nothing changed."""
    changes = {}
    for name in _fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, tuple):
            new: list[object] = []
            for item in value:
                result = visit(item) if is_node(item) else item
                new += result if isinstance(result, tuple) and is_node(item) else [result]
            if len(new) != len(value) or any(map(operator.is_not, new, value)):
                changes[name] = tuple(new)
        elif is_node(value):
            new_value = visit(value)
            if new_value is not value:
                changes[name] = new_value
    return dataclasses.replace(node, **changes) if changes else node  # type: ignore[type-var]


@cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))
