// The host functions a component imports. jco's glue binds each imported function when it loads,
// so each one is a stand-in that forwards to what the user passes to provideImports.

const wanted = {};
const provided = {};

function forward(name, fn) {
  return (...args) => {
    const impl = provided[name]?.[fn];
    if (impl === undefined) {
      throw new Error(
        `host function ${name}.${fn} is not provided: call provideImports(` +
          `{ ${name}: { ${fn}(...) { ... } } }) before calling an export that uses it`,
      );
    }
    return impl(...args);
  };
}

/** The stand-ins of one imported interface (called by the generated host-imports.js). */
export function hostInterface(name, functions) {
  wanted[name] = functions;
  return Object.fromEntries(functions.map((fn) => [fn, forward(name, fn)]));
}

/** Supplies host functions, `{ interface: { function(...) {...} } }`; may be called again. */
export function provideImports(imports) {
  for (const [name, functions] of Object.entries(imports)) {
    if (!(name in wanted)) {
      const known = Object.keys(wanted).join(', ');
      throw new TypeError(`unknown import interface '${name}'; expected one of: ${known}`);
    }
    for (const [fn, impl] of Object.entries(functions)) {
      if (!wanted[name].includes(fn) || typeof impl !== 'function') {
        const known = wanted[name].join(', ');
        throw new TypeError(`${name}.${fn}: expected functions named ${known}`);
      }
    }
    provided[name] = { ...provided[name], ...functions };
  }
}
