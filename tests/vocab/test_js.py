# ruff: noqa: E501 (the tables of calls read best as one call per line)
"""The new rows through the JS glue: Node calls the bookkeeping's npm package (built once per
session with the Python wheel, ``js = true``) with the README's JS forms of the values, and each
result equals the native Python call's result in that form (``js_form``: a date is its
``isoformat()``, a Decimal its ``str()``, a timedelta ``[days, seconds, microseconds]``, a set a
list, a Literal its string, ...); an exception is a ``GuestError`` with the native class and
message. A TypeScript consumer (js/consumer.ts) type-checks against the package with strict tsc:
its declarations are the README table's TypeScript column, its ``@ts-expect-error`` lines prove
the types are that precise."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import shutil
import subprocess
import uuid
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pywasm_runtime import manifest, model

from hatch_pywasm.js import NODE20_FLAG

HERE = Path(__file__).parent
TSC = HERE.parent.parent / "node_modules" / ".bin" / "tsc"
pytestmark = pytest.mark.slow


def camel(wit: str) -> str:
    """jco's JS name of a WIT name (``frozen-ids`` -> ``frozenIds``)."""
    first, *rest = wit.lstrip("%").split("-")
    return first + "".join(word.capitalize() for word in rest)


class JsForm:
    """Python values -> the JSON form of their JS values (run-rows.mjs's), by the model's types."""

    def __init__(self, defs: dict[str, model.TypeDef]) -> None:
        self.defs = defs

    def __call__(self, value: Any, ty: model.TypeExpr | None) -> Any:
        match ty:
            case None:
                return None
            case model.Primitive("s64" | "u64"):
                return {"$int": str(value)}
            case model.Primitive(name) if model.PRIMITIVES[name] == "int":
                return int(value)
            case model.Primitive("f32" | "f64"):
                return float(value)
            case model.Primitive():
                return value
            case model.Bytes():
                return {"$bytes": list(value)}
            case model.ListOf(element) | model.SetOf(element):
                return [self(v, element) for v in value]
            case model.TupleOf(elements):
                return [self(v, t) for v, t in zip(value, elements, strict=True)]
            case model.DictOf(key, val):
                return [[self(k, key), self(v, val)] for k, v in value.items()]
            case model.OptionOf(inner):
                return None if value is None else self(value, inner)
            case model.Stdlib("datetime.timedelta"):
                return [value.days, value.seconds, value.microseconds]
            case model.Stdlib("datetime.date" | "datetime.time" | "datetime.datetime"):
                return value.isoformat()
            case model.Stdlib():
                return str(value)
            case model.Named(name):
                return self._named(value, self.defs[name])
        raise TypeError(ty)

    def _named(self, value: Any, definition: model.TypeDef) -> Any:
        match definition:
            case model.Record(fields=fields, python_kind="typeddict"):
                return {
                    camel(model.wit_name(f.name)): self(value[f.name], f.type)
                    for f in fields
                    if f.name in value
                }
            case model.Record(fields=fields):
                return {
                    camel(model.wit_name(f.name)): self(getattr(value, f.name), f.type)
                    for f in fields
                }
            case model.Enum():
                return model.wit_name(value.name).lstrip("%")
            case model.LiteralEnum():
                return model.literal_case(value)
            case model.Flags(members=members):
                return {camel(model.wit_name(m.name)): bool(value & type(value)[m.name])
                        for m in members}  # fmt: skip
        raise TypeError(definition)


def comparable(value: Any, ty: model.TypeExpr | None, defs: dict[str, model.TypeDef]) -> Any:
    """``value`` (a JSON form) with the lists of sets sorted (a set's order is the guest's), and
    the missing keys of TypedDicts left out (jco gives one as the key with ``undefined``)."""
    match ty:
        case model.SetOf(element):
            return sorted((comparable(v, element, defs) for v in value), key=json.dumps)
        case model.ListOf(element):
            return [comparable(v, element, defs) for v in value]
        case model.Named(name) if isinstance(defs[name], model.Record) and isinstance(value, dict):
            record = defs[name]
            assert isinstance(record, model.Record)
            fields = {camel(model.wit_name(f.name)): f for f in record.fields}
            return {
                k: comparable(v, fields[k].type, defs)
                for k, v in value.items()
                if not (record.python_kind == "typeddict" and v is None and not fields[k].required)
            }
    return value


def native_call(function: Any, spec: model.Function, args: tuple[Any, ...]) -> Any:
    """``function`` called natively with the WIT-ordered ``args``, each passed the way its
    parameter's kind takes it (``*args`` spread, keyword-only by name, ``**kwargs`` as keywords)."""
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for param, arg in zip(spec.params, args, strict=True):
        if param.kind == "var_positional":
            positional += arg
        elif param.kind == "var_keyword":
            keywords.update(arg)
        elif param.kind == "keyword_only":
            keywords[param.name] = arg
        else:
            positional.append(arg)
    try:
        return "ok", function(*positional, **keywords)
    except Exception as exc:
        return "error", exc


