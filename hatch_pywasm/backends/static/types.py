"""The value types of the compiled subset, and how model types map onto them."""

from __future__ import annotations

from dataclasses import dataclass

from pywasm_runtime import model


@dataclass(frozen=True)
class Scalar:
    """A value held in one wasm local: ``int`` (i64), ``float`` (f64), ``bool`` (i32), ``str``
    (i32: the address of an immutable [byte length: i32][UTF-8 bytes] object), or ``None`` (no
    value; only as a function result)."""

    name: str

    def __str__(self) -> str:
        return self.name


INT = Scalar("int")
FLOAT = Scalar("float")
BOOL = Scalar("bool")
STR = Scalar("str")
NONE = Scalar("None")

Type = Scalar

#: The wasm value type of each scalar (``None`` has none).
WASM_TYPE: dict[Type, str] = {INT: "i64", FLOAT: "f64", BOOL: "i32", STR: "i32"}

#: Source annotations the subset understands, by their spelling.
BY_ANNOTATION: dict[str, Type] = {
    "int": INT,
    "float": FLOAT,
    "bool": BOOL,
    "str": STR,
    "None": NONE,
}

_BY_PRIMITIVE: dict[str, Type] = {"s64": INT, "f64": FLOAT, "bool": BOOL, "string": STR}


def from_model(expr: model.TypeExpr | None) -> Type | None:
    """The subset type of a model type, or None when the subset does not cover it."""
    if expr is None:
        return NONE
    if isinstance(expr, model.Primitive):
        return _BY_PRIMITIVE.get(expr.name)
    return None


def is_numeric(t: Type) -> bool:
    return t in (INT, FLOAT, BOOL)
