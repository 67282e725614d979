"""The value types of the compiled subset, and how model types map onto them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pywasm_runtime import model


@dataclass(frozen=True)
class Scalar:
    """A value held in one wasm local: ``int`` (i64), ``float`` (f64), ``bool`` (i32), ``str``
    (i32: the address of an immutable [byte length: i32][UTF-8 bytes] object), ``bytes`` (the
    same layout, any bytes: WIT ``list<u8>``), or ``None`` (no value; only as a function
    result)."""

    name: str

    def __str__(self) -> str:
        return self.name


INT = Scalar("int")
FLOAT = Scalar("float")
BOOL = Scalar("bool")
STR = Scalar("str")
BYTES = Scalar("bytes")
NONE = Scalar("None")
#: The address of a list's items, cached before a loop (transform/headers.py): no Python value.
ADDRESS = Scalar("address")


@dataclass(frozen=True)
class ListType:
    """``list[T]`` of int, float, bool, str, tuples or dataclasses: an i32 address of a heap
    header [length: i32][capacity: i32][items: i32], items 8 bytes each (i64, f64, or an i32:
    a bool, or the address of a str, tuple or dataclass). Types compare by value. ``tuple[T, ...]``
    is one too, ``frozen``: read as a list is, never changed in place (CPython's tuple has no
    append, no item assignment, and ``t += u`` binds a new tuple). ``packed``: one byte per
    item (bools only, set by transform/packing.py)."""

    element: Type
    frozen: bool = False
    #: items one byte each (a bool list that never leaves its function: transform/packing.py)
    packed: bool = False

    def __str__(self) -> str:
        if self.packed:
            return f"packed list[{self.element}]"
        return f"tuple[{self.element}, ...]" if self.frozen else f"list[{self.element}]"

    @property
    def ops(self) -> str:
        """The prefix of the primitive ops on its items (one set for lists and tuples)."""
        return f"list[{self.element}]"


@dataclass(frozen=True)
class StructType:
    """A tuple (``name`` empty) or a ``@dataclass``: an i32 address of a heap block of 8-byte
    slots, one per field (i64, f64, or an i32 for bool, str and list)."""

    name: str
    fields: tuple[tuple[str, Type], ...]

    def __str__(self) -> str:
        if self.name:
            return self.name
        return f"tuple[{', '.join(str(t) for _, t in self.fields)}]"


@dataclass(frozen=True)
class OptionType:
    """``T | None``: an i32, 0 for None. A heap value (str, list, tuple, dataclass) is its own
    address (never 0); an int, float, bool, enum member or flag value is boxed in an 8-byte heap
    block."""

    inner: Type

    def __str__(self) -> str:
        return f"{self.inner} | None"

    @property
    def boxed(self) -> bool:
        """An int, float, bool, enum member or flag value (its 0 is a value) is boxed."""
        inner = inside(self.inner)
        return inner in (INT, FLOAT, BOOL) or isinstance(inner, EnumType | FlagType)


@dataclass(frozen=True)
class EnumType:
    """An ``enum.Enum``/``IntEnum``/``StrEnum`` member: an i32, the index of the member in
    definition order (WIT's enum discriminant). ``values`` are the members' values.
    ``mixed``: an IntEnum or StrEnum (its members are also ints or strs: irbuild/enums.py)."""

    name: str
    members: tuple[str, ...]
    values: tuple[int | str, ...]
    mixed: bool = False

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class FlagType:
    """An ``enum.Flag``/``IntFlag`` value: an i32, its ``.value`` (the members' single bits
    ORed: ``values``, each below 2**31, in definition order). ``int_flag``: an IntFlag (its
    str() is its int's)."""

    name: str
    members: tuple[str, ...]
    values: tuple[int, ...]
    int_flag: bool = False

    def __str__(self) -> str:
        return self.name

    @property
    def mask(self) -> int:
        """Every member's bit: CPython's ``~x`` is ``mask ^ x`` for such a class."""
        return sum(self.values)


@dataclass(frozen=True)
class DictType:
    """``dict[K, V]`` (K an int, str, bool, enum or a tuple of those: ``is_key``): an i32 address
    of a block [keys list][values list][hash table] (support/dict.wat): two lists in insertion
    order, a key's index in one its value's in the other."""

    key: Type
    value: Type

    def __str__(self) -> str:
        return f"dict[{self.key}, {self.value}]"

    @property
    def keys(self) -> ListType:
        return ListType(self.key)

    @property
    def values(self) -> ListType:
        return ListType(self.value)


@dataclass(frozen=True)
class SetType:
    """``set[T]`` (T an int, str, bool, enum or a tuple of those): CPython's set table
    (support/set.wat, irbuild/sets.py); crosses WIT as ``list<T>`` in its table's order.
    ``frozen``: a ``frozenset[T]`` (no method changes it; ``f |= t`` binds a new one)."""

    element: Type
    frozen: bool = False

    def __str__(self) -> str:
        return f"{'frozenset' if self.frozen else 'set'}[{self.element}]"


@dataclass(frozen=True)
class CaughtType:
    """The exception ``except E as name`` caught: an i32 address of its error record (type
    name, message, the traceback's last line: codegen/data.py error_record). ``types``: the
    type names the handler catches (empty: every exception)."""

    types: tuple[str, ...]

    def __str__(self) -> str:
        return " | ".join(t.removeprefix("builtins.") for t in self.types) or "Exception"


@dataclass(frozen=True)
class LiteralType:
    """A ``Literal[...]`` value as it crosses the boundary only (abi.py): WIT's enum
    discriminant, the index of the value in ``values``. Inside the component a Literal is its
    values' type (``base``: str or int), as CPython sees it: ``Literal["buy", "sell"]`` is a str
    to every operation, and nothing checks it (abi.py checks a result, as componentize-py's
    adapter does)."""

    values: tuple[int | str, ...]

    def __str__(self) -> str:
        return f"Literal[{', '.join(repr(v) for v in self.values)}]"

    @property
    def base(self) -> Scalar:
        return STR if isinstance(self.values[0], str) else INT


Type = (
    Scalar | ListType | StructType | OptionType | EnumType | FlagType | DictType | SetType
    | CaughtType | LiteralType
)  # fmt: skip


def inside(t: Type) -> Type:
    """The type a value of ``t`` has inside the component (a Literal's is its values')."""
    return t.base if isinstance(t, LiteralType) else t


_SCALAR_WASM_TYPES = {
    INT: "i64", FLOAT: "f64", BOOL: "i32", STR: "i32", BYTES: "i32", ADDRESS: "i32"
}  # fmt: skip


def wasm_type(t: Type) -> str:
    """The wasm value type of a value of ``t``: a scalar's own, an i32 address for every heap
    value (``None`` has none: a KeyError)."""
    if isinstance(t, Scalar):
        return _SCALAR_WASM_TYPES[t]
    return "i32"


_BY_PRIMITIVE: dict[str, Type] = {"s64": INT, "f64": FLOAT, "bool": BOOL, "string": STR}

#: Scalar types a list item, tuple item or dataclass field may be (a str is the address of its
#: immutable str object); lists, tuples and dataclasses of them are heap values too.
SCALARS = (INT, FLOAT, BOOL, STR)


def is_field_type(t: Type | None) -> bool:
    """Whether a tuple or dataclass may hold a ``t``: a scalar, a list, dict or set, a dataclass
    (a tuple holding a tuple is not compiled yet)."""
    named = isinstance(t, StructType) and bool(t.name)
    kinds = ListType | OptionType | EnumType | FlagType | DictType | SetType
    return t in (*SCALARS, BYTES) or isinstance(t, kinds) or named


def is_list_element(t: Type | None) -> bool:
    """Whether a list (or a dict's value) may hold a ``t``: a scalar, a tuple, a dataclass, a
    list, dict or set."""
    return t in SCALARS or isinstance(
        t, StructType | ListType | OptionType | EnumType | FlagType | DictType | SetType
    )


def nests_collection(t: Type, top: bool = True) -> bool:
    """Whether a dict or set is inside ``t`` (below its top level): the ABI converts only a
    parameter's or result's own dict or set (abi._crossing)."""
    if isinstance(t, DictType | SetType) and not top:
        return True
    inner: list[Type] = []
    if isinstance(t, ListType | SetType):
        inner = [t.element]
    elif isinstance(t, OptionType):
        inner = [t.inner]
    elif isinstance(t, DictType):
        inner = [t.key, t.value]
    elif isinstance(t, StructType):
        inner = [f for _, f in t.fields]
    return any(nests_collection(u, top=False) for u in inner)


def is_key(t: Type | None) -> bool:
    """Whether a dict key or set item may be a ``t`` (support/dict.wat hashes it): an int,
    float, str, bool, enum or flag member, or a tuple of those."""
    if isinstance(t, StructType) and not t.name:
        return bool(t.fields) and all(is_key(f) for _, f in t.fields)
    return t in (INT, FLOAT, STR, BOOL) or isinstance(t, EnumType | FlagType)


def tuple_of(elements: tuple[Type, ...]) -> StructType:
    return StructType("", tuple((f"_{i}", t) for i, t in enumerate(elements)))


def from_model(
    expr: model.TypeExpr | None,
    defs: Mapping[str, model.TypeDef],
    classes: Mapping[str, Type | None],
) -> Type | None:
    """The subset type of a model type (the frontend's reading of an annotation), or None when
    the subset does not cover it. ``defs``: the named types the frontend defined, by name;
    ``classes``: the layouts of plain classes used inside the component, and the enums."""
    if expr is None:
        return NONE
    if isinstance(expr, model.Primitive):
        return _BY_PRIMITIVE.get(expr.name)
    if isinstance(expr, model.Bytes):  # bytearray and memoryview are mutable: not compiled
        return BYTES if expr.python_kind == "bytes" else None
    if isinstance(expr, model.ListOf):
        element = from_model(expr.element, defs, classes)
        if element is None or not is_list_element(element):
            return None
        return ListType(element, frozen=expr.python_kind == "tuple")
    if isinstance(expr, model.TupleOf):
        elements = [from_model(e, defs, classes) for e in expr.elements]
        if all(is_field_type(e) for e in elements):
            return tuple_of(tuple(e for e in elements if e is not None))
    if isinstance(expr, model.SetOf):
        item = from_model(expr.element, defs, classes)
        return SetType(item, expr.frozen) if item and is_key(item) else None
    if isinstance(expr, model.OptionOf):
        inner = from_model(expr.inner, defs, classes)
        return OptionType(inner) if is_list_element(inner) and inner is not NONE else None
    if isinstance(expr, model.DictOf):
        key, value = from_model(expr.key, defs, classes), from_model(expr.value, defs, classes)
        return DictType(key, value) if key and is_key(key) and is_list_element(value) else None
    if isinstance(expr, model.Named):
        definition = defs.get(expr.name)
        records = ("dataclass", "namedtuple")
        if isinstance(definition, model.Record) and definition.python_kind in records:
            fields = [(f.name, from_model(f.type, defs, classes)) for f in definition.fields]
            if all(is_field_type(t) for _, t in fields):
                return StructType(definition.name, tuple((n, t) for n, t in fields if t))
        if isinstance(definition, model.Resource | model.Enum | model.Flags):
            return classes.get(expr.name)
        if isinstance(definition, model.LiteralEnum):
            return literal_base(definition)
    return None


def literal_base(definition: model.LiteralEnum) -> Scalar | None:
    """The type of a ``Literal``'s values inside the component (str or int); None when it mixes
    them (one static type per value)."""
    if all(isinstance(v, str) for v in definition.values):
        return STR
    return INT if all(isinstance(v, int) for v in definition.values) else None


def is_numeric(t: Type | None) -> bool:
    return t in (INT, FLOAT, BOOL)
