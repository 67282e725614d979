"""Canonical ABI export wrappers: one core export per exported function, named as
``wasm-tools component new`` expects (``ns:pkg/iface@version#func``).

Every export returns ``result<T, guest-error>``, which flattens to more than one value, so the
wrapper returns a pointer to a static return area: the discriminant byte at offset 0, the payload
at the payload's alignment (8 for s64/f64, 4 for the error record of three strings). A raised
exception (``$exc`` set) becomes ``err(guest-error)`` and is cleared, so the next call starts
clean. Error strings live in static data, so no post-return cleanup is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pywasm_runtime import model

from .codegen import StaticData, function_name
from .types import BOOL, FLOAT, INT, NONE, WASM_TYPE, Type

#: The error record: type-name, message, traceback; each string is (pointer, length).
_ERROR_ALIGN = 4
_ALIGN = {INT: 8, FLOAT: 8, BOOL: 1}
_STORE = {INT: "i64.store", FLOAT: "f64.store", BOOL: "i32.store8"}


@dataclass(frozen=True)
class Export:
    """One exported function: its canonical-ABI core name and its compiled signature."""

    core_name: str
    module: str  # dotted Python module: the compiled function is $<module>.<function>
    function: str
    params: tuple[Type, ...]
    result: Type


def exports_of(
    component: model.Component, signatures: dict[tuple[str, str], tuple[tuple[Type, ...], Type]]
) -> list[Export]:
    """The exports of ``component``; ``signatures`` maps (module, function) to its types."""
    found = []
    for interface in component.exports:
        for fn in interface.functions:
            params, result = signatures[(interface.module, fn.name)]
            core_name = f"{component.qualified(interface)}#{model.wit_name(fn.name)}"
            found.append(Export(core_name, interface.module, fn.name, params, result))
    return found


def wrappers(exports: Sequence[Export], data: StaticData) -> list[str]:
    """The WAT of every export wrapper (they share one return area), and ``cabi_realloc``."""
    area = data.allocate(32, 8)
    realloc = '(func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)\n'
    realloc += "  (call $alloc.realloc (local.get 0) (local.get 1) (local.get 2) (local.get 3)))"
    return [realloc, *(_wrapper(e, area) for e in exports)]


def _wrapper(export: Export, area: int) -> str:
    result = export.result
    params = "".join(f" (param {WASM_TYPE[t]})" for t in export.params)
    local = f" (local $r {WASM_TYPE[result]})" if result is not NONE else ""
    lines = [f'(func (export "{export.core_name}"){params} (result i32){local}']
    for index, t in enumerate(export.params):
        lines.append(f"local.get {index}")
        if t is BOOL:  # the ABI passes any nonzero i32 as true
            lines += ["i32.const 0", "i32.ne"]
    lines.append(f"call {function_name(export.module, export.function)}")
    if result is not NONE:
        lines.append("local.set $r")
    payload = area + max(_ALIGN.get(result, 1), _ERROR_ALIGN)
    lines += ["global.get $exc", "if", f"i32.const {area}", "i32.const 1", "i32.store8"]
    # type-name and message (ptr, len) pairs from the error record; an empty traceback
    lines += [f"i32.const {payload}", "global.get $exc", "i64.load align=4", "i64.store align=4"]
    lines += [f"i32.const {payload + 8}", "global.get $exc", "i64.load offset=8 align=4"]
    lines += ["i64.store align=4", f"i32.const {payload + 16}", "i64.const 0", "i64.store align=4"]
    lines += ["i32.const 0", "global.set $exc", "else", f"i32.const {area}", "i32.const 0"]
    lines.append("i32.store8")
    if result is not NONE:
        lines += [f"i32.const {payload}", "local.get $r", _STORE[result]]
    lines += ["end", f"i32.const {area})"]
    return "\n  ".join(lines)
