"""Helpers with evaluated annotations (no ``from __future__ import annotations``)."""

import datetime
from collections.abc import Collection, Iterable, MutableMapping, MutableSequence, Set
from decimal import Decimal
from typing import Literal

from bookkeeping.models import Currency, Priority, Side, Tag


def clamp(value: int, /, low: int = 0, high: int = 100) -> int:
    return max(low, min(high, value))


def join(*parts: str, sep: str = " ", **extra: int) -> str:
    text = sep.join(parts)
    for key, value in sorted(extra.items()):
        text += f" {key}={value}"
    return text


def mean(values: Collection[float]) -> float:
    if not values:
        raise ZeroDivisionError("mean of no values")
    return sum(values) / len(values)


def reversed_bytes(data: bytearray) -> bytearray:
    return bytearray(reversed(data))


def checksum(view: memoryview) -> int:
    return sum(view) % 256


def stretch(values: tuple[int, ...], times: int = 2) -> tuple[int, ...]:
    return values * times


def order(words: Iterable[str], direction: Literal["asc", "desc"] = "asc") -> list[str]:
    return sorted(words, reverse=direction == "desc")


def level(priority: Priority = Priority.LOW, side: Side | None = None) -> int | None:
    return None if side is None else int(priority)


def flags(tags: Tag = Tag.DISPUTED) -> list[str]:
    return sorted(t.name for t in Tag if t in tags)


def round_to(value: Decimal, places: int = 2) -> Decimal:
    return round(value, places)


def midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0, 0))


def later(at: datetime.time, minutes: int) -> datetime.time:
    stamp = datetime.datetime.combine(datetime.date(2000, 1, 1), at) + datetime.timedelta(
        minutes=minutes
    )
    return stamp.timetz()


def digits(value: int) -> list[int]:
    return [int(c) for c in str(abs(value))]


def scale(factor: float, *values: float) -> list[float]:
    return [v * factor for v in values]


def split(amount: Decimal, parts: Literal[1, 2, 4] = 1) -> list[Decimal]:
    share = (amount / parts).quantize(Decimal("0.01"))
    return [share] * (parts - 1) + [amount - share * (parts - 1)]


def convert(amount: Decimal, currency: Currency = Currency.EUR, rate: float = 1.0) -> str:
    return f"{amount * Decimal(str(rate)):.2f} {currency}"


def page(
    rows: MutableSequence[str], bounds: tuple[int, int] = (0, 10), step: int = -1
) -> list[str]:
    rows.sort()
    return rows[bounds[0] : bounds[1]][::step]


def counts(seen: MutableMapping[str, int], words: Set[str]) -> dict[str, int]:
    for word in sorted(words):
        seen[word] = seen.get(word, 0) + 1
    return dict(seen)
