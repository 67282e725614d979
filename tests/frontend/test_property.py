"""Random annotated signatures from the whole type table: each analyses to the model type it was
written from, renders to WIT the real parser accepts, and maps back to the same annotation."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pywasm_runtime import model
from pywasm_runtime.annotations import annotation, signature

from .conftest import analyze, render_valid, write

PRELUDE = """\
from __future__ import annotations
import enum
import typing
from dataclasses import dataclass
from typing import Annotated, NamedTuple, Optional


@dataclass
class Rec:
    a: int


@dataclass
class Other:
    b: list[str]


class Pt(NamedTuple):
    x: float
    y: float


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Perm(enum.Flag):
    READ = 1
    WRITE = 2


class Counter:
    def __init__(self, start: int) -> None: ...

    def get(self) -> int: ...


Shape = Rec | Other
"""
NAMED = ["Rec", "Other", "Pt", "Color", "Perm", "Counter", "Shape", "RecOrOther"]
IMPORT_NAMED = ["Rec", "Other", "Pt", "Color", "Perm", "Shape", "RecOrOther"]  # no resources
HOST_PRELUDE = """\
from __future__ import annotations
import typing
from typing import Annotated, Optional

from m import Color, Other, Perm, Pt, Rec, Shape
"""

primitives = st.sampled_from(sorted(model.PRIMITIVES)).map(model.Primitive)
leaves = st.one_of(primitives, st.just(model.Bytes()), st.sampled_from(NAMED).map(model.Named))


def _not_option(t: model.TypeExpr) -> bool:
    return not isinstance(t, model.OptionOf)  # Optional[Optional[T]] is Optional[T] in Python


types = st.recursive(
    leaves,
    lambda inner: st.one_of(
        inner.map(model.ListOf),
        st.lists(inner, min_size=1, max_size=3).map(lambda ts: model.TupleOf(tuple(ts))),
        inner.filter(_not_option).map(model.OptionOf),
        st.tuples(primitives, inner).map(lambda kv: model.DictOf(*kv)),
    ),
    max_leaves=5,
)


@st.composite
def spelled(draw: st.DrawFn, expr: model.TypeExpr) -> str:
    """One of the equivalent ways to write ``expr`` in Python."""
    if isinstance(expr, model.ListOf):
        return draw(st.sampled_from(["list[{}]", "typing.List[{}]"])).format(
            draw(spelled(expr.element))
        )
    if isinstance(expr, model.TupleOf):
        head = draw(st.sampled_from(["tuple", "typing.Tuple"]))
        return f"{head}[{', '.join(draw(spelled(e)) for e in expr.elements)}]"
    if isinstance(expr, model.DictOf):
        head = draw(st.sampled_from(["dict", "typing.Dict"]))
        return f"{head}[{draw(spelled(expr.key))}, {draw(spelled(expr.value))}]"
    if isinstance(expr, model.OptionOf):
        form = draw(st.sampled_from(["{} | None", "Optional[{}]", "typing.Union[{}, None]"]))
        return form.format(draw(spelled(expr.inner)))
    text = annotation(expr, {})
    if isinstance(expr, model.Named) and expr.name == "RecOrOther":
        text = draw(st.sampled_from(["Rec | Other", "typing.Union[Rec, Other]"]))
    return f"({text})" if "|" in text and not text.startswith("typing") else text


@st.composite
def signatures(draw: st.DrawFn, names: list[str]) -> tuple[str, list[model.TypeExpr]]:
    """Source of one function ``f{n}`` and the model types of its parameters and result."""
    allowed = types.filter(lambda t: _named_in(t) <= set(names))
    params = draw(st.lists(allowed, max_size=3))
    result = draw(st.one_of(st.none(), allowed))
    spelled_params = [draw(spelled(p)) for p in params]
    spelled_result = "None" if result is None else draw(spelled(result))
    text = ", ".join(f"p{i}: {s}" for i, s in enumerate(spelled_params))
    return f"({text}) -> {spelled_result}", [*params, result]


def _named_in(expr: model.TypeExpr) -> set[str]:
    if isinstance(expr, model.Named):
        return {expr.name}
    children = {
        model.ListOf: lambda e: [e.element],
        model.OptionOf: lambda e: [e.inner],
        model.TupleOf: lambda e: list(e.elements),
        model.DictOf: lambda e: [e.key, e.value],
    }.get(type(expr), lambda e: [])(expr)
    return set().union(*(_named_in(c) for c in children))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # each example runs wasm-tools once
@given(
    exported=st.lists(signatures(NAMED), min_size=1, max_size=4),
    imported=st.lists(signatures(IMPORT_NAMED), max_size=2),
)
def test_random_signatures_round_trip(
    exported: list[tuple[str, list[model.TypeExpr]]],
    imported: list[tuple[str, list[model.TypeExpr]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        body = "".join(f"\n\ndef f{i}{sig}: ...\n" for i, (sig, _) in enumerate(exported))
        host = "".join(f"\n\ndef g{i}{sig}: ...\n" for i, (sig, _) in enumerate(imported))
        write(root, {"m.py": PRELUDE + body, "h.py": HOST_PRELUDE + host})
        component = analyze(root, ("m",), ("h",))
        render_valid(component)
    defs = component.type_defs()
    for interface, written in ((component.exports[0], exported), (component.imports[0], imported)):
        assert len(interface.functions) == len(written)
        for function, (source, expected) in zip(interface.functions, written, strict=True):
            assert [p.type for p in function.params] + [function.result] == expected
            canonical = [annotation(t, defs) for t in expected]
            assert signature(function, defs) == "({}) -> {}".format(
                ", ".join(f"p{i}: {a}" for i, a in enumerate(canonical[:-1])), canonical[-1]
            ), source
    assert model.from_data(model.to_data(component)) == component
