"""Tuples and dataclasses holding lists (of int, float, bool, str): construction, field access,
mutation through the field, slicing, equality, as parameters and results; compiled vs CPython."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
from dataclasses import dataclass


@dataclass
class Order:
    name: str
    prices: list[float]
    tags: list[str]
    paid: bool


def total(o: Order) -> float:
    s = 0.0
    for p in o.prices:
        s += p
    return s + len(o.tags)


def tagged(o: Order, tag: str) -> Order:
    o.tags.append(tag)
    o.prices = o.prices[::-1]
    return o


def make(name: str, n: int) -> Order:
    return Order(name, [1.5] * n, [name, name + "!"], n > 2)


def split(xs: list[int], k: int) -> tuple[list[int], list[int], int]:
    return xs[:k], xs[k:], len(xs)


def same(a: Order, b: Order) -> int:
    return (a == b) + 2 * (a != b)


def flags(t: tuple[list[bool], str]) -> tuple[str, list[bool]]:
    return t[1], t[0][1:]


def twice(xs: list[str]) -> tuple[list[str], list[str]]:
    return xs, xs
"""


@dataclass
class Order:  # the host's view of the record, as CPython's module defines it
    name: str
    prices: list[float]
    tags: list[str]
    paid: bool


orders = st.builds(
    Order,
    st.text(max_size=5),
    st.lists(st.floats(-1e9, 1e9), max_size=5),
    st.lists(st.text(max_size=3), max_size=4),
    st.booleans(),
)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("struct_lists"), SOURCE)


def python_order(o: Order, program: Compiled) -> object:
    """The same value as an instance of the module's own dataclass (CPython's side)."""
    return program.python["Order"](o.name, list(o.prices), list(o.tags), o.paid)


@given(o=orders, tag=st.text(max_size=3))
def test_dataclass_with_list_fields(program: Compiled, o: Order, tag: str) -> None:
    program.check("total", python_order(o, program))
    program.check("tagged", python_order(o, program), tag)


@given(name=st.text(max_size=4), n=st.integers(-1, 5))
def test_constructed_with_lists(program: Compiled, name: str, n: int) -> None:
    program.check("make", name, n)


@given(a=orders, b=orders)
def test_equality_compares_the_lists(program: Compiled, a: Order, b: Order) -> None:
    program.check("same", python_order(a, program), python_order(b, program))
    program.check("same", python_order(a, program), python_order(a, program))


@given(xs=st.lists(st.integers(-5, 5), max_size=6), k=st.integers(-7, 7),
       flags=st.lists(st.booleans(), max_size=4), s=st.text(max_size=3))  # fmt: skip
def test_tuples_holding_lists(
    program: Compiled, xs: list[int], k: int, flags: list[bool], s: str
) -> None:
    program.check("split", xs, k)
    program.check("flags", (flags, s))


@given(xs=st.lists(st.text(max_size=3), max_size=4))
def test_one_list_of_str_returned_twice(program: Compiled, xs: list[str]) -> None:
    program.check("twice", xs)
