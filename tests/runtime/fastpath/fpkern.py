"""The fast path's test guest: every type the static backend passes across the boundary, and
functions that raise, trap and hit limits. Compiled by the static backend in
test_corecall.py; run natively by CPython as the reference."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum


@dataclass
class Vec:
    x: float
    y: float


@dataclass
class Item:
    name: str
    count: int
    fresh: bool
    tags: list[str]


class Shade(Enum):
    LIGHT = "light"
    DARK = "dark"


class Level(IntEnum):
    LOW = 1
    HIGH = 7


@dataclass
class Box:
    corner: Vec
    size: Vec
    shade: Shade
    label: str | None


def add(a: int, b: int) -> int:
    return a + b


def norm2(v: Vec) -> float:
    return v.x * v.x + v.y * v.y


def total(values: list[int]) -> int:
    return sum(values)


def scale(values: list[float], k: float) -> list[float]:
    return [v * k for v in values]


def negate(values: list[bool]) -> list[bool]:
    return [not v for v in values]


def is_positive(x: float) -> bool:
    return x > 0


def greet(name: str) -> str:
    return "hello " + name + "!"


def shout(words: list[str]) -> list[str]:
    return [w + "!" for w in words]


def pair(a: int, s: str) -> tuple[int, str]:
    return (a, s)


def swap(t: tuple[str, int]) -> tuple[int, str]:
    return (t[1], t[0])


def restock(item: Item, extra: int) -> Item:
    return Item(item.name, item.count + extra, item.fresh, item.tags)


def vecs(n: int) -> list[Vec]:
    return [Vec(float(i), -0.5 * i) for i in range(n)]


def grid(n: int) -> list[list[int]]:
    return [[i * j for j in range(n)] for i in range(n)]


def points(ps: list[tuple[int, float]]) -> float:
    s = 0.0
    for p in ps:
        s += p[0] * p[1]
    return s


def pick(xs: list[int], i: int) -> int:
    return xs[i]


def check(a: int) -> None:
    if a < 0:
        raise ValueError("negative")


def divide(a: int, b: int) -> float:
    return a / b


def spin(n: int) -> int:
    i = 0
    while i >= 0:
        i = (i + n) % 1000
    return i


def grow(n: int) -> int:
    xs = [0]
    while len(xs) > 0:
        xs.append(n)
    return len(xs)


def deep(n: int) -> int:
    return deep(n + 1) + 1


def flip(shade: Shade) -> Shade:
    return Shade.DARK if shade == Shade.LIGHT else Shade.LIGHT


def levels(xs: list[int]) -> list[Level]:
    return [Level.HIGH if x > 3 else Level.LOW for x in xs]


def maybe_half(x: int | None) -> float | None:
    if x is None:
        return None
    return x / 2


def first_word(words: list[str]) -> str | None:
    for w in words:
        if w != "":
            return w
    return None


def grow_box(box: Box, by: float) -> Box:
    return Box(box.corner, Vec(box.size.x + by, box.size.y + by), box.shade, box.label)


def labels(boxes: list[Box]) -> list[str | None]:
    return [b.label for b in boxes]
