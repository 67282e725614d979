"""The fast path: calling a static-backend component's core module directly.

A static-backend component is one core module (no imports, canonical-ABI exports) wrapped by
``wasm-tools component new``. Calling it through wasmtime's component values costs ~15 us a
call; the same function called as a core export, with its arguments flattened and its result
read from linear memory by the canonical ABI's rules, costs a few. The component stays the
artifact (every other host uses it): the runtime reads the core module out of it.

Only the types the static backend compiles are handled (s64, f64, bool, string, bytes, enums, and
lists, tuples, records and options of them); a component with any other type, or with more than
one core module, or whose core exports do not have the flat signatures the canonical ABI gives
the component's function types, is called the ordinary way.

Semantics are the component path's: the arguments are bound and checked by the same
:class:`~pywasm_runtime.callplan.CallPlan` (same codecs, same messages), the result is handed
to the plan's ``finish`` in the shape wasmtime-py gives it (so guest errors map through the same
code), traps replace the store, and limits are set per call. Memory is read through a view
of the linear memory, valid because the engine is configured so memories never move
(``memory_may_move = False``); every read is bounds-checked against the memory's size.
"""

from __future__ import annotations

import ctypes
import io
import struct
import threading
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, NoReturn

import wasmtime
from wasmtime import _bindings
from wasmtime import component as wc

from pywasm_runtime import engine as engines
from pywasm_runtime import errors, interrupts
from pywasm_runtime import model as m
from pywasm_runtime.callplan import is_guest_error_result
from pywasm_runtime.limits import (
    EpochTicker,
    Limits,
    call_failure,
    memory_limit_error,
    new_store,
)

if TYPE_CHECKING:
    from pywasm_runtime.callplan import CallPlan
    from pywasm_runtime.convert import CodecFactory
    from pywasm_runtime.exports import FunctionInfo, InterfaceInfo

_SECTION_CORE_MODULE = 1
_SECTION_COMPONENT = 4

#: wasmtime's C functions, called with ``argtypes`` unset and pre-built pointer arguments:
#: ctypes' argument conversion was half of a call's cost.
_dll = ctypes.CDLL(_bindings.dll._name)
_call_unchecked = _dll.wasmtime_func_call_unchecked
_call_unchecked.restype = ctypes.c_void_p
_call_unchecked.argtypes = None
_memory_size = _dll.wasmtime_memory_data_size
_memory_size.restype = ctypes.c_size_t
_memory_size.argtypes = None
_memory_data = _dll.wasmtime_memory_data
_memory_data.restype = ctypes.c_void_p
_memory_data.argtypes = None
_set_epoch_deadline = _dll.wasmtime_context_set_epoch_deadline
_set_epoch_deadline.restype = None
_set_epoch_deadline.argtypes = None
_set_fuel = _dll.wasmtime_context_set_fuel
_set_fuel.restype = ctypes.c_void_p  # an error only when fuel is not enabled (it is)
_set_fuel.argtypes = None

#: A raw value slot (``wasmtime_val_raw_t``): 16 bytes, the value at its start.
_SLOT = ctypes.sizeof(wasmtime._ffi.wasmtime_val_raw_t)
_SLOT_FORMAT = {"i32": "I", "i64": "q", "f64": "d"}
_U32 = struct.Struct("<I")
_PAIR = struct.Struct("<II")
_REALLOC_ARGS = struct.Struct("<" + "I12x" * 4)
_ERROR_ALIGN = 4


# ------------------------------------------------------------------------------------------
# The core module inside a component
# ------------------------------------------------------------------------------------------


def _leb128(read: Callable[[int], bytes]) -> int:
    result = shift = 0
    while True:
        byte = read(1)
        if not byte:
            raise ValueError("truncated section header")
        result |= (byte[0] & 0x7F) << shift
        shift += 7
        if byte[0] < 0x80:
            return result


def _core_modules(f: BinaryIO, end: int | None, found: list[tuple[int, int]]) -> bool:
    """Collect the (offset, size) of the core modules of the component read from ``f`` (up to
    ``end``), also those of nested components (``component new`` nests one to ascribe the
    export types); False as soon as there are two. Only section headers are read: a
    componentize-py component's first core module alone is megabytes."""
    if f.read(8)[:4] != b"\0asm":
        return False
    while (end is None or f.tell() < end) and (section := f.read(1)):
        size = _leb128(f.read)
        if section[0] == _SECTION_COMPONENT:
            if not _core_modules(f, f.tell() + size, found):
                return False
            continue
        if section[0] == _SECTION_CORE_MODULE:
            if found:
                return False
            found.append((f.tell(), size))
        f.seek(size, 1)
    return True


#: The static backend's mark (abi.HEAPLESS_OK_RESETS): its export wrappers free the heap
#: themselves after an ok result that lives wholly in the return area.
_HEAPLESS_OK_RESETS = (b"pywasm-static-abi", b"heapless-ok-resets-heap")


def custom_sections(module: bytes) -> list[tuple[bytes, bytes]]:
    """The (name, payload) of every custom section of a core module."""
    found = []
    f = io.BytesIO(module)
    f.seek(8)
    while section := f.read(1):
        size = _leb128(f.read)
        end = f.tell() + size
        if section[0] == 0:
            name = f.read(_leb128(f.read))
            found.append((name, f.read(end - f.tell())))
        f.seek(end)
    return found


