"""The interface model: what a wasm-backed package exports and imports, as plain data.

This is the one contract between the stages of hatch-pywasm and the runtime:

* the plugin's frontend builds it from annotated source (``ast``, never importing);
* the WIT emitter, the componentize-py adapter, the static backend and the JS glue read it;
* the build hook writes it as JSON into each component's manifest;
* ``pywasm_runtime`` reads it back to convert values with the source's own Python types.

It lives in the runtime distribution because built wheels depend only on ``pywasm-runtime``;
the plugin depends on the runtime for it. Everything here is frozen dataclasses of str, int,
tuples and other model classes, so values compare by content and serialise losslessly (they
are dataclasses whose methods are shared, see :func:`_model`).

Names are stored as they appear in Python; the WIT spelling is derived by :func:`wit_name`
(one deterministic rule, used by every stage).
"""

from __future__ import annotations

import dataclasses
import inspect
import keyword
import re
from dataclasses import FrozenInstanceError, dataclass
from typing import Any, ClassVar, Literal, TypeAlias, TypeVar, dataclass_transform

_T = TypeVar("_T")


class _Data:
    """What every model class does, as a frozen dataclass would: keyword or positional
    construction with the fields' defaults (then ``__post_init__``), assignment refused,
    equality and hash by the fields' values, the dataclass ``repr``."""

    _names: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        where, names = f"{type(self).__qualname__}.__init__()", self._names
        if len(args) > len(names):
            raise TypeError(
                f"{where} takes {len(names) + 1} positional arguments but {len(args) + 1} "
                "were given"
            )
        values = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name in values:
                raise TypeError(f"{where} got multiple values for argument {name!r}")
            if name not in names:
                raise TypeError(f"{where} got an unexpected keyword argument {name!r}")
            values[name] = value
        missing = [n for n in names if n not in values and n not in self._defaults]
        if missing:
            raise TypeError(f"{where} missing {len(missing)} required argument(s): {missing}")
        for name in names:
            object.__setattr__(self, name, values.get(name, self._defaults.get(name)))
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._names)
        return f"{type(self).__qualname__}({fields})"


@dataclass_transform(frozen_default=True)
def _model(cls: type[_T]) -> type[_T]:
    """A model class: a dataclass (``dataclasses.fields``, ``replace``, ``asdict`` work) that
    behaves as a frozen one through :class:`_Data`'s shared methods. ``@dataclass(frozen=True)``
    compiles seven functions per class (~0.5 ms each class), most of the runtime's import time;
    with nothing to generate, the decorator only collects the fields."""
    documented = "__doc__" in cls.__dict__ and cls.__doc__
    if not documented:
        cls.__doc__ = "(set below: dataclass() would build it from a signature of its own)"
    made = dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(made)  # type: ignore[arg-type]
    made._names = tuple(f.name for f in fields)  # type: ignore[attr-defined]
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    made._defaults = defaults  # type: ignore[attr-defined]
    # the signature (and, undocumented, the docstring) a dataclass's own __init__ would give
    empty, keyword = inspect.Parameter.empty, inspect.Parameter.POSITIONAL_OR_KEYWORD
    parameters = [
        inspect.Parameter(f.name, keyword, default=defaults.get(f.name, empty), annotation=f.type)
        for f in fields
    ]
    made.__signature__ = inspect.Signature(parameters, return_annotation=None)  # type: ignore[attr-defined]
    if not documented:
        made.__doc__ = made.__name__ + str(made.__signature__).replace(" -> None", "")  # type: ignore[attr-defined]
    return made


# --------------------------------------------------------------------------------------------
# Type expressions
# --------------------------------------------------------------------------------------------

#: WIT primitive names, and the Python builtin each one surfaces as on the host.
PRIMITIVES: dict[str, str] = {
    "bool": "bool",
    "s8": "int",
    "s16": "int",
    "s32": "int",
    "s64": "int",
    "u8": "int",
    "u16": "int",
    "u32": "int",
    "u64": "int",
    "f32": "float",
    "f64": "float",
    "char": "str",
    "string": "str",
}

#: The primitive each plain Python annotation maps to.
DEFAULT_PRIMITIVE: dict[str, str] = {"int": "s64", "float": "f64", "bool": "bool", "str": "string"}


