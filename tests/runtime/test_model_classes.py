"""The model's classes behave as frozen dataclasses (they share their methods instead of having
them generated per class, for import time): construction, defaults, validation, frozenness,
equality and hash by value, repr, the dataclasses functions, the signature and pickling."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest
from pywasm_runtime import model as m


def test_model_classes_are_frozen_dataclasses() -> None:
    s64 = m.Primitive("s64")
    param = m.Param("x", type=s64)
    function = m.Function("add", (param, param), s64)
    assert dataclasses.is_dataclass(function) and function.kind == "function"  # a default
    assert function == m.Function("add", (param, param), s64) != m.Function("f", (), None)
    assert hash(function) == hash(m.Function(name="add", params=(param, param), result=s64))
    assert repr(param) == (
        "Param(name='x', type=Primitive(name='s64'), default=None, "
        "kind='positional_or_keyword', annotation='')"
    )
    assert dataclasses.replace(function, name="sub").name == "sub"
    assert [f.name for f in dataclasses.fields(m.Field)] == ["name", "type", "doc", "required"]
    assert dataclasses.asdict(m.Named("Point")) == {"name": "Point"}
    assert pickle.loads(pickle.dumps(function)) == function
    assert m.from_data(m.to_data(function)) == function
    with pytest.raises(ValueError, match=r"Named has unknown fields \['other'\]"):
        m.from_data({**m.to_data(m.Named("Point")), "other": 1})
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        function.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del function.name  # type: ignore[misc]
    with pytest.raises(ValueError, match="unknown WIT primitive"):  # __post_init__ runs
        m.Primitive("s65")
    with pytest.raises(TypeError, match="missing"):
        m.Primitive()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword"):
        m.Named(name="a", other=1)  # type: ignore[call-arg]
    assert str(inspect.signature(m.EnumCase)) == "(name: 'str', doc: 'str' = '') -> None"
    assert m.EnumCase.__doc__ == "EnumCase(name: 'str', doc: 'str' = '')"
