"""float(s) and int(s) compiled statically: CPython's values (floats bit for bit) and its
ValueError messages (which quote the input with repr: escapes, quotes, non-ASCII printable or
not), on edge cases and hypothesis inputs; 10**6 random doubles' texts behind the long marker."""

from __future__ import annotations

import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def to_float(s: str) -> float:
    return float(s)


def to_int(s: str) -> int:
    return int(s)


def parse_all(texts: list[str]) -> list[float]:
    return [float(s) for s in texts]


def total(texts: list[str]) -> float:
    t = 0.0
    for s in texts:
        t += float(s)
    return t
"""

EDGES = [
    "",
    " ",
    "1",
    "-1",
    " 12 ",
    "\t7\n",
    "1_000",
    "1__0",
    "_1",
    "1_",
    "+_1",
    "- 1",
    "+1",
    "0_0",
    "00",
    "0x10",
    "abc",
    "\u0661\u0662\u0663",
    "12\u00a0",
    "\u2003-5",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "1" * 25,
    "1" * 4301,
    "1.5",
    "-.5",
    "1.",
    ".",
    " inf",
    "-Infinity",
    "nan",
    "-nan",
    "NaN",
    "infin",
    "inf_",
    "1e5",
    "1e",
    "1e+",
    "1E-3",
    "1_0.5",
    "1_.5",
    "1._5",
    "1e1_0",
    "0.1",
    "1e400",
    "-1e400",
    "1e-400",
    "2.4703282292062328e-324",
    "2.4703282292062327e-324",
    "4.9406564584124654e-324",
    "1.7976931348623158e308",
    "1.7976931348623159e308",
    "123456789012345678901234567890",
    "0." + "0" * 300 + "1",
    "+-1",
    "\u0661.\u0665",
    "1.5\u2003",
    "1.0e1.0",
    "0e0",
    "-0.0",
    "00000.0000e99999999999999",
    "1e-99999999999999",
    "a'b",
    'a"b',
    "a'\"b",
    "\x00\x7f\x85é",
    "\u2028\U0001f600\ud7ff\U000e0001\\",
    "x" * 300,
    "9" * 400 + "e-400",
]


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("parse_text"), SOURCE)


@pytest.mark.parametrize("text", EDGES)
def test_edges(program: Compiled, text: str) -> None:
    program.check("to_float", text)
    program.check("to_int", text)


_NUMBER_CHARS = st.sampled_from(list("0123456789_.eE+- \tinfatyINFATY\u0663\u00a0é'\"\\\n"))


@settings(max_examples=300, deadline=None)
@given(st.text(_NUMBER_CHARS, max_size=20))
def test_number_like_text(program: Compiled, text: str) -> None:
    program.check("to_float", text)
    program.check("to_int", text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_text(program: Compiled, text: str) -> None:
    program.check("to_float", text)  # mostly the message: repr of arbitrary text
    program.check("to_int", text)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False), st.sampled_from(["%r", "%.17e", "%.30g", "%.3f", "%.1e"]))
def test_float_text_reads_back(program: Compiled, x: float, form: str) -> None:
    program.check("to_float", form % x)


@settings(max_examples=200, deadline=None)
@given(st.integers(-(2**64), 2**64))
def test_int_text(program: Compiled, n: int) -> None:
    program.check("to_int", str(n))
    program.check("to_int", f"{n:_}")


def test_many_in_one_call(program: Compiled) -> None:
    rng = random.Random(17)
    texts = [repr(rng.uniform(-1e6, 1e6)) for _ in range(5000)]
    program.check("total", texts)


def _random_double(rng: random.Random) -> float:
    x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    return x if x == x and abs(x) != float("inf") else 1.5


@pytest.mark.long
def test_a_million_decimals_read_as_cpython(program: Compiled) -> None:
    """10**6 random doubles' texts (17 digits, 25 digits: correct rounding past the fast path,
    and repr), read by the compiled module in batches, compared by bits."""
    rng = random.Random(1)
    for batch in range(100):
        texts = [("%.17e", "%.25g", "%r")[i % 3] % _random_double(rng) for i in range(10_000)]
        got = program.call("parse_all", texts).value
        expected = [float(t) for t in texts]
        assert [_bits(x) for x in got] == [_bits(x) for x in expected], batch


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)
