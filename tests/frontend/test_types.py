"""Every row of the type table: source annotation -> model type -> WIT (validated)."""

from __future__ import annotations

import ast

import pytest
from pywasm_runtime import model
from pywasm_runtime.annotations import annotation

from .conftest import OneModule, render_valid

HEADER = """\
from __future__ import annotations
import collections.abc as abc
import datetime
import datetime as dt
import enum
import fractions
import typing
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Annotated, NamedTuple, Optional


@dataclass
class Rec:
    a: int


@dataclass
class Other:
    b: str


class Pt(NamedTuple):
    x: float
    y: float


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Perm(enum.Flag):
    READ = enum.auto()
    WRITE = enum.auto()


Shape = Rec | Other
Rows = dict[str, list[int]]
Ids: typing.TypeAlias = "list[int]"
UserId = typing.NewType("UserId", int)
Side = typing.Literal["buy", "sell"]


class Movie(typing.TypedDict):
    title: str
    year: typing.NotRequired[int]


class Patch(typing.TypedDict, total=False):
    title: str
    tags: typing.Required[list[str]]
"""

P, N = model.Primitive, model.Named
# (annotation as written, model type, the WIT type of the parameter)
ROWS = [
    ("int", P("s64"), "s64"),
    ("float", P("f64"), "f64"),
    ("bool", P("bool"), "bool"),
    ("str", P("string"), "string"),
    ("bytes", model.Bytes(), "list<u8>"),
    ("list[int]", model.ListOf(P("s64")), "list<s64>"),
    ("typing.List[str]", model.ListOf(P("string")), "list<string>"),
    (
        "tuple[int, str, bool]",
        model.TupleOf((P("s64"), P("string"), P("bool"))),
        "tuple<s64, string, bool>",
    ),
    ("int | None", model.OptionOf(P("s64")), "option<s64>"),
    ("Optional[str]", model.OptionOf(P("string")), "option<string>"),
    ("typing.Union[int, None]", model.OptionOf(P("s64")), "option<s64>"),
    (
        "dict[str, list[float]]",
        model.DictOf(P("string"), model.ListOf(P("f64"))),
        "list<tuple<string, list<f64>>>",
    ),
    ("Rec", N("Rec"), "rec"),
    ("Pt", N("Pt"), "pt"),
    ("Color", N("Color"), "color"),
    ("Perm", N("Perm"), "perm"),
    ("Shape", N("Shape"), "shape"),
    ("Rec | Other", N("RecOrOther"), "rec-or-other"),
    ("Rec | Other | None", model.OptionOf(N("RecOrOther")), "option<rec-or-other>"),
    ('Annotated[int, "u8"]', P("u8"), "u8"),
    ('Annotated[int, "u16"]', P("u16"), "u16"),
    ('Annotated[int, "u32"]', P("u32"), "u32"),
    ('Annotated[int, "u64"]', P("u64"), "u64"),
    ('Annotated[int, "s8"]', P("s8"), "s8"),
    ('Annotated[int, "s16"]', P("s16"), "s16"),
    ('Annotated[int, "s32"]', P("s32"), "s32"),
    ('Annotated[float, "f32"]', P("f32"), "f32"),
    ('Annotated[str, "char"]', P("char"), "char"),
    ('"list[Rec]"', model.ListOf(N("Rec")), "list<rec>"),
    ("bytearray", model.Bytes("bytearray"), "list<u8>"),
    ("memoryview", model.Bytes("memoryview"), "list<u8>"),
    ("set[str]", model.SetOf(P("string")), "list<string>"),
    ("frozenset[int]", model.SetOf(P("s64"), frozen=True), "list<s64>"),
    ("typing.AbstractSet[int]", model.SetOf(P("s64")), "list<s64>"),
    ("tuple[int, ...]", model.ListOf(P("s64"), "tuple"), "list<s64>"),
    ("abc.Sequence[int]", model.ListOf(P("s64")), "list<s64>"),
    ("abc.MutableSequence[int]", model.ListOf(P("s64")), "list<s64>"),
    ("abc.Collection[str]", model.ListOf(P("string")), "list<string>"),
    ("typing.Iterable[str]", model.ListOf(P("string")), "list<string>"),
    ("abc.Iterator[Rec]", model.ListOf(N("Rec"), "iterator"), "list<rec>"),
    ("abc.Mapping[str, float]", model.DictOf(P("string"), P("f64")), "list<tuple<string, f64>>"),
    (
        "typing.MutableMapping[str, int]",
        model.DictOf(P("string"), P("s64")),
        "list<tuple<string, s64>>",
    ),
    ("abc.Set[str]", model.SetOf(P("string")), "list<string>"),
    ("Rows", model.DictOf(P("string"), model.ListOf(P("s64"))), "list<tuple<string, list<s64>>>"),
    ("Ids", model.ListOf(P("s64")), "list<s64>"),
    ("UserId", P("s64"), "s64"),
    ("Side", N("Side"), "side"),
    ('typing.Literal["asc", "desc"]', N("AscOrDesc"), "asc-or-desc"),
    ("typing.Literal[1, 2, -3]", N("V1OrV2OrVneg3"), "v1-or-v2-or-vneg3"),
    ("Movie", N("Movie"), "movie"),
    ("Patch", N("Patch"), "patch"),
    ("datetime.date", model.Stdlib("datetime.date"), "string"),
    ("dt.time", model.Stdlib("datetime.time"), "string"),
    ("dt.datetime", model.Stdlib("datetime.datetime"), "string"),
    ("timedelta", model.Stdlib("datetime.timedelta"), "tuple<s32, s32, s32>"),
    ("Decimal", model.Stdlib("decimal.Decimal"), "string"),
    ("fractions.Fraction", model.Stdlib("fractions.Fraction"), "string"),
    ("uuid.UUID", model.Stdlib("uuid.UUID"), "string"),
    (
        "list[Decimal] | None",
        model.OptionOf(model.ListOf(model.Stdlib("decimal.Decimal"))),
        "option<list<string>>",
    ),
]


