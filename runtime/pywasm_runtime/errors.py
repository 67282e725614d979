"""What a call into a component can raise, and how a guest's failure becomes a host exception.

Two kinds of failure cross the boundary:

* a guest exception, carried out cleanly as ``result<T, guest-error>`` (common.md): it comes back
  as the builtin exception of the same name, as the package's own exception class when the host
  can import it, or as :class:`GuestError`; the guest traceback is attached either way;
* a trap (a guest bug, an uncaught exception, a limit hit): :class:`Trap` or a subclass. The
  instance is unusable after a trap; the runtime replaces it before the next call.
"""

from __future__ import annotations

import builtins
import importlib
import sys


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


def trap_from_wasmtime(detail: str, *, memory_limited: bool) -> Trap:
    """The :class:`Trap` subclass for a wasmtime error text (wasmtime raises one error type for
    every trap; the cause is only in its text)."""
    cause = detail.split("\n", 1)[0]
    if "all fuel consumed" in detail:
        return OutOfFuel("the guest ran out of fuel (Limits.fuel)", detail)
    if "interrupt" in detail:
        return Timeout("the guest call exceeded its time limit (Limits.timeout)", detail)
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

    Builtin exception types come back as themselves; a class from one of ``packages`` (the
    top-level packages of the component's own modules) or from a module the host already
    imported comes back as that class. Other modules are never imported on the guest's say-so:
    the name is guest-controlled data and importing runs code."""
    cls = _exception_class(type_name, packages)
    exc: Exception
    if cls is None:
        exc = GuestError(type_name, message, traceback)
    else:
        try:
            exc = cls(message) if message else cls()
        except Exception:  # a constructor with another shape: keep the data, lose the class
            exc = GuestError(type_name, message, traceback)
    exc.guest_traceback = traceback  # type: ignore[attr-defined]
    if traceback:
        exc.add_note(f"guest traceback:\n{traceback.rstrip()}")
    return exc


def _exception_class(type_name: str, packages: frozenset[str]) -> type[Exception] | None:
    module_name, _, qualname = type_name.rpartition(".")
    if not module_name:
        return None
    if module_name == "builtins":
        found = getattr(builtins, qualname, None)
    else:
        module = sys.modules.get(module_name)
        if module is None and module_name.split(".")[0] in packages:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                module = None
        found = module
        for part in qualname.split("."):
            found = getattr(found, part, None)
    if isinstance(found, type) and issubclass(found, Exception):
        return found
    return None
