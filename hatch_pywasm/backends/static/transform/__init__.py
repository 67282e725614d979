"""IR-to-IR passes between irbuild and codegen (mypyc's transform stage): each takes an
ir.Module and returns one, plain frozen data, printable with :func:`ir.format_ir`.

The optimisations live here, not in codegen, so the IR shows them: codegen emits what the IR
says (an :class:`ir.Inline`, a loop's ``copies``, an ``int.add_unchecked``, a
:class:`ir.CachedList`) and decides nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import ir
from . import counters, headers, inline, packing, raises, regions, unroll

Pass = Callable[[ir.Module], ir.Module]

#: The passes, in order. Packing before inlining, so that a list passed to a helper counts as
#: leaving its function. Regions after inlining: a loop whose only calls were inlined helpers
#: that allocate nothing is no region (no release at every iteration). Unrolling after
#: regions, weighing the body codegen emits; the facts and caches last.
PASSES: tuple[tuple[str, Pass], ...] = (
    ("packing", packing.transform),
    ("inline", inline.transform),
    ("regions", regions.transform),
    ("unroll", unroll.transform),
    ("counters", counters.transform),
    ("headers", headers.transform),
)


def pipeline(module: ir.Module) -> ir.Module:
    """``module`` after every pass."""
    for _, run in PASSES:
        module = run(module)
    return module


def program(modules: Sequence[ir.Module]) -> list[ir.Module]:
    """Every module after every pass, then the whole-program may-raise marks (raises.py: it
    needs the callees of every module, the support library's included)."""
    return raises.transform([pipeline(m) for m in modules])


def stages(module: ir.Module) -> list[tuple[str, ir.Module]]:
    """``module`` as lowered, then after each pass: (the pass's name, its output), the
    may-raise marks last."""
    found = [("lowered", module)]
    for name, run in PASSES:
        module = run(module)
        found.append((name, module))
    (marked,) = raises.transform([module])  # this module alone: its own calls' marks
    return [*found, ("raises", marked)]


__all__ = ["PASSES", "pipeline", "program", "stages"]
