"""``set[T]`` of ints, strs, bools and enums: ``set()``, ``set(xs)``, displays, comprehensions,
``in``, ``len``, truth, ``add``, ``discard``, as locals, parameters and results (WIT ``list<T>``,
each item once); iterating one is rejected (CPython's order is its hash table's). Compiled vs
CPython with hypothesis inputs."""

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
            "def f(s: set[int]) -> int:\n    t = 0\n    for x in s:\n        t += x\n"
            "    return t\n",
            "kern.py:3: iterating a set[int] (CPython's order is its hash table's",
        ),
        (
            "def f(s: set[str]) -> list[str]:\n    return [x for x in s]\n",
            "kern.py:2: iterating a set[str] (CPython's order follows str hashes",
        ),
        (
            "def f(xs: list[float]) -> int:\n    return len(set(xs))\n",
            "kern.py:2: a set of float (int, str, bool, enum or their tuples) is outside",
        ),
        (
            "def f() -> int:\n    s = set()\n    return len(s)\n",
            "kern.py:2: an empty set needs a declared type: s: set[int] = set()",
        ),
        (
            "def f(s: set[int]) -> int:\n    s.remove(1)\n    return 0\n",
            "kern.py:2: the set method remove() with these arguments is outside",
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
