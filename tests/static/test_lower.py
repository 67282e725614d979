"""The typed IR as text, and every kind of source the subset rejects, with file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hatch_pywasm.backends import static
from hatch_pywasm.backends.static.ir import format_ir

from .harness import analyze


def lower(root: Path, source: str) -> str:
    source = textwrap.dedent(source)
    component = analyze(root, "kern", source)
    return format_ir(static.lower_component(component, {"kern": source})[0])


def rejection(root: Path, source: str) -> str:
    source = textwrap.dedent(source)
    component = analyze(root, "kern", source)
    errors = static.check_subset(component, {"kern": source})
    assert len(errors) == 1
    return str(errors[0])


def test_ir_spells_out_types_conversions_and_checks(tmp_path: Path) -> None:
    ir_text = lower(
        tmp_path,
        """
        def _scale(x: float) -> float:
            return x * 2.0

        def kernel(n: int, flag: bool) -> float:
            total = 0.0
            for i in range(1, n):
                if 0 < i <= 10 and flag:
                    total += _scale(i) / n
            return total
        """,
    )
    assert ir_text == textwrap.dedent(
        """\
        def kernel(n: int, flag: bool) -> float:
            # locals: total: float, i: int, %t0: int
            total = 0.0
            for i in range(1, n, 1):
                if ((int.lt(0, (%t0 := i)) and int.le(%t0, 10)) and flag):
                    total = float.add(total, float.div(_scale@x=int(i), int.to_float(n)))
            return total

        def _scale@x=int(x: int) -> float:
            return float.mul(int.to_float(x), 2.0)
        """
    )


def test_module_constants_are_inlined(tmp_path: Path) -> None:
    ir_text = lower(
        tmp_path,
        """
        SCALE = -2.5
        STEPS: int = 3

        def f(a: int) -> float:
            return a * SCALE + STEPS
        """,
    )
    assert "return float.add(float.mul(int.to_float(a), -2.5), int.to_float(3))" in ir_text


def test_only_functions_reached_from_exports_are_lowered(tmp_path: Path) -> None:
    ir_text = lower(
        tmp_path,
        """
        def _unused(s: str) -> str:
            return s.upper()

        def f(a: int) -> int:
            return -a
        """,
    )
    assert "_unused" not in ir_text
    assert "int.neg(a)" in ir_text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            """
            def f(a: int) -> int:
                x = 1
                x = 2.5
                return x
            """,
            "kern.py:4: 'x' would change type from int to float (a variable keeps one type)",
        ),
        (
            """
            def f(a: int) -> float:
                x = a
                x /= 2
                return x
            """,
            "kern.py:4: 'x' would change type from int to float",
        ),
        (
            """
            def f(a: int) -> int:
                if a > 0:
                    y = 1
                return y
            """,
            "kern.py:5: 'y' may be used before it is assigned on some path",
        ),
        (
            """
            def f(a: int) -> int:
                if a > 0:
                    return 1
            """,
            "kern.py:3: f can reach its end without returning int",
        ),
        (
            """
            def f(a: int) -> int:
                total = 0

                def add(k: int) -> None:
                    nonlocal total
                    total += k

                add(a)
                return total
            """,
            "kern.py:5: the local function 'add': a nested def decorated, or with nonlocal,"
            " global, yield or a def inside",
        ),
        (
            """
            def f(a: int) -> int:
                return abs(a) + g(a)
            """,
            "kern.py:3: calling g, which the module does not define, after other work (CPython "
            "raises NameError there) is outside the compiled subset",
        ),
        (
            """
            def f(a: int) -> bool:
                return a and True
            """,
            "kern.py:3: the operands of 'and' have different types (bool and int)",
        ),
        (
            """
            def f(a: int) -> int:
                raise KeyError(f"bad {a}")
            """,
            "kern.py:3: an exception message that is not a string literal is outside the "
            "compiled subset",
        ),
        (
            """
            def f(xs: list[dict[str, int]]) -> int:
                return 1
            """,
            "kern.py:2: f: a dict or set inside a parameter or result is outside the subset",
        ),
        (
            """
            def f(a: int) -> int:
                return a + 99999999999999999999
            """,
            "kern.py:3: the integer 99999999999999999999 does not fit in 64 bits",
        ),
        (
            """
            def f(a: int) -> int:
                return _helper(a)

            def _helper(a) -> int:
                return a
            """,
            "kern.py:5: _helper: every parameter and the result need a type annotation",
        ),
        (
            """
            LIMIT = 10
            LIMIT = 20

            def f(a: int) -> int:
                return a + LIMIT
            """,
            "kern.py:3: the constant LIMIT is rebound",
        ),
        (
            """
            def f(
                a: tuple[int, int, int, int, int, int, int, int, int], b: tuple[str, str, str, str]
            ) -> int:
                return 1
            """,
            "kern.py:2: f: more than 16 flat parameters is outside the subset",
        ),
        (
            """
            def f(xs: list[int], ys: list[int]) -> bool:
                return xs < ys
            """,
            "kern.py:3: ordering a list[int] and a list[int] (only == and !=) is outside the "
            "compiled subset",
        ),
        (
            """
            def f(xs: list[int], ys: list[float]) -> bool:
                return xs == ys
            """,
            "kern.py:3: comparing a list[int] with a list[float] (== needs two values of one type)",
        ),
        (
            """
            def f(a: tuple[int, int], b: tuple[int, int, int]) -> bool:
                return a != b
            """,
            "kern.py:3: comparing a tuple[int, int] with a tuple[int, int, int] (== needs the "
            "same shape)",
        ),
        (
            """
            def f(xs: list[int]) -> int:
                return sum(xs, 10)
            """,
            "kern.py:3: sum() of anything but one list (no start value) is outside the compiled "
            "subset",
        ),
        (
            """
            def f(xs: list[str]) -> int:
                return sum(xs)
            """,
            "kern.py:3: sum() of a list[str] (CPython refuses to add str with sum())",
        ),
        (
            """
            def f(xs: list[bool]) -> bool:
                return 1 in xs
            """,
            "kern.py:3: the value looked for in a list[bool] is int, expected bool",
        ),
        (
            """
            def f(x: int) -> int:
                return max(x)
            """,
            "kern.py:3: max() of one argument that is not a list is outside the compiled subset",
        ),
        (
            """
            def f(xs: list[int]) -> list[int]:
                return xs[1.5:]
            """,
            "kern.py:3: a slice start is float, expected int",
        ),
        (
            """
            def f(x: float) -> float:
                return round(x, 2.0)
            """,
            "kern.py:3: round() ndigits is a float, expected int",
        ),
        (
            """
            def f(t: tuple[int, str]) -> int:
                n = 0
                for x in t:
                    n += 1
                return n
            """,
            "kern.py:4: iterating over a tuple[int, str] (items of different types) is outside "
            "the compiled subset",
        ),
        (
            """
            def f(t: tuple[int, str], i: int) -> int:
                return t[i]
            """,
            "kern.py:3: indexing at run time a tuple[int, str] (items of different types) is "
            "outside the compiled subset",
        ),
        (
            """
            def f(t: tuple[int, int], i: int) -> tuple[int, int]:
                return t[i:]
            """,
            "kern.py:3: a tuple slice whose bounds are not int constants is outside the compiled "
            "subset",
        ),
        (
            """
            def f(t: tuple[int, str]) -> int:
                return t[2]
            """,
            "kern.py:3: tuple index 2 out of range for a tuple[int, str]",
        ),
        (
            """
            from dataclasses import dataclass

            @dataclass
            class Grid:
                rows: list[dict[str, int]]

            def f(g: Grid) -> int:
                return 1
            """,
            "kern.py:8: f: a dict or set inside a parameter or result is outside the subset",
        ),
        (
            """
            def f(xs: list[int]) -> int:
                t = (xs, (1, 2))
                return 1
            """,
            "kern.py:3: a tuple holding a tuple[int, int] is outside the compiled subset",
        ),
        (
            """
            def f(ps: list[tuple[int, int]]) -> tuple[int, int]:
                return min(ps)
            """,
            "kern.py:3: min() of a list[tuple[int, int]] is outside the compiled subset",
        ),
        (
            """
            def f(ps: list[tuple[int, int]], qs: list[tuple[int, int]]) -> bool:
                return ps == qs
            """,
            "kern.py:3: == of a list[tuple[int, int]] is outside the compiled subset",
        ),
        (
            """
            def f(ps: list[tuple[int, int]]) -> bool:
                return (1, 2) in ps
            """,
            "kern.py:3: 'in' over a list[tuple[int, int]] is outside the compiled subset",
        ),
        (
            """
            def f(n: int) -> int:
                grid: list[set[bytes]] = []
                return n
            """,
            "kern.py:3: the annotation 'list[set[bytes]]' is outside the compiled subset",
        ),
        (
            """
            def f(xs: list[int]) -> int:
                n = 0
                for i, x in zip(xs):
                    n += x
                return n
            """,
            "kern.py:4: this form of 'for ... in zip(...)' is outside the compiled subset",
        ),
        (
            """
            def f(t: tuple[int, int]) -> int:
                n = 0
                for i, x in enumerate(t):
                    n += x
                return n
            """,
            "kern.py:4: iterating or indexing a tuple[int, int] is outside the compiled subset",
        ),
        (
            """
            def f(xs: list[list[int]]) -> list[int]:
                return [a for a, *b in xs]
            """,
            "kern.py:3: the expression '[a for a, *b in xs]' is outside the compiled subset",
        ),
        (
            """
            def f(n: int) -> list[int]:
                return [{i: None} for i in range(n)]
            """,
            "kern.py:3: a dict[int, None] is outside the compiled subset",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, source).startswith(expected)