def core_module(path: Path) -> bytes | None:
    """The one core module of the component at ``path``, or None when it has several (e.g. a
    componentize-py component). Reads only section headers of the rest."""
    found: list[tuple[int, int]] = []
    with path.open("rb") as f:
        if not _core_modules(f, None, found) or not found:
            return None
        offset, size = found[0]
        f.seek(offset)
        return f.read(size)


# ------------------------------------------------------------------------------------------
# Shapes: how a WIT type is flattened, laid out and read by the canonical ABI
# ------------------------------------------------------------------------------------------


class Unsupported(Exception):
    """A type (or function) the fast path does not handle: the component path is used."""


def _align(at: int, alignment: int) -> int:
    return (at + alignment - 1) // alignment * alignment


class Shape:
    """The canonical ABI of one WIT type: its flat core types, size and alignment in memory,
    and how a value (as wasmtime-py's converters take and give it) is flattened, stored and
    loaded."""

    flat: tuple[str, ...]
    size: int
    align: int

    def flatten(self, mem: Memory, value: Any, out: list[Any]) -> None:
        out.append(value)

    def store(self, mem: Memory, value: Any, at: int) -> None:
        raise NotImplementedError

    def load(self, mem: Memory, at: int) -> Any:
        raise NotImplementedError


class _Scalar(Shape):
    def __init__(self, flat: str, code: str, size: int) -> None:
        self.flat = (flat,)
        self.size = self.align = size
        self._struct = struct.Struct("<" + code)

    def store(self, mem: Memory, value: Any, at: int) -> None:
        self._struct.pack_into(mem.writable(at, self.size), at, value)

    def load(self, mem: Memory, at: int) -> Any:
        return self._struct.unpack_from(mem.readable(at, self.size), at)[0]


class _Bool(_Scalar):
    def __init__(self) -> None:
        super().__init__("i32", "B", 1)

    def flatten(self, mem: Memory, value: Any, out: list[Any]) -> None:
        out.append(int(value))

    def store(self, mem: Memory, value: Any, at: int) -> None:
        super().store(mem, int(value), at)

    def load(self, mem: Memory, at: int) -> Any:
        return super().load(mem, at) != 0


class _Bytes(Shape):
    """``list<u8>`` as wasmtime-py gives it (bytes): one copy into the guest's buffer going in,
    one copy out of its memory coming back (no per-byte values, unlike the component path)."""

    flat = ("i32", "i32")
    size = 8
    align = 4

    def encode(self, value: Any) -> bytes:
        return value  # type: ignore[no-any-return]

    def decode(self, mem: Memory, ptr: int, length: int) -> Any:
        return mem.read(ptr, length)

    def _lower(self, mem: Memory, value: Any) -> tuple[int, int]:
        data = self.encode(value)
        ptr = mem.alloc(1, len(data))
        mem.write(ptr, data)
        return ptr, len(data)

    def flatten(self, mem: Memory, value: Any, out: list[Any]) -> None:
        out.extend(self._lower(mem, value))

    def store(self, mem: Memory, value: Any, at: int) -> None:
        _PAIR.pack_into(mem.writable(at, 8), at, *self._lower(mem, value))

    def load(self, mem: Memory, at: int) -> Any:
        ptr, length = _PAIR.unpack_from(mem.readable(at, 8), at)
        return self.decode(mem, ptr, length)


class _String(_Bytes):
    """``string``: the same buffer, of the str's UTF-8."""

    def encode(self, value: Any) -> bytes:
        return value.encode("utf-8")  # type: ignore[no-any-return]

    def decode(self, mem: Memory, ptr: int, length: int) -> Any:
        return mem.read_str(ptr, length)


#: The longest list of s64 or f64 packed by a Struct (longer ones go through an array: the
#: Struct's codes and the unpacked arguments grow with the length), and how many lengths'
#: Structs each list type keeps.
_PACKED_MAX = 1024
_PACKS_KEPT = 32


class _List(Shape):
    flat = ("i32", "i32")
    size = 8
    align = 4

    def __init__(self, element: Shape) -> None:
        self.element = element
        #: s64 and f64 items are copied as one array (their canonical layout is the array's).
        self._code = "q" if element is _S64 else "d" if element is _F64 else None
        #: Shorter lists are packed straight into the memory by a Struct of their length
        #: (half the time of building an array and copying it).
        self._packs: dict[int, struct.Struct] = {}

    def _lower(self, mem: Memory, value: list[Any]) -> tuple[int, int]:
        element = self.element
        count = len(value)
        ptr = mem.alloc(element.align, count * element.size)
        if self._code is not None:
            if count > _PACKED_MAX:
                mem.write(ptr, array(self._code, value))
                return ptr, count
            pack = self._packs.get(count)
            if pack is None:
                if len(self._packs) >= _PACKS_KEPT:
                    self._packs.clear()
                pack = self._packs[count] = struct.Struct(f"<{count}{self._code}")
            pack.pack_into(mem.writable(ptr, pack.size), ptr, *value)
        else:
            for i, item in enumerate(value):
                element.store(mem, item, ptr + i * element.size)
        return ptr, count

    def flatten(self, mem: Memory, value: Any, out: list[Any]) -> None:
        out.extend(self._lower(mem, value))

    def store(self, mem: Memory, value: Any, at: int) -> None:
        _PAIR.pack_into(mem.writable(at, 8), at, *self._lower(mem, value))

    def load(self, mem: Memory, at: int) -> Any:
        ptr, count = _PAIR.unpack_from(mem.readable(at, 8), at)
        element = self.element
        if self._code is not None:
            items = array(self._code)
            items.frombytes(mem.read(ptr, count * 8))
            return items.tolist()
        mem.readable(ptr, count * element.size)
        return [element.load(mem, ptr + i * element.size) for i in range(count)]


