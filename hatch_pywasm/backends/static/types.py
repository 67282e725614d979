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


@dataclass(frozen=True)
class ListType:
    """``list[T]`` of int, float or bool: an i32 address of a heap header [length: i32]
    [capacity: i32][items: i32], items 8 bytes each (i64, f64, or an i32 for bool).
    Made by :func:`list_of` only, so list types compare by identity like the scalars."""

    element: Scalar

    def __str__(self) -> str:
        return f"list[{self.element}]"


Type = Scalar | ListType

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


_LISTS: dict[Scalar, ListType] = {}
#: Element types a list may hold (str elements need the reference-counted heap: not yet).
LIST_ELEMENTS = (INT, FLOAT, BOOL)


def list_of(element: Scalar) -> ListType:
    if element not in _LISTS:
        _LISTS[element] = ListType(element)
        WASM_TYPE[_LISTS[element]] = "i32"
    return _LISTS[element]


def from_model(expr: model.TypeExpr | None) -> Type | None:
    """The subset type of a model type, or None when the subset does not cover it."""
    if expr is None:
        return NONE
    if isinstance(expr, model.Primitive):
        return _BY_PRIMITIVE.get(expr.name)
    if isinstance(expr, model.ListOf):
        element = from_model(expr.element)
        return list_of(element) if element in LIST_ELEMENTS else None
    return None


def from_annotation(spelled: str) -> Type | None:
    """The subset type of an annotation's source text (``int``, ``list[float]``)."""
    if spelled.startswith("list[") and spelled.endswith("]"):
        element = BY_ANNOTATION.get(spelled[5:-1])
        return list_of(element) if element in LIST_ELEMENTS else None
    return BY_ANNOTATION.get(spelled)


def is_numeric(t: Type | None) -> bool:
    return t in (INT, FLOAT, BOOL)
