"""str: parameters, results, literals, +, comparisons, in, len, truth; compiled vs CPython."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def greet(name: str) -> str:
    return "Hello, " + name + "!"


def measure(s: str) -> int:
    return len(s)


def order(a: str, b: str) -> int:
    return (a < b) + 2 * (a <= b) + 4 * (a == b) + 8 * (a != b) + 16 * (a > b) + 32 * (a >= b)


def find(needle: str, haystack: str) -> int:
    return (needle in haystack) + 2 * (needle not in haystack)


def pick(a: str, b: str) -> str:
    if not a:
        return b or "both empty"
    return a if len(a) >= len(b) else b


def repeat(s: str, times: int) -> str:
    out = ""
    for _ in range(times):
        out = out + s
    return out


def char_at(s: str, i: int) -> str:
    return s[i]


def cut(s: str, a: int, b: int) -> str:
    return s[a:b] + "|" + s[a:] + "|" + s[:b] + "|" + s[:]


def describe(name: str, count: int, ok: bool) -> str:
    return f"{name} has {count} items ({ok}), {str(count * 2)}{f''}"


def show(n: int) -> str:
    return str(n)


def check_name(name: str) -> str:
    if len(name) > 5:
        raise ValueError("name too long")
    return name
"""

texts = st.text(max_size=40)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("str"), SOURCE)


@given(a=texts, b=texts)
def test_strings(program: Compiled, a: str, b: str) -> None:
    program.check("greet", a)
    program.check("measure", a)
    program.check("order", a, b)
    program.check("order", a, a)
    program.check("find", a, b)
    program.check("find", a[1:3], a)
    program.check("pick", a, b)
    program.check("check_name", a)


@given(s=texts, i=st.integers(-50, 50), j=st.integers(-50, 50))
def test_index_and_slice(program: Compiled, s: str, i: int, j: int) -> None:
    program.check("char_at", s, i)
    program.check("cut", s, i, j)


@given(name=texts, count=st.integers(-(2**62), 2**62 - 1), ok=st.booleans())
def test_f_strings(program: Compiled, name: str, count: int, ok: bool) -> None:
    program.check("describe", name, count, ok)


def test_int_to_str_extremes(program: Compiled) -> None:
    for n in (0, -1, 7, -(2**63), 2**63 - 1, 10**18):
        program.check("show", n)


def test_unicode_and_empty(program: Compiled) -> None:
    for s in ("", "é", "日本語", "🐍x", "a\x00b"):
        program.check("measure", s)
        program.check("greet", s)
        program.check("order", s, "日")


def test_heap_is_freed_after_every_call(program: Compiled) -> None:
    """200 calls that each build strings of 1.5 MB in all: without the post-return reset they
    would need 300 MB; the instance stays below the store's 4 MiB limit."""
    program.store.set_limits(memory_size=4 * 1024 * 1024)
    try:
        for _ in range(200):
            assert program.call("repeat", "x" * 1024, 32).value == "x" * 32768
    finally:
        program.store.set_limits(memory_size=-1)


def test_out_of_memory_raises_memory_error(program: Compiled) -> None:
    """Within one call nothing is freed yet (no reference counting): 64 doublings exceed a
    2 MiB memory, and the guest raises MemoryError instead of trapping."""
    program.store.set_limits(memory_size=2 * 1024 * 1024)
    try:
        assert program.call("repeat", "x" * 1024, 64).error == "builtins.MemoryError"
        assert program.call("greet", "again").value == "Hello, again!"  # still usable
    finally:
        program.store.set_limits(memory_size=-1)