@_model
class Primitive(_Data):
    """A WIT primitive (``s64``, ``f64``, ``string``, ``u8``, ``char``, ...)."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in PRIMITIVES:
            expected = ", ".join(sorted(PRIMITIVES))
            raise ValueError(f"unknown WIT primitive {self.name!r}; expected one of {expected}")


#: How a WIT list surfaces in Python, for :class:`ListOf` (``list[T]``, ``tuple[T, ...]``, and
#: an ``Iterator[T]``/``Generator`` result, which arrives as an iterator over a snapshot list).
LIST_KINDS = ("list", "tuple", "iterator")
#: How ``list<u8>`` surfaces in Python, for :class:`Bytes`.
BYTES_KINDS = ("bytes", "bytearray", "memoryview")


@_model
class Bytes(_Data):
    """Python ``bytes`` (or ``bytearray``/``memoryview``, ``python_kind``): WIT ``list<u8>``,
    the same class again on both sides."""

    python_kind: str = "bytes"


@_model
class ListOf(_Data):
    """``list[T]``: WIT ``list<T>``. Also the abstract ``Sequence[T]``, ``Iterable[T]``,
    ``Collection[T]``, ... (a list comes back), ``tuple[T, ...]`` (``python_kind`` "tuple": a
    tuple comes back) and ``Iterator[T]`` ("iterator": an iterator over the items)."""

    element: TypeExpr
    python_kind: str = "list"


@_model
class SetOf(_Data):
    """``set[T]``/``frozenset[T]``/``AbstractSet[T]``: WIT ``list<T>`` (each item once), a set
    (a frozenset when ``frozen``) again on both sides."""

    element: TypeExpr
    frozen: bool = False


@_model
class TupleOf(_Data):
    """``tuple[A, B, ...]``: WIT ``tuple<A, B, ...>``."""

    elements: tuple[TypeExpr, ...]


@_model
class OptionOf(_Data):
    """``T | None``: WIT ``option<T>``; ``None`` stands for the absent value."""

    inner: TypeExpr


@_model
class DictOf(_Data):
    """``dict[K, V]``: WIT ``list<tuple<K, V>>``, a dict again on both sides."""

    key: TypeExpr
    value: TypeExpr


#: The stdlib value types, by ``module.qualname``, and the WIT type each travels as. Text forms
#: are the types' own exact ones: ``isoformat()``/``fromisoformat()`` (microseconds and the UTC
#: offset kept), ``str()`` of a Decimal (every digit and the exponent, NaN and infinities) and of
#: a Fraction (``"n/d"``), the hex form of a UUID; a timedelta is its normalised
#: ``(days, seconds, microseconds)``.
STDLIB_TYPES: dict[str, str] = {
    "datetime.date": "string",
    "datetime.time": "string",
    "datetime.datetime": "string",
    "datetime.timedelta": "tuple<s32, s32, s32>",
    "decimal.Decimal": "string",
    "fractions.Fraction": "string",
    "uuid.UUID": "string",
}


@_model
class Stdlib(_Data):
    """A stdlib value type (``datetime.date``, ``decimal.Decimal``, ...): see
    :data:`STDLIB_TYPES` for its WIT form."""

    name: str  # a key of STDLIB_TYPES

    def __post_init__(self) -> None:
        if self.name not in STDLIB_TYPES:
            raise ValueError(f"unknown stdlib type {self.name!r}; expected one of "
                             f"{', '.join(STDLIB_TYPES)}")  # fmt: skip


@_model
class Named(_Data):
    """A reference to a named type definition (record, enum, flags, variant, resource)."""

    name: str


TypeExpr: TypeAlias = (
    Primitive | Bytes | ListOf | SetOf | TupleOf | OptionOf | DictOf | Stdlib | Named
)

# --------------------------------------------------------------------------------------------
# Named type definitions
# --------------------------------------------------------------------------------------------


@_model
class Origin(_Data):
    """Where a definition comes from in the source: enough to import it on the host and to
    point an error message at it."""

    module: str  # dotted module name, e.g. "shop.models"
    qualname: str  # e.g. "Order"
    file: str = ""  # path relative to the project root, for messages
    line: int = 0


@_model
class Field(_Data):
    name: str
    type: TypeExpr
    doc: str = ""
    #: False for a ``TypedDict`` key that may be missing (``total=False``, ``NotRequired``):
    #: WIT ``option<type>``, none when the key is absent.
    required: bool = True


@_model
class Record(_Data):
    """A ``@dataclass``, ``NamedTuple`` or ``TypedDict`` (a dict on the host): WIT ``record``."""

    name: str
    origin: Origin
    fields: tuple[Field, ...]
    python_kind: Literal["dataclass", "namedtuple", "typeddict"] = "dataclass"
    doc: str = ""


@_model
class EnumCase(_Data):
    name: str  # the member's Python name; values travel by name
    doc: str = ""


@_model
class Enum(_Data):
    """An ``enum.Enum``: WIT ``enum`` (members travel by name)."""

    name: str
    origin: Origin
    cases: tuple[EnumCase, ...]
    doc: str = ""


@_model
class Flags(_Data):
    """An ``enum.Flag``: WIT ``flags`` (a set of member names)."""

    name: str
    origin: Origin
    members: tuple[EnumCase, ...]
    doc: str = ""


@_model
class LiteralEnum(_Data):
    """``typing.Literal["a", "b"]`` (of str or int values): WIT ``enum``, one case per value
    (:func:`literal_case`); the host and the guest see the values themselves.

    ``name`` is the alias's name when the Literal is a module-level alias (``Side =
    Literal[...]``), otherwise one derived from its values (``AscOrDesc``)."""

    name: str
    origin: Origin
    values: tuple[str | int, ...]
    doc: str = ""


@_model
class VariantCase(_Data):
    """One arm of a union of dataclasses; its payload is that dataclass's record."""

    name: str  # the record's Python class name
    payload: Named


