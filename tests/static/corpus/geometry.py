"""Points, rectangles and distances."""

from dataclasses import dataclass
from math import hypot, sqrt


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass
class Rect:
    origin: Point
    width: float
    height: float


def distance(a: Point, b: Point) -> float:
    return sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2)


def manhattan(a: Point, b: Point) -> float:
    return abs(a.x - b.x) + abs(a.y - b.y)


def perimeter(points: list[Point]) -> float:
    total = 0.0
    for i in range(len(points)):
        j = (i + 1) % len(points)
        total += hypot(points[j].x - points[i].x, points[j].y - points[i].y)
    return total


def centroid(points: list[Point]) -> Point:
    if not points:
        raise ValueError("no points")
    sx = 0.0
    sy = 0.0
    for p in points:
        sx += p.x
        sy += p.y
    return Point(sx / len(points), sy / len(points))
