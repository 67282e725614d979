"""``obj.__repr__()`` of a dataclass or NamedTuple: the generated ``Name(field=repr(value),
...)``, nested records too, checked against CPython with hypothesis inputs (floats' and
strs' reprs as CPython's); ``repr=False`` is rejected with file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
from dataclasses import dataclass
from typing import NamedTuple


@dataclass
class Label:
    text: str
    size: int = 12


class Pos(NamedTuple):
    x: float
    y: float


@dataclass(frozen=True)
class Sticker:
    label: Label
    at: Pos
    shiny: bool


def label_repr(text: str, size: int) -> str:
    return Label(text, size).__repr__()


def sticker_repr(text: str, x: float, y: float, shiny: bool) -> str:
    s = Sticker(Label(text), Pos(x, y), shiny)
    return s.__repr__() + " " + s.at.__repr__()
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("record_repr"), SOURCE)


@given(st.text(max_size=8).filter(lambda s: not any(0xD800 <= ord(c) < 0xE000 for c in s)),
       st.integers(-(2**63), 2**63 - 1))  # fmt: skip
def test_a_dataclass_repr(program: Compiled, text: str, size: int) -> None:
    program.check("label_repr", text, size)


@given(st.sampled_from(["", "it's", 'say "hi"', "tab\\t", "é\\x00"]), st.floats(), st.floats(),
       st.booleans())  # fmt: skip
def test_nested_records_repr(program: Compiled, text: str, x: float, y: float, shiny: bool):
    program.check("sticker_repr", text, x, y, shiny)


def test_repr_false_is_rejected(tmp_path: Path) -> None:
    source = textwrap.dedent("""
        from dataclasses import dataclass

        @dataclass(repr=False)
        class D:
            x: int

        def f(x: int) -> str:
            return D(x).__repr__()
        """)
    assert rejection(tmp_path, source) == (
        "kern.py:9: repr() of D (@dataclass(repr=False)) is outside the compiled subset"
    )


def test_a_records_len_is_its_fields_so_it_may_not_define_one(tmp_path: Path) -> None:
    source = textwrap.dedent("""
        from dataclasses import dataclass

        @dataclass
        class D:
            x: int

            def __len__(self) -> int:
                return 3

        def f(x: int) -> int:
            return D(x).__len__()
        """)
    assert rejection(tmp_path, source) == (
        "kern.py:8: the special method D.__len__ is outside the compiled subset"
    )
