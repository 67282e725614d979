"""``Iterator[T]`` parameters of exports. The host passes an iterator (componentize-py's
glue does: ``iterator_of``), which the first loop over it consumes; the compiled function
receives the items as a list, which every loop walks again. So the subset takes such a
parameter only where the two cannot differ: read at most once, not inside a loop, and there
consumed by a ``for``, a comprehension's first ``for``, or a builtin that iterates its argument
(``sum(values)``, ``sorted(values)``, ...). Anything else is a SubsetError at file:line."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pywasm_runtime import model

from ..errors import SubsetError

#: Builtins that iterate their first argument (and then drop it).
_CONSUMERS = frozenset({"sum", "min", "max", "list", "tuple", "sorted", "any", "all", "set"})
_LOOPS = (ast.For, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def is_iterator(t: model.TypeExpr) -> bool:
    return isinstance(t, model.ListOf) and t.python_kind == "iterator"


def check_consumed_once(file: str, fn: ast.FunctionDef, names: list[str]) -> None:
    """SubsetError unless each of ``names`` (Iterator parameters of ``fn``) is read at most once,
    outside any loop, by something that iterates it."""
    for name in names:
        uses = list(_uses(fn.body, name, inside_loop=False, consumed=False))
        if len(uses) > 1:
            lines = ", ".join(str(u.lineno) for u, _ in uses)
            message = (
                f"the Iterator parameter {name!r} read more than once (lines {lines}): the "
                "host's iterator is consumed by the first"
            )
            raise SubsetError(file, uses[1][0].lineno, f"{message} (outside the compiled subset)")
        for use, ok in uses:
            if not ok:
                message = (
                    f"the Iterator parameter {name!r} read other than by one for loop or "
                    "sum/min/max/list/tuple/sorted/any/all/set outside a loop"
                )
                raise SubsetError(file, use.lineno, f"{message} is outside the compiled subset")


def _uses(
    nodes: list[ast.AST] | ast.AST, name: str, inside_loop: bool, consumed: bool
) -> Iterator[tuple[ast.AST, bool]]:
    """Each read of ``name`` (or store to it), and whether it is a single consuming read."""
    for node in nodes if isinstance(nodes, list) else [nodes]:
        if isinstance(node, ast.Name) and node.id == name:
            yield node, consumed and isinstance(node.ctx, ast.Load) and not inside_loop
            continue
        if isinstance(node, ast.For):
            yield from _uses(node.iter, name, inside_loop, consumed=True)
            rest = [node.target, *node.body, *node.orelse]
            yield from _uses(rest, name, inside_loop=True, consumed=False)
            continue
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
            first, *others = node.generators
            yield from _uses(first.iter, name, inside_loop, consumed=True)
            parts: list[ast.AST] = [first.target, *first.ifs, *others]
            parts += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            yield from _uses(parts, name, inside_loop=True, consumed=False)
            continue
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _CONSUMERS
            and node.args
        ):
            yield from _uses(node.args[0], name, inside_loop, consumed=True)
            rest = [*node.args[1:], *(k.value for k in node.keywords)]
            yield from _uses(rest, name, inside_loop, consumed=False)
            continue
        looped = inside_loop or isinstance(node, _LOOPS)
        yield from _uses(list(ast.iter_child_nodes(node)), name, looped, consumed=False)
