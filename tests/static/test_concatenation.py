"""``a + b`` of two lists (``tuple[T, ...]`` is one too) and of two tuples: a new sequence, both
operands evaluated first; other operators on sequences are rejected at file:line; compiled vs
CPython."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import INT_MAX, INT_MIN, Compiled
from .test_lower import rejection

SOURCE = """
def doubled(values: tuple[int, ...]) -> int:
    both = values + values
    total = 0
    for k, x in enumerate(both):
        total += (k + 1) * x
    return total + len(both)


def joined(a: list[str], b: list[str]) -> list[str]:
    c = a + b
    c.append("|")
    return c + a + b


def _grow(xs: list[int]) -> list[int]:
    xs.append(len(xs))
    return xs


def evaluated_first(xs: list[int]) -> list[int]:
    return xs + _grow(xs)


def fields(a: tuple[int, float], b: tuple[str]) -> tuple[int, float, str, int, float]:
    return a + b + a


def rebound(t: tuple[int, ...], u: tuple[int, ...]) -> tuple[int, int, int, int]:
    alias = t
    t += u
    t += t[1:]
    return len(alias), len(t), sum(t), sorted(t, reverse=True)[0] if t else -1


def nested(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:
    c = a + b
    if c:
        c[0].append(7)
    return c + a
"""

ints = st.integers(INT_MIN // 100, INT_MAX // 100)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("concatenation"), SOURCE)


@given(values=st.lists(st.integers(-1000, 1000), max_size=8))
def test_variable_tuple_plus_itself(program: Compiled, values: list[int]) -> None:
    got = program.call("doubled", values)  # a tuple[int, ...] crosses WIT as a list
    assert got == program.reference("doubled", tuple(values))


@given(a=st.lists(st.text(max_size=3), max_size=4), b=st.lists(st.text(max_size=3), max_size=4))
def test_lists_of_str(program: Compiled, a: list[str], b: list[str]) -> None:
    program.check("joined", a, b)


@given(xs=st.lists(ints, max_size=5))
def test_operands_evaluated_before_joining(program: Compiled, xs: list[int]) -> None:
    program.check("evaluated_first", xs)


@given(
    a=st.tuples(ints, st.floats()),
    b=st.tuples(st.text(max_size=3)),
    x=st.lists(st.lists(ints, max_size=3), max_size=3),
    y=st.lists(st.lists(ints, max_size=3), max_size=3),
)
def test_tuples_and_nested_lists(
    program: Compiled, a: tuple[int, float], b: tuple[str], x: list[list[int]], y: list[list[int]]
) -> None:
    program.check("fields", a, b)
    program.check("nested", x, y)  # the inner lists are shared, as CPython's shallow copy


@given(t=st.lists(st.integers(-99, 99), max_size=4), u=st.lists(st.integers(-99, 99), max_size=4))
def test_tuple_augmented_add_binds_a_new_tuple(
    program: Compiled, t: list[int], u: list[int]
) -> None:
    got = program.call("rebound", t, u)
    assert got == program.reference("rebound", tuple(t), tuple(u))  # the alias keeps its length


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(values: tuple[int, ...]) -> int:\n    return len(values * 2)\n",
            "kern.py:2: the operator Mult on tuple[int, ...] and int",
        ),
        (
            "def f(a: list[int], b: list[int]) -> int:\n    return len(a - b)\n",
            "kern.py:2: the operator Sub on list[int] and list[int] is outside the compiled subset",
        ),
        (
            "def f(a: list[int], b: list[float]) -> int:\n    return len(a + b)\n",
            "kern.py:2: the operator + on a list[int] and a list[float] is outside",
        ),
        (
            "def f(a: tuple[int, int], b: tuple[int, int]) -> int:\n    return len(a * b)\n",
            "kern.py:2: the operator Mult on tuple[int, int] and tuple[int, int]",
        ),
        (
            "from enum import Enum\nclass C(Enum):\n    A = 1\n"
            "def f(a: C, b: C) -> int:\n    return a + b\n",
            "kern.py:5: the operator Add on C is outside the compiled subset",
        ),
        (
            "def f(t: tuple[int, ...]) -> int:\n    t.append(1)\n    return 0\n",
            "kern.py:2: append() of a tuple[int, ...] (a tuple cannot change)",
        ),
        (
            "def f(t: tuple[int, ...]) -> int:\n    t[0] = 1\n    return 0\n",
            "kern.py:2: item assignment of a tuple[int, ...] (a tuple cannot change)",
        ),
        (
            "def f(t: tuple[int, ...]) -> int:\n    t[0] += 1\n    return 0\n",
            "kern.py:2: item assignment of a tuple[int, ...] (a tuple cannot change)",
        ),
        (
            "def f(t: tuple[str, ...]) -> str:\n    return t.pop()\n",
            "kern.py:2: a tuple[str, ...] has no method pop()",
        ),
        (
            "def f(t: tuple[int, ...]) -> list[int]:\n    return t\n",
            "kern.py:2: the returned value is tuple[int, ...], expected list[int]",
        ),
    ],
)
def test_other_operators_rejected_with_file_and_line(
    tmp_path: Path, source: str, expected: str
) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)
