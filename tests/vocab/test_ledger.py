# ruff: noqa: E501 (the tables of calls read best as one call per line)
"""A library written as a new user writes one (projects/bookkeeping: keyword-only options, enum and
module-constant defaults, Literal, TypedDict, sets, abstract collections, tuple[T, ...],
bytearray/memoryview, the stdlib value types, *args/**kwargs, a resource with a classmethod,
properties and dunders), built by the real hook: every call through ``import_wasm`` agrees with
the native call, and so do ``inspect.signature`` and ``typing.get_type_hints``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import pywasm_runtime as pr

MODULES = ["book", "calc", "accounts", "text", "echo"]

pytestmark = pytest.mark.slow


def pair(module: str) -> tuple[ModuleType, ModuleType]:
    return importlib.import_module(f"bookkeeping.{module}"), pr.import_wasm(f"bookkeeping.{module}")


def assert_same(native: Any, wasm: Any, where: str = "result") -> None:
    """Equal, and of the same type at every level (an Iterator only needs to be one)."""
    if isinstance(native, Iterator):
        assert isinstance(wasm, Iterator), f"{where}: {wasm!r} is not an iterator"
        native, wasm = list(native), list(wasm)
    assert type(wasm) is type(native), f"{where}: {type(wasm)} instead of {type(native)}"
    if isinstance(native, Decimal):
        assert str(wasm) == str(native), where  # NaN != NaN; the text keeps every digit
    elif isinstance(native, list | tuple):
        assert len(wasm) == len(native), where
        for i, (n, w) in enumerate(zip(native, wasm, strict=True)):
            assert_same(n, w, f"{where}[{i}]")
    elif isinstance(native, dict):
        assert list(wasm) == list(native), where
        for key in native:
            assert_same(native[key], wasm[key], f"{where}[{key!r}]")
    elif dataclasses.is_dataclass(native):
        for f in dataclasses.fields(native):
            assert_same(getattr(native, f.name), getattr(wasm, f.name), f"{where}.{f.name}")
    else:
        assert wasm == native, where
        if isinstance(native, dt.datetime | dt.time):
            assert wasm.utcoffset() == native.utcoffset(), where


def outcome(call: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "returned", call()
    except Exception as exc:
        return "raised", exc


def assert_same_outcome(native: Callable[[], Any], wasm: Callable[[], Any], where: str) -> None:
    (n_how, n_value), (w_how, w_value) = outcome(native), outcome(wasm)
    assert w_how == n_how, f"{where}: wasm {w_how} {w_value!r}, native {n_how} {n_value!r}"
    if n_how == "raised":
        assert type(w_value) is type(n_value), f"{where}: {w_value!r} vs {n_value!r}"
        assert str(w_value) == str(n_value) and w_value.args == n_value.args, where
    else:
        assert_same(n_value, w_value, where)


def test_builds_with_no_diagnostic(ledger_build: tuple[Path, str]) -> None:
    _, log = ledger_build
    assert "bookkeeping: built in" in log and "warning" not in log.lower()


@pytest.mark.parametrize("module", MODULES)
def test_signatures_and_type_hints_are_the_native_ones(ledger_site: Path, module: str) -> None:
    native, wasm = pair(module)
    public = [n for n in vars(native) if not n.startswith("_")]
    exported = [n for n in public if inspect.isfunction(getattr(native, n))]
    exported += [n for n in public if isinstance(getattr(native, n), type)
                 and getattr(native, n).__module__ == native.__name__]  # fmt: skip
    assert exported
    for name in exported:
        n, w = getattr(native, name), getattr(wasm, name)
        assert inspect.signature(w) == inspect.signature(n), name
        if inspect.isfunction(n):
            assert typing.get_type_hints(w) == typing.get_type_hints(n), name
            continue
        for attribute, member in vars(n).items():
            if attribute.startswith("_") and not attribute.endswith("__"):
                continue  # private helpers stay in the guest
            if callable(member) and not isinstance(member, type) and attribute != "__init__":
                if attribute in ("__eq__",):
                    continue  # natively inherited semantics; compared by calls below
                native_member, wasm_member = getattr(n, attribute), getattr(w, attribute)
                where = f"{name}.{attribute}"
                assert inspect.signature(wasm_member) == inspect.signature(native_member), where
                assert typing.get_type_hints(wasm_member) == typing.get_type_hints(native_member), (
                    where
                )


def _book_calls(models: ModuleType) -> list[tuple[str, Callable[[ModuleType], Any]]]:
    entry = models.Entry
    day = dt.date(2024, 3, 4)

    def entries() -> list[Any]:
        return [
            entry("cash", models.Money(Decimal("10.50")), models.Side.DEBIT, day),
            entry("bank", models.Money(Decimal("3.25")), models.Side.CREDIT, dt.date(2024, 5, 1)),
            entry("cash", models.Money(Decimal("1.00")), models.Side.DEBIT, day, models.Tag.TAXED),
        ]

    span = models.Span(dt.date(2024, 1, 1), dt.date(2024, 4, 1))
    return [
        ("post", lambda m: m.post("cash", Decimal("12.50"))),
        ("post kw", lambda m: m.post("cash", Decimal("1"), models.Side.CREDIT, on=day, currency="USD")),
        ("post keyword-only given positionally", lambda m: m.post("cash", Decimal("1"), models.Side.DEBIT, day)),
        ("post negative", lambda m: m.post("cash", Decimal("-1"))),
        ("post unknown keyword", lambda m: m.post("cash", Decimal("1"), when=day)),
        ("balance", lambda m: m.balance(entries())),
        ("balance tuple", lambda m: m.balance(tuple(entries()), models.Money(Decimal("20"), "USD"))),
        ("balance generator", lambda m: m.balance(e for e in entries())),
        ("balance floor by keyword", lambda m: m.balance(entries(), floor=models.ZERO)),
        ("balance positional-only by keyword", lambda m: m.balance(entries=entries())),
        ("accounts", lambda m: m.accounts(entries())),
        ("accounts generator", lambda m: m.accounts(iter(entries()))),
        ("frozen_ids", lambda m: m.frozen_ids([models.UserId(3), models.UserId(1), models.UserId(3)])),
        ("frozen_ids set", lambda m: m.frozen_ids({7, 8})),
        ("frozen_ids dict keys", lambda m: m.frozen_ids({9: "a", 10: "b"}.keys())),
        ("totals", lambda m: m.totals({"b": Decimal("1.005"), "a": Decimal("2")})),
        ("window", lambda m: m.window(entries(), span)),
        ("ids", lambda m: m.ids(3, seed=2)),
        ("ids bad keyword", lambda m: m.ids(3, 2)),
        ("share", lambda m: m.share(Decimal("1.5"), Decimal("4.5"))),
        ("share by zero", lambda m: m.share(Decimal("1"), Decimal("0"))),
        ("overdue", lambda m: m.overdue(dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 5))),
        ("overdue aware", lambda m: m.overdue(
            dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 1, 2, 1, tzinfo=dt.UTC),
            dt.timedelta(hours=20))),
        ("next_status", lambda m: m.next_status("open")),
        ("next_status force", lambda m: m.next_status("open", force=True)),
        ("next_status closed", lambda m: m.next_status("closed")),
        ("from_dict", lambda m: m.from_dict({"account": "x", "amount": "2.5", "side": "credit"})),
        ("from_dict memo", lambda m: m.from_dict({"account": "x", "amount": "2", "side": "debit", "memo": "hi"})),
        ("to_dict", lambda m: m.to_dict(entries()[0])),
        ("matching", lambda m: m.matching(entries(), {"account": "cash"})),
        ("matching empty filter", lambda m: m.matching(entries(), {})),
        ("grouped", lambda m: m.grouped({"a": [1, 2], "b": [3]})),
        ("grouped limit", lambda m: m.grouped({"a": [1, 2], "b": [3]}, 1)),
        ("when", lambda m: m.when(entries()[1])),
        ("when none", lambda m: m.when()),
        ("days_left", lambda m: m.days_left(dt.date(2024, 12, 1))),
        ("days_left span offset", lambda m: m.days_left(dt.date(2024, 2, 1), span, offset=2)),
        ("days_left offset positionally", lambda m: m.days_left(dt.date(2024, 2, 1), span, 2)),
        ("run_query", lambda m: m.run_query(entries(), {"account": "cash"})),
        ("run_query limit", lambda m: m.run_query(entries(), {"account": "cash", "limit": 1})),
        ("when a datetime", lambda m: m.when(entry("x", models.ZERO, models.Side.DEBIT, dt.datetime(2024, 2, 3, 4, 5, tzinfo=dt.UTC)))),
    ]  # fmt: skip


def _calc_calls(models: ModuleType) -> list[tuple[str, Callable[[ModuleType], Any]]]:
    return [
        ("clamp", lambda m: m.clamp(150)),
        ("clamp low", lambda m: m.clamp(-5, 1, high=9)),
        ("clamp positional-only by keyword", lambda m: m.clamp(value=3)),
        ("join", lambda m: m.join("a", "b", "c")),
        ("join options", lambda m: m.join("a", "b", sep="-", width=3, depth=1)),
        ("join nothing", lambda m: m.join()),
        ("mean", lambda m: m.mean([1.0, 2.5])),
        ("mean set", lambda m: m.mean({4.0})),
        ("mean empty", lambda m: m.mean([])),
        ("reversed_bytes", lambda m: m.reversed_bytes(bytearray(b"abc"))),
        ("checksum", lambda m: m.checksum(memoryview(b"\xff\x02"))),
        ("stretch", lambda m: m.stretch((1, 2), times=3)),
        ("order", lambda m: m.order(["b", "a", "c"])),
        ("order desc", lambda m: m.order(("b", "a"), "desc")),
        ("level", lambda m: m.level()),
        ("level side", lambda m: m.level(models.Priority.HIGH, models.Side.CREDIT)),
        ("flags", lambda m: m.flags()),
        ("flags many", lambda m: m.flags(models.Tag.RECURRING | models.Tag.TAXED)),
        ("round_to", lambda m: m.round_to(Decimal("2.675"))),
        ("round_to nan", lambda m: m.round_to(Decimal("NaN"), 1)),
        ("midnight", lambda m: m.midnight(dt.date(2020, 2, 29))),
        ("midnight of a datetime (a date natively)", lambda m: m.midnight(dt.datetime(2020, 2, 29, 13, 5, 7, 9))),
        ("later", lambda m: m.later(dt.time(23, 50, 1, 5), 15)),
        ("later aware", lambda m: m.later(dt.time(1, 2, tzinfo=dt.timezone(dt.timedelta(hours=-3))), 1)),
        ("digits", lambda m: m.digits(-9051)),
        ("scale", lambda m: m.scale(2.0, 1.0, 2.5)),
        ("split", lambda m: m.split(Decimal("10"))),
        ("split in 4", lambda m: m.split(Decimal("10.01"), 4)),
        ("convert", lambda m: m.convert(Decimal("2.5"))),
        ("convert usd", lambda m: m.convert(Decimal("2.5"), models.Currency.USD, rate=1.08)),
        ("page", lambda m: m.page(["c", "a", "b"])),
        ("page bounds", lambda m: m.page(["c", "a", "b", "d"], (1, 3), 1)),
        ("counts", lambda m: m.counts({"a": 1}, {"a", "b"})),
        ("counts frozenset and dict keys", lambda m: m.counts({}, frozenset({"x"}))),
    ]  # fmt: skip


def _text_calls(models: ModuleType) -> list[tuple[str, Callable[[ModuleType], Any]]]:
    return [
        ("normalize", lambda m: m.normalize("  a   b ")),
        ("normalize width", lambda m: m.normalize("a b", width=6)),
        ("normalize width positionally", lambda m: m.normalize("a b", 6)),
    ]


CALLS = {"book": _book_calls, "calc": _calc_calls, "text": _text_calls}


@pytest.mark.parametrize("module", sorted(CALLS))
def test_every_call_agrees_with_native(ledger_site: Path, module: str) -> None:
    native, wasm = pair(module)
    models = importlib.import_module("bookkeeping.models")
    for where, call in CALLS[module](models):
        assert_same_outcome(lambda c=call: c(native), lambda c=call: c(wasm), f"{module}: {where}")


def test_resource_agrees_with_native(ledger_site: Path) -> None:
    native, wasm = pair("accounts")
    side = importlib.import_module("bookkeeping.models").Side
    accounts = []
    for module in (native, wasm):
        account = module.Account.from_amounts("Cash", [Decimal("1.5"), Decimal("2")])
        account.post(Decimal("0.5"), side.CREDIT)
        accounts.append(account)
    n, w = accounts
    checks: list[tuple[str, Callable[[Any], Any]]] = [
        ("balance", lambda a: a.balance),
        ("label", lambda a: a.label),
        ("len", len),
        ("in", lambda a: Decimal("2") in a),
        ("not in", lambda a: Decimal("9") in a),
        ("getitem", lambda a: a[1]),
        ("getitem out of range", lambda a: a[7]),
        ("iter", list),
        ("bool", bool),
        ("repr", repr),
        ("str", str),
        ("normalize", lambda a: type(a).normalize("  Mixed ")),
        ("eq other type", lambda a: a == 3),
        ("hash", hash),
        ("empty bool", lambda a: bool(type(a)("x"))),
        ("keyword-only limit", lambda a: type(a)("x", limit=Decimal("5")).balance),
        ("limit positionally", lambda a: type(a)("x", Decimal("5"))),
    ]  # fmt: skip
    for where, check in checks:
        assert_same_outcome(lambda c=check: c(n), lambda c=check: c(w), f"Account {where}")
    n.label = w.label = "Savings"
    assert_same(n.label, w.label)
    twin = wasm.Account.from_amounts("savings", [Decimal("1.5"), Decimal("2"), Decimal("-0.5")])
    native_twin = native.Account.from_amounts(
        "savings", [Decimal("1.5"), Decimal("2"), Decimal("-0.5")]
    )
    assert (w == twin) is (n == native_twin) is True
    assert (w != wasm.Account("other")) is (n != native.Account("other")) is True
    assert isinstance(wasm.Account.from_amounts("a", []), wasm.Account)


def test_a_value_outside_a_literal_cannot_travel(ledger_site: Path) -> None:
    """WIT enums have only the Literal's cases: the one documented difference from a native
    call, which does not check annotations."""
    _, calc = pair("calc")
    with pytest.raises(
        ValueError,
        match=r"^order\(\) argument 'direction': expected one of 'asc', 'desc', got 'up'$",
    ):
        calc.order(["a"], "up")


def _stream_story(echo: ModuleType) -> list[Any]:
    """What a user does with a context-manager resource, and what it tells after each step."""
    told: list[Any] = []
    stream = echo.Stream("ledger")
    told.append(stream.state)
    with stream as inside:
        told += [stream.state, inside.state, inside.dates([dt.date(2024, 1, 2)])]
    told.append(stream.state)
    with stream:
        raise KeyError("missing")  # the class's __exit__ swallows KeyErrors
    told.append(stream.state)
    try:
        with stream:
            raise ValueError("bad", 3)
    except ValueError as exc:
        told.append(("escaped", type(exc), exc.args))
    told.append(stream.state)
    told.append(stream.__exit__(None, None, None))  # called directly: its own result
    told.append(stream.decimals([Decimal("1.50")]))  # still usable: with does not close it
    return told


def test_with_calls_the_guest_enter_and_exit(ledger_site: Path) -> None:
    """``with obj:`` on a proxy runs the class's own ``__enter__``/``__exit__`` in the guest, as
    natively: the exception reaches ``__exit__`` (rebuilt from its class and args), a true
    result suppresses it, and the object stays open afterwards."""
    native, wasm = pair("echo")
    told_native, told_wasm = _stream_story(native), _stream_story(wasm)
    assert_same(told_native, told_wasm, "stream")
    assert "KeyError: 'missing'" in told_wasm[5] and "ValueError: ('bad', 3)" in told_wasm[7]
    stream = wasm.Stream()
    with stream as inside:  # __enter__ returned self: the same proxy, as natively
        assert inside is stream


def test_a_resource_named_like_a_wit_keyword_has_its_class(ledger_site: Path) -> None:
    """``Stream`` is the WIT keyword ``stream`` (``%stream`` in WIT text): the proxy class is
    found by its plain name, so its objects carry the model's signatures and doc."""
    native, wasm = pair("echo")
    stream = wasm.Stream()
    assert type(stream) is wasm.Stream
    assert inspect.getdoc(wasm.Stream) == inspect.getdoc(native.Stream)
    assert isinstance(stream.__enter__(), wasm.Stream)
    assert inspect.signature(wasm.Stream) == inspect.signature(native.Stream)


