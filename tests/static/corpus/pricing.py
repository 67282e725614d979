"""Order totals in cents, with discounts and tax."""

from __future__ import annotations

from dataclasses import dataclass, field

TAX_RATE_PERCENT = 8
BULK_THRESHOLD = 10
BULK_DISCOUNT_PERCENT = 5


@dataclass
class LineItem:
    sku: str
    unit_cents: int
    quantity: int = 1


@dataclass
class Order:
    customer: str
    items: list[LineItem] = field(default_factory=list)


def line_total(item: LineItem) -> int:
    total = item.unit_cents * item.quantity
    if item.quantity >= BULK_THRESHOLD:
        total -= total * BULK_DISCOUNT_PERCENT // 100
    return total


def subtotal(order: Order) -> int:
    return sum([line_total(item) for item in order.items])


def total_with_tax(order: Order) -> int:
    net = subtotal(order)
    return net + (net * TAX_RATE_PERCENT + 50) // 100


def most_expensive(order: Order) -> str:
    best = ""
    best_cents = -1
    for item in order.items:
        if line_total(item) > best_cents:
            best = item.sku
            best_cents = line_total(item)
    return best
