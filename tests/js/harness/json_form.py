"""The JSON form of values in harness/*-calls.json (what calls.mjs gives JS values), walked by
the interface model: one walker for both directions, both Python sides (plain wasmtime in
test_differential.py, pywasm-runtime in runtime_calls.py); a subclass says how its side holds
dicts and named types.

The form: 64-bit integers ``{"$int": "..."}``, bytes ``{"$bytes": [...]}``, dicts as
``[[key, value], ...]``, flags ``{"$flags": [...]}`` in, records by their JS field names.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from pywasm_runtime import model

INT64 = {"s64", "u64"}


class JsonForm(ABC):
    """JSON form <-> one side's values, directed by the model's types."""

    def __init__(self, types: dict[str, model.TypeDef]) -> None:
        self.types = types

    def decode(self, value: Any, ty: model.TypeExpr) -> Any:
        """The JSON form -> this side's value."""
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
                return [self.decode(v, element) for v in value]
            case model.TupleOf(elements):
                return tuple(self.decode(v, t) for v, t in zip(value, elements, strict=True))
            case model.DictOf(key, val):
                return self.make_dict(
                    [(self.decode(k, key), self.decode(v, val)) for k, v in value]
                )
            case model.OptionOf(inner):
                return None if value is None else self.decode(value, inner)
            case model.Named(name):
                return self.decode_named(value, self.types[name])
        raise TypeError(ty)

    def encode(self, value: Any, ty: model.TypeExpr | None) -> Any:
        """This side's value -> the JSON form."""
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
                return [self.encode(v, element) for v in value]
            case model.TupleOf(elements):
                return [self.encode(v, t) for v, t in zip(value, elements, strict=True)]
            case model.DictOf(key, val):
                return [[self.encode(k, key), self.encode(v, val)] for k, v in self.items(value)]
            case model.OptionOf(inner):
                return None if value is None else self.encode(value, inner)
            case model.Named(name):
                return self.encode_named(value, self.types[name])
        raise TypeError(ty)

    # -- what a side says --------------------------------------------------------------------

    @abstractmethod
    def make_dict(self, pairs: list[tuple[Any, Any]]) -> Any:
        """A dict value of this side from its (key, value) pairs."""

    @abstractmethod
    def items(self, value: Any) -> list[tuple[Any, Any]]:
        """The (key, value) pairs of this side's dict value."""

    @abstractmethod
    def decode_named(self, value: Any, definition: model.TypeDef) -> Any:
        """A record, enum, flags or variant in the JSON form -> this side's value."""

    @abstractmethod
    def encode_named(self, value: Any, definition: model.TypeDef) -> Any:
        """This side's record, enum, flags or variant -> the JSON form."""
