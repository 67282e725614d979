"""``for i, x in enumerate(xs[, start])`` and ``for a, b, ... in zip(xs, ys, ...)`` over lists:
the count, the shortest list, items appended during the loop, break/continue; compiled vs
CPython."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def weighted(xs: list[float], start: int) -> float:
    s = 0.0
    for i, x in enumerate(xs, start):
        if i == 3:
            continue
        if x > 1e300:
            break
        s += i * x
    return s


def positions(xs: list[str], needle: str) -> list[int]:
    found: list[int] = []
    for i, x in enumerate(xs):
        if x == needle:
            found.append(i)
    return found


def dot(xs: list[float], ys: list[float]) -> float:
    s = 0.0
    for a, b in zip(xs, ys):
        s += a * b
    return s


def grow(xs: list[int]) -> int:
    n = 0
    for i, x in enumerate(xs):
        if len(xs) < 10:
            xs.append(x + i)
        n += 1
    return n


def three(a: list[int], b: list[str], c: list[bool]) -> str:
    out = ""
    for x, y, z in zip(a, b, c):
        if z:
            out = out + y + str(x)
    return out
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("enumerate_zip"), SOURCE)


@given(xs=st.lists(st.floats(-1e6, 1e6) | st.just(1e301), max_size=8), start=st.integers(-5, 5))
def test_enumerate(program: Compiled, xs: list[float], start: int) -> None:
    program.check("weighted", xs, start)


@given(xs=st.lists(st.sampled_from(["a", "b", "é"]), max_size=8), needle=st.sampled_from("ab"))
def test_enumerate_positions(program: Compiled, xs: list[str], needle: str) -> None:
    program.check("positions", xs, needle)


@given(xs=st.lists(st.integers(-9, 9), max_size=12))
def test_enumerate_sees_appended_items(program: Compiled, xs: list[int]) -> None:
    program.check("grow", xs)


@given(
    xs=st.lists(st.floats(-1e3, 1e3), max_size=6),
    ys=st.lists(st.floats(-1e3, 1e3), max_size=6),
    a=st.lists(st.integers(-5, 5), max_size=5),
    b=st.lists(st.text(max_size=2), max_size=5),
    c=st.lists(st.booleans(), max_size=5),
)
def test_zip_stops_at_the_shortest(
    program: Compiled, xs: list[float], ys: list[float], a: list[int], b: list[str], c: list[bool]
) -> None:
    program.check("dot", xs, ys)
    program.check("three", a, b, c)
