"""The exported accounts API."""

from __future__ import annotations

import json

from ledger import bank, rules
from ledger.models import LedgerError, Locked, Posting, Side

__all__ = [
    "Journal",
    "balance_after",
    "charge",
    "charge_or_report",
    "check",
    "chained",
    "decode_utf8",
    "during_handling",
    "forged",
    "load",
    "lookup",
    "missing_file",
    "noted",
    "owner_of",
    "private_error",
    "slug",
    "wrong_result",
    "wrong_text",
]

_BALANCES = {"cash": 100, "bank": 2500}


def check(account: str) -> str:
    """Raises ledger.models.LedgerError, defined in a module that is not exported."""
    return rules.check_name(account)


def balance_after(account: str, posting: Posting) -> int:
    """Raises ledger.models.Overdrawn, whose attributes hold records, dates, decimals, sets."""
    return rules.apply(_BALANCES.get(account, 0), posting)


def charge(account: str, cents: int) -> int:
    """Calls the host: what the host function raises propagates to the caller."""
    return cents + bank.fee(account, cents)


def charge_or_report(account: str, cents: int) -> str:
    """Catches the host function's exceptions in guest code, by class, and reads them."""
    try:
        return str(cents + bank.fee(account, cents))
    except LedgerError as exc:
        when = getattr(exc, "reopens", None)
        notes = getattr(exc, "__notes__", [])
        return f"LedgerError {exc.account!r} {exc.problem!r} {notes!r} {when!r}"
    except LookupError as exc:
        cause = exc.__cause__
        return f"{type(exc).__name__} {exc.args!r} from {type(cause).__name__} {cause.args!r}"
    except (TypeError, OverflowError) as exc:  # a host result outside its type (in a component)
        return f"{type(exc).__name__}: {exc}"


def owner_of(account: str) -> str:
    """An optional host result; KeyError from the host for an unknown account."""
    name = bank.owner(account)
    return "the bank" if name is None else name


def load(text: str) -> dict[str, int]:
    """A stdlib exception (json.JSONDecodeError, a ValueError with its own attributes)."""
    loaded: dict[str, int] = json.loads(text)
    return loaded


def lookup(account_id: str) -> int:
    """A builtin KeyError whose str() is the repr of its key."""
    return {"1": 1}[account_id]


def chained(text: str) -> int:
    """raise ... from ...: the cause comes back with its own traceback."""
    try:
        return int(text)
    except ValueError as exc:
        raise LedgerError(text, "not a number of cents") from exc


def during_handling(account: str) -> int:
    """An exception raised while handling another: the context comes back."""
    try:
        return _BALANCES[account]
    except KeyError:
        if account == "quiet":
            raise Locked(f"{account} is locked") from None
        raise Locked(f"{account} is locked")  # noqa: B904 - the context is the point


def noted(account: str) -> int:
    error = LedgerError(account, "closed")
    error.add_note("closed on 2026-01-31")
    error.add_note("ask the bookkeeper")
    raise error


def private_error(message: str) -> int:
    """A class the host cannot import (defined in a function) with a builtin base."""

    class Unlisted(ValueError):
        pass

    raise Unlisted(message)


def forged(name: str) -> int:
    """A guest class claiming to be one of the runtime's own errors."""
    fake = type(name, (Exception,), {"__module__": "pywasm_runtime.errors", "__qualname__": name})
    raise fake("forged by the guest")


def missing_file(path: str) -> str:
    """An OSError subclass: errno, strerror and filename are C-level attributes."""
    raise FileNotFoundError(2, "No such file or directory", path)


def decode_utf8(data: bytes) -> str:
    """UnicodeDecodeError: five constructor arguments, all kept as attributes."""
    return data.decode("utf-8")


def slug(text: str) -> str:
    """python-slugify imports its transliteration backend lazily, at the first non-ASCII text."""
    from slugify import slugify

    return slugify(text)


def wrong_result(kind: str) -> int:
    """Returns a value outside its declared type (a bug in the guest, reported as one)."""
    values: dict[str, object] = {"big": 2**63, "none": None, "text": "7", "float": 1.5}
    return values[kind]  # type: ignore[return-value]


def wrong_text(kind: str) -> str:
    values: dict[str, object] = {"surrogate": "\ud800", "bytes": b"x", "ok": "fine"}
    return values[kind]  # type: ignore[return-value]


class Journal:
    """Postings of one account, kept inside the component between calls."""

    def __init__(self, account: str) -> None:
        self.account = rules.check_name(account)
        self.balance = 0

    def record(self, posting: Posting) -> int:
        if posting.account != self.account:
            raise LedgerError(posting.account, f"posted to journal {self.account}")
        self.balance = rules.apply(self.balance, posting)
        return self.balance

    def post(self, account: str, cents: int, credit: bool = False) -> int:
        return self.record(Posting(account, cents, Side.CREDIT if credit else Side.DEBIT))

    def wrong(self, kind: str) -> int:
        return wrong_result(kind)

    def get_balance(self) -> int:
        return self.balance