def _calls(m: ModuleType) -> list[tuple[str, str, tuple[Any, ...]]]:
    """(module, function, every WIT argument): the new rows, as a JS caller must pass them."""
    day = dt.date(2024, 3, 4)
    entries = [
        m.Entry("cash", m.Money(Decimal("10.50")), m.Side.DEBIT, day),
        m.Entry(
            "cash", m.Money(Decimal("3.25")), m.Side.CREDIT, dt.date(2024, 5, 1), m.Tag.TAXED, ["x"]
        ),
    ]
    aware = dt.datetime(
        2024,
        1,
        2,
        3,
        4,
        5,
        6,
        tzinfo=dt.timezone(dt.timedelta(hours=-3, seconds=1, microseconds=7)),
    )
    return [
        ("book", "post", ("cash", Decimal("12.50"), m.Side.CREDIT, dt.date(2024, 1, 1), "USD", m.Tag.RECURRING | m.Tag.TAXED)),
        ("book", "post", ("cash", Decimal("-1"), m.Side.DEBIT, day, "EUR", m.Tag(0))),
        ("book", "balance", (entries, m.ZERO)),
        ("book", "accounts", (entries,)),
        ("book", "frozen_ids", ([3, 1, 3],)),
        ("book", "totals", ({"b": Decimal("1.005"), "a": Decimal("2")},)),
        ("book", "window", (entries, m.Span(dt.date(2024, 1, 1), dt.date(2024, 4, 1)))),
        ("book", "ids", (3, 2)),
        ("book", "share", (Decimal("1.5"), Decimal("4.5"))),
        ("book", "share", (Decimal("1"), Decimal("0"))),
        ("book", "overdue", (dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 5), dt.timedelta(days=3))),
        ("book", "next_status", ("open", True)),
        ("book", "from_dict", ({"account": "x", "amount": "2", "side": "debit", "memo": "hi"},)),
        ("book", "to_dict", (entries[1],)),
        ("book", "to_dict", (entries[0],)),
        ("book", "matching", (entries, {"account": "cash"})),
        ("book", "matching", (entries, {})),
        ("book", "grouped", ({"a": [1, 2], "b": [3]}, 1000)),
        ("book", "when", (None,)),
        ("book", "when", (entries[0],)),
        ("calc", "clamp", (150, 0, 100)),
        ("calc", "join", (["a", "b"], "-", {"width": 3, "depth": 1})),
        ("calc", "mean", ([1.0, 2.5],)),
        ("calc", "reversed_bytes", (bytearray(b"abc"),)),
        ("calc", "checksum", (memoryview(b"\xff\x02"),)),
        ("calc", "stretch", ((1, 2), 3)),
        ("calc", "order", (["b", "a", "c"], "desc")),
        ("calc", "level", (m.Priority.HIGH, m.Side.CREDIT)),
        ("calc", "level", (m.Priority.LOW, None)),
        ("calc", "flags", (m.Tag.DISPUTED | m.Tag.TAXED,)),
        ("calc", "round_to", (Decimal("2.675"), 2)),
        ("calc", "midnight", (dt.date(2020, 2, 29),)),
        ("calc", "later", (dt.time(23, 50, 1, 5), 15)),
        ("calc", "later", (dt.time(1, 2, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))), 1)),
        ("calc", "scale", (2.0, [1.0, 2.5])),
        ("text", "normalize", ("  a   b ", 6)),
        ("echo", "dates", ([dt.date(1, 1, 1), dt.date(9999, 12, 31)],)),
        ("echo", "times", ([dt.time(0, 0), dt.time(23, 59, 59, 999999, tzinfo=dt.UTC)],)),
        ("echo", "datetimes", ([dt.datetime(2024, 2, 29, 12), aware],)),
        ("echo", "timedeltas", ([dt.timedelta(days=-1, microseconds=1), dt.timedelta(days=999999999)],)),
        ("echo", "decimals", ([Decimal("-0"), Decimal("1E+999999"), Decimal("NaN"), Decimal("-Infinity"), Decimal("0.1000")],)),
        ("echo", "fractions", ([Fraction(-1, 3), Fraction(10**40, 7), Fraction(0)],)),
        ("echo", "uuids", ([uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)],)),
        ("echo", "int_set", ({-(2**63), 0, 2**63 - 1},)),
        ("echo", "str_frozenset", (frozenset({"b", "a", "é"}),)),
        ("echo", "int_tuple", ((5, -5),)),
        ("echo", "sequence", (["x", "y"],)),
        ("echo", "mapping", ({"a": 1.5, "b": -0.0},)),
        ("echo", "iterator", ([1, 2, 3],)),
        ("echo", "raw", (bytearray(b"\x00\xff"),)),
        ("echo", "statuses", (["on-hold", "open"],)),
        ("echo", "entry_dicts", ([{"account": "a", "amount": "1", "side": "credit"}, {"account": "b", "amount": "2", "side": "debit", "memo": ""}],)),
        ("echo", "filters", ([{}, {"status": "closed"}, {"account": "z", "status": "on-hold"}],)),
    ]  # fmt: skip


