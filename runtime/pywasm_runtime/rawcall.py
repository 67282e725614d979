"""Calling a wasmtime component function with its types read once.

``wasmtime.component.Func.__call__`` re-reads the function's type through the C API on every
call (~15 us of a ~20 us call). This does the same C calls with the parameter and result types
cached by the caller. It uses wasmtime-py's private ``_ffi`` layer, which is why the runtime
pins wasmtime to one major version.

``list<u8>`` parameters and results (also as the ok case of a result) skip wasmtime-py's
conversion, which makes one ctypes call per byte (~1 us a byte: a MiB took ~0.9 s to pass in):
the C value list is filled and read with slice copies instead.
"""

from __future__ import annotations

from ctypes import byref, c_char, memmove, pointer, sizeof, string_at
from typing import TYPE_CHECKING, Any, Protocol

import wasmtime
from wasmtime import _ffi as ffi
from wasmtime import component as wc
from wasmtime.component._enter import maybe_raise_last_exn

_Val = ffi.wasmtime_component_val_t
_call = ffi.wasmtime_component_func_call
_delete = ffi.wasmtime_component_val_delete

if TYPE_CHECKING:

    class Converter(Protocol):
        """What :func:`call` needs of a type: a ``ValType`` or one of the fast paths here."""

        def convert_to_c(self, store: wasmtime.Store, value: Any, ptr: Any) -> None: ...

        def convert_from_c(self, c: Any) -> Any: ...


#: A value list element: a kind byte, padding, then the payload (a u8 at its first byte).
_SIZE = sizeof(_Val)
_PAYLOAD = _Val.of.offset
_KIND_U8 = bytes([ffi.WASMTIME_COMPONENT_U8.value])


class _Bytes:
    """``list<u8>`` as ``bytes``, converted with slice copies."""

    def convert_to_c(self, store: wasmtime.Store, value: Any, ptr: Any) -> None:
        if not isinstance(value, bytes):
            raise TypeError("expected bytes value")
        count = len(value)
        vals = ffi.wasmtime_component_vallist_t()
        ffi.wasmtime_component_vallist_new_uninit(vals, count)
        if count:
            image = bytearray(count * _SIZE)
            image[0::_SIZE] = _KIND_U8 * count
            image[_PAYLOAD::_SIZE] = value
            memmove(vals.data, (c_char * len(image)).from_buffer(image), len(image))
        ptr.contents.kind = ffi.WASMTIME_COMPONENT_LIST
        ptr.contents.of.list = vals

    def convert_from_c(self, c: Any) -> bytes:
        vals = c.of.list
        try:
            return string_at(vals.data, vals.size * _SIZE)[_PAYLOAD::_SIZE] if vals.size else b""
        finally:
            ffi.wasmtime_component_vallist_delete(byref(vals))


_BYTES = _Bytes()


class _OkBytes:
    """``result<list<u8>, E>``: the ok case through :class:`_Bytes`, the rest as wasmtime-py
    does it (same shapes: a ``Variant`` when the cases need tagging, else the payload)."""

    def __init__(self, result: wc.ResultType) -> None:
        self._result = result
        self._tagged = result._tagged()

    def convert_to_c(self, store: wasmtime.Store, value: Any, ptr: Any) -> None:
        self._result.convert_to_c(store, value, ptr)

    def convert_from_c(self, c: Any) -> Any:
        outcome = c.of.result
        if not outcome.is_ok or not outcome.val:
            return self._result.convert_from_c(c)
        payload = _BYTES.convert_from_c(outcome.val.contents)
        outcome.val.contents.kind = ffi.WASMTIME_COMPONENT_BOOL  # emptied: as wasmtime-py does
        outcome.val.contents.of.boolean = False
        _delete(outcome.val)
        return wc.Variant("ok", payload) if self._tagged else payload


def _is_bytes(vt: wc.ValType | None) -> bool:
    return isinstance(vt, wc.ListType) and isinstance(vt.element, wc.U8)


def converter(vt: wc.ValType) -> Converter:
    """The converter :func:`call` should use for ``vt`` (built once per function)."""
    if _is_bytes(vt):
        return _BYTES
    if isinstance(vt, wc.ResultType) and _is_bytes(vt.ok):
        return _OkBytes(vt)
    return vt


def call(
    func: wc.Func,
    store: wasmtime.Store,
    params: list[Converter],
    result: Converter | None,
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


__all__ = ["call", "converter"]
