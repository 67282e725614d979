"""The fast paths of per-character text code, against CPython on any text (hypothesis
``st.text()``, biased to ASCII and Latin-1 where the fast paths are): one-character strs from
iterating (by byte offset, no list) and indexing a str and from chr() (static below U+0100),
the predicates' ASCII bitmaps (isalpha/isdigit/isspace/... and the split/strip whitespace
test; a classifier of if-returns inlined into a loop), comparisons with short str constants,
lower()/upper() of text they leave as it is, comparing, hashing (dict keys) and copying strs a
word at a time, and tuple constants placed in static data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
SEPARATORS = (" ", ",", "\u00e9", "\u20ac", "")
MIXED = ("w\u00f6rd", 7, -2.5, True)


def chars(s: str) -> list[str]:
    return [ch for ch in s]


def looped(s: str) -> list[str]:
    out = []
    for ch in s:
        if ch == "'" or ch == "\u00e9":
            continue
        if ch == "#":
            break
        ch = ch + "|"  # (the walk goes on by its own offset)
        out.append(ch + ch)
    return out


def indexed(s: str, i: int) -> str:
    return s[i]


def latin1(start: int) -> list[str]:
    return [chr(c) for c in range(start, start + 300)]


def classes(s: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    return s.isalpha(), s.isdigit(), s.isspace(), s.isalnum(), s.isdecimal(), s.isnumeric()


def kinds(s: str) -> list[int]:
    found = []
    for ch in s:
        if ch.isalpha():
            found.append(1)
        elif ch.isdigit():
            found.append(2)
        elif ch.isspace():
            found.append(3)
        elif ch == "":
            found.append(5)
        else:
            found.append(4)
    return found


def classify(ch: str) -> int:
    if ch.isdigit():
        return 2
    if ch == "" or ch.isspace():
        return 3
    if ch.isalpha():
        return 1
    return 4


def classified(s: str) -> tuple[list[int], int, int]:
    total = 0
    for ch in s:
        total = total * 5 % 1000003 + classify(ch)  # (inlined: a call in a loop)
    return [classify(ch) for ch in s], total, classify(s)


def spaced(s: str) -> tuple[list[str], str]:
    return s.split(), s.strip()


def cased(s: str) -> tuple[str, str, str, bool]:
    low = s.lower()
    return low, s.upper(), low.lower(), low == s


def versus(s: str) -> tuple[bool, bool, bool, bool, bool]:
    return s == "", s != "", s == "a", s != "\u00e9", s == "ab"


def ordered(a: str, b: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    return a == b, a != b, a < b, a <= b, a > b, a >= b


def glued(a: str, b: str) -> tuple[str, str, str, list[str]]:
    return a + b, b + a + a, "-".join([a, b, a]), sorted([a, b, a + b, b + a])


def counted(words: list[str], probe: str) -> tuple[list[tuple[str, int]], int, bool]:
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    found = []
    for w, n in counts.items():
        found.append((w, n))
    return found, counts.get(probe, -1), probe in counts


def separated(s: str, i: int) -> tuple[str, bool, int]:
    sep = SEPARATORS[i % 5]
    return sep.join([s, s]), s in SEPARATORS, len(SEPARATORS)


def mixed() -> tuple[str, int, float, bool]:
    return MIXED


def mixed_parts() -> tuple[str, bool, float]:
    return MIXED[0], MIXED == ("w\u00f6rd", 7, -2.5, True), MIXED[2]
"""

# any text a WIT string can carry (no lone surrogates), mostly ASCII and Latin-1 (the fast
# paths) with the rest of Unicode mixed in
character = st.one_of(
    st.characters(max_codepoint=0x7F),
    st.characters(max_codepoint=0xFF),
    st.characters(exclude_categories=["Cs"]),
)
text = st.text(character, max_size=12)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("text_fastpaths"), SOURCE)


@settings(deadline=None)
@given(s=text, i=st.integers(-14, 14))
def test_characters(program: Compiled, s: str, i: int) -> None:
    program.check("chars", s)
    program.check("looped", s)
    program.check("indexed", s, i)  # IndexError out of range


# (300 code points from start, clear of the surrogates, which a WIT string cannot carry)
@given(start=st.integers(0, 0xD800 - 300) | st.integers(0xE000, 0x10FF00))
def test_chr_latin1_and_beyond(program: Compiled, start: int) -> None:
    program.check("latin1", start)


def test_every_latin1_chr(program: Compiled) -> None:
    program.check("latin1", 0)
    program.check("chars", "".join(chr(c) for c in range(1, 0x180)))


@settings(deadline=None)
@given(s=text)
def test_predicates(program: Compiled, s: str) -> None:
    program.check("classes", s)
    program.check("kinds", s)
    program.check("classified", s)
    program.check("spaced", s)
    program.check("versus", s)
    program.check("cased", s)
    program.check("cased", s.lower())  # (an unchanged str is its own lower())


def test_predicates_of_every_ascii_and_latin1_character(program: Compiled) -> None:
    for c in range(0x180):
        program.check("classes", chr(c))
    program.check("kinds", "".join(chr(c) for c in range(0x180)))
    program.check("spaced", "".join(chr(c) for c in range(0x180)))


@settings(deadline=None)
@given(a=st.text(character, max_size=30), b=text, k=st.integers(0, 30))
def test_compare_and_copy(program: Compiled, a: str, b: str, k: int) -> None:
    program.check("ordered", a, b)
    program.check("ordered", a, a[:k] + b)  # long common prefixes, differing in any byte
    program.check("ordered", a, a)
    program.check("glued", a, b)


@settings(deadline=None)
@given(words=st.lists(st.text(character, max_size=20), max_size=30), probe=text)
def test_str_keys(program: Compiled, words: list[str], probe: str) -> None:
    program.check("counted", words + words[::2], probe)  # (hashes of every length's tail)


@given(s=text, i=st.integers(0, 10))
def test_tuple_constants(program: Compiled, s: str, i: int) -> None:
    program.check("separated", s, i)
    program.check("mixed")
    program.check("mixed_parts")
