"""Host code written against the native ledger: it imports ``ledger.accounts`` and uses it as any
application would, catching exceptions by class and reading their attributes. The acceptance
test (test_acceptance.py) runs this file unchanged twice, once with the native module and once
with ``import_wasm("ledger.accounts")`` in its place, and compares the two transcripts.

Every step appends what the application can observe (values with their types, exceptions with
class, args, str, attributes, notes, cause and context) to the transcript."""

from __future__ import annotations

import json
from typing import Any

from ledger import accounts
from ledger.models import LedgerError, Locked, Overdrawn, Posting, Side

transcript: list[Any] = []


def seen(value: Any, depth: int = 0) -> Any:
    """A value as the application sees it, types at every level."""
    if isinstance(value, BaseException):
        return exception(value, depth)
    if isinstance(value, dict):
        return ("dict", sorted((seen(k), seen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        items = [seen(v) for v in value]
        unordered = isinstance(value, set | frozenset)
        return (type(value).__name__, sorted(items) if unordered else items)
    return (type(value).__module__, type(value).__qualname__, repr(value))


def exception(exc: BaseException | None, depth: int = 0) -> Any:
    if exc is None or depth > 4:
        return None
    # Not compared: Overdrawn.unused, an object() no boundary type can carry (the issue's
    # limit: attributes of the types the model carries).
    attributes = {k: seen(v) for k, v in vars(exc).items() if k != "unused"}
    return {
        "class": f"{type(exc).__module__}.{type(exc).__qualname__}",
        "args": seen(exc.args),
        "str": str(exc),
        "attributes": sorted(attributes.items()),
        "notes": getattr(exc, "__notes__", None),
        "suppress_context": exc.__suppress_context__,
        "cause": exception(exc.__cause__, depth + 1),
        "context": exception(exc.__context__, depth + 1),
    }


def step(label: str, call: Any) -> None:
    try:
        transcript.append((label, "returned", seen(call())))
    except Exception as exc:  # the application's own catch-all: it reports and goes on
        transcript.append((label, "raised", exception(exc)))


# Return values and objects
step("load dict", lambda: accounts.load('{"cash": 100, "bank": -5}'))
step("balance", lambda: accounts.balance_after("bank", Posting("bank", 500, Side.DEBIT)))
step("slug (a lazily imported dependency)", lambda: accounts.slug("Grüße aus Köln"))
journal = accounts.Journal("cash")
step("journal credit", lambda: journal.post("cash", 300, credit=True))
step("journal record", lambda: journal.record(Posting("cash", 120, Side.DEBIT)))
step("journal balance", journal.get_balance)
step("journal is an accounts.Journal", lambda: isinstance(journal, accounts.Journal))

# Exceptions the application catches by class, reading what it needs
try:
    journal.post("cash", 10_000)
except Overdrawn as exc:
    transcript.append(("overdrawn caught", exc.balance, exc.posting, exc.when, exc.rate, exc.raw))
try:
    accounts.load("{not json")
except ValueError as exc:  # json.JSONDecodeError is a ValueError
    transcript.append(("bad json caught as ValueError", type(exc).__name__, exc.pos, exc.msg))
try:
    accounts.lookup("7777")
except KeyError as exc:
    transcript.append(("missing key", exc.args, str(exc)))
try:
    accounts.check("9 lives")
except LedgerError as exc:
    transcript.append(("bad name", exc.account, exc.problem))
try:
    accounts.during_handling("nobody")
except LookupError as exc:
    locked = isinstance(exc, Locked)
    transcript.append(("locked", locked, type(exc.__context__).__name__, exc.__context__.args))
try:
    accounts.private_error("not importable")
except ValueError as exc:
    transcript.append(("private class caught by its base", str(exc), exc.args))

# Exceptions with everything on them
for label, call in [
    ("chained", lambda: accounts.chained("twelve")),
    ("quiet context", lambda: accounts.during_handling("quiet")),
    ("notes", lambda: accounts.noted("cash")),
    ("os error", lambda: accounts.missing_file("/ledger/2026.csv")),
    ("unicode error", lambda: accounts.decode_utf8(b"ok \xff")),
    ("overdrawn", lambda: accounts.balance_after("cash", Posting("cash", 500, Side.DEBIT))),
]:
    step(label, call)

# The host functions the accounts call (ledger.bank): their values and their exceptions
step("charge", lambda: accounts.charge("cash", 250))
step("charge frozen", lambda: accounts.charge("frozen", 250))
step("charge gone", lambda: accounts.charge("gone", 250))
step("charge frozen, caught by the accounts", lambda: accounts.charge_or_report("frozen", 1))
step("charge gone, caught by the accounts", lambda: accounts.charge_or_report("gone", 1))
step("owner", lambda: accounts.owner_of("cash"))
step("owner none", lambda: accounts.owner_of("bank"))
step("owner unknown", lambda: accounts.owner_of("elsewhere"))
try:
    accounts.charge("frozen", 5)
except LedgerError as exc:
    transcript.append(("host error caught by the application", exc.account, exc.__notes__))

# State survived every exception
step("journal balance at the end", journal.get_balance)
step("json of the transcript", lambda: len(json.dumps(transcript, default=repr)) > 0)
