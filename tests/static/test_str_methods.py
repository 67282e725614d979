"""str.find/count/replace, str * int, str.lower/upper (CPython's full Unicode mappings,
capital sigma by its context), startswith/endswith, strip/lstrip/rstrip (whitespace as
CPython's isspace, or a set of characters), split() (runs of whitespace) and split(sep)
(ValueError for an empty one): differential tests against CPython with hypothesis inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def affixes(s: str, p: str) -> tuple[bool, bool]:
    return s.startswith(p), s.endswith(p)


def stripped(s: str, chars: str) -> tuple[str, str, str, str, str, str]:
    return s.strip(), s.lstrip(), s.rstrip(), s.strip(chars), s.lstrip(chars), s.rstrip(chars)


def cases(s: str) -> tuple[str, str]:
    return s.lower(), s.upper()


def searched(s: str, sub: str) -> tuple[int, int, str, str]:
    return s.find(sub), s.count(sub), s.replace(sub, "<>"), s.replace("a", sub)


def repeated(s: str, n: int) -> tuple[str, str]:
    return s * n, n * s


def words(s: str) -> list[str]:
    return s.split()


def fields(s: str, sep: str) -> list[str]:
    return s.split(sep)


def cleaned(text: str) -> list[str]:
    out = []
    for word in text.split():
        word = word.strip(".,;:!?")
        if word:
            out.append(word)
    return out
"""

# whitespace of several kinds (CPython's str.isspace), punctuation and non-ASCII letters
alphabet = st.sampled_from(list("ab.,! \t\n\u00a0\u2003\u3000é€😀"))
text = st.text(alphabet, max_size=10)
short = st.text(alphabet, max_size=3)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("str_methods"), SOURCE)


@given(s=text, p=short)
def test_affixes_and_strip(program: Compiled, s: str, p: str) -> None:
    program.check("affixes", s, p)
    program.check("stripped", s, p)


@given(s=text, sep=short)
def test_split(program: Compiled, s: str, sep: str) -> None:
    program.check("words", s)
    program.check("fields", s, sep)  # ValueError("empty separator") for ""
    program.check("cleaned", s)


# capital sigma's context: cased letters, case-ignorable marks and apostrophes around it
greek = st.text(
    st.sampled_from(list("\u03a3\u03c3\u0391\u03b1b '\u0301.\u0130\u00df\u01c5\ufb03\u0390")),
    max_size=8,
)


@given(s=text | greek)
def test_lower_upper(program: Compiled, s: str) -> None:
    program.check("cases", s)


@given(s=text, sub=short, n=st.integers(-2, 4))
def test_find_count_replace_repeat(program: Compiled, s: str, sub: str, n: int) -> None:
    program.check("searched", s, sub)  # an empty sub too: count len+1, replace between all
    program.check("repeated", s, n)
