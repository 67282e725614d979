"""What a call into a component can raise, and how a guest's failure becomes a host exception.

Two kinds of failure cross the boundary:

* a guest exception, carried out cleanly as ``result<T, guest-error>``: it comes back as its own
  class whenever the host may import it (the component's packages, their installed
  dependencies, the stdlib) with its args, attributes, notes, cause and context, else as a
  :class:`GuestError` subclass that is also an instance of the nearest such base class; the
  guest's frames are in its ``__traceback__`` and the text in ``guest_traceback``;
* a trap (a guest bug, an uncaught exception, a limit hit): :class:`Trap` or a subclass. The
  instance is unusable after a trap; the runtime replaces it before the next call.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import json
import re
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any


class GuestError(Exception):
    """A guest exception whose class the host cannot (or may not) import."""

    def __init__(self, type_name: str, message: str, traceback: str) -> None:
        super().__init__(f"{type_name}: {message}" if message else type_name)
        self.type_name = type_name
        self.message = message
        self.guest_traceback = traceback


class Trap(Exception):
    """The guest trapped; its instance was discarded (module state resets on the next call)."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        #: wasmtime's text: the cause and the wasm backtrace.
        self.detail = detail


class OutOfFuel(Trap):
    """The call used up its ``Limits.fuel``."""


class Timeout(Trap):
    """The call ran longer than its ``Limits.timeout``."""


class MemoryLimitExceeded(Trap, MemoryError):
    """The guest asked for more linear memory than ``Limits.memory`` allows."""


class NotAComponent(ValueError):
    """A file given to ``load()`` that is not a WebAssembly component (says what it is)."""


class MissingImports(LookupError):
    """The component imports functions the host did not provide."""


#: wasmtime lifts what a guest hands the host (results, host-import arguments) against a budget
#: of 128 MiB per call that wasmtime-py 50's C API cannot raise; a byte of a list<u8> costs 32
#: (one value each), a byte of a string 1. See the runtime README, "Large bytes".
HOSTCALL_BUDGET_MESSAGE = (
    "the guest handed the host more data in one call than wasmtime lets the host take "
    "(128 MiB of host values per call; a bytes value costs 32 per byte, so about 4 MiB of "
    "bytes, a str 1 per byte): return large bytes in parts"
)


def trap_from_wasmtime(detail: str, *, memory_limited: bool) -> Trap:
    """The :class:`Trap` subclass for a wasmtime error text (wasmtime raises one error type for
    every trap; the cause is only in its text)."""
    cause = detail.split("\n", 1)[0]
    if "all fuel consumed" in detail:
        return OutOfFuel("the guest ran out of fuel (Limits.fuel)", detail)
    if "interrupt" in detail:
        return Timeout("the guest call exceeded its time limit (Limits.timeout)", detail)
    if "fuel allocated for hostcalls" in detail:
        return Trap(HOSTCALL_BUDGET_MESSAGE, detail)
    if memory_limited and "exceeds memory limits" in detail:  # e.g. at instantiation
        return MemoryLimitExceeded("the guest exceeded its memory limit (Limits.memory)", detail)
    return Trap(f"the guest trapped: {_trap_reason(detail) or cause}", detail)


def _trap_reason(detail: str) -> str:
    """wasmtime puts the reason after the backtrace (``Caused by: ...``)."""
    _, _, caused = detail.partition("Caused by:")
    return " ".join(caused.split())


def from_guest(
    type_name: str, message: str, traceback: str, *, packages: frozenset[str]
) -> Exception:
    """The host exception for a guest-error record.

    ``traceback`` is the guest's formatted traceback, or (componentize-py components) the JSON
    detail ``pywasm_guest.guest_error`` writes, from which the exception is rebuilt with its
    args, attributes, notes, cause and context. Modules are imported on the guest's say-so only
    when they belong to ``packages`` (the top-level packages of the component's own modules),
    to a distribution those depend on (installed metadata), or to the stdlib: the name is
    guest-controlled data, and importing runs code. A class of this runtime (``Trap``,
    ``Timeout``, ...) is never what a guest error becomes: a guest cannot forge host errors."""
    resolver = _Resolver(packages)
    detail = _detail(traceback)
    if detail is None:  # a plain traceback (the static backend): type and message only
        exc = _rebuild(
            {"type": type_name, "str": message, "args": [message] if message else []},
            resolver,
        )
        exc.guest_traceback = traceback  # type: ignore[attr-defined]
        return exc.with_traceback(_fake_traceback(_text_frames(traceback), resolver))
    exc = _rebuild(detail["exception"], resolver)
    exc.guest_traceback = detail.get("text", "")  # type: ignore[attr-defined]
    return exc


#: The key that marks the JSON detail (``pywasm_guest.ERROR_FORMAT``).
_FORMAT = "pywasm-guest-error"


def _detail(traceback: str) -> dict[str, Any] | None:
    if not traceback.startswith("{"):
        return None
    try:
        detail = json.loads(traceback)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(detail, dict) and detail.get(_FORMAT) == 1):
        return None
    return detail if isinstance(detail.get("exception"), dict) else None


