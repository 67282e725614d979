"""Differential: int/float/bool operations compiled vs CPython, on hypothesis inputs.

Each kernel is a single operation, so CPython's exact result beyond 64 bits is exactly where the
compiled code must raise OverflowError."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .harness import INT_MAX, INT_MIN, Compiled

SOURCE = """
import math


def add(a: int, b: int) -> int:
    return a + b


def sub(a: int, b: int) -> int:
    return a - b


def mul(a: int, b: int) -> int:
    return a * b


def floordiv(a: int, b: int) -> int:
    return a // b


def mod(a: int, b: int) -> int:
    return a % b


def truediv(a: int, b: int) -> float:
    return a / b


def power(a: int, b: int) -> int:
    return a ** b


def constant_powers() -> list[int]:
    # folded into constants where the result is small (codegen), computed at run time beyond
    return [10**9, (-3) ** 5, 0**0, 7**1, 3**39, 2**61, 2**62, (-2) ** 62, (-2) ** 63, 2**62 - 1]


def by_constants(a: int) -> list[int]:
    # a dividend of unknown bounds (or read from memory) within 64 bits: bounded results
    items = [a, a // 2]
    return [a // 65536, a % 1000, a // 1, a % 1, items[0] // 3, items[1] % 7, items[0] // 1]


def shift_left(a: int, b: int) -> int:
    return a << b


def shift_right(a: int, b: int) -> int:
    return a >> b


def bitwise(a: int, b: int) -> int:
    return (a & b) ^ (a | ~b)


def negate(a: int) -> int:
    return -a


def absolute(a: int) -> int:
    return abs(a)


def int_compare(a: int, b: int) -> int:
    return (a < b) + 2 * (a <= b) + 4 * (a == b) + 8 * (a != b) + 16 * (a > b) + 32 * (a >= b)


def mixed_compare(a: int, x: float) -> int:
    return (a < x) + 2 * (a <= x) + 4 * (a == x) + 8 * (a != x) + 16 * (x < a) + 32 * (x >= a)


def fadd(x: float, y: float) -> float:
    return x + y


def fsub(x: float, y: float) -> float:
    return x - y


def fmul(x: float, y: float) -> float:
    return x * y


def fdiv(x: float, y: float) -> float:
    return x / y


def ffloordiv(x: float, y: float) -> float:
    return x // y


def fmod(x: float, y: float) -> float:
    return x % y


def fmixed(a: int, x: float) -> float:
    return a * x + a


def fneg_abs(x: float) -> float:
    return -abs(x)


def float_compare(x: float, y: float) -> int:
    return (x < y) + 2 * (x <= y) + 4 * (x == y) + 8 * (x != y) + 16 * (x > y) + 32 * (x >= y)


def to_int(x: float) -> int:
    return int(x)


def rounded(x: float) -> int:
    return round(x)


def floor_ceil(x: float) -> int:
    return math.floor(x) - 3 * math.ceil(x)


def to_float(a: int) -> float:
    return float(a)


def truthy(a: int, x: float) -> int:
    return bool(a) + 2 * bool(x) + 4 * (not a) + 8 * (not x)


def sqrt_copysign(x: float, y: float) -> float:
    return math.copysign(math.sqrt(abs(x)), y)


def predicates(x: float) -> int:
    return math.isnan(x) + 2 * math.isinf(x) + 4 * math.isfinite(x)


def minimum(a: int, b: int, c: int) -> int:
    return min(a, b, c)


def maximum(x: float, y: float) -> float:
    return max(x, y, -1.5)


def bools(p: bool, q: bool) -> int:
    return (p and q) + 2 * (p or q) + 4 * (p ^ q) + 8 * (p + q) + 16 * -p
"""

ints = st.integers(INT_MIN, INT_MAX)
small = st.integers(-(2**31), 2**31)
floats = st.floats(allow_nan=True, allow_infinity=True)
edge_ints = st.sampled_from(
    [0, 1, -1, 2, -2, INT_MAX, INT_MIN, INT_MAX - 1, INT_MIN + 1, 2**53 + 1]
)
any_int = ints | small | edge_ints


@pytest.fixture(scope="module")
def kernels(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("arith"), SOURCE)


@pytest.mark.parametrize(
    "name",
    ["add", "sub", "mul", "floordiv", "mod", "truediv", "bitwise", "int_compare", "minimum"],
)
@given(a=any_int, b=any_int)
@example(a=INT_MIN, b=-1)
@example(a=7, b=0)
@example(a=2**62 + 1, b=3)
def test_int_binary(kernels: Compiled, name: str, a: int, b: int) -> None:
    args = (a, b, a ^ b) if name == "minimum" else (a, b)
    kernels.check(name, *args)


@given(a=st.integers(-20, 20) | any_int, b=st.integers(-3, 70))
@example(a=-2, b=63)
@example(a=2, b=63)
@example(a=3, b=40)
def test_power(kernels: Compiled, a: int, b: int) -> None:
    if b < 0:  # CPython gives a float: the subset raises ValueError instead
        assert kernels.call("power", a, b).error == "builtins.ValueError"
    else:
        kernels.check("power", a, b)


def test_constant_powers(kernels: Compiled) -> None:
    kernels.check("constant_powers")


@given(a=any_int)
def test_by_constants(kernels: Compiled, a: int) -> None:
    kernels.check("by_constants", a)


@given(a=any_int, b=st.integers(-2, 70))
@example(a=1, b=63)
@example(a=-1, b=63)
def test_shifts(kernels: Compiled, a: int, b: int) -> None:
    kernels.check("shift_left", a, b)
    kernels.check("shift_right", a, b)


@given(a=any_int)
def test_int_unary(kernels: Compiled, a: int) -> None:
    kernels.check("negate", a)
    kernels.check("absolute", a)
    kernels.check("to_float", a)


@pytest.mark.parametrize(
    "name", ["fadd", "fsub", "fmul", "fdiv", "ffloordiv", "fmod", "float_compare", "maximum"]
)
@given(x=floats, y=floats)
@example(x=5e-324, y=3e-320)
@example(x=1e308, y=3e-310)
@example(x=-7.5, y=2.0)
@example(x=7.5, y=-2.0)
@example(x=float("inf"), y=2.0)
@example(x=3.0, y=float("-inf"))
@example(x=1.0, y=0.0)
@example(x=-0.0, y=0.0)
@example(x=0.0, y=-0.0)
def test_float_binary(kernels: Compiled, name: str, x: float, y: float) -> None:
    kernels.check(name, x, y)


@given(a=any_int, x=floats | st.sampled_from([2.0**63, -(2.0**63), 2.0**53, 9.2e18]))
@example(a=2**53 + 1, x=2.0**53)
@example(a=INT_MAX, x=2.0**63)
@example(a=INT_MIN, x=-(2.0**63))
def test_int_float_mixed(kernels: Compiled, a: int, x: float) -> None:
    kernels.check("mixed_compare", a, x)
    kernels.check("fmixed", a, x)
    kernels.check("truthy", a, x)


@given(x=floats | st.floats(-1e6, 1e6) | st.sampled_from([0.5, 1.5, 2.5, -0.5, 9.3e18, -9.3e18]))
def test_float_to_int(kernels: Compiled, x: float) -> None:
    for name in ("to_int", "rounded", "floor_ceil", "fneg_abs", "predicates"):
        kernels.check(name, x)


@given(x=floats, y=floats)
def test_sqrt_copysign(kernels: Compiled, x: float, y: float) -> None:
    kernels.check("sqrt_copysign", x, y)


@pytest.mark.parametrize("p", [False, True])
@pytest.mark.parametrize("q", [False, True])
def test_bools(kernels: Compiled, p: bool, q: bool) -> None:
    kernels.check("bools", p, q)
