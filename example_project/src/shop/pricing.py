"""Prices and totals, with discounts, in any currency the host knows."""

from __future__ import annotations

from shop.host import exchange_rate
from shop.models import AmountOff, Badge, Discount, Item, PercentOff


def total_cents(items: list[Item], quantities: list[int], discount: Discount | None) -> int:
    """The order total in cents, after the discount (never below zero)."""
    if len(items) != len(quantities):
        raise ValueError(f"{len(items)} items but {len(quantities)} quantities")
    total = sum(item.price_cents * n for item, n in zip(items, quantities, strict=True))
    if isinstance(discount, PercentOff):
        total -= total * discount.percent // 100
    elif isinstance(discount, AmountOff):
        total -= discount.cents
    return max(total, 0)


def price_label(item: Item, currency: str = "EUR") -> str:
    """``"Dune: 12.99 EUR (sale)"``; the exchange rate comes from the host."""
    amount = item.price_cents / 100 * exchange_rate(currency)
    badges = [b.name.lower() for b in Badge if b in item.badges]
    suffix = f" ({', '.join(badges)})" if badges else ""
    return f"{item.name}: {amount:.2f} {currency}{suffix}"


def cheapest(items: list[Item]) -> Item | None:
    return min(items, key=lambda i: i.price_cents, default=None)


def mark_sale(item: Item) -> Item:
    """The same item with the SALE badge."""
    return Item(
        item.sku, item.name, item.price_cents, item.category, item.tags, item.badges | Badge.SALE
    )
