"""A corpus of typed programs written as application authors write them (tests/static/corpus/,
not shaped to the compiler): the share the static backend compiles is printed, each rejected
module's reason too, and every exported function of each compiled module is called with
hypothesis inputs and checked against CPython."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pywasm_runtime import model

from hatch_pywasm.backends import static

from .harness import Compiled, analyze, same
from .inputs import as_returned, strategy, wasm_value

CORPUS = Path(__file__).parent / "corpus"
MODULES = sorted(p.stem for p in CORPUS.glob("*.py"))
#: Modules the static backend compiled when this was written; fewer is a regression.
COMPILED_AT_LEAST = 17


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Compiled | str]:
    """Each corpus module: compiled (with its component), or why the static backend rejects
    it (the reason ``auto`` gives for falling back)."""
    found: dict[str, Compiled | str] = {}
    for name in MODULES:
        root = tmp_path_factory.mktemp(name)
        source = (CORPUS / f"{name}.py").read_text()
        component = analyze(root, name, source)
        problems = static.check_subset(component, static.read_sources(root, component))
        found[name] = str(problems[0]) if problems else Compiled(root, source, name)
    return found


def test_the_share_that_compiles(
    outcomes: dict[str, Compiled | str], capsys: pytest.CaptureFixture[str]
) -> None:
    compiled = [n for n, o in outcomes.items() if isinstance(o, Compiled)]
    with capsys.disabled():
        print(f"\nstatic backend compiles {len(compiled)} of {len(outcomes)} corpus modules "
              f"({100 * len(compiled) / len(outcomes):.0f}%)")  # fmt: skip
        for name, outcome in outcomes.items():
            print(f"  {name}: {'compiled' if isinstance(outcome, Compiled) else outcome}")
    assert len(compiled) >= COMPILED_AT_LEAST


@pytest.mark.parametrize("name", MODULES)
def test_every_compiled_call_agrees_with_cpython(
    outcomes: dict[str, Compiled | str], name: str
) -> None:
    program = outcomes[name]
    if not isinstance(program, Compiled):
        assert "outside the compiled subset" in program or "needs" in program, program
        return  # falls back to componentize-py: the reason names file:line
    interface = program.component.exports[0]
    for function in interface.functions:
        _agrees(program, function)


def _agrees(program: Compiled, function: model.Function) -> None:
    records = program.component.type_defs()
    inputs = st.tuples(*(strategy(p.type, program.python, records) for p in function.params))

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(args=inputs)
    def agrees(args: tuple[Any, ...]) -> None:
        got = program.call(function.name, *(wasm_value(a) for a in args))
        expected = program.reference(function.name, *args)
        expected = dataclasses.replace(expected, value=as_returned(expected.value, function.result))
        assert same(got, expected), f"{function.name}{args}: compiled {got}, CPython {expected}"

    agrees()