BASIC = {r[0] for r in ROWS[: ROWS.index(("bytearray", model.Bytes("bytearray"), "list<u8>"))]}


@pytest.mark.parametrize(("source", "expected", "wit_type"), ROWS, ids=[r[0] for r in ROWS])
def test_row(one_module: OneModule, source: str, expected: model.TypeExpr, wit_type: str) -> None:
    component = one_module.analyze(f"{HEADER}\n\ndef f(x: {source}) -> {source}:\n    ...\n")
    (function,) = component.exports[0].functions
    assert function.params[0].type == expected
    assert function.result == expected
    text = render_valid(component)
    assert f"f: func(x: {wit_type}) -> result<{wit_type}, guest-error>;" in text
    # the source's own text, as ``from __future__ import annotations`` keeps it
    spelled = ast.unparse(ast.parse(source, mode="eval").body)
    assert function.params[0].annotation == function.returns == spelled
    if source in BASIC:  # back to Python from the model alone (manifests without that text)
        defs = component.type_defs()
        assert annotation(expected, defs) == source.strip('"').replace(
            "typing.List", "list"
        ).replace("Optional[str]", "str | None").replace("typing.Union[int, None]", "int | None")


def test_none_result_has_no_wit_result(one_module: OneModule) -> None:
    component = one_module.analyze("def f(x: int) -> None:\n    ...\n")
    assert component.exports[0].functions[0].result is None
    assert "f: func(x: s64) -> result<_, guest-error>;" in render_valid(component)


def test_definitions_render_as_wit(one_module: OneModule) -> None:
    source = HEADER + "\n\ndef f(r: Rec, p: Pt, c: Color, q: Perm, s: Shape) -> None:\n    ...\n"
    text = render_valid(one_module.analyze(source))
    for fragment in (
        "record rec {\n    a: s64,\n  }",
        "record pt {\n    x: f64,\n    y: f64,\n  }",
        "enum color {\n    red,\n    green,\n  }",
        "flags perm {\n    read,\n    write,\n  }",
        "variant shape {\n    rec(rec),\n    other(other),\n  }",
    ):
        assert fragment in text


