"""The share of a corpus of typed example programs that the static backend compiles.

    python -m bench.corpus_share DIR [--examples N]

Every ``*.py`` under DIR is one module of its own component, its siblings (the files of its
directory, recursively) in the source root, as a project would hold them. Each goes through
the real ``frontend.analyze``, ``static.check_subset`` (the reason ``backend = "auto"`` gives
for falling back) and ``static.compile_component``; every export of a compiled module is called
with generated inputs of its model types (hypothesis, ``--examples`` each) and compared with
CPython running the same module: values and types (floats by bits), exception class and
message, and what it printed. The share counted is that of the *fully annotated* modules: every
function has annotated parameters (but a method's ``self``/``cls``) and a result annotation
(an ``__init__`` may leave its result out, as PEP 484 allows).

The public corpus measured for issue 16 is waspy's examples, held out (not in this repository):
``git -C <waspy> archive HEAD examples | tar -x -C /tmp/waspy`` then
``python -m bench.corpus_share /tmp/waspy/examples``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import importlib.util
import io
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pywasm_runtime import model

from hatch_pywasm.backends import static
from hatch_pywasm.diagnostics import DiagnosticError

from . import corpus_objects as objects

TESTS = Path(__file__).resolve().parents[1] / "tests" / "static"


def _load(name: str) -> ModuleType:
    """A module of the static backend's test suite (the differential harness, the inputs),
    loaded by its path: tests/ is not a package."""
    spec = importlib.util.spec_from_file_location(f"corpus_share_{name}", TESTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


harness = _load("harness")
inputs = _load("inputs")


@dataclass(frozen=True)
class Result:
    path: str  # relative to the corpus directory
    annotated: str | None  # None: fully annotated; else the first function that is not
    compiled: bool = False
    reason: str = ""  # why it falls back, or what disagreed with CPython
    wrong: bool = False  # a compiled call disagreed with CPython
    checked: int = 0  # exports compared with CPython


def unannotated(tree: ast.Module) -> str | None:
    """The first function (``name`` or ``Class.name``) with a parameter or result lacking an
    annotation; "no function" when there is none; None when every one is annotated."""
    found = False
    for scope in ast.walk(tree):
        body = getattr(scope, "body", None)
        if not isinstance(body, list):
            continue
        for node in body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            found = True
            args = node.args
            params = [*args.posonlyargs, *args.args]
            static_method = any(
                isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list
            )
            if isinstance(scope, ast.ClassDef) and not static_method:
                params = params[1:]  # self or cls
            params += [*args.kwonlyargs, *(a for a in (args.vararg, args.kwarg) if a)]
            owner = f"{scope.name}." if isinstance(scope, ast.ClassDef) else ""
            # (an __init__ with annotated parameters may leave out its result, as PEP 484 says)
            result_missing = node.returns is None and not (owner and node.name == "__init__")
            if result_missing or any(p.annotation is None for p in params):
                return f"{owner}{node.name} (line {node.lineno})"
    return None if found else "no function"


def _sibling_sources(root: Path, module: str) -> dict[str, str]:
    """The other modules under ``root``, by dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        if name != module and not name.endswith("__init__"):
            found[name] = path.read_text("utf-8")
    return found


def _forget(names: list[str]) -> None:
    """Drop the corpus's modules from sys.modules: another directory may reuse a name."""
    for name in list(sys.modules):
        if name.split(".")[0] in {n.split(".")[0] for n in names}:
            del sys.modules[name]


def measure(corpus: Path, path: Path, examples: int) -> Result:
    relative = str(path.relative_to(corpus))
    source = path.read_text("utf-8")
    missing = unannotated(ast.parse(source))
    if missing is not None:
        return Result(relative, missing)
    with tempfile.TemporaryDirectory(prefix="corpus-share-") as tmp:
        root = Path(tmp) / "src"
        shutil.copytree(path.parent, root, ignore=shutil.ignore_patterns("__pycache__"))
        module = path.stem
        siblings = _sibling_sources(root, module)
        try:
            component = harness.analyze(root, module, source)
        except DiagnosticError as error:
            return Result(relative, None, reason=f"frontend: {error.diagnostics[0]}")
        problems = static.check_subset(component, static.read_sources(root, component))
        if problems:
            return Result(relative, None, reason=str(problems[0]))
        _forget([module, *siblings])
        with contextlib.redirect_stdout(io.StringIO()):  # the module's own output at import
            program = harness.Compiled(root, source, module, siblings)
        return _compare(relative, program, examples)


