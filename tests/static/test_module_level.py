"""Module level as users write it: constants (``Final`` or not, str, tuples, expressions of
earlier constants), ``from math import ...``, typing/dataclasses imports, type aliases,
``__all__``, a ``__main__`` block; dataclass field defaults, ``field(default_factory=list)``,
``frozen=True``. Compiled calls are checked against CPython; what stays outside the subset is
rejected with file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = '''
"""Geometry helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from math import fabs, pi, sqrt
from typing import Final, Optional

__all__ = [
    "circle_area", "describe", "fill", "grow", "moved", "norm", "root", "scaled_sum", "window"
]

SCALE: Final = 2.5
UNIT: Final[str] = "cm"
LIMITS = (0, 100)
STEP = LIMITS[1] // 4
BIG = 1 << 40
HALF = -SCALE / 2
GREETING = "size" + ":"
Vector = list[float]


@dataclass(frozen=True)
class Point:
    """A point in the plane."""

    x: float
    y: float = 0.0


@dataclass
class Bag:
    name: str
    items: list[int] = field(default_factory=list)
    limit: int = field(default=3)
    open: bool = True


def norm(x: float, y: float) -> float:
    p = Point(x, y=y)
    return sqrt(p.x * p.x + p.y * p.y) * SCALE + HALF


def moved(x: float) -> Point:
    return Point(x)


def fill(n: int, name: str) -> Bag:
    bag = Bag(name)
    for i in range(n):
        if len(bag.items) < bag.limit + LIMITS[0]:
            bag.items.append(i * STEP)
    bag.limit += BIG
    return bag


def grow(bag: Bag) -> Bag:
    other = Bag(bag.name + UNIT, limit=bag.limit)
    other.items.append(len(bag.items))
    return other


def scaled_sum(v: Vector) -> float:
    return sum(v) * pi


def circle_area(r: float) -> float:
    return math.pi * r * r + fabs(r)


def describe(n: int) -> str:
    return f"{GREETING} {n} {UNIT}"


def root(x: float) -> float:
    return sqrt(x)


def window(n: int) -> bool:
    return LIMITS[0] <= n < LIMITS[1]


if __name__ == "__main__":
    print(norm(3.0, 4.0))
'''

floats = st.floats(
    allow_nan=False, allow_infinity=False, width=64, min_value=-1e100, max_value=1e100
)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("module_level"), SOURCE)


@given(x=floats, y=floats)
def test_constants_math_imports_and_defaults(program: Compiled, x: float, y: float) -> None:
    program.check("norm", x, y)
    program.check("moved", x)
    program.check("circle_area", x)
    program.check("root", x)  # ValueError below zero, as CPython's math.sqrt


@given(n=st.integers(-3, 10), name=st.text(max_size=5))
def test_default_factory_gives_each_instance_its_own_list(
    program: Compiled, n: int, name: str
) -> None:
    program.check("fill", n, name)
    bag = program.python["Bag"](name, [n], n)
    program.check("grow", bag)


# exact sums: CPython 3.11's float sum differs from 3.12+'s compensated one (README)
@given(
    v=st.lists(st.integers(-1000, 1000).map(float), max_size=6), n=st.integers(-(2**63), 2**63 - 1)
)
def test_aliases_str_and_tuple_constants(program: Compiled, v: list[float], n: int) -> None:
    program.check("scaled_sum", v)
    program.check("describe", n)
    program.check("window", n)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            import json

            def f(x: int) -> int:
                return x
            """,
            "kern.py:2: `import json`: the module json needs the full interpreter (outside the "
            "compiled subset)",
        ),
        (
            """
            from math import factorial

            def f(x: int) -> int:
                return x
            """,
            "kern.py:2: `from math import factorial`: math.factorial needs the full interpreter",
        ),
        (
            """
            CACHE = [1, 2]

            def f(x: int) -> int:
                return x
            """,
            "kern.py:2: the module-level value CACHE = [1, 2] (constants are numbers, strings "
            "and tuples of them) is outside the compiled subset",
        ),
        (
            """
            HUGE = 10 ** 30

            def f(x: int) -> int:
                return x
            """,
            "kern.py:2: the module-level value HUGE = 10 ** 30",
        ),
        (
            """
            from dataclasses import dataclass

            @dataclass(frozen=True)
            class P:
                x: int

            def f(x: int) -> int:
                p = P(x)
                p.x = 2
                return p.x
            """,
            "kern.py:10: assigning field 'x' of the frozen dataclass P (CPython raises "
            "FrozenInstanceError) is outside the compiled subset",
        ),
        (
            """
            from dataclasses import dataclass, field

            @dataclass
            class P:
                xs: list[int] = field(default_factory=lambda: [1])

            def f(x: int) -> int:
                return len(P().xs)
            """,
            "kern.py:6: the default of field 'xs', field(default_factory=lambda: [1]) is outside",
        ),
        (
            """
            from dataclasses import dataclass

            @dataclass(order=True)
            class P:
                x: int

            def f(x: int) -> int:
                return x
            """,
            "kern.py:5: class P (@dataclass(order=True)) is outside the compiled subset",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)


def test_a_module_exporting_no_function_is_a_subset_error(tmp_path: Path) -> None:
    message = rejection(tmp_path, "from math import sqrt\n\nsqrt(2.0)\n")
    assert message == (
        "kern.py: the module kern exports no function (an empty component is outside the subset)"
    )