def test_record_kinds(one_module: OneModule) -> None:
    component = one_module.analyze(HEADER + "\n\ndef f(r: Rec, p: Pt) -> None:\n    ...\n")
    defs = component.type_defs()
    assert isinstance(defs["Rec"], model.Record) and defs["Rec"].python_kind == "dataclass"
    assert isinstance(defs["Pt"], model.Record) and defs["Pt"].python_kind == "namedtuple"
    line = HEADER.splitlines().index("class Pt(NamedTuple):") + 1
    assert defs["Pt"].origin == model.Origin("m", "Pt", "m.py", line)


def test_resource(one_module: OneModule) -> None:
    component = one_module.analyze(
        '''
        class Counter:
            """Counts."""

            def __init__(self, start: int = 0) -> None:
                self.n = start

            def incr(self, by: int) -> int:
                """Adds."""
                return self.n

            def merge(self, other: "Counter") -> "Counter":
                return self

            @staticmethod
            def zero() -> "Counter":
                return Counter()

            def _hidden(self) -> None: ...


        def total(counters: list[Counter]) -> int:
            return 0
        '''
    )
    (counter,) = component.exports[0].types
    assert isinstance(counter, model.Resource)
    assert counter.constructor == model.Function(
        "__init__",
        (model.Param("start", P("s64"), "0", annotation="int"),),
        None,
        "",
        5,
        "constructor",
        returns="None",
    )
    assert [(m.name, m.kind) for m in counter.methods] == [
        ("incr", "method"), ("merge", "method"), ("zero", "static")
    ]  # fmt: skip
    text = render_valid(component)
    assert (
        "  /// Counts.\n"
        "  resource counter {\n"
        "    constructor(start: s64) -> result<counter, guest-error>;\n"
        "    /// Adds.\n"
        "    incr: func(by: s64) -> result<s64, guest-error>;\n"
        "    merge: func(other: borrow<counter>) -> result<counter, guest-error>;\n"
        "    zero: static func() -> result<counter, guest-error>;\n"
        "  }"
    ) in text
    assert "total: func(counters: list<counter>) -> result<s64, guest-error>;" in text


def test_docstrings_become_doc_comments(one_module: OneModule) -> None:
    component = one_module.analyze(
        '''
        """The module.

        Second paragraph."""
        from dataclasses import dataclass


        @dataclass
        class Rec:
            """A record."""

            a: int
            """The a."""


        def f(r: Rec) -> None:
            """Does f.

            Really."""
        '''
    )
    text = render_valid(component)
    assert "/// The module.\n///\n/// Second paragraph.\ninterface m {" in text
    assert "  /// A record.\n  record rec {\n    /// The a.\n    a: s64,\n  }" in text
    assert "  /// Does f.\n  ///\n  /// Really.\n  f: func(" in text


def test_all_selects_exports_and_types(one_module: OneModule) -> None:
    component = one_module.analyze(
        """
        from dataclasses import dataclass

        __all__ = ["g", "Rec", "Oops"]


        @dataclass
        class Rec:
            a: int


        class Oops(Exception):
            pass


        def f(x: object) -> None: ...  # not in __all__: not checked either


        def g() -> None: ...
        """
    )
    interface = component.exports[0]
    assert [f.name for f in interface.functions] == ["g"]
    assert [t.name for t in interface.types] == ["Rec"]  # the exception is not a type
    render_valid(component)


def test_without_all_public_functions_and_resources(one_module: OneModule) -> None:
    component = one_module.analyze(
        """
        from dataclasses import dataclass


        class Box:
            def __init__(self, size: int) -> None: ...


        class _Hidden:
            def __init__(self, size: object) -> None: ...


        class Error(ValueError):
            pass


        def f() -> None: ...


        def _g(x: object) -> None: ...
        """
    )
    interface = component.exports[0]
    assert [f.name for f in interface.functions] == ["f"]
    assert [t.name for t in interface.types] == ["Box"]


