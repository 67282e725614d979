"""Running WASI command components (``wasi:cli/run``): ``run(path, args)`` -> exit status.

A command gets what a CLI program needs and nothing more: its arguments, stdin, stdout and
stderr, and only the directories the caller grants (no environment variables, no network).
The limits of :class:`~pywasm_runtime.limits.Limits` apply to the whole run (its timeout in
wall-clock time, also while the command waits in the host), and Ctrl-C interrupts it, through
the same engines, stores and call thread as a library component's calls; the compile cache is
the one of library components.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path

import wasmtime
from wasmtime import component as wc

from pywasm_runtime import engine as engines
from pywasm_runtime import sandbox
from pywasm_runtime.component import load
from pywasm_runtime.limits import CallThread, Limits, arm_call, call_failure, new_store

#: ``stdin="inherit"``: the host process's own standard input.
INHERIT = "inherit"


class NotACommand(ValueError):
    """The component does not export ``wasi:cli/run``."""


def run_export(component: wc.Component, engine: wasmtime.Engine) -> str:
    """The name of the component's ``wasi:cli/run@0.2.x`` export."""
    names = component.type.exports(engine)
    for name in names:
        if name.startswith("wasi:cli/run@"):
            return name
    raise NotACommand(
        "not a WASI command: it exports no wasi:cli/run (it exports "
        f'{sorted(names) or "nothing"}); build it with `command = "pkg.cli:main"`'
    )


def run(
    path: str | Path,
    args: Sequence[str] = (),
    *,
    stdin: bytes | str = b"",
    dirs: Mapping[str, str | Path] | None = None,
    limits: Limits | None = None,
    output: sandbox.Output = "forward",
) -> int:
    """Runs the command in ``path`` with ``args`` (argv[0] is the file's name); returns its exit
    status (0 or 1: WASI 0.2's ``run`` reports success or failure).

    ``stdin``: bytes to read, or ``"inherit"`` for this process's stdin. ``dirs`` maps a guest
    path (``"/data"``) to the host directory it opens; nothing else of the file system is
    visible. Limits exceeded raise :class:`~pywasm_runtime.Trap` subclasses, as for calls."""
    limits = limits or Limits()
    component = load(path)
    settings = engines.EngineSettings.for_limits(limits)  # as an instance's: Ctrl-C included
    engine, compiled = component.compiled(settings)
    export = run_export(compiled, engine.wasmtime)
    linker = wc.Linker(engine.wasmtime)
    linker.add_wasip2()
    store = new_store(engine.wasmtime, limits, epoch=settings.epoch)
    #: A timed run runs in a call thread, so that its timeout holds while it waits in the host.
    thread = None
    if limits.timeout is not None:
        engine.ticker.ensure_running(limits)
        thread = CallThread()
    with _stdin_file(stdin) as stdin_path:
        config = sandbox.wasi_config(output)
        config.argv = [Path(path).name, *args]
        config.stdin_file = stdin_path
        for guest, host in (dirs or {}).items():
            if not Path(host).is_dir():
                raise NotADirectoryError(f"{host}: granted as {guest}, but not a directory")
            config.preopen_dir(str(host), guest)
        store.set_wasi(config)
        try:
            instance = linker.instantiate(store, compiled)
            func = instance.get_func(
                store, compiled.get_export_index("run", compiled.get_export_index(export))
            )
            assert func is not None, export
            arm_call(store, limits, epoch=settings.epoch)
            if thread is None:
                result = func(store)
            else:
                assert limits.timeout is not None
                result = thread.run_within(partial(func, store), limits.timeout, store.close)
        except wasmtime.ExitTrap as exc:  # the guest called wasi:cli/exit
            return exc.code
        except wasmtime.WasmtimeError as exc:
            raise call_failure(str(exc), limits) from None
        finally:
            if thread is None or not thread.abandoned:  # else the thread closes it
                store.close()
    return 0 if getattr(result, "tag", "ok") == "ok" else 1


@contextlib.contextmanager
def _stdin_file(stdin: bytes | str) -> Iterator[str]:
    """wasmtime reads a guest's stdin from a file: bytes go through a temporary one."""
    if stdin == INHERIT:
        # The path, not wasmtime's inherit_stdin: that one reads from a thread of its own,
        # which panics at exit when the guest left stdin unread.
        yield "/dev/stdin"
        return
    if isinstance(stdin, str):
        raise TypeError(f'stdin must be bytes or "inherit", got {stdin!r}')
    fd, name = tempfile.mkstemp(prefix="pywasm-stdin-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(stdin)
        yield name
    finally:
        Path(name).unlink()
