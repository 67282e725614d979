// Type-checked (never run) against example_project's store package by test_types.py: the
// package's .d.ts must give real types, through package.json's "exports"/"types".
import { GuestError, type Imports, inventory, pricing, provideImports } from 'wasm-shop-store';

const host: Imports = {
  host: { exchangeRate: (currency: string) => (currency === 'USD' ? 1.08 : 1), log: () => {} },
};
provideImports(host);

const item = {
  sku: 'a',
  name: 'A',
  priceCents: 100n,
  category: 'books' as const,
  tags: [],
  badges: { sale: true },
};
export const label: string = pricing.priceLabel(item, 'EUR');
const stock = new inventory.Stock([item], [['a', 1n]]);
export const left: bigint | undefined = stock.count('a');

export function typeNameOf(error: unknown): string | undefined {
  return error instanceof GuestError ? `${error.typeName}\n${error.traceback}` : undefined;
}

// @ts-expect-error: WIT s64 is a bigint, not a number
pricing.priceLabel({ ...item, priceCents: 1 }, 'EUR');
// @ts-expect-error: the category is an enum of known strings
pricing.priceLabel({ ...item, category: 'food' }, 'EUR');
