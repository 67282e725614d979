"""``issubclass(A, B)`` of two project classes (plain classes, dataclasses, any depth): a
constant, as CPython's answer cannot change once the class statements ran. Compiled vs
CPython."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
from dataclasses import dataclass

__all__ = ["legs", "table"]


class Animal:
    def __init__(self, legs: int) -> None:
        self.legs = legs


class Dog(Animal):
    def __init__(self) -> None:
        super().__init__(4)


class Puppy(Dog):
    pass


@dataclass
class Point:
    x: int


def table(weight: int) -> int:
    total = 0
    if issubclass(Puppy, Animal):
        total += weight
    if issubclass(Dog, Dog):
        total += 10 * weight
    if issubclass(Animal, Puppy):
        total += 100
    if issubclass(Point, Animal) or issubclass(Animal, Point):
        total += 1000
    return total + int(issubclass(Point, Point)) * 3


def legs() -> int:
    return Puppy().legs if issubclass(Puppy, Dog) else 0
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("corpus_issubclass"), SOURCE)


@given(weight=st.integers(-999, 999))
def test_issubclass_is_cpythons(program: Compiled, weight: int) -> None:
    program.check("table", weight)
    program.check("legs")
