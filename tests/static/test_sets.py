"""``set[T]`` of ints, strs, bools, enums and tuples: constructors, displays, comprehensions,
``in``, ``len``, the methods, operators and comparisons, iteration (and changes during it), as
locals, dict values, parameters and results (WIT ``list<T>``). Sets of ints, bools and their
tuples list their items in CPython's order (the exact lists are compared); str sets are
compared where their order does not show. Compiled vs CPython with hypothesis inputs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
from enum import Enum


class Shade(Enum):
    DARK = 1
    LIGHT = 2


def seen(xs: list[int], probe: int) -> tuple[int, bool, bool]:
    s: set[int] = set()
    for x in xs:
        s.add(x)
    s.discard(probe)
    s.discard(probe)
    return len(s), probe in s, 3 not in s


def lowered(text: str) -> set[str]:
    return {w.lower() for w in text.split()}


def hits(a: set[int], b: list[int]) -> int:
    n = 0
    for x in b:
        if x in a:
            n += 1
    return n + len(a) + (1 if a else 0)


def shades(names: list[str]) -> int:
    cs = {Shade.DARK}
    for n in names:
        if n == "l":
            cs.add(Shade.LIGHT)
        elif n == "d":
            cs.discard(Shade.DARK)
    return len(cs) + 10 * (Shade.LIGHT in cs) + 100 * (Shade.DARK in cs)


def counted(xs: list[int], word: str) -> int:
    s = set(xs)
    t = {1, 2, 2, True}
    letters = set(word)
    flags = {x > 0 for x in xs}
    return len(s) * 1000 + len(t) * 100 + len(letters) * 10 + len(flags)


def unique(words: list[str]) -> set[str]:
    out: set[str] = set()
    for w in words:
        out.add(w)
    return out


def visited(moves: list[int]) -> set[tuple[int, int]]:
    x, y = 0, 0
    seen = {(0, 0)}
    for m in moves:
        if m == 0:
            x += 1
        elif m == 1:
            y += 1
        elif m == 2:
            x -= 1
        else:
            seen.discard((x, y))
        seen.add((x, y))
    if (0, 0) in seen:
        seen.add((len(seen), -1))
    return seen


def sieve_out(n: int, drop: list[int]) -> int:
    alive = {k for k in range(n)}
    for d in drop:
        for k in range(0, n, d):
            alive.discard(k)
    return len(alive) + sum(1 for k in range(n) if k in alive)


def algebra(a: list[int], b: list[int], gone: list[int]) -> list[list[int]]:
    s = set(a)
    t: set[int] = set()
    for x in b:
        t.add(x)
    for x in gone:
        s.discard(x)
    u = s.copy()
    u |= t
    i = set(s)
    i &= t
    d = set(s)
    d -= t
    xo = set(s)
    xo ^= t
    w = set(t)
    w.update(s)
    i2 = set(s)
    i2.intersection_update(b)
    d2 = set(s)
    d2.difference_update(b)
    u2 = set(t)
    u2.update(gone, s)
    i3 = set(s)
    i3.intersection_update(b, t)
    d3 = set(s)
    d3.difference_update(gone, t)
    return [list(s | t), list(s & t), list(s - t), list(s ^ t), list(t - s), list(u), list(i),
            list(d), list(xo), list(w), list(s.union(t)), list(s.intersection(t)),
            list(s.difference(t)), list(s.symmetric_difference(t)), list(s.union(b)),
            list(s.symmetric_difference(b)), list(s.intersection(b)), list(s.difference(b)),
            list(i2), list(d2), list(s.union(t, b, gone)), list(s.intersection(t, b)),
            list(s.difference(t, gone)), list(u2), list(i3), list(d3)]


def relations(a: list[int], b: list[int]) -> list[bool]:
    s, t = set(a), set(b)
    return [s == t, s != t, s <= t, s < t, s >= t, s > t, s.issubset(t), s.issuperset(t),
            s.isdisjoint(t), s.issubset(b), s.isdisjoint(b)]


def churn(xs: list[int], ops: list[int]) -> tuple[list[int], list[int], int]:
    s = set(xs)
    popped: list[int] = []
    for k, op in enumerate(ops):
        if op == 0 and len(s) > 0:
            popped.append(s.pop())
        elif op == 1:
            s.add(k * 8)
        elif op == 2:
            s.discard(k * 8 - 8)
        elif op == 3:
            s.clear()
        else:
            s.add(-k)
    return list(s), popped, len(s)


def removed(xs: list[int], x: int) -> list[int]:
    s = set(xs)
    s.remove(x)
    return [y for y in s]


def emptied(xs: list[int]) -> int:
    s = set(xs)
    total = 0
    while True:
        total ^= s.pop()


def walk(xs: list[int], swap: int, grow: bool) -> list[int]:
    # changing a set in a loop over it: at the same size the loop goes on through its table
    s = set(xs)
    seen: list[int] = []
    for x in s:
        seen.append(x)
        if len(seen) > 40:
            break
        if x == swap:
            s.discard(x)
            s.add(x // 2 + 64)
        if grow and len(seen) == 2:
            s.add(1000)
    return seen


def big(xs: list[int]) -> list[int]:
    return list({x // 4 + (2**61 - 1) * (x % 3) for x in xs})  # equal hashes modulo 2**61 - 1


def pairs(moves: list[int]) -> list[tuple[int, int]]:
    out = {(m % 3, m // 3) for m in moves}
    out.discard((0, 0))
    return list(out) + [p for p in out if p[0] == 1]


def flags(xs: list[int]) -> list[bool]:
    return list({x > 0 for x in xs})


def reachable(edges: list[tuple[int, int]], start: int) -> list[int]:
    # breadth first over a graph of adjacency sets: the visiting order follows each set's
    graph: dict[int, set[int]] = {}
    for a, b in edges:
        if a not in graph:
            graph[a] = set()
        graph[a].add(b)
    order = [start]
    seen = {start}
    k = 0
    while k < len(order):
        for n in graph.get(order[k], set()):
            if n not in seen:
                seen.add(n)
                order.append(n)
        k += 1
    return order


def unique_words(text: str) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for w in text.split():
        if w.lower() not in seen:
            seen.add(w.lower())
            kept.append(w)
    return kept


def common_letters(words: list[str]) -> list[str]:
    if not words:
        return []
    shared = set(words[0])
    for w in words[1:]:
        shared &= set(w)
    return sorted(shared)


def floats(xs: list[float], probe: float) -> tuple[list[float], bool, int]:
    s = set(xs)
    s.add(probe)
    s.discard(-0.0)
    return list(s), 1.0 in s, len(s | {0.5, 2.0, -3.25})


def frozen(a: frozenset[int], b: list[int]) -> tuple[list[int], list[int], list[int], bool]:
    f = frozenset(b)
    g = f
    g |= a  # a new frozenset: f stays
    s = set(a) & f
    both = a | s
    return list(g) + list(f), list(both), list(frozenset(f).union(b)), f.copy() == f <= g


def frozen_result(xs: list[int]) -> frozenset[int]:
    if not xs:
        return frozenset()
    return frozenset(x // 3 for x in xs)


def constant_display(n: int) -> list[int]:
    s = {40, 8, 16, 3, 24, 32}
    s.add(n)
    t = {n, 8}
    return list(s) + list(t)
"""

