"""dict[K, V] inside a component, as a parameter and as a result (WIT's list<tuple<K, V>>, in
insertion order), keys int/str/bool/enum/tuples: displays, comprehensions, d[k] (KeyError with
the key's repr), d[k] = v, d[k] += v, del d[k], ``in``, len, truth, get, setdefault, pop,
iteration (keys, values, items; RuntimeError when the size changes), tables that grow and
lose keys: differential tests against CPython with hypothesis inputs."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pywasm_runtime import errors

from .harness import Compiled, Outcome, same

SOURCE = """
from enum import Enum


class Suit(Enum):
    HEARTS = 1
    SPADES = 2
    CLUBS = 3


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


def merged(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k, v in a.items():
        out[k] = v
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return out


def popped(d: dict[int, str], ks: list[int]) -> str:
    taken = ""
    for k in ks:
        taken += d.pop(k, "-")
    for k, v in d.items():
        taken += f"|{k}:{v}"
    return taken


def pop_missing(d: dict[int, int], k: int) -> int:
    return d.pop(k) + len(d)


def deleted(words: list[str], gone: list[str]) -> dict[str, int]:
    counts = tally(words)
    for w in gone:
        if w in counts:
            del counts[w]
    counts["end"] = len(counts)
    return counts


def del_missing(d: dict[str, int], k: str) -> int:
    del d[k]
    return len(d)


def grid(points: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    cells: dict[tuple[int, int], int] = {}
    for x, y in points:  # a for over a list of tuples unpacks each
        cells[(x // 2, y // 2)] = cells.get((x // 2, y // 2), 0) + 1
    return cells


def cell(points: list[tuple[int, int]], x: int, y: int) -> int:
    return grid(points)[(x, y)]


def tagged(pairs: list[tuple[str, bool]], k: str, b: bool) -> int:
    d: dict[tuple[str, bool], int] = {}
    for i in range(len(pairs)):
        d[pairs[i]] = i
    return d[(k, b)]


def suits(xs: list[int], probe: int) -> int:
    by: dict[Suit, int] = {}
    for x in xs:
        s = Suit.HEARTS if x % 3 == 0 else (Suit.SPADES if x % 3 == 1 else Suit.CLUBS)
        by[s] = by.get(s, 0) + x
    return by[Suit.CLUBS if probe else Suit.HEARTS]


def flags(xs: list[bool]) -> dict[bool, int]:
    d: dict[bool, int] = {}
    for i, x in enumerate(xs):
        d.setdefault(x, i)
    return d


def churn(ops: list[int]) -> dict[int, int]:
    d: dict[int, int] = {}
    for i, op in enumerate(ops):
        if op >= 0:
            d[op] = i
        elif -op in d:
            del d[-op]
    return d


def big(n: int) -> int:
    d: dict[int, int] = {}
    for i in range(n):
        d[i * 7919 % 10007] = i
    total = 0
    for i in range(0, n, 3):
        total += d.pop(i * 7919 % 10007)
    for i in range(0, n, 5):
        total += d.get(i * 7919 % 10007, -1)
    return total + len(d)


def delete_in_loop(d: dict[int, int]) -> int:
    n = 0
    for k in d:
        n += 1
        if k < 0:
            del d[k]
    return n


def replace_in_loop(d: dict[int, int]) -> int:
    for k in d:
        if k < 0:
            del d[k]
            d[100 - k] = k
    return len(d)
"""

words = st.lists(st.text(st.sampled_from(["a", "b", "'", '"', "é"]), max_size=2), max_size=8)
keys = st.lists(st.integers(-3, 3), max_size=6)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("dicts"), SOURCE)


def _as_items(value: Any) -> Any:
    """What crosses WIT for a value: a dict as the list of its items, in insertion order."""
    if isinstance(value, dict):
        return [tuple(_as_items(x) for x in item) for item in value.items()]
    if isinstance(value, tuple):
        return tuple(_as_items(x) for x in value)
    return value


def check_dict(program: Compiled, name: str, *args: Any) -> None:
    """Dict arguments and results cross WIT as the lists of their items, in insertion order
    (CPython gets a copy of each dict argument: the compiled call cannot change the host's)."""
    got = program.call(name, *(_as_items(a) for a in args))
    expected = program.reference(name, *(dict(a) if isinstance(a, dict) else a for a in args))
    expected = Outcome(_as_items(expected.value), expected.error, expected.message)
    assert same(got, expected), f"{name}{args}: compiled {got}, CPython {expected}"


@settings(deadline=None)
@given(ws=words, w=st.text(st.sampled_from("ab'"), max_size=2))
def test_counting_words(program: Compiled, ws: list[str], w: str) -> None:
    check_dict(program, "tally", ws)
    program.check("count_of", ws, w)  # KeyError("'w'"): the key's repr
    check_dict(program, "firsts", ws)
    program.check("summary", ws)
    program.check("report", ws)


@settings(deadline=None)
@given(ks=keys, k=st.integers(-4, 4), xs=st.lists(st.integers(-9, 9), max_size=8))
def test_int_keys(program: Compiled, ks: list[int], k: int, xs: list[int]) -> None:
    check_dict(program, "bumped", ks, k)
    check_dict(program, "squares", xs)
    program.check("grow", ks)  # RuntimeError("dictionary changed size during iteration")


small_dicts = st.dictionaries(st.integers(-5, 5), st.text("xy", max_size=2), max_size=6)
int_dicts = st.dictionaries(st.integers(-5, 5), st.integers(-9, 9), max_size=6)
word_dicts = st.dictionaries(st.text("ab", max_size=2), st.integers(-9, 9), max_size=5)
points = st.lists(st.tuples(st.integers(-4, 4), st.integers(-4, 4)), max_size=10)


@settings(deadline=None)
@given(a=word_dicts, b=word_dicts, d=small_dicts, e=int_dicts, ks=keys, k=st.integers(-5, 5))
def test_dict_parameters_and_pop(
    program: Compiled,
    a: dict[str, int],
    b: dict[str, int],
    d: dict[int, str],
    e: dict[int, int],
    ks: list[int],
    k: int,
) -> None:
    check_dict(program, "merged", a, b)
    check_dict(program, "popped", d, ks)
    check_dict(program, "pop_missing", e, k)  # KeyError(k) when absent
    check_dict(program, "delete_in_loop", e)  # RuntimeError after a deletion


@settings(deadline=None)
@given(ws=words, gone=words, k=st.text("ab", max_size=2))
def test_del(program: Compiled, ws: list[str], gone: list[str], k: str) -> None:
    check_dict(program, "deleted", ws, gone)
    check_dict(program, "del_missing", dict.fromkeys(gone, 1), k)  # KeyError("'k'")


@settings(deadline=None)
@given(ps=points, x=st.integers(-2, 2), y=st.integers(-2, 2), b=st.booleans())
def test_tuple_keys(program: Compiled, ps: list[tuple[int, int]], x: int, y: int, b: bool) -> None:
    check_dict(program, "grid", ps)
    check_dict(program, "cell", ps, x, y)  # KeyError("(x, y)")
    pairs = [(f"{px}", py > 0) for px, py in ps]
    check_dict(program, "tagged", pairs, str(x), b)  # KeyError("('x', True)")


@settings(deadline=None)
@given(xs=st.lists(st.integers(0, 20), max_size=8), probe=st.booleans(), bs=st.lists(st.booleans()))
def test_enum_and_bool_keys(program: Compiled, xs: list[int], probe: bool, bs: list[bool]) -> None:
    check_dict(program, "suits", xs, probe)  # KeyError("<Suit.CLUBS: 3>")
    check_dict(program, "flags", bs)


@settings(deadline=None)
@given(ops=st.lists(st.integers(-60, 60), max_size=300))
def test_growth_and_deletion(program: Compiled, ops: list[int]) -> None:
    """Many keys (the table doubles several times) and deletions (the probe runs shift back)."""
    check_dict(program, "churn", ops)


def test_large_dict(program: Compiled) -> None:
    for n in (0, 1, 7, 100, 5000):
        program.check("big", n)


@settings(deadline=None)
@given(d=st.dictionaries(st.integers(-8, 8), st.integers(), max_size=12))
def test_keys_replaced_during_a_loop(program: Compiled, d: dict[int, int]) -> None:
    """Deleted and added back to the same size: CPython's iterator goes on through its entries
    (or raises 'dictionary keys changed during iteration'), and so does the compiled loop."""
    check_dict(program, "replace_in_loop", d)


@pytest.mark.parametrize("key", ["ann", "", "it's", 7, -1, True, (1, "a"), ("x",)])
def test_the_host_gets_the_key_of_a_guest_key_error(key: object) -> None:
    """A static component sends a KeyError's str() (the key's repr); the runtime gives the host
    a KeyError whose args hold the key again, so str(), args and ``==`` are CPython's."""
    native = KeyError(key)
    rebuilt = errors.from_guest("builtins.KeyError", str(native), "", packages=frozenset())
    assert type(rebuilt) is KeyError and rebuilt.args == native.args
    assert str(rebuilt) == str(native)
