// Runs a calls file's calls (see jsglue-calls.json) on a component package and returns the results as JSON-ready data;
// shared by the Node runner and the browser page, so both make exactly the same calls.

function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null) return undefined; // option<T>: absent
  if (typeof value !== 'object') return value;
  if ('$int' in value) return BigInt(value.$int);
  if ('$bytes' in value) return new Uint8Array(value.$bytes);
  if ('$flags' in value) return Object.fromEntries(value.$flags.map((f) => [f, true]));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
}

export function encode(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return { $int: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: Array.from(value) };
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
    return { error: { typeName: error.typeName, message: error.message, name: error.name } };
  }
}

export function runCalls(pkg, calls) {
  return calls.map((spec) => {
    const iface = pkg[spec.interface];
    if (spec.resource === undefined) {
      return outcome(() => iface[spec.function](...decode(spec.args)), pkg.GuestError);
    }
    let instance;
    const made = outcome(() => {
      instance = new iface[spec.resource](...decode(spec.args));
      return instance instanceof iface[spec.resource];
    }, pkg.GuestError);
    const steps = spec.methods.map((m) =>
      outcome(() => instance[m.method](...decode(m.args)), pkg.GuestError),
    );
    return { new: made, methods: steps };
  });
}

/** Host functions for the components, by a calls file's "host" (Python's side has the same). */
export const hostImports = {
  none: {},
  jsglue: { host: { suffix: (level) => '!'.repeat(level) } },
  shop: {
    host: {
      exchangeRate: (currency) => ({ EUR: 1.0, USD: 1.08, GBP: 0.86 })[currency] ?? 1.0,
      log: () => {},
    },
  },
};