class _Fields(Shape):
    """A tuple or record: fields at their aligned offsets, flattened one after the other."""

    def __init__(self, fields: list[Shape]) -> None:
        self.fields = fields
        self.flat = tuple(w for f in fields for w in f.flat)
        self.offsets = []
        at, self.align = 0, 1
        for f in fields:
            at = _align(at, f.align)
            self.offsets.append(at)
            at += f.size
            self.align = max(self.align, f.align)
        self.size = _align(at, self.align)

    def items(self, value: Any) -> list[Any]:
        raise NotImplementedError

    def make(self, items: list[Any]) -> Any:
        raise NotImplementedError

    def flatten(self, mem: Memory, value: Any, out: list[Any]) -> None:
        for f, item in zip(self.fields, self.items(value), strict=True):
            f.flatten(mem, item, out)

    def store(self, mem: Memory, value: Any, at: int) -> None:
        for f, offset, item in zip(self.fields, self.offsets, self.items(value), strict=True):
            f.store(mem, item, at + offset)

    def load(self, mem: Memory, at: int) -> Any:
        return self.make(
            [f.load(mem, at + offset) for f, offset in zip(self.fields, self.offsets, strict=True)]
        )


class _Tuple(_Fields):
    def items(self, value: Any) -> list[Any]:
        return list(value)

    def make(self, items: list[Any]) -> Any:
        return tuple(items)


class _Record(_Fields):
    def __init__(self, names: list[str], fields: list[Shape]) -> None:
        super().__init__(fields)
        self.names = names

    def items(self, value: Any) -> Any:
        if type(value) is tuple:  # the fields already, from a direct lowering
            return value
        return [getattr(value, n) for n in self.names]

    def make(self, items: list[Any]) -> Any:
        record = wc.Record()
        for name, item in zip(self.names, items, strict=True):
            setattr(record, name, item)
        return record


class _Option(Shape):
    """``option<T>``: a discriminant (one i32 flat, one byte in memory), then T's value. Values
    are wasmtime-py's for an untagged option: None or the payload (an option of an option is
    tagged and left to the component path)."""

    def __init__(self, inner: Shape) -> None:
        self.inner = inner
        self.flat = ("i32", *inner.flat)
        self.align = max(1, inner.align)
        self.at = _align(1, inner.align)  # the payload's offset
        self.size = _align(self.at + inner.size, self.align)
        self._none = [0.0 if w == "f64" else 0 for w in inner.flat]

    def flatten(self, mem: Memory, value: Any, out: list[Any]) -> None:
        if value is None:
            out.append(0)
            out += self._none
        else:
            out.append(1)
            self.inner.flatten(mem, value, out)

    def store(self, mem: Memory, value: Any, at: int) -> None:
        mem.writable(at, 1)[at] = int(value is not None)
        if value is not None:
            self.inner.store(mem, value, at + self.at)

    def load(self, mem: Memory, at: int) -> Any:
        case = mem.readable(at, 1)[at]
        if case > 1:
            raise errors.Trap(f"the guest returned an invalid option discriminant ({case})")
        return None if case == 0 else self.inner.load(mem, at + self.at)


class _Enum(Shape):
    """A WIT ``enum``: its case's index (one i32 flat; in memory the smallest unsigned integer
    that holds every index). Values are wasmtime-py's: the case's name."""

    flat = ("i32",)

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._index = {n: i for i, n in enumerate(names)}
        self.size = self.align = 1 if len(names) <= 1 << 8 else 2 if len(names) <= 1 << 16 else 4
        self._struct = struct.Struct("<" + {1: "B", 2: "H", 4: "I"}[self.size])

    def _case(self, value: Any) -> int:
        try:
            return self._index[value]
        except (KeyError, TypeError):  # the codecs give only valid names
            raise ValueError(
                f"enum case {value!r} not valid: expected one of {self.names}"
            ) from None

    def flatten(self, mem: Memory, value: Any, out: list[Any]) -> None:
        out.append(self._case(value))

    def store(self, mem: Memory, value: Any, at: int) -> None:
        self._struct.pack_into(mem.writable(at, self.size), at, self._case(value))

    def load(self, mem: Memory, at: int) -> Any:
        case = self._struct.unpack_from(mem.readable(at, self.size), at)[0]
        if case >= len(self.names):
            raise errors.Trap(f"the guest returned an invalid enum discriminant ({case})")
        return self.names[case]


_S64 = _Scalar("i64", "q", 8)
_F64 = _Scalar("f64", "d", 8)
_BOOL = _Bool()
_STRING = _String()
_BYTES = _Bytes()


