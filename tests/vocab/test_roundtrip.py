"""Exact round trips of the new types through the bookkeeping's component (one build per session;
each example is one call of a shared instance): at least 1000 generated values per type and
path, each coming back equal, of the same type, with the same text form where equality hides
detail (a Decimal's digits and exponent, NaN; a datetime's UTC offset). Two paths: a free
function (host -> guest -> host), and a resource method that hands the values on to a host
import (host -> guest object -> host function -> guest -> host)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import pywasm_runtime as pr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

#: Values per type and path: 100 examples of lists of 10 to 20 values, so at least 1000 each.
EXAMPLES = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DAY = dt.timedelta(hours=23, minutes=59, seconds=59, microseconds=999999)
OFFSETS = st.builds(dt.timezone, st.timedeltas(min_value=-DAY, max_value=DAY))
ZONES = st.none() | OFFSETS
DECIMALS = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("sNaN"), Decimal("-0"), Decimal("1E+999999"), Decimal("-NaN123"), Decimal("0E-30")]
)
FRACTIONS = st.fractions() | st.builds(
    Fraction, st.integers(-(10**40), 10**40), st.integers(1, 10**40)
)
STR = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)
#: echo function -> values of one type (lists, so each example carries several values)
CASES: dict[str, st.SearchStrategy[Any]] = {
    # a datetime is a date: natively a date parameter takes one, and it stays a datetime
    "dates": st.lists(st.dates() | st.datetimes(timezones=ZONES), min_size=10, max_size=20),
    "times": st.lists(st.times(timezones=ZONES), min_size=10, max_size=20),
    "datetimes": st.lists(st.datetimes(timezones=ZONES), min_size=10, max_size=20),
    "timedeltas": st.lists(st.timedeltas(), min_size=10, max_size=20),
    "decimals": st.lists(DECIMALS, min_size=10, max_size=20),
    "fractions": st.lists(FRACTIONS, min_size=10, max_size=20),
    "uuids": st.lists(st.uuids(), min_size=10, max_size=20),
    "int_set": st.sets(st.integers(-(2**63), 2**63 - 1), min_size=10, max_size=20),
    "str_frozenset": st.frozensets(STR, min_size=10, max_size=20),
    "int_tuple": st.lists(st.integers(-(2**63), 2**63 - 1), min_size=10, max_size=20).map(tuple),
    "raw": st.binary(min_size=10, max_size=64).map(bytearray),
    "statuses": st.lists(st.sampled_from(["open", "closed", "on-hold"]), min_size=10, max_size=20),
}  # fmt: skip


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    if isinstance(a, dt.datetime | dt.time):
        return a == b and a.utcoffset() == b.utcoffset() and a.isoformat() == b.isoformat()
    return bool(a == b)


@pytest.mark.parametrize("via", ["function", "resource method and host import"])
@pytest.mark.parametrize("function", sorted(CASES))
def test_round_trip(ledger_site: Path, function: str, via: str) -> None:
    echo = pr.import_wasm("bookkeeping.echo")
    owner = echo if via == "function" else echo.Stream("hypothesis")
    call: Callable[[Any], Any] = getattr(owner, function)
    count = 0

    @EXAMPLES
    @given(CASES[function])
    def check(values: Any) -> None:
        nonlocal count
        back = call(values)
        assert same(back, values), (values, back)
        count += len(values)

    check()
    assert count >= 1000, f"only {count} values of {function} were checked"
    if via != "function":  # the values went through the guest object
        assert "hypothesis closed, " in owner.state and " 0 sent" not in owner.state


@pytest.mark.parametrize("via", ["function", "resource method and host import"])
def test_typeddicts_keep_missing_keys_missing(ledger_site: Path, via: str) -> None:
    module = pr.import_wasm("bookkeeping.echo")
    echo = module if via == "function" else module.Stream()
    entries = [
        {"account": "a", "amount": "1", "side": "debit"},
        {"account": "b", "amount": "2", "side": "credit", "memo": ""},
    ]
    assert echo.entry_dicts(entries) == entries
    filters = [{}, {"status": "on-hold"}, {"account": "x", "status": "open"}]
    assert echo.filters(filters) == filters
    with pytest.raises(TypeError, match="EntryDict is missing the key 'side'"):
        echo.entry_dicts([{"account": "a", "amount": "1"}])


def test_abstract_collections_take_any_iterable_and_mapping(ledger_site: Path) -> None:
    echo = pr.import_wasm("bookkeeping.echo")
    assert echo.sequence(s for s in "ab") == ["a", "b"]
    assert echo.sequence({"x": 1}.keys()) == ["x"]
    assert echo.mapping({"a": 1.5}.items().mapping) == {"a": 1.5}
    it = echo.iterator([1, 2])
    assert next(it) == 1 and list(it) == [2]
    assert echo.uuids([uuid.UUID(int=5)]) == [uuid.UUID(int=5)]
    with pytest.raises(TypeError, match="expected a list or other iterable, got str"):
        echo.sequence("ab")
