"""str.rfind/index/rindex, removeprefix/removesuffix, startswith/endswith of a tuple,
partition/rpartition, zfill, center/ljust/rjust (fill character checked: CPython's TypeError),
split/rsplit with maxsplit (whitespace or a separator), splitlines (every Unicode line
boundary) and a format spec on a str in an f-string: differential tests against CPython with
hypothesis text, non-ASCII included."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hatch_pywasm.backends.static.errors import SubsetError

from .harness import Compiled

SOURCE = """
def searched(s: str, sub: str) -> tuple[int, int]:
    return s.rfind(sub), s.index(sub)


def searched_last(s: str, sub: str) -> int:
    return s.rindex(sub)


def affixes(s: str, a: str, b: str) -> tuple[bool, bool, bool, str, str]:
    return (s.startswith((a, b)), s.endswith((a, b, "x")), s.endswith(()),
            s.removeprefix(a), s.removesuffix(a))


def parted(s: str, sep: str) -> tuple[str, str, str, str, str, str]:
    head, found, tail = s.partition(sep)
    last = s.rpartition(sep)
    return head, found, tail, last[0], last[1], last[2]


def padded(s: str, width: int) -> tuple[str, str, str, str]:
    return s.zfill(width), s.center(width), s.ljust(width), s.rjust(width)


def filled(s: str, width: int, fill: str) -> tuple[str, str, str]:
    return s.center(width, fill), s.ljust(width, fill), s.rjust(width, fill)


def split_limited(s: str, sep: str, n: int) -> tuple[list[str], list[str], list[str]]:
    return s.split(sep, n), s.rsplit(sep, n), s.split(sep, maxsplit=n)


def split_blank(s: str, n: int) -> tuple[list[str], list[str], list[str], list[str]]:
    return s.split(None, n), s.rsplit(maxsplit=n), s.rsplit(), s.split(maxsplit=n)


def split_right(s: str, sep: str) -> list[str]:
    return s.rsplit(sep)


def lines(s: str) -> tuple[list[str], list[str], list[str]]:
    return s.splitlines(), s.splitlines(True), s.splitlines(keepends=True)


def cased(s: str) -> tuple[str, str]:
    return s.title(), s.capitalize()


def formatted(s: str) -> str:
    return f"[{s:>10}|{s:*^9}|{s:.3}|{s:<4}|{s:05}|{s:x>7.2s}|{s:^}]" + "{:*^9.3}".format(s)
"""

#: whitespace and line breaks of several kinds, letters, a sign, non-ASCII and astral ones
alphabet = st.sampled_from(
    list("ab+- \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029\u00a0\u3000é€😀")
)
text = st.text(alphabet, max_size=12) | st.text(max_size=8)
short = st.text(alphabet, max_size=2) | st.text(max_size=2)
widths = st.integers(-2, 16)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("strmeth_methods2"), SOURCE)


@given(s=text, sub=short)
def test_search(program: Compiled, s: str, sub: str) -> None:
    program.check("searched", s, sub)  # ValueError('substring not found')
    program.check("searched_last", s, sub)
    program.check("searched", s, s[1:3])  # found


@given(s=text, a=short, b=short)
def test_affixes(program: Compiled, s: str, a: str, b: str) -> None:
    program.check("affixes", s, a, b)
    program.check("affixes", s, s[:2], s[-1:])


@given(s=text, sep=short)
def test_partition(program: Compiled, s: str, sep: str) -> None:
    program.check("parted", s, sep)  # ValueError('empty separator') for ""
    program.check("parted", s + sep + s, sep)


@given(s=text, width=widths, fill=short)
def test_padding(program: Compiled, s: str, width: int, fill: str) -> None:
    program.check("padded", s, width)
    program.check("filled", s, width, fill)  # TypeError unless one character


@given(s=text, sep=short, n=st.integers(-2, 4))
def test_split_maxsplit(program: Compiled, s: str, sep: str, n: int) -> None:
    program.check("split_limited", s, sep, n)
    program.check("split_limited", s + sep + s + sep, sep, n)
    program.check("split_blank", s, n)
    program.check("split_right", s, sep)


@given(s=text)
def test_splitlines_and_format(program: Compiled, s: str) -> None:
    program.check("lines", s)
    program.check("formatted", s)


#: characters whose titlecase is not their uppercase (digraphs, ligatures, Georgian, sharp s),
#: capital sigma's contexts, uncased letters and marks, dotted capital I
mixed = st.sampled_from(
    list("aB1 '\u01c4\u01c5\u01c6\u00df\ufb03\u10d0\u1c90\u0587\u03a3\u0391\u00aa\u02b0")
    + list("\u0301\u0130\u0345\u24d0\u1fb3\u0149")
)


@given(s=text | st.text(mixed, max_size=8))
def test_title_capitalize(program: Compiled, s: str) -> None:
    program.check("cased", s)


def test_title_capitalize_every_character(program: Compiled) -> None:
    """Every code point after a space (titlecased), then before 'a' (its cased property) and
    after it (lowercased), 256 code points to a str."""
    for block in range(0, 0x110000, 256):
        points = [c for c in range(block, block + 256) if not 0xD800 <= c < 0xE000]
        if points:
            program.check("cased", "".join(f" {chr(c)}a{chr(c)}" for c in points))


def test_library_raises_add_no_frame(program: Compiled) -> None:
    """CPython's str methods are C: the traceback ends in the caller's frame."""
    program.check_traceback("searched_last", "abc", "x")
    program.check_traceback("filled", "abc", 5, "xy")
    program.check_traceback("parted", "abc", "")


def test_refusal_names_the_argument_types(tmp_path: Path) -> None:
    """Compiling stops before any component is built."""
    with pytest.raises(SubsetError, match=r"str\.find\(\) with arguments of types \(int\)"):
        Compiled(tmp_path, "def f(s: str) -> int:\n    return s.find(3)\n")
