"""Tuples and @dataclass values: parameters, results, construction, fields, unpacking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wasmtime import component as C

from .harness import Compiled

SOURCE = """
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


@dataclass
class Item:
    name: str
    count: int
    fresh: bool
    price: float


def midpoint(a: Point, b: Point) -> Point:
    return Point((a.x + b.x) / 2.0, y=(a.y + b.y) / 2.0)


def restock(item: Item, extra: int) -> Item:
    item.count += extra
    item.fresh = True
    return item


def label(item: Item) -> str:
    return f"{item.name} x{item.count}"


def divmod_pair(a: int, b: int) -> tuple[int, int]:
    return (a // b, a % b)


def swap(pair: tuple[str, float]) -> tuple[float, str]:
    name, value = pair
    return value, name


def norm1(p: tuple[int, int, int]) -> int:
    return abs(p[0]) + abs(p[1]) + abs(p[-1])
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("struct"), SOURCE)


def fields(value: object) -> dict[str, object]:
    return vars(value) if isinstance(value, C.Record) else {}


floats = st.floats(-1e300, 1e300)


@given(ax=floats, ay=floats, bx=floats, by=floats)
def test_dataclass_in_and_out(
    program: Compiled, ax: float, ay: float, bx: float, by: float
) -> None:
    Point = program.python["Point"]
    got = program.call("midpoint", Point(ax, ay), Point(bx, by)).value
    expected = program.python["midpoint"](Point(ax, ay), Point(bx, by))
    assert fields(got) == {"x": expected.x, "y": expected.y}


@given(name=st.text(max_size=20), count=st.integers(-(10**9), 10**9), fresh=st.booleans(),
       price=floats, extra=st.integers(-(10**9), 10**9))  # fmt: skip
def test_mixed_fields_and_mutation(
    program: Compiled, name: str, count: int, fresh: bool, price: float, extra: int
) -> None:
    Item = program.python["Item"]
    got = program.call("restock", Item(name, count, fresh, price), extra).value
    expected = program.python["restock"](Item(name, count, fresh, price), extra)
    assert fields(got) == vars(expected)
    program.check("label", Item(name, count, fresh, price))


@given(a=st.integers(-(10**12), 10**12), b=st.integers(-50, 50))
def test_tuple_results(program: Compiled, a: int, b: int) -> None:
    program.check("divmod_pair", a, b)


@given(name=st.text(max_size=10), value=floats)
def test_tuple_params_and_unpacking(program: Compiled, name: str, value: float) -> None:
    program.check("swap", (name, value))


@given(p=st.tuples(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9), st.integers(-5, 5)))
def test_constant_indices(program: Compiled, p: tuple[int, int, int]) -> None:
    program.check("norm1", p)
