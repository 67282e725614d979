"""Ints of any size in the static backend (support/bigint.wat): + - * and comparisons take
and give big ints in locals, str() shows them; a result beyond s64 at the boundary is the
subset's OverflowError. Differential against CPython around the edges of the
small range (2**30, 2**32 above -2**63, 2**63, 2**64). One build for the module."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def add(a: int, b: int) -> int:
    return a + b


def sub(a: int, b: int) -> int:
    return a - b


def mul(a: int, b: int) -> int:
    return a * b


def mixed(a: int, b: int, c: int) -> int:
    return (a * b + c) * (a - c) - (b * b - a * c) * (c + 7) - (a - 3) * 5 + 12345678901


def compare(a: int, b: int, c: int) -> list[bool]:
    x = a * b + c
    y = b * c - a
    return [x < y, x <= y, x > y, x >= y, x == y, x != y, x * 2 == y + y + (x - y)]


def text(a: int, b: int) -> str:
    x = a * b * b
    return str(x) + " " + f"{x - a}"


def back(a: int, b: int) -> int:
    return (a * b) // 1 if False else a * b * 3 - a * b * 2 - a * b + a


def running(xs: list[int]) -> int:
    total = 0
    for x in xs:
        total = total + x * 1000000007
    for x in xs:
        total = total - x * 1000000007
    return total


def factorial(n: int) -> int:
    r = 1
    for k in range(2, n + 1):
        r *= k
    return r


def ratio_of_factorials(n: int) -> int:
    big = factorial(n)
    small = factorial(n - 2)
    k = 0
    while small * (k + 1) <= big:  # big // small, by + and comparisons only
        k += 1
    return k


def fib_mod_small(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a - b + b - a + n


def fib_digits(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return len(str(a))


def against_constants(a: int, b: int) -> list[bool]:
    x = a * b
    small = [x < 2, x <= -3, x > 5, x >= 0, x == 7, x != 0]
    return small + [x < 2**62, x > -(2**62) - 5, x >= 9223372036854775807]


def stored(a: int, b: int) -> list[int]:
    return [a * b]


def kept(xs: list[int], k: int) -> list[int]:
    out = [x + k - k for x in xs]
    table: dict[int, int] = {}
    for x in out:
        table[x] = table.get(x, 0) + 1
    out.append(len(table))
    return sorted(out)


def counted(n: int, step: int) -> int:
    total = 0
    j = n
    while j <= n + 3 * step:
        total += j
        j += step
    for i in range(n, n + 2):
        total += i * i
    return total


def power(b: int, e: int) -> str:
    p = b**e
    return str(p) + " " + str(p - p + e)


def unary(a: int, b: int) -> str:
    x = a * b
    return str(-x) + " " + str(abs(x)) + " " + str(-(x - x + a)) + " " + str(abs(b))


def shifted(a: int, n: int) -> str:
    return str(a << n) + " " + str((a * a) << 3) + " " + str(a << 61)


def from_float(x: float) -> str:
    return str(int(x)) + " " + str(round(x)) + " " + str(int(x * 0.5))


def lowered(a: int, b: int) -> int:
    return (a * b) // 7
"""


@pytest.fixture(scope="module")
def kern(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("bigint_kern"), SOURCE)


EDGES = [0, 1, -1, 2**30, -(2**30), 2**31, 2**32, 2**62, 2**63 - 1, -(2**63), -(2**63) + 2**32]
EDGES += [-(2**63) + 2**32 - 1, -(2**63) + 1, 3037000499, 3037000500, -3037000500]
near = st.sampled_from(EDGES).flatmap(lambda e: st.integers(e - 3, e + 3))
s64 = st.one_of(near, st.integers(-(2**63), 2**63 - 1)).filter(lambda v: -(2**63) <= v < 2**63)


@settings(max_examples=150, deadline=None)
@given(s64, s64)
def test_add_sub_mul(kern: Compiled, a: int, b: int) -> None:
    for name in ("add", "sub", "mul", "text", "back"):
        kern.check(name, a, b)


@settings(max_examples=150, deadline=None)
@given(s64, s64, s64)
def test_mixed_and_compare(kern: Compiled, a: int, b: int, c: int) -> None:
    kern.check("mixed", a, b, c)
    kern.check("compare", a, b, c)


@settings(max_examples=40, deadline=None)
@given(st.lists(s64, max_size=12))
def test_running_sum_leaves_64_bits_and_returns(kern: Compiled, xs: list[int]) -> None:
    kern.check("running", xs)


@settings(max_examples=100, deadline=None)
@given(s64, s64)
def test_constants_and_containers(kern: Compiled, a: int, b: int) -> None:
    kern.check("against_constants", a, b)
    kern.check("kept", [a, b, a, -b if b > -(2**63) else b], b)
    kern.check("counted", a // 4, abs(b) // (2**40) + 1)


def test_factorials_and_fibs(kern: Compiled) -> None:
    for n in (20, 21, 25, 40):
        kern.check("ratio_of_factorials", n)
        kern.check("factorial", n)  # beyond s64 from 21: the adapter's error
    for n in (10, 92, 93, 100, 300):
        kern.check("fib_mod_small", n)
        kern.check("fib_digits", n)


@settings(max_examples=60, deadline=None)
@given(st.integers(-(2**40), 2**40), st.integers(0, 40))
def test_power(kern: Compiled, b: int, e: int) -> None:
    kern.check("power", b, e)


@settings(max_examples=100, deadline=None)
@given(s64, s64, st.integers(0, 130))
def test_unary_and_shifts(kern: Compiled, a: int, b: int, n: int) -> None:
    kern.check("unary", a, b)
    kern.check("shifted", a, n)
    kern.check("shifted", a, -n - 1)  # ValueError: negative shift count


@settings(max_examples=100, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300))
def test_int_of_float(kern: Compiled, x: float) -> None:
    kern.check("from_float", x)
    kern.check("from_float", x * 2.0**-970)


def test_power_edges(kern: Compiled) -> None:
    for b, e in ((2, 70), (-3, 41), (2**62, 3), (-1, 2**63 - 1), (1, 2**62), (0, 2**62)):
        kern.check("power", b, e)


def test_not_yet_big_aware_ops_raise(kern: Compiled) -> None:
    """A big int where the subset does not take one yet: OverflowError, a clear message."""
    got = kern.call("stored", 2**40, 2**40)  # memory holds ints within 64 bits
    assert got.error == "builtins.OverflowError" and "beyond 64 bits" in got.message
    kern.check("stored", 2**40, 2**22)
    got = kern.call("lowered", 2**40, 2**40)
    assert got.error == "builtins.OverflowError" and "beyond 64 bits" in got.message
    kern.check("stored", 2**20, -(2**20))
    kern.check("lowered", -(2**31), 2**31)