def shape_of(vt: wc.ValType) -> Shape:
    """The shape of ``vt``; raises :class:`Unsupported` for types the fast path leaves alone."""
    if isinstance(vt, wc.S64):
        return _S64
    if isinstance(vt, wc.F64):
        return _F64
    if isinstance(vt, wc.Bool):
        return _BOOL
    if isinstance(vt, wc.String):
        return _STRING
    if isinstance(vt, wc.ListType) and isinstance(vt.element, wc.U8):
        return _BYTES
    if isinstance(vt, wc.ListType):
        return _List(shape_of(vt.element))
    if isinstance(vt, wc.TupleType):
        return _Tuple([shape_of(e) for e in vt.elements])
    if isinstance(vt, wc.RecordType):
        return _Record([n for n, _ in vt.fields], [shape_of(t) for _, t in vt.fields])
    if isinstance(vt, wc.OptionType) and not vt._tagged():
        return _Option(shape_of(vt.payload))
    if isinstance(vt, wc.EnumType):
        return _Enum(vt.names)
    raise Unsupported(type(vt).__name__)


# ------------------------------------------------------------------------------------------
# One live core instance
# ------------------------------------------------------------------------------------------


class Memory:
    """The instance's linear memory as a memoryview, and its allocator (``cabi_realloc``)."""

    def __init__(self, store: CoreStore) -> None:
        self._ctx = store.ctx
        #: The store's allocator itself (a frame less per list or string lowered).
        self.alloc: Callable[[int, int], int] = store.alloc
        self._memory = ctypes.c_void_p(ctypes.addressof(store.memory._memory))
        self.view = memoryview(b"")
        self.refresh()

    def refresh(self) -> None:
        """Re-read the memory's size (it grows, but never moves: see the module docstring)."""
        size = _memory_size(self._ctx, self._memory)
        base = _memory_data(self._ctx, self._memory)
        self.view = memoryview((ctypes.c_ubyte * size).from_address(base)).cast("B")

    def readable(self, at: int, size: int) -> memoryview:
        if at + size > len(self.view):
            self.refresh()
            if at + size > len(self.view):
                raise errors.Trap(
                    f"the guest returned an out-of-bounds pointer ({at}+{size} beyond "
                    f"{len(self.view)} bytes of memory)"
                )
        return self.view

    writable = readable

    def read(self, at: int, size: int) -> bytes:
        return bytes(self.readable(at, size)[at : at + size])

    def read_str(self, at: int, size: int) -> str:
        try:
            return str(self.readable(at, size)[at : at + size], "utf-8")
        except UnicodeDecodeError as exc:
            raise errors.Trap(f"the guest returned a string that is not UTF-8 ({exc})") from None

    def write(self, at: int, data: Any) -> None:
        data = memoryview(data).cast("B")
        self.writable(at, len(data))[at : at + len(data)] = data


class CoreStore:
    """A store and the core module's instance in it; replaced wholesale after a trap."""

    def __init__(self, program: CoreProgram, limits: Limits) -> None:
        module = program.module
        self.store = store = new_store(program.engine, limits, epoch=program.settings.epoch)
        try:
            instance = wasmtime.Instance(store, module, [])
        except wasmtime.WasmtimeError as exc:
            raise errors.trap_from_wasmtime(
                str(exc), memory_limited=limits.memory is not None
            ) from None
        self.exports = instance.exports(store)
        self.ctx = ctypes.c_void_p(ctypes.cast(store._context(), ctypes.c_void_p).value)
        self.memory = self.exports["memory"]
        self._funcs: dict[str, tuple[wasmtime.Func, ctypes.c_void_p]] = {}
        self.realloc = self.func("cabi_realloc")
        #: Each function's entry and post-return, by CoreFunction.index.
        self.entries = [
            (self.func(f.name), self.func(f"cabi_post_{f.name}"))
            for f in program.functions.values()
        ]
        #: The raw argument and result slots, shared by every call (calls hold the lock).
        self.slots = (ctypes.c_ubyte * (_SLOT * 16))()
        self.slots_ptr = ctypes.c_void_p(ctypes.addressof(self.slots))
        self.buffer = memoryview(self.slots).cast("B")
        self.trap = ctypes.c_void_p()
        self.trap_ptr = ctypes.c_void_p(ctypes.addressof(self.trap))
        self.mem = Memory(self)

    def func(self, name: str) -> ctypes.c_void_p:
        found = self._funcs.get(name)
        if found is None:
            func = self.exports[name]
            assert isinstance(func, wasmtime.Func), name
            found = self._funcs[name] = (func, ctypes.c_void_p(ctypes.addressof(func._func)))
        return found[1]

    def fail(self, error: int | None) -> NoReturn:
        """Raise what ``_call_unchecked`` reported: its error, or the trap it stored."""
        if error:
            raise wasmtime.WasmtimeError._from_ptr(
                ctypes.cast(error, ctypes.POINTER(wasmtime._ffi.wasmtime_error_t))
            )
        trap = ctypes.cast(self.trap.value, ctypes.POINTER(wasmtime._ffi.wasm_trap_t))
        self.trap.value = None
        raise wasmtime.Trap._from_ptr(trap)

    def alloc(self, align: int, size: int) -> int:
        """``cabi_realloc(0, 0, align, size)``: a new block in the guest's heap; raises
        WasmtimeError or wasmtime.Trap for a trap (the call inline, as in ``invoke``)."""
        _REALLOC_ARGS.pack_into(self.buffer, 0, 0, 0, align, size)
        error = _call_unchecked(self.ctx, self.realloc, self.slots_ptr, 4, self.trap_ptr)
        if error or self.trap.value:
            self.fail(error)
        return _U32.unpack_from(self.buffer)[0]


