"""The generated guest adapter, run on the host against componentize-py's real generated
bindings (no component build): every row of the type table converts both ways, resources keep
the user's objects, and exceptions leave as ``Err(guest-error)``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import componentize_py

from hatch_pywasm import frontend, wit
from hatch_pywasm.backends.componentize import adapter
from hatch_pywasm.config import read_project_config

ROWS = Path(__file__).parent / "rows"

CALLS = """
from componentize_py_types import Err
import pywasm_adapter
from wit_world.exports import pywasm_export_mod as w
from rows import mod

e = pywasm_adapter.PywasmExportMod()
assert e.mix(w.Color.DARK_GREEN, w.Perm.WRITE) == (w.Color.DARK_GREEN, w.Perm.READ | w.Perm.WRITE)

circle = w.Circle(center=w.Point(x=1.0, y=2.0), radius=3.0)
square = w.Shape_Square(w.Square(side=2.0))
largest = e.largest([w.Shape_Circle(circle), None, square])
assert largest == [("Circle", w.Shape_Circle(circle)), ("Square", square)]

assert e.blob(b"abc") == b"cba"
got = e.by_color([(w.Color.RED, [w.Point(x=1.0, y=0.0), w.Point(x=2.0, y=0.0)])])
assert got == [(w.Color.RED, w.Point(x=1.0, y=0.0)), (w.Color.RED, w.Point(x=2.0, y=0.0))]

counter = pywasm_adapter.Counter(5)
assert isinstance(counter._pywasm_object, mod.Counter)  # the user's own object inside
assert counter.incr(2) == 7 and e.total(counter) == 7
made = e.counters(3)
assert [type(c) for c in made] == [pywasm_adapter.Counter] * 3
assert [e.total(c) for c in made] == [0, 1, 2]
assert e.total(pywasm_adapter.Counter.zero()) == 0

try:
    e.fail("missing")
except Err as err:
    assert err.value.type_name == "builtins.KeyError", err.value
    assert err.value.message == "'missing'"
    # The user's frame is there; the adapter's own frames are not.
    assert "rows/mod.py" in err.value.traceback and "pywasm_adapter" not in err.value.traceback
else:
    raise AssertionError("no Err")
print("ok")
"""


def test_adapter_converts_every_row_on_generated_bindings(tmp_path: Path) -> None:
    project, config = read_project_config(ROWS)
    component = frontend.analyze(
        ROWS,
        config.components[0],
        namespace=config.namespace,
        package=config.package,
        version=project.version,
    )
    (tmp_path / "component.wit").write_text(wit.render(component))
    bindings = tmp_path / "bindings"
    componentize_py.generate_bindings(
        [str(tmp_path / "component.wit")],
        [component.name],
        [],
        False,
        None,
        str(bindings),
        [],
        adapter.export_interface_names(component),
        False,
    )
    generated = tmp_path / "adapter"
    generated.mkdir()
    for name, text in adapter.generate(component).items():
        (generated / name).write_text(text)
    script = f"import sys\nsys.path[:0] = {[str(generated), str(bindings), str(ROWS)]!r}\n"
    done = subprocess.run(
        [sys.executable, "-c", script + textwrap.dedent(CALLS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
