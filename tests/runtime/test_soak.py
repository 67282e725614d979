"""The fault-injection soak (``pytest -m long``): 100,000 calls from 8 threads mixing good
calls, guest exceptions, traps, timeouts and fuel exhaustion, every result checked, resident
memory sampled. Prints calls per second and RSS growth (the figures in runtime/README.md)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import pywasm_runtime as pr
from pywasm_runtime import engine

pytestmark = pytest.mark.long

THREADS = 8
CALLS = 100_000
IMPORTS = {"host": {"suffix": lambda n: "!" * n}}


def _rss_mb() -> float:
    with Path("/proc/self/statm").open() as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def _worker(component: pr.Component, index: int, calls: int, counts: dict[str, int]) -> None:
    """One thread's share; each thread its own instances (a store is single-threaded)."""
    plain = component.instantiate(imports=IMPORTS, output="discard")  # crash() prints a lot
    timed = component.instantiate(imports=IMPORTS, limits=pr.Limits(timeout=0.05))
    fueled = component.instantiate(imports=IMPORTS, limits=pr.Limits(fuel=20_000_000))
    payload = bytes(range(256)) * 4
    for i in range(calls):
        kind = i % 1000
        if kind == 999:
            with pytest.raises(pr.Timeout):
                timed.faults.spin()
            outcome = "timeout"
        elif kind == 998:
            with pytest.raises(pr.OutOfFuel):
                fueled.faults.spin()
            outcome = "out of fuel"
        elif kind % 200 == 17:
            with pytest.raises(pr.Trap, match="unreachable"):
                plain.faults.crash()
            outcome = "trap"
        elif kind % 50 == 3:
            with pytest.raises(ValueError) as caught:
                plain.faults.raise_builtin(f"bad {i}")
            assert str(caught.value) == f"bad {i}"
            outcome = "guest exception"
        elif kind % 10 == 1:
            assert plain.echo.echo_bytes(payload) == payload
            outcome = "good"
        elif kind % 10 == 2:
            assert timed.echo.echo_string(f"t{i}") == f"t{i}"
            outcome = "good"
        elif kind % 10 == 4:
            assert fueled.faults.shout("ab") == "AB!!"
            outcome = "good"
        else:
            assert plain.echo.add(i, index) == i + index
            outcome = "good"
        counts[outcome] = counts.get(outcome, 0) + 1


def test_fault_injection_soak(rtshop_wasm: Path) -> None:
    component = pr.load(rtshop_wasm)
    for limits in (None, pr.Limits(timeout=1), pr.Limits(fuel=1)):  # compiled before timing
        component.compiled(engine.EngineSettings.for_limits(limits or pr.Limits()))
    per_thread = CALLS // THREADS
    counts = [dict[str, int]() for _ in range(THREADS)]
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            _worker(component, index, per_thread, counts[index])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    rss = [_rss_mb()]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        rss.append(_rss_mb())
    elapsed = time.perf_counter() - start
    assert failures == [], failures[:3]
    total: dict[str, int] = {}
    for c in counts:
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
    assert sum(total.values()) == CALLS
    # RSS: growth after the first tenth of the run (allocators and caches at their size)
    warm = rss[max(1, len(rss) // 10)]
    print(
        f"\nsoak: {CALLS} calls from {THREADS} threads in {elapsed:.1f} s "
        f"({CALLS / elapsed:.0f} calls/s); outcomes {total}; RSS start {rss[0]:.0f} MB, "
        f"warm {warm:.0f} MB, peak {max(rss):.0f} MB, end {rss[-1]:.0f} MB "
        f"(growth after warm-up {rss[-1] - warm:+.0f} MB)"
    )
    assert rss[-1] - warm < 64, rss
