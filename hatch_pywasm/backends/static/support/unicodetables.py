"""Unicode tables of the text functions of the math library (support/mathlib.py): float(s),
int(s) and repr(s) as CPython computes them, from the compiling interpreter's unicodedata (the
CPython a compiled module is compared with). Word 0 of each table is its number of entries.
Placed in a module's static data only when a function reading them is linked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
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
    """Where str.isprintable() changes above ASCII (see _boundaries)."""
    return _boundaries(lambda c: not chr(c).isprintable())


@cache
def cased_table() -> tuple[int, ...]:
    """Where CPython's cased property (Lowercase, Uppercase or Lt: what str.title() tests of
    the character before) changes above ASCII (see _boundaries)."""
    return _boundaries(lambda c: chr(c).islower() or chr(c).isupper() or chr(c).istitle())


def _boundaries(inside: Callable[[int], bool]) -> tuple[int, ...]:
    """The ascending boundaries b0 < b1 < ... of the code points above ASCII that are inside:
    a range of them starting at each even one and ending before the next; three 21-bit
    boundaries per word (the code point c is inside when an odd number of boundaries are
    <= c). Word 0 is the number of boundaries."""
    boundaries: list[int] = []
    was = False
    for c in [*_CODE_POINTS, 0x110000]:
        now = c != 0x110000 and inside(c)
        if now != was:
            boundaries.append(c)
            was = now
    words = [0] * ((len(boundaries) + 2) // 3)
    for i, b in enumerate(boundaries):
        words[i // 3] |= b << (BOUNDARY_BITS * (i % 3))
    return (len(boundaries), *words)


@cache
def title_table() -> tuple[int, ...]:
    """The characters whose titlecase mapping (str.title() of the character alone) is not
    their uppercase one, ascending: two words each, the code point and its mapping's (at most
    three) code points, 21 bits each from the low end. Word 0 is the number of characters."""
    words: list[int] = []
    for c in _CODE_POINTS:
        if not 0xD800 <= c < 0xE000 and chr(c).title() != chr(c).upper():
            mapped = chr(c).title()
            assert len(mapped) <= 3 and "\0" not in mapped
            words += [c, sum(ord(m) << (BOUNDARY_BITS * k) for k, m in enumerate(mapped))]
    return (len(words) // 2, *words)
