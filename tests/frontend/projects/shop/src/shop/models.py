"""Shared data of the shop."""

import enum
from dataclasses import dataclass
from typing import NamedTuple


class Color(enum.Enum):
    """A colour."""

    RED = 1
    """Warm."""
    GREEN = 2


class Perm(enum.Flag):
    READ = enum.auto()
    WRITE = enum.auto()


@dataclass
class Item:
    """One line of an order."""

    sku: str
    """Stock keeping unit."""
    count: int
    color: Color


class Point(NamedTuple):
    x: float
    y: float


class OutOfStock(Exception):
    pass
