"""Differential: the same calls (harness/*-calls.json) through Node and through Python give
identical results.

Both the test package (tests/js/project) and example_project are called through pywasm-runtime
(harness/runtime_calls.py, with the package's own classes) and through plain wasmtime
(model-directed conversion, harness-independent of the runtime)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import wasmtime
from pywasm_runtime import model
from wasmtime import component as wc

from hatch_pywasm.js import NODE20_FLAG
from hatch_pywasm.js.sources import camel_case, interface_js_name, js_name

HARNESS = Path(__file__).parent / "harness"
sys.path.insert(0, str(HARNESS))  # the harness's own modules, as runtime_calls.py imports them
from json_form import JsonForm  # noqa: E402

#: Host functions by a calls file's "host", as harness/calls.mjs provides them in JS.
HOST_IMPORTS: dict[str, dict[str, dict[str, Callable[..., Any]]]] = {
    "none": {},
    "jsglue": {"host": {"suffix": lambda level: "!" * level}},
    "shop": {
        "host": {
            "exchange-rate": lambda currency: {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}.get(
                currency, 1.0
            ),
            "log": lambda message: None,
        }
    },
}


def load_calls(name: str) -> dict[str, Any]:
    return json.loads((HARNESS / f"{name}-calls.json").read_text(encoding="utf-8"))


def node_results(node: str, calls: str, package_dir: Path) -> list[Any]:
    done = subprocess.run(
        [node, NODE20_FLAG, str(HARNESS / "run-calls.mjs"), str(HARNESS / f"{calls}-calls.json"),
         str(package_dir)],
        capture_output=True, text=True, timeout=300, check=False, env=os.environ,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class WasmtimeForm(JsonForm):
    """The JSON form <-> what wasmtime-py takes and returns."""

    def make_dict(self, pairs: list[tuple[Any, Any]]) -> Any:
        return pairs  # wasmtime-py holds a WIT list<tuple<k, v>> as a list of pairs

    def items(self, value: Any) -> list[tuple[Any, Any]]:
        return value

    def decode_named(self, value: Any, definition: model.TypeDef) -> Any:
        match definition:
            case model.Record(fields=fields):
                record = wc.Record()
                for field in fields:
                    wit = model.plain_wit_name(field.name)
                    setattr(record, wit, self.decode(value[camel_case(wit)], field.type))
                return record
            case model.Enum():
                return value
            case model.Flags():
                return set(value["$flags"])
            case model.Variant(cases=cases):
                case = next(c for c in cases if model.plain_wit_name(c.name) == value["tag"])
                return wc.Variant(value["tag"], self.decode(value["val"], case.payload))
        raise TypeError(definition)

    def encode_named(self, value: Any, definition: model.TypeDef) -> Any:
        match definition:
            case model.Record(fields=fields):
                return {
                    js_name(f.name): self.encode(
                        getattr(value, model.plain_wit_name(f.name)), f.type
                    )
                    for f in fields
                }
            case model.Enum():
                return value
            case model.Flags(members=members):
                return {js_name(m.name): model.plain_wit_name(m.name) in value for m in members}
            case model.Variant(cases=cases):
                case = next(c for c in cases if model.plain_wit_name(c.name) == value.tag)
                return {"tag": value.tag, "val": self.encode(value.payload, case.payload)}
        raise TypeError(definition)


def _is_guest_error(value: Any) -> bool:
    return isinstance(value, wc.Record) and set(vars(value)) == {
        "type-name",
        "message",
        "traceback",
    }


def outcome(raw: Any, result: model.TypeExpr | None, form: WasmtimeForm) -> dict[str, Any]:
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
    return {"ok": form.encode(raw, result)}


class PythonCaller:
    """Runs a calls file's calls on a component through wasmtime."""

    def __init__(self, component_file: Path, component: model.Component, host: str) -> None:
        self.component = component
        self.form = WasmtimeForm(component.type_defs())
        engine = wasmtime.Engine()
        self.wasm = wc.Component.from_file(engine, str(component_file))
        linker = wc.Linker(engine)
        linker.add_wasip2()
        with linker.root() as root:
            for interface in component.imports:
                functions = HOST_IMPORTS[host][interface.name]
                with root.add_instance(component.qualified(interface)) as instance:
                    for name, function in functions.items():
                        instance.add_func(name, _host_function(function))
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
        values = [self.form.decode(a, p.type) for a, p in zip(args, fn.params, strict=True)]
        return self._func(interface, wit_name)(self.store, *handle, *values)

    def run(self, spec: dict[str, Any]) -> dict[str, Any]:
        interface = next(
            i for i in self.component.exports if interface_js_name(i) == spec["interface"]
        )
        if "resource" not in spec:
            fn = next(f for f in interface.functions if js_name(f.name) == spec["function"])
            raw = self._call(interface, model.plain_wit_name(fn.name), fn, spec["args"])
            return outcome(raw, fn.result, self.form)
        resource = next(t for t in interface.types if t.name == spec["resource"])
        assert isinstance(resource, model.Resource)
        wit = model.plain_wit_name(resource.name)
        handle = self._call(interface, f"[constructor]{wit}", resource.constructor, spec["args"])
        made = outcome(handle, None, self.form)
        if "ok" in made:
            made["ok"] = True  # calls.mjs reports `instanceof` the class
        steps = []
        for step in spec["methods"]:
            fn = next(m for m in resource.methods if js_name(m.name) == step["method"])
            name = f"[method]{wit}.{model.plain_wit_name(fn.name)}"
            raw = self._call(interface, name, fn, step["args"], handle)
            steps.append(outcome(raw, fn.result, self.form))
        return {"new": made, "methods": steps}


