"""A static component's resources in Node through jco's glue: the classes the static backend
exports (tests/static/test_resources.py's library) are JS classes there as for any component:
``new``, methods, static methods, a resource passed as a borrow, results that are new
objects, and a guest exception as jco's ComponentError carrying the guest-error record. The
answers are those of the same module run by CPython."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatch_pywasm import frontend
from hatch_pywasm.backends import static
from hatch_pywasm.js import NODE20_FLAG, jco

from .conftest import JCO

MODULE = "resources_jslib"
LIBRARY_TEST = Path(__file__).parents[1] / "static" / "test_resources.py"

RUN = """
import { INTERFACE as api } from './resources_jslib.js';
const seen = [];
const big = (v) => JSON.parse(JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? Number(x) : x)));
function step(f) {
  try {
    seen.push({ ok: big(f()) });
  } catch (error) {
    seen.push({ error: big(error.payload) });
  }
}
const v = new api.Vector(3, 4);
const w = new api.Vector(-1.5, 0.25);
step(() => v.length());
step(() => v.coords());
step(() => v.dot(w));
step(() => v.plus(w).scaled(2).coords());
step(() => api.Vector.unit(1n).coords());
step(() => api.Vector.unit(5n).coords());
step(() => api.centroid(v, w, api.Vector.origin()).describe(2n));
step(() => api.ring(3n, 2.5).map((r) => r.coords()));
step(() => api.longest(v, w).coords());
const shop = new api.Ledger('shop', 10n, true);
step(() => shop.add('eggs', 4n));
step(() => shop.add('milk', 9n));
step(() => shop.merged(api.Ledger.empty('depot')).report());
step(() => new api.Ledger('broken', 0n, true));
v[Symbol.dispose]();
step(() => w.shift(1, 1).coords());
process.stdout.write(JSON.stringify(seen));
"""


def _native_answers(native: Any) -> list[dict[str, Any]]:
    """The same steps in CPython, in the JSON the JS side writes."""
    seen: list[dict[str, Any]] = []

    def step(f: Any) -> None:
        try:
            seen.append({"ok": json.loads(json.dumps(f()))})
        except Exception as error:
            seen.append({"error": {"typeName": _qualified(type(error)), "message": str(error)}})

    v, w = native.Vector(3.0, 4.0), native.Vector(-1.5, 0.25)
    step(lambda: v.length)
    step(lambda: v.coords)
    step(lambda: v.dot(w))
    step(lambda: v.plus(w).scaled(2).coords)
    step(lambda: native.Vector.unit(1).coords)
    step(lambda: native.Vector.unit(5).coords)
    step(lambda: native.centroid(v, w, native.Vector.origin()).describe(2))
    step(lambda: [r.coords for r in native.ring(3, 2.5)])
    step(lambda: native.longest(v, w).coords)
    shop = native.Ledger("shop", 10, strict=True)
    step(lambda: shop.add("eggs", 4))
    step(lambda: shop.add("milk", 9))
    step(lambda: shop.merged(native.Ledger.empty("depot")).report())
    step(lambda: native.Ledger("broken", 0, strict=True))
    step(lambda: w.shift(1, 1).coords)
    return seen


def _qualified(cls: type) -> str:
    return f"{'builtins' if cls.__module__ == 'builtins' else MODULE}.{cls.__qualname__}"


@dataclass(frozen=True)
class Spec:
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


def _library() -> str:
    tree = ast.parse(LIBRARY_TEST.read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "LIBRARY":
            return str(ast.literal_eval(node.value))
    raise AssertionError(f"no LIBRARY in {LIBRARY_TEST}")


def test_resources_of_a_static_component_in_node(tmp_path: Path, node: str) -> None:
    (tmp_path / f"{MODULE}.py").write_text(_library(), "utf-8")
    component = frontend.analyze(
        tmp_path, Spec("resources-jslib", (MODULE,)), namespace="test",
        package="resources-jslib", version="0.1.0",
    )  # fmt: skip
    wasm = tmp_path / f"{MODULE}.wasm"
    wasm.write_bytes(static.compile_component(component, static.read_sources(tmp_path, component)))
    glue = tmp_path / "js"
    jco.transpile([str(JCO)], wasm, glue, name=MODULE, import_map={})
    interface = json.dumps(component.qualified(component.exports[0]))
    (glue / "run.mjs").write_text(RUN.replace("INTERFACE", interface))
    done = subprocess.run(
        [node, NODE20_FLAG, str(glue / "run.mjs")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    for answer in got:  # the traceback is the guest's text (tests/static compares frames)
        answer.get("error", {}).pop("traceback", None)
    sys.path.insert(0, str(tmp_path))
    try:
        native = __import__(MODULE)
        assert got == _native_answers(native)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(MODULE, None)