@_model
class Variant(_Data):
    """A union of dataclasses (``A | B``): WIT ``variant``, one case per class.

    ``name`` is the alias's name when the union is a module-level alias (``Shape = A | B``),
    otherwise one derived from its members (``CircleOrSquare``)."""

    name: str
    origin: Origin
    cases: tuple[VariantCase, ...]
    doc: str = ""


@_model
class NameRef(_Data):
    """A name that annotations and defaults of an interface's functions use, and where the host
    imports it from: ``qualname`` "" is the module itself (``import typing as t``)."""

    name: str
    module: str
    qualname: str = ""


#: ``inspect.Parameter`` kinds, by name. WIT parameters are positional whatever the kind; a
#: ``*args: T`` parameter is ``ListOf(T)`` (WIT ``list<T>``), ``**kwargs: T`` is
#: ``DictOf(string, T)`` (WIT ``list<tuple<string, T>>``).
PARAM_KINDS = (
    "positional_only", "positional_or_keyword", "var_positional", "keyword_only", "var_keyword"
)  # fmt: skip


@_model
class Param(_Data):
    name: str
    type: TypeExpr
    #: Python source of the default: a constant expression, module constants folded in, whose
    #: names (enum classes, frozen dataclasses) are listed in ``Interface.names``.
    default: str | None = None
    kind: str = "positional_or_keyword"  # one of PARAM_KINDS
    #: The annotation as source text (``ast.unparse``, what ``from __future__ import
    #: annotations`` keeps), its names listed in ``Interface.names``; "" in older manifests.
    annotation: str = ""


@_model
class Function(_Data):
    """A module-level function, or a method of a resource."""

    name: str
    params: tuple[Param, ...]
    result: TypeExpr | None  # None: ``-> None``, no WIT result
    doc: str = ""
    line: int = 0
    #: "static" is a ``@staticmethod`` or ``@classmethod`` (``classmethod`` set); "getter" and
    #: "setter" a ``@property``'s (WIT methods ``name`` and ``set-name``).
    kind: Literal["function", "method", "static", "constructor", "getter", "setter"] = "function"
    #: The return annotation as source text ("" in older manifests), like ``Param.annotation``.
    returns: str = ""
    #: The module uses ``from __future__ import annotations``: annotations stay text on the
    #: host, as natively; otherwise the host evaluates them to the same objects.
    future_annotations: bool = False
    classmethod: bool = False
    #: What the names in its annotations and defaults refer to (see :class:`NameRef`).
    names: tuple[NameRef, ...] = ()


@_model
class Resource(_Data):
    """A plain class with an annotated ``__init__`` and methods: WIT ``resource``.

    The object lives in the guest; the host holds a handle.

    WIT convention (decided by a spike with componentize-py 0.25.1 and wasmtime-py 50.0.1): the
    constructor is fallible like every export, ``constructor(...) -> result<R, guest-error>``
    where ``R`` is the resource itself; methods and statics return ``result<T, guest-error>``.
    Guest side (componentize-py): ``__init__`` raises ``componentize_py_types.Err(GuestError)``
    to fail. Host side (wasmtime-py): the ``[constructor]r`` function returns the
    ``ResourceAny`` on success, the guest-error ``Record`` on failure; the instance stays usable.

    A resource that is a function's parameter (top level, not nested in a list, option, ...) is
    passed as ``borrow<r>``: the caller keeps its object, as in Python. Everywhere else (results,
    fields, nested positions) it is ``own<r>`` (written ``r``).

    A resource belongs to the interface of the module defining it (never to ``types``, which a
    world imports): other interfaces ``use`` it from there."""

    name: str
    origin: Origin
    constructor: Function
    methods: tuple[Function, ...]
    doc: str = ""


