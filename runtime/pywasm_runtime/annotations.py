"""Model types back to Python annotation text: the inverse of the plugin's frontend, for
manifests older than ``Param.annotation`` (which keeps the source's own text) and messages.

``annotation(ListOf(Primitive("u8")), defs)`` is ``'list[Annotated[int, "u8"]]'``: the same
spelling a source author would write, so a host can rebuild ``inspect.signature`` of a wasm
function, and tests can check that source -> model -> text is the identity.
"""

from __future__ import annotations

from pywasm_runtime import model


def annotation(expr: model.TypeExpr | None, defs: dict[str, model.TypeDef]) -> str:
    """The Python annotation for a model type (``None`` for a missing result).

    ``defs`` are the component's definitions (``Component.type_defs()``): a variant whose name
    was derived from its members (``CircleOrSquare``) is spelled as the union it came from."""
    if expr is None:
        return "None"
    if isinstance(expr, model.Primitive):
        python = model.PRIMITIVES[expr.name]
        if model.DEFAULT_PRIMITIVE[python] == expr.name:
            return python
        return f'Annotated[{python}, "{expr.name}"]'
    if isinstance(expr, model.Bytes):
        return expr.python_kind
    if isinstance(expr, model.ListOf):
        element = annotation(expr.element, defs)
        if expr.python_kind == "tuple":
            return f"tuple[{element}, ...]"
        return f"Iterator[{element}]" if expr.python_kind == "iterator" else f"list[{element}]"
    if isinstance(expr, model.SetOf):
        return f"{'frozenset' if expr.frozen else 'set'}[{annotation(expr.element, defs)}]"
    if isinstance(expr, model.Stdlib):
        return expr.name
    if isinstance(expr, model.TupleOf):
        return f"tuple[{', '.join(annotation(e, defs) for e in expr.elements)}]"
    if isinstance(expr, model.DictOf):
        return f"dict[{annotation(expr.key, defs)}, {annotation(expr.value, defs)}]"
    if isinstance(expr, model.OptionOf):
        return f"{annotation(expr.inner, defs)} | None"
    definition = defs.get(expr.name)
    if isinstance(definition, model.Variant) and is_derived_variant(definition):
        return " | ".join(case.name for case in definition.cases)
    if isinstance(definition, model.LiteralEnum) and definition.origin.qualname != expr.name:
        return f"Literal[{', '.join(repr(v) for v in definition.values)}]"
    return expr.name


def is_derived_variant(variant: model.Variant) -> bool:
    """Whether the variant is an unnamed union (``A | B``) rather than an alias (``Shape``)."""
    return variant.name == "Or".join(case.name for case in variant.cases)


def signature(function: model.Function, defs: dict[str, model.TypeDef]) -> str:
    """``(a: int, b: str = 'x') -> None``: the function's signature as source text."""
    params = ", ".join(
        f"{p.name}: {annotation(p.type, defs)}"
        + (f" = {p.default}" if p.default is not None else "")
        for p in function.params
    )
    return f"({params}) -> {annotation(function.result, defs)}"
