"""The test package's own types: the runtime must hand these back, not look-alikes."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float


class Color(enum.Enum):
    RED = 1
    DARK_GREEN = 2
    BLUE = 3


class Style(enum.Flag):
    BOLD = enum.auto()
    ITALIC = enum.auto()
    UNDERLINE = enum.auto()


@dataclass(frozen=True)
class Circle:
    radius: float


@dataclass(frozen=True)
class Square:
    side: float


Shape = Circle | Square


@dataclass(frozen=True)
class Label:
    text: str
    color: Color
    at: Point | None
    style: Style
    tags: list[str]
