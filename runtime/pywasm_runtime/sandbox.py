"""The guest's WASI view of the host: nothing, except its own stdout and stderr.

No preopened directories, no environment variables, no arguments, an empty stdin, and no
network (wasmtime's WASI denies sockets unless a host opts in; we never do). Output is forwarded
as it is written: to the host's current ``sys.stdout``/``sys.stderr`` (looked up per write, so
redirection and pytest's capture work), to a ``logging.Logger`` line by line, or dropped.

Output that cannot be written is dropped: a writer that raised into wasmtime-py would make it
return an error code that wasmtime's WASI stream takes for a byte count, and the host process
aborts (a Rust panic), e.g. under ``python app.py | head -2`` or with a ``sys.stdout`` that
raises. The guest's write succeeds either way; the host's own next write to that stream
fails as it would without the guest.

wasmtime calls the writers (and releases them) from its own tokio threads, possibly after the
guest call that wrote has returned. A tokio thread that enters Python once the interpreter is
finalizing is ended in a way Rust cannot unwind, and the process aborts; so at exit the runtime
closes the stores of idle instances and waits (at most :data:`DRAIN_AT_EXIT` seconds) until
wasmtime has released every writer (:func:`drain`).
"""

from __future__ import annotations

import codecs
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TextIO, TypeAlias

import wasmtime

if TYPE_CHECKING:
    import logging

#: Where guest output goes: "forward" (sys.stdout/sys.stderr), "discard", or a Logger.
Output: TypeAlias = 'Literal["forward", "discard"] | logging.Logger'


DRAIN_AT_EXIT = 2.0


class _Writers:
    """Writers wasmtime still holds, and how many are running."""

    alive = 0
    running = 0


def drain() -> None:
    """Wait until wasmtime has released every writer (their stores closed) or for
    :data:`DRAIN_AT_EXIT` seconds."""
    deadline = time.monotonic() + DRAIN_AT_EXIT
    while (_Writers.alive or _Writers.running) and time.monotonic() < deadline:
        time.sleep(0.005)


def wasi_config(output: Output) -> wasmtime.WasiConfig:
    config = wasmtime.WasiConfig()
    if output == "discard":
        return config  # unset streams are discarded
    config.stdout_custom = _writer(output, "stdout")
    config.stderr_custom = _writer(output, "stderr")
    return config


def _writer(output: Output, stream: Literal["stdout", "stderr"]) -> Callable[[bytes], None]:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    # Not imported here (~4 ms of every first call): a Logger exists only if its caller
    # imported logging already.
    logging = sys.modules.get("logging")
    if logging is not None and isinstance(output, logging.Logger):
        level = logging.INFO if stream == "stdout" else logging.WARNING
        pending = [""]

        def log(data: bytes) -> None:
            *lines, pending[0] = (pending[0] + decoder.decode(data)).split("\n")
            for line in lines:
                output.log(level, "guest %s: %s", stream, line)

        return _Guarded(log)

    def forward(data: bytes) -> None:
        target: TextIO | None = getattr(sys, stream)
        if target is None:  # pythonw, or closed by the application: nowhere to write
            return
        target.write(decoder.decode(data))
        target.flush()

    return _Guarded(forward)


class _Guarded:
    """A writer that never raises, counted in :class:`_Writers` while wasmtime holds it.

    Its release is counted by ``__del__`` (wasmtime drops its last reference when a store
    closes), not by ``weakref.finalize``: finalizers stop running once weakref's own exit
    hook has run, which comes before the runtime's, so :func:`drain` would wait its whole
    limit in every process that instantiated a component."""

    __slots__ = ("_write",)

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self._write = write
        _Writers.alive += 1

    def __call__(self, data: bytes) -> None:
        _Writers.running += 1
        try:
            self._write(data)
        except BaseException:  # cannot be written: dropped (see the module docstring)
            pass
        finally:
            _Writers.running -= 1

    def __del__(self) -> None:
        _Writers.alive -= 1
