"""``bytes`` across the boundary at the sizes wasmtime-py 50 allows (issue 14, item 12).

A ``bytes`` result of about 4 MiB or more cannot come back from a guest: wasmtime lifts what the
guest hands the host against a budget of 128 MiB of host values per call, a ``list<u8>`` costs
32 of them per byte, and wasmtime-py 50.0.1's C API can neither raise the budget nor lift a byte
list whole. The runtime says so in words (not wasmtime's "fuel allocated for hostcalls") and the
instance goes on with a fresh store. Going in there is no budget, so 4 MiB arguments work. Sizes
past that are measured in the runtime README, not run here: going in costs ~64 bytes of host
memory per byte (16 MiB: ~1.4 GB RSS).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import pywasm_runtime as pr
from pywasm_runtime.errors import HOSTCALL_BUDGET_MESSAGE

IMPORTS = {"host": {"suffix": str}}
MIB = 1 << 20


@pytest.fixture(scope="module")
def instance(rtshop_wasm: Path) -> pr.Instance:
    return pr.load(rtshop_wasm).instantiate(imports=IMPORTS)


@pytest.mark.parametrize("size", [0, 1, 256, MIB])
def test_bytes_round_trip_equal(instance: pr.Instance, size: int) -> None:
    data = bytes(i % 256 for i in range(size))  # every byte value
    back = instance.echo.echo_bytes(data)
    assert (type(back), back) == (bytes, data)
    assert instance.faults.swallow(data) == size


def test_four_mib_go_in(instance: pr.Instance) -> None:
    assert instance.faults.swallow(bytes(range(256)) * (4 * MIB // 256)) == 4 * MIB


def test_a_result_over_the_budget_is_a_clear_error(instance: pr.Instance) -> None:
    with pytest.raises(pr.Trap) as caught:
        instance.echo.echo_bytes(b"\xff" * (4 * MIB))
    assert str(caught.value) == HOSTCALL_BUDGET_MESSAGE
    assert "fuel allocated for hostcalls" in caught.value.detail  # wasmtime's own words kept
    assert instance.echo.echo_bytes(b"after") == b"after"  # a fresh store
