"""Class attributes of plain classes (constants: ``default_width = 10``, read as
``Class.name``, ``cls.name`` or ``obj.name``, inherited by subclasses) and constructing a
class of another module as ``other.Class(...)``: compiled calls checked against CPython; a
class attribute that is not a constant, or that a subclass sets again, and assigning a
property without a setter (or calling its setter in ``__init__`` before every attribute is
set) are rejected with file:line. Setters themselves: tests/static/test_resources.py."""

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

__all__ = ["constants", "default_label", "money_equal", "square_label"]  # (classes: internal)

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


class Money:
    def __init__(self, cents: int, currency: str) -> None:
        self.cents = cents
        self.currency = currency

    def __eq__(self, other: "Money") -> bool:
        return self.cents == other.cents and self.currency == other.currency

    def __len__(self) -> int:
        return len(self.currency)


def money_equal(a: int, b: int, currency: str) -> tuple[bool, bool, int]:
    x, y = Money(a, currency), Money(b, "EUR")
    return (x == y, x != y, x.__len__())
'''

#: ``other.Class(...)``: a module constructing a class of another (resattr_shapes)
USER = """
import resattr_shapes


def other_area(w: int, h: int) -> int:
    return resattr_shapes.Rect(w, h).area()
"""

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
    return Compiled(tmp_path_factory.mktemp("class_attributes"), SOURCE)


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(
        tmp_path_factory.mktemp("class_of_another_module"),
        USER,
        module="resattr_user",
        others={"resattr_shapes": SHAPES},
    )


@given(st.integers(-3, 3), st.integers(-3, 3), st.sampled_from(["EUR", "USD", ""]))
def test_eq_of_objects_calls_their_eq(program: Compiled, a: int, b: int, currency: str) -> None:
    program.check("money_equal", a, b, currency)


def test_class_attributes(program: Compiled) -> None:
    program.check("default_label")
    program.check("constants")


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_inherited_class_attributes(program: Compiled, side: float) -> None:
    program.check("square_label", side)


@given(st.integers(-(2**31), 2**31))
def test_a_class_of_another_module(user: Compiled, n: int) -> None:
    user.check("other_area", n, 3)


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
        (
            """
            class Box:
                def __init__(self, n: int) -> None:
                    self.n = n

                @property
                def size(self) -> int:
                    return self.n

            def f(n: int) -> int:
                b = Box(n)
                b.size = 3
                return b.n
            """,
            "kern.py:12: assigning the property Box.size without a setter (CPython raises "
            "AttributeError) is outside the compiled subset",
        ),
        (
            """
            class Box:
                def __init__(self, n: int) -> None:
                    self.size = n
                    self.n = n

                @property
                def size(self) -> int:
                    return self.n

                @size.setter
                def size(self, value: int) -> None:
                    self.n = value

            def f(n: int) -> int:
                return Box(n).size
            """,
            "kern.py:4: calling the setter of Box.size before every attribute is assigned is "
            "outside the compiled subset",
        ),
        (
            """
            class Base:
                def __init__(self, n: int) -> None:
                    self.n = n

                def __eq__(self, other: Base) -> bool:
                    return self.n == other.n

            class Sub(Base):
                def __eq__(self, other: Base) -> bool:
                    return False

            def f(n: int) -> bool:
                return Base(n) == Base(n)
            """,
            "kern.py:14: == of Base and Base, where Sub has another __eq__ is outside the "
            "compiled subset",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)) == expected
