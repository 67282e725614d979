"""The rows the static backend compiles (``tuple[T, ...]``, ``Sequence[T]``, ``Iterator[T]``
parameters), through a component it built, called by pywasm-runtime: at least 1000 hypothesis
values per row come back equal to what the same module run natively returns, and as the
annotation promises (a tuple is a tuple again; floats bit for bit)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
import pywasm_runtime as pr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatch_pywasm.backends import selection, static
from hatch_pywasm.frontend import analyze

SOURCE = """\
from collections.abc import Iterator, Sequence


def kept(values: tuple[int, ...]) -> tuple[int, ...]:
    return values


def scaled(values: Sequence[float], factor: float) -> list[float]:
    return [v * factor for v in values]


def running(values: Iterator[int]) -> list[int]:
    total = 0
    out = []
    for v in values:
        total += v
        out.append(total)
    return out
"""
INTS = st.integers(-(2**40), 2**40)
FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64)


@dataclass(frozen=True)
class Spec:
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


@pytest.fixture(scope="module")
def kernels(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, SimpleNamespace]:
    """(the wasm module's namespace, the native module's functions)."""
    root = tmp_path_factory.mktemp("static-rows")
    (root / "seqkern.py").write_text(SOURCE)
    component = analyze(
        root, Spec("seqrows", ("seqkern",)), namespace="t", package="t", version="1"
    )
    choice = selection.choose("auto", component, root, trial=False)
    assert choice.backend == "static", choice.reason
    wasm = root / "seqrows.wasm"
    wasm.write_bytes(static.compile_component(component, static.read_sources(root, component)))
    native: dict[str, Any] = {}
    exec(compile(SOURCE, "seqkern.py", "exec"), native)  # the same module, run by CPython
    instance = pr.load(wasm, spec=component).instantiate()
    return instance.interface("seqkern"), SimpleNamespace(**native)


EXAMPLES = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_tuple_sequence_and_iterator_round_trip(kernels: tuple[Any, SimpleNamespace]) -> None:
    wasm, native = kernels
    counts = {"kept": 0, "scaled": 0, "running": 0}

    @EXAMPLES
    @given(st.lists(INTS, min_size=10, max_size=30), st.lists(FLOATS, min_size=10, max_size=30),
           FLOATS)  # fmt: skip
    def check(ints: list[int], floats: list[float], factor: float) -> None:
        got = wasm.kept(tuple(ints))
        assert type(got) is tuple and got == native.kept(tuple(ints))
        got_floats = wasm.scaled(floats, factor)
        want = native.scaled(floats, factor)
        assert type(got_floats) is list
        assert [v.hex() for v in got_floats] == [v.hex() for v in want]  # bit for bit
        running = wasm.running(v for v in ints)  # any iterator goes in, as natively
        assert type(running) is list and running == native.running(iter(ints))
        counts["kept"] += len(ints)
        counts["scaled"] += len(floats)
        counts["running"] += len(ints)

    check()
    assert min(counts.values()) >= 1000, counts
