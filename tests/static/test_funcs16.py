"""Loops with ``else`` blocks and local functions (a lambda assigned to a name, a nested def),
as library code writes them (issue 16), each differential-tested against CPython."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends import static
from hatch_pywasm.backends.static import SubsetError

from .harness import Compiled, analyze

SOURCE = """
def first_negative(xs: list[int]) -> int:
    for x in xs:
        if x < 0:
            found = x
            break
    else:
        found = 0
    return found


def all_small(xs: list[int]) -> str:
    for x in xs:
        if x > 5:
            return "big"
    else:
        verdict = "small"
    return verdict


def countdown(n: int) -> list[int]:
    seen: list[int] = []
    while n > 0:
        seen.append(n)
        n -= 3
        if n == 4:
            break
    else:
        seen.append(-1)
    return seen


def pairs_with_sum(xs: list[int], total: int) -> list[int]:
    hits: list[int] = []
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            if xs[i] + xs[j] == total:
                hits.append(i * 10 + j)
                break
        else:
            hits.append(-i)
            if i > 3:
                break
    else:
        hits.append(99)
    return hits


def index_of(words: list[str], wanted: str) -> int:
    for k, w in enumerate(words):
        try:
            if w == wanted:
                break
        finally:
            pass
    else:
        return -1
    return k


def scaled(xs: list[int], factor: int) -> list[int]:
    scale = lambda x: x * factor
    clamp = lambda x, top=50: min(x, top)
    return [clamp(scale(x)) for x in xs] + [clamp(top=10, x=scale(1))]


def ranked_words(words: list[str], seen: list[tuple[str, int]]) -> tuple[list[str], str, str]:
    counts = dict(seen)

    def score(w: str) -> int:
        "How often it was seen, longer words first on ties."
        return counts.get(w, 0) * 100 + len(w)

    ordered = sorted(words, key=score, reverse=True)
    by_length = lambda w: len(w)
    ordered.sort(key=by_length)
    if not words:
        return ordered, "", ""
    return ordered, min(words, key=score), max(words, key=lambda w: -score(w))


def late_binding(xs: list[int]) -> list[int]:
    offset = 1
    shifted = lambda x: x + offset
    out: list[int] = []
    for x in xs:
        out.append(shifted(x))
        offset = x
    return out


def weighted(x: float, n: int) -> float:
    def mean(a: float, b: float = 1.0) -> float:
        return (a + b) / 2

    return mean(x) + mean(n, b=x)


def tokens(text: str, stop: list[str]) -> tuple[list[str], int]:
    seen: dict[str, int] = {}

    def keep(word: str, shortest: int = 2) -> bool:
        if len(word) < shortest or word in stop:
            return False
        seen[word] = seen.get(word, 0) + 1
        return seen[word] == 1

    def weight(word: str) -> int:
        total: int = 0
        for c in word:
            total += ord(c) % 7
        return total

    kept = [w for w in text.split() if keep(w)]
    return sorted(kept, key=weight), len(seen)


def doubled(xs: list[int]) -> tuple[tuple[int, ...], tuple[int, ...], tuple[bool, ...]]:
    return tuple(x * 2 for x in xs if x), tuple(xs), tuple(x > 0 for x in xs)


def lengths(words: list[str]) -> list[tuple[str, int]]:
    by_word = dict((w, len(w) * 10 + i) for i, w in enumerate(words))
    return list(by_word.items())


def positions(words: list[str]) -> list[tuple[str, int]]:
    first = {w: i for i, w in enumerate(words, 1)}
    return list(first.items())


def joined(a: list[int], b: list[int]) -> tuple[list[int], tuple[int, ...], list[int]]:
    return [*a, *b], (*b, 0, *a), [*a]


def dot(xs: list[float], ys: list[float]) -> list[float]:
    out: list[float] = []
    for i, (x, y) in enumerate(zip(xs, ys)):
        out.append(i * x + y)
    for (x, y), z in zip(zip(xs, ys), ys):
        out.append(x - y * z)
    return out


