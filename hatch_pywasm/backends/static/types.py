"""The value types of the compiled subset, and how model types map onto them."""

from __future__ import annotations

from collections.abc import Mapping
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
    """``list[T]`` of int, float, bool, str, tuples or dataclasses: an i32 address of a heap
    header [length: i32][capacity: i32][items: i32], items 8 bytes each (i64, f64, or an i32:
    a bool, or the address of a str, tuple or dataclass). Made by :func:`list_of` only, so list
    types compare by identity like the scalars."""

    element: Type

    def __str__(self) -> str:
        return f"list[{self.element}]"


@dataclass(frozen=True)
class StructType:
    """A tuple (``name`` empty) or a ``@dataclass``: an i32 address of a heap block of 8-byte
    slots, one per field (i64, f64, or an i32 for bool, str and list). Made by
    :func:`struct_of`."""

    name: str
    fields: tuple[tuple[str, Type], ...]

    def __str__(self) -> str:
        if self.name:
            return self.name
        return f"tuple[{', '.join(str(t) for _, t in self.fields)}]"


Type = Scalar | ListType | StructType

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


_LISTS: dict[Type, ListType] = {}
#: Element types a list may hold (a str item is the address of its immutable str object).
LIST_ELEMENTS = (INT, FLOAT, BOOL, STR)


_STRUCTS: dict[tuple[str, tuple[tuple[str, Type], ...]], StructType] = {}
#: Scalar field types a tuple or dataclass may hold (a field may also be a list of them).
FIELD_TYPES = (INT, FLOAT, BOOL, STR)


def is_field_type(t: Type | None) -> bool:
    """Whether a tuple or dataclass may hold a ``t``: a scalar, or a list of scalars."""
    return t in FIELD_TYPES or isinstance(t, ListType)


def struct_of(name: str, fields: tuple[tuple[str, Type], ...]) -> StructType:
    key = (name, fields)
    if key not in _STRUCTS:
        _STRUCTS[key] = StructType(name, fields)
        WASM_TYPE[_STRUCTS[key]] = "i32"
    return _STRUCTS[key]


def tuple_of(elements: tuple[Type, ...]) -> StructType:
    return struct_of("", tuple((f"_{i}", t) for i, t in enumerate(elements)))


def is_list_element(t: Type | None) -> bool:
    """Whether a list may hold a ``t``: a scalar, a tuple, a dataclass or a list of those."""
    return t in LIST_ELEMENTS or isinstance(t, StructType | ListType)


def list_of(element: Type) -> ListType:
    if element not in _LISTS:
        _LISTS[element] = ListType(element)
        WASM_TYPE[_LISTS[element]] = "i32"
    return _LISTS[element]


def from_model(
    expr: model.TypeExpr | None, named: Mapping[str, StructType] | None = None
) -> Type | None:
    """The subset type of a model type, or None when the subset does not cover it. ``named``:
    the dataclasses of the module, by name."""
    if expr is None:
        return NONE
    if isinstance(expr, model.Primitive):
        return _BY_PRIMITIVE.get(expr.name)
    if isinstance(expr, model.ListOf):
        element = from_model(expr.element, named)
        return list_of(element) if element is not None and is_list_element(element) else None
    if isinstance(expr, model.TupleOf):
        elements = [from_model(e, named) for e in expr.elements]
        if all(is_field_type(e) for e in elements):
            return tuple_of(tuple(e for e in elements if e is not None))
    if isinstance(expr, model.Named):
        return (named or {}).get(expr.name)
    return None


def from_annotation(spelled: str) -> Type | None:
    """The subset type of an annotation's source text (``int``, ``list[float]``)."""
    if spelled.startswith("list[") and spelled.endswith("]"):
        element = BY_ANNOTATION.get(spelled[5:-1])
        return list_of(element) if element in LIST_ELEMENTS else None
    return BY_ANNOTATION.get(spelled)


def is_numeric(t: Type | None) -> bool:
    return t in (INT, FLOAT, BOOL)
