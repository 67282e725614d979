"""The tables of the math library (support/mathlib.py), computed from their definitions.

glibc's exp, exp2, log, log2 and pow (since 2.28) use the table-driven algorithms Szabolcs Nagy
published with ARM's optimized-routines. The tables of exp and pow are defined by formulas and are
recomputed here with exact integer and rational arithmetic; those of log and log2 come from a
search, whose outcome is the one input kept here (LOG_INVC_ULPS), everything else recomputed.
The tests check the results against glibc's bit for bit. Each table is a tuple of 64-bit patterns
(doubles by their bits), placed in a compiled module's static data when the library reads it (the
``_table_*`` intrinsics of mathlib.py).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import cache
from math import isqrt

from .mathdata import ASIN_COEFFICIENTS, ATAN_POINTS, INVERSE_ROOTS, TAN_POINT_ULPS
from .unicodetables import (
    cased_table,
    digit_zeros_table,
    spaces_table,
    title_table,
    unprintable_table,
)

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


#: log and log2: N subintervals of [OFF, 2 OFF) (by bit pattern), 1/c near 1/center of each
LOG_TABLE_BITS = 7
LOG2_TABLE_BITS = 6
LOG_OFF = 0x3FE6000000000000
#: The one input of the log and log2 tables that is not a formula: where glibc's 1/c lies, in
#: ulps from the double nearest 1/center of the subinterval. optimized-routines chose each by a
#: search among +-2**29 (log2: +-2**30) candidates for the one whose log(c) (log2(c)) is nearest
#: a double that is a multiple of 2**-43 (2**-42), so that k*ln2hi + logc (k + logc) is exact;
#: redoing it needs log(c) of 2**30 candidates per entry. Everything else is computed below.
LOG_INVC_ULPS = (
    -23142382,
    -57643754,
    -234334839,
    -124664804,
    19045012,
    -123323398,
    -501163255,
    342479926,
    -234593306,
    57421184,
    513617488,
    -240891478,
    85169741,
    28659150,
    284053799,
    342563057,
    -68420459,
    -346144712,
    -90113766,
    -464022980,
    285342708,
    -489548825,
    376054848,
    47397812,
    -423637851,
    -260988534,
    336107021,
    448241578,
    154177355,
    447893384,
    241227555,
    -420636714,
    -218426730,
    -96876684,
    -205835218,
    -368178198,
    -345128710,
    -510284502,
    481763731,
    209336112,
    429336310,
    15489329,
    442353177,
    -417834330,
    73183371,
    515232680,
    507984536,
    83787275,
    330409952,
    151596684,
    377744204,
    198302857,
    214798271,
    -345957716,
    356163107,
    215510022,
    -229897960,
    -131709726,
    215213618,
    -464519207,
    -332821996,
    385780520,
    -400344786,
    256208139,
    478356527,
    345720337,
    128466877,
    217515751,
    -162048343,
    295127580,
    -235892775,
    -69369347,
    93666841,
    -272860130,
    91915174,
    29018059,
    258893229,
    386009280,
    -241633007,
    68399381,
    386341370,
    408940642,
    65060217,
    -120872168,
    189498853,
    -32395328,
    -49955913,
    154042178,
    -346113480,
    148348366,
    -396488327,
    -427431396,
    107119491,
    -500798201,
    212184347,
    305888811,
    -330297730,
    -91422864,
    6707636,
    273897542,
    -512931067,
    -500150233,
    485589437,
    -280752730,
    106848032,
    30953893,
    -291342514,
    -408884927,
    149302919,
    -107851081,
    225432558,
    460497078,
    -452391632,
    -490679353,
    508304210,
    493208081,
    336502878,
    526975298,
    -457361038,
    -312310462,
    -365194252,
    -421357131,
    362015322,
    310793228,
    -441535439,
    -69145545,
    -528727990,
    433364383,
)
LOG2_INVC_ULPS = (
    -328544708,
    -74476326,
    1021141498,
    -931182196,
    504379064,
    -335614843,
    -283118344,
    -758775068,
    270002250,
    -664773176,
    119721058,
    -796885113,
    398067151,
    688888268,
    -781335381,
    311471183,
    513703399,
    419598957,
    649865984,
    408218657,
    174518592,
    571646530,
    435428157,
    -216810764,
    -991209262,
    -690557345,
    -1030886551,
    398740487,
    66223972,
    932406211,
    967645063,
    -979151458,
    -28036586,
    -817826823,
    -365698287,
    -981846215,
    -1065532483,
    -332011688,
    201404552,
    363032081,
    -137453701,
    900509459,
    -327015489,
    -795511436,
    214218588,
    759630975,
    -488691505,
    -693136430,
    -418196895,
    -982645419,
    -1031413185,
    767668918,
    191094814,
    358029168,
    -1027234167,
    -92054101,
    -59776880,
    -273556791,
    -87604962,
    -82950621,
    1000733367,
    46436578,
    255011079,
    359290331,
)


def _searched_log_table(table_bits: int, ulps: tuple[int, ...], log2: bool) -> tuple[int, ...]:
    """Pairs (invc, logc): 1/c as above, logc = log(c) (log2(c)) rounded to a double."""
    words: list[int] = []
    ln2 = _ln(Fraction(2))
    for i, offset in enumerate(ulps):
        low = _double(LOG_OFF + (i << (52 - table_bits)))
        high = _double(LOG_OFF + ((i + 1) << (52 - table_bits)))
        invc = _double(bits(float(2 / (Fraction(low) + Fraction(high)))) + offset)
        log_c = -_ln(Fraction(invc))
        words += [bits(invc), bits(float(log_c / ln2 if log2 else log_c))]
    return tuple(words)


@cache
def log_table() -> tuple[int, ...]:
    return _searched_log_table(LOG_TABLE_BITS, LOG_INVC_ULPS, log2=False)


@cache
def log2_table() -> tuple[int, ...]:
    return _searched_log_table(LOG2_TABLE_BITS, LOG2_INVC_ULPS, log2=True)


def _halves(values: tuple[int, ...]) -> tuple[int, ...]:
    """Signed 32-bit values two to a word, the even one in the low half."""
    padded = (*values, 0) if len(values) % 2 else values
    return tuple(
        _signed((padded[i] & 0xFFFFFFFF) | ((padded[i + 1] & 0xFFFFFFFF) << 32))
        for i in range(0, len(padded), 2)
    )


def log_seed_table() -> tuple[int, ...]:
    """log's seed: LOG_INVC_ULPS two to a word (mathlib's _searched_log_words derives the rest:
    1/c by one division, logc, a multiple of 2**-43 within 2**-70 of log(c), by a series)."""
    return _halves(LOG_INVC_ULPS)


def log2_seed_table() -> tuple[int, ...]:
    """log2's seed, as log's."""
    return _halves(LOG2_INVC_ULPS)


#: Tables the library derives at first use from a seed (mathlib.py's ``_searched_log_words``),
#: by their word counts: their static data is zeros (no data-segment bytes), written once by
#: the ``_set_table_*`` intrinsics. In CPython the library reads and writes these lists.
DERIVED = {"_table_log": 2 << LOG_TABLE_BITS, "_table_log2": 2 << LOG2_TABLE_BITS}
DERIVED_IN_CPYTHON = {name: [0] * size for name, size in DERIVED.items()}


def _zeros(size: int) -> Callable[[], tuple[int, ...]]:
    return lambda: (0,) * size


#: sin, cos: sin and cos of k/128 for 0 <= k < 110, each as a double and the rest rounded
SINCOS_POINTS = 110
#: Where glibc's table (IBM's Accurate Mathematical Library) differs from the exact roundings:
#: (word, ulps) for 18 low parts, the precision its generator had. Recorded, as it is no formula.
SINCOS_LOW_PART_ULPS = (
    (9, 1), (41, 1), (93, 39), (107, 1), (109, 1), (133, 1), (137, 1), (145, 1), (161, -2),
    (179, 1), (283, 1), (301, 1), (303, -2), (319, 1), (341, 1), (361, -2), (377, 1), (429, 1),
)  # fmt: skip
#: 2/pi in 24-bit pieces for sin and cos of huge arguments (glibc's branred)
TWO_OVER_PI_PIECES = 75


def _sin_cos(x: Fraction) -> tuple[Fraction, Fraction]:
    """sin(x), cos(x) for 0 <= x < 1: their Taylor series in exact rationals, to ~2**-270."""
    sine, cosine = Fraction(0), Fraction(0)
    term = Fraction(1)  # x**n / n!
    for n in range(60):
        signed = -term if (n // 2) % 2 else term
        if n % 2:
            sine += signed
        else:
            cosine += signed
        term = term * x / (n + 1)
    return sine, cosine


@cache
def sincos_table() -> tuple[int, ...]:
    """For x = k/128: sin(x) and cos(x), each as (double, the rest rounded): 4 words per k."""
    words: list[int] = []
    for k in range(SINCOS_POINTS):
        sine, cosine = _sin_cos(Fraction(k, 128))
        for exact in (sine, cosine):
            high = float(exact)
            words += [bits(high), bits(float(exact - Fraction(high)))]
    for word, ulps in SINCOS_LOW_PART_ULPS:
        words[word] += ulps
    return tuple(words)


def _pi_scaled(precision: int) -> int:
    """pi * 2**precision, truncated (Machin's formula in integers, 16 guard bits)."""

    def arctan_inverse(n: int, one: int) -> int:
        total = term = one // n
        k, sign = 1, -1
        while term:
            term //= n * n
            k += 2
            total += sign * (term // k)
            sign = -sign
        return total

    one = 1 << (precision + 16)
    return (4 * (4 * arctan_inverse(5, one) - arctan_inverse(239, one))) >> 16


@cache
def two_over_pi_table() -> tuple[int, ...]:
    """2/pi = sum of piece_i * 2**(-24 (i + 1)): the pieces (integers below 2**24) two to a word,
    piece 2j in the low 24 bits of word j and piece 2j + 1 above it."""
    size = 24 * TWO_OVER_PI_PIECES
    precision = size + 64
    scaled = (2 << (2 * precision)) // _pi_scaled(precision) >> (precision - size)
    pieces = [(scaled >> (size - 24 * (i + 1))) & 0xFFFFFF for i in range(TWO_OVER_PI_PIECES)]
    pieces.append(0)  # an odd count: the last word's high half
    return tuple(pieces[i] | (pieces[i + 1] << 24) for i in range(0, TWO_OVER_PI_PIECES, 2))


def _atan_of_decimal(t: Decimal) -> Fraction:
    """atan(t) for t >= 0 to ~2**-270 (in a 90-digit decimal context): t halved in angle eight
    times (t / (1 + sqrt(1 + t*t))), then the odd Taylor series."""
    for _ in range(8):
        t = t / (1 + (1 + t * t).sqrt())
    total, power, square, k = Decimal(0), t, t * t, 1
    while power > Decimal(10) ** -88:
        total += power / k if k % 4 == 1 else -power / k
        power *= square
        k += 2
    return Fraction(total) * 256


def _atan(x: Fraction) -> Fraction:
    with localcontext() as context:
        context.prec = 90
        return _atan_of_decimal(Decimal(x.numerator) / Decimal(x.denominator))


def _asin(x: Fraction) -> Fraction:
    """asin(x) for 0 <= x < 1, as atan(x / sqrt(1 - x*x))."""
    with localcontext() as context:
        context.prec = 90
        d = Decimal(x.numerator) / Decimal(x.denominator)
        return _atan_of_decimal(d / (1 - d * d).sqrt())


def _signed(word: int) -> int:
    """A 64-bit pattern (as mathdata.py writes them) as the signed int tables hold."""
    return word - ((word >> 63) << 64)


@cache
def atan_table() -> tuple[int, ...]:
    """glibc's atan points (support/mathdata.py): rows of x_i, atan(x_i), 1/(1 + x_i**2) (the
    polynomial's first coefficients, rounded from their exact values) and the four fitted ones."""
    words: list[int] = []
    for row in range(0, len(ATAN_POINTS), 5):
        point, *fitted = (_double(_signed(w)) for w in ATAN_POINTS[row : row + 5])
        exact = Fraction(point)
        words += [bits(point), bits(float(_atan(exact))), bits(float(1 / (1 + exact * exact)))]
        words += [bits(c) for c in fitted]
    return tuple(words)


#: asin's segments of [0.125, 0.96875): (lower bound, rows of 1/256, polynomial degree)
ASIN_SEGMENTS = ((0.125, 32, 6), (0.25, 64, 6), (0.5, 64, 7), (0.75, 44, 8), (0.921875, 8, 9))
ASIN_SEGMENTS += ((0.953125, 4, 10),)


@cache
def asin_table() -> tuple[int, ...]:
    """Rows of degree + 3 words per 1/256 of each segment: its center x0, the coefficients of z ..
    z**d and the low part of the constant term (support/mathdata.py), then asin(x0) rounded to a
    multiple of 2**-51 (the high part glibc's table holds)."""
    words: list[int] = []
    fitted = iter(ASIN_COEFFICIENTS)
    for lower, rows, degree in ASIN_SEGMENTS:
        for row in range(rows):
            center = Fraction(lower) + Fraction(2 * row + 1, 512)
            words += [bits(float(center)), *(_signed(next(fitted)) for _ in range(degree + 1))]
            words.append(bits(float(Fraction(round(_asin(center) * 2**51), 2**51))))
    return tuple(words)


@cache
def inverse_root_table() -> tuple[int, ...]:
    """IBM's approximations of 1/sqrt over each 1/64 of [0.5, 2) (support/mathdata.py)."""
    return tuple(_signed(word) for word in INVERSE_ROOTS)


@cache
def tan_table() -> tuple[int, ...]:
    """glibc's tan points (support/mathdata.py: x_i by its ulps from (i + 16)/256): rows of x_i,
    tan(x_i) and 1/tan(x_i), each rounded from its exact value."""
    words: list[int] = []
    for i, ulps in enumerate(TAN_POINT_ULPS):
        point = bits((i + 16) / 256) + ulps
        sine, cosine = _sin_cos(Fraction(_double(point)))
        words += [point, bits(float(sine / cosine)), bits(float(cosine / sine))]
    return tuple(words)


#: The tables by the name of the library's intrinsic that reads one item (``_table_exp(i)``).
TABLES = {
    "_table_digit_zeros": digit_zeros_table,
    "_table_spaces": spaces_table,
    "_table_unprintable": unprintable_table,
    "_table_cased": cased_table,
    "_table_title": title_table,
    "_table_exp": exp_table,
    "_table_pow_log": pow_log_table,
    "_table_log_seed": log_seed_table,
    "_table_log2_seed": log2_seed_table,
    **{name: _zeros(size) for name, size in DERIVED.items()},
    "_table_sincos": sincos_table,
    "_table_two_over_pi": two_over_pi_table,
    "_table_atan": atan_table,
    "_table_asin": asin_table,
    "_table_inverse_root": inverse_root_table,
    "_table_tan": tan_table,
}
