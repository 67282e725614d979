// The host functions a component imports. jco's glue binds each imported function when it loads,
// so each one is a stand-in that forwards to what the user passes to provideImports.
//
// Every import returns result<T, guest-error> in WIT: whatever a host function throws goes to the
// guest as a guest-error (jco's glue takes a thrown object's `payload` as the error case), where
// it is raised as an exception named `js.<the error's name>` with the error's message, instead
// of trapping the instance. An import whose result is an option is boxed in WIT
// (result<tuple<option<T>>, guest-error>): the stand-in puts the host function's value in the box.

const wanted = {};
const provided = {};

function guestErrorPayload(error) {
  const isError = error instanceof Error;
  const name = isError ? error.name : typeof error;
  const message = isError ? error.message : String(error);
  return {
    typeName: `js.${name}`,
    message,
    traceback: isError && typeof error.stack === 'string' ? error.stack : `${name}: ${message}`,
  };
}

function forward(name, fn, boxed) {
  return (...args) => {
    try {
      const impl = provided[name]?.[fn];
      if (impl === undefined) {
        throw new Error(
          `host function ${name}.${fn} is not provided: call provideImports(` +
            `{ ${name}: { ${fn}(...) { ... } } }) before calling an export that uses it`,
        );
      }
      const value = impl(...args);
      return boxed ? [value] : value;
    } catch (error) {
      throw { payload: guestErrorPayload(error) };
    }
  };
}

/** The stand-ins of one imported interface (called by the generated host-imports.js);
 * `boxed`: the functions whose option result WIT boxes in a one-element tuple. */
export function hostInterface(name, functions, boxed = []) {
  wanted[name] = functions;
  return Object.fromEntries(functions.map((fn) => [fn, forward(name, fn, boxed.includes(fn))]));
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
