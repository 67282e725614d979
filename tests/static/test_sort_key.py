"""``sorted(xs, key=..., reverse=...)``, ``xs.sort(key=..., reverse=...)`` and ``min``/``max``
with ``key=``, a lambda or a function as the key (keys computed once per item, in order, on a
copy; a stable sort by them): differential tests against CPython with hypothesis inputs, and
what stays rejected."""

from __future__ import annotations

import textwrap
import types
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled, same
from .test_lower import rejection

SOURCE = """
from dataclasses import dataclass


@dataclass
class Item:
    name: str
    price: float
    count: int


def by_price(items: list[Item], rev: bool) -> list[str]:
    return [i.name for i in sorted(items, key=lambda i: i.price, reverse=rev)]


def _weight(item: Item) -> int:
    return item.count * len(item.name)


def by_weight(items: list[Item]) -> list[Item]:
    ordered = sorted(items, key=_weight, reverse=True)
    return ordered


def by_len(words: list[str], rev: bool) -> list[str]:
    return sorted(words, key=len, reverse=rev)


def near(xs: list[int], target: int) -> list[int]:
    return sorted(xs, key=lambda x: abs(x - target))


def in_place(xs: list[int], rev: bool) -> list[int]:
    xs.sort(key=lambda x: x % 5, reverse=rev)
    ys = xs.copy()
    ys.sort(reverse=not rev)
    return xs + ys


def pairs(ps: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out = sorted(ps, key=lambda p: p[1])
    out.sort(key=lambda p: p[0].lower())
    return out


def words(text: str) -> list[str]:
    return sorted(text.split(), key=lambda w: (w.lower()))


def single(xs: list[float]) -> list[float]:
    return sorted(xs[:1])


def longest(ws: list[str]) -> str:
    return max(ws, key=len)


def nearest(xs: list[float], t: float) -> float:
    return min(xs, key=lambda x: abs(x - t))


def cheapest(items: list[Item]) -> str:
    return min(items, key=lambda i: i.price).name
"""

small = st.integers(-30, 30)
names = st.text("abAB", max_size=3)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("sort_key"), SOURCE)


def items(program: Compiled) -> st.SearchStrategy[list[object]]:
    prices = st.sampled_from([0.0, -0.0, 1.5, 2.25, -3.0])
    item = st.builds(program.python["Item"], names, prices, st.integers(0, 4))
    return st.lists(item, max_size=6)


@given(data=st.data(), rev=st.booleans())
def test_dataclass_items_by_a_lambda_or_a_function(
    program: Compiled, data: st.DataObject, rev: bool
) -> None:
    chosen = data.draw(items(program))
    records = [types.SimpleNamespace(**vars(i)) for i in chosen]
    for name, args in (("by_price", (chosen, rev)), ("by_weight", (chosen,))):
        got = program.call(name, *([records, *args[1:]]))
        assert same(got, program.reference(name, *args)), name


@given(xs=st.lists(small, max_size=8), ws=st.lists(names, max_size=6), rev=st.booleans())
def test_scalar_keys_stable_and_reversed(
    program: Compiled, xs: list[int], ws: list[str], rev: bool
) -> None:
    program.check("by_len", ws, rev)
    program.check("near", xs, 3)
    program.check("in_place", xs, rev)


@given(
    ps=st.lists(st.tuples(names, small), max_size=6),
    text=st.text("aA bB\t", max_size=12),
    xs=st.lists(st.floats(), max_size=3),
)
def test_tuples_text_and_one_item(
    program: Compiled, ps: list[tuple[str, int]], text: str, xs: list[float]
) -> None:
    program.check("pairs", ps)
    program.check("words", text)
    program.check("single", xs)  # one item (even a NaN) is never compared


@given(
    ws=st.lists(names, max_size=5),
    xs=st.lists(st.sampled_from([0.0, -0.0, 1.5, -2.0, 3.0, float("nan")]), max_size=4),
    t=st.sampled_from([0.0, 1.0, float("nan")]),
    data=st.data(),
)
def test_min_max_with_a_key(
    program: Compiled, ws: list[str], xs: list[float], t: float, data: st.DataObject
) -> None:
    program.check("longest", ws)  # the first of the longest; ValueError when empty
    program.check("nearest", xs, t)  # a NaN key never wins, as CPython's loop
    chosen = data.draw(items(program))
    records = [types.SimpleNamespace(**vars(i)) for i in chosen]
    assert same(program.call("cheapest", records), program.reference("cheapest", chosen))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(xs: list[int]) -> list[int]:\n    return sorted(xs, key=lambda a, b=1: a)\n",
            "kern.py:2: a key lambda without exactly one plain parameter",
        ),
        (
            "def f(xs: list[list[int]]) -> list[list[int]]:\n"
            "    return sorted(xs, key=lambda x: x)\n",
            "kern.py:2: sorting by keys that are a list[list[int]]",
        ),
        (
            "def f(t: tuple[int, ...]) -> int:\n    t.sort()\n    return 0\n",
            "kern.py:2: a tuple[int, ...] has no method sort()",
        ),
        (
            "def f(xs: list[int]) -> list[int]:\n    return sorted(xs, cmp=1)\n",
            "kern.py:2: sorted() with cmp= is outside the compiled subset",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)