# ------------------------------------------------------------------------------------------
# Programs (the compiled module) and calls
# ------------------------------------------------------------------------------------------


class CoreFunction(NamedTuple):
    """One export's core entry points and its shapes."""

    index: int  # its entry in CoreStore.entries
    name: str  # "ns:pkg/iface@v#func"
    params: list[Shape]
    scalar: bool  # every parameter is one flat value (s64, f64, bool)
    memoryless: bool  # no parameter needs linear memory (scalars, tuples and records of them)
    pack: struct.Struct  # the flat parameters into the raw slots
    ok: Shape | None
    payload: int  # offset of the payload in the return area
    #: The discriminant and an s64/f64 payload read at once, when the ok type is one of those.
    read: struct.Struct | None
    tagged: bool  # wasmtime-py gives the result as a Variant (see plan.finish)
    #: The ok value is the result as it is (an s64 or f64 the model calls int or float): the
    #: plan's ``finish`` would return it unchanged.
    plain_ok: bool
    #: After an ok result the post-return call has nothing to do (see _HEAPLESS_OK_RESETS).
    ok_needs_no_post: bool


_engines: dict[engines.EngineSettings, tuple[wasmtime.Engine, EpochTicker]] = {}
_engines_lock = threading.Lock()


def core_engine(settings: engines.EngineSettings) -> tuple[wasmtime.Engine, EpochTicker]:
    """Engines for core modules: those of the component path, plus memories that never move
    (so a view of one stays valid)."""
    with _engines_lock:
        found = _engines.get(settings)
        if found is None:
            config = wasmtime.Config()
            config.epoch_interruption = settings.epoch
            config.consume_fuel = settings.fuel
            config.memory_may_move = False
            engine = wasmtime.Engine(config)
            found = _engines[settings] = (engine, EpochTicker(engine))
            if settings.epoch and not settings.ticking:
                interrupts.watch(engine)  # Ctrl-C, as engine.engine_for
        return found


def plan_function(
    module: wasmtime.Module, index: int, core_name: str, info: FunctionInfo, resets: bool
) -> CoreFunction:
    """The core entry of one exported function; :class:`Unsupported` when its types are not
    handled or the core export's signature is not the canonical ABI's of the function type."""
    functype = info.type
    result = functype.result
    if not is_guest_error_result(result):
        raise Unsupported("not result<T, guest-error>")
    assert isinstance(result, wc.ResultType)
    params = [shape_of(t) for _, t in functype.params]
    ok = None if result.ok is None else shape_of(result.ok)
    flat = [w for p in params for w in p.flat]
    if len(flat) > 16:
        raise Unsupported("parameters passed through memory")
    types = {e.name: e.type for e in module.exports}
    wanted = ([wasmtime.ValType.i32() if w == "i32" else _valtype(w) for w in flat],
              [wasmtime.ValType.i32()])  # fmt: skip
    for name, (params_ty, results_ty) in ((core_name, wanted), (f"cabi_post_{core_name}",
                                           ([wasmtime.ValType.i32()], []))):  # fmt: skip
        ty = types.get(name)
        if not isinstance(ty, wasmtime.FuncType):
            raise Unsupported(f"no core export {name}")
        if list(map(str, ty.params)) != list(map(str, params_ty)) or list(
            map(str, ty.results)
        ) != list(map(str, results_ty)):
            raise Unsupported(f"core export {name} has another signature")
    payload = max(_ERROR_ALIGN, ok.align if ok is not None else 1)
    pack = struct.Struct("<" + "".join(_SLOT_FORMAT[w] + f"{_SLOT - 8 if w != 'i32' else 12}x"
                                       for w in flat))  # fmt: skip
    scalar = all(p in (_S64, _F64, _BOOL) for p in params)
    read = None
    if ok in (_S64, _F64):
        read = struct.Struct(f"<B{payload - 1}x{'q' if ok is _S64 else 'd'}")
    spec_result = info.model.result if info.model is not None else None
    plain_ok = read is not None and spec_result in (m.Primitive("s64"), m.Primitive("f64"))
    return CoreFunction(
        index, core_name, params, scalar, all(map(_memoryless, params)), pack, ok, payload,
        read, result._tagged(), plain_ok, resets and (ok is None or _memoryless(ok)),
    )  # fmt: skip


def _memoryless(shape: Shape) -> bool:
    return shape in _SCALAR_TYPES or (
        isinstance(shape, _Fields) and all(map(_memoryless, shape.fields))
    )


def _valtype(flat: str) -> wasmtime.ValType:
    return wasmtime.ValType.i64() if flat == "i64" else wasmtime.ValType.f64()


_ERROR_RECORD = _Record(["type-name", "message", "traceback"], [_STRING, _STRING, _STRING])


def _flatten(params: list[Shape], mem: Memory, values: Any) -> list[Any]:
    """The flat core arguments of a call's lowered ``values``, written into ``mem`` as needed."""
    flat: list[Any] = []
    for shape, value in zip(params, values, strict=True):
        shape.flatten(mem, value, flat)
    return flat


