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
from .codegen.ops import ITEM_LOAD, ITEM_STORE
from .types import BOOL, FLOAT, INT, NONE, STR, WASM_TYPE, ListType, StructType, Type

#: The error record: type-name, message, traceback; each string is (pointer, length).
_ERROR_ALIGN = 4
_STORE = {INT: "i64.store", FLOAT: "f64.store", BOOL: "i32.store8"}
#: A list parameter's items from the ABI's buffer, when they are not its 8-byte items as they are:
#: bools are one byte each, strings (pointer, length) pairs.
_ADOPT = {BOOL: "$list.from_bytes", STR: "$list.strs_from_abi"}
#: A returned list's items as the ABI's buffer, when they are not the 8-byte items as they are.
_ITEMS_TO_ABI = {BOOL: "call $list.to_bytes", STR: "call $list.strs_to_abi"}
#: How many flat core parameters each type takes (a string is a pointer and a byte length).
_FLAT = {INT: ("i64",), FLOAT: ("f64",), BOOL: ("i32",), STR: ("i32", "i32")}


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
            core_name = f"{component.qualified(interface)}#{model.plain_wit_name(fn.name)}"
            found.append(Export(core_name, interface.module, fn.name, params, result))
    return found


#: Beyond this many flat parameters the canonical ABI passes them through memory (not done yet).
MAX_FLAT_PARAMS = 16


def too_many_flat_params(params: Sequence[Type]) -> bool:
    return sum(len(_flat(t)) for t in params) > MAX_FLAT_PARAMS


def wrappers(exports: Sequence[Export], data: StaticData) -> list[str]:
    """The WAT of every export wrapper (they share one return area), and ``cabi_realloc``."""
    area = data.allocate(return_area_size(exports), 8)
    realloc = '(func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)\n'
    realloc += "  (call $alloc.realloc (local.get 0) (local.get 1) (local.get 2) (local.get 3)))"
    wrappers = [realloc]
    for export in exports:
        wrappers.append(_wrapper(export, area))
        # Nothing outlives a call in the subset (no module state, no resources yet), so once the
        # host has read the results, the whole heap is free again: arguments, temporaries, the
        # returned string. This keeps a long-lived instance at a bounded size.
        post = f'(func (export "cabi_post_{export.core_name}") (param i32) call $alloc.reset)'
        wrappers.append(post)
    return wrappers


def _wrapper(export: Export, area: int) -> str:
    result = export.result
    params = "".join(f" (param {w})" for t in export.params for w in _flat(t))
    local = f" (local $r {WASM_TYPE[result]})" if result is not NONE else ""
    lines = [f'(func (export "{export.core_name}"){params} (result i32){local} (local $s i32)']
    index = 0
    for t in export.params:
        lines += _lift(t, index)
        index += len(_flat(t))
    lines.append(f"call {function_name(export.module, export.function)}")
    if result is not NONE:
        lines.append("local.set $r")
    payload = area + max(_layout(result)[1] if result is not NONE else 1, _ERROR_ALIGN)
    lines += ["global.get $exc", "if", f"i32.const {area}", "i32.const 1", "i32.store8"]
    # type-name and message from the error record; the traceback from the frames collected
    for offset in (0, 8):
        lines += [f"i32.const {payload + offset}", "global.get $exc"]
        lines += [f"i64.load offset={offset} align=4", "i64.store align=4"]
    lines += ["global.get $exc", f"i32.const {payload + 16}", "call $tb.render"]
    lines += ["i32.const 0", "global.set $exc", "else", f"i32.const {area}", "i32.const 0"]
    lines.append("i32.store8")
    if result is not NONE:
        lines += _lower(result, payload, ["local.get $r"])
    lines += ["end", f"i32.const {area})"]
    return "\n  ".join(lines)


def _flat(t: Type) -> tuple[str, ...]:
    if isinstance(t, ListType):
        return ("i32", "i32")
    if isinstance(t, StructType):
        return tuple(w for _, f in t.fields for w in _flat(f))
    return _FLAT[t]


def _lift(t: Type, index: int) -> list[str]:
    """Push the value of parameter ``t`` from its flat core parameters at ``index``."""
    if isinstance(t, StructType):  # a heap block of 8-byte slots, filled field by field
        lines = [f"i32.const {8 * len(t.fields)}", "call $struct.from_abi", "local.set $s"]
        for k, (_, field_type) in enumerate(t.fields):
            lines += [
                "local.get $s",
                *_lift(field_type, index),
                f"{ITEM_STORE[field_type]} offset={8 * k}",
            ]
            index += len(_flat(field_type))
        return [*lines, "local.get $s"]
    lines = [f"local.get {index}"]
    if t is BOOL:  # the ABI passes any nonzero i32 as true
        lines += ["i32.const 0", "i32.ne"]
    if t is STR:  # the host's (pointer, length) buffer -> a str object
        lines += [f"local.get {index + 1}", "call $str.from_abi"]
    if isinstance(t, ListType):  # 8-byte items are the ABI's layout; bools are one byte
        adopt = _ADOPT.get(t.element, "$list.adopt")
        lines += [f"local.get {index + 1}", f"call {adopt}"]
    return lines


def _layout(t: Type) -> tuple[int, int]:
    """The canonical ABI's (size, alignment) of a value of ``t`` in memory."""
    if isinstance(t, StructType):
        _, size, align = _field_offsets(t)
        return size, align
    if isinstance(t, ListType) or t is STR:
        return 8, 4
    return {INT: (8, 8), FLOAT: (8, 8), BOOL: (1, 1)}[t]


def _field_offsets(t: StructType) -> tuple[list[int], int, int]:
    offsets, at, align = [], 0, 1
    for _, field_type in t.fields:
        size, field_align = _layout(field_type)
        at = (at + field_align - 1) // field_align * field_align
        offsets.append(at)
        at += size
        align = max(align, field_align)
    return offsets, (at + align - 1) // align * align, align


def _lower(t: Type, address: int, value: list[str]) -> list[str]:
    """Store the value that ``value`` pushes at ``address`` in the canonical layout."""
    if isinstance(t, StructType):
        offsets, _, _ = _field_offsets(t)
        lines: list[str] = []
        for k, ((_, field_type), offset) in enumerate(zip(t.fields, offsets, strict=True)):
            field = [*value, f"{ITEM_LOAD[field_type]} offset={8 * k}"]
            lines += _lower(field_type, address + offset, field)
        return lines
    if isinstance(t, ListType):  # (pointer to the items, length)
        items = [_ITEMS_TO_ABI.get(t.element, "i32.load offset=8")]
        return [f"i32.const {address}", *value, *items, "i32.store",
                f"i32.const {address + 4}", *value, "i32.load", "i32.store"]  # fmt: skip
    if t is STR:  # (pointer to the bytes, byte length)
        return [f"i32.const {address}", *value, "i32.const 4", "i32.add", "i32.store",
                f"i32.const {address + 4}", *value, "i32.load", "i32.store"]  # fmt: skip
    return [f"i32.const {address}", *value, _STORE[t]]


def return_area_size(exports: Sequence[Export]) -> int:
    """Bytes the shared return area needs: the discriminant, then the largest payload."""
    sizes = [32]
    for e in exports:
        if e.result is not NONE:
            size, align = _layout(e.result)
            sizes.append(max(align, _ERROR_ALIGN) + size)
    return max(sizes)
