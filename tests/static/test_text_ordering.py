"""ord/chr, str.join, iterating a str, reversed(), sorted() (stable, reverse=), an empty list
typed by its first append, and exception messages computed at run time: differential tests
against CPython with hypothesis inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled, Outcome

SOURCE = """
def ord_of(s: str) -> int:
    return ord(s)


def chr_of(i: int) -> str:
    return chr(i)


def round_trip(i: int) -> int:
    return ord(chr(i))


def joined(parts: list[str], sep: str) -> str:
    return sep.join(parts)


def joined_back(parts: list[str]) -> str:
    return "-".join(reversed(parts))


def listed(xs: list[int]) -> str:
    return ", ".join(str(x) for x in xs)


def backwards(s: str) -> str:
    return "".join(reversed(s))


def letters_sorted(s: str) -> str:
    return "".join(sorted(s))


def sorted_ints(xs: list[int], descending: bool) -> list[int]:
    return sorted(xs, reverse=descending)


def sorted_floats(xs: list[float], descending: bool) -> list[float]:
    return sorted(xs, reverse=descending)


def sorted_words(xs: list[str], descending: bool) -> list[str]:
    return sorted(xs, reverse=descending)


def sorted_flags(xs: list[bool]) -> list[bool]:
    return sorted(xs)


def sorted_squares(xs: list[int]) -> list[int]:
    return sorted(x * x for x in xs)


def walk_back(xs: list[int]) -> list[int]:
    out = []
    for x in reversed(xs):
        out.append(x)
        if x % 3 == 0:
            xs[0] = x + 1  # the reversed iterator reads the list as it is now
    return out


def numbered_back(xs: list[int], start: int) -> list[tuple[int, int]]:
    out = []
    for i, x in enumerate(reversed(xs), start):
        if x == 0:
            continue
        out.append((i, x))
    return out


def positions_back(s: str) -> list[tuple[int, str]]:
    pairs = []
    for i, ch in enumerate(reversed(s)):
        pairs.append((i, ch))
    return pairs


def vowels(s: str) -> int:
    count = 0
    for ch in s:
        if ch in "aeiouAEIOU":
            count += 1
    return count


def spaced_out(s: str) -> list[str]:
    return [ch for ch in s if ch != " "]


def checked(x: int) -> int:
    if x < 0:
        raise ValueError(f"negative: {x}")
    if x == 0:
        reason = ""
        raise ArithmeticError(reason)
    return x
"""

text = st.text(st.characters(codec="utf-8"), max_size=8)
words = st.lists(text, max_size=6)
small = st.integers(-1000, 1000)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("text_ordering"), SOURCE)


@given(s=st.text(st.characters(codec="utf-8"), max_size=3))
def test_ord(program: Compiled, s: str) -> None:
    program.check("ord_of", s)  # TypeError with the length for anything but one character


EDGES = [0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0x110000, -1]


@given(i=st.integers(-10, 0x110010) | st.sampled_from(EDGES))
def test_chr(program: Compiled, i: int) -> None:
    program.check("round_trip", i)  # surrogates too: inside the component
    if not 0xD800 <= i <= 0xDFFF:  # (a lone surrogate cannot cross WIT as a string)
        program.check("chr_of", i)


@given(parts=words, sep=text)
def test_join(program: Compiled, parts: list[str], sep: str) -> None:
    program.check("joined", parts, sep)
    program.check("joined_back", parts)


@given(xs=st.lists(small, max_size=8), s=text)
def test_join_generator_and_reversed_str(program: Compiled, xs: list[int], s: str) -> None:
    program.check("listed", xs)
    program.check("backwards", s)
    program.check("letters_sorted", s)


@given(xs=st.lists(st.integers(-5, 5), max_size=12), descending=st.booleans())
def test_sorted_ints(program: Compiled, xs: list[int], descending: bool) -> None:
    program.check("sorted_ints", xs, descending)
    program.check("sorted_squares", xs)


@given(
    # -0.0 and 0.0 are equal: their order in the result shows the sort is stable
    xs=st.lists(st.sampled_from([0.0, -0.0, 1.5, -2.25, float("inf"), float("-inf")])
                | st.floats(allow_nan=False), max_size=12),
    descending=st.booleans(),
)  # fmt: skip
def test_sorted_floats_stable(program: Compiled, xs: list[float], descending: bool) -> None:
    program.check("sorted_floats", xs, descending)


@given(xs=words, descending=st.booleans(), flags=st.lists(st.booleans(), max_size=8))
def test_sorted_words_and_flags(
    program: Compiled, xs: list[str], descending: bool, flags: list[bool]
) -> None:
    program.check("sorted_words", xs, descending)
    program.check("sorted_flags", flags)


def test_sorting_floats_with_nan_is_refused_not_guessed(program: Compiled) -> None:
    got = program.call("sorted_floats", [1.0, float("nan"), 0.5], False)
    assert got.error == "builtins.NotImplementedError"
    assert "NaN is outside the compiled subset" in got.message


@given(xs=st.lists(st.integers(-9, 9), max_size=8), start=small)
def test_reversed_walks_the_list_as_it_is(program: Compiled, xs: list[int], start: int) -> None:
    program.check("walk_back", xs)
    program.check("numbered_back", xs, start)


@given(s=text)
def test_iterating_a_str(program: Compiled, s: str) -> None:
    program.check("positions_back", s)
    program.check("vowels", s)
    program.check("spaced_out", s)


@given(x=small)
def test_messages_computed_at_run_time(program: Compiled, x: int) -> None:
    program.check("checked", x)


def test_an_empty_message_shows_the_name_alone(program: Compiled) -> None:
    assert program.call("checked", 0) == Outcome(error="builtins.ArithmeticError", message="")
