"""enum.Enum, IntEnum and StrEnum: members (constants and auto()), ==, !=, is, is not,
.name and .value, as parameters, results, dataclass fields and list items (WIT enums);
checked against CPython."""

from __future__ import annotations

import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled, same

SOURCE = """
from dataclasses import dataclass
from enum import Enum, IntEnum, StrEnum, auto


class Grade(Enum):
    A = "A"
    B = "B"
    C = "C"
    F = "F"


class Priority(IntEnum):
    LOW = auto()
    MEDIUM = auto()
    HIGH = 10


class Color(StrEnum):
    RED = auto()
    GREEN = "verde"


@dataclass
class Task:
    title: str
    priority: Priority


def letter(score: int) -> Grade:
    if score >= 90:
        return Grade.A
    if score >= 80:
        return Grade.B
    if score >= 70:
        return Grade.C
    return Grade.F


def passed(scores: list[int]) -> int:
    return sum(1 for s in scores if letter(s) != Grade.F)


def describe(grade: Grade) -> str:
    return f"{grade.name}={grade.value}" if grade is not Grade.F else "failed"


def weight(task: Task) -> int:
    return task.priority.value * 2 + len(task.title)


def urgent(tasks: list[Task]) -> list[str]:
    return [t.title for t in tasks if t.priority == Priority.HIGH]


def grades(scores: list[int]) -> list[Grade]:
    return [letter(s) for s in scores]


def color_value(c: Color) -> str:
    return c.value + c.name
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("enums"), SOURCE)


@given(scores=st.lists(st.integers(0, 100), max_size=6))
def test_enum_results_and_comparisons(program: Compiled, scores: list[int]) -> None:
    program.check("passed", scores)
    got = program.call("grades", scores).value
    assert got == [g.name.lower() for g in program.reference("grades", scores).value]
    for score in scores:
        assert (
            program.call("letter", score).value
            == program.reference("letter", score).value.name.lower()
        )


@given(data=st.data())
def test_enum_parameters_fields_name_and_value(program: Compiled, data: st.DataObject) -> None:
    grade = data.draw(st.sampled_from(list(program.python["Grade"])))
    assert same(program.call("describe", grade.name.lower()), program.reference("describe", grade))
    color = data.draw(st.sampled_from(list(program.python["Color"])))
    assert same(
        program.call("color_value", color.name.lower()), program.reference("color_value", color)
    )
    priority = st.sampled_from(list(program.python["Priority"]))
    tasks = data.draw(
        st.lists(st.builds(program.python["Task"], st.text(max_size=3), priority), max_size=4)
    )
    wasm = [types.SimpleNamespace(title=t.title, priority=t.priority.name.lower()) for t in tasks]
    assert same(program.call("urgent", wasm), program.reference("urgent", tasks))
    for task, record in zip(tasks, wasm, strict=True):
        assert same(program.call("weight", record), program.reference("weight", task))
