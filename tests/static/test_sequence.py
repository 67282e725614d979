"""list[str]; slices of lists and str (with steps, CPython's clamping); ``in`` over lists;
``sum``, ``min``, ``max`` of a list; ``==``/``!=`` of lists, tuples and dataclasses; compiled vs
CPython on generated inputs."""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .harness import (
    INT_MAX,
    INT_MIN,
    OVERFLOW,
    Compiled,
    Outcome,
    neumaier_sum,
    same,
    same_value,
)

SOURCE = """
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: float


def words(text: str, extra: str) -> list[str]:
    out: list[str] = ["<"]
    word = ""
    for i in range(len(text)):
        if text[i] == " ":
            out.append(word)
            word = ""
        else:
            word = word + text[i]
    out.append(word)
    out.append(extra)
    out[0] += ">"
    return out


def join(xs: list[str], sep: str) -> str:
    out = ""
    for k in range(len(xs)):
        out = out + (sep if k else "") + xs[k]
    return out


def pick(xs: list[str], i: int) -> str:
    return xs[i]


def repeat(s: str, n: int) -> list[str]:
    return [s] * n


def shout(xs: list[str]) -> list[str]:
    out: list[str] = []
    for x in xs:
        out.append(x + "!")
    return out


def cut(xs: list[int], a: int, b: int) -> list[int]:
    return xs[a:b]


def cut_step(xs: list[float], a: int, b: int, c: int) -> list[float]:
    return xs[a:b:c]


def cut_open(xs: list[bool], a: int, c: int, which: int) -> list[bool]:
    if which == 0:
        return xs[a::c]
    return xs[:a:c] if which == 1 else xs[::c]


def cut_strs(xs: list[str], a: int, b: int) -> list[str]:
    return xs[a:b]


def reverse(xs: list[int]) -> list[int]:
    return xs[::-1]


def text_step(s: str, a: int, b: int, c: int) -> str:
    return s[a:b:c] + "|" + s[::c] + "|" + s[a::c] + "|" + s[:b:c]


def has(xs: list[int], x: int) -> int:
    return (x in xs) + 2 * (x not in xs)


def has_float(xs: list[float], x: float, n: int) -> int:
    return (x in xs) + 2 * (n in xs) + 4 * (True in xs)


def has_str(xs: list[str], x: str) -> bool:
    return x in xs and x + "" in xs


def has_bool(xs: list[bool], x: bool) -> bool:
    return x in xs


def total(xs: list[int]) -> int:
    return sum(xs)


def total_float(xs: list[float]) -> float:
    return sum(xs)


def count_true(xs: list[bool]) -> int:
    return sum(xs)


def lowest(xs: list[int]) -> int:
    return min(xs)


def highest(xs: list[float]) -> float:
    return max(xs)


def extremes(xs: list[str]) -> str:
    return min(xs) + "|" + max(xs)


def bool_extremes(xs: list[bool]) -> tuple[bool, bool]:
    return min(xs), max(xs)


def same_ints(a: list[int], b: list[int]) -> int:
    return (a == b) + 2 * (a != b)


def same_floats(a: list[float], b: list[float]) -> bool:
    return a == b


def same_strs(a: list[str], b: list[str]) -> bool:
    return a == b and not (a != b)


def same_tuples(a: tuple[int, float, str], b: tuple[int, float, str]) -> int:
    return (a == b) + 2 * (a != b)


def same_points(ax: int, ay: float, bx: int, by: float) -> int:
    p, q = Point(ax, ay), Point(bx, by)
    return (p == q) + 2 * (p != q) + 4 * ((ax, ay) == (bx, by))
"""

ints = st.integers(INT_MIN // 1000, INT_MAX // 1000)
small_ints = st.integers(-3, 3)
index = st.integers(-12, 12)
bounds = st.one_of(index, st.sampled_from([INT_MIN, INT_MAX, INT_MIN + 1, INT_MAX - 1]))
steps = st.one_of(st.integers(-4, 4), st.sampled_from([INT_MIN, INT_MAX, INT_MIN + 1]))
texts = st.text(max_size=12)
floats = st.floats(allow_nan=False)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("sequence"), SOURCE)


@given(text=texts, extra=texts, xs=st.lists(texts, max_size=8), i=index, n=small_ints)
@example(text="héllo wörld ✓", extra="", xs=["", "ü", "𝄞"], i=-1, n=2)
def test_list_of_str(
    program: Compiled, text: str, extra: str, xs: list[str], i: int, n: int
) -> None:
    program.check("words", text, extra)
    program.check("join", xs, extra)
    program.check("pick", xs, i)
    program.check("repeat", extra, n)
    program.check("shout", xs)


@given(xs=st.lists(ints, max_size=10), a=bounds, b=bounds)
def test_slice(program: Compiled, xs: list[int], a: int, b: int) -> None:
    program.check("cut", xs, a, b)
    program.check("reverse", xs)


@given(xs=st.lists(floats, max_size=10), a=bounds, b=bounds, c=steps)
def test_slice_with_step(program: Compiled, xs: list[float], a: int, b: int, c: int) -> None:
    program.check("cut_step", xs, a, b, c)  # a zero step: ValueError, as CPython


@given(xs=st.lists(st.booleans(), max_size=10), a=bounds, c=steps)
def test_slice_omitted_bounds(program: Compiled, xs: list[bool], a: int, c: int) -> None:
    for which in range(3):
        program.check("cut_open", xs, a, c, which)