small = st.integers(-3, 3)
words = st.lists(st.sampled_from(["a", "A", "b", "B", "é", ""]), max_size=6)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("sets"), SOURCE)


def same_set(got: list[object], expected: set[object]) -> bool:
    """A set result crosses as the list of its items, each once (in no promised order)."""
    return len(got) == len(set(got)) == len(expected) and set(got) == expected


@settings(deadline=None)
@given(xs=st.lists(small, max_size=8), probe=small, names=st.lists(st.sampled_from("ldx")))
def test_membership_add_discard(
    program: Compiled, xs: list[int], probe: int, names: list[str]
) -> None:
    program.check("seen", xs, probe)
    program.check("shades", names)
    got = program.call("hits", sorted(set(xs[:4])), xs)  # a set argument: list<T> on the wire
    assert got == program.reference("hits", set(xs[:4]), xs)


@settings(deadline=None)
@given(xs=st.lists(small, max_size=8), word=st.text("abcab", max_size=5), ws=words)
def test_constructors_and_results(
    program: Compiled, xs: list[int], word: str, ws: list[str]
) -> None:
    program.check("counted", xs, word)
    text = " ".join(ws)
    assert same_set(program.call("lowered", text).value, program.reference("lowered", text).value)
    assert same_set(program.call("unique", ws).value, program.reference("unique", ws).value)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(xs: list[list[int]]) -> int:\n    return len(set(xs))\n",
            "kern.py:2: a set of list[int] (int, float, str, bool, enum or their tuples) is",
        ),
        (
            "def f() -> int:\n    s = set()\n    return len(s)\n",
            "kern.py:2: an empty set needs a declared type: s: set[int] = set()",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)


