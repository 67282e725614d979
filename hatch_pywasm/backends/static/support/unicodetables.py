"""Unicode tables of the text functions of the math library (support/mathlib.py): float(s),
int(s) and repr(s) as CPython computes them, from the compiling interpreter's unicodedata (the
CPython a compiled module is compared with). Word 0 of each table is its number of entries.
Placed in a module's static data only when a function reading them is linked.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_CODE_POINTS = range(0x80, 0x110000)


@cache
def digit_zeros_table() -> tuple[int, ...]:
    """The code points above ASCII with decimal value 0: each starts a run of ten digits 0-9
    (checked), which float() and int() read as ASCII digits."""
    zeros = [c for c in _CODE_POINTS if unicodedata.decimal(chr(c), -1) == 0]
    digits = [c for c in _CODE_POINTS if unicodedata.decimal(chr(c), -1) >= 0]
    runs = {z + k for z in zeros for k in range(10)}
    assert runs == set(digits), "a decimal digit outside a run of ten"
    return (len(zeros), *zeros)


@cache
def spaces_table() -> tuple[int, ...]:
    """The code points above ASCII that str.isspace() accepts (float() and int() read them as
    spaces)."""
    spaces = [c for c in _CODE_POINTS if chr(c).isspace()]
    return (len(spaces), *spaces)


@cache
def unprintable_table() -> tuple[int, ...]:
    """The ranges of code points above ASCII that str.isprintable() rejects (repr escapes them),
    each one word start << 32 | end (inclusive), in order."""
    ranges: list[int] = []
    start = None
    for c in [*_CODE_POINTS, 0x110000]:
        printable = c == 0x110000 or chr(c).isprintable()
        if not printable and start is None:
            start = c
        elif printable and start is not None:
            ranges.append(start << 32 | (c - 1))
            start = None
    return (len(ranges), *ranges)