@given(xs=st.lists(texts, max_size=6), a=index, b=index)
def test_slice_of_strs(program: Compiled, xs: list[str], a: int, b: int) -> None:
    program.check("cut_strs", xs, a, b)


@given(s=st.one_of(texts, st.text(alphabet="abc", max_size=12)), a=bounds, b=bounds, c=steps)
@example(s="aé𝄞b✓", a=-1, b=0, c=-2)
def test_str_slice_with_step(program: Compiled, s: str, a: int, b: int, c: int) -> None:
    program.check("text_step", s, a, b, c)


@given(xs=st.lists(small_ints, max_size=6), x=small_ints)
def test_in_list(program: Compiled, xs: list[int], x: int) -> None:
    program.check("has", xs, x)


@given(
    xs=st.lists(st.one_of(floats, st.sampled_from([2.0**63, 2.0**53, 1.0, -0.0])), max_size=6),
    x=floats,
    n=st.sampled_from([0, 1, 2**53 + 1, 2**63 - 1, -(2**63)]),
)
def test_in_list_of_floats_compares_ints_exactly(
    program: Compiled, xs: list[float], x: float, n: int
) -> None:
    program.check("has_float", xs, x, n)


@given(xs=st.lists(texts, max_size=6), x=texts, flags=st.lists(st.booleans(), max_size=4))
def test_in_list_of_str_and_bool(
    program: Compiled, xs: list[str], x: str, flags: list[bool]
) -> None:
    program.check("has_str", xs, x)
    program.check("has_str", [*xs, x], x)
    program.check("has_bool", flags, True)
    program.check("has_bool", flags, False)


@given(xs=st.lists(ints, max_size=50), flags=st.lists(st.booleans(), max_size=20))
def test_sum_of_ints_and_bools(program: Compiled, xs: list[int], flags: list[bool]) -> None:
    program.check("total", xs)
    program.check("count_true", flags)


def test_sum_overflow_raises(program: Compiled) -> None:
    assert program.call("total", [INT_MAX, 1]) == Outcome(
        error="builtins.OverflowError", message=OVERFLOW
    )


@given(xs=st.lists(st.floats(allow_nan=False, width=64), max_size=30))
@example(xs=[1e100, 1.0, -1e100, 1e-100])
@example(xs=[-0.0])
@example(xs=[])
@example(xs=[float("inf"), 1.0])
@example(xs=[1.7976931348623157e308, 1.7976931348623157e308, -1.0])
def test_sum_of_floats_is_cpython_312s_compensated_sum(program: Compiled, xs: list[float]) -> None:
    expected = sum(xs) if sys.version_info >= (3, 12) else neumaier_sum(xs)
    assert same(program.call("total_float", xs), Outcome(value=float(expected)))


@given(xs=st.lists(ints, max_size=10), fs=st.lists(st.floats(), max_size=10))
@example(xs=[], fs=[])
@example(xs=[1], fs=[float("nan"), 1.0, -0.0, 0.0])
def test_min_max(program: Compiled, xs: list[int], fs: list[float]) -> None:
    program.check("lowest", xs)  # ValueError with CPython's message when empty
    program.check("highest", fs)


@given(xs=st.lists(texts, max_size=6), flags=st.lists(st.booleans(), max_size=5))
def test_min_max_of_str_and_bool(program: Compiled, xs: list[str], flags: list[bool]) -> None:
    program.check("extremes", xs)
    program.check("bool_extremes", flags)


@given(a=st.lists(small_ints, max_size=4), b=st.lists(small_ints, max_size=4))
def test_list_equality(program: Compiled, a: list[int], b: list[int]) -> None:
    program.check("same_ints", a, b)
    program.check("same_ints", a, list(a))


@given(
    a=st.lists(st.sampled_from([0.0, -0.0, 1.5, math.inf]), max_size=3),
    b=st.lists(st.sampled_from([0.0, -0.0, 1.5, math.inf]), max_size=3),
    s=st.lists(st.sampled_from(["", "a", "é"]), max_size=3),
    t=st.lists(st.sampled_from(["", "a", "é"]), max_size=3),
)
def test_list_equality_of_floats_and_strs(
    program: Compiled, a: list[float], b: list[float], s: list[str], t: list[str]
) -> None:
    program.check("same_floats", a, b)
    program.check("same_strs", s, t)


def test_nan_items_compare_by_value(program: Compiled) -> None:
    """A documented difference: CPython's == first asks whether two items are the same object,
    so a list holding one NaN object equals itself; unboxed floats have no identity."""
    nan = float("nan")
    assert program.call("same_floats", [nan], [nan]).value is False
    assert program.python["same_floats"]([nan], [nan]) is True


@given(
    a=st.tuples(small_ints, st.sampled_from([0.0, -0.0, 2.5]), st.sampled_from(["", "x"])),
    b=st.tuples(small_ints, st.sampled_from([0.0, -0.0, 2.5]), st.sampled_from(["", "x"])),
)
def test_tuple_and_dataclass_equality(program: Compiled, a: tuple, b: tuple) -> None:
    program.check("same_tuples", a, b)
    program.check("same_tuples", a, a)
    program.check("same_points", a[0], a[1], b[0], b[1])


def test_list_of_str_values_round_trip(program: Compiled) -> None:
    xs = ["", "a", "é", "𝄞" * 50]
    assert same_value(program.call("shout", xs).value, [x + "!" for x in xs])
