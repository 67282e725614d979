"""Several threads on one instance and one instance per thread; a 10,000-call soak with faults
injected, checking that resident memory does not keep growing."""

from __future__ import annotations

import resource
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import pywasm_runtime as pr

IMPORTS = {"host": {"suffix": lambda n: "!" * n}}


def _run_threads(count: int, work: Callable[[int], None]) -> None:
    failures: list[BaseException] = []

    def guarded(index: int) -> None:
        try:
            work(index)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_threads_share_one_instance(rtshop_wasm: Path) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS)

    def work(index: int) -> None:
        for i in range(300):
            assert instance.echo.add(index, i) == index + i
            assert instance.echo.echo_string(f"{index}-{i}") == f"{index}-{i}"
        with pytest.raises(ValueError):
            instance.faults.raise_builtin("x")

    _run_threads(8, work)
    assert instance.faults.bump() == 1  # no trap happened on the way


def test_instance_per_thread(rtshop_wasm: Path) -> None:
    component = pr.load(rtshop_wasm)

    def work(index: int) -> None:
        instance = component.instantiate(imports=IMPORTS)
        assert [instance.faults.bump() for _ in range(50)] == list(range(1, 51))

    _run_threads(4, work)


def _rss_kb() -> int:
    with Path("/proc/self/statm").open() as f:
        return int(f.read().split()[1]) * resource.getpagesize() // 1024


def test_soak_with_faults(rtshop_wasm: Path) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS, limits=pr.Limits(timeout=5))
    echo, faults, counters = instance.echo, instance.faults, instance.counters

    def one(i: int) -> None:
        if i % 500 == 499:
            with pytest.raises(pr.Trap):
                faults.crash()  # a trap: the store is replaced
        elif i % 100 == 7:
            with pytest.raises(ValueError):
                faults.raise_builtin("injected")
        elif i % 100 == 8:
            with pytest.raises(OverflowError):
                echo.echo_u8(256)
        elif i % 10 == 3:
            with counters.Counter(i) as counter:
                assert counter.increment(1) == i + 1
        elif i % 10 == 5:
            assert echo.echo_bytes(b"x" * 1000) == b"x" * 1000
        else:
            assert echo.echo_string("soak" * 10) == "soak" * 10

    for i in range(2000):  # warm-up: allocators and caches reach their steady size
        one(i)
    warm = _rss_kb()
    for i in range(2000, 12000):
        one(i)
    grown = _rss_kb() - warm
    # 20 traps and 10,000 calls: keeping one discarded store (~20 MB) or a few KB per call
    # would exceed this; measured growth is about 1 MB.
    assert grown < 16 * 1024, f"RSS grew by {grown} KB over 10,000 calls"
