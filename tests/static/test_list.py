"""list[int | float | bool]: parameters, results, displays, [x] * n, append, indexing with
IndexError, negative indices, item assignment, len, iteration; compiled vs CPython."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import INT_MAX, INT_MIN, Compiled, same_value

SOURCE = """
def total(xs: list[int]) -> int:
    s = 0
    for x in xs:
        s += x
    return s


def scaled(xs: list[float], k: float) -> list[float]:
    out: list[float] = []
    for x in xs:
        out.append(x * k)
    return out


def at(xs: list[int], i: int) -> int:
    return xs[i]


def put(xs: list[int], i: int, v: int) -> list[int]:
    xs[i] = v
    xs[0] += 1
    return xs


def flags(xs: list[bool]) -> list[bool]:
    return invert(xs)


def invert(xs: list[bool]) -> list[bool]:
    out: list[bool] = []
    for x in xs:
        out.append(not x)
    return out


def sieve(n: int) -> list[int]:
    is_prime = [True] * (n + 1)
    primes: list[int] = []
    for i in range(2, n + 1):
        if is_prime[i]:
            primes.append(i)
            for j in range(i * i, n + 1, i):
                is_prime[j] = False
    return primes


def display(a: int, b: float) -> list[float]:
    return [a, b, a * b, -1]


def sizes(n: int) -> int:
    xs = [0] * n
    return len(xs) + (10 if xs else 0)


def grow_while_iterating(n: int) -> int:
    xs = [1]
    count = 0
    for x in xs:
        count += 1
        if len(xs) < n:
            xs.append(x + 1)
    return count
"""

ints = st.integers(INT_MIN // 1000, INT_MAX // 1000)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("list"), SOURCE)


@given(xs=st.lists(ints, max_size=50))
def test_iterate_and_sum(program: Compiled, xs: list[int]) -> None:
    program.check("total", xs)


@given(xs=st.lists(st.floats(allow_nan=False), max_size=30), k=st.floats(allow_nan=False))
def test_build_and_return(program: Compiled, xs: list[float], k: float) -> None:
    program.check("scaled", xs, k)


@given(xs=st.lists(ints, max_size=10), i=st.integers(-12, 12), v=ints)
def test_index_negative_and_out_of_range(program: Compiled, xs: list[int], i: int, v: int) -> None:
    program.check("at", xs, i)
    program.check("put", list(xs), i, v)


@given(xs=st.lists(st.booleans(), max_size=20))
def test_bools(program: Compiled, xs: list[bool]) -> None:
    program.check("flags", xs)


@given(n=st.integers(-3, 3000))
def test_sieve(program: Compiled, n: int) -> None:
    program.check("sieve", n)


@given(a=st.integers(-1000, 1000), b=st.floats(-1e6, 1e6))
def test_display_and_repeat(program: Compiled, a: int, b: float) -> None:
    # list[float] holds floats: the ints of the display are widened (as the WIT list<f64> would)
    expected = [float(x) for x in program.python["display"](a, b)]
    assert same_value(program.call("display", a, b).value, expected)
    program.check("sizes", a)


def test_iteration_sees_appended_items(program: Compiled) -> None:
    program.check("grow_while_iterating", 10)
