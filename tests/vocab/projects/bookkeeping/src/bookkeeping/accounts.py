"""An account: state that lives in one place."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Self

from bookkeeping.models import Side


class Account:
    """Postings of one account."""

    def __init__(self, name: str, *, limit: Decimal = Decimal("0")) -> None:
        self.name = name
        self.limit = limit
        self._postings: list[Decimal] = []

    @classmethod
    def from_amounts(cls, name: str, amounts: list[Decimal]) -> Self:
        account = cls(name)
        for amount in amounts:
            account.post(amount)
        return account

    @staticmethod
    def normalize(name: str) -> str:
        return name.strip().lower()

    def post(self, amount: Decimal, side: Side = Side.DEBIT) -> None:
        self._postings.append(amount if side is Side.DEBIT else -amount)

    @property
    def balance(self) -> Decimal:
        return sum(self._postings, Decimal("0"))

    @property
    def label(self) -> str:
        return self.name.title()

    @label.setter
    def label(self, value: str) -> None:
        self.name = value.lower()

    def __len__(self) -> int:
        return len(self._postings)

    def __contains__(self, amount: Decimal) -> bool:
        return amount in self._postings

    def __getitem__(self, index: int) -> Decimal:
        return self._postings[index]

    def __iter__(self) -> Iterator[Decimal]:
        return iter(list(self._postings))

    def __bool__(self) -> bool:
        return bool(self._postings)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Account):
            return NotImplemented
        return self.name == other.name and self._postings == other._postings

    def __repr__(self) -> str:
        return f"Account({self.name!r}, {len(self._postings)} postings)"

    def __str__(self) -> str:
        return f"{self.name}: {self.balance}"
