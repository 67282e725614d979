"""``Iterator[T]`` parameters of exports: the host's iterator is consumed by its first loop, the
compiled function gets a list, so the subset takes one only where the two agree (read once,
outside loops, by a for, a comprehension or a consuming builtin); every other use is a
SubsetError at file:line, and backend "auto" falls back."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
from collections.abc import Iterator


def total(values: Iterator[int]) -> int:
    return sum(values)


def evens(values: Iterator[int], k: int) -> list[int]:
    if k > 0:
        return [v for v in values if v % 2 == 0]
    return []


def first_big(values: Iterator[int], limit: int) -> int:
    for v in values:
        if v > limit:
            return v
    return -1
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("iterators"), SOURCE)


@settings(deadline=None)
@given(xs=st.lists(st.integers(-9, 9), max_size=8), k=st.integers(-1, 1))
def test_read_once(program: Compiled, xs: list[int], k: int) -> None:
    for name, args in [("total", (xs,)), ("evens", (xs, k)), ("first_big", (xs, k))]:
        got = program.call(name, *args)
        expected = program.reference(name, iter(args[0]), *args[1:])
        assert got == expected, (name, args, got, expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(values: Iterator[int]) -> int:\n    n = 0\n    for v in values:\n"
            "        n += v\n    for v in values:\n        n += v\n    return n\n",
            "kern.py:7: the Iterator parameter 'values' read more than once (lines 5, 7)",
        ),
        (
            "def f(values: Iterator[int]) -> int:\n    n = 0\n    for _ in range(2):\n"
            "        n += sum(values)\n    return n\n",
            "kern.py:6: the Iterator parameter 'values' read other than by one for loop",
        ),
        (
            "def f(values: Iterator[int]) -> int:\n    return len(values)\n",
            "kern.py:4: the Iterator parameter 'values' read other than by one for loop",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    text = "from collections.abc import Iterator\n\n" + textwrap.dedent(source)
    assert rejection(tmp_path, text).startswith(expected)
