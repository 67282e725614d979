"""print(): CPython's text of its arguments (str() of each, sep, end, None for the defaults)
written to WASI's standard output, as the componentize-py backend's components write theirs;
compiled vs CPython with hypothesis inputs, output included. A module that prints imports
WASI's stdout only (pywasm-runtime then takes the component path and forwards the output to
sys.stdout); a module that does not print imports nothing (the runtime's fast path)."""

from __future__ import annotations

from pathlib import Path

import pytest
import pywasm_runtime as pr
import wasmtime
from hypothesis import given
from hypothesis import strategies as st
from wasmtime import component as C

from .harness import Compiled

SOURCE = """
from dataclasses import dataclass


@dataclass
class Point:
    x: int
    y: float


def show(n: int, x: float, s: str, flag: bool) -> int:
    print("values:", n, x, s, flag)
    print(n, s, sep=s, end=s + "\\n")
    print()
    print(s, end="")
    print(n, sep=None, end=None)
    print([n, n], (x, s), Point(n, x), sep=", ")
    return n


def countdown(n: int) -> str:
    for i in range(n, 0, -1):
        print(i, end=" " if i > 1 else "\\n")
    return "done"


def failing(n: int) -> int:
    try:
        print("before", n)
        return 10 // n
    finally:
        print("finally", n)


def big(n: int) -> int:
    print("é" * n)
    return n
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("corpus_print"), SOURCE)


@given(
    n=st.integers(-(2**63), 2**63 - 1),
    x=st.floats(),
    s=st.text(st.characters(codec="utf-8"), max_size=6),
    flag=st.booleans(),
    k=st.integers(-1, 12),
)
def test_print_is_cpythons(program: Compiled, n: int, x: float, s: str, flag: bool, k: int) -> None:
    program.check("show", n, x, s, flag)
    program.check("countdown", k)
    program.check("failing", k % 3)  # ZeroDivisionError after both prints, as CPython


@pytest.mark.parametrize("n", [0, 1, 2047, 2048, 2049, 5000])
def test_long_output_in_chunks(program: Compiled, n: int) -> None:
    program.check("big", n)  # 2 bytes a character: beyond 4096 bytes, several writes


def _wasi_imports(wasm: bytes) -> list[str]:
    engine = wasmtime.Engine()
    return sorted(n for n in C.Component(engine, wasm).type.imports(engine) if "wasi:" in n)


def test_only_a_module_that_prints_imports_stdout(program: Compiled, tmp_path: Path) -> None:
    assert _wasi_imports(program.wasm) == [
        "wasi:cli/stdout@0.2.0", "wasi:io/error@0.2.0", "wasi:io/streams@0.2.0"
    ]  # fmt: skip
    quiet = Compiled(tmp_path, "def f(n: int) -> int:\n    return n + 1\n")
    assert _wasi_imports(quiet.wasm) == []


def test_the_runtime_forwards_the_output(
    program: Compiled, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "print.wasm"
    path.write_bytes(program.wasm)
    kern = pr.load(path, spec=program.component).instantiate().interface("kern")
    assert kern.countdown(3) == "done"
    assert capsys.readouterr().out == "3 2 1\n"
