from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Optional

from .models import Point


@dataclass
class Circle:
    center: Point
    radius: float


@dataclass
class Square:
    corner: Point
    side: float


Shape = Circle | Square


def area(shape: Shape) -> float:
    """The area of a shape.

    Circles and squares only.
    """
    return 0.0


def biggest(shapes: list[Circle | Square]) -> Optional[Circle | Square]:  # noqa: UP045
    return None


def pack(data: bytes, level: Annotated[int, "u8"] = 3) -> dict[str, tuple[int, bool]]:
    return {}


def initial(name: str) -> Annotated[str, "char"]:
    return name[0]
