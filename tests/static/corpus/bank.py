"""Ledger arithmetic for accounts (amounts in cents)."""

from __future__ import annotations

from dataclasses import dataclass

OVERDRAFT_LIMIT = 0


@dataclass
class Transaction:
    amount: int
    memo: str = ""


def balance(transactions: list[Transaction]) -> int:
    total = 0
    for t in transactions:
        total += t.amount
        if total < OVERDRAFT_LIMIT:
            raise ValueError("overdrawn")
    return total


def largest_withdrawal(transactions: list[Transaction]) -> int:
    worst = 0
    for t in transactions:
        worst = min(worst, t.amount)
    return -worst


def summary(transactions: list[Transaction]) -> str:
    deposits = len([t for t in transactions if t.amount > 0])
    return f"{len(transactions)} transactions, {deposits} deposits, balance {balance(transactions)}"
