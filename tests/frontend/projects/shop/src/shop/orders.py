"""Orders and counters."""

from __future__ import annotations

from shop import models
from shop.models import Item, OutOfStock, Perm

__all__ = ["Counter", "place", "Perm", "OutOfStock", "export"]


class Counter:
    """Counts things."""

    def __init__(self, start: int = 0) -> None:
        self.n = start

    def incr(self, by: int) -> int:
        """Add."""
        self.n += by
        return self.n

    def merge(self, other: Counter) -> Counter:
        return Counter(self.n + other.n)

    @staticmethod
    def zero() -> Counter:
        return Counter()

    def _private(self) -> None:
        pass


def place(items: list[Item], color: models.Color, perms: Perm) -> None:
    if not items:
        raise OutOfStock("none")


def export(records: list[models.Point]) -> bytes:
    return b""


def helper() -> int:
    return 1