#: ``invoke``'s answer when a direct lowering met a value it does not check (an int beyond
#: s64): the call is made again the ordinary way, whose codecs raise the error.
_RETRY = object()


class CoreInstance:
    """An instance's fast path: the core module in a store of its own (one per instance, as
    the component path has), the calls and their limits."""

    def __init__(self, program: CoreProgram, limits: Limits) -> None:
        self._program = program
        self.functions = program.functions
        self.limits = limits
        self._lock = threading.RLock()
        self._ticker = program.ticker
        if limits.timeout is not None:
            program.ticker.ensure_running(limits)
        #: Per-call limits as the C calls take them. The deadline is re-armed when the ticker
        #: has ticked since it was last armed, one tick later than the component path's (the
        #: tick count may lag the epoch by one): each call still gets its whole timeout.
        self._deadline = None if limits.timeout is None else ctypes.c_uint64(limits.ticks + 1)
        self._armed_at = -1
        #: Without a timeout, an interruptible engine's deadline is the next SIGINT's epoch
        #: (interrupts.py), one epoch ahead; only SIGINT advances that epoch, so the deadline
        #: is re-armed when a SIGINT was relayed since it was armed (or the store is new).
        self._next_sigint = (
            ctypes.c_uint64(1) if limits.timeout is None and program.settings.epoch else None
        )
        self._fuel = None if limits.fuel is None else ctypes.c_uint64(limits.fuel)
        self._live: CoreStore | None = CoreStore(program, limits)

    def _poison(self) -> None:
        live, self._live = self._live, None
        self._armed_at = -1
        if live is not None:
            live.store.close()

    def bind(
        self, function: CoreFunction, build: Callable[[], CallPlan], classes: Callable[[], Any]
    ) -> Callable[..., Any]:
        """The Python function calling ``function``: arguments of exactly the expected types
        are lowered directly, anything else through the plan's codecs (their checks and
        messages); ``build`` makes the plan and ``classes`` the parameters' record classes
        (:func:`record_classes`) at the first call."""
        plan: CallPlan | None = None
        direct: Callable[[tuple[Any, ...]], Any] | None = None
        invoke = self.invoke
        arity = len(function.params)
        # the call reads no globals: the host sees it with the source's annotations as its
        # globals (callplan.with_namespace)
        lowering, retry = direct_lowering, _RETRY

        if function.plain_ok and function.ok_needs_no_post:
            return self._quick(function, build, classes)
        if function.scalar:  # the check inline: the cheapest calls are these
            types = tuple(_SCALAR_TYPES[p] for p in function.params)

            def scalar_call(*args: Any, **kwargs: Any) -> Any:
                nonlocal plan
                if plan is None:
                    plan = build()
                if not kwargs and plan.plain and tuple(map(type, args)) == types:
                    result = invoke(function, plan, args, True)
                    if result is not retry:
                        return result
                return invoke(function, plan, plan.prepare(args, kwargs), False)

            return scalar_call

        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal plan, direct
            if plan is None:
                plan = build()
                # *args/**kwargs or keyword-only parameters: the signature binds them
                direct = lowering(function, classes()) if plan.plain else None
            if direct is not None and not kwargs and len(args) == arity:
                values = direct(args)
                if values is not None:
                    result = invoke(function, plan, values, True)
                    if result is not retry:
                        return result
            return invoke(function, plan, plan.prepare(args, kwargs), False)

        return call

    def _quick(
        self, function: CoreFunction, build: Callable[[], CallPlan], classes: Callable[[], Any]
    ) -> Callable[..., Any]:
        """``invoke`` for the cheapest calls (an s64 or f64 out, no post-return: scalars,
        records of them, lists of ints or floats in), specialised: names bound once, the
        common case inline. Arguments not of exactly the expected types, a new store, a
        deadline to re-arm, fuel, a guest error or a result beyond the memory's end take
        ``invoke`` (the lock is reentrant)."""
        plan: CallPlan | None = None
        direct: Callable[[tuple[Any, ...]], Any] | None = None
        invoke, lock, index, retry = self.invoke, self._lock, function.index, _RETRY
        scalar, arity, lowering = function.scalar, len(function.params), direct_lowering
        flat_already, params, flatten = function.memoryless, function.params, _flatten
        types = tuple(_SCALAR_TYPES.get(p, object) for p in function.params)
        assert function.read is not None  # plain_ok: an s64 or f64 read with its discriminant
        pack_into, read_from = function.pack.pack_into, function.read.unpack_from
        ticker, relays = self._ticker, interrupts
        timed, sigint = self._deadline is not None, self._next_sigint is not None
        ordinary = self._fuel is not None
        call_unchecked, u32, trapped = _call_unchecked, _U32.unpack_from, self._trapped
        # the call reads no globals (see bind)
        out_of_range = (struct.error, OverflowError)

        def quick_call(*args: Any, **kwargs: Any) -> Any:
            nonlocal plan, direct
            if plan is None:
                plan = build()
                if not scalar and plan.plain:
                    direct = lowering(function, classes())
            if kwargs or not plan.plain:
                return invoke(function, plan, plan.prepare(args, kwargs), False)
            if scalar:
                if tuple(map(type, args)) != types:
                    return invoke(function, plan, plan.prepare(args, kwargs), False)
                values = args
            elif direct is None or len(args) != arity or (values := direct(args)) is None:
                return invoke(function, plan, plan.prepare(args, kwargs), False)
            with lock:
                live = self._live
                armed = self._armed_at
                if (
                    ordinary
                    or live is None
                    or (timed and armed != ticker.ticks)
                    or (sigint and armed != relays.relayed)
                ):
                    result = invoke(function, plan, values, True)
                else:
                    try:
                        flat = values if flat_already else flatten(params, live.mem, values)
                        pack_into(live.buffer, 0, *flat)
                    except out_of_range:  # beyond s64: the codecs say so in their words
                        return invoke(function, plan, plan.prepare(args, kwargs), False)
                    except BaseException:  # a trap in cabi_realloc, or Ctrl-C
                        self._poison()
                        raise
                    try:
                        error = call_unchecked(
                            live.ctx, live.entries[index][0], live.slots_ptr, len(flat) or 1,
                            live.trap_ptr,
                        )  # fmt: skip
                        if error or live.trap.value:
                            trapped(live, error)
                        area = u32(live.buffer)[0]
                        view = live.mem.view
                        if area + 16 <= len(view):
                            failed, raw = read_from(view, area)
                            if not failed:
                                return raw
                    except BaseException:  # Ctrl-C between the steps of a call
                        self._poison()
                        raise
                    return self.finish(function, plan, live, area)
            if result is retry:
                return invoke(function, plan, plan.prepare(args, kwargs), False)
            return result

        return quick_call

    def _trapped(self, live: CoreStore, error: int | None) -> NoReturn:
        """Raise the host's exception for a trap (or error) ``_call_unchecked`` reported."""
        try:
            live.fail(error)
        except (wasmtime.WasmtimeError, wasmtime.Trap) as exc:
            self._poison()
            raise call_failure(str(exc), self.limits) from None

    def invoke(self, function: CoreFunction, plan: CallPlan, values: Any, direct: bool) -> Any:
        with self._lock:
            live = self._live
            if live is None:
                live = self._live = CoreStore(self._program, self.limits)
            if self._deadline is not None and self._armed_at != self._ticker.ticks:
                self._armed_at = self._ticker.ticks
                _set_epoch_deadline(live.ctx, self._deadline)
            elif self._next_sigint is not None and self._armed_at != interrupts.relayed:
                self._armed_at = interrupts.relayed
                _set_epoch_deadline(live.ctx, self._next_sigint)
            if self._fuel is not None:
                _set_fuel(live.ctx, self._fuel)
            entry = live.entries[function.index][0]
            try:
                try:
                    if function.scalar or (direct and function.memoryless):  # flat already
                        function.pack.pack_into(live.buffer, 0, *values)
                        count = len(values)
                    else:
                        flat = _flatten(function.params, live.mem, values)
                        function.pack.pack_into(live.buffer, 0, *flat)
                        count = len(flat)
                except (struct.error, OverflowError):
                    if direct:  # out of range for s64: the codecs say so in their words
                        return _RETRY
                    raise
                error = _call_unchecked(live.ctx, entry, live.slots_ptr, count or 1, live.trap_ptr)
                if error or live.trap.value:
                    self._trapped(live, error)
            except BaseException:  # a Trap of ours, or Ctrl-C between the steps of a call
                self._poison()
                raise
            return self.finish(function, plan, live, _U32.unpack_from(live.buffer)[0])

    def finish(self, function: CoreFunction, plan: CallPlan, live: CoreStore, area: int) -> Any:
        """The outcome of a call whose return area is at ``area``: its result read (the post-
        return called when there is one), then the plan's ``finish``. The lock is held."""
        try:
            view = live.mem.view
            if function.read is not None and area + 16 <= len(view):
                failed, raw = function.read.unpack_from(view, area)  # discriminant, payload
            else:
                failed = live.mem.readable(area, 1)[area]
            if failed:
                record = _ERROR_RECORD.load(live.mem, area + function.payload)
                raw = wc.Variant("err", record) if function.tagged else record
            else:
                if function.read is None or area + 16 > len(view):  # (fail: it is beyond)
                    ok = function.ok
                    raw = None if ok is None else ok.load(live.mem, area + function.payload)
                if function.tagged:
                    raw = wc.Variant("ok") if function.ok is None else wc.Variant("ok", raw)
            if failed or not function.ok_needs_no_post:
                _U32.pack_into(live.buffer, 0, area)
                post = live.entries[function.index][1]
                error = _call_unchecked(live.ctx, post, live.slots_ptr, 1, live.trap_ptr)
                if error or live.trap.value:
                    self._trapped(live, error)
        except BaseException:  # a Trap of ours, or Ctrl-C between the steps of a call
            self._poison()
            raise
        if function.plain_ok and not failed:
            return raw
        try:
            return plan.finish(raw)
        except MemoryError:
            limited = memory_limit_error(self.limits)
            if limited is None:
                raise
            self._poison()
            raise limited from None