#: Stream methods: each value goes into the guest object, out to the JS host's ``mirror``
#: import, and back.
STREAM_METHODS = ["dates", "times", "datetimes", "timedeltas", "decimals", "fractions", "uuids",
                  "int_set", "str_frozenset", "int_tuple", "raw", "statuses", "entry_dicts",
                  "filters"]  # fmt: skip


def _component(wheel: Path) -> model.Component:
    with zipfile.ZipFile(wheel) as archive:
        found = manifest.loads(archive.read("bookkeeping/__wasm__/manifest.json").decode())
    (entry,) = found.components
    return entry.model


def _interface(component: model.Component, module: str) -> model.Interface:
    return next(i for i in component.exports if i.module == f"bookkeeping.{module}")


def run_node(node: str, calls: list[dict[str, Any]], package: Path, tmp_path: Path) -> Any:
    calls_file = tmp_path / "calls.json"
    calls_file.write_text(json.dumps(calls), "utf-8")
    done = subprocess.run(
        [node, NODE20_FLAG, str(HERE / "js" / "run-rows.mjs"), str(calls_file), str(package)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is not on PATH: install Node.js 20+ (the JS glue tests need it)")
    return found


def test_node_calls_of_the_new_rows_agree_with_native(
    ledger_build: tuple[Path, str],
    ledger_site: Path,
    bookkeeping_js: Path,
    node: str,
    tmp_path: Path,
) -> None:
    component = _component(ledger_build[0])
    form = JsForm(component.type_defs())
    models = importlib.import_module("bookkeeping.models")
    calls, expected, where = [], [], []
    for module, name, args in _calls(models):
        spec = next(f for f in _interface(component, module).functions if f.name == name)
        wire = [form(a, p.type) for a, p in zip(args, spec.params, strict=True)]
        calls.append({"interface": module, "function": camel(model.wit_name(name)), "args": wire})
        how, value = native_call(
            getattr(importlib.import_module(f"bookkeeping.{module}"), name), spec, args
        )
        if how == "ok":
            expected.append(
                {
                    "ok": form(
                        list(value)
                        if spec.result and isinstance(spec.result, model.ListOf)
                        else value,
                        spec.result,
                    )
                }
            )
        else:
            expected.append(
                {
                    "error": {
                        "typeName": f"{type(value).__module__}.{type(value).__qualname__}",
                        "message": str(value),
                    }
                }
            )
        where.append((f"{module}.{name}{args!r}", spec.result))
    results = run_node(node, calls, bookkeeping_js, tmp_path)
    assert len(results) == len(expected)
    defs = component.type_defs()
    for (label, result_type), got, want in zip(where, results, expected, strict=True):
        if "ok" in got and "ok" in want:
            got = {"ok": comparable(got["ok"], result_type, defs)}
            want = {"ok": comparable(want["ok"], result_type, defs)}
        assert got == want, label


def test_node_resource_methods_pass_values_through_a_js_host_import(
    ledger_build: tuple[Path, str],
    ledger_site: Path,
    bookkeeping_js: Path,
    node: str,
    tmp_path: Path,
) -> None:
    component = _component(ledger_build[0])
    form = JsForm(component.type_defs())
    stream = next(t for t in _interface(component, "echo").types if isinstance(t, model.Resource))
    methods = {f.name: f for f in stream.methods}
    values = {
        call[1]: call[2]
        for call in _calls(importlib.import_module("bookkeeping.models"))
        if call[0] == "echo"
    }
    steps = [{"method": camel(model.wit_name(name)), "args": [form(values[name][0], methods[name].params[0].type)]}
             for name in STREAM_METHODS]  # fmt: skip
    steps.append({"method": "state", "args": []})
    (results,) = run_node(
        node,
        [{"interface": "echo", "resource": "Stream", "args": ["js"], "methods": steps}],
        bookkeeping_js,
        tmp_path,
    )
    defs = component.type_defs()
    for name, step, got in zip(STREAM_METHODS, steps, results, strict=False):
        result_type = methods[name].result
        assert comparable(got["ok"], result_type, defs) == comparable(
            step["args"][0], result_type, defs
        ), name
    assert results[-1] == {"ok": f"js closed, {len(STREAM_METHODS)} sent, last error ''"}


def test_typescript_types_are_the_readme_table(bookkeeping_js: Path, tmp_path: Path) -> None:
    shutil.copy(HERE / "js" / "consumer.ts", tmp_path / "consumer.ts")
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "bookkeeping").symlink_to(bookkeeping_js)
    shim = bookkeeping_js.parent.parent.parent.parent / "node_modules" / "@bytecodealliance"
    (tmp_path / "node_modules" / "@bytecodealliance").symlink_to(shim)
    options = ["--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext"]
    options += ["--target", "es2022", "--lib", "es2022,esnext.disposable"]
    done = subprocess.run(
        [str(TSC), *options, "consumer.ts"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
