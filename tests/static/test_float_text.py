"""str(x) and f"{x}" of a float compiled: CPython's shortest round-trip repr, character for
character (the math library's _float_repr: exact big-integer digit generation)."""

from __future__ import annotations

import math
import random
import struct

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def text(x: float) -> str:
    return str(x)


def labelled(name: str, x: float, n: int) -> str:
    return f"{name} = {x} ({n} items, {x * 2.0})"


def texts(xs: list[float]) -> list[str]:
    return [str(x) for x in xs]


def reprs(x: float, n: int, b: bool) -> str:
    return repr(x) + " " + repr(n) + " " + repr(b)
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("float_text"), SOURCE)


EDGES = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308]
EDGES += [1.7976931348623157e308, math.inf, -math.inf, math.nan, 0.1, 0.2, 0.30000000000000004]
EDGES += [1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 0.001, 123.456, 1e22, 1e23, 2.0**53]
EDGES += [2.0**53 + 2, 2.0**-1022, 2.0**-1023, 2.0**1023, 4.35, 2.5, 1 / 3, 100.0, -1.5e-7]


@pytest.mark.parametrize("x", EDGES)
def test_edges(program: Compiled, x: float) -> None:
    program.check("text", x)


@given(x=st.floats() | st.floats(-1e6, 1e6).map(lambda v: round(v, 3)))
@example(x=5e-324)
@example(x=1e21)
def test_repr_is_cpythons(program: Compiled, x: float) -> None:
    program.check("text", x)


@given(name=st.text(max_size=5), x=st.floats(), n=st.integers(-(2**63), 2**63 - 1))
def test_f_string(program: Compiled, name: str, x: float, n: int) -> None:
    program.check("labelled", name, x, n)


@given(x=st.floats(), n=st.integers(-(2**63), 2**63 - 1), b=st.booleans())
def test_repr_of_numbers(program: Compiled, x: float, n: int, b: bool) -> None:
    program.check("reprs", x, n, b)


def test_many_random_doubles(program: Compiled) -> None:
    """20,000 doubles of uniformly random bits and as many short decimals, in one call."""
    rng = random.Random(11)
    xs = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(20_000)]
    xs += [round(rng.uniform(-1e4, 1e4), rng.randint(0, 8)) for _ in range(20_000)]
    got = program.call("texts", xs).value
    assert got == [str(x) for x in xs]
