"""Guest memory over many calls carrying bytes, measured by wasmtime's own memory limit.

componentize-py 0.25 frees the ``list<u8>`` arguments its guest receives but never the ones the
guest hands back (results, host-import arguments): an upstream leak that the runtime bounds by
replacing the store (instance.LEAKED_BYTES_BOUND). The rtshop instance needs 13.5-14 MiB to
start, so under a 15 MiB limit about 3 MiB of leaked bytes trap it (measured: unbounded, the
49th 64 KiB echo_bytes call traps). Each test moves more than that through the guest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pywasm_runtime as pr
from pywasm_runtime import instance as instance_module

IMPORTS = {"host": {"suffix": lambda n: "!" * n}}
LIMITS = pr.Limits(memory=15 << 20)
CHUNK = 64 << 10
CALLS = 256  # 16 MiB in all: five times what the limit leaves room for


@pytest.fixture
def small_bound(monkeypatch: pytest.MonkeyPatch) -> int:
    bound = 256 << 10
    monkeypatch.setattr(instance_module, "LEAKED_BYTES_BOUND", bound)
    return bound


def test_bytes_arguments_are_freed(rtshop_wasm: Path, small_bound: int) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS, limits=LIMITS)
    faults = instance.faults
    assert faults.bump() == 1
    payload = b"x" * CHUNK
    for _ in range(CALLS):
        assert faults.swallow(payload) == CHUNK
    assert faults.bump() == 2  # one store all along: nothing trapped, nothing was replaced


def test_leaked_bytes_results_stay_within_the_limit(rtshop_wasm: Path, small_bound: int) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS, limits=LIMITS)
    echo, faults = instance.echo, instance.faults
    payload = b"y" * CHUNK
    for i in range(CALLS):
        if i == 2:
            assert faults.bump() == 1
        assert echo.echo_bytes(payload) == payload
    # The store was replaced on the way (after small_bound leaked bytes), so module state
    # started again, as after a trap.
    assert faults.bump() <= small_bound // CHUNK + 1


def test_an_open_resource_keeps_its_store(rtshop_wasm: Path, small_bound: int) -> None:
    instance = pr.load(rtshop_wasm).instantiate(imports=IMPORTS, limits=LIMITS)
    echo, faults = instance.echo, instance.faults
    payload = b"r" * CHUNK
    with instance.counters.Counter(5) as counter:
        for _ in range(2 * small_bound // CHUNK):  # past the bound, within the limit
            echo.echo_bytes(payload)
        assert counter.increment(1) == 6  # not voided: the store was kept for it
        assert faults.bump() == 1
    echo.echo_bytes(payload)  # closed now: the store goes before this call
    assert faults.bump() == 1
