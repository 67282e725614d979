"""The ledger's data and its exception hierarchy (not exported: imported by accounts)."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from decimal import Decimal


class Side(enum.Enum):
    DEBIT = 1
    CREDIT = 2


@dataclass(frozen=True)
class Posting:
    account: str
    cents: int
    side: Side


class LedgerError(Exception):
    """Something about one account is wrong."""

    def __init__(self, account: str, problem: str) -> None:
        super().__init__(f"{account}: {problem}")
        self.account = account
        self.problem = problem


class Overdrawn(LedgerError):
    """A posting would take an account below zero; carries what the model can carry."""

    def __init__(self, posting: Posting, balance: int) -> None:
        super().__init__(posting.account, f"balance {balance}, {posting.cents} wanted")
        self.posting = posting
        self.balance = balance
        self.limits = {"floor": 0, "ceiling": None}
        self.when = datetime.date(2026, 1, 31)
        self.rate = Decimal("0.125")
        self.sides = frozenset({Side.DEBIT})
        self.history = [(1, "open"), (2, "post")]
        self.raw = b"\x00\xff"
        self.unused = object()  # a value no boundary type carries: left out


class Locked(LookupError):
    """An account that cannot be read right now (a builtin base with a Python __init__)."""
