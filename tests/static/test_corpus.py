"""A corpus of typed programs written as application authors write them (tests/static/corpus/,
not shaped to the compiler): the share the static backend compiles is printed, each rejected
module's reason too, and every exported function of each compiled module is called with
hypothesis inputs and checked against CPython."""

from __future__ import annotations

import dataclasses
import enum
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pywasm_runtime import model

from hatch_pywasm.backends import static

from .harness import Compiled, Outcome, analyze, same

CORPUS = Path(__file__).parent / "corpus"
MODULES = sorted(p.stem for p in CORPUS.glob("*.py"))
#: Modules the static backend compiled when this was written; fewer is a regression.
COMPILED_AT_LEAST = 17


def _numbers() -> st.SearchStrategy[float]:
    # Dyadic values of few bits: sums are exact, so CPython 3.11's plain float sum and the
    # compensated sum of 3.12+ (which the compiled code and componentize-py's 3.14 do) agree.
    return st.integers(-(10**6), 10**6).map(lambda n: n / 64)


def strategy(t: model.TypeExpr, namespace: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Inputs of a model type: small ints, dyadic floats, short text and lists, records built
    as the module's own dataclasses."""
    match t:
        case model.Primitive(name="s64"):
            return st.integers(-1000, 1000)
        case model.Primitive(name="f64"):
            return _numbers()
        case model.Primitive(name="bool"):
            return st.booleans()
        case model.Primitive(name="string"):
            return st.text(st.characters(codec="utf-8"), max_size=8)
        case model.OptionOf(inner=inner):
            return st.none() | strategy(inner, namespace)
        case model.ListOf(element=element):
            return st.lists(strategy(element, namespace), max_size=6)
        case model.TupleOf(elements=elements):
            return st.tuples(*(strategy(e, namespace) for e in elements))
        case model.Named(name=name) if isinstance(namespace.get(name), enum.EnumMeta):
            return st.sampled_from(list(namespace[name]))
        case model.Named(name=name) if dataclasses.is_dataclass(namespace.get(name)):
            cls = namespace[name]
            hints = {f.name: f for f in dataclasses.fields(cls)}
            return st.builds(cls, **{n: _field(n, namespace, t) for n in hints})
    raise NotImplementedError(f"no inputs for {t}")


def _field(name: str, namespace: dict[str, Any], record: model.Named) -> Any:
    definition = _RECORDS[record.name]
    field = next(f for f in definition.fields if f.name == name)
    return strategy(field.type, namespace)


_RECORDS: dict[str, model.Record] = {}


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
    for definition in program.component.type_defs().values():
        if isinstance(definition, model.Record):
            _RECORDS[definition.name] = definition
    for function in interface.functions:
        _agrees(program, function)


def _agrees(program: Compiled, function: model.Function) -> None:
    inputs = st.tuples(*(strategy(p.type, program.python) for p in function.params))

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(args=inputs)
    def agrees(args: tuple[Any, ...]) -> None:
        got = program.call(function.name, *(_wasm_value(a) for a in args))
        expected = program.reference(function.name, *args)
        expected = Outcome(_enums_named(expected.value), expected.error, expected.message)
        if isinstance(function.result, model.DictOf) and isinstance(expected.value, dict):
            # a dict crosses WIT as list<tuple<K, V>> in insertion order (either backend)
            expected = Outcome(value=list(expected.value.items()))
        if function.result == model.Primitive("f64") and type(expected.value) is int:
            # an int returned where float is declared crosses WIT as f64 with either backend
            expected = Outcome(value=float(expected.value))
        assert same(got, expected), f"{function.name}{args}: compiled {got}, CPython {expected}"

    agrees()


def _wasm_value(value: Any) -> Any:
    """A value as wasmtime lowers it: a dataclass as an object with its WIT field names."""
    if isinstance(value, list):
        return [_wasm_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_wasm_value(v) for v in value)
    if isinstance(value, enum.Enum):  # an enum crosses WIT as its case name
        return model.plain_wit_name(value.name)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        record = types.SimpleNamespace()
        for f in dataclasses.fields(value):
            setattr(record, model.plain_wit_name(f.name), _wasm_value(getattr(value, f.name)))
        return record
    return value


def _enums_named(value: Any) -> Any:
    """A result with its enum members as the case names wasmtime gives (else unchanged)."""
    if isinstance(value, enum.Enum):
        return model.plain_wit_name(value.name)
    if isinstance(value, list):
        return [_enums_named(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_enums_named(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _enums_named(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **fields)
    return value
