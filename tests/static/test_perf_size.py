"""What makes modules smaller keeps what is needed: the name section keeps the function names
(trap backtraces) and only drops local names; data segments skip zero runs but memory holds
every static byte where codegen put it."""

from __future__ import annotations

import subprocess

import wasmtime

from hatch_pywasm.backends.static.assemble import assemble
from hatch_pywasm.backends.static.codegen.data import DATA_BASE, StaticData
from hatch_pywasm.backends.static.tools import wasm_tools

WAT = """(module
  (memory (export "memory") 1)
  (func $first (export "first") (param $x i32) (result i32) (local $y i32)
    local.get $x
    local.set $y
    local.get $y)
  (func $second (export "second") unreachable)
  (data (i32.const 64) "\\01\\02"))
"""


def test_the_name_section_keeps_function_names_only() -> None:
    core = assemble(WAT)
    text = subprocess.run(
        [wasm_tools(), "print", "-"], input=core, capture_output=True, check=True
    ).stdout.decode()
    assert "$first" in text and "$second" in text
    assert "$x" not in text and "$y" not in text
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    instance = wasmtime.Instance(store, wasmtime.Module(engine, core), [])
    assert instance.exports(store)["first"](store, 7) == 7
    try:
        instance.exports(store)["second"](store)
    except wasmtime.Trap as trap:
        assert "second" in str(trap)  # the backtrace still names the function
    else:
        raise AssertionError("unreachable did not trap")


def test_data_segments_skip_zero_runs_only() -> None:
    data = StaticData()
    hello = data.string("hello")
    zeros = data.allocate(100, 8)
    record = data.error_record("builtins.ValueError", "bad")
    tail = data.str_object("x\x00y")  # a short zero run inside a segment stays in it
    wat = '(module (memory (export "memory") 1)\n' + "\n".join(data.segments()) + ")"
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    instance = wasmtime.Instance(store, wasmtime.Module(engine, wat), [])
    memory = instance.exports(store)["memory"]
    assert isinstance(memory, wasmtime.Memory)
    placed = memory.read(store, DATA_BASE, data.end)
    assert placed == bytes(data.content)
    assert placed[hello[0] - DATA_BASE : hello[0] - DATA_BASE + 5] == b"hello"
    assert placed[zeros - DATA_BASE : zeros - DATA_BASE + 100] == bytes(100)
    assert record > zeros and tail > record
    assert len(data.segments()) >= 2  # the 100 zero bytes are not in any segment
