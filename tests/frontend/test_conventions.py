"""The WIT conventions the frontend emits, run for real: componentize-py 0.25 builds a component
from generated WIT (and a hand-written guest), wasmtime-py 50 calls it.

Checks the decisions recorded in ``model.Resource``: a fallible constructor
(``constructor(...) -> result<r, guest-error>``) and resource parameters as ``borrow<r>``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import wasmtime
from wasmtime import component as wc

from hatch_pywasm import wit

from .conftest import analyze, write

GUEST = Path(__file__).parent / "guest"
SOURCE = """
class Counter:
    def __init__(self, start: int) -> None: ...
    def get(self) -> int: ...
    def merge(self, other: "Counter") -> "Counter": ...


def total(a: Counter, b: Counter) -> int: ...
"""


@pytest.mark.slow
def test_fallible_constructor_and_borrowed_resources(tmp_path: Path) -> None:
    component = analyze(write(tmp_path / "project", {"counters.py": SOURCE}), ("counters",))
    (tmp_path / "wit").mkdir()
    (tmp_path / "wit" / "demo.wit").write_text(wit.render(component))
    wasm = tmp_path / "demo.wasm"
    subprocess.run(
        [str(Path(sys.executable).with_name("componentize-py")), "-d", str(tmp_path / "wit"),
         "-w", "demo", "componentize", "app", "-p", str(GUEST), "-o", str(wasm)],
        check=True, capture_output=True,
    )  # fmt: skip
    engine = wasmtime.Engine()
    loaded = wc.Component.from_file(engine, str(wasm))
    linker = wc.Linker(engine)
    linker.add_wasip2()
    store = wasmtime.Store(engine)
    store.set_wasi(wasmtime.WasiConfig())
    instance = linker.instantiate(store, loaded)
    interface = loaded.get_export_index(component.qualified(component.exports[0]))
    assert interface is not None

    def func(name: str) -> wc.Func:
        index = loaded.get_export_index(name, interface)
        assert index is not None
        found = instance.get_func(store, index)
        assert found is not None
        return found

    a = func("[constructor]counter")(store, 2)
    b = func("[constructor]counter")(store, 5)
    assert isinstance(a, wc.ResourceAny)
    assert func("total")(store, a, b) == 7
    merged = func("[method]counter.merge")(store, a, b)
    assert func("[method]counter.get")(store, merged) == 7
    # borrowed, not consumed: both handles still work
    assert [func("[method]counter.get")(store, h) for h in (a, b)] == [2, 5]
    failed = func("[constructor]counter")(store, -1)
    assert isinstance(failed, wc.Record)
    assert (getattr(failed, "type-name"), failed.message) == (
        "builtins.ValueError",
        "negative start",
    )
    assert func("[method]counter.get")(store, a) == 2  # the instance survived the error
