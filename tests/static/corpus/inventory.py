"""A small stock keeper."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["restock_plan", "stock_value"]

REORDER_LEVEL = 5


@dataclass
class Product:
    name: str
    price_cents: int
    stock: int


class Warehouse:
    def __init__(self, name: str) -> None:
        self.name = name
        self.products: list[Product] = []

    def add(self, product: Product) -> None:
        self.products.append(product)

    @property
    def value(self) -> int:
        total = 0
        for p in self.products:
            total += p.price_cents * p.stock
        return total

    def low_stock(self, level: int = REORDER_LEVEL) -> list[str]:
        return [p.name for p in self.products if p.stock < level]


def stock_value(products: list[Product]) -> int:
    warehouse = Warehouse("main")
    for p in products:
        warehouse.add(p)
    return warehouse.value


def restock_plan(products: list[Product], level: int) -> list[str]:
    warehouse = Warehouse("main")
    for p in products:
        warehouse.add(p)
    return warehouse.low_stock(level=level)
