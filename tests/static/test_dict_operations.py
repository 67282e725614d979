"""dict[K, V] as application code uses it: ``==``/``!=``, ``clear``, ``copy``, ``update``,
``popitem``, ``dict(pairs)``/``dict(zip(...))``/``dict(d)``, ``|``/``|=``, ``get`` without a
default, dicts of lists, sets and dataclasses, dicts in lists and fields, ``sorted(d)``,
``max(d, key=d.get)``: differential tests against CPython with hypothesis inputs (one build)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
from dataclasses import dataclass, field


@dataclass
class Item:
    name: str
    count: int
    tags: set[str] = field(default_factory=set)


@dataclass
class Inventory:
    items: dict[str, Item] = field(default_factory=dict)
    log: list[dict[str, int]] = field(default_factory=list)

    def stock(self, name: str, n: int) -> None:
        if name in self.items:
            self.items[name].count += n
        else:
            self.items[name] = Item(name, n)
        self.log.append({name: n})

    def total(self) -> int:
        return sum(item.count for item in self.items.values())


def word_counts(text: str) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    top = max(counts, key=counts.get) if counts else ""
    return [(w, counts[w]) for w in sorted(counts)] + list(counts.items()) + [(top, len(counts))]


def compared(a: list[int], b: list[int]) -> list[bool]:
    d = {k: k % 3 for k in a}
    e = {k: k % 3 for k in b}
    f = dict(e)
    return [d == e, d != e, e == f, d == {}, e != {}, dict(zip(a, a)) == {k: k for k in a}]


def merged(a: list[int], b: list[int]) -> list[tuple[int, int]]:
    d = dict(zip(a, range(len(b), 0, -1)))
    e = {k: -k for k in b}
    both = d | e
    d |= {0: 99}
    c = d.copy()
    c.update(e)
    return list(both.items()) + [(-1, -1)] + list(d.items()) + list(c.items())


def popped(xs: list[int], n: int) -> list[tuple[int, int]]:
    d = {x: x * 2 for x in xs}
    out: list[tuple[int, int]] = []
    for _ in range(n):
        out.append(d.popitem())  # KeyError('popitem(): dictionary is empty')
    d.clear()
    d[7] = 7
    return out + list(d.items())


def pairs_to_dict(pairs: list[tuple[str, int]]) -> dict[str, int]:
    return dict(pairs)


def optional_get(xs: list[int], k: int) -> int:
    d = {x: x for x in xs}
    v = d.get(k)
    if v is None:
        return -1
    return v


def graph(edges: list[tuple[int, int]]) -> list[list[int]]:
    adj: dict[int, list[int]] = {}
    for a, b in edges:
        adj.setdefault(a, []).append(b)
    return [adj[k] for k in sorted(adj)]


def mutated(xs: list[int], ops: list[int], start: int) -> list[int]:
    # a loop that deletes and adds keys as it goes: CPython's iterator walks its entries by
    # position (holes left by deletions, closed when the table is resized)
    d: dict[int, int] = {}
    for x in xs:
        d[x] = x
    for k in ops[:start]:
        d.pop(k, 0)
    seen: list[int] = []
    n = 0
    for k in d:
        seen.append(k)
        op = ops[n % len(ops)] if ops else 0
        n += 1
        if n > 60:
            break
        if k in d and op % 3 != 0:
            del d[k]
            d[op * 7 + n] = n
        elif op % 3 == 0 and len(d) > 0:
            k2, _ = d.popitem()
            d[k2 + 100] = 0
    return seen + [-1] + list(d)


def mutated_display(a: int, b: int) -> list[int]:
    d = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7}
    seen: list[int] = []
    for k in d:
        seen.append(k)
        if k == a:
            del d[k]
            d[k + 10] = k
        if len(seen) > 30:
            break
    e = d.copy()
    for k in e.values():
        seen.append(k)
        if k == b:
            del e[b + 10]
            e[-k] = 0
        if len(seen) > 60:
            break
    return seen


def mutated_merges(xs: list[int], gone: list[int], how: int, a: int) -> list[int]:
    base = {x: x for x in xs}
    for g in gone:
        base.pop(g, 0)
    d = {k: k for k in range(20, 40)}
    if how == 0:
        d = base.copy()
    elif how == 1:
        d = dict(base)
    elif how == 2:
        d |= base
    elif how == 3:
        d = base | d
    else:
        d.clear()
        d.update(base)
    seen: list[int] = []
    for k in d:
        seen.append(k)
        if k % 4 == a % 4:
            del d[k]
            d[k + 1000] = 0
        if len(seen) > 80:
            break
    return seen


def float_keys(xs: list[float], k: float) -> tuple[list[tuple[float, int]], int]:
    d: dict[float, int] = {}
    for i, x in enumerate(xs):
        d[x] = d.get(x, 0) + i
    d[1.0] = -1
    return list(d.items()), d[k]  # KeyError(k) when absent


def inventory(moves: list[tuple[str, int]]) -> tuple[int, int, list[str]]:
    inv = Inventory()
    for name, n in moves:
        inv.stock(name, n)
    return inv.total(), len(inv.log), sorted(inv.items)
"""

