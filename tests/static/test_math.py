"""math functions compiled from the library written in the subset (support/mathlib.py), with
CPython's errors and glibc's results bit for bit (more inputs in test_math_glibc.py)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends.static import MATH_LIBRARY
from hatch_pywasm.backends.static.support.mathtables import two_over_pi_table

from .harness import Compiled, Outcome, same

SOURCE = """
import math


def exp(x: float) -> float:
    return math.exp(x)


def log(x: float) -> float:
    return math.log(x)


def inverse_square(a: int) -> float:
    return a ** -2  # a float in Python: the negative literal says so


def log2(x: float) -> float:
    return math.log2(x)


def log10(x: float) -> float:
    return math.log10(x)


def atan(x: float) -> float:
    return math.atan(x)


def atan2(y: float, x: float) -> float:
    return math.atan2(y, x)


def power(x: float, y: float) -> float:
    return x**y


def int_to_float_power(n: int, y: float) -> float:
    return n**y


def math_pow(x: float, y: float) -> float:
    return math.pow(x, y)


def fmod(x: float, y: float) -> float:
    return math.fmod(x, y)


def hypot(x: float, y: float) -> float:
    return math.hypot(x, y)


def sin(x: float) -> float:
    return math.sin(x)


def cos(x: float) -> float:
    return math.cos(x)


def tan(x: float) -> float:
    return math.tan(x)


def asin(x: float) -> float:
    return math.asin(x)


def acos(x: float) -> float:
    return math.acos(x)


def angles(x: float) -> float:
    return math.degrees(x) + math.radians(x)


def log_of_int(n: int) -> float:
    return math.log(n) + math.exp(-n)
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("math"), SOURCE)


@given(a=st.integers(-(2**63), 2**63 - 1))
@example(a=0)  # ZeroDivisionError with CPython's message
@example(a=-19992)  # 1 ulp from CPython's libm pow
def test_int_to_a_negative_literal_power_is_a_float(program: Compiled, a: int) -> None:
    program.check("inverse_square", a)


@given(x=st.floats(min_value=0.0, exclude_min=True) | st.floats(0.25, 4.0))
@example(x=5e-324)
@example(x=1.0)
@example(x=1024.0)
@example(x=1e22)
@example(x=1000.0)
def test_log2_log10(program: Compiled, x: float) -> None:
    for name in ("log2", "log10"):
        program.check(name, x)


@pytest.mark.parametrize("x", [0.0, -0.0, -1.0, float("-inf"), float("inf"), float("nan")])
def test_log2_log10_special_values(program: Compiled, x: float) -> None:
    for name in ("log2", "log10"):
        program.check(name, x)


@given(x=st.floats() | st.floats(-3.0, 3.0))
@example(x=0.4375)
@example(x=2.0**66)
def test_atan(program: Compiled, x: float) -> None:
    program.check("atan", x)


special = st.sampled_from([0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 5e-324])


@given(y=st.floats() | special, x=st.floats() | special)
def test_atan2(program: Compiled, y: float, x: float) -> None:
    program.check("atan2", y, x)
    if not math.isnan(y) and not math.isnan(x):  # the sign of a zero result matters too
        got = program.call("atan2", y, x).value
        assert math.copysign(1.0, got) == math.copysign(1.0, math.atan2(y, x))


@given(x=st.floats() | st.floats(-746.0, 710.0) | st.floats(-1e-6, 1e-6))
@example(x=709.782712893384)
@example(x=709.79)
@example(x=-745.2)
@example(x=-708.5)
@example(x=float("inf"))
@example(x=float("-inf"))
@example(x=0.5 * math.log(2))
def test_exp(program: Compiled, x: float) -> None:
    program.check("exp", x)


@given(x=st.floats() | st.floats(0.0, 4.0) | st.floats(0.0, 1e-300))
@example(x=0.0)
@example(x=-0.0)
@example(x=-1.0)
@example(x=1.0)
@example(x=5e-324)
@example(x=float("inf"))
def test_log(program: Compiled, x: float) -> None:
    program.check("log", x)


@given(n=st.integers(-5, 10**12))
def test_int_argument_converts(program: Compiled, n: int) -> None:
    program.check("log_of_int", n)


powers = st.tuples(st.floats(0.0, 10.0), st.floats(-50.0, 50.0)) | st.tuples(
    st.floats(-10.0, 10.0), st.integers(-60, 60).map(float)
)


@given(xy=powers | st.tuples(st.floats(), st.floats()) | st.tuples(special, special))
@example(xy=(0.0, -1.0))
@example(xy=(10.0, 400.0))
@example(xy=(2.0, -1074.0))
@example(xy=(1.0000001, 1e12))
@example(xy=(-8.0, 1e300))
def test_float_power(program: Compiled, xy: tuple[float, float]) -> None:
    x, y = xy
    if -math.inf < x < 0 and y == y and abs(y) != math.inf and y != math.floor(y):
        # CPython gives a complex number; the subset raises ValueError instead
        assert program.call("power", x, y).error == "builtins.ValueError"
    else:
        program.check("power", x, y)


