"""The tables of the math library (support/mathlib.py), computed from their definitions.

glibc's exp, exp2 and pow (since 2.28) use the table-driven algorithms Szabolcs Nagy published
with ARM's optimized-routines; their tables are defined mathematically, so they are recomputed
here with exact integer and rational arithmetic (nothing is transcribed). Each table is a tuple of
64-bit patterns (doubles by their bits), placed in a compiled module's static data when the
library reads it (the ``_table_*`` intrinsics of mathlib.py).
"""

from __future__ import annotations

import struct
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import cache
from math import isqrt

#: exp: 2**(k/N) for 0 <= k < N, with N = 2**EXP_TABLE_BITS
EXP_TABLE_BITS = 7
#: the log part of pow: N subintervals of [OFF, 2 OFF)
POW_LOG_TABLE_BITS = 7
POW_LOG_OFF = 0x3FE6955500000000
_PRECISION = 256  # bits of the exact values the doubles are rounded from


def bits(x: float) -> int:
    """A double's bit pattern as a signed 64-bit int (what the compiled code loads)."""
    return struct.unpack("<q", struct.pack("<d", x))[0]


def _double(bits_: int) -> float:
    return struct.unpack("<d", struct.pack("<q", bits_))[0]


def _two_to_the(k: int, n_log2: int) -> Fraction:
    """2**(k / 2**n_log2), to _PRECISION bits (below): repeated integer square roots."""
    value = 1 << (k + (_PRECISION << n_log2))
    for _ in range(n_log2):
        value = isqrt(value)
    return Fraction(value, 1 << _PRECISION)


def _ln(x: Fraction) -> Fraction:
    """The natural logarithm to ~260 bits (decimal's ln is correctly rounded to its precision)."""
    with localcontext() as context:
        context.prec = 80
        value = (Decimal(x.numerator) / Decimal(x.denominator)).ln()
    return Fraction(value)


@cache
def exp_table() -> tuple[int, ...]:
    """For k in [0, N): 2**(k/N) = H * (1 + T), H the double nearest 2**(k/N) and T the double
    nearest the rest; pairs (bits of T, bits of H)."""
    words: list[int] = []
    for k in range(1 << EXP_TABLE_BITS):
        exact = _two_to_the(k, EXP_TABLE_BITS)
        high = float(exact)
        words += [bits(float(exact / Fraction(high) - 1)), bits(high)]
    return tuple(words)


@cache
def pow_log_table() -> tuple[int, ...]:
    """For subinterval i of [OFF, 2 OFF) (by bit pattern) with center c0: 1/c = round(N/c0)/N
    (round(2N/c0)/2N when c0 >= 1, where z/c - 1 must stay exact), logc = log(c) rounded to a
    multiple of 2**-43 (so k*ln2hi + logc is exact) and logctail = log(c) - logc rounded;
    triples (invc, logc, logctail)."""
    n = 1 << POW_LOG_TABLE_BITS
    words: list[int] = []
    for i in range(n):
        low = _double(POW_LOG_OFF + (i << (52 - POW_LOG_TABLE_BITS)))
        high = _double(POW_LOG_OFF + ((i + 1) << (52 - POW_LOG_TABLE_BITS)))
        center = (Fraction(low) + Fraction(high)) / 2
        if center < 1:
            invc = Fraction(round(n / center), n)
        else:
            invc = Fraction(round(2 * n / center), 2 * n)
        log_c = -_ln(invc)
        logc = Fraction(round(log_c * 2**43), 2**43)
        words += [bits(float(invc)), bits(float(logc)), bits(float(log_c - logc))]
    return tuple(words)


#: The tables by the name of the library's intrinsic that reads one item (``_table_exp(i)``).
TABLES = {"_table_exp": exp_table, "_table_pow_log": pow_log_table}
