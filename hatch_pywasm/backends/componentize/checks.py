"""Result checks of the guest adapter: a value a user function returns must fit the declared
type before componentize-py lowers it (a value that does not, ``2**63`` for an ``int`` or a
lone surrogate in a ``str``, panics inside componentize-py's runtime: a trap that resets the
instance). The check raises ``TypeError`` (``OverflowError`` for an int out of range) naming
the function, the declared type and the value's type, which ``guard`` carries out as a result
error like any other exception.

A check is a plain tuple spec (``pywasm_guest.check_spec`` reads it), written here as Python
source from the model, with the user's classes as names the adapter binds at build time.
"""

from __future__ import annotations

from collections.abc import Callable

from pywasm_runtime import model
from pywasm_runtime.annotations import annotation

#: WIT integer types: (low, high) inclusive.
_INT_RANGES = {
    "s8": (-(2**7), 2**7 - 1),
    "s16": (-(2**15), 2**15 - 1),
    "s32": (-(2**31), 2**31 - 1),
    "s64": (-(2**63), 2**63 - 1),
    "u8": (0, 2**8 - 1),
    "u16": (0, 2**16 - 1),
    "u32": (0, 2**32 - 1),
    "u64": (0, 2**64 - 1),
}


def spec(
    t: model.TypeExpr, defs: dict[str, model.TypeDef], user_class: Callable[[model.TypeDef], str]
) -> str:
    """Python source of the check spec of ``t``; ``user_class`` names a definition's class."""
    match t:
        case model.Primitive(name) if name in _INT_RANGES:
            low, high = _INT_RANGES[name]
            return f"('int', {name!r}, {low}, {high})"
        case model.Primitive("f32" | "f64"):
            return "('float',)"
        case model.Primitive("bool"):
            return "('bool',)"
        case model.Primitive("string"):
            return "('str',)"
        case model.Primitive("char"):
            return "('char',)"
        case model.Bytes():
            return "('bytes',)"
        case model.ListOf(element, python_kind="tuple"):
            return f"('sequence', 'tuple', {spec(element, defs, user_class)})"
        case model.ListOf(element) | model.SetOf(element):
            # ``Sequence[T]``, ``Iterable[T]``, ``Iterator[T]`` and sets are lists in the model
            # too: any iterable fits; the items are checked when it is a list, tuple or set.
            return f"('sequence', 'iterable', {spec(element, defs, user_class)})"
        case model.OptionOf(inner):
            return f"('option', {spec(inner, defs, user_class)})"
        case model.TupleOf(elements):
            inner = "".join(f"{spec(e, defs, user_class)}, " for e in elements)
            return f"('tuple', ({inner}))"
        case model.DictOf(key, value):
            return f"('dict', {spec(key, defs, user_class)}, {spec(value, defs, user_class)})"
        case model.Named(name) if name in defs:
            return _named(defs[name], defs, user_class)
    return "('any',)"  # a kind this check does not know: left to the converters


def _named(
    definition: model.TypeDef,
    defs: dict[str, model.TypeDef],
    user_class: Callable[[model.TypeDef], str],
) -> str:
    match definition:
        case model.Record(python_kind="typeddict"):
            return "('any',)"  # a plain dict at run time: left to the converters
        case model.Record(fields=fields):
            inner = "".join(f"({f.name!r}, {spec(f.type, defs, user_class)}), " for f in fields)
            return f"('instance', {user_class(definition)}, ({inner}))"
        case model.Variant(cases=cases):
            payloads = "".join(f"{_named(defs[c.payload.name], defs, user_class)}, " for c in cases)
            return f"('variant', {definition.name!r}, ({payloads}))"
        case model.Enum() | model.Flags() | model.Resource():
            return f"('instance', {user_class(definition)}, ())"
        case model.LiteralEnum(values=values):
            return f"('literal', {values!r})"
    return "('any',)"


def declared(t: model.TypeExpr, defs: dict[str, model.TypeDef]) -> str:
    """The declared type as the source spells it (for messages)."""
    return annotation(t, defs)
