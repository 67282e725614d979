"""Starred unpacking ``a, *b, c = xs`` of a list (ValueError with CPython's message when it is
too short; the starred name a new list of the middle items) and of a tuple (its fields): compiled
vs CPython with hypothesis inputs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
def middle(xs: list[int]) -> tuple[int, list[int], int]:
    a, *b, c = xs
    return a, b, c


def front(xs: list[str]) -> tuple[list[str], str]:
    *init, last = xs
    init.append("!")
    return init, last + str(len(xs))


def back(xs: list[float]) -> tuple[float, list[float]]:
    first, *rest = xs
    return first, rest


def fields(t: tuple[int, int, int, str]) -> tuple[int, list[int], str]:
    a, *b, c = t
    return a, b, c


def display() -> int:
    a, *mid, b = [1, 2]
    x, *ys = (9, 8, 7)
    return a * 100 + len(mid) * 10 + b + x + sum(ys)
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("starred"), SOURCE)


@given(
    xs=st.lists(st.integers(-9, 9), max_size=5),
    ws=st.lists(st.text(max_size=2), max_size=4),
    fs=st.lists(st.floats(), max_size=3),
    t=st.tuples(
        st.integers(-99, 99), st.integers(-99, 99), st.integers(-5, 5), st.text(max_size=2)
    ),
)
def test_starred_unpacking(
    program: Compiled,
    xs: list[int],
    ws: list[str],
    fs: list[float],
    t: tuple[int, int, int, str],
) -> None:
    program.check("middle", xs)  # ValueError "not enough values to unpack (...)" when short
    program.check("front", ws)
    program.check("back", fs)
    program.check("fields", t)
    program.check("display")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(t: tuple[int, str, int]) -> int:\n    a, *b = t\n    return a\n",
            "kern.py:2: a starred name bound to items of different types (str, int) is outside",
        ),
        (
            "def f(t: tuple[int, int]) -> int:\n    a, b, *c = t\n    return a\n",
            "kern.py:2: a starred name bound to no item of a tuple is outside the compiled subset",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)
