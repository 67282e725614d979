/** A Python exception raised inside the component, re-thrown in JavaScript. */
export declare class GuestError extends Error {
  /** The Python exception class, `module.qualname` (e.g. `builtins.ValueError`); also `name`. */
  readonly typeName: string;
  /** The guest's formatted Python traceback. */
  readonly traceback: string;
}
