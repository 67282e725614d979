// Runs the benchmark kernels in Node: in a Python interpreter compiled to WebAssembly, or as
// our components through the npm packages the hook generates (jco's glue):
//   node run.mjs pyodide|micropython|glue SPEC.json
// SPEC: {"repeats": N, "kernels": [{"file": "fib.py", "name": "fib", "argument": 30}, ...]};
// for glue each kernel has "package" (the npm package's folder), "interface" (its export) and
// "key" (the name to report it by) instead of "file". Prints one JSON line: per kernel the first call's result (Python's repr)
// and the seconds of each of N further calls; and the milliseconds from the process's start to
// the first result. Everything loads from this repository's node_modules (no network).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

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

/** A function of one kernel, and its first result as Python's repr. */
async function kernelOf(python, kernel) {
  if (python === null) {  // glue: s64 is a BigInt both ways, f64 a number
    const module = await import(pathToFileURL(join(kernel.package, "index.js")).href);
    const fn = module[kernel.interface][kernel.name];
    const argument = BigInt(kernel.argument);
    const value = fn(argument);
    const repr = typeof value === "bigint" ? value.toString() : pythonFloat(value);
    return [() => fn(argument), repr];
  }
  // MicroPython has no __future__ module; the kernels need none of its features at run time.
  python.define(readFileSync(kernel.file, "utf8").replace(/^from __future__ import .*$/m, ""));
  const call = `${kernel.name}(${Number(kernel.argument)})`;
  return [() => python.value(call), python.value(`repr(${call})`)];
}

/** A JS number as Python writes a float (both print the shortest round-trip digits). */
function pythonFloat(x) {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  return Number.isNaN(x) ? "nan" : Number.isFinite(x) ? String(x) : x > 0 ? "inf" : "-inf";
}

const python = system === "glue" ? null : await start();
let startup_ms = null;
const kernels = [];
for (const kernel of spec.kernels) {
  let again, result;
  try {
    [again, result] = await kernelOf(python, kernel);
  } catch (error) {  // e.g. MicroPython has no enum module: this kernel only is not measured
    kernels.push({ name: kernel.key ?? kernel.name, error: String(error.message ?? error).trim().split("\n").pop() });
    continue;
  }
  startup_ms ??= performance.now();
  const seconds = [];
  for (let i = 0; i < spec.repeats; i++) {
    const began = performance.now();
    again();
    seconds.push((performance.now() - began) / 1000);
  }
  kernels.push({ name: kernel.key ?? kernel.name, result, seconds });
}
process.stdout.write(JSON.stringify({ startup_ms, kernels }) + "\n");
