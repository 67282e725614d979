"""Provided by the host (the component imports it): the bank's fees and account owners.

Natively these run in-process; in the component each call leaves the sandbox, and what they
raise or return must reach the guest code as it would natively."""

from __future__ import annotations

import datetime

from ledger.models import LedgerError

_OWNERS: dict[str, str | None] = {"cash": "Ada", "bank": None}


def fee(account: str, cents: int) -> int:
    """The bank's fee for moving ``cents``; raises for accounts it will not serve."""
    if account == "frozen":
        error = LedgerError(account, "frozen by the bank")
        error.add_note("call the bank before 17:00")
        raise error
    if account == "late":
        error = LedgerError(account, "the bank is closed")
        # an offset of microseconds alone: fromisoformat (3.11, the guest's 3.14) drops it
        offset = datetime.timedelta(microseconds=250)
        error.reopens = datetime.datetime(2026, 1, 2, 9, tzinfo=datetime.timezone(offset))
        raise error
    if account == "gone":
        try:
            _OWNERS[account]
        except KeyError as exc:
            raise LookupError(f"the bank has no account {account}") from exc
    if account == "huge":
        return 2**70  # a host bug: outside the declared int
    if account == "text":
        return "7"  # type: ignore[return-value] - a host bug: not an int at all
    return cents // 100


def owner(account: str) -> str | None:
    """Who holds ``account`` (None: the bank's own); KeyError for one the bank does not know."""
    return _OWNERS[account]
