"""The transform passes (hatch_pywasm/backends/static/transform/): the IR of a few representative
functions as lowered and after each pass, byte for byte against golden files in
tests/static/golden/. ``UPDATE_GOLDEN=1 pytest tests/static/test_transform.py`` rewrites them
(read the diff: it is the passes' behaviour)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from hatch_pywasm.backends import static
from hatch_pywasm.backends.static import ir, transform

from .harness import analyze

GOLDEN = Path(__file__).parent / "golden"

SOURCE = textwrap.dedent(
    """\
    def matrix_entry(i: int, j: int) -> float:
        return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


    def row_sum(u: list[float], i: int, n: int) -> float:
        total = 0.0
        for j in range(n):
            total += matrix_entry(i, j) * u[j]
        return total


    def sieve(limit: int) -> int:
        flags: list[bool] = []
        for _ in range(limit + 1):
            flags.append(True)
        count = 0
        for i in range(2, limit + 1):
            if flags[i]:
                count += 1
                j = i * i
                while j <= limit:
                    flags[j] = False
                    j += i
        return count


    def fib(n: int) -> int:
        if n < 2:
            return n
        return fib(n - 1) + fib(n - 2)


    def churn(n: int) -> int:
        total = 0
        for i in range(n):
            s = f"{i:0100d}"
            total += len(s)
        return total


    def neighbours(xs: list[int]) -> int:
        total = 0
        for i in range(1, len(xs)):
            total += xs[i] - xs[i - 1]
        return total


    def horner(x: float) -> float:
        total = 0.0
        for _ in range(8):
            total = total * x + 0.5
        return total


    def blend(x: float) -> float:
        return horner(x) * horner(-x)
    """
)
FUNCTIONS = ("row_sum", "sieve", "fib", "churn", "neighbours", "blend")


@pytest.fixture(scope="module")
def lowered(tmp_path_factory: pytest.TempPathFactory) -> ir.Module:
    component = analyze(tmp_path_factory.mktemp("passes_transform"), "kern", SOURCE)
    (module, *_) = static.lower_component(component, {"kern": SOURCE})
    return module


def stages_text(module: ir.Module, function: str) -> str:
    """``function`` as lowered, then after each pass that changed it."""
    parts, previous = [], ""
    for name, stage in transform.stages(module):
        text = ir.format_function(next(f for f in stage.functions if f.name == function))
        parts.append(f"# {name}\n{text if text != previous else '(unchanged)'}\n")
        previous = text
    return "\n".join(parts)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_passes_match_golden(lowered: ir.Module, function: str) -> None:
    text = stages_text(lowered, function)
    path = GOLDEN / f"transform_{function}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path.name} differs (UPDATE_GOLDEN=1 rewrites)"


def test_passes_return_plain_data(lowered: ir.Module) -> None:
    """Each pass leaves its input alone (frozen data in, new data out) and is deterministic."""
    before = ir.format_ir(lowered)
    assert transform.pipeline(lowered) == transform.pipeline(lowered)
    assert ir.format_ir(lowered) == before
