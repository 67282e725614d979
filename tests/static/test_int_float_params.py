"""An int given for a ``float`` parameter inside the component stays an int, as in CPython: the
callee is compiled again for the int (irbuild/numeric_params.py), so ``f"{x}"``, ``type``-like
behaviour (``//``, exactness beyond 2**53), and ``return x`` from a ``-> float`` function
(the call site sees the int) are CPython's; a callee that would return an int on one path and
a float on another for the int is outside the subset (a SubsetError naming the call)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends import static

from .harness import Compiled, analyze

SOURCE = """
def show(x: float) -> str:
    return f"{x}|{x!r}|{str(x)}|{x // 2}|{x % 3}|{-x}|{x * 2}|{x / 4}"


def same(x: float) -> float:
    return x


def half(x: float) -> float:
    return x / 2


def exact(x: float, y: float) -> bool:
    return x == y + 1


def scaled(x: float, k: float = 2) -> str:
    return show(x * k)


def twice(x: float) -> float:
    return same(same(x))


def shown_int(n: int) -> str:
    return show(n) + "/" + show(n * 0.5) + "/" + show(True)


def returned(n: int) -> str:
    doubled = same(n) * 2
    return f"{same(n)}|{twice(n)}|{half(n)}|{doubled}|{same(n * 1.5)}"


def compared(n: int) -> bool:
    return exact(n, n - 1)


def defaults(n: int) -> str:
    return scaled(n) + "|" + scaled(n, 0.5) + "|" + scaled(k=3, x=n)


def countdown(x: float) -> float:
    if x <= 0:
        return x
    return countdown(x - 1)


def counted(n: int) -> str:
    return f"{countdown(n)}|{countdown(n + 0.5)}"
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("literal_int_float"), SOURCE)


#: (ints whose products here stay within the subset's 64 bits; beyond 2**53 a float would
#: round them)
INTS = (
    st.integers(-(2**58), 2**58)
    | st.integers(-100, 100)
    | st.sampled_from([2**53 + 1, -(2**53) - 1])
)


@settings(deadline=None)
@given(INTS)
def test_an_int_argument_stays_an_int(program: Compiled, n: int) -> None:
    for name in ("shown_int", "returned", "compared", "defaults"):
        program.check(name, n)


@settings(deadline=None)
@given(st.integers(-5, 60))
def test_a_recursive_callee(program: Compiled, n: int) -> None:
    program.check("counted", n)


MIXED = """
def pick(x: float) -> float:
    if x > 0:
        return x
    return 0.5


def use(n: int) -> float:
    return pick(n)
"""


def test_an_int_on_one_path_and_a_float_on_another_is_refused(tmp_path: Path) -> None:
    component = analyze(tmp_path, "literal_mixed", MIXED)
    errors = static.check_subset(component, static.read_sources(tmp_path, component))
    assert [str(e) for e in errors] == [
        "literal_mixed.py:2: pick would return float or int (CPython keeps the int) where float "
        "is declared, which is outside the compiled subset (called at literal_mixed.py:9 with an "
        "int for the float parameter(s) x)"
    ]
