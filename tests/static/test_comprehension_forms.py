"""Comprehensions with tuple targets (``[(k, v) for k, v in items]``) and with several ``for``
clauses (``[x for row in m for x in row]``, later sources reading earlier variables, ifs
between them), also as dict and set comprehensions and generators consumed by sum/min/max:
compiled vs CPython with hypothesis inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
def swapped(items: list[tuple[int, str]]) -> list[tuple[str, int]]:
    return [(v, k) for k, v in items]


def as_dict(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    d = {k: v * 2 for k, v in items if v % 3 != 0}
    out: list[tuple[str, int]] = []
    for k, v in d.items():
        out.append((k, v))
    return out


def flatten(m: list[list[int]]) -> list[int]:
    return [x for row in m for x in row]


def pairs(n: int, m: int) -> list[int]:
    return [x * 10 + y for x in range(n) if x > 0 for y in range(m) if y != x]


def triangle(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i)]


def total(m: list[list[float]]) -> float:
    return sum(x for row in m for x in row) + 0.0  # (an empty sum is the int 0)


def extreme(m: list[list[int]]) -> int:
    return max(x * y for x in range(3) for y in m[x % len(m)]) if len(m) > 0 else 0


def distinct(m: list[list[int]]) -> int:
    return len({x % 4 for row in m for x in row})


def scope(items: list[tuple[int, int]]) -> tuple[int, list[int]]:
    k = 100
    ys = [k + v for k, v in items]
    return k, ys


def rows(records: list[tuple[str, list[int]]]) -> list[str]:
    return [f"{name}:{n}" for name, values in records for n in values if n > 0]
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("corpus_comprehensions"), SOURCE)


small = st.integers(-9, 9)


@given(
    items=st.lists(st.tuples(small, st.text(max_size=2)), max_size=5),
    named=st.lists(st.tuples(st.text(max_size=2), small), max_size=5),
    m=st.lists(st.lists(small, max_size=4), max_size=4),
    n=st.integers(-1, 5),
    k=st.integers(-1, 4),
)
def test_tuple_targets_and_several_clauses(
    program: Compiled,
    items: list[tuple[int, str]],
    named: list[tuple[str, int]],
    m: list[list[int]],
    n: int,
    k: int,
) -> None:
    program.check("swapped", items)
    program.check("as_dict", named)
    program.check("flatten", m)
    program.check("pairs", n, k)
    program.check("triangle", n)
    program.check("total", [[x / 4 for x in row] for row in m])
    program.check("extreme", m)
    program.check("distinct", m)
    program.check("scope", [(a, len(b)) for a, b in items])
    program.check("rows", [(s, [x for x, _ in items]) for s, _ in named])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(xs: list[tuple[int, int]]) -> list[int]:\n    return [a for a, b, c in xs]\n",
            "kern.py:2: cannot unpack a tuple[int, int] into 3 names",
        ),
        (
            "def f(xs: list[int]) -> list[int]:\n    return [a for a, b in xs]\n",
            "kern.py:2: cannot unpack an item of type int into (a, b)",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, source).startswith(expected)
