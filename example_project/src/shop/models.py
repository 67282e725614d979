"""The shop's data: plain dataclasses and enums, the same classes on the host and in the guest."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Category(enum.Enum):
    BOOKS = "books"
    GAMES = "games"
    TOOLS = "tools"


class Badge(enum.Flag):
    NEW = enum.auto()
    SALE = enum.auto()
    LIMITED = enum.auto()


@dataclass(frozen=True)
class Item:
    """Something the shop sells."""

    sku: str
    name: str
    price_cents: int
    category: Category
    tags: list[str] = field(default_factory=list)
    badges: Badge = Badge(0)  # noqa: RUF009 (a Flag value is immutable: safe to share)


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int


@dataclass(frozen=True)
class Order:
    """A customer's order: lines, an optional note and a coupon code."""

    order_id: int
    lines: list[Line]
    note: str | None = None
    coupon: str | None = None


@dataclass(frozen=True)
class PercentOff:
    percent: int


@dataclass(frozen=True)
class AmountOff:
    cents: int


#: A discount is either a percentage or a fixed amount.
Discount = PercentOff | AmountOff
