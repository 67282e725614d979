"""round(x, ndigits): CPython rounds the exact binary value of a float to ndigits decimals (half
to even) and reads the decimal back correctly rounded; the compiled round does the same exactly
(big-integer arithmetic in support/mathlib.py). Compiled vs CPython, bit for bit; the library
run by CPython is also checked on many more inputs than a wasm call per example allows."""

from __future__ import annotations

import math
import struct
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends.static import MATH_LIBRARY

from .harness import INT_MAX, INT_MIN, Compiled, Outcome, same

SOURCE = """
def rounded(x: float, ndigits: int) -> float:
    return round(x, ndigits)


def rounded_int(x: int, ndigits: int) -> int:
    return round(x, ndigits)


def money(price: float, count: int) -> float:
    return round(price * count, 2) + round(count, -1) + round(True, 0)
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("round"), SOURCE)


@pytest.fixture(scope="module")
def library() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(MATH_LIBRARY.read_text(), namespace)
    return namespace


def any_float() -> st.SearchStrategy[float]:
    """Every kind of double: all bit patterns, decimals with few digits, exact ties."""
    return st.one_of(
        st.floats(),
        st.integers(0, 2**64 - 1).map(lambda b: struct.unpack("<d", struct.pack("<Q", b))[0]),
        st.builds(
            lambda d, n: round(d * 10.0**-n, 17), st.integers(-(10**9), 10**9), st.integers(0, 6)
        ),
        st.builds(
            lambda k, n: (k + 0.5) * 10.0**n, st.integers(-(10**6), 10**6), st.integers(-6, 6)
        ),
    )


def near_the_last_digit(x: float, offset: int) -> int:
    """ndigits around the decimal position of x's last bit, where rounding stops being x."""
    ulp = math.ulp(x) if math.isfinite(x) and x else 1.0
    return int(-math.log10(ulp)) + offset


def outcome(f: Any, *args: Any) -> Outcome:
    try:
        return Outcome(value=f(*args))
    except OverflowError as error:
        return Outcome(error="builtins.OverflowError", message=str(error))


@given(x=any_float(), ndigits=st.integers(-330, 330), offset=st.integers(-3, 3))
@example(x=2.675, ndigits=2, offset=0)  # 2.67: the double is below the tie
@example(x=0.5, ndigits=0, offset=0)
@example(x=-2.5, ndigits=0, offset=0)
@example(x=1.7976931348623157e308, ndigits=-308, offset=0)  # OverflowError, as CPython
@example(x=5e-324, ndigits=323, offset=0)
@example(x=1e22, ndigits=-22, offset=0)
@example(x=-0.0, ndigits=2, offset=0)
@example(x=math.inf, ndigits=-400, offset=0)
# x * 10**ndigits rounds to a tie in floating point; the exact product's error decides
@example(x=21881.315, ndigits=2, offset=0)  # down: 21881.31
@example(x=393.14215, ndigits=4, offset=0)  # up: 393.1422
def test_float_ndigits(program: Compiled, x: float, ndigits: int, offset: int) -> None:
    program.check("rounded", x, ndigits)
    program.check("rounded", x, near_the_last_digit(x, offset))


@given(
    x=st.one_of(st.integers(INT_MIN, INT_MAX), st.integers(-100, 100).map(lambda k: k * 5)),
    ndigits=st.integers(-21, 3),
)
@example(x=INT_MIN, ndigits=-18)
@example(x=9 * 10**18, ndigits=-19)  # 10**19: beyond 64 bits
@example(x=5 * 10**18, ndigits=-19)  # a tie: to the even 0
@example(x=-25, ndigits=-1)
def test_int_ndigits(program: Compiled, x: int, ndigits: int) -> None:
    program.check("rounded_int", x, ndigits)


@given(price=st.floats(0, 1e6), count=st.integers(-1000, 1000))
def test_mixed(program: Compiled, price: float, count: int) -> None:
    program.check("money", price, count)


@settings(max_examples=2000)
@given(x=any_float(), ndigits=st.integers(-330, 330), offset=st.integers(-3, 3))
def test_the_library_in_cpython(
    library: dict[str, Any], x: float, ndigits: int, offset: int
) -> None:
    for n in (ndigits, near_the_last_digit(x, offset)):
        assert same(outcome(library["_round_digits"], x, n), outcome(round, x, n)), (x, n)
