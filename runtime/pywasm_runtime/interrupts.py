"""Ctrl-C during a guest call.

CPython's SIGINT handler only sets a flag in C; ``KeyboardInterrupt`` is raised when the main
thread next runs Python, which a guest call in an endless loop never lets it do. wasmtime can
stop guest code at its next epoch check (compiled into every loop and function entry unless
``Limits(interrupt=False)``) once the engine's epoch passes the store's deadline; a call of an
interruptible engine without a timeout sets its deadline one epoch ahead, and nothing advances
that epoch except this module, on SIGINT.

Learning of a SIGINT while the main thread is inside wasmtime needs code that runs in the
signal handler itself: ``faulthandler.register(SIGINT, chain=True)`` writes to a pipe (its
traceback dump, which is ignored) and then calls CPython's own handler, so the
``KeyboardInterrupt`` still comes. A daemon thread reads the pipe and advances the epochs,
but only while SIGINT's Python handler is the default one (raising KeyboardInterrupt); a
program with its own handler gets it run after the call, as before.

Limits: not on Windows (no ``faulthandler.register``); a program that installs a SIGINT
handler with ``signal.signal`` after the first interruptible instance replaces the hook (as
asyncio.run does while it runs). A guest waiting in the host (a sleep) is interrupted only
when the wait ends, unless the instance has a timeout (see limits.CallThread).

A timed call's deadline is its timeout in ticks, which the ticker reaches only at the timeout.
A ticking engine is watched with the epochs a SIGINT must advance it by to pass any deadline
armed in it (:func:`watch`'s ``epochs``, the largest timeout's ticks plus a margin): the relay
advances it that far at once (about a microsecond an epoch), so a timed call running in the
caller's thread (the fast path, an import-less component) traps at its next epoch check too,
and :func:`limits.call_failure` reports that trap as ``KeyboardInterrupt`` (a SIGINT was relayed
during the call). Every store of a relayed engine is interrupted, as for untimed engines.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import threading
import time

import wasmtime

#: The watched engines, each with the epochs a SIGINT advances it by.
_engines: list[tuple[wasmtime.Engine, int]] = []
_lock = threading.Lock()
_hooked = False
#: SIGINTs relayed to the engines so far (counted before their epochs advance): a store whose
#: next-SIGINT deadline was armed at the current count still has it ahead, so a caller need
#: not re-arm it before every call (corecall.py's fast path re-arms only when this changed).
relayed = 0
#: time.monotonic() of the last relayed SIGINT (before its epochs advance), or None.
relayed_at: float | None = None


def watch(engine: wasmtime.Engine, epochs: int = 1) -> None:
    """Advance ``engine``'s epoch by ``epochs`` (the largest asked for it) whenever SIGINT
    arrives (from now on)."""
    global _hooked
    with _lock:
        for index, (known, by) in enumerate(_engines):
            if known is engine:
                _engines[index] = (engine, max(by, epochs))
                return
        _engines.append((engine, epochs))
        if _hooked or not hasattr(faulthandler, "register"):
            return
        _hooked = True
    read, write = os.pipe()
    os.set_blocking(write, False)  # a full pipe drops the dump, never blocks the handler
    faulthandler.register(signal.SIGINT, file=write, all_threads=False, chain=True)
    threading.Thread(target=_relay, args=(read,), name="pywasm-sigint", daemon=True).start()


def interrupted_since(start: float) -> bool:
    """Whether a SIGINT was relayed at or after ``start`` (a time.monotonic())."""
    at = relayed_at
    return at is not None and at >= start


def _relay(read: int) -> None:
    global relayed, relayed_at
    while os.read(read, 1 << 16):
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            with _lock:
                relayed += 1
                relayed_at = time.monotonic()
                engines = list(_engines)
            for engine, epochs in engines:
                for _ in range(epochs):
                    engine.increment_epoch()
