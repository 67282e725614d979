"""Limits that limit: a timeout holds in wall-clock time while the guest sleeps, Ctrl-C stops
a guest in an endless loop, and an instance has a memory limit unless one removes it, and
gives the memory back when it is replaced."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
import pywasm_runtime as pr
from pywasm_runtime import limits

IMPORTS = {"host": {"suffix": str}}


def test_timeout_holds_while_the_guest_sleeps(rtshop_wasm: Path) -> None:
    # 2 s: room for a loaded machine's stalls in the calls that must not time out
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS, limits=pr.Limits(timeout=2))
    assert instance.faults.bump() == 1
    start = time.monotonic()
    with pytest.raises(pr.Timeout, match=r"Limits\.timeout\) while waiting in the host"):
        instance.faults.nap(30.0)
    waited = time.monotonic() - start
    assert waited < 10, f"Timeout after {waited:.1f} s of a 30 s sleep"  # not the sleep's end
    assert instance.faults.bump() == 1  # a fresh store: the sleeping one was given up
    instance.faults.nap(0.01)  # short sleeps still fine
    with pytest.raises(pr.Timeout):
        instance.faults.spin()  # and a busy guest is stopped, as before


def test_timed_calls_see_the_callers_context(rtshop_wasm: Path) -> None:
    """Timed calls run in a thread of their own: host imports still see the caller's
    contextvars."""
    import contextvars

    level: contextvars.ContextVar[str] = contextvars.ContextVar("level")
    instance = pr.load(rtshop_wasm).instantiate(
        imports={"host": {"suffix": lambda n: level.get() * n}}, limits=pr.Limits(timeout=5)
    )
    level.set("+")
    assert instance.faults.shout("ab") == "AB++"


#: The host of the Ctrl-C test: a guest in ``while True: pass``, with no limits given.
SPINNER = textwrap.dedent(
    """
    import sys, time
    import pywasm_runtime as pr

    faults = pr.load(sys.argv[1]).instantiate(imports={"host": {"suffix": str}}).faults
    faults.bump()
    print("spinning", flush=True)
    try:
        faults.spin()
    except KeyboardInterrupt:
        print(f"interrupted {time.monotonic()!r}", flush=True)
    print(f"after {faults.bump()}", flush=True)  # a fresh store: module state reset
    """
)


def test_ctrl_c_interrupts_an_endless_guest_loop(rtshop_wasm: Path, ctrl_c: Any) -> None:
    after, latency = ctrl_c(SPINNER, str(rtshop_wasm))
    assert after == ["after 1"]
    assert latency < 1.0, f"KeyboardInterrupt {latency:.2f} s after SIGINT"


def test_interrupt_checks_can_be_left_out(rtshop_wasm: Path) -> None:
    """``interrupt=False``: the engine without epoch checks (a guest loop is then unstoppable:
    not run here)."""
    component = pr.load(rtshop_wasm)
    checked = component.instantiate(imports=IMPORTS)
    unchecked = component.instantiate(imports=IMPORTS, limits=pr.Limits(interrupt=False))
    assert checked._engine.settings.epoch and not unchecked._engine.settings.epoch
    assert unchecked.echo.add(2, 3) == 5
    with pytest.raises(TypeError, match=r"Limits\.interrupt"):
        pr.Limits(interrupt=1)  # type: ignore[arg-type]


def _rss_mb() -> float:
    with Path("/proc/self/statm").open() as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def test_default_memory_limit(rtshop_wasm: Path) -> None:
    assert pr.Limits().memory == limits.DEFAULT_MEMORY == 1 << 30
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS)
    with pytest.raises(pr.MemoryLimitExceeded, match=f"limit of {1 << 30} bytes"):
        instance.faults.hog(1100)  # MB: over the default limit
    assert instance.faults.hog(1) == 1  # replaced, and usable
    assert pr.Limits(memory=None).memory is None  # removed on request


def test_memory_returned_when_the_instance_is_replaced(rtshop_wasm: Path) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS)
    instance.faults.hog(1)
    before = _rss_mb()
    instance.faults.hog(400)
    grown = _rss_mb()
    assert grown - before > 300, (before, grown)
    with pytest.raises(pr.Trap):
        instance.faults.crash()  # the store goes, with its 400 MB
    after = _rss_mb()
    assert after - before < 100, (before, grown, after)
