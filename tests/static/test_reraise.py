"""A bare ``raise`` in an except block re-raises what it caught, with its traceback: the
frames from where it was first raised and, in the handler's function, the line it was raised
at (CPython does not add the line of the ``raise``). Compiled vs CPython with hypothesis
inputs: values, error class and message, traceback frames."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
class ParseError(ValueError):
    pass


def parse(text: str) -> int:
    if not text.isdigit():
        raise ParseError(f"not a number: {text}")
    return int(text)


def checked(text: str, limit: int) -> int:
    try:
        value = parse(text)
        if value > limit:
            raise OverflowError("too big")
    except ParseError:
        raise
    return value


def counted(texts: list[str]) -> int:
    total = 0
    for text in texts:
        try:
            total += parse(text)
        except ValueError as error:
            if str(error).endswith("x"):
                total += 1000
            else:
                raise
    return total


def nested(a: int, b: int) -> int:
    try:
        try:
            return a // b
        except ZeroDivisionError:
            raise
    except ArithmeticError:
        return -7


def through_finally(a: int, b: int) -> int:
    try:
        return a // b
    except ZeroDivisionError:
        counted(["1"])  # (calls in the handler leave the kept frames alone)
        raise
    finally:
        a = 0


def replaced(text: str) -> int:
    try:
        return parse(text)
    except ParseError:
        total = counted([text])  # may raise anew: a new error leaves the handler
        if total > 0:
            raise
        raise KeyError("k")
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("corpus_reraise"), SOURCE)


words = st.text(st.sampled_from("12ax"), max_size=3)


@given(text=words, limit=st.integers(-5, 500), texts=st.lists(words, max_size=3),
       a=st.integers(-9, 9), b=st.integers(-2, 2))  # fmt: skip
def test_reraise_is_cpythons(
    program: Compiled, text: str, limit: int, texts: list[str], a: int, b: int
) -> None:
    program.check("checked", text, limit)
    program.check("counted", texts)
    program.check("nested", a, b)
    program.check("through_finally", a, b)
    program.check("replaced", text)


@pytest.mark.parametrize(
    ("name", "args"),
    [("checked", ("a", 1)), ("counted", (["1", "a"],)), ("through_finally", (1, 0)),
     ("replaced", ("a",)), ("replaced", ("ax",))],
)  # fmt: skip
def test_the_traceback_is_cpythons(program: Compiled, name: str, args: tuple[object]) -> None:
    program.check_traceback(name, *args)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(a: int) -> int:\n    raise\n",
            "kern.py:2: a bare raise outside an except block is outside",
        ),
        (
            "def f(a: int) -> int:\n    try:\n        return 1 // a\n    except ZeroDivisionError:"
            "\n        if a:\n            return 0\n        raise\n",
            "kern.py:6: a return in an except block that re-raises is outside",
        ),
        (
            "def f(a: int) -> int:\n    try:\n        return 1 // a\n    except ZeroDivisionError:"
            "\n        try:\n            raise\n        except ValueError:\n            pass\n"
            "    return 0\n",
            "kern.py:6: a bare raise inside a try of its except block is outside",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, source).startswith(expected)