def test_imported_functions_return_results(one_module: OneModule) -> None:
    """A host function's exception reaches the guest as an error value, never a trap; an
    option result is boxed (wasmtime-py could not lower the error of result<option<T>, E>)."""
    component = one_module.analyze(
        "from h import log\n\ndef f() -> None:\n    log('x')\n",
        imports="def log(message: str) -> None: ...\n\ndef now() -> float: ...\n\n"
        "def find(key: str) -> int | None: ...\n",
    )
    (host,) = component.imports
    assert [f.name for f in host.functions] == ["log", "now", "find"]
    text = render_valid(component)
    assert (
        "interface h {\n  use types.{guest-error};\n\n"
        "  log: func(message: string) -> result<_, guest-error>;\n\n"
        "  now: func() -> result<f64, guest-error>;\n\n"
        "  find: func(key: string) -> result<tuple<option<s64>>, guest-error>;\n}"
    ) in text
    assert "world demo {\n  import h;\n  export m;\n}" in text


def test_keywords_and_names_are_escaped(one_module: OneModule) -> None:
    component = one_module.analyze(
        "def export(list: int, type_name: str) -> None: ...\n\ndef getHTTPStatus() -> int: ..."
    )
    text = render_valid(component)
    assert "%export: func(%list: s64, type-name: string) -> result<_, guest-error>;" in text
    assert "get-http-status: func() -> result<s64, guest-error>;" in text


def test_defaults_are_kept_as_source(one_module: OneModule) -> None:
    component = one_module.analyze(
        "def f(a: int = -1, b: str = 'x', c: tuple[int, int] = (1, 2), d: int | None = None)"
        " -> None: ..."
    )
    assert [p.default for p in component.exports[0].functions[0].params] == [
        "-1", "'x'", "(1, 2)", "None"
    ]  # fmt: skip


def test_nested_optional_collapses_like_python(one_module: OneModule) -> None:
    component = one_module.analyze(
        "from typing import Optional\n\ndef f(a: Optional[int | None]) -> None: ..."
    )
    assert component.exports[0].functions[0].params[0].type == model.OptionOf(P("s64"))


def test_dataclass_inheritance_keeps_field_order(one_module: OneModule) -> None:
    component = one_module.analyze(
        """
        from dataclasses import dataclass


        @dataclass
        class Base:
            a: int
            b: str


        @dataclass
        class Child(Base):
            c: bool
            a: float  # redefined: keeps its first place, with the new type


        def f(x: Child) -> None: ...
        """
    )
    child = component.type_defs()["Child"]
    assert isinstance(child, model.Record)
    assert [(f.name, f.type) for f in child.fields] == [
        ("a", P("f64")), ("b", P("string")), ("c", P("bool"))
    ]  # fmt: skip
    render_valid(component)


def test_all_may_be_extended(one_module: OneModule) -> None:
    component = one_module.analyze(
        "__all__ = ['f']\n__all__ += ('g',)\n__all__ = __all__ + ['h']\n"
        "def f() -> None: ...\ndef g() -> None: ...\ndef h() -> None: ...\ndef k() -> None: ..."
    )
    assert [f.name for f in component.exports[0].functions] == ["f", "g", "h"]


def test_self_in_resource_methods_and_new_types(one_module: OneModule) -> None:
    component = one_module.analyze(
        """
        from typing import NewType, Self

        UserId = NewType("UserId", int)


        class Node:
            def __init__(self, owner: UserId) -> None: ...

            def copy(self) -> Self: ...


        def owner(n: Node) -> UserId: ...
        """
    )
    (node,) = component.exports[0].types
    assert isinstance(node, model.Resource)
    assert node.constructor.params[0].type == P("s64")
    assert node.methods[0].result == N("Node")
    assert component.exports[0].functions[0].result == P("s64")
    render_valid(component)
