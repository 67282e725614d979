"""Packed bool lists (transform/packing.py): a ``list[bool]`` local that never leaves its function
holds one byte per item. Its displays, ``[b] * n``, indexing (negative too, IndexError), item
stores, appends (growth), ``len``, truth and iteration give CPython's answers; a bool list that
is passed, returned, sliced or compared stays 8 bytes per item and gives them too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends import static
from hatch_pywasm.backends.static.transform import packing

from .harness import Compiled

SOURCE = """
def sieve(limit: int) -> int:
    flags: list[bool] = []
    for _ in range(limit + 1):
        flags.append(True)
    count = 0
    for i in range(2, limit + 1):
        if flags[i]:
            count += 1
            j = i * i
            while j <= limit:
                flags[j] = False
                j += i
    return count


def repeated(n: int, stride: int, k: int) -> int:
    xs = [False] * n
    for i in range(0, n, stride):
        xs[i] = True
    total = 0
    for b in xs:
        if b:
            total += 1
    if xs:
        total += 1000
    return total * 10 + int(xs[k])


def displays(picks: list[int], k: int) -> int:
    ys = [True, False, True, True, False]
    ys[k] = not ys[k]
    total = 0
    for p in picks:
        if ys[p]:
            total += p + 1
    return total * 100 + len(ys)


def growing(bits: list[int]) -> int:
    xs: list[bool] = []
    for b in bits:
        xs.append(b % 3 == 0)
    seen = 0
    for x in xs:  # appends while iterating: the loop sees them, as CPython's
        seen += 1
        if x and len(xs) < 2 * len(bits):
            xs.append(False)
        if seen > 1000:
            break
    return seen * 1000 + len(xs)


def big_flags(n: int) -> int:
    flags = [False] * n
    flags[n // 2] = True
    count = 0
    for i in range(n):
        if flags[i]:
            count += i
    return count


def _count(xs: list[bool]) -> int:
    return sum(xs)


def big_flags_passed(n: int) -> int:
    flags = [False] * n
    flags[n // 2] = True
    return _count(flags)  # passed to a call: 8 bytes per item


def escaping(n: int) -> list[bool]:
    kept = [True] * n
    passed = [False] * n
    sliced = [True, False, n > 3]
    for i in range(0, n, 2):
        passed[i] = True
    return kept[: _count(passed)] + sliced[1:3] + [passed == kept]
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("passes_packed"), SOURCE)


def test_which_lists_are_packed(program: Compiled) -> None:
    sources = static.read_sources(program.source_root, program.component)
    (module, *_) = static.lower_component(program.component, sources)
    found = {fn.name: packing.packable(fn) for fn in module.functions}
    assert found["sieve"] == {"flags"}
    assert found["repeated"] == {"xs"}
    assert found["displays"] == {"ys"}
    assert found["growing"] == {"xs"}
    assert found["big_flags"] == {"flags"}
    assert found["escaping"] == found["big_flags_passed"] == set()  # passed, sliced, compared


@settings(max_examples=40, deadline=None)
@given(st.integers(-2, 400))
def test_sieve_as_cpython(program: Compiled, limit: int) -> None:
    program.check("sieve", limit)


@settings(max_examples=80, deadline=None)
@given(st.integers(-3, 70), st.integers(1, 9), st.integers(-80, 80))
def test_repeat_index_iterate_as_cpython(program: Compiled, n: int, stride: int, k: int) -> None:
    program.check("repeated", n, stride, k)  # IndexError when k is out of range


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-6, 5), max_size=8), st.integers(-7, 6))
def test_displays_as_cpython(program: Compiled, picks: list[int], k: int) -> None:
    program.check("displays", picks, k)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 100), max_size=300))
def test_appends_and_growth_as_cpython(program: Compiled, bits: list[int]) -> None:
    program.check("growing", bits)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 40))
def test_escaping_lists_as_cpython(program: Compiled, n: int) -> None:
    program.check("escaping", n)


def test_one_byte_per_item(program: Compiled) -> None:
    """1,500,000 packed flags fit under a 4 MiB memory limit; the same list passed to a call
    (8 bytes per item: 12 MB) does not."""
    assert program.limited("big_flags", 4 * 2**20)(1_500_000) == 750_000
    passed = program.limited("big_flags_passed", 4 * 2**20)(1_500_000)
    assert vars(passed)["type-name"] == "builtins.MemoryError"
    for n in (1, 7, 1000):
        program.check("big_flags", n)
        program.check("big_flags_passed", n)
