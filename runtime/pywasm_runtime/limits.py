"""Per-instance limits, and the clock and thread that enforce timeouts.

``timeout`` and ``fuel`` apply to each call; ``memory`` bounds the instance's linear memory
(:data:`DEFAULT_MEMORY` unless raised, or removed with ``memory=None``). A timeout is enforced
with wasmtime's epoch interruption: one daemon thread per engine advances the epoch every
:data:`TICK` seconds, and each call sets its deadline in ticks. An idle process pays one
wake-up per tick while any timed instance exists.

Epoch checks run only in guest code. A guest waiting in the host (``time.sleep``, a WASI poll)
never reaches one, so a timed call of a guest that imports functions (WASI, host functions)
runs in a :class:`CallThread` and its caller stops waiting at the deadline: the call raises
``Timeout`` in wall-clock time whatever the guest waits on. The hand-over to that thread and
back is most of such a call's cost (two cross-thread wake-ups). A guest that imports no function
cannot wait in the host: its timed calls run in the caller's thread (as on the fast path).
"""

from __future__ import annotations

import contextvars
import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import wasmtime

from pywasm_runtime import errors, interrupts

#: Epoch tick, seconds: the granularity of timeouts.
TICK = 0.01
#: A deadline no call reaches, for instantiation (its start code is not a call): a store's
#: default deadline (0) would interrupt at once.
NO_DEADLINE = 1 << 62
#: Bytes of linear memory an instance may use unless its Limits say otherwise: ample for
#: componentize-py guests (~13 MB to start), while a runaway guest stops at 1 GiB instead of
#: growing the host to wasm32's 4 GiB.
DEFAULT_MEMORY = 1 << 30
#: How long past its timeout a caller waits for a call that is not interrupted (the guest is
#: waiting in the host) before giving up on it. The epoch trap itself comes within 2 ticks,
#: but a loaded machine may not run the call's thread for a while: giving up too early would
#: report a busy guest as a waiting one.
GRACE = 1.0


@dataclass(frozen=True)
class Limits:
    """Limits of one instance; ``None`` means unlimited.

    timeout: seconds of wall-clock time per call (raises ``Timeout``), also while the guest
        waits in the host (a sleep).
    fuel: wasmtime fuel units per call, roughly one per wasm instruction (raises ``OutOfFuel``).
    memory: bytes of linear memory for the instance (raises ``MemoryLimitExceeded``), 1 GiB
        unless given; a componentize-py component needs about 13 MB just to start.
    interrupt: Ctrl-C (SIGINT) interrupts a guest call (raising ``KeyboardInterrupt``). Its
        epoch checks slow guest code down (measured in bench/); ``False`` gives an engine
        without them, where a guest in an endless loop can only be killed.
    """

    timeout: float | None = None
    fuel: int | None = None
    memory: int | None = DEFAULT_MEMORY
    interrupt: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.interrupt, bool):
            raise TypeError(f"Limits.interrupt must be True or False, got {self.interrupt!r}")
        for name in ("timeout", "fuel", "memory"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"Limits.{name} must be a number or None, got {value!r}")
            if name != "timeout" and not isinstance(value, int):
                raise TypeError(f"Limits.{name} must be an int (units), got {value!r}")
            if not value > 0 or (name == "timeout" and math.isinf(value)):
                raise ValueError(f"Limits.{name} must be positive and finite, got {value!r}")

    @property
    def ticks(self) -> int:
        """The epoch deadline of one call (only engines of instances with a timeout have
        epoch interruption)."""
        assert self.timeout is not None
        # +1: the first tick may come at once, so n ticks guarantee only (n-1)*TICK seconds.
        return math.ceil(self.timeout / TICK) + 1


def new_store(engine: wasmtime.Engine, limits: Limits, *, epoch: bool) -> wasmtime.Store:
    """A store of ``engine`` (``epoch``: it has epoch interruption) with the memory limit set,
    ready to instantiate: instantiation runs the guest's start code, which is not a call, so it
    is neither metered nor given a deadline; :func:`arm_call` sets those before each call."""
    store = wasmtime.Store(engine)
    if epoch:
        store.set_epoch_deadline(NO_DEADLINE)
    if limits.memory is not None:
        store.set_limits(memory_size=limits.memory)
    if limits.fuel is not None:
        store.set_fuel(1 << 62)  # more than any start code uses
    return store


def arm_call(store: wasmtime.Store, limits: Limits, *, epoch: bool) -> None:
    """Before a call: its fuel, and its epoch deadline (the timeout's ticks; else, in an
    interruptible engine, the next SIGINT, see interrupts.py)."""
    if limits.timeout is not None:
        store.set_epoch_deadline(limits.ticks)
    elif epoch:
        store.set_epoch_deadline(1)
    if limits.fuel is not None:
        store.set_fuel(limits.fuel)


