"""Stock keeping: a resource that lives inside the component between calls."""

from __future__ import annotations

from shop.errors import OutOfStock, UnknownItem
from shop.host import log
from shop.models import Category, Item

__all__ = ["Stock", "restock_plan"]


class Stock:
    """The stock of a shop: how many of each item is left."""

    def __init__(self, items: list[Item], counts: dict[str, int]) -> None:
        negative = sorted(sku for sku, n in counts.items() if n < 0)
        if negative:
            raise ValueError(f"negative counts for {', '.join(negative)}")
        self._items = {item.sku: item for item in items}
        self._counts = {sku: counts.get(sku, 0) for sku in self._items}

    def count(self, sku: str) -> int | None:
        """How many are left, or None for an unknown SKU."""
        return self._counts.get(sku)

    def reserve(self, sku: str, quantity: int) -> int:
        """Take ``quantity`` out of the stock; returns what is left."""
        if sku not in self._counts:
            raise UnknownItem(sku)
        if quantity > self._counts[sku]:
            raise OutOfStock(f"{sku}: {quantity} wanted, {self._counts[sku]} left")
        self._counts[sku] -= quantity
        log(f"reserved {quantity} x {sku}")
        return self._counts[sku]

    def by_category(self) -> dict[Category, list[str]]:
        """The SKUs in stock, per category."""
        grouped: dict[Category, list[str]] = {}
        for sku, item in sorted(self._items.items()):
            if self._counts[sku] > 0:
                grouped.setdefault(item.category, []).append(sku)
        return grouped

    def find(self, sku: str) -> Item | None:
        return self._items.get(sku)


def restock_plan(counts: dict[str, int], minimum: int) -> list[tuple[str, int]]:
    """What to order so every SKU has at least ``minimum`` (lazily uses shop.planning)."""
    from shop import planning  # imported at run time only: the build bundles it anyway

    return planning.shortfall(counts, minimum)