# ------------------------------------------------------------------------------------------
# Direct lowering: arguments whose types are exactly the expected ones skip the codecs
# ------------------------------------------------------------------------------------------

Direct = Callable[[Any], Any]
#: What a direct lowering returns for a value it leaves to the codecs.
_NO = object()


def record_classes(
    builder: CodecFactory, spec: m.Function | None, function: CoreFunction
) -> list[tuple[type, list[str]] | None]:
    """Per parameter: its record class and Python field names in WIT order, when it is one of
    the package's records (the class the codecs build and accept)."""
    found: list[tuple[type, list[str]] | None] = [None] * len(function.params)
    if spec is None:
        return found
    for i, (param, shape) in enumerate(zip(spec.params, function.params, strict=False)):
        definition = builder.defs.get(param.type.name) if isinstance(param.type, m.Named) else None
        if isinstance(definition, m.Record) and isinstance(shape, _Record):
            by_wit = {m.wit_name(f.name): f.name for f in definition.fields}
            if set(by_wit) == set(shape.names):
                found[i] = (builder.python_class(definition.name), [by_wit[w] for w in shape.names])
    return found


def direct_lowering(
    function: CoreFunction, classes: Any
) -> Callable[[tuple[Any, ...]], Any] | None:
    """A function from the call's arguments to their lowered values (what ``Shape.flatten``
    takes), or None for arguments it does not vouch for: exact ``int`` (its s64 range is
    checked by packing), ``float``, ``bool``, ASCII ``str``, ``bytes``, lists of exact ints or
    floats, and the package's own dataclasses of those. ``defs`` gives each parameter's class (see
    ``record_classes``). No user code runs (exact types only), so the caller may hold the lock."""
    if function.memoryless:
        flats = [
            _direct_flat(shape, cls) for shape, cls in zip(function.params, classes, strict=True)
        ]
        if any(f is None for f in flats):
            return None
        flat_parts: list[Direct] = [f for f in flats if f is not None]

        def flat(args: tuple[Any, ...]) -> Any:
            values: list[Any] = []
            for part, arg in zip(flat_parts, args, strict=True):
                found = part(arg)
                if found is _NO:
                    return None
                values += found
            return values

        return flat
    parts = [_direct(shape, cls) for shape, cls in zip(function.params, classes, strict=True)]
    if any(p is None for p in parts):
        return None
    checks: list[Direct] = [p for p in parts if p is not None]

    def lower(args: tuple[Any, ...]) -> Any:
        values = [check(a) for check, a in zip(checks, args, strict=True)]
        return None if _NO in values else values

    return lower


