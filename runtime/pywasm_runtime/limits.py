"""Per-instance limits, and the clock that enforces timeouts.

``timeout`` and ``fuel`` apply to each call; ``memory`` bounds the instance's linear memory.
A timeout is enforced with wasmtime's epoch interruption: one daemon thread per engine advances
the epoch every :data:`TICK` seconds, and each call sets its deadline in ticks. An idle process
pays one wake-up per tick while any timed instance exists.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import wasmtime

#: Epoch tick, seconds: the granularity of timeouts.
TICK = 0.01
#: A deadline no call reaches, for instantiation (its start code is not a call): a store's
#: default deadline (0) would interrupt at once.
NO_DEADLINE = 1 << 62


@dataclass(frozen=True)
class Limits:
    """Limits of one instance; ``None`` means unlimited.

    timeout: seconds of wall-clock time per call (raises ``Timeout``).
    fuel: wasmtime fuel units per call, roughly one per wasm instruction (raises ``OutOfFuel``).
    memory: bytes of linear memory for the instance (raises ``MemoryLimitExceeded``);
        a componentize-py component needs about 13 MB just to start.
    """

    timeout: float | None = None
    fuel: int | None = None
    memory: int | None = None

    def __post_init__(self) -> None:
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


class EpochTicker:
    """Advances an engine's epoch every TICK seconds from a daemon thread, once started."""

    def __init__(self, engine: wasmtime.Engine) -> None:
        self._engine = engine
        self._started = False
        #: Ticks so far (after each increment): lets a caller re-arm a deadline once a tick.
        self.ticks = 0
        self._lock = threading.Lock()

    def ensure_running(self) -> None:
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