TypeDef: TypeAlias = Record | Enum | Flags | LiteralEnum | Variant | Resource

# --------------------------------------------------------------------------------------------
# Interfaces, components
# --------------------------------------------------------------------------------------------

#: The WIT name of the shared interface. It is always emitted: it holds the error record every
#: export returns on failure, and the user types that several interfaces mention.
SHARED_INTERFACE = "types"
#: The record that carries a guest exception out of every export (``result<T, guest-error>``):
#: ``record guest-error { type-name: string, message: string, traceback: string }`` where
#: type-name is the exception class's ``module.qualname`` (``builtins.ValueError``).
GUEST_ERROR = "guest-error"


def boxed_import_result(result: TypeExpr | None) -> bool:
    """An imported function whose result is an option returns ``result<tuple<option<T>>,
    guest-error>`` (every other import ``result<T, guest-error>``): wasmtime-py (50) lowers an
    untagged ``result`` by the Python class of the value, and an option's classes include
    ``object``, so the error case of ``result<option<T>, guest-error>`` could never be lowered."""
    return isinstance(result, OptionOf)


@_model
class Interface(_Data):
    """One Python module as one WIT interface.

    ``types`` are the definitions this interface owns (WIT ``type``/``record``/...); it ``use``s
    any other ``Named`` it mentions from the interface that owns it."""

    name: str  # WIT interface name (already kebab-case)
    module: str  # dotted Python module
    functions: tuple[Function, ...]
    types: tuple[TypeDef, ...] = ()
    doc: str = ""
    file: str = ""  # source path relative to the project root


@_model
class Component(_Data):
    """A WIT package with one world: the unit the backends compile.

    Every exported and imported function returns ``result<T, guest-error>`` in WIT (see
    :data:`GUEST_ERROR`, :func:`boxed_import_result`), so neither a guest's nor a host's exception
    traps the instance; ``Function.result`` keeps the source's ``T``.
    Imported interfaces are plain (no result wrapping): the host's exceptions propagate."""

    name: str  # component name, WIT world name
    namespace: str
    package: str
    version: str
    exports: tuple[Interface, ...]
    imports: tuple[Interface, ...] = ()
    shared: Interface | None = None  # user types of the ``types`` interface, when any is shared

    @property
    def package_id(self) -> str:
        """``namespace:package@version``, as written in WIT."""
        return f"{self.namespace}:{self.package}@{self.version}"

    def qualified(self, interface: Interface) -> str:
        """The full name a host uses to find an interface: ``ns:pkg/iface@version``."""
        return f"{self.namespace}:{self.package}/{interface.name}@{self.version}"

    def interfaces(self) -> tuple[Interface, ...]:
        return (*((self.shared,) if self.shared else ()), *self.exports, *self.imports)

    def type_defs(self) -> dict[str, TypeDef]:
        """Every named type of the component, by name."""
        return {t.name: t for i in self.interfaces() for t in i.types}

    def owner_of(self, type_name: str) -> Interface:
        """The interface that defines ``type_name``."""
        for interface in self.interfaces():
            if any(t.name == type_name for t in interface.types):
                return interface
        raise KeyError(type_name)

    def export_for_module(self, module: str) -> Interface:
        for interface in self.exports:
            if interface.module == module:
                return interface
        raise KeyError(module)


# --------------------------------------------------------------------------------------------
# Naming
# --------------------------------------------------------------------------------------------