def call_failure(detail: str, limits: Limits) -> BaseException:
    """What a guest call that failed in wasmtime with ``detail`` raises under ``limits``.

    An interrupt without a timeout can only be the epoch advanced by SIGINT (interrupts.py):
    the program's own ``KeyboardInterrupt``. With a timeout, it is that too if a SIGINT was
    relayed within the last ``timeout`` seconds: a call that reached its deadline has run at
    least that long, so such a SIGINT came during the call and advanced the epoch past it.
    Anything else is the runtime's trap class for it.
    """
    if "interrupt" in detail and (
        limits.timeout is None or interrupts.interrupted_since(time.monotonic() - limits.timeout)
    ):
        return KeyboardInterrupt("the guest call was interrupted (SIGINT)")
    return errors.trap_from_wasmtime(detail, memory_limited=limits.memory is not None)


def memory_limit_error(limits: Limits) -> errors.MemoryLimitExceeded | None:
    """What a ``MemoryError`` while lifting a call's result becomes: the memory limit was hit
    (the guest could not allocate the result), or ``None`` (no limit: the host ran out)."""
    if limits.memory is None:
        return None
    return errors.MemoryLimitExceeded(
        f"the guest exceeded its memory limit of {limits.memory} bytes (Limits.memory)"
    )


class EpochTicker:
    """Advances an engine's epoch every TICK seconds from a daemon thread, once started."""

    def __init__(self, engine: wasmtime.Engine) -> None:
        self._engine = engine
        self._started = False
        #: Ticks so far (after each increment): lets a caller re-arm a deadline once a tick.
        self.ticks = 0
        self._lock = threading.Lock()

    def ensure_running(self, limits: Limits) -> None:
        """Start ticking (for an instance with ``limits``, which have a timeout); a SIGINT
        then advances the epoch past its deadlines at once (interrupts.watch)."""
        assert limits.timeout is not None
        interrupts.watch(self._engine, epochs=limits.ticks + 3)  # + the fast path's extra tick
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, name="pywasm-epoch", daemon=True).start()

    def _run(self) -> None:
        stop = threading.Event()  # never set: the thread lives as long as the process
        while not stop.wait(TICK):
            self._engine.increment_epoch()
            self.ticks += 1


class StuckCall(Exception):
    """The call did not come back by its deadline: the guest is waiting in the host."""


class CallThread:
    """Runs one instance's timed calls in a daemon thread, so that the caller can stop waiting
    at the deadline (:class:`StuckCall`) or on Ctrl-C while the guest waits in the host.

    A call given up on keeps the thread (and the store it runs in) until the guest's wait ends;
    its epoch deadline has passed by then, so the guest traps at its next check. The thread
    then runs the cleanup given to :meth:`abandon` and ends; the instance uses a new one."""

    def __init__(self) -> None:
        #: The running call was given up on: the thread is ending, use another one.
        self.abandoned = False
        self._jobs: queue.SimpleQueue[Callable[[], Any] | None] = queue.SimpleQueue()
        self._results: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
        # The thread holds the queues, not this object: dropping it ends the thread (__del__).
        threading.Thread(
            target=_serve, args=(self._jobs, self._results), name="pywasm-call", daemon=True
        ).start()

    def __del__(self) -> None:
        self._jobs.put(None)

    def run(self, call: Callable[[], Any], timeout: float) -> Any:
        """``call()`` in the thread, in the caller's context (host imports see its contextvars);
        raises what it raised, or StuckCall after ``timeout`` seconds."""
        context = contextvars.copy_context()
        self._jobs.put(lambda: context.run(call))
        try:
            ok, value = self._results.get(timeout=timeout)
        except queue.Empty:
            raise StuckCall from None
        if ok:
            return value
        raise value

    def run_within(
        self, call: Callable[[], Any], timeout: float, cleanup: Callable[[], None]
    ) -> Any:
        """``call()`` in the thread, as :meth:`run`, given up on after ``timeout`` (+ GRACE)
        seconds or on Ctrl-C: then the thread is :attr:`abandoned` (``cleanup`` runs once the
        call returns) and ``Timeout`` or the ``KeyboardInterrupt`` is raised."""
        try:
            return self.run(call, timeout + GRACE)
        except (StuckCall, KeyboardInterrupt) as exc:
            self.abandon(cleanup)
            if isinstance(exc, KeyboardInterrupt):
                raise
            raise errors.Timeout(
                f"the guest call exceeded its time limit of {timeout} s "
                "(Limits.timeout) while waiting in the host (a sleep or a poll)"
            ) from None

    def abandon(self, cleanup: Callable[[], None]) -> None:
        """Give up on the running call: ``cleanup`` runs once it returns, then the thread ends."""
        self.abandoned = True
        self._jobs.put(cleanup)
        self._jobs.put(None)


def _serve(
    jobs: queue.SimpleQueue[Callable[[], Any] | None], results: queue.SimpleQueue[tuple[bool, Any]]
) -> None:
    while (job := jobs.get()) is not None:
        try:
            results.put((True, job()))
        except BaseException as exc:  # the caller's to raise
            results.put((False, exc))
