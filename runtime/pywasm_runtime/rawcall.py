"""Calling a wasmtime component function with its types read once.

``wasmtime.component.Func.__call__`` re-reads the function's type through the C API on every
call (~15 us of a ~20 us call). This does the same C calls with the parameter and result types
cached by the caller. It uses wasmtime-py's private ``_ffi`` layer, which is why the runtime
pins wasmtime to one major version.
"""

from __future__ import annotations

from ctypes import byref, pointer
from typing import Any

import wasmtime
from wasmtime import _ffi as ffi
from wasmtime import component as wc
from wasmtime.component._enter import maybe_raise_last_exn

_Val = ffi.wasmtime_component_val_t
_call = ffi.wasmtime_component_func_call
_delete = ffi.wasmtime_component_val_delete


def call(
    func: wc.Func,
    store: wasmtime.Store,
    params: list[wc.ValType],
    result: wc.ValType | None,
    values: list[Any],
) -> Any:
    """Call ``func`` with already-converted ``values``; raises WasmtimeError on a trap (or the
    host's own exception when a host import raised)."""
    n = len(values)
    raw = (_Val * n)()
    lowered = 0
    try:
        for ty, value in zip(params, values, strict=True):
            ty.convert_to_c(store, value, pointer(raw[lowered]))
            lowered += 1
        space = _Val() if result is not None else None
        error = _call(
            byref(func._func),
            store._context(),
            raw,
            n,
            byref(space) if space is not None else None,
            0 if space is None else 1,
        )
        if error:
            exc = wasmtime.WasmtimeError._from_ptr(error)
            maybe_raise_last_exn()
            raise exc
        return None if result is None else result.convert_from_c(space)
    finally:
        for i in range(lowered):
            _delete(byref(raw[i]))


__all__ = ["call"]