def test_the_documented_differences(ledger_site: Path) -> None:
    """What the README lists as differing from a native call, because WIT cannot carry it."""
    native, wasm = pair("calc")
    assert native.scale(2, 1, 3) == [2, 6] and type(native.scale(2, 1)[0]) is int
    assert wasm.scale(2, 1, 3) == [2.0, 6.0] and type(wasm.scale(2, 1)[0]) is float
    assert type(native.round_to(3, 1)) is int and wasm.round_to(3, 1) == Decimal("3")
    assert native.clamp(True) is True and type(wasm.clamp(True)) is int
    assert native.order(["a"], "up") == ["a"]
    with pytest.raises(ValueError):
        wasm.order(["a"], "up")
    echo_native, echo_wasm = pair("echo")
    zone = dt.timezone(dt.timedelta(hours=1), "CET")
    at = dt.datetime(2024, 1, 1, tzinfo=zone)
    (back,) = echo_wasm.datetimes([at])
    assert (
        back == at
        and back.tzname() == "UTC+01:00"
        and echo_native.datetimes([at])[0].tzname() == "CET"
    )
    native_rows, wasm_rows = ["b", "a"], ["b", "a"]
    assert native.page(native_rows) == wasm.page(wasm_rows) == ["b", "a"]
    assert native_rows == ["a", "b"] and wasm_rows == ["b", "a"]  # arguments are copies
