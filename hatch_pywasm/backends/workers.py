"""Builds in worker processes that end with the build: each job runs in a plain child process
(``python -c`` with this process's ``sys.path``), its result comes back in a file. A build
that is interrupted (Ctrl-C, SIGTERM, an error) kills every worker it started and waits for
them, so no worker (~400 MB each) outlives it; no multiprocessing machinery (pool, resource
tracker) is involved that could be left behind."""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: How often the parent looks whether a worker has finished.
POLL_SECONDS = 0.05

_WORKER = (
    "import pickle, sys\n"
    "sys.path[:] = pickle.loads(bytes.fromhex(sys.argv[1]))\n"
    "from hatch_pywasm.backends.workers import work\n"
    "work(sys.argv[2], int(sys.argv[3]))\n"
)
#: prctl's option that sends the caller a signal when its parent ends (Linux).
PR_SET_PDEATHSIG = 1


def work(folder: str, parent: int) -> None:
    """The worker's side: run the call pickled in ``folder/call``; pickle its result (or the
    exception it raised) into ``folder/result``. Ends with its ``parent`` however that ends
    (even by SIGKILL, which leaves no chance to clean up), where the system allows."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before prctl took effect
        return
    call, args = pickle.loads(Path(folder, "call").read_bytes())
    try:
        outcome: tuple[bool, Any] = (True, call(*args))
    except Exception as exc:  # reported to the parent, which raises it
        outcome = (False, exc)
    try:
        data = pickle.dumps(outcome)
    except Exception as exc:  # an exception that cannot travel: its text does
        data = pickle.dumps((False, WorkerError(f"{type(exc).__name__}: {exc}")))
    Path(folder, "result").write_bytes(data)


class WorkerError(RuntimeError):
    """A worker process ended without a result."""


@dataclass(eq=False)
class Worker:
    process: subprocess.Popen[bytes]
    folder: Path

    def result(self) -> Any:
        """The call's result; raises what the call raised, or WorkerError when the worker
        ended without one (killed, out of memory)."""
        try:
            ok, value = pickle.loads((self.folder / "result").read_bytes())
        except FileNotFoundError:
            code = self.process.returncode
            message = f"its worker process ended without a result (exit code {code})"
            raise WorkerError(message) from None
        if not ok:
            raise value
        return value


@contextmanager
def worker_processes() -> Iterator[Callable[..., Worker]]:
    """``start(call, *args)`` runs ``call(*args)`` in a new worker process; on leaving the block
    (normally or not) every worker still running is killed and waited for."""
    started: list[Worker] = []
    with tempfile.TemporaryDirectory(prefix="pywasm-workers-") as tmp:

        def start(call: Callable[..., Any], *args: Any) -> Worker:
            folder = Path(tmp, str(len(started)))
            folder.mkdir()
            (folder / "call").write_bytes(pickle.dumps((call, args)))
            path = pickle.dumps(sys.path).hex()
            command = [sys.executable, "-c", _WORKER, path, str(folder), str(os.getpid())]
            process = subprocess.Popen(command)
            started.append(worker := Worker(process, folder))
            return worker

        try:
            yield start
        finally:
            for worker in started:
                if worker.process.poll() is None:
                    worker.process.kill()
            for worker in started:
                worker.process.wait()


def wait_any(running: list[Worker], timeout: float) -> list[Worker]:
    """The workers of ``running`` that have ended, waiting up to ``timeout`` for one."""
    deadline = time.monotonic() + timeout
    while True:
        done = [w for w in running if w.process.poll() is not None]
        if done or time.monotonic() >= deadline:
            return done
        time.sleep(POLL_SECONDS)
