"""Every row of the type table in one module, for the adapter test (not built: run on the host)."""

import enum
from dataclasses import dataclass
from typing import Annotated, NamedTuple


class Color(enum.Enum):
    RED = 1
    DARK_GREEN = 2


class Perm(enum.Flag):
    READ = enum.auto()
    WRITE = enum.auto()


class Point(NamedTuple):
    x: float
    y: float


@dataclass
class Circle:
    center: Point
    radius: float


@dataclass
class Square:
    side: float


Shape = Circle | Square


class Counter:
    def __init__(self, start: int) -> None:
        self.n = start

    def incr(self, by: Annotated[int, "u8"]) -> int:
        self.n += by
        return self.n

    @staticmethod
    def zero() -> "Counter":
        return Counter(0)


def mix(c: Color, p: Perm) -> tuple[Color, Perm]:
    return c, p | Perm.READ


def largest(shapes: list[Shape | None]) -> dict[str, Shape]:
    return {type(s).__name__: s for s in shapes if s is not None}


def blob(b: bytes) -> bytes:
    return b[::-1]


def by_color(d: dict[Color, list[Point]]) -> list[tuple[Color, Point]]:
    return [(c, p) for c, ps in d.items() for p in ps]


def counters(n: int) -> list[Counter]:
    return [Counter(i) for i in range(n)]


def total(c: Counter) -> int:
    return c.n


def fail(msg: str) -> None:
    raise KeyError(msg)
