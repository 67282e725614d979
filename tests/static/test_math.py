"""math functions compiled from the library written in the subset (runtime/mathlib.py):
within 1 ulp of CPython's math, with CPython's errors."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .harness import Compiled, Outcome

SOURCE = """
import math


def exp(x: float) -> float:
    return math.exp(x)


def log(x: float) -> float:
    return math.log(x)


def log_of_int(n: int) -> float:
    return math.log(n) + math.exp(-n)
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("math"), SOURCE)


def ordered(x: float) -> int:
    """Floats as integers in the same order, adjacent floats adjacent (ulp distance)."""
    bits = struct.unpack("<q", struct.pack("<d", x))[0]
    return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)


def within_one_ulp(got: Outcome, expected: Outcome) -> bool:
    if expected.error is not None or got.error is not None:
        return got == expected
    if math.isnan(expected.value):
        return math.isnan(got.value)
    return abs(ordered(got.value) - ordered(expected.value)) <= 1


def check(program: Compiled, name: str, *args: float) -> None:
    got, expected = program.call(name, *args), program.reference(name, *args)
    assert within_one_ulp(got, expected), f"{name}{args}: compiled {got}, CPython {expected}"


@given(x=st.floats() | st.floats(-746.0, 710.0) | st.floats(-1e-6, 1e-6))
@example(x=709.782712893384)
@example(x=709.79)
@example(x=-745.2)
@example(x=-708.5)
@example(x=float("inf"))
@example(x=float("-inf"))
@example(x=0.5 * math.log(2))
def test_exp(program: Compiled, x: float) -> None:
    check(program, "exp", x)


@given(x=st.floats() | st.floats(0.0, 4.0) | st.floats(0.0, 1e-300))
@example(x=0.0)
@example(x=-0.0)
@example(x=-1.0)
@example(x=1.0)
@example(x=5e-324)
@example(x=float("inf"))
def test_log(program: Compiled, x: float) -> None:
    check(program, "log", x)


@given(n=st.integers(-5, 10**12))
def test_int_argument_converts(program: Compiled, n: int) -> None:
    check(program, "log_of_int", n)
