"""python runtime_calls.py CALLS_JSON SITE COMPONENT: runs a calls file through pywasm-runtime on
a component of the wasm-backed package installed (unpacked) at SITE; prints the results in the
JSON form harness/calls.mjs gives JS values. A subprocess, so the package's modules (imported to
build its own classes) stay out of the test session."""

from __future__ import annotations

import enum
import functools
import importlib
import json
import operator
import sys
from pathlib import Path
from typing import Any

import pywasm_runtime as pr
from json_form import JsonForm
from pywasm_runtime import manifest, model

from hatch_pywasm.js.sources import js_name

#: The host functions of calls.mjs's hostImports, by a calls file's "host".
HOST_IMPORTS: dict[str, dict[str, dict[str, Any]]] = {
    "none": {},
    "jsglue": {"jsglue.host": {"suffix": lambda level: "!" * level}},
    "shop": {
        "shop.host": {
            "exchange_rate": lambda currency: {"EUR": 1.0, "USD": 1.08, "GBP": 0.86}.get(
                currency, 1.0
            ),
            "log": lambda message: None,
        }
    },
}


def _class(definition: Any) -> Any:
    found: Any = importlib.import_module(definition.origin.module)
    for part in definition.origin.qualname.split("."):
        found = getattr(found, part)
    return found


class Values(JsonForm):
    """JSON form <-> the package's own Python values."""

    def make_dict(self, pairs: list[tuple[Any, Any]]) -> Any:
        return dict(pairs)

    def items(self, value: Any) -> list[tuple[Any, Any]]:
        return list(value.items())

    def decode_named(self, value: Any, definition: Any) -> Any:
        cls = _class(definition)
        match definition:
            case model.Record(fields=fields):
                return cls(**{f.name: self.decode(value[js_name(f.name)], f.type) for f in fields})
            case model.Enum(cases=cases):
                return next(cls[c.name] for c in cases if model.plain_wit_name(c.name) == value)
            case model.Flags(members=members):
                chosen = [
                    cls[m.name] for m in members if model.plain_wit_name(m.name) in value["$flags"]
                ]
                return functools.reduce(operator.or_, chosen, cls(0))
            case model.Variant(cases=cases):
                case = next(c for c in cases if model.plain_wit_name(c.name) == value["tag"])
                return self.decode(value["val"], case.payload)
        raise TypeError(definition)

    def encode_named(self, value: Any, definition: Any) -> Any:
        match definition:
            case model.Record(fields=fields):
                return {
                    js_name(f.name): self.encode(getattr(value, f.name), f.type) for f in fields
                }
            case model.Enum():
                assert isinstance(value, enum.Enum)
                return model.plain_wit_name(value.name)
            case model.Flags(members=members):
                cls = _class(definition)
                return {js_name(m.name): bool(value & cls[m.name]) for m in members}
            case model.Variant(cases=cases):
                for case in cases:
                    if isinstance(value, _class(self.types[case.payload.name])):
                        return {
                            "tag": model.plain_wit_name(case.name),
                            "val": self.encode(value, case.payload),
                        }
        raise TypeError(definition)


def outcome(call: Any, result: Any, values: Values) -> dict[str, Any]:
    try:
        return {"ok": values.encode(call(), result)}
    except pr.Trap:
        raise
    except Exception as exc:
        if isinstance(exc, pr.GuestError):
            type_name, message = exc.type_name, exc.message
        else:
            kind = type(exc)
            type_name = f"{kind.__module__}.{kind.__qualname__}"
            message = str(exc)  # what the guest-error record carries: str() (KeyError quotes)
        return {"error": {"typeName": type_name, "message": message, "name": type_name}}


def run(spec: dict[str, Any], component: Any, instance: Any, values: Values) -> dict[str, Any]:
    interface = next(i for i in component.exports if js_name(i.name) == spec["interface"])
    namespace = instance.interface(interface.module)
    if "resource" not in spec:
        fn = next(f for f in interface.functions if js_name(f.name) == spec["function"])
        args = [values.decode(a, p.type) for a, p in zip(spec["args"], fn.params, strict=True)]
        return outcome(lambda: getattr(namespace, fn.name)(*args), fn.result, values)
    resource = next(t for t in interface.types if t.name == spec["resource"])
    cls = getattr(namespace, resource.name)
    params = resource.constructor.params
    args = [values.decode(a, p.type) for a, p in zip(spec["args"], params, strict=True)]
    made: list[Any] = []
    first = outcome(lambda: made.append(cls(*args)) or True, model.Primitive("bool"), values)
    steps = []
    for step in spec["methods"]:  # a failed constructor comes with no steps
        fn = next(m for m in resource.methods if js_name(m.name) == step["method"])
        margs = [values.decode(a, p.type) for a, p in zip(step["args"], fn.params, strict=True)]
        call = functools.partial(getattr(made[0], fn.name), *margs)
        steps.append(outcome(call, fn.result, values))
    return {"new": first, "methods": steps}


def main(calls_file: str, site: str, name: str) -> None:
    sys.path.insert(0, site)
    calls = json.loads(Path(calls_file).read_text(encoding="utf-8"))
    (manifest_path,) = Path(site).glob("*/__wasm__/manifest.json")
    entry = next(e for e in manifest.read(manifest_path).components if e.name == name)
    component = pr.load(manifest_path.parent / entry.file, spec=entry.model, sha256=entry.sha256)
    instance = component.instantiate(imports=HOST_IMPORTS[calls["host"]])
    values = Values(entry.model.type_defs())
    results = [run(spec, entry.model, instance, values) for spec in calls["calls"]]
    print(json.dumps(results))


if __name__ == "__main__":
    main(*sys.argv[1:])
