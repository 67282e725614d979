"""Generated inputs of an exported function's model types, and CPython's values in the shape a
compiled component's results come back in (wasmtime's): shared by the corpus test and the
public-corpus measurement (bench/corpus_share.py). No relative imports: the measurement loads
this file by its path."""

from __future__ import annotations

import dataclasses
import enum
import types
from typing import Any

from hypothesis import strategies as st
from pywasm_runtime import model


def numbers() -> st.SearchStrategy[float]:
    # Dyadic values of few bits: sums are exact, so CPython 3.11's plain float sum and the
    # compensated sum of 3.12+ (which the compiled code and componentize-py's 3.14 do) agree.
    return st.integers(-(10**6), 10**6).map(lambda n: n / 64)


def strategy(
    t: model.TypeExpr, namespace: dict[str, Any], records: dict[str, model.TypeDef]
) -> st.SearchStrategy[Any]:
    """Inputs of a model type: small ints, dyadic floats, short text and lists, records built
    as the module's own dataclasses (``records``: the component's type definitions)."""
    match t:
        case model.Primitive(name="s64"):
            return st.integers(-1000, 1000)
        case model.Primitive(name="f64"):
            return numbers()
        case model.Primitive(name="bool"):
            return st.booleans()
        case model.Primitive(name="string"):
            return st.text(st.characters(codec="utf-8"), max_size=8)
        case model.OptionOf(inner=inner):
            return st.none() | strategy(inner, namespace, records)
        case model.ListOf(element=element):
            return st.lists(strategy(element, namespace, records), max_size=6)
        case model.TupleOf(elements=elements):
            return st.tuples(*(strategy(e, namespace, records) for e in elements))
        case model.Named(name=name) if isinstance(namespace.get(name), enum.EnumMeta):
            return st.sampled_from(list(namespace[name]))
        case model.Named(name=name) if dataclasses.is_dataclass(namespace.get(name)):
            definition = records[name]
            assert isinstance(definition, model.Record), definition
            fields = {f.name: strategy(f.type, namespace, records) for f in definition.fields}
            return st.builds(namespace[name], **fields)
    raise NotImplementedError(f"no inputs for {t}")


def wasm_value(value: Any) -> Any:
    """A value as wasmtime lowers it: a dataclass as an object with its WIT field names."""
    if isinstance(value, list):
        return [wasm_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(wasm_value(v) for v in value)
    if isinstance(value, enum.Enum):  # an enum crosses WIT as its case name
        return model.plain_wit_name(value.name)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        record = types.SimpleNamespace()
        for f in dataclasses.fields(value):
            setattr(record, model.plain_wit_name(f.name), wasm_value(getattr(value, f.name)))
        return record
    return value


def as_returned(value: Any, result: model.TypeExpr | None) -> Any:
    """CPython's result ``value`` of a function declared to return ``result``, as a component
    gives it back: enum members as their case names, a dict as its items in insertion order
    (WIT list<tuple<K, V>>), an int where a float is declared as a float (f64)."""
    if isinstance(result, model.DictOf) and isinstance(value, dict):
        return _enums_named(list(value.items()))
    if result == model.Primitive("f64") and type(value) is int:
        return float(value)
    return _enums_named(value)


def _enums_named(value: Any) -> Any:
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
