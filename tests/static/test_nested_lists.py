"""Lists of lists (any depth, of every list item type): built with comprehensions and [x] * n,
item assignment through two indices, iteration, as parameters and results (list<list<...>>
converted by generated helpers); compiled vs CPython."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def grid(n: int, m: int) -> list[list[int]]:
    g = [[0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            g[i][j] = i * j
    g.append([])
    return g


def transpose(g: list[list[float]]) -> list[list[float]]:
    if not g:
        return []
    return [[row[j] for row in g] for j in range(len(g[0]))]


def rows(g: list[list[str]]) -> list[str]:
    out: list[str] = []
    for r in g:
        s = ""
        for w in r:
            s = s + w
        out.append(s)
    return out


def depth(g: list[list[list[bool]]]) -> list[list[int]]:
    return [[len(b) + sum(b) for b in a] for a in g]
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("nested_lists"), SOURCE)


@given(n=st.integers(-1, 6), m=st.integers(-1, 6))
def test_grid(program: Compiled, n: int, m: int) -> None:
    program.check("grid", n, m)


@given(
    width=st.integers(1, 4),
    values=st.lists(st.floats(allow_nan=False), max_size=12),
)
def test_transpose(program: Compiled, width: int, values: list[float]) -> None:
    g = [values[i : i + width] for i in range(0, len(values) - len(values) % width, width)]
    program.check("transpose", g)  # IndexError when a row is short, as CPython


@given(
    g=st.lists(st.lists(st.text(max_size=2), max_size=3), max_size=4),
    h=st.lists(st.lists(st.lists(st.booleans(), max_size=3), max_size=3), max_size=3),
)
def test_strs_and_three_levels(
    program: Compiled, g: list[list[str]], h: list[list[list[bool]]]
) -> None:
    program.check("rows", g)
    program.check("depth", h)


def test_ragged_rows_raise_index_error(program: Compiled) -> None:
    program.check("transpose", [[1.0, 2.0], [3.0]])
