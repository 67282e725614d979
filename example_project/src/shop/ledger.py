"""The shop's ledger: sales, refunds and restocks posted to accounts, their balances, the
busiest accounts, and an audit against credit limits. Typed application code (an enum, a
dataclass, a class holding dicts and a set, a project exception); like shop.kernels it is inside
the static compiler's subset, so ``backend = "auto"`` builds it into a component of a few KB."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = [
    "Kind",
    "LedgerError",
    "Posting",
    "audit",
    "balances",
    "busiest",
    "close_account",
    "per_kind",
    "refunded",
]


class Kind(Enum):
    SALE = "sale"
    REFUND = "refund"
    RESTOCK = "restock"


@dataclass
class Posting:
    account: str
    kind: Kind
    cents: int


class LedgerError(ValueError):
    """A posting the ledger refuses."""


class Ledger:
    """The running state: a balance per account, a count per kind, the refunded accounts."""

    def __init__(self) -> None:
        self.balances: dict[str, int] = {}
        self.counts: dict[Kind, int] = {}
        self.refunded: set[str] = set()

    def post(self, posting: Posting) -> None:
        if posting.cents <= 0:
            raise LedgerError(f"a posting of {posting.cents} cents to {posting.account!r}")
        sign = -1 if posting.kind == Kind.REFUND else 1
        self.balances[posting.account] = (
            self.balances.get(posting.account, 0) + sign * posting.cents
        )
        self.counts[posting.kind] = self.counts.get(posting.kind, 0) + 1
        if posting.kind == Kind.REFUND:
            self.refunded.add(posting.account)


def _ledger_of(postings: list[Posting]) -> Ledger:
    ledger = Ledger()
    for posting in postings:
        ledger.post(posting)
    return ledger


def balances(postings: list[Posting]) -> dict[str, int]:
    """Each account's balance in cents (refunds count against it), in order of first posting."""
    return _ledger_of(postings).balances


def per_kind(postings: list[Posting]) -> dict[Kind, int]:
    """How many postings of each kind, in order of first appearance."""
    return _ledger_of(postings).counts


def refunded(postings: list[Posting]) -> set[str]:
    """The accounts that had a refund."""
    return _ledger_of(postings).refunded


def busiest(postings: list[Posting], n: int) -> list[str]:
    """The ``n`` accounts with the most postings, most first (ties by name)."""
    counts: dict[str, int] = {}
    for posting in postings:
        counts[posting.account] = counts.get(posting.account, 0) + 1
    names: list[str] = []
    for name in counts:
        names.append(name)
    names.sort()
    names.sort(key=lambda name: counts[name], reverse=True)
    return names[:n]


def audit(postings: list[Posting], limits: dict[str, int]) -> list[str]:
    """One line per account whose balance is below minus its credit limit (no limit: 0)."""
    found: list[str] = []
    for account, balance in _ledger_of(postings).balances.items():
        limit = limits.get(account, 0)
        if balance < -limit:
            found.append(f"{account}: {balance} below the limit of {-limit}")
    return found


def close_account(totals: dict[str, int], account: str) -> dict[str, int]:
    """The balances without ``account`` (KeyError when it has none), its balance moved to
    the account "closed"."""
    moved = totals.pop(account)
    totals["closed"] = totals.get("closed", 0) + moved
    return totals
