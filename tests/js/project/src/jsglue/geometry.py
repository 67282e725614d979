"""Points, shapes and labels."""

from dataclasses import dataclass
from enum import Enum, Flag, auto

from jsglue.points import Point

__all__ = ["add", "area", "describe", "midpoint", "nothing", "safe_divide"]


class Color(Enum):
    RED = auto()
    DARK_GREEN = auto()
    BLUE = auto()


class Style(Flag):
    BOLD = auto()
    ITALIC = auto()


@dataclass
class Label:
    text: str
    color: Color
    at: Point | None
    style: Style


@dataclass
class Circle:
    radius: float


@dataclass
class Square:
    side: float


Shape = Circle | Square


def add(a: int, b: int) -> int:
    return a + b


def midpoint(a: Point, b: Point) -> Point:
    return Point((a.x + b.x) / 2, (a.y + b.y) / 2)


def describe(l: Label) -> str:  # noqa: E741 (the parameter's name is part of the WIT under test)
    styles = [s.name.lower() for s in Style if s in l.style]
    where = f" at ({l.at.x}, {l.at.y})" if l.at is not None else ""
    return f"{l.text} in {l.color.name.lower()}{where} [{','.join(styles)}]"


def area(s: Shape) -> float:
    if isinstance(s, Circle):
        return 3.0 * s.radius**2
    return s.side**2


def safe_divide(a: float, b: float) -> float:
    if b == 0:
        raise ZeroDivisionError("cannot divide by zero")
    return a / b


def nothing() -> None:
    return None
