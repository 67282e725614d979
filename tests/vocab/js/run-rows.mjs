// node run-rows.mjs CALLS_JSON PACKAGE_DIR: makes the calls of test_js.py on the bookkeeping npm
// package and prints each outcome as JSON ({"ok": value} or {"error": {typeName, message}}).
// In the JSON: {"$int": "..."} is a bigint, {"$bytes": [...]} a Uint8Array; typed arrays come
// back as plain arrays (a BigInt64Array as {"$int"}s).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null) return undefined; // option<T>: absent
  if (typeof value !== 'object') return value;
  if ('$int' in value) return BigInt(value.$int);
  if ('$bytes' in value) return new Uint8Array(value.$bytes);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
}

function encode(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return { $int: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Array.from(value) };
  if (ArrayBuffer.isView(value)) return Array.from(value, encode); // BigInt64Array, Float64Array
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  return value;
}

function outcome(call, GuestError) {
  try {
    return { ok: encode(call()) };
  } catch (error) {
    if (!(error instanceof GuestError)) throw error;
    return { error: { typeName: error.typeName, message: error.message } };
  }
}

const [callsFile, packageDir] = process.argv.slice(2);
const calls = JSON.parse(await readFile(callsFile, 'utf8'));
const pkg = await import(pathToFileURL(join(packageDir, 'index.js')).href);
// the host side of bookkeeping.mirror: every value given back as it came
const same = (value) => value;
const names = ['dates', 'times', 'datetimes', 'timedeltas', 'decimals', 'fractions', 'uuids',
  'intSet', 'strFrozenset', 'intTuple', 'raw', 'statuses', 'entryDicts', 'filters'];
pkg.provideImports({ mirror: Object.fromEntries(names.map((n) => [n, same])) });

const results = calls.map((spec) => {
  const iface = pkg[spec.interface];
  if (spec.resource === undefined) {
    return outcome(() => iface[spec.function](...decode(spec.args)), pkg.GuestError);
  }
  const cls = iface[spec.resource];
  const instance = spec.static === undefined ? new cls(...decode(spec.args)) : cls[spec.static](...decode(spec.args));
  return spec.methods.map((m) => outcome(() => instance[m.method](...decode(m.args)), pkg.GuestError));
});
process.stdout.write(JSON.stringify(results));
