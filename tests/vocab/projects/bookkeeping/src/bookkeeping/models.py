"""The bookkeeping's value types."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple, NewType, NotRequired, Required, TypeAlias, TypedDict

UserId = NewType("UserId", int)
Status = Literal["open", "closed", "on-hold"]
Rows: TypeAlias = dict[str, list[int]]


class Side(enum.Enum):
    DEBIT = "debit"
    CREDIT = "credit"


class Currency(enum.StrEnum):
    EUR = "EUR"
    USD = "USD"


class Priority(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Tag(enum.Flag):
    RECURRING = enum.auto()
    DISPUTED = enum.auto()
    TAXED = enum.auto()


NO_TAGS = Tag(0)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "EUR"


ZERO = Money(Decimal("0.00"))


class Span(NamedTuple):
    start: date
    end: date


YEAR = Span(date(2024, 1, 1), date(2024, 12, 31))


@dataclass
class Entry:
    account: str
    money: Money
    side: Side
    on: date
    tags: Tag = NO_TAGS
    notes: list[str] = field(default_factory=list)


class EntryDict(TypedDict):
    account: str
    amount: str
    side: Literal["debit", "credit"]
    memo: NotRequired[str]


class Filter(TypedDict, total=False):
    account: str
    status: Status


class Query(TypedDict, total=False):
    account: Required[str]
    limit: int
