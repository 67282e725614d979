"""The package in Node: a `node --test` suite calls every export and checks the values; the same
calls (harness/calls.json) through Python and wasmtime give identical results (differential).

The Python side decodes and encodes values by the interface model with wasmtime directly; once
pywasm-runtime can call components, it should take this side over."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import wasmtime
from pywasm_runtime import model
from wasmtime import component as wc

from hatch_pywasm.js import NODE20_FLAG
from hatch_pywasm.js.sources import camel_case, interface_js_name, js_name

HARNESS = Path(__file__).parent / "harness"
CALLS = json.loads((HARNESS / "calls.json").read_text(encoding="utf-8"))["calls"]
INT64 = {"s64", "u64"}


def run_node(node: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [node, NODE20_FLAG, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"node {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_node_suite_calls_every_export(node: str, js_package) -> None:
    output = run_node(
        node,
        "--test",
        "--test-reporter=tap",
        str(HARNESS / "component.test.mjs"),
        env={"PYWASM_JS_PACKAGE": str(js_package.package_dir)},
    )
    assert "# fail 0" in output and "# pass 6" in output, output


@pytest.mark.slow
def test_stub_wasi_package_runs_without_the_shim(node: str, js_stub_package) -> None:
    package = json.loads((js_stub_package.package_dir / "package.json").read_text())
    assert "dependencies" not in package
    assert not (js_stub_package.root / "node_modules" / "@bytecodealliance").exists()
    output = run_node(node, str(HARNESS / "run-calls.mjs"), str(js_stub_package.package_dir))
    assert json.loads(output)[0] == {"ok": {"$int": "42"}}


# ---- the Python side of the differential test ----------------------------------------------


def _wit(name: str) -> str:
    return model.wit_name(name).lstrip("%")


def to_wasmtime(value: Any, ty: model.TypeExpr, types: dict[str, model.TypeDef]) -> Any:
    """calls.json's JSON form -> what wasmtime-py takes."""
    match ty:
        case model.Primitive(name) if model.PRIMITIVES[name] == "int":
            return int(value["$int"] if isinstance(value, dict) else value)
        case model.Primitive("f32" | "f64"):
            return float(value)
        case model.Primitive():
            return value
        case model.Bytes():
            return bytes(value["$bytes"])
        case model.ListOf(element):
            return [to_wasmtime(v, element, types) for v in value]
        case model.TupleOf(elements):
            return tuple(to_wasmtime(v, t, types) for v, t in zip(value, elements, strict=True))
        case model.DictOf(key, val):
            return [(to_wasmtime(k, key, types), to_wasmtime(v, val, types)) for k, v in value]
        case model.OptionOf(inner):
            return None if value is None else to_wasmtime(value, inner, types)
        case model.Named(name):
            return _named_to_wasmtime(value, types[name], types)
    raise TypeError(ty)


def _named_to_wasmtime(value: Any, definition: model.TypeDef, types: dict[str, Any]) -> Any:
    match definition:
        case model.Record(fields=fields):
            record = wc.Record()
            for field in fields:
                wit = _wit(field.name)
                setattr(record, wit, to_wasmtime(value[camel_case(wit)], field.type, types))
            return record
        case model.Enum():
            return value
        case model.Flags():
            return set(value["$flags"])
        case model.Variant(cases=cases):
            case = next(c for c in cases if _wit(c.name) == value["tag"])
            return wc.Variant(value["tag"], to_wasmtime(value["val"], case.payload, types))
    raise TypeError(definition)


def from_wasmtime(value: Any, ty: model.TypeExpr | None, types: dict[str, Any]) -> Any:
    """What wasmtime-py returns -> the JSON form harness/calls.mjs gives JS values."""
    match ty:
        case None:
            return None
        case model.Primitive(name) if name in INT64:
            return {"$int": str(value)}
        case model.Primitive():
            return value
        case model.Bytes():
            return {"$bytes": list(value)}
        case model.ListOf(element):
            return [from_wasmtime(v, element, types) for v in value]
        case model.TupleOf(elements):
            return [from_wasmtime(v, t, types) for v, t in zip(value, elements, strict=True)]
        case model.DictOf(key, val):
            return [[from_wasmtime(k, key, types), from_wasmtime(v, val, types)] for k, v in value]
        case model.OptionOf(inner):
            return None if value is None else from_wasmtime(value, inner, types)
        case model.Named(name):
            return _named_from_wasmtime(value, types[name], types)
    raise TypeError(ty)


