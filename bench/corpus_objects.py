"""The objects of exported classes (WIT resources) in bench.corpus_share: the same random
steps on the compiled component, called through pywasm-runtime (its classes behave as the
module's), and on the module run by CPython: constructions, method calls and calls of the
functions that take or return objects, each step's outcome compared (values by
``harness.same_value``: types, floats by bits; an object by its class; an exception by its
class name and message)."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pywasm_runtime as pr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pywasm_runtime import model

#: tests/static/inputs.py and harness.py (bench.corpus_share loads them by path)
_tests: dict[str, ModuleType] = {}

STEPS = 12


def agree(
    program: Any,
    classes: list[model.Resource],
    functions: list[model.Function],
    examples: int,
    tests: dict[str, ModuleType],
) -> None:
    """Raises AssertionError at the first step whose outcomes differ. ``tests``: the
    modules ``inputs`` and ``harness`` of tests/static."""
    _tests.update(tests)
    with tempfile.TemporaryDirectory(prefix="corpus-objects-") as tmp:
        path = Path(tmp) / "component.wasm"
        path.write_bytes(program.wasm)
        component = program.component
        interface = component.exports[0]
        api = pr.load(path, spec=component).instantiate().interface(interface.module)
        records = component.type_defs()
        actions: list[tuple[str, Any, Any]] = [("new", c, c.constructor) for c in classes]
        actions += [("method", c, m) for c in classes for m in c.methods if m.kind != "setter"]
        actions += [("function", None, f) for f in functions]
        _run(program, api, actions, records, examples)


def _run(
    program: Any, api: Any, actions: list[tuple[str, Any, Any]], records: Any, examples: int
) -> None:
    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(data=st.data())
    def steps(data: st.DataObject) -> None:
        pool: dict[str, list[tuple[Any, Any]]] = {}  # class -> (compiled, CPython) objects
        for _ in range(STEPS):
            kind, cls, function = data.draw(st.sampled_from(actions))
            pair = None
            if kind == "method":
                owned = pool.get(cls.name, [])
                if not owned:
                    continue
                pair = owned[data.draw(st.integers(0, len(owned) - 1))]
            arguments = [_argument(data, p.type, program, records, pool) for p in function.params]
            if any(a is None for a in arguments):
                continue  # no object of the class a parameter needs yet
            step = (kind, cls, function, pair, arguments)
            compiled, native = _outcome(api, step, 0), _outcome(program.python, step, 1)
            shown = f"{kind} {cls.name + '.' if cls else ''}{function.name}{tuple(arguments)}"
            _same(compiled, native, function, records, shown)
            made = cls.name if kind == "new" else _class_of(function.result, records)
            if compiled[0] == "returned" and made is not None:
                pool.setdefault(made, []).append((compiled[1], native[1]))

    steps()


def _argument(data: Any, t: Any, program: Any, records: Any, pool: dict) -> Any:
    if isinstance(t, model.Named) and isinstance(records.get(t.name), model.Resource):
        owned = pool.get(t.name, [])
        return owned[data.draw(st.integers(0, len(owned) - 1))] if owned else None
    return ("value", data.draw(_tests["inputs"].strategy(t, program.python, records)))


def _call(api: Any, step: tuple[Any, ...], side: int) -> Any:
    kind, cls, function, pair, arguments = step
    values = [a[1] if a[0] == "value" else a[side] for a in arguments]
    if kind == "new":
        return _get(api, cls.name)(*values)
    if kind == "function":
        return _get(api, function.name)(*values)
    target = pair[side]
    if function.kind == "getter":
        return getattr(target, function.name)
    return getattr(target, function.name)(*values)


def _get(api: Any, name: str) -> Any:
    """A function or class of the module: the CPython namespace is a dict."""
    return api[name] if isinstance(api, dict) else getattr(api, name)


def _outcome(api: Any, step: tuple[Any, ...], side: int) -> tuple[Any, ...]:
    """What one side did: returned a value or raised, and what it printed."""
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        try:
            value = _call(api, step, side)
        except Exception as error:
            return ("raised", type(error).__name__, str(error), printed.getvalue())
    return ("returned", value, printed.getvalue())


def _class_of(t: Any, records: Any) -> str | None:
    """The exported class ``t`` names, or None."""
    if isinstance(t, model.Named) and isinstance(records.get(t.name), model.Resource):
        return t.name
    return None


def _same(compiled: tuple, native: tuple, function: Any, records: Any, shown: str) -> None:
    if compiled[0] != native[0]:
        raise AssertionError(f"{shown}: compiled {compiled}, CPython {native}")
    if compiled[0] == "raised":
        if compiled[1:] != native[1:]:
            raise AssertionError(f"{shown}: compiled {compiled}, CPython {native}")
        return
    if function.kind == "constructor" or _class_of(function.result, records) is not None:
        values_agree = True  # an object on both sides (compared by its later steps)
    else:
        expected = _tests["inputs"].as_returned(native[1], function.result)
        values_agree = _tests["harness"].same_value(compiled[1], expected)
    if not values_agree or compiled[2] != native[2]:
        raise AssertionError(f"{shown}: compiled {compiled}, CPython {native}")
