"""List comprehensions ``[element for x in source if ...]`` over a list or range(): conditions,
the variable local to the comprehension (an outer variable of the same name is untouched),
elements of any list item type; compiled vs CPython; the IR spells out the loop."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hatch_pywasm.backends import static
from hatch_pywasm.backends.static.ir import format_ir

from .harness import Compiled, analyze

SOURCE = """
def squares(n: int) -> list[int]:
    return [i * i for i in range(n) if i % 2 == 0]


def scaled(xs: list[float], k: float) -> list[float]:
    x = 5.0
    ys = [x * k for x in xs]
    return [y + x for y in ys if y > 0 if y < 100]


def words(xs: list[str]) -> list[tuple[str, int]]:
    return [(w, len(w)) for w in xs if w]


def stepped(a: int, b: int, c: int) -> list[bool]:
    return [i > 0 for i in range(a, b, c)]
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("comprehension"), SOURCE)


@given(n=st.integers(-3, 40), xs=st.lists(st.floats(-200, 200), max_size=8), k=st.floats(-3, 3))
def test_over_range_and_list(program: Compiled, n: int, xs: list[float], k: float) -> None:
    program.check("squares", n)
    program.check("scaled", xs, k)


@given(xs=st.lists(st.text(max_size=3), max_size=6))
def test_tuple_elements(program: Compiled, xs: list[str]) -> None:
    program.check("words", xs)


@given(a=st.integers(-5, 5), b=st.integers(-5, 5), c=st.integers(-3, 3))
def test_range_with_step(program: Compiled, a: int, b: int, c: int) -> None:
    program.check("stepped", a, b, c)  # a zero step: ValueError, as CPython


def test_ir_is_the_loop_then_the_list(tmp_path: Path) -> None:
    source = textwrap.dedent(
        """
        def f(n: int) -> list[int]:
            return [i * 2 for i in range(n) if i > 1]
        """
    )
    component = analyze(tmp_path, "kern", source)
    text = format_ir(static.lower_component(component, {"kern": source})[0])
    assert "return {%t1 = []; for %t0 in range(0, n, 1):; if int.gt(%t0, 1):; " in text
    assert "list.append(%t1, int.mul(%t0, 2)); %t1}" in text