class _NotCarried(Exception):
    """A value of the detail the host cannot rebuild (its class is not importable, say)."""


def _rebuild(described: dict[str, Any], resolver: _Resolver) -> Exception:
    type_name = str(described.get("type", ""))
    text = str(described.get("str", ""))
    try:
        args = tuple(_decode(described.get("args"), resolver))
    except (_NotCarried, TypeError, ValueError, RecursionError):
        args = (text,) if text else ()
    cls = resolver.exception_class(type_name)
    exc = _instance(cls, args) if cls is not None else None
    if exc is None:
        base = next(filter(None, map(resolver.exception_class, described.get("bases", []))), None)
        exc = _guest_error_class(type_name, base).__new__(_guest_error_class(type_name, base))
        exc.args = args
    attributes = described.get("attrs")
    for name, value in attributes.items() if isinstance(attributes, dict) else ():
        try:
            setattr(exc, name, _decode(value, resolver))
        except Exception:  # a value it cannot rebuild, a read-only property: left out
            continue
    if isinstance(exc, GuestError):
        exc.type_name, exc.message, exc.guest_traceback = type_name, text, ""
    notes = described.get("notes")
    if isinstance(notes, list):
        exc.__notes__ = [str(note) for note in notes]
    for link in ("cause", "context"):
        if isinstance(described.get(link), dict):
            setattr(exc, f"__{link}__", _rebuild(described[link], resolver))
    if described.get("context_is_cause"):
        exc.__context__ = exc.__cause__
    exc.__suppress_context__ = bool(described.get("suppress_context"))
    return exc.with_traceback(_fake_traceback(described.get("frames", []), resolver))


def _instance(cls: type[Exception], args: tuple[Any, ...]) -> Exception | None:
    """An instance of ``cls`` with ``args``, built as the class would build it without running
    a Python ``__init__`` (which may take other parameters and has side effects): a builtin
    ``__init__`` runs (it fills C-level attributes such as ``OSError.errno``)."""
    try:
        exc = cls.__new__(cls, *args)
        if isinstance(cls.__init__, types.WrapperDescriptorType):
            exc.__init__(*args)
        exc.args = args
    except Exception:  # a ``__new__`` of another shape: the caller falls back
        return None
    return exc


def _guest_str(self: GuestError) -> str:
    return self.message


@functools.lru_cache(maxsize=256)
def _guest_error_class(type_name: str, base: type[Exception] | None) -> type[GuestError]:
    """A :class:`GuestError` subclass named like the guest's class, also deriving from
    ``base`` (the nearest importable base of the guest's class); one class per name and base,
    so ``type(a) is type(b)`` for two errors of the same guest class."""
    module, _, qualname = type_name.rpartition(".")
    namespace = {"__module__": module, "__qualname__": qualname, "__str__": _guest_str}
    name = qualname.rpartition(".")[2] or "GuestError"
    if base is not None and base is not Exception:
        try:
            return types.new_class(
                name, (GuestError, base), exec_body=lambda ns: ns.update(namespace)
            )
        except TypeError:  # bases whose instance layouts conflict
            pass
    return types.new_class(name, (GuestError,), exec_body=lambda ns: ns.update(namespace))


class _Resolver:
    """Finds the guest's classes on the host, under the import rules of :func:`from_guest`."""

    def __init__(self, packages: frozenset[str]) -> None:
        self.packages = packages

    def exception_class(self, type_name: str) -> type[Exception] | None:
        found = self.find(type_name)
        if isinstance(found, type) and issubclass(found, Exception):
            return found
        return None

    def find(self, type_name: str) -> Any:
        """The object ``module.qualname`` names (``qualname`` may be dotted), or None."""
        parts = type_name.split(".")
        for split in range(len(parts) - 1, 0, -1):
            module = self.module(".".join(parts[:split]))
            if module is None:
                continue
            found: Any = module
            for part in parts[split:]:
                found = getattr(found, part, None)
            if isinstance(found, type) and _is_runtime_class(found):
                return None
            return found
        return None

    def module(self, name: str) -> types.ModuleType | None:
        module = sys.modules.get(name)
        if module is not None or not self.may_import(name.split(".")[0]):
            return module
        try:
            return importlib.import_module(name)
        except Exception:  # not a module (a class path), or it fails to import
            return None

    def may_import(self, top: str) -> bool:
        if top in self.packages:
            return True
        if top in sys.stdlib_module_names:
            return top not in _STDLIB_WITH_EFFECTS
        return top in _dependency_packages(self.packages)

    def source_file(self, guest_file: str) -> str:
        """A guest file name (``/N/pkg/mod.py``: the N-th guest path entry) as the host file of
        the same module, when its package is imported here (so tracebacks show source lines)."""
        match = re.fullmatch(r"/\d+/((\w+)/.+)", guest_file)
        module = sys.modules.get(match[2]) if match else None
        for folder in getattr(module, "__path__", None) or ():
            candidate = Path(folder).parent / match[1]  # type: ignore[index]
            if candidate.is_file():
                return str(candidate)
        return guest_file


