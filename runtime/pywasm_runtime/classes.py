"""The Python classes values are built from.

With a model (our manifest), each named type is the package's own class, imported from its
``Origin`` (the module a record, enum or flag is defined in). When that module cannot be imported
on the host, an equivalent class is made from the model so calls still work.

Without a model, classes come from the component's own structure: a record becomes a frozen
dataclass with its fields, an enum a ``StrEnum`` whose values are the WIT case names, flags a
``frozenset`` of names, a variant a :class:`Case`.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
import keyword
from typing import Any, NamedTuple

from pywasm_runtime import model


class Case(NamedTuple):
    """A variant value of a component without our model: the case's WIT name and its payload."""

    tag: str
    value: Any = None


def python_name(wit: str) -> str:
    """A Python identifier for a WIT name (``dark-green`` -> ``dark_green``)."""
    name = wit.lstrip("%").replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


def resolve(definition: model.TypeDef) -> type:
    """The package's own class for a model definition, or an equivalent made from the model."""
    origin = definition.origin
    try:
        found: Any = importlib.import_module(origin.module)
        for part in origin.qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        return _from_model(definition)
    if not isinstance(found, type):
        raise TypeError(
            f"{origin.module}.{origin.qualname} is a {type(found).__name__}, expected the class "
            f"the manifest describes ({type(definition).__name__} {definition.name})"
        )
    return found


def _from_model(definition: model.TypeDef) -> type:
    if isinstance(definition, model.Record):
        names = [f.name for f in definition.fields]
        if definition.python_kind == "typeddict":
            return dict
        if definition.python_kind == "namedtuple":
            return NamedTuple(definition.name, [(n, Any) for n in names])  # type: ignore[misc]
        return dataclasses.make_dataclass(definition.name, names, frozen=True)
    if isinstance(definition, model.Enum):
        return enum.Enum(definition.name, [c.name for c in definition.cases])
    if isinstance(definition, model.Flags):
        return enum.Flag(definition.name, [c.name for c in definition.members])
    raise TypeError(f"no stand-in class for {type(definition).__name__} {definition.name}")


_generic_records: dict[tuple[str, ...], type] = {}
_generic_enums: dict[tuple[str, ...], type[enum.StrEnum]] = {}


def generic_record(wit_fields: tuple[str, ...]) -> type:
    """One frozen dataclass per field list (WIT records carry no name in wasmtime's types)."""
    found = _generic_records.get(wit_fields)
    if found is None:
        fields = [python_name(f) for f in wit_fields]
        found = dataclasses.make_dataclass("Record", fields, frozen=True)
        _generic_records[wit_fields] = found
    return found


def generic_enum(wit_cases: tuple[str, ...]) -> type[enum.StrEnum]:
    found = _generic_enums.get(wit_cases)
    if found is None:
        found = enum.StrEnum("Enum", [(python_name(c), c) for c in wit_cases])  # type: ignore[assignment]
        _generic_enums[wit_cases] = found
    return found
