"""Generator expressions consumed by sum/min/max/list (as the list comprehension: consumed
whole, they give the same values and errors) and by any/all (stopping at the first item that
decides: a later item that would raise is never computed, as in CPython)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def count_passing(scores: list[int], mark: int) -> int:
    return sum(1 for s in scores if s >= mark)


def spread(xs: list[int]) -> int:
    return max(x * 2 for x in xs) - min(x for x in xs if x % 2 == 0)


def any_divides(xs: list[int], n: int) -> bool:
    return any(n % x == 0 for x in xs)


def all_below(xs: list[int], limit: int) -> bool:
    return all(100 // x < limit for x in xs)


def squares(n: int) -> list[int]:
    return list(i * i for i in range(n))
"""

small = st.integers(-50, 50)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("generators"), SOURCE)


@given(xs=st.lists(small, max_size=8), n=small)
def test_generators_consumed_whole(program: Compiled, xs: list[int], n: int) -> None:
    program.check("count_passing", xs, n)
    program.check("spread", xs)  # ValueError on an empty sequence, as CPython
    program.check("squares", n)


@given(xs=st.lists(small, max_size=8), n=small)
def test_any_all_stop_at_the_deciding_item(program: Compiled, xs: list[int], n: int) -> None:
    program.check("any_divides", xs, n)  # ZeroDivisionError only when reached
    program.check("all_below", xs, n)
