"""Guest exceptions come back as the native module raises them: the same class (project
modules that are not exported, the stdlib), args, str(), attributes, notes, cause and context,
with the guest's frames in the traceback; classes the host cannot import as GuestError
subclasses of their nearest importable base; never as one of the runtime's own errors."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
import pywasm_runtime as pr

pytestmark = pytest.mark.slow


def outcome(call: Callable[[], Any]) -> BaseException:
    try:
        call()
    except Exception as exc:
        return exc
    raise AssertionError("no exception")


def fingerprint(exc: BaseException | None, depth: int = 0) -> Any:
    """What host code can observe of an exception, chain included."""
    if exc is None or depth > 5:
        return None
    attributes = {k: v for k, v in vars(exc).items() if k != "unused"}
    return (
        type(exc),
        exc.args,
        str(exc),
        attributes,
        getattr(exc, "__notes__", None),
        exc.__suppress_context__,
        fingerprint(exc.__cause__, depth + 1),
        fingerprint(exc.__context__, depth + 1),
    )


def posting(account: str, cents: int, side: str) -> Any:
    from ledger.models import Posting, Side

    return Posting(account, cents, Side[side])


CALLS: list[tuple[str, Callable[[], tuple[Any, ...]]]] = [
    ("check", lambda: ("9 lives",)),  # LedgerError from ledger.rules, class in ledger.models
    ("balance_after", lambda: ("cash", posting("cash", 500, "DEBIT"))),  # attributes of all kinds
    ("load", lambda: ("{bad json",)),  # json.JSONDecodeError: msg, doc, pos, lineno, colno
    ("lookup", lambda: ("7777",)),  # KeyError: str() is the key's repr, args the key
    ("chained", lambda: ("twelve",)),  # raise ... from exc
    ("during_handling", lambda: ("nobody",)),  # __context__
    ("during_handling", lambda: ("quiet",)),  # from None: context kept, suppressed
    ("noted", lambda: ("cash",)),  # __notes__
    ("missing_file", lambda: ("/ledger/2026.csv",)),  # errno, strerror, filename (C slots)
    ("decode_utf8", lambda: (b"ok \xff",)),  # UnicodeDecodeError's five attributes
]


@pytest.mark.parametrize(
    ("name", "args"), CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)]
)
def test_same_exception_as_native(
    native: ModuleType, wasm: ModuleType, name: str, args: Callable[[], tuple[Any, ...]]
) -> None:
    expected = outcome(lambda: getattr(native, name)(*args()))
    got = outcome(lambda: getattr(wasm, name)(*args()))
    assert fingerprint(got) == fingerprint(expected)


def test_attributes_the_model_cannot_carry_are_left_out(wasm: ModuleType) -> None:
    from ledger.models import Overdrawn

    with pytest.raises(Overdrawn) as caught:
        wasm.balance_after("cash", posting("cash", 500, "DEBIT"))
    assert not hasattr(caught.value, "unused")  # an object(): no boundary type carries it
    assert caught.value.posting == posting("cash", 500, "DEBIT")


def test_stdlib_exception_is_caught_by_its_base(wasm: ModuleType) -> None:
    import json

    with pytest.raises(ValueError) as caught:
        wasm.load("[1,")
    assert type(caught.value) is json.JSONDecodeError
    assert (caught.value.pos, caught.value.lineno, caught.value.colno) == (3, 1, 4)


def test_keyerror_keeps_its_key(wasm: ModuleType) -> None:
    with pytest.raises(KeyError) as caught:
        wasm.lookup("7777")
    assert caught.value.args == ("7777",) and str(caught.value) == "'7777'"


def test_guest_frames_are_in_the_host_traceback(wasm: ModuleType, ledger_site: Any) -> None:
    exc = outcome(lambda: wasm.chained("twelve"))
    text = "".join(traceback.format_exception(exc))
    rules = str(ledger_site / "ledger" / "accounts.py")
    # The guest's own frames, under the host's file names (so the source lines show too).
    assert f'File "{rules}", line' in text and "in chained" in text
    assert "return int(text)" in text  # the cause's frame, with its source line
    assert "The above exception was the direct cause" in text
    assert "guest_traceback" not in vars(exc)  # nothing the guest instance lacks
    deep = "".join(traceback.format_exception(outcome(lambda: wasm.check("9 lives"))))
    assert "in check_name" in deep and 'raise LedgerError(account, "not a valid' in deep


def test_unimportable_class_is_a_guest_error_of_its_nearest_base(wasm: ModuleType) -> None:
    exc = outcome(lambda: wasm.private_error("nobody imports me"))
    assert isinstance(exc, ValueError) and isinstance(exc, pr.GuestError)
    assert exc.type_name == "ledger.accounts.private_error.<locals>.Unlisted"
    assert exc.args == ("nobody imports me",) and str(exc) == "nobody imports me"
    again = outcome(lambda: wasm.private_error("twice"))
    assert type(again) is type(exc)  # one class per guest class


@pytest.mark.parametrize("name", ["Timeout", "Trap", "OutOfFuel", "GuestError", "MissingImports"])
def test_guest_cannot_forge_runtime_errors(wasm: ModuleType, name: str) -> None:
    exc = outcome(lambda: wasm.forged(name))
    assert not isinstance(exc, pr.Trap | pr.MissingImports)
    assert type(exc) is not getattr(pr, name)
    assert isinstance(exc, pr.GuestError) and exc.type_name == f"pywasm_runtime.errors.{name}"
    assert str(exc) == "forged by the guest"
    assert wasm.lookup("1") == 1  # the instance is fine


def test_resource_exceptions(wasm: ModuleType) -> None:
    from ledger.models import LedgerError, Overdrawn

    journal = wasm.Journal("cash")
    assert journal.post("cash", 300, credit=True) == 300
    with pytest.raises(Overdrawn) as caught:
        journal.post("cash", 301)
    assert caught.value.balance == 300 and caught.value.account == "cash"
    assert caught.value.posting == posting("cash", 301, "DEBIT")
    with pytest.raises(LedgerError, match="posted to journal cash"):
        journal.post("bank", 1)
    with pytest.raises(LedgerError) as bad_name:
        wasm.Journal("not valid")
    assert bad_name.value.account == "not valid"
    assert journal.get_balance() == 300


def test_resource_method_takes_a_dataclass_with_an_enum(wasm: ModuleType) -> None:
    journal = wasm.Journal("cash")
    assert journal.record(posting("cash", 5, "CREDIT")) == 5


# Host functions (ledger.bank, a WIT import): what they raise reaches the guest as natively.


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("charge", ("frozen", 5)),  # LedgerError with attributes and a note, uncaught
        ("charge", ("gone", 5)),  # LookupError raised from a KeyError
        ("owner_of", ("elsewhere",)),  # KeyError from a boxed (optional) result
    ],
)
def test_host_exception_propagates_through_the_guest(
    native: ModuleType, wasm: ModuleType, name: str, args: tuple[Any, ...]
) -> None:
    expected = outcome(lambda: getattr(native, name)(*args))
    got = outcome(lambda: getattr(wasm, name)(*args))
    assert fingerprint(got) == fingerprint(expected)
    assert not isinstance(got, pr.GuestError | pr.Trap)


@pytest.mark.parametrize("account", ["frozen", "gone", "late"])
def test_guest_code_catches_host_exceptions_by_class(
    native: ModuleType, wasm: ModuleType, account: str
) -> None:
    assert wasm.charge_or_report(account, 1) == native.charge_or_report(account, 1)
    assert wasm.owner_of("bank") == native.owner_of("bank") == "the bank"  # None, boxed


def test_host_exception_keeps_the_host_frames(wasm: ModuleType, ledger_site: Any) -> None:
    exc = outcome(lambda: wasm.charge("frozen", 5))
    text = "".join(traceback.format_exception(exc))
    # guest frames (accounts.charge), then the host function's own, with its source line
    bank = str(ledger_site / "ledger" / "bank.py")
    assert "in charge" in text and f'File "{bank}", line' in text and "in fee" in text
    assert "raise error" in text
    assert "pywasm_guest" not in text and "pywasm_adapter" not in text and "host.py" not in text


def test_host_exception_does_not_trap(wasm: ModuleType) -> None:
    journal = wasm.Journal("cash")
    journal.post("cash", 40, credit=True)
    for _ in range(3):
        outcome(lambda: wasm.charge("frozen", 5))
    assert journal.get_balance() == 40  # the same instance: no trap replaced the store
    assert wasm.charge("cash", 250) == 252
