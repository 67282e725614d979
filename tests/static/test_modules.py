"""Several modules in one component: an exported module imports functions, dataclasses and
constants from other modules of the project (``from pkg.other import f, Point``, ``import
pkg.other as o``, ``from . import other``), and they are compiled with it. Calls checked against
CPython importing the same package."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SHAPES = '''
"""Shapes, used by the geometry module."""

from dataclasses import dataclass

ORIGIN_X = 0.0
SIDES = (3, 4, 5)


@dataclass
class Point:
    x: float
    y: float


def manhattan(a: Point, b: Point) -> float:
    return abs(a.x - b.x) + abs(a.y - b.y)
'''

UNITS = """
from multimod.shapes import SIDES

FACTOR: int = 10


def scale(n: int) -> int:
    return n * FACTOR + SIDES[0]
"""

GEOMETRY = '''
"""The exported module."""

from __future__ import annotations

import multimod.units as units
from multimod.shapes import ORIGIN_X, Point, manhattan
from . import units as again


def distance_from_origin(x: float, y: float) -> float:
    return manhattan(Point(ORIGIN_X, 0.0), Point(x, y))


def scaled(n: int) -> int:
    return units.scale(n) + again.scale(1) - again.FACTOR


def corner(x: float) -> Point:
    return Point(x, ORIGIN_X)
'''


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    root: Path = tmp_path_factory.mktemp("modules")
    others = {"multimod.shapes": SHAPES, "multimod.units": UNITS}
    return Compiled(root, GEOMETRY, "multimod.geometry", others)


floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@given(x=floats, y=floats)
def test_functions_and_dataclasses_of_another_module(program: Compiled, x: float, y: float) -> None:
    program.check("distance_from_origin", x, y)
    program.check("corner", x)


@given(n=st.integers(-(2**63), 2**63 - 1))
def test_module_aliases_and_imported_constants(program: Compiled, n: int) -> None:
    program.check("scaled", n)


def test_the_imported_modules_are_compiled_into_the_component(program: Compiled) -> None:
    names = {f.name for f in program.component.exports[0].functions}
    assert names == {"distance_from_origin", "scaled", "corner"}
    assert len(program.component.exports) == 1  # the others are compiled in, not exported