def _compare(relative: str, program: Any, examples: int) -> Result:
    records = program.component.type_defs()
    interface = program.component.exports[0]
    classes = [t for t in interface.types if isinstance(t, model.Resource)]
    with_objects = [f for f in interface.functions if _mentions_resource(f, records)]
    uncompared = []
    compared = 0
    for function in interface.functions:
        if function in with_objects:
            continue
        try:
            _agrees(program, function, records, examples)
        except NotImplementedError as missing:
            uncompared.append(f"{function.name}() ({missing})")
            continue
        except AssertionError as wrong:
            return Result(relative, None, True, str(wrong), wrong=True)
        compared += 1
    if classes or with_objects:
        try:
            tests = {"inputs": inputs, "harness": harness}
            objects.agree(program, classes, with_objects, examples, tests)
        except NotImplementedError as missing:
            uncompared.append(f"the objects ({missing})")
        except AssertionError as wrong:
            return Result(relative, None, True, str(wrong), wrong=True)
        else:
            compared += len(with_objects) + sum(len(c.methods) + 1 for c in classes)
    reason = f"not compared: {', '.join(uncompared)}" if uncompared else ""
    return Result(relative, None, True, reason, checked=compared)


def _mentions_resource(function: model.Function, records: dict[str, Any]) -> bool:
    types = [p.type for p in function.params] + [function.result]
    while types:
        t = types.pop()
        if isinstance(t, model.Named) and isinstance(records.get(t.name), model.Resource):
            return True
        if dataclasses.is_dataclass(t):
            types += [v for v in vars(t).values() if dataclasses.is_dataclass(v)]
            types += [x for v in vars(t).values() if isinstance(v, tuple) for x in v]
    return False


def _agrees(program: Any, function: model.Function, records: dict[str, Any], examples: int) -> None:
    arguments = st.tuples(
        *(inputs.strategy(p.type, program.python, records) for p in function.params)
    )

    @settings(
        max_examples=examples, deadline=None, database=None,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    @given(args=arguments)
    def agrees(args: tuple[Any, ...]) -> None:
        got = program.call(function.name, *(inputs.wasm_value(a) for a in args))
        with contextlib.redirect_stdout(io.StringIO()):
            expected = program.reference(function.name, *args)
        value = inputs.as_returned(expected.value, function.result)
        expected = dataclasses.replace(expected, value=value)
        if not harness.same(got, expected):
            raise AssertionError(f"{function.name}{args}: compiled {got}, CPython {expected}")

    agrees()


def report(results: list[Result]) -> str:
    annotated = [r for r in results if r.annotated is None]
    compiled = [r for r in annotated if r.compiled]
    wrong = [r for r in compiled if r.wrong]
    lines = []
    for r in results:
        if r.annotated is not None:
            lines.append(f"  {r.path}: not fully annotated: {r.annotated}")
        elif r.wrong:
            lines.append(f"  {r.path}: WRONG VALUE: {r.reason}")
        elif r.compiled and r.reason:
            lines.append(f"  {r.path}: compiled, {r.checked} exports agree; {r.reason}")
        elif r.compiled:
            lines.append(f"  {r.path}: compiled, {r.checked} exports agree with CPython")
        else:
            lines.append(f"  {r.path}: falls back: {r.reason}")
    share = 100 * len(compiled) / len(annotated) if annotated else 0.0
    lines.append(
        f"static backend compiles {len(compiled)} of {len(annotated)} fully annotated modules "
        f"({share:.0f}%; {len(results)} modules in all); wrong values: {len(wrong)}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus_share", description=__doc__)
    parser.add_argument("corpus", type=Path, help="a directory of example programs")
    parser.add_argument("--examples", type=int, default=40, help="inputs per export")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not corpus.is_dir():
        parser.error(f"corpus: {args.corpus} is not a directory")
    paths = sorted(p for p in corpus.rglob("*.py") if p.name != "__init__.py")
    results = [measure(corpus, path, args.examples) for path in paths]
    print(report(results))
    return 1 if any(r.wrong for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
