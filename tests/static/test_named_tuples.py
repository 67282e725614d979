"""``class P(NamedTuple)`` as records: construction (positional, keyword, defaults), fields,
indexing and unpacking as its tuple, ``len``, ``==``, methods, crossing WIT as a record (as the
componentize-py backend's); assigning a field and unpacking a dataclass are rejected. Compiled
vs CPython with hypothesis inputs."""

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
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float
    label: str = "p"

    def norm1(self) -> float:
        return abs(self.x) + abs(self.y)


def made(x: float, y: float) -> Point:
    return Point(x, y=y)


def parts(p: Point) -> tuple[float, str, int, float]:
    a, b, c = p
    return a + p[1] + b, c + p[-1], len(p), p.norm1()


def shifted(ps: list[Point], dx: float) -> list[Point]:
    return [Point(p.x + dx, p.y, p.label + "'") for p in ps]


def same_place(p: Point, q: Point) -> bool:
    return p == q
"""

floats = st.floats(allow_nan=False, allow_infinity=False, width=32)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("named_tuples"), SOURCE)


def record(p: object) -> object:
    return types.SimpleNamespace(**p._asdict())  # type: ignore[attr-defined]


@given(x=floats, y=floats, label=st.text(max_size=3), dx=floats)
def test_named_tuples_as_records(program: Compiled, x: float, y: float, label: str, dx: float):
    point = program.python["Point"]
    p, q = point(x, y, label), point(y, x)
    got = program.call("made", x, y).value
    assert vars(got) == program.reference("made", x, y).value._asdict()
    assert same(program.call("parts", record(p)), program.reference("parts", p))
    assert same(program.call("same_place", record(p), record(q)),
                program.reference("same_place", p, q))  # fmt: skip
    shifted = program.call("shifted", [record(p), record(q)], dx).value
    wanted = program.reference("shifted", [p, q], dx).value
    assert [tuple(vars(r).values()) for r in shifted] == [tuple(w) for w in wanted]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "from typing import NamedTuple\n\nclass P(NamedTuple):\n    x: int\n\n"
            "def f(p: P) -> int:\n    p.x = 1\n    return p.x\n",
            "kern.py:7: assigning field 'x' of the NamedTuple P (CPython raises AttributeError)",
        ),
        (
            "from dataclasses import dataclass\n\n@dataclass\nclass D:\n    x: int\n    y: int\n\n"
            "def f(d: D) -> int:\n    a, b = d\n    return a\n",
            "kern.py:9: cannot unpack a D (not a tuple)",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)
