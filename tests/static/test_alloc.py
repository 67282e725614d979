"""The heap allocator (support/alloc.wat) through the module's ``cabi_realloc`` export, run in
wasmtime: blocks are aligned and disjoint, freed memory is reused, out of memory traps."""

from __future__ import annotations

from pathlib import Path

import pytest
import wasmtime
from hypothesis import given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends import static

from .harness import analyze

SOURCE = "def one() -> int:\n    return 1\n"


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    root: Path = tmp_path_factory.mktemp("alloc")
    return static.compile_core(analyze(root, "kern", SOURCE), {"kern": SOURCE})


class Heap:
    """A fresh instance of the core module; malloc and free through cabi_realloc."""

    def __init__(self, core: bytes, memory_limit: int | None = None) -> None:
        engine = wasmtime.Engine()
        self.store = wasmtime.Store(engine)
        if memory_limit is not None:
            self.store.set_limits(memory_size=memory_limit)
        instance = wasmtime.Instance(self.store, wasmtime.Module(engine, core), [])
        exports = instance.exports(self.store)
        self.realloc = exports["cabi_realloc"]
        self.memory = exports["memory"]

    def malloc(self, size: int) -> int:
        return self.realloc(self.store, 0, 0, 8, size)

    def free(self, ptr: int, size: int) -> None:
        self.realloc(self.store, ptr, size, 8, 0)

    def fill(self, ptr: int, size: int, byte: int) -> None:
        self.memory.write(self.store, bytes([byte]) * size, ptr)

    def holds(self, ptr: int, size: int, byte: int) -> bool:
        return self.memory.read(self.store, ptr, ptr + size) == bytes([byte]) * size

    @property
    def pages(self) -> int:
        return self.memory.size(self.store)


operations = st.lists(
    st.tuples(st.booleans(), st.integers(1, 5000), st.integers(0, 1000)), max_size=60
)


@settings(max_examples=40, deadline=None)
@given(ops=operations)
def test_blocks_are_aligned_disjoint_and_reused(
    core: bytes, ops: list[tuple[bool, int, int]]
) -> None:
    heap = Heap(core)
    for round_ in range(2):
        live: list[tuple[int, int, int]] = []  # (ptr, size, fill byte)
        for allocate, size, pick in ops:
            if allocate or not live:
                ptr = heap.malloc(size)
                assert ptr % 8 == 0 and ptr > 0
                byte = len(live) % 251 + 1
                heap.fill(ptr, size, byte)
                live.append((ptr, size, byte))
            else:
                ptr, size, _ = live.pop(pick % len(live))
                heap.free(ptr, size)
            assert all(heap.holds(*block) for block in live)
        for ptr, size, _ in live:
            heap.free(ptr, size)
        if round_ == 0:
            pages = heap.pages
    assert heap.pages == pages  # the second round reused the first round's memory


def test_a_long_lived_instance_does_not_grow(core: bytes) -> None:
    heap = Heap(core)
    sizes = [1, 7, 8, 9, 100, 1000, 4096, 70000, 3, 250]
    for round_ in range(300):
        blocks = [(heap.malloc(s), s) for s in sizes]
        for ptr, size in reversed(blocks):
            heap.free(ptr, size)
        if round_ == 0:
            pages = heap.pages
    assert heap.pages == pages


def test_realloc_keeps_the_contents(core: bytes) -> None:
    heap = Heap(core)
    ptr = heap.malloc(10)
    heap.memory.write(heap.store, b"0123456789", ptr)
    grown = heap.realloc(heap.store, ptr, 10, 8, 5000)
    assert heap.memory.read(heap.store, grown, grown + 10) == b"0123456789"
    assert heap.realloc(heap.store, grown, 5000, 8, 4000) == grown  # still fits its block


def test_empty_allocation_is_a_valid_aligned_pointer(core: bytes) -> None:
    heap = Heap(core)
    assert heap.realloc(heap.store, 0, 0, 4, 0) == 4


def test_out_of_memory_traps_instead_of_corrupting(core: bytes) -> None:
    heap = Heap(core, memory_limit=4 * 65536)
    assert heap.malloc(1000) > 0
    with pytest.raises(wasmtime.Trap, match="unreachable"):
        heap.malloc(10 * 65536)
