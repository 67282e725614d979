/** A Python exception raised inside the component, re-thrown in JavaScript. */
export declare class GuestError extends Error {
  /** The Python exception class, `module.qualname` (e.g. `builtins.ValueError`); also `name`. */
  readonly typeName: string;
  /** The guest's formatted Python traceback. */
  readonly traceback: string;
  /**
   * The exception as the guest described it (componentize-py components; null otherwise):
   * class and bases, `str()`, args and attributes (tagged JSON values), notes, frames, and
   * the chained cause and context in the same shape.
   */
  readonly detail: {
    type: string;
    bases: string[];
    str: string;
    args: unknown[] | null;
    attrs: Record<string, unknown>;
    notes?: string[];
    frames: [string, number, string][];
    suppress_context: boolean;
    cause?: GuestError['detail'];
    context?: GuestError['detail'];
    context_is_cause?: boolean;
  } | null;
}
