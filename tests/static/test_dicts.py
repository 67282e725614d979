"""dict[K, V] inside a component and as a result (WIT's list<tuple<K, V>>, in insertion
order): displays, comprehensions, d[k] (KeyError with the key's repr), d[k] = v, d[k] += v,
``in``, len, truth, get, setdefault, iteration (keys, values, items; RuntimeError when the
size changes): differential tests against CPython with hypothesis inputs."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled, Outcome, same

SOURCE = """
def tally(words: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def count_of(words: list[str], w: str) -> int:
    counts = tally(words)
    return counts[w]


def bumped(keys: list[int], k: int) -> dict[int, int]:
    d = {0: 100, 1: 200, 0: 300}
    for key in keys:
        if key not in d:
            d[key] = 0
        d[key] += key
    d[k] += 1  # KeyError when k is not a key
    return d


def squares(xs: list[int]) -> dict[int, float]:
    return {x % 5: x / 2 for x in xs if x != 3}


def firsts(words: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, w in enumerate(words):
        seen.setdefault(w, i)
    return seen


def report(words: list[str]) -> list[str]:
    counts = tally(words)
    lines = []
    for word, n in counts.items():
        if n > 1:
            counts[word] = 0  # a new value for a key: no error, the loop sees it
            lines.append(f"{word}: {n}")
    total = 0
    for n in counts.values():
        total += n
    for word in counts:
        if word == "":
            continue
        lines.append(word)
    lines.append(str(total))
    return lines


def grow(keys: list[int]) -> int:
    d = {0: 0}
    for k in d.keys():
        for x in keys:
            d[x] = k  # a new key: RuntimeError at the next step
    return len(d)


def summary(words: list[str]) -> tuple[int, bool, bool]:
    counts = tally(words)
    return len(counts), not counts, "a" in counts
"""

words = st.lists(st.text(st.sampled_from(["a", "b", "'", '"', "é"]), max_size=2), max_size=8)
keys = st.lists(st.integers(-3, 3), max_size=6)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("dicts"), SOURCE)


def check_dict(program: Compiled, name: str, *args: Any) -> None:
    """A dict result crosses WIT as the list of its items, in insertion order."""
    got, expected = program.call(name, *args), program.reference(name, *args)
    if isinstance(expected.value, dict):
        expected = Outcome(value=list(expected.value.items()))
    assert same(got, expected), f"{name}{args}: compiled {got}, CPython {expected}"


@given(ws=words, w=st.text(st.sampled_from("ab'"), max_size=2))
def test_counting_words(program: Compiled, ws: list[str], w: str) -> None:
    check_dict(program, "tally", ws)
    program.check("count_of", ws, w)  # KeyError("'w'"): the key's repr
    check_dict(program, "firsts", ws)
    program.check("summary", ws)
    program.check("report", ws)


@given(ks=keys, k=st.integers(-4, 4), xs=st.lists(st.integers(-9, 9), max_size=8))
def test_int_keys(program: Compiled, ks: list[int], k: int, xs: list[int]) -> None:
    check_dict(program, "bumped", ks, k)
    check_dict(program, "squares", xs)
    program.check("grow", ks)  # RuntimeError("dictionary changed size during iteration")
