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


#: bits of one boundary in the unprintable table (code points are below 2**21)
BOUNDARY_BITS = 21


@cache
def unprintable_table() -> tuple[int, ...]:
    """Where str.isprintable() changes above ASCII: the ascending boundaries b0 < b1 < ...,
    an unprintable range starting at each even one and ending before the next; three 21-bit
    boundaries per word (the code point c is unprintable when an odd number of boundaries are
    <= c). Word 0 is the number of boundaries."""
    boundaries: list[int] = []
    printable = True
    for c in [*_CODE_POINTS, 0x110000]:
        now = c == 0x110000 or chr(c).isprintable()
        if now != printable:
            boundaries.append(c)
            printable = now
    words = [0] * ((len(boundaries) + 2) // 3)
    for i, b in enumerate(boundaries):
        words[i // 3] |= b << (BOUNDARY_BITS * (i % 3))
    return (len(boundaries), *words)
