"""``T | None`` and ``Optional[T]``: parameters, results, dataclass fields (also in lists of
records), locals, defaults; ``is None`` / ``is not None`` narrowing of variables and of
attribute reads, in ``if``, after an early return, and in ``and`` chains. Checked against
CPython; what the narrowing cannot prove stays rejected."""

from __future__ import annotations

import textwrap
import types
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled, same
from .test_lower import rejection

SOURCE = """
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class User:
    name: str
    email: Optional[str]
    age: int | None = None


def display_name(user: User) -> str:
    if user.email is None:
        return user.name
    return f"{user.name} <{user.email}>"


def adults(users: list[User]) -> list[str]:
    return [u.name for u in users if u.age is not None and u.age >= 18]


def first_negative(xs: list[int]) -> int | None:
    for x in xs:
        if x < 0:
            return x
    return None


def or_default(x: Optional[float], default: float = 0.5) -> float:
    if x is not None:
        return x * 2.0
    return default


def total_known(xs: list[int | None]) -> int:
    total = 0
    for x in xs:
        if x is None:
            continue
        total += x
    return total


def older(user: User, years: int) -> User:
    found: int | None = user.age
    if found is None:
        found = 0
    return User(user.name, None, found + years)


def pick(flag: bool, word: str) -> str | None:
    return word if flag else None
"""

ints = st.integers(-(2**40), 2**40)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("optional"), SOURCE)


def users(program: Compiled) -> st.SearchStrategy[object]:
    return st.builds(
        program.python["User"], st.text(max_size=4), st.none() | st.text(max_size=4),
        st.none() | st.integers(0, 120),
    )  # fmt: skip


def as_record(user: object) -> object:
    return types.SimpleNamespace(**vars(user))


@given(data=st.data(), years=st.integers(0, 100))
def test_optional_fields_narrowed(program: Compiled, data: st.DataObject, years: int) -> None:
    user = data.draw(users(program))
    for name, args in (("display_name", (user,)), ("older", (user, years))):
        got = program.call(name, as_record(user), *args[1:])
        assert same(got, program.reference(name, *args)), name
    many = data.draw(st.lists(users(program), max_size=5))
    assert same(
        program.call("adults", [as_record(u) for u in many]), program.reference("adults", many)
    )


@given(xs=st.lists(ints, max_size=6), ys=st.lists(st.none() | ints, max_size=6))
def test_optional_results_and_lists(program: Compiled, xs: list[int], ys: list[int | None]) -> None:
    program.check("first_negative", xs)
    program.check("total_known", ys)


@given(x=st.none() | st.floats(allow_nan=False), flag=st.booleans(), word=st.text(max_size=3))
def test_optional_parameters(program: Compiled, x: float | None, flag: bool, word: str) -> None:
    program.check("or_default", x, 0.25)
    program.check("pick", flag, word)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            def f(x: int | None) -> int:
                return x + 1
            """,
            "kern.py:3: operands of types int | None and int do not mix",
        ),
        (
            """
            from dataclasses import dataclass

            @dataclass
            class Box:
                n: int | None

            def _clear(b: Box) -> int:
                b.n = None
                return 0

            def f(b: Box) -> int:
                if b.n is not None:
                    _clear(b)
                    return b.n
                return 0
            """,
            "kern.py:15: the returned value is int | None, expected int",
        ),
        (
            """
            def f(xs: list[int], x: int | None) -> int:
                if x is None:
                    return 0
                for _ in xs:
                    x = None
                    if len(xs) > 9:
                        x = 1
                return x
            """,
            "kern.py:9: the returned value is int | None, expected int",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)
