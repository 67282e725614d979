"""list.pop/insert/remove/index/count/reverse/clear/copy/extend with CPython's results and
errors (IndexError "pop from empty list" / "pop index out of range", ValueError of remove and
index): differential tests against CPython with hypothesis inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def popped(xs: list[int], i: int) -> tuple[int, int, list[int]]:
    last = xs.pop()
    at = xs.pop(i)
    return last, at, xs


def inserted(xs: list[str], i: int, x: str) -> list[str]:
    xs.insert(i, x)
    xs.insert(-1, x + x)
    return xs


def removed(xs: list[int], x: int) -> list[int]:
    xs.remove(x)
    return xs


def found(xs: list[str], x: str) -> int:
    return xs.index(x)


def counted(xs: list[float], x: float) -> int:
    return xs.count(x)


def reshaped(xs: list[int], ys: list[int]) -> tuple[list[int], list[int], list[int]]:
    copy = xs.copy()
    copy.reverse()
    xs.extend(ys)
    ys.clear()
    ys.extend(copy)
    return copy, xs, ys


def flags(xs: list[bool]) -> tuple[bool, int]:
    xs.reverse()
    first = xs.pop(0)
    return first, xs.count(True)
"""

small = st.integers(-4, 4)
ints = st.lists(small, max_size=6)
texts = st.lists(st.sampled_from(["a", "b", "é", ""]), max_size=5)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("list_methods"), SOURCE)


@given(xs=ints, i=st.integers(-8, 8), ys=ints)
def test_pop_remove_reshape(program: Compiled, xs: list[int], i: int, ys: list[int]) -> None:
    program.check("popped", list(xs), i)  # both IndexError messages
    program.check("removed", list(xs), i)  # ValueError when absent
    program.check("reshaped", list(xs), list(ys))


@given(xs=texts, i=st.integers(-8, 8), x=st.sampled_from(["a", "z", "'"]))
def test_insert_and_index(program: Compiled, xs: list[str], i: int, x: str) -> None:
    program.check("inserted", list(xs), i, x)
    program.check("found", list(xs), x)  # ValueError "'z' is not in list"


@given(xs=st.lists(st.sampled_from([0.0, -0.0, 1.5, float("inf")]), max_size=6),
       x=st.sampled_from([0.0, 1.5, 2.0]), flags=st.lists(st.booleans(), max_size=5))  # fmt: skip
def test_count_and_bools(program: Compiled, xs: list[float], x: float, flags: list[bool]):
    program.check("counted", xs, x)  # -0.0 == 0.0
    program.check("flags", flags)
