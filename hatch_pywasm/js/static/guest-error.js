// Turns the guest-error payload of a failed export into a JavaScript Error.
//
// Every export of a hatch-pywasm component returns result<T, guest-error>; jco's glue throws the
// error case as a ComponentError whose `payload` is {typeName, message, traceback}. Callers get a
// GuestError instead: `name` is the Python exception's type (`builtins.ValueError`), `message`
// its message, so an uncaught one prints like the Python exception it was.
//
// A componentize-py component puts a JSON detail in the record's traceback field (it starts
// with `{`; a plain traceback never does): {"pywasm-guest-error": 1, "text": <the formatted
// traceback>, "exception": {type, bases, str, args, attrs, notes, frames, cause, context}}.
// `traceback` is always the text; `detail` is the parsed exception (or null).

function parseDetail(field) {
  if (!field.startsWith('{')) return null;
  try {
    const detail = JSON.parse(field);
    return detail && detail['pywasm-guest-error'] === 1 ? detail : null;
  } catch {
    return null;
  }
}

export class GuestError extends Error {
  constructor(payload, options) {
    super(payload.message, options);
    const detail = parseDetail(payload.traceback);
    this.name = payload.typeName;
    this.typeName = payload.typeName;
    this.traceback = detail ? String(detail.text ?? '') : payload.traceback;
    this.detail = detail ? detail.exception : null;
  }
}

function isGuestErrorPayload(payload) {
  return (
    payload !== null &&
    typeof payload === 'object' &&
    typeof payload.typeName === 'string' &&
    typeof payload.message === 'string' &&
    typeof payload.traceback === 'string'
  );
}

function translated(error) {
  const payload = error?.payload;
  return isGuestErrorPayload(payload) ? new GuestError(payload, { cause: error }) : error;
}

function isClass(value) {
  return typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
}

function wrapFunction(fn) {
  return function (...args) {
    try {
      return fn.apply(this, args);
    } catch (error) {
      throw translated(error);
    }
  };
}

// A resource class. Its methods and statics are wrapped in place (the glue is private to this
// package), so instances the component returns from other calls throw GuestError too; the
// constructor is wrapped by a Proxy, which keeps `instanceof` and the statics working.
function wrapClass(Resource) {
  for (const owner of [Resource.prototype, Resource]) {
    for (const key of Object.getOwnPropertyNames(owner)) {
      const descriptor = Object.getOwnPropertyDescriptor(owner, key);
      if (key !== 'constructor' && typeof descriptor.value === 'function' && descriptor.writable) {
        Object.defineProperty(owner, key, { ...descriptor, value: wrapFunction(descriptor.value) });
      }
    }
  }
  return new Proxy(Resource, {
    construct(target, args, newTarget) {
      try {
        return Reflect.construct(target, args, newTarget);
      } catch (error) {
        throw translated(error);
      }
    },
  });
}

// An exported interface (jco's namespace object) with every function and resource wrapped.
export function wrapInterface(namespace) {
  const wrapped = {};
  for (const [key, value] of Object.entries(namespace)) {
    if (isClass(value)) wrapped[key] = wrapClass(value);
    else if (typeof value === 'function') wrapped[key] = wrapFunction(value);
    else wrapped[key] = value;
  }
  return Object.freeze(wrapped);
}
