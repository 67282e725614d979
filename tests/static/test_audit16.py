"""Typed application code as a library author writes it (the audit of issue 16's subset list):
chained and starred assignment, sorting with keys, generators consumed by builtins,
try/else/finally, ``raise ... from error``, an abstract base, dataclass defaults, NamedTuple and
list(reversed(xs)), each differential-tested against CPython."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import NamedTuple


class Shape(ABC):
    def __init__(self, name: str) -> None:
        self.name = name

    @abstractmethod
    def area(self) -> float: ...

    def describe(self) -> str:
        return self.name + " " + str(self.area())


class Square(Shape):
    def __init__(self, side: float) -> None:
        super().__init__("square")
        self.side = side

    def area(self) -> float:
        return self.side * self.side


def _total(shapes: list[Shape]) -> float:
    return sum(s.area() for s in shapes)


def shapes(side: float) -> tuple[str, float]:
    return Square(side).describe(), _total([Square(side), Square(side + 1.0)])


class Pair(NamedTuple):
    word: str
    count: int


@dataclass
class Tally:
    name: str
    counts: list[int] = field(default_factory=list)
    total: int = 0


def backwards(xs: list[int]) -> tuple[list[int], list[str]]:
    return list(reversed(xs)), list(reversed("ab" * len(xs)))


def unpacked(xs: list[int]) -> tuple[int, int, list[int]]:
    a = b = len(xs)
    first, *rest = xs + [a]
    return first + b, len(rest), sorted(rest, reverse=True)


def ranked(words: list[str]) -> list[Pair]:
    pairs = [Pair(w, words.count(w)) for w in words]
    pairs.sort(key=lambda p: p.count, reverse=True)
    return pairs


def folded(xs: list[int]) -> tuple[int, int, bool, bool, str]:
    if not xs:
        return 0, 0, False, True, ""
    return (sum(x * x for x in xs), max(-x for x in xs), any(x > 2 for x in xs),
            all(x > 0 for x in xs), ", ".join(str(x) for x in xs))


class ParseError(Exception):
    pass


def number(text: str) -> int:
    try:
        return int(text)
    except ValueError as error:
        raise ParseError("not a number: " + text) from error


def parsed(texts: list[str]) -> tuple[str, int]:
    log = ""
    tally = Tally("parsed")
    for text in texts:
        try:
            n = int(text)
        except ValueError:
            log += "E"
        else:
            tally.counts.append(n)
            tally.total += n
        finally:
            log += "."
    return log, tally.total
"""

ints = st.lists(st.integers(-9, 9), max_size=6)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("audit16"), SOURCE, module="audit16_app")


@settings(max_examples=40)
@given(ints)
def test_lists(program: Compiled, xs: list[int]) -> None:
    for name in ("backwards", "unpacked", "folded"):
        program.check(name, list(xs))


@settings(max_examples=40)
@given(st.floats(-1e3, 1e3))
def test_abstract_base_with_one_implementation(program: Compiled, side: float) -> None:
    program.check("shapes", side)


@settings(max_examples=40)
@given(st.lists(st.sampled_from(["a", "bb", "é", "a"]), max_size=6))
def test_ranked(program: Compiled, words: list[str]) -> None:
    got, expected = program.call("ranked", words), program.reference("ranked", words)
    assert [tuple(vars(p).values()) for p in got.value] == [tuple(p) for p in expected.value]


@settings(max_examples=40)
@given(st.lists(st.sampled_from(["1", "-20", "x", "", " 3 "]), max_size=6))
def test_parsed(program: Compiled, texts: list[str]) -> None:
    program.check("parsed", texts)
    for text in texts:
        program.check("number", text)


def test_raise_from_traceback(program: Compiled) -> None:
    program.check_traceback("number", "x")
