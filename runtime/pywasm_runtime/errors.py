"""What a call into a component can raise, and how a guest's failure becomes a host exception.

Two kinds of failure cross the boundary:

* a guest exception, carried out cleanly as ``result<T, guest-error>``: it comes back as its own
  class whenever the host may import it (the component's packages, their installed
  dependencies, the stdlib) with its args, attributes, notes, cause and context, else as a
  :class:`GuestError` subclass that is also an instance of the nearest such base class; the
  guest's frames are in its ``__traceback__`` (a ``GuestError`` also has the text in
  ``guest_traceback``; the guest's own classes get no attribute the guest instance lacks);
* a trap (a guest bug, an uncaught exception, a limit hit): :class:`Trap` or a subclass. The
  instance is unusable after a trap; the runtime replaces it before the next call.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import sys
import types
from pathlib import Path
from typing import Any

from pywasm_runtime import errordetail


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
    detail = errordetail.parse(traceback)
    if detail is None:  # a plain traceback (the static backend): type and message only
        described = {"type": type_name, "str": message, "args": [message] if message else []}
        exc = errordetail.rebuild(described, resolver)
        if type_name == "builtins.KeyError" and message:  # its str() is its key's repr
            exc.args = (_key_shown_by(message),)
        if isinstance(exc, GuestError):
            exc.guest_traceback = traceback
        return exc.with_traceback(errordetail.stand_in_traceback(_text_frames(traceback), resolver))
    exc = errordetail.rebuild(detail["exception"], resolver)
    if isinstance(exc, GuestError):
        exc.guest_traceback = str(detail.get("text", ""))
    return exc  # type: ignore[no-any-return]


def _key_shown_by(message: str) -> object:
    """The key of a static guest's KeyError, from its message (the key's repr: CPython's str()
    of a KeyError), so that the host's KeyError has it as its args as CPython's would: a str,
    number, bool or tuple of them read back as a literal (no code runs); other text as it is."""
    if len(message) > 10_000:
        return message
    try:
        return ast.literal_eval(message)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return message


class _ForeignGuestError(GuestError):
    """The root of the classes made for guest classes the host cannot import: ``str()`` is the
    guest's; ``type_name``, ``message`` and ``guest_traceback`` live in slots, so ``vars()``
    holds exactly the guest instance's attributes."""

    __slots__ = ("guest_traceback", "message", "type_name")

    def __str__(self) -> str:
        return self.message


class _Resolver(errordetail.Resolver):
    """Finds the guest's classes on the host, under the import rules of :func:`from_guest`."""

    foreign_root = _ForeignGuestError

    @staticmethod
    def parse_iso(kind: str, text: str) -> Any:
        from pywasm_runtime import isotext  # datetime and re: only errors carrying a date

        return isotext.parse(kind, text)

    def __init__(self, packages: frozenset[str]) -> None:
        self.packages = packages

    def find(self, type_name: str) -> Any:
        found = super().find(type_name)
        return None if isinstance(found, type) and _is_runtime_class(found) else found

    def module(self, name: str) -> types.ModuleType | None:
        module = sys.modules.get(name)
        if module is not None or not self.may_import(name.split(".")[0]):
            return module
        try:
            return importlib.import_module(name)
        except Exception:  # not a module (a class path), or it fails to import
            return None

    def foreign(self, type_name: str, base: type | None, args: tuple[Any, ...], text: str) -> Any:
        exc = super().foreign(type_name, base, args, text)
        exc.type_name, exc.message, exc.guest_traceback = type_name, text, ""
        return exc

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
    import importlib.metadata  # ~20 ms (email, zipfile...): only once a guest error is rebuilt

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


# The static backend's plain traceback text.


def _text_frames(traceback: str) -> list[list[Any]]:
    """The frames of a plain Python-layout traceback's last exception."""
    last = traceback.rpartition("Traceback (most recent call last):")[2]
    return [
        [m[1], int(m[2]), m[3]]
        for m in re.finditer(r'^  File "(.*)", line (\d+), in (.+)$', last, re.M)
    ]
