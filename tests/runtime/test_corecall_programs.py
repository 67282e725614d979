"""Every static test program called through both runtime paths: the programs of tests/static
(each test module's ``SOURCE``) and its corpus, compiled by the static backend, every exported
function called with generated arguments through the fast path (corecall.py) and through
wasmtime's component values; both must give the same values (types at every level, floats by
bits) or the same exceptions (class, message, args, guest traceback). Each program must take
the fast path: a type it does not handle would make the runtime fall back silently."""

from __future__ import annotations

import ast
import importlib
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any, NamedTuple

import pytest
import pywasm_runtime as pr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pywasm_runtime import model

from hatch_pywasm import frontend
from hatch_pywasm.backends import static

from .test_corecall import outcome

STATIC_TESTS = Path(__file__).parents[1] / "static"
#: Fuel and memory enough for every call of the small inputs below; a call beyond them (a loop
#: over an extreme int) fails the same way on both paths, which is compared too.
LIMITS = pr.Limits(fuel=20_000_000, memory=64 << 20)
INT_EDGES = [-(2**63), -1, 0, 1, 2**63 - 1]


def _source_of(test_module: Path) -> str | None:
    """The module-level ``SOURCE`` of a tests/static test module, if it has one: a string
    constant, or an expression of the module's earlier plain assignments, functions and
    absolute imports (as test_format_spec and test_transform build theirs); relative imports
    (the test helpers) are left out."""
    tree = ast.parse(test_module.read_text("utf-8"))
    plain: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == [
            "SOURCE"
        ]:
            if isinstance(node.value, ast.Constant):
                return str(node.value.value)
            namespace: dict[str, Any] = {"__file__": str(test_module)}
            exec(compile(ast.Module([*plain, node], []), str(test_module), "exec"), namespace)
            return str(namespace["SOURCE"])
        if isinstance(node, ast.Assign | ast.AugAssign | ast.FunctionDef | ast.Import) or (
            isinstance(node, ast.ImportFrom) and node.level == 0
        ):
            plain.append(node)
    return None


def _programs() -> dict[str, str]:
    """Name (unique across tests/, as the module's name) -> source."""
    found = {}
    for path in sorted(STATIC_TESTS.glob("test_*.py")):
        source = _source_of(path)
        if source is not None:
            found[f"bothpaths_{path.stem.removeprefix('test_')}"] = source
    for path in sorted((STATIC_TESTS / "corpus").glob("*.py")):
        found[f"bothpaths_corpus_{path.stem}"] = path.read_text("utf-8")
    return found


PROGRAMS = _programs()


class Spec(NamedTuple):
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


class Program(NamedTuple):
    component: model.Component
    native: ModuleType
    fast: SimpleNamespace
    slow: SimpleNamespace


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the programs are compiled; on sys.path, so their own classes come back, as from a
    package."""
    root = tmp_path_factory.mktemp("bothpaths")
    sys.path.insert(0, str(root))
    try:
        yield root
    finally:
        sys.path.remove(str(root))
        for name in PROGRAMS:
            sys.modules.pop(name, None)


def build(root: Path, name: str) -> Program | str:
    """The program compiled and instantiated on both paths, or why the subset rejects it."""
    (root / f"{name}.py").write_text(PROGRAMS[name], "utf-8")
    home = root / name
    home.mkdir()
    (home / f"{name}.py").write_text(PROGRAMS[name], "utf-8")
    package = name.replace("_", "-")
    component = frontend.analyze(
        home, Spec(package, (name,)), namespace="test", package=package, version="0.1.0"
    )
    sources = static.read_sources(home, component)
    problems = static.check_subset(component, sources)
    if problems:
        return str(problems[0])
    wasm = home / f"{name}.wasm"
    wasm.write_bytes(static.compile_component(component, sources))
    # a program that prints imports WASI's stdout: by design it has no fast path (both are
    # then the component path, still compared)
    prints = b"wasi:cli/stdout" in wasm.read_bytes()
    paths = {}
    for fast in (True, False):
        instance = pr.load(wasm, spec=component, core_calls=fast).instantiate(limits=LIMITS)
        taken = instance._core is not None
        assert taken is (fast and not prints), f"{name}: the fast path is not taken"
        paths[fast] = instance.interface(name)
    return Program(component, importlib.import_module(name), paths[True], paths[False])


def strategy(t: model.TypeExpr, program: Program) -> st.SearchStrategy[Any]:
    """Arguments of a model type: mostly small values (loops stay short), the ends of the s64
    range and special floats too, records and enums as the program's own classes."""
    match t:
        case model.Primitive(name="s64"):
            return st.integers(-50, 50) | st.sampled_from(INT_EDGES)
        case model.Primitive(name="f64"):
            return st.floats(-1e6, 1e6) | st.sampled_from([-0.0, math.inf, math.nan, 5e-324])
        case model.Primitive(name="bool"):
            return st.booleans()
        case model.Primitive(name="string"):
            return st.text(max_size=8)
        case model.Bytes():
            return st.binary(max_size=8)
        case model.OptionOf(inner=inner):
            return st.none() | strategy(inner, program)
        case model.ListOf(element=element):
            return st.lists(strategy(element, program), max_size=6)
        case model.SetOf(element=element, frozen=frozen):
            items = st.sets(strategy(element, program), max_size=6)
            return items.map(frozenset) if frozen else items
        case model.TupleOf(elements=elements):
            return st.tuples(*(strategy(e, program) for e in elements))
        case model.DictOf(key=key, value=value):
            keys, values = strategy(key, program), strategy(value, program)
            return st.dictionaries(keys, values, max_size=6)
        case model.Named(name=name):
            definition = program.component.type_defs()[name]
            cls = getattr(program.native, name)
            if isinstance(definition, model.Enum):
                return st.sampled_from(list(cls))
            if isinstance(definition, model.Record):
                fields = {f.name: strategy(f.type, program) for f in definition.fields}
                return st.builds(cls, **fields)
    raise NotImplementedError(f"no arguments for {t}")


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_every_function_agrees_on_both_paths(root: Path, name: str) -> None:
    program = build(root, name)
    if isinstance(program, str):
        pytest.skip(f"outside the static subset (the componentize-py backend builds it): {program}")
    for function in program.component.exports[0].functions:
        inputs = st.tuples(*(strategy(p.type, program) for p in function.params))
        _agrees(f"{name}.{function.name}", getattr(program.fast, function.name),
                getattr(program.slow, function.name), inputs)  # fmt: skip


def _agrees(label: str, fast: Any, slow: Any, inputs: st.SearchStrategy[Any]) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(args=inputs)
    def agrees(args: tuple[Any, ...]) -> None:
        got, expected = outcome(fast, *args), outcome(slow, *args)
        assert got == expected, f"{label}{args!r}"

    agrees()
