"""Areas of shapes with a common base class."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod

__all__ = ["total_area"]


class Shape(ABC):
    @abstractmethod
    def area(self) -> float: ...


class Circle(Shape):
    def __init__(self, r: float) -> None:
        self.r = r

    def area(self) -> float:
        return math.pi * self.r * self.r


class Square(Shape):
    def __init__(self, side: float) -> None:
        self.side = side

    def area(self) -> float:
        return self.side * self.side


def total_area(radii: list[float], sides: list[float]) -> float:
    shapes: list[Shape] = [Circle(r) for r in radii]
    shapes += [Square(s) for s in sides]
    return sum(s.area() for s in shapes)