def _named_from_wasmtime(value: Any, definition: model.TypeDef, types: dict[str, Any]) -> Any:
    match definition:
        case model.Record(fields=fields):
            return {
                camel_case(_wit(f.name)): from_wasmtime(getattr(value, _wit(f.name)), f.type, types)
                for f in fields
            }
        case model.Enum():
            return value
        case model.Flags(members=members):
            return {camel_case(_wit(m.name)): _wit(m.name) in value for m in members}
        case model.Variant(cases=cases):
            case = next(c for c in cases if _wit(c.name) == value.tag)
            return {"tag": value.tag, "val": from_wasmtime(value.payload, case.payload, types)}
    raise TypeError(definition)


def _is_guest_error(value: Any) -> bool:
    return isinstance(value, wc.Record) and set(vars(value)) == {
        "type-name",
        "message",
        "traceback",
    }


def outcome(raw: Any, result: model.TypeExpr | None, types: dict[str, Any]) -> dict[str, Any]:
    """A ``result<T, guest-error>`` as {"ok": T} or {"error": ...}, like calls.mjs's outcome.
    wasmtime-py gives a Variant("ok"/"err") when T and the error are both records, else the
    bare payload."""
    if isinstance(raw, wc.Variant) and raw.tag in ("ok", "err"):
        raw, failed = raw.payload, raw.tag == "err"
    else:
        failed = _is_guest_error(raw) and result != model.Named("GuestError")
    if failed:
        type_name = getattr(raw, "type-name")
        return {"error": {"typeName": type_name, "message": raw.message, "name": type_name}}
    return {"ok": from_wasmtime(raw, result, types)}


class PythonCaller:
    """Runs calls.json's calls on the component through wasmtime."""

    def __init__(self, component_file: Path, component: model.Component) -> None:
        self.component = component
        self.types = component.type_defs()
        engine = wasmtime.Engine()
        self.wasm = wc.Component.from_file(engine, str(component_file))
        linker = wc.Linker(engine)
        linker.add_wasip2()
        with linker.root() as root, root.add_instance("test:jsglue/host@0.1.0") as host:
            host.add_func("suffix", lambda _store, level: "!" * level)  # as calls.mjs's host
        self.store = wasmtime.Store(engine)
        self.store.set_wasi(wasmtime.WasiConfig())
        self.instance = linker.instantiate(self.store, self.wasm)

    def _func(self, interface: model.Interface, wit_name: str) -> Any:
        index = self.wasm.get_export_index(self.component.qualified(interface))
        return self.instance.get_func(self.store, self.wasm.get_export_index(wit_name, index))

    def _call(
        self,
        interface: model.Interface,
        wit_name: str,
        fn: model.Function,
        args: list,
        *handle: Any,
    ) -> Any:
        values = [to_wasmtime(a, p.type, self.types) for a, p in zip(args, fn.params, strict=True)]
        return self._func(interface, wit_name)(self.store, *handle, *values)

    def run(self, spec: dict[str, Any]) -> dict[str, Any]:
        interface = next(
            i for i in self.component.exports if interface_js_name(i) == spec["interface"]
        )
        if "resource" not in spec:
            fn = next(f for f in interface.functions if js_name(f.name) == spec["function"])
            raw = self._call(interface, _wit(fn.name), fn, spec["args"])
            return outcome(raw, fn.result, self.types)
        resource = next(t for t in interface.types if t.name == spec["resource"])
        assert isinstance(resource, model.Resource)
        wit = _wit(resource.name)
        handle = self._call(interface, f"[constructor]{wit}", resource.constructor, spec["args"])
        made = outcome(handle, None, self.types)
        if "ok" in made:
            made["ok"] = True  # calls.mjs reports `instanceof` the class
        steps = []
        for step in spec["methods"]:
            fn = next(m for m in resource.methods if js_name(m.name) == step["method"])
            name = f"[method]{wit}.{_wit(fn.name)}"
            raw = self._call(interface, name, fn, step["args"], handle)
            steps.append(outcome(raw, fn.result, self.types))
        return {"new": made, "methods": steps}


@pytest.fixture(scope="session")
def python_results(js_package) -> list[dict[str, Any]]:
    caller = PythonCaller(js_package.component_file, js_package.component)
    return [caller.run(spec) for spec in CALLS]


@pytest.mark.slow
def test_node_and_python_give_identical_results(node: str, js_package, python_results) -> None:
    node_results = json.loads(
        run_node(node, str(HARNESS / "run-calls.mjs"), str(js_package.package_dir))
    )
    assert len(node_results) == len(CALLS)
    for spec, in_node, in_python in zip(CALLS, node_results, python_results, strict=True):
        assert in_node == in_python, spec
