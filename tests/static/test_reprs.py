"""repr() as CPython writes it, and str() of the values whose str is their repr: strs (quotes,
escapes), numbers, bools, None, tuples (``(1,)``), lists, the ``__repr__`` that ``@dataclass``
generates and a NamedTuple's, through ``repr()``, ``str()``, ``!r``, f-strings and explicit
``x.__repr__()`` / ``x.__str__()`` calls. Compiled vs CPython with hypothesis inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass
class Point:
    x: int
    y: float
    label: str = "p"


@dataclass(frozen=True)
class Tagged:
    on: bool
    at: Point
    notes: list[str] = field(default_factory=list)
    size: int | None = None


class Pair(NamedTuple):
    left: float
    right: str


def point(x: int, y: float, label: str) -> str:
    p = Point(x, y, label)
    return repr(p) + "|" + str(p) + "|" + f"{p}|{p!r}|" + p.__repr__() + p.__str__()


def tagged(on: bool, x: int, notes: list[str], size: int | None) -> str:
    t = Tagged(on, Point(x, x / 4), notes, size)
    return f"{t!r} {[t.at, t.at]}"


def pair(left: float, right: str) -> str:
    return repr(Pair(left, right)) + str((left, right)) + str((left,)) + repr(())


def values(xs: list[float], words: list[str], flag: bool) -> str:
    return f"{xs!r} {words} {repr(flag)} {str([flag])} {[[1], [2, 3]]!r} {repr(None)}"
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("corpus_reprs"), SOURCE)


text = st.text(st.characters(codec="utf-8"), max_size=5) | st.sampled_from(["'", '"', "'\"", "\\"])
floats = st.floats() | st.sampled_from([0.0, -0.0, 1e16, 1e-5, float("inf")])


@given(
    x=st.integers(-(2**63), 2**63 - 1),
    y=floats,
    s=text,
    on=st.booleans(),
    notes=st.lists(text, max_size=3),
    size=st.none() | st.integers(-99, 99),
    xs=st.lists(floats, max_size=3),
)
def test_reprs_are_cpythons(
    program: Compiled,
    x: int,
    y: float,
    s: str,
    on: bool,
    notes: list[str],
    size: int | None,
    xs: list[float],
) -> None:
    program.check("point", x, y, s)
    program.check("tagged", on, x, notes, size)
    program.check("pair", y, s)
    program.check("values", xs, notes, on)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "class C:\n    def __init__(self) -> None:\n        self.n = 1\n\n"
            "def f() -> str:\n    return repr(C())\n",
            "kern.py:6: repr() of the plain class C (an address) is outside",
        ),
        (
            "from dataclasses import dataclass\n\n@dataclass(repr=False)\nclass P:\n    x: int\n\n"
            "def f() -> str:\n    return str(P(1))\n",
            "kern.py:8: repr() of P (@dataclass(repr=False)) is outside",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, source).startswith(expected)
