"""``Iterator[T]``/``Generator[T, S, R]`` parameters (irbuild/iterators.py). CPython's caller
hands the function an iterator (the componentize-py guest wraps the WIT list in ``iter()``), which
its first use exhausts; the subset receives a list. A parameter used once, read from the front
outside any loop, gives CPython's answers; any other use (a second loop, ``len``, indexing,
``next``, a use inside a loop...) is a SubsetError at its line, so ``backend = "auto"`` falls
back. ``Iterable[T]`` parameters are lists on both backends and may be read many times."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends import selection, static
from hatch_pywasm.backends.static.errors import SubsetError

from .harness import Compiled, Outcome, analyze, same

SOURCE = """
import typing
from collections.abc import Generator, Iterable, Iterator


def steps(values: Iterator[int]) -> list[int]:
    return [v * 3 - 1 for v in values]


def first_big(values: typing.Iterator[int], limit: int) -> int:
    for v in values:
        if v > limit:
            return v
    return -1


def summed(values: Generator[int, None, None]) -> int:
    return sum(values) + 10


def largest(values: Iterator[float]) -> float:
    return max(values)  # empty: ValueError


def squares(values: Iterator[int]) -> list[int]:
    return [v * v for v in values if v % 2 == 0]


def numbered(values: Iterator[str]) -> list[tuple[int, str]]:
    out = []
    for i, v in enumerate(values):
        out.append((i, v))
    return out


def paired(values: Iterator[int], others: list[int]) -> list[int]:
    out = []
    for a, b in zip(others, values):
        out.append(a - b)
    return out


def ordered(values: Iterator[int]) -> list[int]:
    return sorted(values, reverse=True)


def twice(values: Iterable[int]) -> int:
    total = 0
    for v in values:
        total += v
    for v in values:
        total += 10 * v
    return total + len(values)
"""

INTS = st.lists(st.integers(-(2**20), 2**20), max_size=12)
CALLS = {
    "steps": st.tuples(INTS),
    "first_big": st.tuples(INTS, st.integers(-(2**20), 2**20)),
    "summed": st.tuples(INTS),
    "largest": st.tuples(st.lists(st.floats(allow_nan=False, width=64), max_size=8)),
    "squares": st.tuples(INTS),
    "numbered": st.tuples(st.lists(st.text(max_size=4), max_size=6)),
    "paired": st.tuples(INTS, INTS),
    "ordered": st.tuples(INTS),
}
ITERATOR_FIRST = set(CALLS)  # each one's first parameter is an iterator


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("passes_iterators"), SOURCE)


def reference(program: Compiled, name: str, args: tuple) -> Outcome:
    """CPython's outcome when the first argument arrives as the guest passes it: an iterator."""
    first, *rest = args
    try:
        value = program.python[name](iter(first) if name in ITERATOR_FIRST else first, *rest)
    except Exception as error:
        return Outcome(error=f"builtins.{type(error).__name__}", message=str(error))
    return Outcome(value=value)


@settings(max_examples=40, deadline=None)
@given(st.data())
@pytest.mark.parametrize("name", sorted(CALLS))
def test_single_use_as_cpython(program: Compiled, name: str, data: st.DataObject) -> None:
    args = data.draw(CALLS[name])
    got, expected = program.call(name, *args), reference(program, name, args)
    assert same(got, expected), f"{name}{args}: compiled {got}, CPython {expected}"


@settings(max_examples=30, deadline=None)
@given(INTS)
def test_iterable_is_a_list_on_both_backends(program: Compiled, values: list[int]) -> None:
    program.check("twice", values)  # the runtime hands an Iterable parameter a list


REJECTED = {  # the body of used(), by the line (from the body's first) of the use rejected
    "for v in values:\n        t += v\n    for v in values:\n        t += v": 2,
    "for v in values:\n        t += v\n    t += sum(values)": 2,
    "t = len(values)": 0,
    "t = values[0]": 0,
    "t = next(values)": 0,
    "for _ in range(2):\n        t += sum(values)": 1,
    "while t < 3:\n        t += 1 + max(values)": 1,
    "pairs = zip(values, values)\n    t = len(list(pairs))": 0,
    "e = enumerate(values)\n    t = len(list(e))": 0,
    "t = sum([v * w for w in [1, 2] for v in values])": 0,
    "t = _helper(values)": 0,
}


@pytest.mark.parametrize("body", sorted(REJECTED))
def test_other_uses_are_subset_errors(tmp_path: Path, body: str) -> None:
    """Each of these would read a list where CPython reads an exhausted iterator (or fails)."""
    source = (
        "from typing import Iterator\n\n"
        f"def used(values: Iterator[int]) -> int:\n    t = 0\n    {body}\n    return t\n\n\n"
        "def _helper(xs: list[int]) -> int:\n    return len(xs)\n"
    )
    component = analyze(tmp_path, "passes_iter_rejected", source)
    with pytest.raises(SubsetError) as raised:
        static.lower_component(component, static.read_sources(tmp_path, component))
    assert raised.value.line == 5 + REJECTED[body], str(raised.value)
    assert "iterator parameter 'values'" in str(raised.value)


def test_nested_iterators_are_subset_errors(tmp_path: Path) -> None:
    source = (
        "from typing import Iterator\n\n\n"
        "def nested(groups: list[Iterator[int]]) -> int:\n    return len(groups)\n"
    )
    component = analyze(tmp_path, "passes_iter_nested", source)
    with pytest.raises(SubsetError, match="holds iterators inside another type") as raised:
        static.lower_component(component, static.read_sources(tmp_path, component))
    assert raised.value.line == 4


def test_auto_falls_back_on_a_second_pass(tmp_path: Path) -> None:
    """Before this check, both loops compiled over the list, so the second one saw every item
    again (CPython's sees none): ``auto`` now builds with componentize-py, naming the line."""
    source = (
        "from collections.abc import Iterator\n\n\n"
        "def both(values: Iterator[int]) -> int:\n    t = 0\n"
        "    for v in values:\n        t += v\n    for v in values:\n        t += 100 * v\n"
        "    return t\n"
    )
    component = analyze(tmp_path, "kern", source)
    choice = selection.choose("auto", component, tmp_path, trial=False)
    assert choice.backend == "componentize"
    assert "kern.py:8" in choice.reason and "used twice" in choice.reason, choice.reason
