"""A static component's bytes in Node (jco's glue, Uint8Array): the component the static
backend makes stays a canonical-ABI component for every host, also where its guest takes the
host's argument buffer as its bytes object in place (support/bytes.wat)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hatch_pywasm import frontend
from hatch_pywasm.backends import static
from hatch_pywasm.js import NODE20_FLAG, jco

from .conftest import JCO

MODULE = "jsbytes"
SOURCE = "def framed(b: bytes) -> bytes:\n    return b'<' + b[::-1] + b'>'\n"
#: Calls each size, checks the result against the same computation in JS, prints the verdicts.
RUN = """
import { INTERFACE as api } from './jsbytes.js';
const verdicts = [];
for (const size of SIZES) {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7) & 255;
  const got = api.framed(b);
  const want = Uint8Array.from([60, ...Array.from(b).reverse(), 62]);
  verdicts.push(got instanceof Uint8Array && got.length === want.length
                && got.every((x, i) => x === want[i]));
}
process.stdout.write(JSON.stringify(verdicts));
"""
SIZES = [0, 1, 255, 1 << 20]


@dataclass(frozen=True)
class Spec:
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


def test_bytes_of_a_static_component_in_node(tmp_path: Path, node: str) -> None:
    (tmp_path / f"{MODULE}.py").write_text(SOURCE)
    component = frontend.analyze(
        tmp_path, Spec(MODULE, (MODULE,)), namespace="test", package=MODULE, version="0.1.0"
    )
    wasm = tmp_path / f"{MODULE}.wasm"
    wasm.write_bytes(static.compile_component(component, static.read_sources(tmp_path, component)))
    glue = tmp_path / "js"
    jco.transpile([str(JCO)], wasm, glue, name=MODULE, import_map={})
    interface = json.dumps(component.qualified(component.exports[0]))
    (glue / "run.mjs").write_text(
        RUN.replace("INTERFACE", interface).replace("SIZES", json.dumps(SIZES))
    )
    done = subprocess.run(
        [node, NODE20_FLAG, str(glue / "run.mjs")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [True] * len(SIZES)
