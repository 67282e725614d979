"""Class attributes of plain classes (constants: ``default_width = 10``, read as
``Class.name``, ``cls.name`` or ``obj.name``, inherited by subclasses) and constructing a
class of another module as ``other.Class(...)``: compiled calls checked against CPython; a
class attribute that is not a constant, or that a subclass sets again, is rejected with
file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = '''
from typing import Final

import resattr_shapes

SCALE = 3


class Rectangle:
    """A rectangle with a default size."""

    default_width = 10
    default_height: int = default_width // 2
    unit: Final = "cm"
    ratio = SCALE * 1.5

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height

    def label(self) -> str:
        return f"{self.width}x{self.height} {self.unit}"

    @classmethod
    def default(cls) -> "Rectangle":
        return cls(cls.default_width * 1.0, Rectangle.default_height + 0.5)


class Square(Rectangle):
    def __init__(self, side: float) -> None:
        super().__init__(side, side)

    def grown(self) -> float:
        return self.width * self.ratio


def default_label() -> str:
    return Rectangle.default().label()


def square_label(side: float) -> str:
    return Square(side).label() + " " + str(Square(side).grown())


def constants() -> tuple[int, int, str, float]:
    return (Rectangle.default_width, Square.default_height, Square.unit, Rectangle.ratio)


def other_area(w: int, h: int) -> int:
    return resattr_shapes.Rect(w, h).area()
'''

SHAPES = """
class Rect:
    sides = 4

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height

    def area(self) -> int:
        return self.width * self.height * (self.sides // 4)
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(
        tmp_path_factory.mktemp("class_attributes"),
        SOURCE,
        module="resattr_kern",
        others={"resattr_shapes": SHAPES},
    )


def test_class_attributes(program: Compiled) -> None:
    program.check("default_label")
    program.check("constants")


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(2**31), 2**31))
def test_inherited_class_attributes_and_other_modules_classes(
    program: Compiled, side: float, n: int
) -> None:
    program.check("square_label", side)
    program.check("other_area", n, 3)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            class Bag:
                items = []

                def __init__(self) -> None:
                    self.n = 0

            def f() -> int:
                return Bag().n
            """,
            "kern.py:3: the class attribute Bag.items (not a constant) is outside the compiled "
            "subset",
        ),
        (
            """
            class Base:
                size = 1

                def __init__(self) -> None:
                    self.n = 0

                def get(self) -> int:
                    return self.size

            class Sub(Base):
                size = 2

            def f() -> int:
                return Sub().get()
            """,
            "kern.py:9: the class attribute 'size' of Base set again in the subclass Sub is "
            "outside the compiled subset",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)) == expected