#: WIT keywords; a name equal to one is written with a leading ``%``.
WIT_KEYWORDS = frozenset(
    """
    as async bool borrow char constructor enum export f32 f64 flags from func future import
    include interface list option own package record resource result s16 s32 s64 s8 static
    stream string tuple type u16 u32 u64 u8 use variant with world
    """.split()  # noqa: SIM905 (a word list reads better than 41 quoted strings)
)

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def wit_name(python_name: str) -> str:
    """The WIT identifier for a Python name: ``snake_case``/``CamelCase`` -> ``kebab-case``,
    keywords escaped with ``%``. Deterministic and the same for every stage.

    WIT identifiers are words of lowercase letters and digits joined by single dashes, each word
    starting with a letter; a digit-leading word is glued to the previous one (``vec_2`` ->
    ``vec2``), and leading/trailing/double underscores are dropped."""
    words = [w for part in python_name.split("_") for w in _CAMEL_BOUNDARY.split(part) if w]
    glued: list[str] = []
    for word in words:
        word = word.lower()
        if glued and word[0].isdigit():
            glued[-1] += word
        else:
            glued.append(word)
    if not glued or glued[0][0].isdigit():
        raise ValueError(f"{python_name!r} has no WIT spelling: it must start with a letter")
    name = "-".join(glued)
    return f"%{name}" if name in WIT_KEYWORDS else name


def plain_wit_name(python_name: str) -> str:
    """The name as component binaries and host APIs carry it: :func:`wit_name` without the
    ``%`` that only WIT source text needs for a keyword (``%flags`` -> ``flags``)."""
    return wit_name(python_name).removeprefix("%")


_WIT_IDENTIFIER = re.compile(r"%?[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*")


def literal_case(value: str | int) -> str:
    """The WIT enum case of a Literal value: :func:`wit_name` of a str value when that is a WIT
    identifier (``"open"`` -> ``open``, ``"in_progress"`` -> ``in-progress``), else ``v`` and the
    text's UTF-8 in hex; ``v3`` for the int 3, ``vneg3`` for -3. Two values may share a case
    (``"Open"``, ``"open"``): the frontend reports it."""
    if isinstance(value, int):
        return f"v{value}" if value >= 0 else f"vneg{-value}"
    try:
        name = wit_name(value)
    except ValueError:
        name = ""
    if _WIT_IDENTIFIER.fullmatch(name):
        return name
    return "v" + value.encode("utf-8").hex()


def python_identifier_ok(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


# --------------------------------------------------------------------------------------------
# JSON form (the manifest): {"class": ClassName, field: value, ...}
#
# The tag is not "kind": Function has a field of that name, which would overwrite it.
# --------------------------------------------------------------------------------------------

#: The key naming each object's model class in the JSON form.
TAG = "class"
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Primitive, Bytes, ListOf, SetOf, TupleOf, OptionOf, DictOf, Stdlib, Named, Origin,
        Field, Record, EnumCase, Enum, Flags, LiteralEnum, VariantCase, Variant, Param,
        Function, Resource, NameRef, Interface, Component,
    )
}  # fmt: skip


def to_data(value: Any) -> Any:
    """The model as JSON-ready data (dicts tagged with ``class``, lists, str, int, None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {TAG: type(value).__name__}
        for f in dataclasses.fields(value):
            data[f.name] = to_data(getattr(value, f.name))
        return data
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"not model data: {value!r}")


def from_data(data: Any) -> Any:
    """The inverse of :func:`to_data`; lists come back as tuples (the model is frozen)."""
    if isinstance(data, dict):
        kind = data.get(TAG)
        cls = _CLASSES.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise ValueError(f"unknown model class {kind!r}; expected one of {sorted(_CLASSES)}")
        unknown = data.keys() - cls._names - {TAG}  # type: ignore[attr-defined]
        if unknown:
            raise ValueError(f"{kind} has unknown fields {sorted(unknown)}")
        return cls(**{k: from_data(v) for k, v in data.items() if k != TAG})
    if isinstance(data, list):
        return tuple(from_data(v) for v in data)
    return data


__all__ = [
    "DEFAULT_PRIMITIVE",
    "GUEST_ERROR",
    "boxed_import_result",
    "BYTES_KINDS",
    "LIST_KINDS",
    "PARAM_KINDS",
    "PRIMITIVES",
    "SHARED_INTERFACE",
    "STDLIB_TYPES",
    "WIT_KEYWORDS",
    "Bytes",
    "Component",
    "DictOf",
    "Enum",
    "EnumCase",
    "Field",
    "Flags",
    "Function",
    "Interface",
    "ListOf",
    "LiteralEnum",
    "NameRef",
    "Named",
    "OptionOf",
    "Origin",
    "Param",
    "Primitive",
    "Record",
    "Resource",
    "SetOf",
    "Stdlib",
    "TupleOf",
    "TypeDef",
    "TypeExpr",
    "Variant",
    "VariantCase",
    "from_data",
    "literal_case",
    "python_identifier_ok",
    "to_data",
    "plain_wit_name",
    "wit_name",
]
