"""Dataclasses holding dataclasses: fields, construction, equality, and crossing the ABI
(a record inside a record, also inside a list of records), checked against CPython."""

from __future__ import annotations

import types

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wasmtime import component as C

from .harness import Compiled, same

SOURCE = """
from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float


@dataclass
class Box:
    corner: Point
    size: Point
    label: str


def area(box: Box) -> float:
    return box.size.x * box.size.y


def moved(box: Box, dx: float) -> Box:
    return Box(Point(box.corner.x + dx, box.corner.y), box.size, box.label + "'")


def widest(boxes: list[Box]) -> Box:
    best = boxes[0]
    for b in boxes:
        if b.size.x > best.size.x:
            best = b
    return best


def same_corner(a: Box, b: Box) -> bool:
    return a.corner == b.corner
"""

floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e100, max_value=1e100)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("nested_records"), SOURCE)


def boxes(program: Compiled) -> st.SearchStrategy[object]:
    point = st.builds(program.python["Point"], floats, floats)
    return st.builds(program.python["Box"], point, point, st.text(max_size=4))


def as_record(box: object) -> object:
    """A Box as wasmtime lowers a record (attributes by WIT field name)."""
    return types.SimpleNamespace(
        corner=types.SimpleNamespace(**vars(box.corner)),  # type: ignore[attr-defined]
        size=types.SimpleNamespace(**vars(box.size)),  # type: ignore[attr-defined]
        label=box.label,  # type: ignore[attr-defined]
    )


@given(data=st.data(), dx=floats)
def test_records_in_records(program: Compiled, data: st.DataObject, dx: float) -> None:
    a, b = data.draw(boxes(program)), data.draw(boxes(program))
    for name, args in (("area", (a,)), ("moved", (a, dx)), ("same_corner", (a, b))):
        got = program.call(name, *(as_record(x) if x in (a, b) else x for x in args))
        assert same(got, program.reference(name, *args)), name
    many = data.draw(st.lists(boxes(program), min_size=1, max_size=4))
    got = program.call("widest", [as_record(x) for x in many])
    assert isinstance(got.value, C.Record)
    assert same(got, program.reference("widest", many))
