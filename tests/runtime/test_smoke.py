"""End to end through import_wasm: the package's own types in, the package's own types out."""

from __future__ import annotations

import inspect
from pathlib import Path

import pywasm_runtime as pr


def test_import_wasm_uses_package_types(rtshop_package: Path) -> None:
    from rtshop.models import Circle, Color, Label, Point, Style

    echo = pr.import_wasm("rtshop.echo")
    label = Label("hi", Color.DARK_GREEN, Point(1.0, 2.0), Style.BOLD | Style.UNDERLINE, ["a"])
    assert echo.echo_label(label) == label
    assert type(echo.echo_point(Point(1, 2))) is Point
    assert echo.echo_shape(Circle(2.0)) == Circle(2.0)
    assert echo.add(2, 3) == 5
    assert echo.add(2) == 2  # the model's default
    # annotations as source text: what inspect shows for `from __future__ import annotations`
    assert str(inspect.signature(echo.add)) == "(a: 'int', b: 'int' = 0) -> 'int'"
    assert str(inspect.signature(echo.echo_u8)) == (
        """(v: 'Annotated[int, "u8"]') -> 'Annotated[int, "u8"]'"""
    )
    assert str(inspect.signature(echo.echo_label)) == "(v: 'Label') -> 'Label'"
    assert str(inspect.signature(echo.nothing)) == "() -> 'None'"
    counters = pr.import_wasm("rtshop.counters")
    assert str(inspect.signature(counters.Counter)) == "(start: 'int') -> 'None'"
    assert str(inspect.signature(counters.Counter.increment)) == "(self, by: 'int' = 1) -> 'int'"
