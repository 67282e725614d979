// Runs the benchmark kernels in a Python interpreter compiled to WebAssembly, in Node:
//   node run.mjs pyodide|micropython SPEC.json
// SPEC: {"repeats": N, "kernels": [{"file": "fib.py", "name": "fib", "argument": 30}, ...]}.
// Prints one JSON line: per kernel the first call's result (Python's repr) and the seconds of
// each of N further calls; and the milliseconds from the process's start to the first result.
// Both interpreters load from this repository's node_modules (no network).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [system, specFile] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specFile, "utf8"));

async function start() {
  if (system === "pyodide") {
    const { loadPyodide } = await import("pyodide");
    const py = await loadPyodide();
    return { define: (s) => py.runPython(s), value: (e) => py.runPython(e) };
  }
  if (system === "micropython") {
    const { loadMicroPython } = await import("@micropython/micropython-webassembly-pyscript");
    // sieve(1e6) needs a 256 MiB heap; runPython gives no value back: read a global instead
    const mp = await loadMicroPython({ heapsize: 256 * 1024 * 1024, stdout: () => {} });
    return {
      define: (s) => mp.runPython(s),
      value: (e) => {
        mp.runPython(`__value = ${e}`);
        return mp.globals.get("__value");
      },
    };
  }
  throw new Error(`unknown system ${system}: expected pyodide or micropython`);
}

const python = await start();
let startup_ms = null;
const kernels = [];
for (const { file, name, argument } of spec.kernels) {
  // MicroPython has no __future__ module; the kernels need none of its features at run time.
  python.define(readFileSync(file, "utf8").replace(/^from __future__ import .*$/m, ""));
  const call = `${name}(${Number(argument)})`;
  const result = python.value(`repr(${call})`);
  startup_ms ??= performance.now();
  const seconds = [];
  for (let i = 0; i < spec.repeats; i++) {
    const began = performance.now();
    python.value(call);
    seconds.push((performance.now() - began) / 1000);
  }
  kernels.push({ name, result, seconds });
}
process.stdout.write(JSON.stringify({ startup_ms, kernels }) + "\n");