_SCALAR_TYPES: dict[Shape, type] = {_S64: int, _F64: float, _BOOL: bool}


def _direct_flat(shape: Shape, cls: Any) -> Direct | None:
    """For a memoryless parameter: its flat values (a sequence), or _NO."""
    if shape in _SCALAR_TYPES:
        expected = _SCALAR_TYPES[shape]
        return lambda v: (v,) if type(v) is expected else _NO
    return _direct(shape, cls)  # a record of scalars: its fields are its flat values


def _direct(shape: Shape, cls: Any) -> Direct | None:
    if shape in _SCALAR_TYPES:
        expected = _SCALAR_TYPES[shape]
        return lambda v: v if type(v) is expected else _NO
    if shape is _STRING:
        return lambda v: v if type(v) is str and v.isascii() else _NO
    if shape is _BYTES:
        return lambda v: v if type(v) is bytes else _NO
    if isinstance(shape, _List) and shape.element in (_S64, _F64):
        item = _SCALAR_TYPES[shape.element]
        # (counting the exact type is faster than a set of the types)
        return lambda v: v if type(v) is list and [*map(type, v)].count(item) == len(v) else _NO
    if isinstance(shape, _Record) and isinstance(cls, tuple):
        record_class, names = cls
        if all(f in _SCALAR_TYPES for f in shape.fields) and len(names) == len(shape.fields):
            field_types = tuple(_SCALAR_TYPES[f] for f in shape.fields)

            def record(v: Any) -> Any:
                if type(v) is not record_class:
                    return _NO
                items = tuple(getattr(v, n) for n in names)
                return items if tuple(map(type, items)) == field_types else _NO

            return record
    return None


class CoreProgram(NamedTuple):
    """A component's core module compiled for one engine setting, and its exports' plans."""

    engine: wasmtime.Engine
    settings: engines.EngineSettings
    module: wasmtime.Module
    ticker: EpochTicker
    functions: dict[tuple[str, str], CoreFunction]  # (interface id, WIT name) -> plan

    @classmethod
    def build(
        cls,
        path: Path,
        settings: engines.EngineSettings,
        interfaces: list[InterfaceInfo],
    ) -> CoreProgram | None:
        """None when the component is not one the fast path can call (see the module
        docstring); the component path is used then."""
        wasm = core_module(path)
        if wasm is None:
            return None
        engine, ticker = core_engine(settings)
        try:
            # Not through the compile cache: a few KB compile in ~10 ms, and a cache entry is
            # machine code run as is (engine.py checks component entries before loading them).
            module = wasmtime.Module(engine, wasm)
        except wasmtime.WasmtimeError:
            return None
        exported = {e.name for e in module.exports}
        if module.imports or not {"memory", "cabi_realloc"} <= exported:
            return None
        functions = {}
        resets = _HEAPLESS_OK_RESETS in custom_sections(wasm)
        try:
            for interface in interfaces:
                for wit, info in interface.functions.items():
                    core_name = f"{interface.id}#{wit}"
                    functions[(interface.id, wit)] = plan_function(
                        module, len(functions), core_name, info, resets
                    )
        except Unsupported:
            return None
        return cls(engine, settings, module, ticker, functions)
