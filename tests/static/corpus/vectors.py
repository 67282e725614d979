"""2-D vectors with methods."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Vec2:
    x: float
    y: float

    def add(self, other: Vec2) -> Vec2:
        return Vec2(self.x + other.x, self.y + other.y)

    def scale(self, k: float) -> Vec2:
        return Vec2(self.x * k, self.y * k)

    @property
    def length(self) -> float:
        return math.sqrt(self.x * self.x + self.y * self.y)


def path_length(points: list[Vec2]) -> float:
    total = 0.0
    for i in range(1, len(points)):
        total += points[i].add(points[i - 1].scale(-1.0)).length
    return total


def midpoint(a: Vec2, b: Vec2) -> Vec2:
    return a.add(b).scale(0.5)
