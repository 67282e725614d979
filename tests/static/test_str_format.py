"""str.format with a constant template, and f-string conversions !s and !r, compiled
statically: CPython's text for ints, floats (every spec format() supports), bools and strs
(repr with its quotes and escapes), with hypothesis inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends import static

from .harness import Compiled, analyze

TEMPLATE = "{:.2f}|{:>10.3e}|{:+,}|{}|{!r}|{:08.3%}|{{literal}}"
SOURCE = f'''
LINE = "{{0}} = {{1:.4g}} ({{0}} again, {{2!r}})"


def report(x: float, n: int, name: str) -> str:
    return "{TEMPLATE}".format(x, x, n, name, name, x)


def numbered(x: float, n: int, name: str) -> str:
    return LINE.format(name, x, name) + "{{1}}/{{0:x}}".format(n, name)


def keywords(x: float, n: int) -> str:
    return "{{total:_.1f}} of {{count}} -> {{count:>5}}".format(total=x * n, count=n)


def converted(x: float, n: int, name: str, flag: bool) -> str:
    return f"{{name!r}} {{name!s}} {{x!r}} {{n!r}} {{flag!r}} {{flag}}" + repr(name) + repr(x)


def calls(n: int) -> str:
    seen = [0]
    return "{{0}} {{0}} {{1}}".format(bump(seen, n), bump(seen, n)) + str(seen[0])


def bump(seen: list[int], n: int) -> int:
    seen[0] += n
    return seen[0]
'''


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("str_format"), SOURCE)


_FLOATS = st.floats(allow_nan=True, allow_infinity=True)
_INTS = st.integers(-(2**63), 2**63 - 1)
_TEXT = st.text(max_size=12)


@settings(max_examples=300, deadline=None)
@given(_FLOATS, _INTS, _TEXT)
def test_report(program: Compiled, x: float, n: int, name: str) -> None:
    program.check("report", x, n, name)
    program.check("numbered", x, n, name)


@settings(max_examples=200, deadline=None)
@given(_FLOATS, st.integers(-(10**6), 10**6), _TEXT, st.booleans())
def test_keywords_and_conversions(
    program: Compiled, x: float, n: int, name: str, flag: bool
) -> None:
    program.check("keywords", x, n)
    program.check("converted", x, n, name, flag)


def test_arguments_evaluated_once_in_order(program: Compiled) -> None:
    program.check("calls", 5)


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{} {0}", "cannot switch from automatic field numbering to manual field numbering"),
        ("{1}", "replacement index 1 out of range for 1 arguments"),
        ("{x}", "no argument x="),
        ("{", "Single '{' encountered in format string"),
    ],
)
def test_templates_cpython_rejects_are_compile_errors(
    tmp_path: Path, template: str, reason: str
) -> None:
    source = f'def f(a: int) -> str:\n    return "{template}".format(a)\n'
    component = analyze(tmp_path, "kern_format_errors", source)
    errors = static.check_subset(component, static.read_sources(tmp_path, component))
    assert [str(e) for e in errors] == [
        f"kern_format_errors.py:2: str.format template {template!r}: {reason}"
    ]
