"""Tuples as sequences: len, iteration and indexing known only at run time (items of one type;
IndexError and negative indices as CPython), slicing with constant bounds, ``in``; compiled vs
CPython."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import INT_MAX, INT_MIN, Compiled

SOURCE = """
def total(t: tuple[int, int, int]) -> int:
    s = 0
    for x in t:
        if x == 0:
            continue
        if x == 99:
            break
        s += x
    return s + len(t)


def at(t: tuple[float, float, float, float], i: int) -> float:
    return t[i]


def names(t: tuple[str, str], i: int) -> str:
    out = ""
    for s in t:
        out = out + s + ","
    return out + t[i] + t[-1]


def heads(t: tuple[int, str, float, bool]) -> tuple[str, bool, int]:
    u = t[1:]
    v = t[::-2]
    return u[0] + str(len(t[5:])), v[0], len(v) + t[-4]


def window(t: tuple[int, int, int, int, int]) -> tuple[int, int]:
    return t[-2:][::-1]


def has(t: tuple[int, int, int], x: int, y: float, flag: bool) -> int:
    floats = (1.5, 2.0, -0.0)
    return (x in t) + 2 * (x not in t) + 4 * (y in floats) + 8 * (x in floats) + 16 * (flag in t)


def has_str(t: tuple[str, str, str], s: str) -> bool:
    return s in t
"""

ints = st.integers(INT_MIN // 10, INT_MAX // 10)
small = st.integers(-2, 3)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("tuple"), SOURCE)


@given(t=st.tuples(st.one_of(ints, st.sampled_from([0, 99])), ints, small))
def test_iteration_and_len(program: Compiled, t: tuple[int, int, int]) -> None:
    program.check("total", t)


@given(t=st.tuples(*[st.floats()] * 4), i=st.integers(-6, 6), s=st.tuples(st.text(), st.text()))
def test_index_known_at_run_time(
    program: Compiled, t: tuple[float, ...], i: int, s: tuple[str, str]
) -> None:
    program.check("at", t, i)  # IndexError("tuple index out of range") beyond the ends
    program.check("names", s, i)


@given(
    t=st.tuples(ints, st.text(max_size=3), st.floats(), st.booleans()),
    u=st.tuples(*[small] * 5),
)
def test_constant_slices(program: Compiled, t: tuple, u: tuple) -> None:
    program.check("heads", t)
    program.check("window", u)


@given(t=st.tuples(small, small, small), x=small, y=st.sampled_from([0.0, 1.5, 2.0, 3.0]),
       flag=st.booleans(), s=st.tuples(*[st.sampled_from(["", "a", "é"])] * 3),
       needle=st.sampled_from(["", "a", "b"]))  # fmt: skip
def test_in(
    program: Compiled, t: tuple, x: int, y: float, flag: bool, s: tuple, needle: str
) -> None:
    program.check("has", t, x, y, flag)
    program.check("has_str", s, needle)