@given(n=st.integers(-100, 100), y=st.floats(-5.0, 5.0))
def test_int_to_float_power(program: Compiled, n: int, y: float) -> None:
    if n < 0 and y != math.floor(y):
        assert program.call("int_to_float_power", n, y).error == "builtins.ValueError"
    else:
        program.check("int_to_float_power", n, y)


@given(xy=powers | st.tuples(st.floats(), st.floats()) | st.tuples(special, special))
@example(xy=(-8.0, 1.0 / 3.0))
@example(xy=(-0.0, -3.0))
@example(xy=(10.0, 400.0))
@example(xy=(-math.inf, 3.0))
def test_math_pow(program: Compiled, xy: tuple[float, float]) -> None:
    program.check("math_pow", *xy)


@given(x=st.floats() | special, y=st.floats() | special)
@example(x=5.5, y=-2.0)
@example(x=1e308, y=3e-310)
def test_fmod_is_exact(program: Compiled, x: float, y: float) -> None:
    program.check("fmod", x, y)
    got = program.call("fmod", x, y).value
    if got is not None and got == 0.0:  # the sign of a zero remainder is x's
        assert math.copysign(1.0, got) == math.copysign(1.0, x)


@given(x=st.floats() | special, y=st.floats() | special | st.floats(-1e-300, 1e-300))
@example(x=1e308, y=1e308)
@example(x=3.0, y=4.0)
@example(x=5e-324, y=5e-324)
@example(x=math.inf, y=math.nan)
def test_hypot(program: Compiled, x: float, y: float) -> None:
    program.check("hypot", x, y)


@given(x=st.floats(-1e7, 1e7) | st.floats(-10.0, 10.0) | special)
@example(x=1.5707963267948966)
@example(x=-3.141592653589793)
@example(x=2.0**19 * math.pi / 2)
def test_sin_cos_tan(program: Compiled, x: float) -> None:
    for name in ("sin", "cos", "tan"):
        program.check(name, x)


@pytest.fixture(scope="module")
def library() -> dict[str, Any]:
    """The math library run by CPython (the same float operations as compiled)."""
    namespace: dict[str, Any] = {}
    exec(MATH_LIBRARY.read_text(), namespace)
    return namespace


@given(x=st.floats())
@example(x=1e22)
@example(x=1e300)
@example(x=6381956970095103.0 * 2.0**797)  # the hardest case for reduction modulo pi/2
def test_huge_arguments_compile_to_the_library_bit_for_bit(
    program: Compiled, library: dict[str, Any], x: float
) -> None:
    """Beyond 1e7 this host's libm is itself several ulp off (cos of the hardest case: 8), so the
    compiled code is compared with the library run by CPython, whose reduction is exact."""
    for name in ("sin", "cos", "tan"):
        got = program.call(name, x)
        try:
            expected = Outcome(value=library[name](x))
        except ValueError as error:
            expected = Outcome(error="builtins.ValueError", message=str(error))
        assert same(got, expected), (name, x, got, expected)


def _pi(bits: int) -> Fraction:
    def arctan_inverse(n: int, one: int) -> int:
        total = term = one // n
        k, sign = 1, -1
        while term:
            term //= n * n
            k += 2
            total += sign * (term // k)
            sign = -sign
        return total

    one = 1 << bits
    return Fraction(4 * (4 * arctan_inverse(5, one) - arctan_inverse(239, one)), one)


PI = _pi(2200)


@settings(max_examples=40)
@given(x=st.floats(105414350.0, 1.7e308))
@example(x=6381956970095103.0 * 2.0**797)
def test_branred_reduces_modulo_pi_over_2_accurately(library: dict[str, Any], x: float) -> None:
    """glibc's branred (sin, cos, tan of huge arguments) against the exact remainder: to 2**-60
    of it, or 2**-105 absolute when the remainder is tiny (its pieces of 2/pi end there)."""
    n, a, da = library["_branred"](x)
    exact_n = round(Fraction(x) / (PI / 2))
    remainder = Fraction(x) - exact_n * (PI / 2)
    assert n % 4 == exact_n % 4
    error = abs(Fraction(a) + Fraction(da) - remainder)
    assert error <= max(abs(remainder) / 2**60, Fraction(1, 2**105))


def test_table_of_two_over_pi_is_pi() -> None:
    """The 24-bit pieces of 2/pi (two to a word) against pi from Machin's formula (exact
    integers)."""
    pieces = [piece for w in two_over_pi_table() for piece in (w & 0xFFFFFF, w >> 24)][:75]
    bits = 24 * len(pieces)
    two_over_pi = (2 / PI) * 2**bits  # PI has far more bits than the table
    expected = [(int(two_over_pi) >> (bits - 24 * (i + 1))) & 0xFFFFFF for i in range(len(pieces))]
    assert pieces == expected


@given(x=st.floats() | st.floats(-1.0, 1.0) | st.floats(-1e-9, 1e-9) | special)
@example(x=0.975)
@example(x=-0.5)
@example(x=0.5)
@example(x=1.0000000000000002)
def test_asin_acos_angles(program: Compiled, x: float) -> None:
    for name in ("asin", "acos", "angles"):
        program.check(name, x)