#: Stdlib modules that act when imported (open a browser, print): never on a guest's say-so.
_STDLIB_WITH_EFFECTS = frozenset(
    {"antigravity", "this", "idlelib", "turtle", "turtledemo", "tkinter", "__hello__",
     "__phello__", "__main__"}
)  # fmt: skip


def _is_runtime_class(cls: type) -> bool:
    return any(c.__module__.split(".")[0] in ("pywasm_runtime", "wasmtime") for c in cls.__mro__)


@functools.lru_cache(maxsize=64)
def _dependency_packages(packages: frozenset[str]) -> frozenset[str]:
    """Top-level import names of every distribution the distributions that ship ``packages``
    depend on, at any depth (installed metadata; requirements not installed are skipped)."""
    owners = importlib.metadata.packages_distributions()
    pending = [dist for top in packages for dist in owners.get(top, [])]
    seen: set[str] = set()
    while pending:
        name = _canonical(pending.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        pending += [
            re.split(r"[\s\[<>=!~;(]", r, maxsplit=1)[0] for r in requires if "extra ==" not in r
        ]
    return frozenset(top for top, dists in owners.items() if seen & {_canonical(d) for d in dists})


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# Values of the detail: the tagged JSON of ``pywasm_guest.encode``.


def _decode(value: Any, resolver: _Resolver) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_decode(v, resolver) for v in value]
    if not isinstance(value, dict):
        raise _NotCarried(repr(value))
    tag = value.get("$")
    decoder = _DECODERS.get(tag) if isinstance(tag, str) else None
    if decoder is None:
        raise _NotCarried(f"a value tagged {tag!r}")
    return decoder(value, resolver)


def _items(value: dict[str, Any], resolver: _Resolver) -> list[Any]:
    return [_decode(v, resolver) for v in value["items"]]


def _user_value(value: dict[str, Any], resolver: _Resolver) -> Any:
    cls = resolver.find(str(value["class"]))
    if not isinstance(cls, type):
        raise _NotCarried(f"class {value['class']} is not importable")
    if value["$"] == "enum":
        return cls[value["name"]]
    fields = {str(k): _decode(v, resolver) for k, v in value["fields"].items()}
    return cls(**fields)


def _stdlib(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


_DECODERS: dict[str, Callable[[dict[str, Any], _Resolver], Any]] = {
    "float": lambda v, r: float(v["repr"]),
    "tuple": lambda v, r: tuple(_items(v, r)),
    "set": lambda v, r: set(_items(v, r)),
    "frozenset": lambda v, r: frozenset(_items(v, r)),
    "dict": lambda v, r: {_decode(k, r): _decode(x, r) for k, x in v["items"]},
    "bytes": lambda v, r: bytes.fromhex(v["hex"]),
    "bytearray": lambda v, r: bytearray.fromhex(v["hex"]),
    "enum": _user_value,
    "dataclass": _user_value,
    "namedtuple": _user_value,
    "datetime": lambda v, r: _stdlib("datetime", "datetime").fromisoformat(v["text"]),
    "date": lambda v, r: _stdlib("datetime", "date").fromisoformat(v["text"]),
    "time": lambda v, r: _stdlib("datetime", "time").fromisoformat(v["text"]),
    "timedelta": lambda v, r: _stdlib("datetime", "timedelta")(*v["parts"]),
    "decimal": lambda v, r: _stdlib("decimal", "Decimal")(v["text"]),
    "uuid": lambda v, r: _stdlib("uuid", "UUID")(v["text"]),
    "fraction": lambda v, r: _stdlib("fractions", "Fraction")(*v["parts"]),
}


# The guest's frames as a real traceback (host frames of code compiled under the guest's file
# names), so a printed host traceback shows where in the guest the exception came from.


def _text_frames(traceback: str) -> list[list[Any]]:
    """The frames of a plain Python-layout traceback's last exception."""
    last = traceback.rpartition("Traceback (most recent call last):")[2]
    return [
        [m[1], int(m[2]), m[3]]
        for m in re.finditer(r'^  File "(.*)", line (\d+), in (.+)$', last, re.M)
    ]


def _fake_traceback(frames: Any, resolver: _Resolver) -> types.TracebackType | None:
    tb = None
    for frame in reversed(frames if isinstance(frames, list) else []):
        try:
            file, line, function = str(frame[0]), int(frame[1]), str(frame[2])
            code = _raising_code(resolver.source_file(file), line, function)
        except (TypeError, ValueError, IndexError, SyntaxError, MemoryError, OverflowError):
            continue
        try:
            exec(code, {"_exc": _FrameMarker})
        except _FrameMarker as marker:
            here = marker.__traceback__.tb_next  # type: ignore[union-attr]
            tb = types.TracebackType(tb, here.tb_frame, -1, line)  # type: ignore[union-attr]
    return tb


class _FrameMarker(Exception):
    """Raised by the code standing in for a guest frame, to capture that frame."""


@functools.lru_cache(maxsize=1024)
def _raising_code(file: str, line: int, function: str) -> types.CodeType:
    if not 0 < line < 1_000_000:
        raise ValueError(line)
    code = compile("\n" * (line - 1) + "raise _exc", file, "exec")
    return code.replace(co_name=function)
