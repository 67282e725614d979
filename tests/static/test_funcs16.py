"""Loops with ``else`` blocks, as library code writes them (issue 16), each differential-tested
against CPython."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled

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
