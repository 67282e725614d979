"""Issue 16: enum classes beyond members (irbuild/enums.py): ``Color(value)``, ``Color[name]``,
``for c in Color``, ``list(Color)``, ``len(Color)``, ``c in Color``, str(), repr() and
f-strings of members, and IntEnum/StrEnum members as their ints and strs; ``isinstance(x, (A,
B))``; one build, checked against CPython (errors by class and message)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hatch_pywasm.backends.static.errors import SubsetError

from .harness import Compiled

SOURCE = """
from enum import Enum, IntEnum, StrEnum, auto


class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 5


class Shade(Enum):
    LIGHT = "light"
    DARK = "dark"


class Level(IntEnum):
    LOW = auto()
    MID = auto()
    HIGH = 10


class Tone(StrEnum):
    WARM = auto()
    COOL = "cold"


def by_value(n: int) -> str:
    c = Color(n)
    return f"{c.name} {c} {c!r} {str(c)} {repr(c)}"


def shade_of(s: str) -> str:
    return repr(Shade(s))


def by_name(name: str) -> int:
    return Color[name].value + Level[name].value if name == "HIGH" else Color[name].value


def level_of(n: int) -> str:
    level = Level(n)
    return f"{level} {level!r} {level + 1} {level * 2} {level > 2} {level == n}"


def tone_of(s: str) -> str:
    tone = Tone(s)
    return f"{tone}|{tone!r}|{tone == s}|{tone == 'warm'}|{tone + '!'}|{str(tone)}"


def every() -> str:
    names = [c.name for c in Color]
    total = 0
    for level in Level:
        total += level
    tones = list(Tone)
    return f"{names} {total} {len(Color)} {len(tones)} {tones[1]} {Color.RED in Color}"


def signs(n: int) -> str:
    level, tone, color = Level(n), Tone("cold" if n > 1 else "warm"), Color(n)
    signs = f"{-level} {+level} {~level} {abs(-level)} {not level} {not tone} {not color}"
    return signs + f" {int(level)} {len(tone)} {bool(level)} {float(level)} {abs(level)}"


def values_sum(ns: list[int]) -> int:
    return sum(Level(n).value for n in ns if n in (1, 2, 10))


class Shape:
    def area(self) -> int:
        return 0


class Square(Shape):
    def __init__(self, side: int) -> None:
        self.side = side

    def area(self) -> int:
        return self.side * self.side


class Circle(Shape):
    def __init__(self, r: int) -> None:
        self.r = r

    def area(self) -> int:
        return 3 * self.r * self.r


class Ring(Circle):
    pass


def _shape(kind: int, size: int) -> Shape:
    if kind == 0:
        return Square(size)
    if kind == 1:
        return Circle(size)
    if kind == 2:
        return Ring(size)
    return Shape()


def kinds(kind: int, size: int) -> str:
    s = _shape(kind, size)
    return f"{isinstance(s, (Square, Circle))} {isinstance(s, (Ring,))} {isinstance(s, Shape)}"
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("enums16"), SOURCE)


NAMES = st.sampled_from(["RED", "GREEN", "BLUE", "HIGH", "red", "", "LOW"]) | st.text(max_size=3)
WORDS = st.sampled_from(["light", "dark", "warm", "cold", "WARM", "cool", ""]) | st.text(max_size=3)


@given(n=st.sampled_from([0, 1, 2, 5, 10, -1]) | st.integers(-(2**63), 2**63 - 1))
def test_lookup_by_value(program: Compiled, n: int) -> None:
    program.check("by_value", n)
    program.check("level_of", n)


@given(name=NAMES, word=WORDS)
def test_lookup_by_name_and_str_values(program: Compiled, name: str, word: str) -> None:
    program.check("by_name", name)
    program.check("shade_of", word)
    program.check("tone_of", word)


@given(ns=st.lists(st.sampled_from([1, 2, 3, 10]), max_size=5))
def test_iterating_the_class(program: Compiled, ns: list[int]) -> None:
    program.check("every")
    program.check("values_sum", ns)
    for n in ns:
        program.check("signs", n)


@given(kind=st.integers(0, 3), size=st.integers(-5, 5))
def test_isinstance_of_a_tuple_of_classes(program: Compiled, kind: int, size: int) -> None:
    program.check("kinds", kind, size)


APP_ERROR = """
class AppError(Exception):
    def __init__(self, code: int, msg: str) -> None:
        super().__init__(msg)
        self.code = code


def check(n: int) -> int:
    if n < 0:
        raise AppError(n, "negative")
    return n
"""


def test_an_exception_class_with_attributes_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(SubsetError) as refused:
        Compiled(tmp_path, APP_ERROR)
    assert str(refused.value).startswith(
        "kern.py:2: the exception class AppError with a body (its own __init__, attributes or"
        " methods; `class AppError(Exception): pass` compiles)"
    )
