// Type-checked (never run) against the bookkeeping npm package by test_js.py with strict tsc:
// each declaration is a row of the README's type table ("What crosses the boundary"), in its
// TypeScript column; each @ts-expect-error proves the type is that precise (with an `any`
// the line would not fail, and tsc reports an unused @ts-expect-error as an error).
import { type Imports, accounts, book, calc, echo, provideImports, text } from 'bookkeeping';

const host: Partial<Imports> = {
  mirror: {
    dates: (values: string[]) => values,
    times: (values: string[]) => values,
    datetimes: (values: string[]) => values,
    timedeltas: (values: [number, number, number][]) => values,
    decimals: (values: string[]) => values,
    fractions: (values: string[]) => values,
    uuids: (values: string[]) => values,
    intSet: (values: BigInt64Array) => values,
    strFrozenset: (values: string[]) => values,
    intTuple: (values: BigInt64Array) => values,
    raw: (data: Uint8Array) => data,
    statuses: (values: ('open' | 'closed' | 'on-hold')[]) => values,
    entryDicts: (values) => values,
    filters: (values) => values,
  },
};
provideImports(host);

// decimal.Decimal, fractions.Fraction, uuid.UUID: string
export const rounded: string = calc.roundTo('2.675', 2n);
export const part: string = book.share('1', '3');
export const firstId: string | undefined = book.ids(1n, 0n)[0];
// datetime.date / time / datetime: string (isoformat); timedelta: [days, seconds, microseconds]
export const midnight: string = calc.midnight('2020-02-29');
export const later: string = calc.later('23:50:01', 15n);
const grace: [number, number, number] = [3, 0, 0];
export const late: boolean = book.overdue('2024-01-01T00:00:00', '2024-01-05T00:00:00', grace);
// set[str], Sequence[str], Iterable[T] of non-numbers: T[]; of s64: BigInt64Array
export const names: string[] = book.accounts([]);
export const ids: BigInt64Array = book.frozenIds(new BigInt64Array([3n]));
export const stretched: BigInt64Array = calc.stretch(new BigInt64Array([1n]), 2n);
export const counted: BigInt64Array = echo.iterator(new BigInt64Array([1n]));
export const means: number = calc.mean(new Float64Array([1.5]));
export const words: string[] = echo.sequence(['a']);
// Mapping[str, float] / dict: [K, V][]
export const pairs: [string, number][] = echo.mapping([['a', 1.5]]);
// bytearray, memoryview: Uint8Array
export const flipped: Uint8Array = calc.reversedBytes(new Uint8Array([1, 2]));
export const sum: bigint = calc.checksum(new Uint8Array([255]));
// Literal["asc", "desc"], a Literal alias: a union of the strings
export const sorted: string[] = calc.order(['b', 'a'], 'desc');
export const status: 'open' | 'closed' | 'on-hold' = book.nextStatus('open', false);
// enum.Enum, IntEnum: a union of case names; enum.Flag: an object of booleans
export const level: bigint | undefined = calc.level('high', 'credit');
export const tags: string[] = calc.flags({ disputed: true, taxed: true });
// TypedDict: an object; a NotRequired key (or any key of total=False) is optional
const dict: { account: string; amount: string; side: 'debit' | 'credit'; memo?: string } = {
  account: 'a',
  amount: '1',
  side: 'debit',
};
export const entry = book.fromDict(dict);
export const back: { account: string; memo?: string } = book.toDict(entry);
export const matched = book.matching([entry], {});
// *args: T is T[]; **kwargs: T is [string, T][]; keyword-only parameters are positional
export const joined: string = calc.join(['a', 'b'], '-', [['width', 3n]]);
export const normalized: string = text.normalize('a b', 6n);
// a resource: a class with its classmethods as statics and its dunders as methods
const account = accounts.Account.fromAmounts('cash', ['1.5', '2']);
export const balance: string = account.balance();
export const postings: bigint = account.len();
export const has: boolean = account.contains('2');
const stream = new echo.Stream('ts');
// an __enter__ returning its own class: undefined when it returned the object itself
export const entered: InstanceType<typeof echo.Stream> | undefined = stream.enter();
export const suppressed: boolean | undefined = stream.exit(undefined, undefined, undefined);

// @ts-expect-error: a Decimal is its text, not a number
calc.roundTo(2.675, 2n);
// @ts-expect-error: a date is its isoformat() text, not a Date
calc.midnight(new Date());
// @ts-expect-error: a timedelta is a 3-tuple
book.overdue('2024-01-01T00:00:00', '2024-01-05T00:00:00', [3, 0]);
// @ts-expect-error: a Literal takes only its strings
calc.order(['a'], 'up');
// @ts-expect-error: a Required TypedDict key must be given
book.fromDict({ account: 'a', amount: '1' });
// @ts-expect-error: a set of s64 is a BigInt64Array, not numbers
book.frozenIds([3]);
