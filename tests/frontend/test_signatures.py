"""Signatures as typed libraries write them: parameter kinds, constant defaults, the source's
annotation text and the names it uses; resource constructors, properties and dunders."""

from __future__ import annotations

from pywasm_runtime import model

from .conftest import OneModule, render_valid

P = model.Primitive

LEDGER = """
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple, Optional


class Side(enum.Enum):
    DEBIT = "debit"
    CREDIT = "credit"


class Tag(enum.Flag):
    A = enum.auto()
    B = enum.auto()


@dataclass(frozen=True)
class Money:
    cents: int
    currency: str = "EUR"


class Pair(NamedTuple):
    a: int
    b: int


DEFAULT_WIDTH = 80
WIDE = DEFAULT_WIDTH * 2
ZERO = Money(0)


def render(text: str, /, sep: str = " ", *, width: int = DEFAULT_WIDTH, wide: int = WIDE,
           side: Optional[Side] = Side.DEBIT, tags: Tag = Tag.A | Tag.B,
           floor: Money = ZERO, pair: Pair = Pair(1, -2)) -> str:
    return text


def join(*parts: str, **options: int) -> str:
    return ""
"""


def test_kinds_defaults_and_names(one_module: OneModule) -> None:
    component = one_module.analyze(LEDGER)
    render, join = component.exports[0].functions
    assert [(p.name, p.kind, p.default) for p in render.params] == [
        ("text", "positional_only", None),
        ("sep", "positional_or_keyword", "' '"),
        ("width", "keyword_only", "80"),
        ("wide", "keyword_only", "80 * 2"),
        ("side", "keyword_only", "Side.DEBIT"),
        ("tags", "keyword_only", "Tag.A | Tag.B"),
        ("floor", "keyword_only", "Money(0)"),
        ("pair", "keyword_only", "Pair(1, -2)"),
    ]
    assert render.params[4].annotation == "Optional[Side]"
    assert render.future_annotations
    assert {(n.name, n.module, n.qualname) for n in render.names} == {
        ("Money", "m", "Money"), ("Optional", "typing", "Optional"), ("Pair", "m", "Pair"),
        ("Side", "m", "Side"), ("Tag", "m", "Tag"),
    }  # fmt: skip
    assert [(p.name, p.kind, p.type) for p in join.params] == [
        ("parts", "var_positional", model.ListOf(P("string"), "tuple")),
        ("options", "var_keyword", model.DictOf(P("string"), P("s64"))),
    ]
    text = render_valid(component)
    assert "join: func(parts: list<string>, options: list<tuple<string, s64>>)" in text
    assert (
        "render: func(text: string, sep: string, width: s64, wide: s64, side: option<side>" in text
    )


def test_evaluated_annotations_are_flagged(one_module: OneModule) -> None:
    component = one_module.analyze("def f(x: 'int') -> int: ...\n")
    (f,) = component.exports[0].functions
    assert not f.future_annotations and f.params[0].annotation == "'int'"


def test_every_problem_of_a_parameter_is_reported(one_module: OneModule) -> None:
    found = one_module.problems(
        "from typing import Any\n\ndef f(x: Any = [], y: object = len) -> None: ...\n"
    )
    assert [(p.parameter, p.message.split(":")[0]) for p in found] == [
        ("x", "'Any' is not supported"), ("x", "unsupported default []"),
        ("y", "'object' is not supported"), ("y", "unsupported default len"),
    ]  # fmt: skip


def test_resource_constructors_properties_and_dunders(one_module: OneModule) -> None:
    component = one_module.analyze(
        """
        from collections.abc import Iterator
        from typing import Self


        class Bag:
            def __init__(self, items: list[str]) -> None: ...

            @classmethod
            def from_text(cls, text: str, *, sep: str = ",") -> Self: ...

            @property
            def size(self) -> int: ...

            @size.setter
            def size(self, value: int) -> None: ...

            def __len__(self) -> int: ...
            def __contains__(self, item: str) -> bool: ...
            def __getitem__(self, index: int) -> str: ...
            def __iter__(self) -> Iterator[str]: ...
            def __bool__(self) -> bool: ...
            def __eq__(self, other: object) -> bool: ...
            def __repr__(self) -> str: ...
            def __hash__(self) -> int: ...
        """
    )
    (bag,) = component.exports[0].types
    assert isinstance(bag, model.Resource)
    assert [(m.name, m.kind, m.classmethod) for m in bag.methods] == [
        ("from_text", "static", True), ("size", "getter", False), ("set_size", "setter", False),
        ("__len__", "method", False), ("__contains__", "method", False),
        ("__getitem__", "method", False), ("__iter__", "method", False),
        ("__bool__", "method", False), ("__eq__", "method", False), ("__repr__", "method", False),
    ]  # fmt: skip
    eq = bag.methods[8]
    assert eq.params[0].type == model.Named("Bag") and eq.params[0].annotation == "object"
    text = render_valid(component)
    for line in (
        "from-text: static func(text: string, sep: string) -> result<bag, guest-error>;",
        "size: func() -> result<s64, guest-error>;",
        "set-size: func(value: s64) -> result<_, guest-error>;",
        "len: func() -> result<s64, guest-error>;",
        "iter: func() -> result<list<string>, guest-error>;",
        "eq: func(other: borrow<bag>) -> result<bool, guest-error>;",
    ):
        assert line in text


def test_context_manager_dunders(one_module: OneModule) -> None:
    """``__enter__`` is a method; ``__exit__`` takes the exception as WIT can carry it (its
    class, detail document and traceback text) and keeps the source's annotations."""
    component = one_module.analyze(
        """
        from types import TracebackType
        from typing import Self


        class Session:
            def __init__(self) -> None: ...
            def __enter__(self) -> Self: ...
            def __exit__(
                self,
                kind: type[BaseException] | None,
                error: BaseException | None,
                tb: TracebackType | None,
            ) -> bool | None: ...
        """
    )
    (session,) = component.exports[0].types
    assert isinstance(session, model.Resource)
    enter, exit_ = session.methods
    # none for "returned self": the host gives back the same proxy
    assert (enter.name, enter.result) == ("__enter__", model.OptionOf(model.Named("Session")))
    text = model.OptionOf(model.Primitive("string"))
    assert [(p.name, p.type, p.annotation) for p in exit_.params] == [
        ("kind", text, "type[BaseException] | None"),
        ("error", text, "BaseException | None"),
        ("tb", text, "TracebackType | None"),
    ]
    assert (
        exit_.result == model.OptionOf(model.Primitive("bool")) and exit_.returns == "bool | None"
    )
    assert model.NameRef("TracebackType", "types", "TracebackType") in exit_.names
    wit_text = render_valid(component)
    assert "enter: func() -> result<option<session>, guest-error>;" in wit_text
    assert (
        "exit: func(kind: option<string>, error: option<string>, tb: option<string>) -> "
        "result<option<bool>, guest-error>;"
    ) in wit_text


def test_an_exit_of_another_shape_is_an_error(one_module: OneModule) -> None:
    found = one_module.problems(
        "class Session:\n    def __init__(self) -> None: ...\n\n"
        "    def __exit__(self, *exc: object) -> None: ...\n"
    )
    assert [(p.line, p.message) for p in found] == [
        (4, "Session.__exit__ must take (self, exc_type, exc, tb)")
    ]
    assert found[0].hint == "write def __exit__(self, exc_type, exc, tb) -> None"
