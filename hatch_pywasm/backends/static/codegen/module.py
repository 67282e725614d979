"""The whole core module: user functions, the runtime functions they need, static data and
the export wrappers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import ir, stdio, support, transform
from .data import ALLOC_CLASSES, StaticData
from .function import FunctionCodegen


@dataclass(frozen=True)
class CoreModule:
    """The WAT of a core module, before assembly."""

    text: str
    heap_start: int


def generate(modules: Sequence[ir.Module], abi: Callable[[StaticData], list[str]]) -> CoreModule:
    """The whole core module: user functions (each module's IR through the transform passes
    first), the runtime functions they need, static data, and the export wrappers ``abi``
    writes (it may add static data)."""
    data = StaticData()
    functions: list[str] = []
    called: set[str] = set()
    for module in transform.program(modules):
        for fn in module.functions:
            gen = FunctionCodegen(module, fn, data)
            gen.generate()
            versions = [(gen, "")]
            if gen.versioned():  # (support/bigint.wat)
                general = FunctionCodegen(module, fn, data, general=True)
                general.generate()
                # The version for small arguments pays where it skips the big-int tests (a
                # loop's, a recursion's, a hot leaf's like spectral's matrix_entry): at least
                # a fifth of the general one's instructions. Otherwise the general one alone.
                pays = len(gen.out) * 5 <= len(general.out) * 4
                versions = [(gen, ""), (general, ".big")] if pays else [(general, "")]
            for version, suffix in versions:
                functions.append(version.text(suffix))
                called |= version.called
    wrappers = abi(data)
    called |= {name for text in wrappers for name in support.calls_in(text)}
    free_lists = data.allocate(4 * ALLOC_CLASSES, 4)
    scratch = data.allocate(24, 4)  # int -> str digits (support/str.wat)
    frames = data.allocate(8 * 64, 4)  # traceback frames (support/traceback.wat)
    header = data.str_object("Traceback (most recent call last):\n")
    runtime_functions, errors = support.select(called)
    bigs = []  # how many big ints were made (support/bigint.wat, transform/regions.py)
    if any("$int.bigs" in text for text in (*functions, *runtime_functions)):
        bigs = ["(global $int.bigs (mut i32) (i32.const 0))"]
    latin1 = []  # the one-character strs below U+0100 (support/str.wat $str.latin1)
    if any("global.get $str.latin1" in text for text in runtime_functions):
        latin1 = [f"(global $str.latin1 i32 (i32.const {data.allocate(8 * 256, 8)}))"]
    for name in sorted(errors):
        data.error_record(*support.ERRORS[name])
    error_globals = [
        f"(global $err.{name} i32 (i32.const {data.error_record(*support.ERRORS[name])}))"
        for name in sorted(errors)
    ]
    printing = []  # print's imports and its write's return area (stdio.py)
    if stdio.PRINT in called:
        result_area = data.allocate(12, 4)
        printing = [*stdio.CORE_IMPORTS, f"(global $io.result i32 (i32.const {result_area}))"]
    heap = (data.end + 7) // 8 * 8
    imports = [text for text in wrappers if text.startswith("(import")]  # (before definitions)
    imports += [text for text in printing if text.startswith("(import")]
    parts = [
        "(module",
        *imports,
        f'(memory (export "memory") {(heap + 0xFFFF) // 0x10000})',
        "(global $exc (mut i32) (i32.const 0))",
        f"(global $alloc.lists i32 (i32.const {free_lists}))",
        f"(global $alloc.base i32 (i32.const {heap}))",
        f"(global $scratch i32 (i32.const {scratch}))",
        f"(global $alloc.top (mut i32) (i32.const {heap}))",
        "(global $alloc.floor (mut i32) (i32.const -1))",  # no loop region (transform/regions.py)
        f"(global $tb.frames i32 (i32.const {frames}))",
        f"(global $tb.header i32 (i32.const {header}))",
        "(global $tb.depth (mut i32) (i32.const 0))",
        *latin1,
        *bigs,
        *(text for text in printing if text not in imports),
        *error_globals,
        *functions,
        *runtime_functions,
        *(text for text in wrappers if text not in imports),
        *data.segments(),
        ")",
    ]
    return CoreModule("\n".join(parts), heap)
