"""Functions whose cost is the call itself: what crossing the component boundary adds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Point:
    x: float
    y: float
    label: str


def add(a: int, b: int) -> int:
    return a + b


def echo_point(point: Point) -> Point:
    return point


def echo_list(values: list[int]) -> list[int]:
    return values


@dataclass
class Vec:
    x: float
    y: float


def norm2(v: Vec) -> float:
    return v.x * v.x + v.y * v.y


def total(values: list[int]) -> int:
    return sum(values)
