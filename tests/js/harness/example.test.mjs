// node --experimental-wasm-extended-const --test example.test.mjs, with PYWASM_JS_STORE and
// PYWASM_JS_CODEC set to example_project's two packages: calls every export, checks the values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const load = (dir) => import(pathToFileURL(join(dir, 'index.js')).href);
const store = await load(process.env.PYWASM_JS_STORE);
const codec = await load(process.env.PYWASM_JS_CODEC);
const { inventory, pricing } = store;
const { shopCodec } = codec;

const logged = [];
store.provideImports({
  host: {
    exchangeRate: (currency) => ({ EUR: 1.0, USD: 1.08 })[currency] ?? 1.0,
    log: (message) => logged.push(message),
  },
});

const dune = {
  sku: 'dune', name: 'Dune', priceCents: 1299n, category: 'books', tags: ['scifi'],
  badges: { sale: true },
};
const saw = { sku: 'saw', name: 'Saw', priceCents: 2500n, category: 'tools', tags: [], badges: {} };
const noBadges = { new: false, sale: false, limited: false };

function assertGuestError(call, typeName, message) {
  assert.throws(call, (error) => {
    assert.ok(error instanceof store.GuestError || error instanceof codec.GuestError);
    assert.equal(error.typeName, typeName);
    assert.equal(error.message, message);
    return true;
  });
}

test('each package exposes its component\'s interfaces', () => {
  assert.deepEqual(Object.keys(store).sort(),
    ['GuestError', 'inventory', 'pricing', 'provideImports']);
  assert.deepEqual(Object.keys(codec).sort(), ['GuestError', 'shopCodec']);
});

test('pricing: totals with discounts (a variant in an option), labels via the host', () => {
  assert.equal(pricing.totalCents([dune, saw], [2n, 1n], undefined), 5098n);
  assert.equal(pricing.totalCents([dune], [2n], { tag: 'percent-off', val: { percent: 10n } }),
    2339n);
  assert.equal(pricing.totalCents([dune], [1n], { tag: 'amount-off', val: { cents: 5000n } }), 0n);
  assertGuestError(() => pricing.totalCents([dune], [1n, 2n], undefined), 'builtins.ValueError',
    '1 items but 2 quantities');
  assert.equal(pricing.priceLabel(dune, 'USD'), 'Dune: 14.03 USD (sale)');
  assert.equal(pricing.priceLabel(saw, 'EUR'), 'Saw: 25.00 EUR');
  assert.deepEqual(pricing.cheapest([saw, dune]), { ...dune, badges: { ...noBadges, sale: true } });
  assert.equal(pricing.cheapest([]), undefined);
  assert.deepEqual(pricing.markSale(saw), { ...saw, badges: { ...noBadges, sale: true } });
});

test('inventory: the Stock resource keeps state; user exceptions keep their type', () => {
  const stock = new inventory.Stock([dune, saw], [['dune', 3n]]);
  assert.equal(stock.count('dune'), 3n);
  assert.equal(stock.count('saw'), 0n);
  assert.equal(stock.count('nope'), undefined);
  assert.equal(stock.reserve('dune', 2n), 1n);
  assert.deepEqual(logged, ['reserved 2 x dune']);
  assertGuestError(() => stock.reserve('dune', 5n), 'shop.errors.OutOfStock',
    'dune: 5 wanted, 1 left');
  assertGuestError(() => stock.reserve('nope', 1n), 'shop.errors.UnknownItem', "'nope'");
  assert.deepEqual(stock.byCategory(), [['books', ['dune']]]);
  assert.equal(stock.find('saw').name, 'Saw');
  assert.equal(stock.find('nope'), undefined);
  assert.deepEqual(inventory.restockPlan([['a', 1n], ['b', 9n]], 5n), [['a', 4n]]);
});

test('codec: bytes round trip, checksums, tuples', () => {
  const order = { orderId: 7n, lines: [{ sku: 'dune', quantity: 2n }], note: undefined,
    coupon: 'WELCOME' };
  const bytes = shopCodec.encodeOrder(order);
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual(shopCodec.decodeOrder(bytes), order);
  assertGuestError(() => shopCodec.decodeOrder(new Uint8Array([1, 2, 3])), 'builtins.ValueError',
    'not an encoded order: Error -3 while decompressing data: incorrect header check');
  assert.equal(shopCodec.checksum(new TextEncoder().encode('hi')), 3633523372n);
  assert.deepEqual(shopCodec.splitWords(' the quick  fox '), [['the', 'quick', 'fox'], 3n]);
});
