"""f-strings with format specs on floats and ints compiled: CPython's text character for
character (the spec read at compile time, digits exact in the math library)."""

from __future__ import annotations

import math
import random
import struct
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hatch_pywasm.backends import static
from hatch_pywasm.backends.static import SubsetError

from .harness import Compiled, analyze

FLOAT_SPECS = ["", ".2f", "f", ".0f", "#.0f", "e", ".3e", "E", ".0e", "#.0e", "g", ".3g", "G"]
FLOAT_SPECS += ["#g", ".10g", "%", ".1%", ",", ",.2f", "_.3f", "10.3f", "<10.2f", "^12.4e"]
FLOAT_SPECS += ["=+12.3f", "+.2f", " .2f", "z.2f", "010.2f", "x<10", "*^15,.1f", ".3", ".1"]
FLOAT_SPECS += [".16", ".15g", ".17f", "20", "+", "#.3g", ".0%", "e<9", "F", "z.0f", ".40f"]
FLOAT_SPECS += [".17e", ".25e", ".30g", "#.40G", ".20", ".60e"]  # beyond 17 digits: limbs
FLOAT_SPECS += ["n", ".3n", "#n", ">12n"]  # the C locale's number: 'g'
FLOAT_SPECS += ["010,.2f", "025,", "0=14_.1f", "+011,.0f", "09,.1%"]  # zeros grouped too
INT_SPECS = ["", "d", ",", "_", "10", "<10", "^10", "=+10", "x", "X", "#x", "#X", "o", "#o"]
INT_SPECS += ["b", "#b", "_b", "_x", "#010x", "+d", " d", "08", ".2f", "e", "%", "g", ",.1f"]
INT_SPECS += ["n", "+10n"]  # the C locale's number: 'd'
INT_SPECS += ["010,", "08,", "#012_x", "+08_", "0=9,", "012_b"]  # zeros grouped too
INT_SPECS += ["c", ">5c", "05c", "*^7c"]  # a code point's character; OverflowError outside


def _function(index: int, spec: str, annotation: str) -> str:
    return f'def f{index}(x: {annotation}) -> str:\n    return f"[{{x:{spec}}}]"\n'


SOURCE = "\n\n".join(
    [_function(i, spec, "float") for i, spec in enumerate(FLOAT_SPECS)]
    + [_function(100 + i, spec, "int") for i, spec in enumerate(INT_SPECS)]
    + [
        "def table(xs: list[float]) -> list[str]:\n"
        '    return [f"{x:>12.4f}|{x:.3e}|{x:g}|{x:,.2f}|{x:.1%}" for x in xs]\n',
        "def with_format(x: float, n: int) -> str:\n"
        '    return format(x, ".2f") + format(n, ",") + format(x) + format(n, "#x")\n',
    ]
)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("format_spec"), SOURCE)


EDGES = [0.0, -0.0, 1.0, -1.5, 2.5, 0.5, 1e16, 1e-5, 123456.789, 1e300, 5e-324, 0.125, 9.995]
EDGES += [1.7976931348623157e308, math.inf, -math.inf, math.nan, 0.0001234, 99.99999999, -1e-7]


@pytest.mark.parametrize("index", range(len(FLOAT_SPECS)), ids=FLOAT_SPECS)
def test_float_specs(program: Compiled, index: int) -> None:
    rng = random.Random(index)
    xs = EDGES + [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(60)]
    xs += [round(rng.uniform(-1e5, 1e5), rng.randint(0, 5)) for _ in range(60)]
    for x in xs:
        program.check(f"f{index}", x)


@pytest.mark.parametrize("index", range(len(INT_SPECS)), ids=INT_SPECS)
@given(n=st.integers(-(2**63), 2**63 - 1))
def test_int_specs(program: Compiled, index: int, n: int) -> None:
    assume(not (INT_SPECS[index].endswith("c") and 0xD800 <= n <= 0xDFFF))  # no UTF-8 for it
    program.check(f"f{100 + index}", n)


def test_a_table_of_numbers(program: Compiled) -> None:
    rng = random.Random(3)
    xs = [rng.uniform(-1e6, 1e6) * 10 ** rng.randint(-8, 8) for _ in range(2000)]
    program.check("table", xs)


@given(x=st.floats(), n=st.integers(-(2**63), 2**63 - 1))
def test_format_builtin(program: Compiled, x: float, n: int) -> None:
    program.check("with_format", x, n)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        (".2d", "Unknown format code 'd' for object of type 'float'"),
        (",n", "Cannot specify ',' with 'n'."),
        ("c", "Unknown format code 'c' for object of type 'float'"),
    ],
)
def test_a_bad_spec_is_a_compile_error_naming_it(tmp_path: Path, spec: str, reason: str) -> None:
    source = f'def f(x: float) -> str:\n    return f"{{x:{spec}}}"\n'
    component = analyze(tmp_path, "kern", source)
    with pytest.raises(SubsetError) as raised:
        static.compile_component(component, {"kern": source})
    assert f"kern.py:2: format spec {spec!r}" in str(raised.value)
    assert reason in str(raised.value)


_NOT_SURROGATES = st.integers(-5, 0x110005).filter(lambda c: not 0xD800 <= c <= 0xDFFF)


@given(code=_NOT_SURROGATES | st.sampled_from([0, 9, 10, 65, 0xE9, 0x10FFFF, 0x110000]))
def test_character_spec(program: Compiled, code: int) -> None:
    """(A lone surrogate's character cannot cross the boundary: a WIT string is UTF-8.)"""
    program.check(f"f{100 + INT_SPECS.index('c')}", code)
    program.check(f"f{100 + INT_SPECS.index('*^7c')}", code)
