"""A raise whose message is made at run time (an f-string, a concatenation, a str variable):
the exception's type, its message and the traceback's last line are CPython's."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
def check(n: int) -> int:
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    if n == 0:
        raise ValueError("")
    if n > 1000:
        raise OverflowError("too big: " + str(n * 2.5))
    return n


def named(name: str) -> str:
    message = "unknown name " + name
    if name != "ok":
        raise LookupError(message)
    return name


def deep(n: int) -> int:
    return check(n) + 1
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("raise_message"), SOURCE)


@pytest.mark.parametrize("n", [-5, 0, 1, 1001, 10**15])
def test_messages(program: Compiled, n: int) -> None:
    program.check("check", n)
    program.check("deep", n)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_str_message(program: Compiled, name: str) -> None:
    program.check("named", name)


def test_traceback_ends_with_the_message(program: Compiled) -> None:
    result = program.funcs["deep"](program.store, -3)
    traceback = vars(result)["traceback"]
    assert traceback.endswith("ValueError: n must be >= 0, got -3\n"), traceback
    assert "line 4, in check\n" in traceback and "in deep\n" in traceback
    empty = vars(program.funcs["check"](program.store, 0))
    assert (empty["message"], empty["traceback"].splitlines()[-1]) == ("", "ValueError")
