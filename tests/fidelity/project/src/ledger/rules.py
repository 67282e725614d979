"""Checks the accounts module calls: raises the models' exceptions from another module."""

from __future__ import annotations

from ledger.models import LedgerError, Overdrawn, Posting, Side


def check_name(account: str) -> str:
    if not account.isidentifier():
        raise LedgerError(account, "not a valid account name")
    return account


def apply(balance: int, posting: Posting) -> int:
    change = posting.cents if posting.side is Side.CREDIT else -posting.cents
    if balance + change < 0:
        raise Overdrawn(posting, balance)
    return balance + change
