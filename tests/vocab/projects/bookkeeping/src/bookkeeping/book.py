"""Posting and reporting (annotations as text: ``from __future__ import annotations``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from bookkeeping.models import (
    YEAR,
    ZERO,
    Entry,
    EntryDict,
    Filter,
    Money,
    Query,
    Rows,
    Side,
    Span,
    Status,
    Tag,
    UserId,
)

DEFAULT_CURRENCY = "EUR"
MAX_ROWS = 1_000


def post(
    account: str,
    amount: Decimal,
    side: Side = Side.DEBIT,
    *,
    on: dt.date = dt.date(2024, 1, 1),
    currency: str = DEFAULT_CURRENCY,
    tags: Tag = Tag.RECURRING | Tag.TAXED,
) -> Entry:
    """One entry."""
    if amount < 0:
        raise ValueError(f"negative amount {amount}")
    return Entry(account, Money(amount, currency), side, on, tags)


def balance(entries: Sequence[Entry], /, floor: Money = ZERO) -> Money:
    total = sum(
        (e.money.amount if e.side is Side.DEBIT else -e.money.amount for e in entries),
        Decimal("0.00"),
    )
    return Money(max(total, floor.amount), floor.currency)


def accounts(entries: Iterable[Entry]) -> set[str]:
    return {e.account for e in entries}


def frozen_ids(ids: Iterable[UserId]) -> frozenset[UserId]:
    return frozenset(ids)


def totals(amounts: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {k: v.quantize(Decimal("0.01")) for k, v in sorted(amounts.items())}


def window(entries: Sequence[Entry], span: Span) -> tuple[Entry, ...]:
    return tuple(e for e in entries if span.start <= e.on <= span.end)


def ids(count: int, *, seed: int = 0) -> Iterator[uuid.UUID]:
    return (uuid.UUID(int=seed * 1000 + i) for i in range(count))


def share(part: Decimal, whole: Decimal) -> Fraction:
    return Fraction(part) / Fraction(whole)


def overdue(due: dt.datetime, now: dt.datetime, grace: dt.timedelta = dt.timedelta(days=3)) -> bool:
    return now - due > grace


def next_status(status: Status, *, force: bool = False) -> Status:
    if status == "open":
        return "closed" if force else "on-hold"
    return "open"


def from_dict(data: EntryDict) -> Entry:
    entry = Entry(
        data["account"], Money(Decimal(data["amount"])), Side(data["side"]), dt.date(2024, 1, 1)
    )
    if "memo" in data:
        entry.notes.append(data["memo"])
    return entry


def to_dict(entry: Entry) -> EntryDict:
    data: EntryDict = {
        "account": entry.account,
        "amount": str(entry.money.amount),
        "side": entry.side.value,
    }
    if entry.notes:
        data["memo"] = entry.notes[0]
    return data


def matching(entries: list[Entry], criteria: Filter) -> list[Entry]:
    return [e for e in entries if criteria.get("account", e.account) == e.account]


def grouped(rows: Rows, limit: int = MAX_ROWS) -> list[tuple[str, int]]:
    return [(k, sum(v)) for k, v in rows.items()][:limit]


def when(entry: Entry | None = None) -> dt.date | None:
    return entry.on if entry is not None else None


def days_left(day: dt.date, span: Span = YEAR, *, offset: int = -1) -> int:
    return (span.end - day).days + offset + 1


def run_query(entries: list[Entry], query: Query) -> list[str]:
    found = [e.account for e in entries if e.account == query["account"]]
    return found[: query.get("limit", len(found))]
