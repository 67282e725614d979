// node --experimental-wasm-extended-const --test component.test.mjs, with PYWASM_JS_PACKAGE
// set to the test component's package folder: calls every export and checks the values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { hostImports } from './calls.mjs';

const pkg = await import(pathToFileURL(join(process.env.PYWASM_JS_PACKAGE, 'index.js')).href);
const { geometry, textTools, counters, GuestError } = pkg;

function assertGuestError(call, typeName, message) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof GuestError, `expected a GuestError, got ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, typeName);
    assert.equal(error.typeName, typeName);
    assert.equal(error.message, message);
    assert.match(error.traceback, /^Traceback \(most recent call last\):/);
    assert.ok(error.traceback.endsWith(`${typeName.split('.').pop()}: ${message}\n`));
    return true;
  });
}

test('the entry exposes the exported interfaces only, not componentize-py internals', () => {
  const names = Object.keys(pkg).sort();
  const expected = ['GuestError', 'counters', 'geometry', 'textTools'];
  if (pkg.provideImports !== undefined) expected.push('provideImports');
  assert.deepEqual(names, expected.sort());
  assert.equal(pkg.exports, undefined);
});

test('geometry: numbers, records, enums, flags, options, variants', () => {
  assert.equal(geometry.add(2n, 40n), 42n);
  assert.equal(geometry.add(9007199254740993n, -3n), 9007199254740990n);
  assert.deepEqual(geometry.midpoint({ x: 0, y: 0 }, { x: 3, y: -1.5 }), { x: 1.5, y: -0.75 });
  const label = { text: 'hi', color: 'dark-green', at: { x: 1.5, y: 2 }, style: { bold: true } };
  assert.equal(geometry.describe(label), 'hi in dark_green at (1.5, 2.0) [bold]');
  const plain = { text: 'p', color: 'red', at: undefined, style: {} };
  assert.equal(geometry.describe(plain), 'p in red []');
  assert.equal(geometry.area({ tag: 'circle', val: { radius: 2 } }), 12);
  assert.equal(geometry.area({ tag: 'square', val: { side: 1.5 } }), 2.25);
  assert.equal(geometry.safeDivide(7, 2), 3.5);
  assert.equal(geometry.nothing(), undefined);
});

test('a Python exception becomes a GuestError with its type name and message', () => {
  assertGuestError(() => geometry.safeDivide(1, 0), 'builtins.ZeroDivisionError',
    'cannot divide by zero');
  // The instance stays usable after a guest exception.
  assert.equal(geometry.safeDivide(1, 4), 0.25);
});

test('textTools: dicts, bytes, options, lists, host imports', () => {
  assert.deepEqual(textTools.wordCounts('the cat and the hat'),
    [['and', 1], ['cat', 1], ['hat', 1], ['the', 2]]);
  assert.deepEqual(textTools.wordCounts(''), []);
  assert.deepEqual(textTools.reverseBytes(new Uint8Array([0, 1, 2, 255])),
    new Uint8Array([255, 2, 1, 0]));
  assert.equal(textTools.firstWord('  héllo wörld '), 'héllo');
  assert.equal(textTools.firstWord('   '), undefined);
  assert.deepEqual(textTools.nearest([{ x: 3, y: 4 }, { x: -1, y: 1 }]), { x: -1, y: 1 });
  assert.equal(textTools.nearest([]), undefined);
});

test('host imports: a clear error until provided, then the guest calls them', () => {
  assert.throws(() => textTools.shout('hey'), /host function host\.suffix is not provided/);
  assert.throws(() => pkg.provideImports({ nope: {} }), /unknown import interface 'nope'/);
  assert.throws(() => pkg.provideImports({ host: { suffx() {} } }), /host\.suffx/);
  pkg.provideImports(hostImports.jsglue);
  assert.equal(textTools.shout('hey'), 'HEY!!!');
});

test('a host function that throws: the guest raises it, the caller gets it, nothing traps', () => {
  pkg.provideImports({ host: { suffix: () => { throw new TypeError('no suffix today'); } } });
  assertGuestError(() => textTools.shout('hey'), 'js.TypeError', 'no suffix today');
  pkg.provideImports(hostImports.jsglue);
  assert.equal(textTools.shout('hey'), 'HEY!!!'); // the same instance
});

test('counters: a resource whose constructor and methods may raise', () => {
  const counter = new counters.Counter(5n);
  assert.ok(counter instanceof counters.Counter);
  assert.equal(counter.increment(2n), 7n);
  assertGuestError(() => counter.increment(-1n), 'builtins.ValueError', 'cannot count down by -1');
  assert.equal(counter.value(), 7n);
  const other = new counters.Counter(0n);
  assert.equal(other.increment(1n), 1n);
  assert.equal(counter.value(), 7n); // separate guest objects
  assertGuestError(() => new counters.Counter(-1n), 'builtins.ValueError',
    'a counter cannot start below zero, got -1');
});
