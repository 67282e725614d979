"""A value a guest function returns outside its declared type is a TypeError (OverflowError
for an int out of range) naming the function, the declared type and the value's type, carried
out as a result error: no trap, the instance and its state are kept."""

from __future__ import annotations

from types import ModuleType

import pytest
import pywasm_runtime as pr

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("kind", "error", "got"),
    [
        ("big", OverflowError, "9223372036854775808"),
        ("none", TypeError, "NoneType"),
        ("text", TypeError, "str"),
        ("float", TypeError, "float"),
    ],
)
def test_int_result_outside_its_type(
    wasm: ModuleType, kind: str, error: type[Exception], got: str
) -> None:
    with pytest.raises(error) as caught:
        wasm.wrong_result(kind)
    message = str(caught.value)
    assert "ledger.accounts.wrong_result() must return int" in message and got in message
    assert not isinstance(caught.value, pr.Trap)


def test_str_result_with_a_lone_surrogate(wasm: ModuleType) -> None:
    with pytest.raises(TypeError, match=r"wrong_text\(\) must return str.*lone surrogate"):
        wasm.wrong_text("surrogate")
    with pytest.raises(TypeError, match=r"must return str, but returned bytes"):
        wasm.wrong_text("bytes")
    assert wasm.wrong_text("ok") == "fine"


def test_method_result_keeps_the_instance_and_its_state(wasm: ModuleType) -> None:
    journal = wasm.Journal("bank")
    journal.post("bank", 70, credit=True)
    with pytest.raises(TypeError, match=r"ledger.accounts.Journal.wrong\(\) must return int"):
        journal.wrong("none")
    assert journal.get_balance() == 70  # same instance, same state


@pytest.mark.parametrize(
    ("account", "error", "got"),
    [("huge", OverflowError, "returned int (1180591620717411303424 is out of range"),
     ("text", TypeError, "returned str (expected int, got str)")],
)  # fmt: skip
def test_host_result_outside_its_type(
    wasm: ModuleType, account: str, error: type[Exception], got: str
) -> None:
    """A host function returning a value outside its declared type: the guest gets a TypeError
    (OverflowError) naming it, catchable there; uncaught, it reaches the caller; no trap."""
    journal = wasm.Journal("bank")
    journal.post("bank", 70, credit=True)
    with pytest.raises(error) as caught:
        wasm.charge(account, 5)
    assert f"ledger.bank.fee() must return int, but {got}" in str(caught.value)
    assert not isinstance(caught.value, pr.GuestError | pr.Trap)
    caught_in_guest = wasm.charge_or_report(account, 5)
    assert caught_in_guest == f"{error.__name__}: {caught.value}"
    assert journal.get_balance() == 70  # same instance, same state
