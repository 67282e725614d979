"""Format specs of f-strings (``f"{x:>10.2f}"``), read at compile time into the plain arguments
the math library's _format_float and _format_int take (support/mathlib.py): the spec is
constant text, so only its effect is left for run time."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: [[fill]align][sign][z][#][0][width][grouping][.precision][type], as CPython reads it
_SPEC = re.compile(
    r"(?:(?P<fill>.)?(?P<align>[<>=^]))?(?P<sign>[-+ ])?(?P<z>z)?(?P<alt>\#)?(?P<zero>0)?"
    r"(?P<width>\d+)?(?P<grouping>[,_])?(?:\.(?P<precision>\d+))?(?P<kind>.)?",
    re.DOTALL,
)
FLOAT_KINDS = {"": 0, "f": 1, "F": 2, "e": 3, "E": 4, "g": 5, "G": 6, "%": 7}
INT_KINDS = {"": 0, "d": 0, "x": 1, "X": 2, "o": 3, "b": 4, "c": 5}
ALIGNS = {"": 0, "<": 1, ">": 2, "^": 3, "=": 4}
SIGNS = {"-": 0, "+": 1, " ": 2}
GROUPINGS = {"": 0, ",": 1, "_": 2}
ALTERNATE, NO_NEGATIVE_ZERO = 1, 2  # flag bits


@dataclass(frozen=True)
class Spec:
    """A parsed spec as the library's arguments: ``float`` says which function takes it."""

    float: bool
    kind: int
    precision: int  # -1: not given
    sign: int
    flags: int
    fill: str
    align: int
    width: int
    grouping: int

    def arguments(self) -> tuple[int, int, int, str, int, int, int]:
        """(precision, sign, flags, fill, align, width, grouping): the library's arguments
        after x and the kind."""
        return (self.precision, self.sign, self.flags, self.fill, self.align, self.width,
                self.grouping)  # fmt: skip


def parse(spec: str, value_is_float: bool) -> Spec:
    """The spec for a float (or an int, which CPython formats as a float for e, f, g, %).
    Raises ValueError with the reason when the spec is invalid or outside the subset."""
    found = _SPEC.fullmatch(spec)
    if found is None:
        raise ValueError(f"invalid format spec {spec!r}")
    parts = found.groupdict()
    kind = parts["kind"] or ""
    fill, align = parts["fill"] or "", parts["align"] or ""
    if parts["zero"] and not fill:
        fill = "0"
    if parts["zero"] and not align:
        align = "="
    if kind == "n" and parts["grouping"]:
        raise ValueError(f"Cannot specify '{parts['grouping']}' with 'n'.")
    if kind == "n":  # the locale's number: in the C locale CPython runs in, 'g' or 'd'
        kind = "g" if value_is_float else "d"
    as_float = value_is_float or (kind in "eEfFgG%" and kind != "")
    kinds = FLOAT_KINDS if as_float else INT_KINDS
    if kind not in kinds:
        owner = "float" if value_is_float else "int"
        raise ValueError(f"Unknown format code '{kind}' for object of type '{owner}'")
    precision = int(parts["precision"]) if parts["precision"] is not None else -1
    if not as_float and precision >= 0:
        raise ValueError("Precision not allowed in integer format specifier")
    grouping = parts["grouping"] or ""
    if kind == "c" and not as_float:
        _check_character(parts)
    if grouping == "," and kind in "xXob" and kind:
        raise ValueError(f"Cannot specify ',' with '{kind}'.")
    if parts["z"] and not as_float:
        raise ValueError("Negative zero coercion (z) not allowed in integer format specifier")
    flags = (ALTERNATE if parts["alt"] else 0) | (NO_NEGATIVE_ZERO if parts["z"] else 0)
    return Spec(
        float=as_float,
        kind=kinds[kind],
        precision=precision,
        sign=SIGNS[parts["sign"] or "-"],
        flags=flags,
        fill=fill or " ",
        align=ALIGNS[align],
        width=int(parts["width"] or 0),
        grouping=GROUPINGS[grouping],
    )


def _check_character(parts: dict[str, str | None]) -> None:
    """The 'c' type of an int (its code point's character) takes no sign, '#' or grouping."""
    if parts["sign"]:
        raise ValueError("Sign not allowed with integer format specifier 'c'")
    if parts["alt"]:
        raise ValueError("Alternate form (#) not allowed with integer format specifier 'c'")
    if parts["grouping"]:
        raise ValueError(f"Cannot specify '{parts['grouping']}' with 'c'.")


def parse_str(spec: str) -> tuple[str, int, int, int]:
    """A spec on a str: (fill, align as a code point of '<', '>' or '^', width, precision, -1
    if not given), the arguments of the library's _str_format. Raises ValueError with
    CPython's message when the spec is invalid."""
    found = _SPEC.fullmatch(spec)
    if found is None:
        raise ValueError(f"invalid format spec {spec!r}")
    parts = found.groupdict()
    if (parts["kind"] or "s") != "s":
        raise ValueError(f"Unknown format code '{parts['kind']}' for object of type 'str'")
    refused = [
        ("sign", "Sign not allowed in string format specifier"),
        ("z", "Negative zero coercion (z) not allowed in string format specifier"),
        ("alt", "Alternate form (#) not allowed in string format specifier"),
        ("grouping", f"Cannot specify '{parts['grouping']}' with 's'."),
    ]
    for part, message in refused:
        if parts[part]:
            raise ValueError(message)
    if parts["align"] == "=":
        raise ValueError("'=' alignment not allowed in string format specifier")
    fill = parts["fill"] or ("0" if parts["zero"] else " ")
    precision = int(parts["precision"]) if parts["precision"] is not None else -1
    return fill, ord(parts["align"] or "<"), int(parts["width"] or 0), precision
