"""Lists of tuples and dataclasses: parameters and results (list<record>/list<tuple> in their
canonical layout, converted by generated helpers), displays, append, indexing with IndexError,
negative indices, iteration, mutation through an item, slicing, an empty [] where a field or
result type says what it is; compiled vs CPython."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
from dataclasses import dataclass


@dataclass
class Item:
    name: str
    price: float
    count: int
    fresh: bool
    tags: list[str]


def total(items: list[Item]) -> float:
    s = 0.0
    for it in items:
        s += it.price * it.count
    return s


def restock(items: list[Item], extra: int) -> list[Item]:
    out: list[Item] = []
    for it in items:
        it.count += extra
        it.tags.append("restocked")
        out.append(it)
    out.append(Item("new", 1.0, extra, True, []))
    return out[::-1]


def pick(items: list[Item], i: int) -> Item:
    return items[i]


def pairs(n: int) -> list[tuple[int, str]]:
    out = [(0, "zero")]
    for i in range(1, n):
        out.append((i, str(i * i)))
    return out[:n]


def firsts(ps: list[tuple[bool, float, list[int]]]) -> list[bool]:
    out: list[bool] = []
    for p in ps:
        out.append(p[0] and len(p[2]) > 0)
    return out


def nothing() -> list[Item]:
    return []
"""


@dataclass
class Item:  # the host's view of the record
    name: str
    price: float
    count: int
    fresh: bool
    tags: list[str]


items = st.lists(
    st.builds(Item, st.text(max_size=4), st.floats(-1e6, 1e6), st.integers(-1000, 1000),
              st.booleans(), st.lists(st.text(max_size=3), max_size=3)),
    max_size=5,
)  # fmt: skip


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("list_of_structs"), SOURCE)


def python_items(xs: list[Item], program: Compiled) -> list[object]:
    cls = program.python["Item"]
    return [cls(x.name, x.price, x.count, x.fresh, list(x.tags)) for x in xs]


@given(xs=items, extra=st.integers(-5, 5), i=st.integers(-7, 7))
def test_list_of_dataclasses(program: Compiled, xs: list[Item], extra: int, i: int) -> None:
    program.check("total", python_items(xs, program))
    program.check("restock", python_items(xs, program), extra)
    program.check("pick", python_items(xs, program), i)  # IndexError beyond the ends


@given(n=st.integers(-2, 8))
def test_list_of_tuples_built_and_returned(program: Compiled, n: int) -> None:
    program.check("pairs", n)
    program.check("nothing")


triples = st.tuples(st.booleans(), st.floats(), st.lists(st.integers(-3, 3), max_size=2))


@given(ps=st.lists(triples, max_size=5))
def test_list_of_tuples_holding_lists(program: Compiled, ps: list[tuple]) -> None:
    program.check("firsts", ps)