@settings(deadline=None)
@given(moves=st.lists(st.integers(0, 3), max_size=40))
def test_tuple_items(program: Compiled, moves: list[int]) -> None:
    got, expected = program.call("visited", moves).value, program.reference("visited", moves).value
    assert same_set(got, expected), (moves, got, expected)


@settings(deadline=None)
@given(n=st.integers(0, 400), drop=st.lists(st.integers(2, 40), max_size=4))
def test_many_items_discarded(program: Compiled, n: int, drop: list[int]) -> None:
    """The table grows several times; discards shift its probe runs back."""
    program.check("sieve_out", n, drop)


#: Ints that collide in small tables (multiples of 8 and 32), negatives, and ints whose hashes
#: wrap modulo 2**61 - 1.
colliding = st.one_of(
    st.integers(-4, 40), st.integers(-6, 12).map(lambda k: k * 8), st.integers(0, 5).map(
        lambda k: k * 32 + 1), st.sampled_from([-1, -2, 2**61 - 1, 2**61, -(2**61), 2**63 - 1,
        -(2**63)]),
)  # fmt: skip
ints = st.lists(colliding, max_size=30)


@settings(deadline=None, max_examples=150)
@given(a=ints, b=ints, gone=st.lists(colliding, max_size=8))
def test_operators_methods_and_order(
    program: Compiled, a: list[int], b: list[int], gone: list[int]
) -> None:
    program.check("algebra", a, b, gone)
    program.check("relations", a, b)
    program.check("relations", a, a[::-1])


@settings(deadline=None, max_examples=150)
@given(xs=ints, ops=st.lists(st.integers(0, 4), max_size=40), x=colliding)
def test_pop_clear_remove(program: Compiled, xs: list[int], ops: list[int], x: int) -> None:
    program.check("churn", xs, ops)
    program.check("removed", xs, x)  # KeyError(x) when x is not there
    program.check("emptied", xs)  # KeyError('pop from an empty set')
    program.check("big", xs)
    program.check("flags", xs)
    program.check("constant_display", x)


@settings(deadline=None, max_examples=150)
@given(xs=ints, swap=colliding, grow=st.booleans())
def test_changed_during_iteration(program: Compiled, xs: list[int], swap: int, grow: bool) -> None:
    """RuntimeError('Set changed size during iteration'), or CPython's walk of a table that
    lost an item and gained one."""
    program.check("walk", xs, swap, grow)


@settings(deadline=None)
@given(moves=st.lists(st.integers(-20, 40), max_size=30))
def test_tuple_items_in_order(program: Compiled, moves: list[int]) -> None:
    program.check("pairs", moves)


@settings(deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=30),
       start=st.integers(0, 12))  # fmt: skip
def test_graph_of_adjacency_sets(
    program: Compiled, edges: list[tuple[int, int]], start: int
) -> None:
    program.check("reachable", edges, start)


@settings(deadline=None)
@given(ws=words, more=st.lists(st.text("abcé", max_size=4), max_size=5))
def test_str_sets(program: Compiled, ws: list[str], more: list[str]) -> None:
    """A str set's order is the static backend's own (CPython's follows PYTHONHASHSEED):
    results that do not depend on it agree."""
    program.check("unique_words", " ".join(ws))
    program.check("common_letters", more)


finite = st.floats(allow_nan=False).filter(lambda f: f == f)
some_floats = st.one_of(finite, st.sampled_from([0.0, -0.0, 1.0, 2.0**61, 0.5, -1.0, 1e-310,
                                                 float("inf"), -float("inf")]))  # fmt: skip


@settings(deadline=None, max_examples=150)
@given(xs=st.lists(some_floats, max_size=12), probe=some_floats)
def test_float_items_in_order(program: Compiled, xs: list[float], probe: float) -> None:
    """CPython's float hashes (an integral float hashes as its int; -0.0 is 0.0), so the same
    order; floats compared by bits."""
    program.check("floats", xs, probe)


@settings(deadline=None)
@given(a=ints, b=ints)
def test_frozensets(program: Compiled, a: list[int], b: list[int]) -> None:
    """A frozenset parameter is made as the componentize-py glue makes it (its items added in
    order); operators give the left operand's type; ``|=`` binds a new frozenset."""
    got = program.call("frozen", a, b)
    assert got == program.reference("frozen", frozenset(a), b)
    result = program.call("frozen_result", b).value
    assert result == list(program.reference("frozen_result", b).value)