def by_count(words: list[str], floor: float) -> tuple[list[str], list[tuple[str, int]], list[str]]:
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    common = sorted(words, key=lambda w: (-counts[w], w))
    pairs = sorted(counts.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
    words.sort(key=lambda w: (len(w) > 1, max(floor, len(w) / 2)))
    return common, pairs, words


def extremes(words: list[str]) -> tuple[str, str]:
    if not words:
        return "", ""
    shortest = min(words, key=lambda w: (len(w), w))
    return shortest, max(words, key=lambda w: (w.count("b") > 0, -len(w), w))
"""

ints = st.lists(st.integers(-9, 9), max_size=7)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("funcs16"), SOURCE, module="funcs16_app")


@settings(max_examples=60)
@given(ints, st.integers(-12, 12))
def test_loop_else(program: Compiled, xs: list[int], n: int) -> None:
    for name in ("first_negative", "all_small"):
        program.check(name, list(xs))
    program.check("countdown", n)
    program.check("pairs_with_sum", list(xs), n)


@settings(max_examples=30)
@given(st.lists(st.sampled_from(["a", "b", "é"]), max_size=5), st.sampled_from(["a", "é", "z"]))
def test_loop_else_in_try(program: Compiled, words: list[str], wanted: str) -> None:
    program.check("index_of", list(words), wanted)


@settings(max_examples=40)
@given(ints, st.integers(-5, 5))
def test_local_functions(program: Compiled, xs: list[int], n: int) -> None:
    program.check("scaled", list(xs), n)
    program.check("late_binding", list(xs))
    program.check("weighted", float(n) / 3, n)


@settings(max_examples=40)
@given(
    st.lists(st.sampled_from(["a", "bb", "é", "cc", "ddd"]), max_size=6),
    st.lists(st.tuples(st.sampled_from(["a", "bb", "é"]), st.integers(0, 3)), max_size=3),
)
def test_key_functions(program: Compiled, words: list[str], seen: list[tuple[str, int]]) -> None:
    program.check("ranked_words", list(words), list(seen))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("    f = lambda x: x + n\n    return f(1) + len([f])", "'f' used as a value"),
        ("    def g() -> int:\n        return n\n    g = 3\n    return g", "bound more than once"),
        ("    def g() -> int:\n        nonlocal n\n        n += 1\n        return n\n"
         "    return g()", "with nonlocal"),
        ("    f = lambda k: f(k - 1) if k else 0\n    return f(n)", "a recursive call of"),
        ("    if n:\n        f = lambda k: k\n    return f(n)", "before it is defined on some"),
    ],
)  # fmt: skip
def test_what_needs_a_function_object_is_refused(tmp_path: Path, body: str, message: str) -> None:
    source = f"def h(n: int) -> int:\n{body}\n"
    component = analyze(tmp_path, "funcs16_kern", source)
    with pytest.raises(SubsetError, match=message):
        static.compile_component(component, {"funcs16_kern": source})


@settings(max_examples=40)
@given(ints, ints)
def test_displays_and_sources(program: Compiled, xs: list[int], ys: list[int]) -> None:
    for name, args in (("doubled", [list(xs)]), ("joined", [list(xs), list(ys)])):
        got, expected = program.call(name, *args), program.reference(name, *args)
        # (a tuple[int, ...] crosses the WIT as a list)
        assert got.value == tuple(list(part) for part in expected.value), name
    floats = [x / 4 for x in xs]
    program.check("dot", floats, [y / 3 for y in ys])


@settings(max_examples=40)
@given(st.lists(st.sampled_from(["a", "bb", "é", "a", ""]), max_size=6))
def test_enumerated_comprehensions(program: Compiled, words: list[str]) -> None:
    program.check("lengths", list(words))
    program.check("positions", list(words))


@settings(max_examples=60)
@given(
    st.lists(st.sampled_from(["a", "bb", "é", "cc", "", "b"]), max_size=8),
    st.sampled_from([0.0, -0.0, 0.5, 1.0]),
)
def test_tuple_sort_keys(program: Compiled, words: list[str], floor: float) -> None:
    program.check("by_count", list(words), floor)
    program.check("extremes", list(words))


@settings(max_examples=40)
@given(
    st.lists(st.sampled_from(["a", "bb", "é", "cc", "bb", "xyz", "the"]), max_size=8),
    st.lists(st.sampled_from(["the", "cc"]), max_size=2),
)
def test_nested_def_of_several_statements(
    program: Compiled, words: list[str], stop: list[str]
) -> None:
    program.check("tokens", " ".join(words), list(stop))
