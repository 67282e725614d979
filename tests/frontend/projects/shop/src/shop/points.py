"""Points alone: shares Point with the shop component's types."""

from shop.models import Point


def norm(p: Point) -> float:
    return (p.x**2 + p.y**2) ** 0.5


def origin() -> Point:
    return Point(0.0, 0.0)
