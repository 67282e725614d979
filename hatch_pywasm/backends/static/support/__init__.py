"""Runtime pieces written in WAT, linked into a module only when its code calls them.

Each ``*.wat`` file here is a sequence of top-level ``(func $name ...)`` forms. :func:`select`
returns the text of the functions a module calls, with everything they call in turn.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

#: The errors the runtime raises: name -> (exception type, message). Messages are CPython's
#: where CPython raises the same error; the overflow of a 64-bit int has no CPython equivalent.
ERRORS: dict[str, tuple[str, str]] = {
    "overflow": ("builtins.OverflowError", "int result does not fit in 64 bits"),
    "big_int": (
        "builtins.OverflowError",
        "int beyond 64 bits: only + - * ** comparisons and str() of the compiled subset take one",
    ),
    "floordiv_zero": ("builtins.ZeroDivisionError", "integer division or modulo by zero"),
    "mod_zero": ("builtins.ZeroDivisionError", "integer modulo by zero"),
    "truediv_zero": ("builtins.ZeroDivisionError", "division by zero"),
    "float_div_zero": ("builtins.ZeroDivisionError", "float division by zero"),
    "float_floordiv_zero": ("builtins.ZeroDivisionError", "float floor division by zero"),
    "float_mod_zero": ("builtins.ZeroDivisionError", "float modulo"),
    "negative_power": (
        "builtins.ValueError",
        "int ** negative int gives a float in Python; write float(x) ** y",
    ),
    "negative_shift": ("builtins.ValueError", "negative shift count"),
    "nan_to_int": ("builtins.ValueError", "cannot convert float NaN to integer"),
    "inf_to_int": ("builtins.OverflowError", "cannot convert float infinity to integer"),
    "range_step_zero": ("builtins.ValueError", "range() arg 3 must not be zero"),
    "out_of_memory": ("builtins.MemoryError", ""),
    "str_index": ("builtins.IndexError", "string index out of range"),
    "bytes_index": ("builtins.IndexError", "index out of range"),
    "negative_count": ("builtins.ValueError", "negative count"),
    "list_index": ("builtins.IndexError", "list index out of range"),
    "list_assign_index": ("builtins.IndexError", "list assignment index out of range"),
    "min_empty": ("builtins.ValueError", "min() arg is an empty sequence"),
    "max_empty": ("builtins.ValueError", "max() arg is an empty sequence"),
    "slice_step_zero": ("builtins.ValueError", "slice step cannot be zero"),
    "tuple_index": ("builtins.IndexError", "tuple index out of range"),
    "pop_empty": ("builtins.IndexError", "pop from empty list"),
    "pop_index": ("builtins.IndexError", "pop index out of range"),
    "remove_missing": ("builtins.ValueError", "list.remove(x): x not in list"),
    "sort_nan": (
        "builtins.NotImplementedError",
        "sorting floats holding a NaN is outside the compiled subset (CPython's order then "
        "depends on its sort's exact steps)",
    ),
}

_CALL = re.compile(r"\bcall \$([\w.]+)")
_ERROR_REF = re.compile(r"\$err\.(\w+)")


@cache
def _functions() -> dict[str, str]:
    """Every runtime function's WAT text, by name."""
    found: dict[str, str] = {}
    for entry in resources.files(__package__).iterdir():
        if entry.name.endswith(".wat"):
            for text in _top_level_forms(entry.read_text()):
                name = text.split(None, 2)[1].removeprefix("$")
                found[name] = text
    return found


def _top_level_forms(text: str) -> list[str]:
    forms, depth, start = [], 0, 0
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(";;")]
    body = "\n".join(lines)
    for i, ch in enumerate(body):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                forms.append(body[start : i + 1])
    if depth:
        raise ValueError(f"unbalanced parentheses in a runtime .wat file near: {body[start:][:80]}")
    return forms


def select(called: set[str]) -> tuple[list[str], set[str]]:
    """The WAT of the runtime functions ``called`` needs (transitively), and the names of the
    error records they use."""
    functions = _functions()
    chosen: dict[str, str] = {}
    pending = sorted(n for n in called if n in functions)
    while pending:
        name = pending.pop()
        if name in chosen:
            continue
        chosen[name] = functions[name]
        pending += [n for n in _CALL.findall(chosen[name]) if n in functions]
    errors = {e for text in chosen.values() for e in _ERROR_REF.findall(text)}
    return [chosen[n] for n in sorted(chosen)], errors


def calls_in(wat: str) -> set[str]:
    """The functions a piece of WAT calls."""
    return set(_CALL.findall(wat))