names = st.sampled_from(["ann", "bob", "cy", "a b"])
ints = st.lists(st.integers(-5, 20), max_size=12)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("collections-dicts"), SOURCE)


@settings(deadline=None, max_examples=100)
@given(a=ints, b=ints, n=st.integers(0, 6), k=st.integers(-5, 20))
def test_equality_merging_and_popitem(
    program: Compiled, a: list[int], b: list[int], n: int, k: int
) -> None:
    program.check("compared", a, b)
    program.check("compared", a, a[::-1])
    program.check("merged", a, b)
    program.check("popped", a, n)
    program.check("optional_get", a, k)


@settings(deadline=None, max_examples=100)
@given(
    words=st.lists(names, max_size=12),
    pairs=st.lists(st.tuples(names, st.integers(-(2**63), 2**63 - 1))),
)
def test_application_code(
    program: Compiled, words: list[str], pairs: list[tuple[str, int]]
) -> None:
    program.check("word_counts", " ".join(words))
    got, expected = program.call("pairs_to_dict", pairs), program.reference("pairs_to_dict", pairs)
    assert got.value == list(expected.value.items())  # a dict result: its items in order
    program.check("inventory", [(w, i % 7) for i, w in enumerate(words)])


@settings(deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=20))
def test_dict_of_lists(program: Compiled, edges: list[tuple[int, int]]) -> None:
    program.check("graph", edges)


@settings(deadline=None, max_examples=200)
@given(xs=st.lists(st.integers(-6, 30), max_size=14), ops=st.lists(st.integers(-4, 9), max_size=12),
       start=st.integers(0, 4))  # fmt: skip
def test_changed_during_iteration(
    program: Compiled, xs: list[int], ops: list[int], start: int
) -> None:
    """RuntimeError('dictionary changed size during iteration'), RuntimeError('dictionary keys
    changed during iteration'), or the keys CPython's iterator visits."""
    program.check("mutated", xs, ops, start)


@settings(deadline=None)
@given(a=st.integers(0, 20), b=st.integers(0, 20))
def test_changed_display_and_copy_during_iteration(program: Compiled, a: int, b: int) -> None:
    program.check("mutated_display", a, b)


@settings(deadline=None, max_examples=200)
@given(
    xs=st.lists(st.integers(-6, 30), max_size=14),
    gone=st.lists(st.integers(-6, 30), max_size=8),
    how=st.integers(0, 4),
    a=st.integers(0, 3),
)
def test_merged_and_copied_dicts_changed_during_iteration(
    program: Compiled, xs: list[int], gone: list[int], how: int, a: int
) -> None:
    """Copies, dict(d), |, |= and update give the layouts CPython's do (a clone or a merge)."""
    program.check("mutated_merges", xs, gone, how, a)


@settings(deadline=None, max_examples=100)
@given(
    xs=st.lists(st.sampled_from([0.0, -0.0, 1.0, 1.5, -2.0, float("inf"), 1e300]), max_size=10),
    k=st.sampled_from([0.0, -0.0, 1.0, 1.5, 7.25]),
)
def test_float_keys(program: Compiled, xs: list[float], k: float) -> None:
    """-0.0 and 0.0 are one key (the first one kept)."""
    program.check("float_keys", xs, k)
