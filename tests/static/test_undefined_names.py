"""Reading a name nothing defines (``return add(a, b)`` with no ``add``): CPython compiles the
module and raises NameError("name 'add' is not defined") when the read runs; so does the
compiled code, where the read comes before anything that could take effect. Compiled vs
CPython with hypothesis inputs: values, the error's class and message, its traceback's frames,
and handlers catching it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
def calculate(operation: str, a: int, b: int) -> int:
    if operation == "add":
        return add(a, b)
    elif operation == "pair":
        pair = (a, b, unknown_pair)
        return len(pair)
    elif operation == "nested":
        return abs(missing(a))
    if a > b:
        return a - b
    return 0


def factorial(n: int) -> int:
    if n <= 1:
        return 1
    return multiply(n, factorial(n - 1))


def deeper(n: int) -> int:
    if n > 3:
        return factorial(n)
    return n


def caught(a: int) -> int:
    try:
        return add(a, 1)
    except NameError:
        return -1


def message(a: int) -> str:
    try:
        total = a + 1
        subtract(total)
    except Exception as e:
        return str(e)
    return "unreachable"


def steps(a: int, b: int) -> int:
    first = add(a, b)
    second = subtract(a, b)
    return multiply(first, second)
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("corpus_undefined"), SOURCE)


@given(
    operation=st.sampled_from(["add", "pair", "nested", "other", ""]),
    a=st.integers(-99, 99),
    b=st.integers(-99, 99),
    n=st.integers(-2, 8),
)
def test_undefined_names_raise_name_error(
    program: Compiled, operation: str, a: int, b: int, n: int
) -> None:
    program.check("calculate", operation, a, b)
    program.check("factorial", n)
    program.check("deeper", n)
    program.check("caught", a)
    program.check("message", a)
    program.check("steps", a, b)


@pytest.mark.parametrize(("name", "args"), [("deeper", (5,)), ("calculate", ("nested", 1, 2))])
def test_the_traceback_is_cpythons(program: Compiled, name: str, args: tuple[object]) -> None:
    program.check_traceback(name, *args)
    assert vars(program.funcs[name](program.store, *args))["traceback"].endswith(
        f"NameError: {program.reference(name, *args).message}\n"
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(xs: list[int]) -> int:\n    return len(xs) + add(1)\n",
            "kern.py:2: calling add, which the module does not define, after other work "
            "(CPython raises NameError there) is outside the compiled subset",
        ),
        (
            "def f(xs: list[int]) -> int:\n    globals()['add'] = len\n    return add(xs)\n",
            "kern.py:2: calling globals is outside the compiled subset",
        ),
        (
            "from os import *\n\ndef f(xs: list[int]) -> int:\n    return add(xs)\n",
            "kern.py:1: `from os import *`",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, source).startswith(expected)