def _host_function(function: Callable[..., Any]) -> Callable[..., Any]:
    return lambda _store, *args: function(*args)


def assert_same(calls: dict[str, Any], in_node: list[Any], in_python: list[Any]) -> None:
    assert len(in_node) == len(in_python) == len(calls["calls"])
    for spec, node_result, python_result in zip(calls["calls"], in_node, in_python, strict=True):
        assert node_result == python_result, spec


@pytest.mark.slow
def test_test_component_node_equals_python(node: str, js_package) -> None:
    calls = load_calls("jsglue")
    caller = PythonCaller(js_package.component_file, js_package.component, calls["host"])
    in_python = [caller.run(spec) for spec in calls["calls"]]
    assert_same(calls, node_results(node, "jsglue", js_package.package_dir), in_python)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["store", "codec"])
def test_example_project_node_equals_python(node: str, example_js, name: str) -> None:
    calls = load_calls(name)
    component = example_js.components[name]
    caller = PythonCaller(example_js.component_files[name], component, calls["host"])
    in_python = [caller.run(spec) for spec in calls["calls"]]
    assert_same(calls, node_results(node, name, example_js.packages[name]), in_python)


def runtime_results(calls: str, site: Path, component: str) -> list[Any]:
    """The calls through pywasm-runtime, in a subprocess (harness/runtime_calls.py)."""
    done = subprocess.run(
        [sys.executable, str(HARNESS / "runtime_calls.py"), str(HARNESS / f"{calls}-calls.json"),
         str(site), component],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.slow
def test_test_component_node_equals_pywasm_runtime(node: str, js_package) -> None:
    in_python = runtime_results("jsglue", js_package.site, "jsglue")
    in_node = node_results(node, "jsglue", js_package.package_dir)
    assert_same(load_calls("jsglue"), in_node, in_python)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["store", "codec"])
def test_example_project_node_equals_pywasm_runtime(node: str, example_js, name: str) -> None:
    in_python = runtime_results(name, example_js.site, name)
    assert_same(load_calls(name), node_results(node, name, example_js.packages[name]), in_python)
