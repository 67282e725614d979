"""Values cross the boundary and come back equal, as the source's own types.

Round trip: at least 1000 random values per row of the type table, host -> guest -> host.
Boundary checks: ranges (OverflowError), types (TypeError naming the parameter), and the
accepted stand-ins (int for float, bytearray/memoryview for bytes, tuple for list).
"""

from __future__ import annotations

import functools
import math
import operator
import struct
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import pywasm_runtime as pr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def echo(rtshop_package: Path) -> ModuleType:
    return pr.import_wasm("rtshop.echo")


def _int(bits: int, signed: bool) -> st.SearchStrategy[int]:
    if signed:
        return st.integers(-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
    return st.integers(0, (1 << bits) - 1)


def _models() -> Any:
    import rtshop.models as models

    return models


def _strategies() -> dict[str, st.SearchStrategy[Any]]:
    models = _models()
    text = st.text(max_size=40)
    point = st.builds(models.Point, st.floats(allow_nan=False), st.floats(allow_nan=False))
    style = st.sets(st.sampled_from(list(models.Style))).map(
        lambda members: functools.reduce(operator.or_, members, models.Style(0))
    )
    return {
        "bool": st.booleans(),
        **{f"s{b}": _int(b, True) for b in (8, 16, 32, 64)},
        **{f"u{b}": _int(b, False) for b in (8, 16, 32, 64)},
        "f32": st.floats(width=32, allow_nan=False),
        "f64": st.floats(allow_nan=False),
        "char": st.characters(exclude_categories=["Cs"]),
        "string": text,
        "bytes": st.binary(max_size=64),
        "list": st.lists(_int(64, True), max_size=20),
        "tuple": st.tuples(_int(64, True), text, st.booleans()),
        "option": st.none() | text,
        "dict": st.dictionaries(text, _int(64, True), max_size=10),
        "point": point,
        "color": st.sampled_from(list(models.Color)),
        "style": style,
        "shape": st.builds(models.Circle, st.floats(allow_nan=False))
        | st.builds(models.Square, st.floats(allow_nan=False)),
        "label": st.builds(
            models.Label,
            text,
            st.sampled_from(list(models.Color)),
            st.none() | point,
            style,
            st.lists(text, max_size=5),
        ),
    }


ROWS = [
    "bool", "s8", "s16", "s32", "s64", "u8", "u16", "u32", "u64", "f32", "f64", "char", "string",
    "bytes", "list", "tuple", "option", "dict", "point", "color", "style", "shape", "label",
]  # fmt: skip


SMALL_DOMAINS = {"bool": 2, "s8": 256, "u8": 256, "color": 3, "style": 8}


@pytest.mark.parametrize("row", ROWS)
def test_round_trip(echo: ModuleType, row: str) -> None:
    identity = getattr(echo, f"echo_{row}")
    seen: list[int] = []

    @EXAMPLES
    @given(_strategies()[row])
    def round_trip(value: Any) -> None:
        seen.append(1)
        back = identity(value)
        assert back == value
        assert type(back) is type(value)

    round_trip()
    # hypothesis stops early once it has tried every value of a small domain
    assert len(seen) >= SMALL_DOMAINS.get(row, 1000)


def test_nan_travels(echo: ModuleType) -> None:
    assert math.isnan(echo.echo_f64(math.nan))
    assert math.isnan(echo.echo_f32(math.nan))


def test_f32_rounds_like_f32(echo: ModuleType) -> None:
    (expected,) = struct.unpack("f", struct.pack("f", 0.1))
    assert echo.echo_f32(0.1) == expected


@pytest.mark.parametrize(
    ("row", "bad"),
    [("s8", 128), ("s8", -129), ("u8", -1), ("u8", 256), ("s32", 1 << 31), ("u32", 1 << 32),
     ("s64", 1 << 63), ("u64", -1), ("u64", 1 << 64), ("f32", 1e39)],
)  # fmt: skip
def test_out_of_range_raises_overflow(echo: ModuleType, row: str, bad: Any) -> None:
    with pytest.raises(OverflowError, match=r"argument 'v'.*out of range"):
        getattr(echo, f"echo_{row}")(bad)


@pytest.mark.parametrize(
    ("row", "bad", "expected"),
    [
        ("s64", "1", "expected int, got str"),
        ("s64", 1.5, "expected int, got float"),
        ("f64", "1.0", "expected float, got str"),
        ("bool", 1, "expected bool, got int"),
        ("string", b"x", "expected str, got bytes"),
        ("char", "ab", "1-character str"),
        ("bytes", "abc", "expected bytes, got str"),
        ("list", "12", "expected a list or other iterable, got str"),
        ("list", {1: 2}, "expected a list or other iterable, got dict"),
        ("tuple", (1, "a"), "tuple of 3"),
        ("dict", [("a", 1)], "expected dict, got list"),
        ("point", 3, "expected Point, got int"),
        ("color", "RED", "expected Color"),
        ("style", 1, "expected Style"),
        ("shape", object(), "expected Circle | Square, got object"),
    ],
)
def test_wrong_type_names_the_parameter(
    echo: ModuleType, row: str, bad: Any, expected: str
) -> None:
    with pytest.raises(TypeError, match=rf"echo_{row}\(\) argument 'v': .*{expected}"):
        getattr(echo, f"echo_{row}")(bad)


def test_nested_field_errors_name_the_field(echo: ModuleType) -> None:
    models = _models()
    label = models.Label("x", models.Color.RED, None, models.Style(0), ["ok", 3])
    with pytest.raises(TypeError, match="field 'tags': expected str, got int"):
        echo.echo_label(label)


def test_lone_surrogate_is_refused_before_the_call(echo: ModuleType) -> None:
    before = echo.__wasm_instance__._generation
    with pytest.raises(ValueError, match=r"argument 'v': a lone surrogate at index 1"):
        echo.echo_string("a\ud800")
    assert echo.__wasm_instance__._generation == before  # not a trap: the instance is kept


def test_large_bytes_round_trip(echo: ModuleType) -> None:
    # bytes cross through rawcall's slice-copy path: every byte value at every position
    data = bytes(range(256)) * 4096 + b"\x00\xff\x7f"
    assert echo.echo_bytes(data) == data
    assert echo.echo_bytes(b"") == b""


def test_lenient_inputs(echo: ModuleType) -> None:
    assert echo.echo_f64(3) == 3.0 and type(echo.echo_f64(3)) is float
    assert echo.echo_bytes(bytearray(b"ab")) == b"ab"
    assert echo.echo_bytes(memoryview(b"cd")) == b"cd"
    assert echo.echo_list((1, 2)) == [1, 2]
    # any iterable a native list parameter would iterate: generators, sets, dict views
    assert echo.echo_list(i for i in (3, 4)) == [3, 4]
    assert echo.echo_list({5}) == [5] and echo.echo_list({6: "x"}.keys()) == [6]
    assert echo.echo_tuple([1, "a", True]) == (1, "a", True)


def test_wrong_arity_and_keywords(echo: ModuleType) -> None:
    assert echo.add(b=2, a=1) == 3
    # the messages of a native call
    too_many = r"^add\(\) takes from 1 to 2 positional arguments but 3 were given$"
    with pytest.raises(TypeError, match=too_many):
        echo.add(1, 2, 3)
    with pytest.raises(TypeError, match=r"^add\(\) got an unexpected keyword argument 'c'$"):
        echo.add(1, c=2)


def test_generic_decoding_without_manifest(rtshop_wasm: Path) -> None:
    """Without our model: records as attribute objects, enums as str-valued enums, flags as
    frozensets of names, variants as Case(tag, value), dicts stay lists of pairs."""
    instance = pr.load(rtshop_wasm).instantiate(imports={"host": {"suffix": lambda n: "!" * n}})
    echo = instance.echo
    point = echo.echo_point({"x": 1, "y": 2})
    assert (point.x, point.y) == (1.0, 2.0)
    assert echo.echo_point(point) == point
    color = echo.echo_color("dark-green")
    assert color == "dark-green" and type(color).__name__ == "Enum"
    assert echo.echo_style({"bold", "italic"}) == frozenset({"bold", "italic"})
    shape = echo.echo_shape(pr.Case("square", {"side": 2}))
    assert shape.tag == "square" and shape.value.side == 2.0
    assert echo.echo_shape({"circle": {"radius": 1}}).tag == "circle"
    assert echo.echo_dict([("a", 1)]) == [("a", 1)]
    with pytest.raises(TypeError, match="expected one of"):
        echo.echo_color("purple")
    assert instance.faults.shout("hey") == "HEY!!!"
