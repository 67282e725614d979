"""Single inheritance of plain classes: abstract bases (abc.ABC, @abstractmethod), methods
inherited and overridden (a call on a base class's type runs the object's class's method),
super().__init__ and super().method(), isinstance, objects of subclasses in lists and variables
of the base class: differential tests against CPython with hypothesis inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hatch_pywasm.backends import static

from .harness import Compiled, analyze

SOURCE = """
from abc import ABC, abstractmethod

__all__ = ["descriptions", "kinds", "tally", "total_area"]


class Shape(ABC):
    @abstractmethod
    def area(self) -> float: ...

    def describe(self) -> str:
        return f"{self.kind()} of area {self.area()}"

    def kind(self) -> str:
        return "shape"


class Rect(Shape):
    def __init__(self, w: float, h: float) -> None:
        self.w = w
        self.h = h

    def area(self) -> float:
        return self.w * self.h

    def kind(self) -> str:
        return "rect"


class Square(Rect):
    def __init__(self, side: float) -> None:
        super().__init__(side, side)
        self.side = side

    def kind(self) -> str:
        return "square " + super().kind()


class Circle(Shape):
    def __init__(self, r: float) -> None:
        self.r = r

    def area(self) -> float:
        if self.r < 0:
            raise ValueError(f"negative radius {self.r}")
        return 3.0 * self.r * self.r


def _build(ws: list[float], rs: list[float]) -> list[Shape]:
    shapes: list[Shape] = [Rect(w, w + 1.0) for w in ws]
    shapes += [Circle(r) for r in rs]
    shapes.append(Square(2.0))
    return shapes


def descriptions(ws: list[float], rs: list[float]) -> list[str]:
    return [s.describe() for s in _build(ws, rs)]


def total_area(ws: list[float], rs: list[float]) -> float:
    return sum(s.area() for s in _build(ws, rs))


def kinds(ws: list[float], rs: list[float]) -> tuple[int, int, int, int]:
    rects = squares = circles = shapes = 0
    for s in _build(ws, rs):
        if isinstance(s, Rect):
            rects += 1
        if isinstance(s, Square):
            squares += 1
        if isinstance(s, Circle):
            circles += 1
        if isinstance(s, Shape):
            shapes += 1
    return rects, squares, circles, shapes


class Counter:
    def __init__(self) -> None:
        self.total = 0

    def add(self, n: int) -> None:
        self.total += n


class Doubling(Counter):
    def add(self, n: int) -> None:
        super().add(2 * n)


def tally(ns: list[int], double: bool) -> int:
    counter = Counter()
    if double:
        counter = Doubling()
    for n in ns:
        counter.add(n)
    return counter.total
"""

sizes = st.lists(st.integers(-40, 40).map(lambda n: n / 4), max_size=5)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("inheritance"), SOURCE)


@given(ws=sizes, rs=sizes)
def test_calls_run_the_objects_own_method(program: Compiled, ws: list[float], rs: list[float]):
    program.check("descriptions", ws, rs)  # the ValueError of a negative radius too
    program.check("total_area", ws, rs)
    program.check("kinds", ws, rs)


@given(ns=st.lists(st.integers(-100, 100), max_size=6), double=st.booleans())
def test_super_and_a_subclass_in_a_base_variable(program: Compiled, ns: list[int], double: bool):
    program.check("tally", ns, double)


def test_instantiating_an_abstract_class_is_refused(tmp_path: Path) -> None:
    exported = SOURCE.replace('"descriptions",', '"descriptions", "make",')
    source = exported + "\n\ndef make() -> float:\n    return Shape().area()\n"
    component = analyze(tmp_path, "kern", source)
    problems = static.check_subset(component, static.read_sources(tmp_path, component))
    line = source.splitlines().index("    return Shape().area()") + 1
    assert [str(p) for p in problems] == [
        f"kern.py:{line}: instantiating the abstract class Shape (CPython raises TypeError) is "
        "outside the compiled subset"
    ]
