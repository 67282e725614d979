"""The math library of compiled modules, written in the compiled subset itself.

``math.exp(x)`` in a compiled module calls ``exp`` here, compiled into the same core module (no
host import). CPython's math module calls the platform's libm, glibc on Linux: exp, exp2, log,
log2, log10, pow, ``**``, sin, cos, tan, atan, atan2, asin and acos here are glibc's
algorithms, written to give its results bit for bit. The errors are CPython's ``math``
module's. This file is also plain Python: the tests run it in CPython against ``math`` as well
as compiled.

``_float_bits`` and ``_bits_float`` are intrinsics: the compiler replaces calls to them with
``i64.reinterpret_f64`` and ``f64.reinterpret_i64``; the Python bodies serve CPython only.
``_add64``, ``_sub64``, ``_mul64`` and ``_shl64`` are 64-bit ``+``, ``-``, ``*`` and ``<<`` that
wrap instead of raising OverflowError: one instruction each, for bit fields and table indices
whose range is known (a checked operation costs a compare and a raise path, and makes its
function one that may raise). ``_fdiv`` is a float division whose divisor cannot be zero (no
ZeroDivisionError check). So are the ``_table_*`` functions: a load of word i of a table
(support/mathtables.py) placed in the module's static data.
"""

import math
import struct

TWO54 = 1.80143985094819840000e16


def _float_bits(x: float) -> int:
    return struct.unpack("<q", struct.pack("<d", x))[0]


def _bits_float(b: int) -> float:
    return struct.unpack("<d", struct.pack("<q", b))[0]


def _wrapped(v: int) -> int:
    return (v + 2**63) % 2**64 - 2**63


def _add64(a: int, b: int) -> int:
    return _wrapped(a + b)


def _sub64(a: int, b: int) -> int:
    return _wrapped(a - b)


def _mul64(a: int, b: int) -> int:
    return _wrapped(a * b)


def _shl64(a: int, b: int) -> int:
    return _wrapped(a << b)


def _fdiv(a: float, b: float) -> float:
    return a / b


IVLN10 = 0.4342944819032518  # 0x1.bcb7b1526e50ep-2: 1/ln(10)
LOG10_2HI = 0.30102999566361177  # 0x1.34413509f6000p-2: log10(2), 43 bits
LOG10_2LO = 3.694239077158931e-13  # 0x1.9fef311f12b36p-42: the rest
SMALLEST_NORMAL = 2.2250738585072014e-308
MAX_FLOAT = 1.7976931348623157e308  # beyond it: infinity


def _log_domain(x: float) -> bool:
    """Whether log2/log10 compute x: False for NaN and infinity (returned as they are)."""
    if x <= 0.0:
        raise ValueError("math domain error")
    return x == x and x <= MAX_FLOAT


LOG_LN2_HI = 0.6931471805598903  # 0x1.62e42fefa3800p-1
LOG_LN2_LO = 5.497923018708371e-14  # 0x1.ef35793c76730p-45
LOG_A0 = -0.5000000000000001  # -0x1.0000000000001p-1: log1p(r) - r ~ r*r*(A0 + r*A1 + ...)
LOG_A1 = 0.33333333331825593  # 0x1.555555551305bp-2
LOG_A2 = -0.2499999999622955  # -0x1.fffffffeb4590p-3
LOG_A3 = 0.20000304511814496  # 0x1.999b324f10111p-3
LOG_A4 = -0.16667054827627667  # -0x1.55575e506c89fp-3
LOG_B0 = -0.5  # log(1 + r) ~ r + B0 r**2 + ... for x near 1
LOG_B1 = 0.3333333333333352  # 0x1.5555555555577p-2
LOG_B2 = -0.24999999999998432  # -0x1.ffffffffffdcbp-3
LOG_B3 = 0.19999999999320328  # 0x1.999999995dd0cp-3
LOG_B4 = -0.16666666669929706  # -0x1.55555556745a7p-3
LOG_B5 = 0.14285715076560868  # 0x1.24924a344de30p-3
LOG_B6 = -0.12499997863982555  # -0x1.fffffa4423d65p-4
LOG_B7 = 0.11110712032936046  # 0x1.c7184282ad6cap-4
LOG_B8 = -0.10000486757818193  # -0x1.999eb43b068ffp-4
LOG_B9 = 0.09181994006195467  # 0x1.78182f7afd085p-4
LOG_B10 = -0.08328363062289341  # -0x1.5521375d145cdp-4
LOG_OFF = 0x3FE6000000000000  # log, log2: z = x / 2**k lies in [OFF, 2 OFF)
LOG_NEAR_ONE_LOW = 0x3FEE000000000000  # 1 - 2**-4
LOG_NEAR_ONE_HIGH = 0x3FF1090000000000  # 1 + 0x1.09p-4
TWO_27 = 134217728.0
LOG2_INV_LN2_HI = 1.4426950407214463  # 0x1.7154765200000p+0
LOG2_INV_LN2_LO = 1.6751713164886512e-10  # 0x1.705fc2eefa200p-33
LOG2_A0 = -0.7213475204444882  # -0x1.71547652b8339p-1
LOG2_A1 = 0.4808983469629985  # 0x1.ec709dc3a04bep-2
LOG2_A2 = -0.36067375954075914  # -0x1.7154764702ffbp-2
LOG2_A3 = 0.2885390073180969  # 0x1.2776c50034c48p-2
LOG2_A4 = -0.2404693555628422  # -0x1.ec7b328ea92bcp-3
LOG2_A5 = 0.2061202382173603  # 0x1.a6225e117f92ep-3
LOG2_B0 = -0.7213475204444817  # -0x1.71547652b82fep-1
LOG2_B1 = 0.48089834696298744  # 0x1.ec709dc3a03f7p-2
LOG2_B2 = -0.360673760222145  # -0x1.71547652b7c3fp-2
LOG2_B3 = 0.2885390081805197  # 0x1.2776c50f05be4p-2
LOG2_B4 = -0.24044917405728863  # -0x1.ec709dd768fe5p-3
LOG2_B5 = 0.2060992861022954  # 0x1.a61761ec4e736p-3
LOG2_B6 = -0.18033596705327856  # -0x1.7153fbc64a79bp-3
LOG2_B7 = 0.1603032746063156  # 0x1.484d154f01b4ap-3
LOG2_B8 = -0.14483316576701266  # -0x1.289e4a72c383cp-3
LOG2_B9 = 0.13046826811283835  # 0x1.0b32f285aee66p-3
LOG2_NEAR_ONE_LOW = 0x3FEEA4AF00000000  # 1 - 0x1.5b51p-5
LOG2_NEAR_ONE_HIGH = 0x3FF0B55900000000  # 1 + 0x1.6ab2p-5


def _table_log(i: int) -> int:
    """Word i of log's table (an intrinsic, as _table_exp), derived at first use."""
    from hatch_pywasm.backends.static.support.mathtables import DERIVED_IN_CPYTHON

    return DERIVED_IN_CPYTHON["_table_log"][i]


def _set_table_log(i: int, v: int) -> None:
    """Word i of log's table := v (an intrinsic: a store into static data when compiled)."""
    from hatch_pywasm.backends.static.support.mathtables import DERIVED_IN_CPYTHON

    DERIVED_IN_CPYTHON["_table_log"][i] = v


def _table_log2(i: int) -> int:
    """Word i of log2's table (as _table_log), derived at first use."""
    from hatch_pywasm.backends.static.support.mathtables import DERIVED_IN_CPYTHON

    return DERIVED_IN_CPYTHON["_table_log2"][i]


def _set_table_log2(i: int, v: int) -> None:
    from hatch_pywasm.backends.static.support.mathtables import DERIVED_IN_CPYTHON

    DERIVED_IN_CPYTHON["_table_log2"][i] = v


def _table_log_seed(i: int) -> int:
    """Word i of log's seed (an intrinsic, as _table_exp): where each 1/c lies, in ulps."""
    from hatch_pywasm.backends.static.support.mathtables import log_seed_table

    return log_seed_table()[i]


def _table_log2_seed(i: int) -> int:
    from hatch_pywasm.backends.static.support.mathtables import log2_seed_table

    return log2_seed_table()[i]


# The log and log2 tables hold, for each subinterval i of [OFF, 2 OFF), 1/c and log(c) (log2(c)),
# c chosen by a search so that log(c) lies within about 2**-70 of a multiple of 2**-43 (2**-42):
# logc is that multiple. Only the search's outcome (1/c's distance in ulps from the double
# nearest 1/center, 4 bytes) is data; the rest is computed at the first call that needs it,
# giving mathtables.py's words exactly (checked in tests/static/test_math_size.py).
LOG_SCALE = 8796093022208.0  # 2**43
LOG_ULP = 1.1368683772161603e-13  # 2**-43
LOG2_SCALE = 6345039891168.748  # 2**42 / ln 2
LOG2_ULP = 2.2737367544323206e-13  # 2**-42
SERIES_LAST = 25  # atanh's series to s**25 / 25: |s| < 0.19, so 0.19**24 < 2**-57
ROUND_SHIFT = 6755399441055744.0  # 0x1.8p52: adding it rounds to an integer


def _searched_log_words(log2: bool) -> None:
    """log's (log2's) table from its seed, at its first use: 1/c is its ulps from 2/(low +
    high), correctly rounded (low + high has few bits: exact); logc is log(c) (log2(c)) to
    about 2**-50 by atanh's series, rounded to its multiple of 2**-43 (2**-42), far inside
    the distance to a half (see above). One loop, no calls: no loop region, no frames."""
    shift = 46 if log2 else 45
    scale = LOG2_SCALE if log2 else LOG_SCALE
    i = 0
    while i < (64 if log2 else 128):
        word = _table_log2_seed(i >> 1) if log2 else _table_log_seed(i >> 1)
        ulps = word >> 32 if i & 1 else _shl64(word, 32) >> 32
        low = _bits_float(_add64(LOG_OFF, _shl64(i, shift)))
        at = _shl64(i, 1)
        i = _add64(i, 1)
        high = _bits_float(_add64(LOG_OFF, _shl64(i, shift)))
        invc = _add64(_float_bits(_fdiv(2.0, low + high)), ulps)
        x = _bits_float(invc)
        s = _fdiv(1.0 - x, 1.0 + x)  # log(1/x) = 2 atanh(s)
        s2 = s * s
        p = 0.0
        k = SERIES_LAST
        while k > 1:
            p = p * s2 + _fdiv(1.0, float(k))
            k = _sub64(k, 2)
        m = (2.0 * (s + s * s2 * p) * scale + ROUND_SHIFT) - ROUND_SHIFT
        if log2:
            _set_table_log2(at, invc)
            _set_table_log2(at | 1, _float_bits(m * LOG2_ULP))
        else:
            _set_table_log(at, invc)
            _set_table_log(at | 1, _float_bits(m * LOG_ULP))


def _normal_bits(x: float) -> int:
    """The bits of a finite x > 0; a subnormal x normalized, its exponent below the field's."""
    if x < SMALLEST_NORMAL:
        return _sub64(_float_bits(x * TWO_52), 0x0340000000000000)  # 52 << 52
    return _float_bits(x)


def log(x: float) -> float:
    """The natural logarithm: glibc's log (table-driven, ARM's optimized-routines); CPython's
    ValueError for x <= 0."""
    if not _log_domain(x):
        return x
    ix = _float_bits(x)
    if LOG_NEAR_ONE_LOW <= ix < LOG_NEAR_ONE_HIGH:  # a polynomial in x - 1, in extra precision
        if x == 1.0:
            return 0.0
        r = x - 1.0
        r2 = r * r
        r3 = r * r2
        p = _fma(r3, _fma(r3, LOG_B10, _fma(r2, LOG_B9, _fma(r, LOG_B8, LOG_B7))), _fma(
            r2, LOG_B6, _fma(r, LOG_B5, LOG_B4)))  # fmt: skip
        p = _fma(p, r3, _fma(r2, LOG_B3, _fma(r, LOG_B2, LOG_B1)))
        rhi = _fma(-TWO_27, r, _fma(r, TWO_27, r))  # r to 26 bits, so rhi * rhi is exact
        rlo = r - rhi
        square = rhi * rhi
        hi = _fma(square, LOG_B0, r)
        lo = _fma(square, LOG_B0, r - hi)
        lo = _fma(LOG_B0 * rlo, rhi + r, lo)
        return hi + _fma(p, r3, lo)
    ix = _normal_bits(x)
    tmp = _sub64(ix, LOG_OFF)
    i = _shl64((tmp >> 45) & 127, 1)
    k = tmp >> 52
    z = _bits_float(_sub64(ix, _shl64(k, 52)))  # x = 2**k z, OFF <= z < 2 OFF
    kd = float(k)
    if _table_log(0) == 0:
        _searched_log_words(False)
    invc = _bits_float(_table_log(i))
    logc = _bits_float(_table_log(i | 1))
    r = _fma(z, invc, -1.0)  # z/c - 1
    w = _fma(kd, LOG_LN2_HI, logc)
    hi = w + r
    lo = _fma(kd, LOG_LN2_LO, (w - hi) + r)
    r2 = r * r
    p = _fma(_fma(r, LOG_A4, LOG_A3), r2, _fma(r, LOG_A2, LOG_A1))
    return _fma(r * r2, p, _fma(r2, LOG_A0, lo)) + hi


def log2(x: float) -> float:
    """glibc's log2 (table-driven, as log); CPython's ValueError for x <= 0."""
    if not _log_domain(x):
        return x
    ix = _float_bits(x)
    if LOG2_NEAR_ONE_LOW <= ix < LOG2_NEAR_ONE_HIGH:
        if x == 1.0:
            return 0.0
        r = x - 1.0
        hi = r * LOG2_INV_LN2_HI
        lo = _fma(r, LOG2_INV_LN2_LO, _fma(LOG2_INV_LN2_HI, r, -hi))
        r2 = r * r
        r4 = r2 * r2
        b01 = _fma(r, LOG2_B1, LOG2_B0)
        y = _fma(b01, r2, hi)
        lo = _fma(b01, r2, hi - y) + lo
        q = _fma(_fma(r, LOG2_B5, LOG2_B4), r2, _fma(r, LOG2_B3, LOG2_B2))
        q = _fma(_fma(_fma(r, LOG2_B9, LOG2_B8), r2, _fma(r, LOG2_B7, LOG2_B6)), r4, q)
        return y + _fma(q, r4, lo)
    ix = _normal_bits(x)
    tmp = _sub64(ix, LOG_OFF)
    i = _shl64((tmp >> 46) & 63, 1)
    k = tmp >> 52
    z = _bits_float(_sub64(ix, _shl64(k, 52)))
    if _table_log2(0) == 0:
        _searched_log_words(True)
    t3 = float(k) + _bits_float(_table_log2(i | 1))  # k + log2(c), exact
    r = _fma(z, _bits_float(_table_log2(i)), -1.0)
    t1 = LOG2_INV_LN2_HI * r
    t2 = _fma(r, LOG2_INV_LN2_LO, _fma(LOG2_INV_LN2_HI, r, -t1))
    hi = t1 + t3
    lo = ((t3 - hi) + t1) + t2
    r2 = r * r
    p = _fma(_fma(r, LOG2_A3, LOG2_A2), r2, _fma(r, LOG2_A1, LOG2_A0))
    p = _fma(_fma(r, LOG2_A5, LOG2_A4), r2 * r2, p)
    return _fma(r2, p, lo) + hi


def log10(x: float) -> float:
    """glibc's log10 (its dbl-64 e_log10.c, built without FMA): x = 2**k m with 1 <= m < 2, or
    1/2 <= m < 1 when k < 0, then log10(m) = log(m) / ln(10) and k log10(2) in two parts."""
    if not _log_domain(x):
        return x
    k = 0
    if x < SMALLEST_NORMAL:
        x *= TWO54
        k = -54
    ix = _float_bits(x)
    k = _add64(k, _sub64(ix >> 52, 1023))
    i = 1 if k < 0 else 0
    y = float(_add64(k, i))
    m = _bits_float(_shl64(_sub64(0x3FF, i), 52) | (ix & 0xFFFFFFFFFFFFF))
    return (log(m) * IVLN10 + y * LOG10_2LO) + y * LOG10_2HI


# -- atan, atan2: glibc's dbl-64 s_atan.c and e_atan2.c (IBM's Accurate Mathematical Library) --
# |t| < 1/16: an odd polynomial; 1/16 <= t < 1: a polynomial in t - x_i around the nearest of
# 241 chosen points (support/mathdata.py, rows of 7 words: x_i, atan(x_i), then the coefficients
# of z .. z**6); 1 <= t < 16: the same for 1/t with its rounding error carried; beyond: the odd
# polynomial of 1/t. glibc's FMA builds fuse as below (read off their instructions).

PI = 3.141592653589793  # 0x1.921fb54442d18p+1
PI_LO = 1.2246467991473532e-16  # 0x1.1a62633145c07p-53: pi - PI
HALF_PI = 1.5707963267948966  # 0x1.921fb54442d18p+0
HALF_PI_LO = 6.123233995736766e-17  # 0x1.1a62633145c07p-54
QUARTER_PI = 0.7853981633974483  # 0x1.921fb54442d18p-1
THREE_QUARTER_PI = 2.356194490192345  # 0x1.2d97c7f3321d2p+1
ATAN_D3 = -0.3333333333333333  # -0x1.5555555555555p-2: atan(t) ~ t + t**3 (D3 + t*t (D5 ...))
ATAN_D5 = 0.19999999999998855  # 0x1.99999999997fdp-3
ATAN_D7 = -0.14285714283953163  # -0x1.24924923f7603p-3
ATAN_D9 = 0.11111109821886427  # 0x1.c71c6e5129a3bp-4
ATAN_D11 = -0.09090424391727987  # -0x1.7458022b13c25p-4
ATAN_D13 = 0.07601836584380736  # 0x1.375f08b31cbcep-4
ATAN_TINY = 1.2904777690891933e-08  # 0x1.bb67a00000000p-27: below, atan(x) = x
ATAN_HUGE = 5805361265115136.0  # 0x1.49ff200000000p+52: above, atan(x) = pi/2
ATAN_INDEX_SHIFT = 4503599627370496.0  # 2**52: adding it rounds 256 t to an integer
ATAN_INDEX_SHIFT_BITS = 0x4330000000000000
TWO_500 = 3.273390607896142e150  # 2**500


def _table_atan(i: int) -> int:
    """Word i of atan's table (an intrinsic, as _table_exp)."""
    from hatch_pywasm.backends.static.support.mathtables import atan_table

    return atan_table()[i]


def _atan_row(t: float) -> int:
    """The first word of the table row whose point is nearest t (1/16 <= t < 1)."""
    return _mul64(_sub64(_float_bits(ATAN_INDEX_SHIFT + 256.0 * t) & 0x1FF, 16), 7)  # <= 256


def _atan_word(row: int, k: int) -> float:
    return _bits_float(_table_atan(_add64(row, k)))


def _atan_odd(t: float) -> float:
    """The polynomial (D3 + v (D5 + ...)) of v = t*t, as glibc's FMA chain."""
    v = t * t
    p = _fma(
        v,
        _fma(v, _fma(v, _fma(v, _fma(v, ATAN_D13, ATAN_D11), ATAN_D9), ATAN_D7), ATAN_D5),
        ATAN_D3,
    )
    return p


def _atan_table_poly(row: int, z: float) -> float:
    """c2 + z (c3 + z (c4 + z (c5 + z c6))) of a table row."""
    p = _fma(z, _atan_word(row, 6), _atan_word(row, 5))
    p = _fma(z, p, _atan_word(row, 4))
    p = _fma(z, p, _atan_word(row, 3))
    return _fma(z, p, _atan_word(row, 2))


def _two_sum_tail(a: float, b: float, s: float) -> float:
    """The rounding error of s = a + b (dla.h's EADD; ESUB is it with -b)."""
    if abs(a) > abs(b):
        return (a - s) + b
    return (b - s) + a


def atan(x: float) -> float:
    """glibc's atan."""
    if x != x:
        return x + x
    u = abs(x)
    if u < 1.0:
        if u < 0.0625:
            if u < ATAN_TINY:
                return x
            return _fma(x * (x * x), _atan_odd(x), x)
        row = _atan_row(u)
        z = u - _atan_word(row, 0)
        return math.copysign(_fma(_atan_table_poly(row, z), z, _atan_word(row, 1)), x)
    if u < 16.0:
        w = _fdiv(1.0, u)
        t1 = u * w
        t2 = _fma(u, w, -t1)
        row = _atan_row(w)
        z = _fma((1.0 - t1) - t2, w, w - _atan_word(row, 0))
        yy = _fma(-_atan_table_poly(row, z), z, HALF_PI_LO)
        return math.copysign((HALF_PI - _atan_word(row, 1)) + yy, x)
    if u < ATAN_HUGE:
        w = _fdiv(1.0, u)
        t1 = u * w
        t2 = _fma(u, w, -t1)
        yy = w * (w * w) * _atan_odd(w)
        ww = ((1.0 - t1) - t2) * w
        t3 = HALF_PI - w
        cor = _two_sum_tail(HALF_PI, -w, t3)
        return math.copysign((((cor + HALF_PI_LO) - ww) - yy) + t3, x)
    return HALF_PI if x > 0.0 else -HALF_PI


def atan2(y: float, x: float) -> float:
    """CPython's special cases (m_atan2), then glibc's atan2 for finite y != 0 and finite x."""
    if x != x or y != y:
        return x + y
    if abs(y) > MAX_FLOAT:
        if abs(x) > MAX_FLOAT:
            quarter = QUARTER_PI if math.copysign(1.0, x) == 1.0 else THREE_QUARTER_PI
            return math.copysign(quarter, y)
        return math.copysign(HALF_PI, y)
    if abs(x) > MAX_FLOAT or y == 0.0:
        return math.copysign(0.0 if math.copysign(1.0, x) == 1.0 else PI, y)
    if x == 0.0:
        return math.copysign(HALF_PI, y)
    de = _sub64((_float_bits(y) >> 52) & 0x7FF, (_float_bits(x) >> 52) & 0x7FF)
    if de >= 57:  # |y/x| > 2**56
        return HALF_PI if y > 0.0 else -HALF_PI
    if de <= -57:
        if x > 0.0:
            return math.copysign(_fdiv(abs(y), abs(x)), y)
        return PI if y > 0.0 else -PI
    ax = abs(x)
    ay = abs(y)
    if ax < TWO_M500 or ay < TWO_M500:
        ax *= TWO_500
        ay *= TWO_500
    if ax > TWO_500 or ay > TWO_500:
        ax *= TWO_M500
        ay *= TWO_M500
    if ay < ax:
        u = _fdiv(ay, ax)  # neither is zero
        v = ax * u
        du = _fdiv((ay - v) - _fma(ax, u, -v), ax)
    else:
        u = _fdiv(ax, ay)
        v = ay * u
        du = _fdiv((ax - v) - _fma(ay, u, -v), ay)
    return math.copysign(_atan2_positive(u, du, x > 0.0, ay < ax, ax < ay), y)


def _atan2_positive(
    u: float, du: float, x_positive: bool, y_smaller: bool, x_smaller: bool
) -> float:
    """atan2(|y|, x) from the ratio u + du of the smaller of |x|, |y| to the larger: atan(u)
    (x > 0, |y| < |x|), pi/2 - atan(u) (x > 0), pi/2 + atan(u) (|x| < |y|), or pi - atan(u)."""
    if x_positive and y_smaller:
        if u < 0.0625:
            return u + _fma(u * (u * u), _atan_odd(u), du)
        row = _atan_row(u)
        t3 = u - _atan_word(row, 0)
        v = t3 + du
        dv = _two_sum_tail(t3, du, v)
        c2 = _atan_word(row, 2)
        p = _fma(v, _atan_word(row, 6), _atan_word(row, 5))
        p = _fma(v, _fma(v, p, _atan_word(row, 4)), _atan_word(row, 3))
        return _fma(v, c2, _fma(dv, c2, v * v * p)) + _atan_word(row, 1)
    base = PI
    base_lo = PI_LO
    sign = -1.0
    if x_positive or x_smaller:
        base = HALF_PI
        base_lo = HALF_PI_LO
        sign = -1.0 if x_positive else 1.0
    if u < 0.0625:
        zz = u * (u * u) * _atan_odd(u)
        t2 = base + sign * u
        cor = _two_sum_tail(base, sign * u, t2)
        return (((cor + base_lo) + sign * du) + sign * zz) + t2
    row = _atan_row(u)
    v = (u - _atan_word(row, 0)) + du
    zz = _fma(sign * v, _atan_table_poly(row, v), base_lo)
    return (base + sign * _atan_word(row, 1)) + zz


TWO53 = 9007199254740992.0


def _is_odd_integer(y: float) -> bool:
    return abs(y) < TWO53 and y == float(int(y)) and int(y) % 2 == 1


def _power(x: float, y: float) -> float:
    """x ** y: CPython's float_pow (its special cases and errors) around glibc's pow."""
    if y == 0.0:
        return 1.0
    if x != x:
        return x
    if y != y:
        return 1.0 if x == 1.0 else y
    if abs(y) > MAX_FLOAT:
        ax = abs(x)
        if ax == 1.0:
            return 1.0
        if (y > 0.0) == (ax > 1.0):
            return abs(y)
        return 0.0
    if abs(x) > MAX_FLOAT:
        if y > 0.0:
            return x if _is_odd_integer(y) else abs(x)
        return math.copysign(0.0, x) if _is_odd_integer(y) else 0.0
    if x == 0.0:
        if y < 0.0:
            raise ZeroDivisionError("0.0 cannot be raised to a negative power")
        return x if _is_odd_integer(y) else 0.0
    return _finite_power(x, y, False)


def pow(x: float, y: float) -> float:
    """math.pow: CPython's math_pow (IEEE special cases, ValueError/OverflowError) around the
    same glibc core as ``**``."""
    if x != x:
        return 1.0 if y == 0.0 else x
    if y != y:
        return 1.0 if x == 1.0 else y
    if abs(x) > MAX_FLOAT:
        odd = abs(y) <= MAX_FLOAT and _is_odd_integer(y)
        if y > 0.0:
            return x if odd else abs(x)
        if y == 0.0:
            return 1.0
        return math.copysign(0.0, x) if odd else 0.0
    if abs(y) > MAX_FLOAT:
        if abs(x) == 1.0:
            return 1.0
        if (y > 0.0 and abs(x) > 1.0) or (y < 0.0 and abs(x) < 1.0):
            return abs(y)
        return 0.0
    if y == 0.0:
        return 1.0
    if x == 0.0:
        if y < 0.0:
            raise ValueError("math domain error")
        return x if _is_odd_integer(y) else 0.0
    return _finite_power(x, y, True)


def _finite_power(x: float, y: float, math_errors: bool) -> float:
    """x ** y for finite, nonzero x and y: the sign from an odd integer y, the magnitude from
    glibc's pow; the errors of math.pow or of ``**`` (which would give a complex number)."""
    negate = False
    if x < 0.0:
        if abs(y) < TWO53 and y != float(int(y)):  # every float beyond 2**53 is an integer
            if math_errors:
                raise ValueError("math domain error")
            raise ValueError("negative number cannot be raised to a fractional power")
        x = -x
        negate = _is_odd_integer(y)
    if x == 1.0:
        return -1.0 if negate else 1.0
    z = _positive_power(x, y)
    if abs(z) > MAX_FLOAT:
        if math_errors:
            raise OverflowError("math range error")
        raise OverflowError("(34, 'Numerical result out of range')")  # CPython's text
    return -z if negate else z


def fmod(x: float, y: float) -> float:
    """math.fmod: exact (support/floatmod.wat), with CPython's domain errors."""
    if abs(y) > MAX_FLOAT and abs(x) <= MAX_FLOAT:
        return x
    if x != x or y != y:
        return x + y
    if abs(x) > MAX_FLOAT or y == 0.0:
        raise ValueError("math domain error")
    return _fmod(x, y)


def _fmod(x: float, y: float) -> float:
    return math.fmod(x, y)


def hypot(x: float, y: float) -> float:
    """CPython's own math.hypot (its vector_norm, not libm's), for two coordinates: scaled by a
    power of two, squares exact (Dekker) summed with compensation, then a square root with one
    differential correction."""
    x = abs(x)
    y = abs(y)
    if x > MAX_FLOAT or y > MAX_FLOAT:
        return MAX_FLOAT * 2.0  # inf, even with a NaN
    if x != x or y != y:
        return x + y
    top = y if y > x else x
    if top == 0.0:
        return top
    if top < TWO_M1024:  # 2**-exponent would overflow: divide by the largest instead
        x /= top
        y /= top
        csum = 1.0 + x * x
        frac = (1.0 - csum) + x * x
        total = csum + y * y
        frac += (csum - total) + y * y
        return top * math.sqrt((total - 1.0) + frac)
    scale = _power_of_two(-_frexp_exponent(top))
    x *= scale
    y *= scale
    square = x * x
    frac1 = _product_error(x, x, square)
    csum = 1.0 + square
    frac2 = (1.0 - csum) + square
    square = y * y
    frac1 += _product_error(y, y, square)
    total = csum + square
    frac2 += (csum - total) + square
    h = math.sqrt((total - 1.0) + (frac1 + frac2))
    square = -h * h
    frac1 += _product_error(-h, h, square)
    csum = total + square
    frac2 += (total - csum) + square
    h += ((csum - 1.0) + (frac1 + frac2)) / (2.0 * h)
    return h / scale


def _power_of_two(n: int) -> float:
    """2**n for -1024 <= n <= 1023 (subnormal below -1022)."""
    if n < -1022:
        return _bits_float(1 << (n + 1074))
    return _bits_float((n + 1023) << 52)


def _frexp_exponent(x: float) -> int:
    """e with x = m * 2**e and 1/2 <= m < 1, for a finite x >= 2**-1024 (frexp's exponent)."""
    if x < SMALLEST_NORMAL:
        return ((_float_bits(x * TWO54) >> 52) & 0x7FF) - 1022 - 54
    return ((_float_bits(x) >> 52) & 0x7FF) - 1022


# -- exp and pow: the algorithms of ARM's optimized-routines, as glibc runs them here ---------
# glibc (>= 2.28) on x86-64 picks, on a CPU with FMA, builds of these functions compiled with
# -mfma, where the compiler fuses each product whose only uses are additions into one FMA.
# The code below makes exactly those fusions (read off the instructions glibc 2.36 runs), with
# _fma emulating the instruction, and so gives glibc's results bit for bit. The tables are
# computed from their definitions in support/mathtables.py.

EXP_INV_LN2_N = 184.6649652337873  # 0x1.71547652b82fep+7: N/ln2 rounded
EXP_NEG_LN2_HI_N = -0.005415212348111709  # -0x1.62e42fefa0000p-8: -ln2/N, 43 bits
EXP_NEG_LN2_LO_N = -1.2864023111638346e-14  # -0x1.cf79abc9e3b3ap-47: the rest
EXP_SHIFT = 6755399441055744.0  # 0x1.8p52: adding it rounds to an integer
EXP_SHIFT_BITS = 0x4338000000000000
EXP_C2 = 0.49999999999996786  # 0x1.ffffffffffdbdp-2: exp(r) - 1 - r ~ r*r*(C2 + r*C3 + ...)
EXP_C3 = 0.16666666666665886  # 0x1.555555555543cp-3
EXP_C4 = 0.0416666808410674  # 0x1.55555cf172b91p-5
EXP_C5 = 0.008333335853059549  # 0x1.1111167a4d017p-7
TWO_1009 = 5.486124068793689e303  # 2**1009
TWO_M1022 = 2.2250738585072014e-308  # 2**-1022
TWO_M1024 = 5.562684646268003e-309  # 2**-1024 (subnormal)
POW_LOG_OFF = 0x3FE6955500000000  # z = x / 2**k lies in [OFF, 2 OFF)
POW_LN2_HI = 0.6931471805598903  # 0x1.62e42fefa3800p-1: ln2 to 42 bits (k * it is exact)
POW_LN2_LO = 5.497923018708371e-14  # 0x1.ef35793c76730p-45
POW_A0 = -0.5  # log1p(r) - r ~ A0 r**2 + ..., coefficients scaled as the evaluation uses them
POW_A1 = -0.6666666666666679  # -0x1.5555555555560p-1
POW_A2 = 0.5000000000000007  # 0x1.0000000000006p-1
POW_A3 = 0.7999999995323976  # 0x1.999999959554ep-1
POW_A4 = -0.6666666663487739  # -0x1.555555529a47ap-1
POW_A5 = -1.142909628459501  # -0x1.2495b9b4845e9p+0
POW_A6 = 1.0000415263675542  # 0x1.0002b8b263fc3p+0
SMALLEST_NORMAL_BITS = 0x0010000000000000
ONE_BITS = 0x3FF0000000000000


def _table_exp(i: int) -> int:
    """Word i of exp's table (an intrinsic: a load from static data when compiled)."""
    from hatch_pywasm.backends.static.support.mathtables import exp_table

    return exp_table()[i]


def _table_pow_log(i: int) -> int:
    """Word i of pow's log table (an intrinsic, as _table_exp)."""
    from hatch_pywasm.backends.static.support.mathtables import pow_log_table

    return pow_log_table()[i]


def _fma(a: float, b: float, c: float) -> float:
    """a * b + c rounded once, as the FMA instruction: the exact product (Dekker) and sum
    (two-sum), their low parts added with rounding to odd, then one rounding to nearest (Boldo
    and Melquiond, 2008). Exact unless a * b overflows or its low part underflows, which the
    callers here never meet."""
    p = a * b
    e = _product_error(a, b, p)
    s = c + p
    z = s - c
    t = (c - (s - z)) + (p - z)
    v = t + e
    z = v - t
    w = (t - (v - z)) + (e - z)
    if w != 0.0:  # v is inexact: make it odd (the neighbour towards the exact sum if even)
        vb = _float_bits(v)
        if (vb & 1) == 0:
            v = _bits_float(vb + 1 if (w > 0.0) == (v > 0.0) else vb - 1)
    return s + v


def exp(x: float) -> float:
    """e**x: glibc's exp; CPython's OverflowError when the result is infinite."""
    if x != x:
        return x
    top = (_float_bits(x) >> 52) & 0x7FF
    if top >= 0x409:  # |x| >= 1024 (or infinite)
        if x < 0.0:
            return 0.0
        if top == 0x7FF:
            return x
        raise OverflowError("math range error")
    y = _exp(x, 0.0)
    if y > MAX_FLOAT:
        raise OverflowError("math range error")
    return y


def _exp(x: float, xtail: float) -> float:
    """exp(x + xtail) for |x| < 1024, |xtail| < 2**-8/N: x = k ln2/N + r, exp(x) = 2**(k/N)
    exp(r) = scale (1 + tail) exp(r) with scale and tail from the table, exp(r) - 1 by a
    polynomial; pow passes the low part of y*log(x) as xtail."""
    top = (_float_bits(x) >> 52) & 0x7FF
    if top < 0x3C9:  # |x| < 2**-54
        return 1.0 + x
    kd = _fma(x, EXP_INV_LN2_N, EXP_SHIFT)
    k = _sub64(_float_bits(kd), EXP_SHIFT_BITS)  # |k| < 2**18
    kd -= EXP_SHIFT
    r = _fma(kd, EXP_NEG_LN2_LO_N, _fma(kd, EXP_NEG_LN2_HI_N, x)) + xtail
    i = _shl64(k & 127, 1)
    tail = _bits_float(_table_exp(i))
    high = _table_exp(i | 1)  # the bits of 2**(i/N), rounded
    r2 = r * r
    tmp = _fma(r2 * r2, _fma(r, EXP_C5, EXP_C4), _fma(r2, _fma(r, EXP_C3, EXP_C2), r + tail))
    e = k >> 7
    if top < 0x408:  # |x| < 512: the scale is a normal double
        scale = _bits_float(_add64(high, _shl64(e, 52)))
        return _fma(scale, tmp, scale)
    if k >= 0:  # may overflow: scale by 2**-1009 first
        scale = _bits_float(_add64(high, _shl64(_sub64(e, 1009), 52)))
        return _fma(scale, tmp, scale) * TWO_1009
    scale = _bits_float(_add64(high, _shl64(_add64(e, 1022), 52)))  # may underflow: by 2**1022
    product = scale * tmp
    y = scale + product
    if y < 1.0:  # a subnormal result: round y once at the precision it will have
        lo = (scale - y) + product
        hi = 1.0 + y
        lo = ((1.0 - hi) + y) + lo
        y = (lo + hi) - 1.0
    return y * TWO_M1022


EXP2_SHIFT = 52776558133248.0  # 0x1.8p45: adding it rounds to a multiple of 1/N
EXP2_SHIFT_BITS = 0x42C8000000000000
EXP2_C1 = 0.6931471805599453  # 0x1.62e42fefa39efp-1: 2**r - 1 ~ r*C1 + r*r*(C2 + ...)
EXP2_C2 = 0.24022650695909065  # 0x1.ebfbdff82c424p-3
EXP2_C3 = 0.0555041086686087  # 0x1.c6b08d70cf4b5p-5
EXP2_C4 = 0.009618131975721055  # 0x1.3b2abd24650ccp-7
EXP2_C5 = 0.0013332074570119598  # 0x1.5d7e09b4e3a84p-10


def exp2(x: float) -> float:
    """2**x: glibc's exp2 (optimized-routines' algorithm with exp's table; glibc builds it
    without FMA, so no fusions here); CPython's OverflowError when the result is infinite."""
    if x != x:
        return x
    ix = _float_bits(x)
    top = (ix >> 52) & 0x7FF
    if top < 0x3C9:  # |x| < 2**-54
        return 1.0 + x
    if top >= 0x409:  # |x| >= 1024
        if x > MAX_FLOAT:
            return x
        if x > 0.0:
            raise OverflowError("math range error")
        if x <= -1075.0:
            return 0.0
    kd = x + EXP2_SHIFT
    k = _sub64(_float_bits(kd), EXP2_SHIFT_BITS)  # x ~ k/N, |k| < 2**18
    r = x - (kd - EXP2_SHIFT)
    i = _shl64(k & 127, 1)
    r2 = r * r
    tmp = (_bits_float(_table_exp(i)) + r * EXP2_C1) + r2 * (EXP2_C2 + r * EXP2_C3)
    tmp += (r2 * r2) * (EXP2_C4 + r * EXP2_C5)
    high = _table_exp(i | 1)
    e = k >> 7
    if (ix & 0x7FFFFFFFFFFFFFFF) <= 0x408D000000000000:  # |x| <= 928: a normal scale
        scale = _bits_float(_add64(high, _shl64(e, 52)))
        return scale * tmp + scale
    if k >= 0:  # may overflow: halve the scale first
        scale = _bits_float(_add64(high, _shl64(_sub64(e, 1), 52)))
        y = 2.0 * (scale * tmp + scale)
        if y > MAX_FLOAT:
            raise OverflowError("math range error")
        return y
    scale = _bits_float(_add64(high, _shl64(_add64(e, 1022), 52)))  # may underflow, as in _exp
    product = scale * tmp
    y = scale + product
    if y < 1.0:
        lo = (scale - y) + product
        hi = 1.0 + y
        lo = ((1.0 - hi) + y) + lo
        y = (lo + hi) - 1.0
    return y * TWO_M1022


def _pow_log(ix: int) -> tuple[float, float]:
    """log(x) as y + tail, with about 15 bits more than a double, for x's bits ix (a subnormal
    x normalized, its exponent below the field's range): pow's own table-driven log."""
    tmp = _sub64(ix, POW_LOG_OFF)
    i = (tmp >> 45) & 127
    k = tmp >> 52
    z = _bits_float(_sub64(ix, _shl64(k, 52)))
    kd = float(k)
    row = _mul64(i, 3)
    invc = _bits_float(_table_pow_log(row))
    logc = _bits_float(_table_pow_log(_add64(row, 1)))
    logctail = _bits_float(_table_pow_log(_add64(row, 2)))
    r = _fma(z, invc, -1.0)  # exact: 1/c has few bits
    t1 = _fma(kd, POW_LN2_HI, logc)
    t2 = t1 + r
    lo1 = _fma(kd, POW_LN2_LO, logctail)
    lo2 = (t1 - t2) + r
    ar = r * POW_A0
    ar2 = r * ar
    ar3 = r * ar2
    hi = t2 + ar2
    lo3 = _fma(ar, r, -ar2)
    lo4 = (t2 - hi) + ar2
    p = _fma(ar2, _fma(r, POW_A6, POW_A5), _fma(r, POW_A4, POW_A3))
    p = _fma(ar2, p, _fma(r, POW_A2, POW_A1))
    lo = _fma(ar3, p, ((lo1 + lo2) + lo3) + lo4)
    y = hi + lo
    return y, (hi - y) + lo


def _positive_power(x: float, y: float) -> float:
    """x ** y for a finite x > 0, x != 1 and a finite y != 0: glibc's pow, exp(y log(x)) with
    log(x) and the product in extra precision."""
    ix = _float_bits(x)
    top_y = (_float_bits(y) >> 52) & 0x7FF
    if top_y < 0x3BE:  # |y| < 2**-65: x**y ~ 1 + y log(x)
        return 1.0 + y if ix > ONE_BITS else 1.0 - y
    if top_y >= 0x43E:  # |y| >= 2**63: overflow or underflow
        return MAX_FLOAT * 2.0 if (ix > ONE_BITS) == (y > 0.0) else 0.0
    if ix < SMALLEST_NORMAL_BITS:  # subnormal x: normalize, the exponent goes negative
        ix = _sub64(_float_bits(x * TWO_52), 0x0340000000000000)  # 52 << 52
    hi, lo = _pow_log(ix)
    ehi = y * hi
    elo = _fma(y, lo, _fma(y, hi, -ehi))
    top = (_float_bits(ehi) >> 52) & 0x7FF
    if top >= 0x409:  # |y log(x)| >= 1024
        return 0.0 if ehi < 0.0 else MAX_FLOAT * 2.0
    return _exp(ehi, elo)


# -- sin, cos: glibc's dbl-64 s_sin.c (IBM's Accurate Mathematical Library) --------------------
# sin and cos of |x| < pi/4 + a little from a table of sin and cos at k/128 and short Taylor
# series of the rest; |x| < 105414350 reduced modulo pi/2 in three parts, beyond that by 2/pi in
# 24-bit pieces (branred.c). glibc's FMA build fuses as below (branred has no fusions).

SIN_BIG = 52776558133248.0  # 0x1.8p45: adding it rounds |x| to a multiple of 1/128
SIN_BIG_BITS = 0x42C8000000000000
SIN_SN3 = -0.16666666666666488  # -0x1.5555555555515p-3: sin(x) ~ x + x**3 (SN3 + x*x SN5)
SIN_SN5 = 0.008333332142857223  # 0x1.11110e829872fp-7
SIN_CS2 = 0.5  # 1 - cos(x) ~ x*x (CS2 + x*x (CS4 + x*x CS6))
SIN_CS4 = -0.04166666666666644  # -0x1.5555555555535p-5
SIN_CS6 = 0.001388888740079376  # 0x1.6c16bedd9e239p-10
SIN_S1 = -0.16666666666666666  # -0x1.5555555555555p-3: the Taylor series for |x| < 0.126
SIN_S2 = 0.008333333333332329  # 0x1.1111111110ecep-7
SIN_S3 = -0.00019841269834414642  # -0x1.a01a019db08b8p-13
SIN_S4 = 2.755729806860771e-06  # 0x1.71de27b9a7ed9p-19
SIN_S5 = -2.5022014848318398e-08  # -0x1.addffc2fcdf59p-26
SIN_HP0 = 1.5707963267948966  # 0x1.921fb54442d18p+0: pi/2 in two parts
SIN_HP1 = 6.123233995736766e-17  # 0x1.1a62633145c07p-54
SIN_HPINV = 0.6366197723675814  # 0x1.45f306dc9c883p-1: 2/pi
SIN_TOINT = 6755399441055744.0  # 0x1.8p52
SIN_MP1 = 1.5707963407039642  # 0x1.921fb58000000p+0: pi/2 in four parts
SIN_MP2 = -1.3909067564377153e-08  # -0x1.dde973c000000p-27
SIN_PP3 = -4.97899623147991e-17  # -0x1.cb3b398000000p-55
SIN_PP4 = -1.9034889620193266e-25  # -0x1.d747f23e32ed7p-83
BRANRED_MP2 = -1.3909067675399456e-08  # -0x1.dde9740000000p-27 (branred's own split)
BRANRED_TM600 = 2.409919865102884e-181  # 2**-600
BRANRED_T576_BITS = 0x63F0000000000000  # 2**576
BRANRED_TM24 = 5.960464477539063e-08  # 2**-24
BRANRED_BIG1 = 27021597764222976.0  # 0x1.8p54
SPLIT = 134217729.0  # 2**27 + 1


def _table_sincos(i: int) -> int:
    """Word i of the sin/cos table (an intrinsic, as _table_exp)."""
    from hatch_pywasm.backends.static.support.mathtables import sincos_table

    return sincos_table()[i]


def _table_two_over_pi(i: int) -> int:
    """Word i of the 2/pi table (an intrinsic, as _table_exp)."""
    from hatch_pywasm.backends.static.support.mathtables import two_over_pi_table

    return two_over_pi_table()[i]


def _two_over_pi(i: int) -> float:
    """Piece i of 2/pi in 24-bit pieces: two of them to a table word, the even one low."""
    word = _table_two_over_pi(i >> 1)
    return float(word >> 24 if i & 1 else word & 0xFFFFFF)


def sin(x: float) -> float:
    """glibc's sin; CPython's ValueError for an infinity."""
    k = (_float_bits(x) >> 32) & 0x7FFFFFFF
    if k < 0x3E500000:  # |x| < 2**-26
        return x
    if k < 0x3FEB6000:  # |x| < 0.855469
        return _sin_near(x, 0.0)
    if k < 0x400368FD:  # |x| < 2.426265: cos(pi/2 - |x|)
        return math.copysign(_cos_near(SIN_HP0 - abs(x), SIN_HP1), x)
    return _sin_quadrant(x, 0)


def cos(x: float) -> float:
    """glibc's cos; CPython's ValueError for an infinity."""
    k = (_float_bits(x) >> 32) & 0x7FFFFFFF
    if k < 0x3E400000:  # |x| < 2**-27
        return 1.0
    if k < 0x3FEB6000:
        return _cos_near(x, 0.0)
    if k < 0x400368FD:  # sin(pi/2 - |x|), pi/2 - |x| in two parts
        y = SIN_HP0 - abs(x)
        a = y + SIN_HP1
        return _sin_near(a, (y - a) + SIN_HP1)
    return _sin_quadrant(x, 1)


def _sin_quadrant(x: float, shift: int) -> float:
    """sin(x + shift pi/2) for |x| >= 2.426265: x reduced to a + da modulo pi/2."""
    if x != x:
        return x
    if abs(x) > MAX_FLOAT:
        raise ValueError("math domain error")
    if ((_float_bits(x) >> 32) & 0x7FFFFFFF) < 0x419921FB:  # |x| < 105414350
        n, a, da = _reduce_pi_over_2(x)
    else:
        n, a, da = _branred(x)
    n = _add64(n, shift)
    r = _cos_near(a, da) if n & 1 else _sin_near(a, da)
    return -r if n & 2 else r


def _sin_near(x: float, dx: float) -> float:
    """sin(x + dx) for |x| < 0.855469 (do_sin)."""
    if abs(x) < 0.126:
        xx = x * x
        p = _fma(xx, _fma(xx, _fma(xx, _fma(xx, SIN_S5, SIN_S4), SIN_S3), SIN_S2), SIN_S1)
        return x + _fma(xx, _fma(p, x, -(0.5 * dx)), dx)
    if x <= 0.0:
        dx = -dx
    u = SIN_BIG + abs(x)
    k = _shl64(_float_bits(u) & 0xFF, 2)  # the table row of round(128 |x|), below 110
    r = abs(x) - (u - SIN_BIG)
    rr = r * r
    s = r + _fma(r * rr, _fma(rr, SIN_SN5, SIN_SN3), dx)
    c = _fma(r, dx, rr * _fma(rr, _fma(rr, SIN_CS6, SIN_CS4), SIN_CS2))
    sn = _bits_float(_table_sincos(k))
    ssn = _bits_float(_table_sincos(k | 1))
    cor = _fma(-c, sn, _fma(s, _bits_float(_table_sincos(k | 3)), ssn))
    cor = _fma(s, _bits_float(_table_sincos(k | 2)), cor)
    return math.copysign(sn + cor, x)


def _cos_near(x: float, dx: float) -> float:
    """cos(x + dx) for |x| < 0.855469 (do_cos)."""
    if x < 0.0:
        dx = -dx
    u = SIN_BIG + abs(x)
    k = _shl64(_float_bits(u) & 0xFF, 2)
    r = (abs(x) - (u - SIN_BIG)) + dx
    rr = r * r
    s = _fma(r * rr, _fma(rr, SIN_SN5, SIN_SN3), r)
    c = rr * _fma(rr, _fma(rr, SIN_CS6, SIN_CS4), SIN_CS2)
    cs = _bits_float(_table_sincos(k | 2))
    cor = _fma(-s, _bits_float(_table_sincos(k | 1)), _bits_float(_table_sincos(k | 3)))
    cor = _fma(-s, _bits_float(_table_sincos(k)), _fma(-c, cs, cor))
    return cs + cor


def _reduce_pi_over_2(x: float) -> tuple[int, float, float]:
    """x = n pi/2 + a + da for |x| < 105414350 (reduce_sincos: pi/2 in four parts)."""
    t = _fma(x, SIN_HPINV, SIN_TOINT)
    xn = t - SIN_TOINT
    n = _float_bits(t) & 3
    y = _fma(-xn, SIN_MP2, _fma(-xn, SIN_MP1, x))
    t2 = _fma(-xn, SIN_PP3, y)
    db = _fma(-SIN_PP3, xn, y - t2)
    b = _fma(-xn, SIN_PP4, t2)
    return n, b, db + _fma(-xn, SIN_PP4, t2 - b)


def _branred(x: float) -> tuple[int, float, float]:
    """x = n pi/2 + a + aa for a huge |x| (glibc's branred.c): x split in two halves, each
    times the 2/pi pieces that matter, the fractions of quarter turns summed exactly enough."""
    x *= BRANRED_TM600
    t = x * SPLIT
    x1 = t - (t - x)
    x2 = x - x1
    b1, bb1, sum1 = _branred_half(x1)
    b2, bb2, sum2 = _branred_half(x2)
    total = sum1 + sum2
    b = b1 + b2
    bb = (b1 - b) + b2 if abs(b1) > abs(b2) else (b2 - b) + b1
    if b > 0.5:
        b -= 1.0
        total += 1.0
    elif b < -0.5:
        b += 1.0
        total -= 1.0
    s = b + ((bb + bb1) + bb2)
    t = ((b - s) + bb) + (bb1 + bb2)
    b = s * SPLIT
    t1 = b - (b - s)
    t2 = s - t1
    b = s * SIN_HP0
    bb = (((t1 * SIN_MP1 - b) + t1 * BRANRED_MP2) + t2 * SIN_MP1) + (
        (t2 * BRANRED_MP2 + s * SIN_HP1) + t * SIN_HP0
    )
    s = b + bb
    return _float_bits(total + SIN_TOINT) & 3, s, (b - s) + bb  # total: an integer, |total| < 4


def _branred_half(x: float) -> tuple[float, float, float]:
    """One half of branred: x * 2/pi as an integer part (mod 4) and a fraction b + bb."""
    e = _sub64((_float_bits(x) >> 52) & 2047, 450)
    if e < 0:
        e = 0
    k = e // 24
    scale = _bits_float(_sub64(BRANRED_T576_BITS, _shl64(_sub64(e, e % 24), 52)))  # 2**(576-24k)
    r0 = x * _two_over_pi(k) * scale
    scale *= BRANRED_TM24
    r1 = x * _two_over_pi(_add64(k, 1)) * scale
    scale *= BRANRED_TM24
    r2 = x * _two_over_pi(_add64(k, 2)) * scale
    scale *= BRANRED_TM24
    r3 = x * _two_over_pi(_add64(k, 3)) * scale
    scale *= BRANRED_TM24
    r4 = x * _two_over_pi(_add64(k, 4)) * scale
    scale *= BRANRED_TM24
    r5 = x * _two_over_pi(_add64(k, 5)) * scale
    total = 0.0
    s = (r0 + SIN_TOINT) - SIN_TOINT
    total += s
    r0 -= s
    s = (r1 + SIN_TOINT) - SIN_TOINT
    total += s
    r1 -= s
    s = (r2 + SIN_TOINT) - SIN_TOINT
    total += s
    r2 -= s
    t = 0.0
    t += r5
    t += r4
    t += r3
    t += r2
    t += r1
    t += r0
    bb = (((((r0 - t) + r1) + r2) + r3) + r4) + r5
    s = (t + SIN_TOINT) - SIN_TOINT
    total += s
    t -= s
    b = t + bb
    bb = (t - b) + bb
    s = (total + BRANRED_BIG1) - BRANRED_BIG1
    return b, bb, total - s


# -- tan: glibc's dbl-64 s_tan.c (IBM's Accurate Mathematical Library) -------------------------
# |x| <= 0.0608: an odd polynomial; up to 0.787: a rational function around the nearest of 186
# chosen points x_i (support/mathtables.py tan_table: x_i, tan(x_i), 1/tan(x_i)). Beyond, x is
# reduced modulo pi/2 to a + da (in three parts up to 25, four up to 1e8, branred beyond) and the
# same evaluated, -1/tan for odd quarter turns (a double-double division near them). glibc's FMA
# build fuses as below (read off its instructions).

TAN_D3 = 0.3333333333333333  # 0x1.5555555555555p-2: tan(x) ~ x + x**3 (D3 + x*x (D5 + ...))
TAN_D5 = 0.1333333333332673  # 0x1.11111111107c6p-3
TAN_D7 = 0.05396825411095433  # 0x1.ba1ba1cdb8745p-5
TAN_D9 = 0.021869380598167253  # 0x1.664ed49cfc666p-6
TAN_D11 = 0.008896546349534924  # 0x1.2385a3cf2e4eap-7
TAN_E0 = 0.3333333333332254  # 0x1.5555555554dbdp-2: tan(z) ~ z + z**3 (E0 + z*z E1)
TAN_E1 = 0.13333354920669913  # 0x1.11112e0a6b45fp-3
TAN_TINY = 1.2589993048095494e-08  # 0x1.b096c00000000p-27: below, tan(x) = x
TAN_SMALL = 0.060799986124038696  # 0x1.f212d00000000p-5: below, the odd polynomial
TAN_TABLE_END = 0.7869997024536133  # 0x1.92f1a00000000p-1
TAN_MP3 = -4.9789962505147994e-17  # -0x1.cb3b399d747f2p-55: pi/2 - SIN_MP1 - SIN_MP2


def _table_tan(i: int) -> int:
    """Word i of tan's table (an intrinsic, as _table_exp)."""
    from hatch_pywasm.backends.static.support.mathtables import tan_table

    return tan_table()[i]


def _tan_odd(x2: float) -> float:
    """D3 + x2 (D5 + ...) of x2 = x*x, as glibc's FMA chain."""
    return _fma(x2, _fma(x2, _fma(x2, _fma(x2, TAN_D11, TAN_D9), TAN_D7), TAN_D5), TAN_D3)


def tan(x: float) -> float:
    """glibc's tan; CPython's ValueError for an infinity."""
    if x != x:
        return x
    w = abs(x)
    if w > MAX_FLOAT:
        raise ValueError("math domain error")
    if w <= TAN_TINY:
        return x
    if w <= TAN_SMALL:
        x2 = x * x
        return _fma(x * x2, _tan_odd(x2), x)
    if w <= TAN_TABLE_END:
        return _tan_table(w, 0.0, 0, -1.0 if x < 0.0 else 1.0)
    if w <= 1e8:
        t = _fma(x, SIN_HPINV, SIN_TOINT)
        xn = t - SIN_TOINT
        n = _float_bits(t) & 1
        t1 = _fma(-xn, SIN_MP2, _fma(-xn, SIN_MP1, x))
        if w <= 25.0:
            a = _fma(-xn, TAN_MP3, t1)
            return _tan_reduced(a, _fma(-xn, TAN_MP3, t1 - a), n)
        t = _fma(-xn, SIN_PP3, t1)
        da = _fma(-xn, SIN_PP3, t1 - t)
        a = _fma(-xn, SIN_PP4, t)
        da = _fma(-xn, SIN_PP4, t - a) + da
    else:
        n, a, da = _branred(x)
    s = a + da
    return _tan_reduced(s, _two_sum_tail(a, da, s), n & 1)


def _tan_reduced(a: float, da: float, n: int) -> float:
    """tan(a + da) (n even) or -1/tan(a + da) (n odd) for |a| <= pi/4 + a little."""
    ya = abs(a)
    if ya > TAN_SMALL:
        sy = -1.0 if a < 0.0 else 1.0
        return _tan_table(ya, sy * da, n, sy)
    a2 = a * a
    t2 = _fma(a * a2, _tan_odd(a2), da)
    y = a + t2
    if n == 0:
        return y
    db = _two_sum_tail(a, t2, y)  # 1/(y + db) as c + cc (dla.h's DIV2)
    c = _fdiv(1.0, y)  # y is not zero: no multiple of pi/2 is a double
    u = c * y
    cc = _fdiv(_fma(-db, c, ((1.0 - u) - _fma(c, y, -u)) + 0.0), y)
    z = c + cc
    return -(((c - z) + cc) + z)


def _tan_table(ya: float, yya: float, n: int, sy: float) -> float:
    """sy tan(ya + yya) (n even) or -sy/tan(ya + yya) (n odd) for 0.0608 < ya <= 0.787: from
    the nearest point x_i, tan(x_i + z) = (f + g) pz / (g - pz) + f with f = tan(x_i),
    g = 1/tan(x_i) and pz ~ tan(z)."""
    row = _mul64(_float_bits(_floor(256.0 * ya - 15.5) + TWO_52) & 0xFF, 3)  # 3 i, i < 186
    z = (ya - _bits_float(_table_tan(row))) + yya
    z2 = z * z
    pz = _fma(z * z2, _fma(z2, TAN_E1, TAN_E0), z)
    f = _bits_float(_table_tan(_add64(row, 1)))
    g = _bits_float(_table_tan(_add64(row, 2)))
    if n:
        return (g - _fdiv((f + g) * pz, pz + f)) * -sy  # f > 0.06, g > 1.2, |pz| < 0.002
    return (_fdiv((f + g) * pz, g - pz) + f) * sy


def _scalbn(x: float, n: int) -> float:
    """x * 2**n for -1022 <= n <= 1023 (exact: a power of two)."""
    return x * _bits_float((n + 1023) << 52)


def _floor(x: float) -> float:
    return float(math.floor(x))


# -- asin, acos: glibc's dbl-64 e_asin.c (IBM's Accurate Mathematical Library) -----------------
# |x| < 0.125: an odd polynomial; 0.125 <= |x| < 0.96875: a polynomial around the center of the
# 1/256 of |x| (support/mathtables.py asin_table: six segments of degree 6 to 10); beyond: from
# z = (1 - |x|)/2, asin(|x|) = pi/2 - 2 asin(sqrt(z)), sqrt(z) as y + cc by Newton's method from
# IBM's approximations of 1/sqrt. glibc's FMA builds fuse as below (read off their instructions).

ASIN_F1 = 0.1666666666666641  # 0x1.55555555554f9p-3: asin(x) ~ x + x**3 (F1 + x*x (F2 ...))
ASIN_F2 = 0.07500000000261227  # 0x1.333333336127dp-4
ASIN_F3 = 0.044642856142105974  # 0x1.6db6dae42c0e4p-5
ASIN_F4 = 0.03038212685821193  # 0x1.f1c7e04f4ad99p-6
ASIN_F5 = 0.022355121102652562  # 0x1.6e442c822d419p-6
ASIN_F6 = 0.018138290340456505  # 0x1.292d80f453c72p-6
ASIN_RT0 = 0.9999999998599908  # 0x1.fffffffecc1ddp-1: 1/sqrt(z) ~ t (RT0 + r (RT1 + ...))
ASIN_RT1 = 0.4999999994959554  # 0x1.fffffff757304p-2
ASIN_RT2 = 0.3750175008673452  # 0x1.800496769c91ap-2
ASIN_RT3 = 0.31252362655451865  # 0x1.4006318d1dab9p-2
TWO_24 = 16777216.0
RAD_TO_DEG = 57.29577951308232
DEG_TO_RAD = 0.017453292519943295


def _table_asin(i: int) -> int:
    """Word i of asin's table (an intrinsic, as _table_exp)."""
    from hatch_pywasm.backends.static.support.mathtables import asin_table

    return asin_table()[i]


def _table_inverse_root(i: int) -> int:
    """Word i of the 1/sqrt approximations (an intrinsic, as _table_exp)."""
    from hatch_pywasm.backends.static.support.mathtables import inverse_root_table

    return inverse_root_table()[i]


def _asin_odd(x2: float) -> float:
    """F1 + x2 (F2 + ...) of x2 = x*x, as glibc's FMA chain."""
    p = _fma(x2, _fma(x2, _fma(x2, ASIN_F6, ASIN_F5), ASIN_F4), ASIN_F3)
    return _fma(x2, _fma(x2, p, ASIN_F2), ASIN_F1)


def _asin_row(k: int) -> tuple[int, int]:
    """The first word and the degree of the table row of |x| (0.125 <= |x| < 0.96875), from the
    high word k of |x|."""
    if k < 0x3FD00000:  # [0.125, 0.25)
        return _mul64((k & 0xFFFFF) >> 15, 9), 6
    if k < 0x3FE00000:  # [0.25, 0.5)
        return _add64(288, _mul64((k & 0xFFFFF) >> 14, 9)), 6
    row = (k & 0xFE000) >> 13
    if k < 0x3FE80000:  # [0.5, 0.75)
        return _add64(864, _mul64(row, 10)), 7
    if k < 0x3FED8000:  # [0.75, 0.921875)
        return _add64(1504, _mul64(_sub64(row, 64), 11)), 8
    if k < 0x3FEE8000:  # [0.921875, 0.953125)
        return _add64(1988, _mul64(_sub64(row, 108), 12)), 9
    return _add64(2084, _mul64(_sub64(row, 116), 13)), 10  # [0.953125, 0.96875)


def _asin_table(a: float, k: int) -> tuple[float, float]:
    """asin(a) = high + low for 0.125 <= a < 0.96875 (k: a's high word): its row's polynomial."""
    start, degree = _asin_row(k)
    z = a - _bits_float(_table_asin(start))
    end = _add64(start, degree)
    p = _bits_float(_table_asin(end))
    i = _sub64(end, 1)
    while i > _add64(start, 1):
        p = _fma(z, p, _bits_float(_table_asin(i)))
        i = _sub64(i, 1)
    c1 = _bits_float(_table_asin(_add64(start, 1)))
    low = _fma(z, c1, _fma(z * z, p, _bits_float(_table_asin(_add64(end, 1)))))
    return _bits_float(_table_asin(_add64(end, 2))), low


def _asin_root(z: float, for_acos: bool) -> tuple[float, float, float]:
    """sqrt(z) = y + cc for 0 < z <= 0.015625, and p = z (F1 + z (F2 + ...)): 1/sqrt(z) from
    the table and a polynomial correction, one Newton step, y the root rounded to about 28 bits
    (asin and acos round it differently)."""
    k = _float_bits(z) >> 32
    t = _bits_float(_table_inverse_root((k & 0x1FFFFF) >> 14)) * _bits_float(
        _shl64(_sub64(1534, k >> 21), 52)
    )
    r = _fma(-(t * t), z, 1.0)
    t = _fma(r, _fma(r, _fma(r, ASIN_RT3, ASIN_RT2), ASIN_RT1), ASIN_RT0) * t
    c = t * z
    q = _fma(-c, 0.5 * t, 1.5)
    y = _fma(-TWO_27, c, _fma(c, TWO_27, c)) if for_acos else (c + TWO_24) - TWO_24
    cc = _fdiv(_fma(-y, y, z), _fma(q, c, y))  # y + the root's correction, about 2 sqrt(z) > 0
    return y, cc, _asin_odd(z) * z


def asin(x: float) -> float:
    """glibc's asin; CPython's ValueError for |x| > 1."""
    k = (_float_bits(x) >> 32) & 0x7FFFFFFF
    if k < 0x3E500000:  # |x| < 2**-26
        return x
    if k < 0x3FC00000:  # |x| < 0.125
        x2 = x * x
        return _fma(_asin_odd(x2), x * x2, x)
    a = abs(x)
    if k < 0x3FEF0000:  # |x| < 0.96875
        high, low = _asin_table(a, k)
        return math.copysign(high + low, x)
    if a < 1.0:
        y, cc, p = _asin_root(0.5 * (1.0 - a), False)
        cor = _fma(-((y + cc) + (y + cc)), p, HALF_PI_LO - 2.0 * cc)
        return math.copysign(cor + (HALF_PI - 2.0 * y), x)
    if a == 1.0:
        return math.copysign(HALF_PI, x)
    if x != x:
        return x + x
    raise ValueError("math domain error")


def acos(x: float) -> float:
    """glibc's acos; CPython's ValueError for |x| > 1."""
    k = (_float_bits(x) >> 32) & 0x7FFFFFFF
    if k < 0x3C880000:  # |x| < 2**-55
        return HALF_PI
    if k < 0x3FC00000:  # |x| < 0.125
        x2 = x * x
        r = HALF_PI - x
        return r + _fma(-_asin_odd(x2), x * x2, ((HALF_PI - r) - x) + HALF_PI_LO)
    a = abs(x)
    if k < 0x3FEF0000:
        high, low = _asin_table(a, k)
        if x > 0.0:
            return (HALF_PI_LO - low) + (HALF_PI - high)
        return (HALF_PI_LO + low) + (HALF_PI + high)
    if a < 1.0:
        y, cc, p = _asin_root(0.5 * (1.0 - a), True)
        if x > 0.0:
            half = (cc + p * (y + cc)) + y
            return half + half
        half = ((HALF_PI_LO - cc) - p * (y + cc)) + (HALF_PI - y)
        return half + half
    if x == 1.0:
        return 0.0
    if x == -1.0:
        return PI
    if x != x:
        return x + x
    raise ValueError("math domain error")


def degrees(x: float) -> float:
    return x * RAD_TO_DEG


def radians(x: float) -> float:
    return x * DEG_TO_RAD


# --------------------------------------------------------------------------------------------
# round(x, ndigits): CPython rounds the exact binary value of x to ndigits decimals (half to
# even, _Py_dg_dtoa mode 3), then reads that decimal back correctly rounded (_Py_dg_strtod).
# Done here exactly, with small big integers: lists of 30-bit limbs, least significant first.
# --------------------------------------------------------------------------------------------

LIMB_BITS = 30
LIMB_MASK = 0x3FFFFFFF  # 2**30 - 1
FIVE_13 = 1220703125  # 5**13, the largest power of five below 2**31
NDIGITS_MAX = 323  # beyond: x rounds to itself (CPython's NDIGITS_MAX)
NDIGITS_MIN = -308  # below: x rounds to +-0.0 (CPython's NDIGITS_MIN)
SPLITTER = 134217729.0  # 2**27 + 1: Veltkamp's split into 26-bit halves
TWO_52 = 4503599627370496.0
TWO_M500 = 3.054936363499605e-151  # 2**-500


def _round_digits(x: float, ndigits: int) -> float:
    """round(x, ndigits) of a float, bit for bit as CPython."""
    if x != x or x - x != 0.0 or x == 0.0 or ndigits > NDIGITS_MAX:
        return x  # NaN, infinities and zeros round to themselves
    if ndigits < NDIGITS_MIN:
        return 0.0 * x
    if 0 <= ndigits <= 22:
        fast = _round_digits_small(x, ndigits)
        if fast == fast:
            return fast
    bits = _float_bits(x) & 0x7FFFFFFFFFFFFFFF
    biased = bits >> 52
    m = (bits & 0xFFFFFFFFFFFFF) | (1 << 52) if biased else bits
    e = biased - 1075 if biased else -1074
    # |x| = m * 2**e. When 10**-ndigits is below half an ulp of x, x is its own nearest
    # rounding; otherwise the rounded decimal's digits N fit in 55 bits.
    if ndigits >= 0:
        if e + ndigits >= 0 or _bit_length(_power_of_five(ndigits)) > 1 - e - ndigits:
            return x
        digits = _divide_rounded(_times_power_of_five(_big(m), ndigits), 0, -(e + ndigits))
        rounded = _ratio_to_float(_big(digits), ndigits, -ndigits)
    else:
        k = -ndigits
        if _bit_length(_power_of_five(k)) <= e - 1 - k:
            return x
        numerator = _times_power_of_two(_big(m), max(e - k, 0))
        digits = _divide_rounded(numerator, k, max(k - e, 0))
        rounded = _ratio_to_float(_times_power_of_five(_big(digits), k), 0, k)
    if rounded == math.inf:
        raise OverflowError("rounded value too large to represent")
    return -rounded if x < 0.0 else rounded


def _round_digits_small(x: float, ndigits: int) -> float:
    """round(x, ndigits) without big integers (and so without allocating) in the common case:
    10**ndigits is exact and |x| * 10**ndigits is exactly p + error (Dekker's product), below
    2**52, so its rounding N is the nearest integer to p unless p is halfway, where the error
    decides; N / 10**ndigits is then one correctly rounded division. NaN outside that case."""
    scale = 1.0
    for _ in range(ndigits):
        scale *= 10.0
    a = abs(x)
    p = a * scale
    if a < TWO_M500 or p >= TWO_52:
        return math.nan
    error = _product_error(a, scale, p)
    r = float(round(p))  # to even at a tie of p itself
    if p - r == 0.5 and error > 0.0:
        r += 1.0
    elif p - r == -0.5 and error < 0.0:
        r -= 1.0
    return math.copysign(r / scale, x)


def _product_error(a: float, b: float, p: float) -> float:
    """a * b - p exactly, for p the rounded a * b (Dekker: 26-bit halves, no fma; no overflow or
    underflow on the way for the operands _round_digits_small allows)."""
    t = SPLITTER * a
    a_high = t - (t - a)
    a_low = a - a_high
    t = SPLITTER * b
    b_high = t - (t - b)
    b_low = b - b_high
    return ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low


def _big(v: int) -> list[int]:
    """0 <= v < 2**62 as limbs."""
    return [v & LIMB_MASK, (v >> LIMB_BITS) & LIMB_MASK, v >> (2 * LIMB_BITS)]


def _bit_length(a: list[int]) -> int:
    i = len(a) - 1
    while i >= 0 and a[i] == 0:
        i -= 1
    if i < 0:
        return 0
    top = a[i]
    length = 0
    while top:
        top >>= 1
        length += 1
    return i * LIMB_BITS + length


def _times_small(a: list[int], k: int) -> list[int]:
    """a * k for 0 <= k < 2**31 (a limb times k plus the carry stays below 2**62)."""
    out = [0] * (len(a) + 2)
    carry = 0
    for i in range(len(a)):
        t = a[i] * k + carry
        out[i] = t & LIMB_MASK
        carry = t >> LIMB_BITS
    out[len(a)] = carry & LIMB_MASK
    out[len(a) + 1] = carry >> LIMB_BITS
    return out


def _times_power_of_five(a: list[int], n: int) -> list[int]:
    out = a
    while n >= 13:
        out = _times_small(out, FIVE_13)
        n -= 13
    factor = 1
    for _ in range(n):
        factor *= 5
    return _times_small(out, factor)


def _power_of_five(n: int) -> list[int]:
    return _times_power_of_five(_big(1), n)


def _times_power_of_two(a: list[int], s: int) -> list[int]:
    """a * 2**s for s >= 0."""
    whole = s // LIMB_BITS
    part = s % LIMB_BITS
    out = [0] * (len(a) + whole + 1)
    carry = 0
    for i in range(len(a)):
        t = (a[i] << part) | carry
        out[i + whole] = t & LIMB_MASK
        carry = t >> LIMB_BITS
    out[len(a) + whole] = carry
    return out


def _compare(a: list[int], b: list[int]) -> int:
    """-1, 0 or 1: the order of a and b (of any lengths)."""
    i = max(len(a), len(b)) - 1
    while i >= 0:
        x = a[i] if i < len(a) else 0
        y = b[i] if i < len(b) else 0
        if x != y:
            return -1 if x < y else 1
        i -= 1
    return 0


def _subtract(a: list[int], b: list[int]) -> None:
    """a -= b in place, for a >= b."""
    borrow = 0
    for i in range(len(a)):
        t = a[i] - (b[i] if i < len(b) else 0) - borrow
        borrow = 1 if t < 0 else 0
        a[i] = t + (borrow << LIMB_BITS)


def _divide_rounded(numerator: list[int], fives: int, twos: int) -> int:
    """numerator / (5**fives * 2**twos) rounded half to even, for a quotient below 2**61."""
    return _limb_value(_divide_rounded_limbs(numerator, fives, twos))


def _divide_rounded_limbs(numerator: list[int], fives: int, twos: int) -> list[int]:
    """numerator / (5**fives * 2**twos) rounded half to even, as limbs: long division, one
    quotient bit at a time."""
    divisor = _times_power_of_two(_power_of_five(fives), twos)
    remainder = _times_power_of_two(numerator, 0)  # a copy
    shift = _bit_length(remainder) - _bit_length(divisor)
    quotient = [0] * (max(shift, 0) // LIMB_BITS + 3)
    while shift >= 0:
        _limbs_times_small(quotient, 2)
        shifted = _times_power_of_two(divisor, shift)
        if _compare(remainder, shifted) >= 0:
            _subtract(remainder, shifted)
            _limbs_add_small(quotient, 1)
        shift -= 1
    half = _compare(_times_power_of_two(remainder, 1), divisor)
    if half > 0 or (half == 0 and (quotient[0] & 1) == 1):
        _limbs_add_small(quotient, 1)
    return quotient


def _ratio_to_float(numerator: list[int], fives: int, scale: int) -> float:
    """numerator / 5**fives * 2**scale (positive), correctly rounded to a double (subnormal when
    small); infinity when it rounds beyond the largest double."""
    divisor = _power_of_five(fives)
    size = _bit_length(numerator) - _bit_length(divisor)  # the quotient is below 2**(size + 1)
    below = _compare(
        _times_power_of_two(numerator, max(-size, 0)), _times_power_of_two(divisor, max(size, 0))
    )
    if below < 0:
        size -= 1  # now 2**size <= quotient < 2**(size + 1)
    # the last bit kept: 53 significant bits, or 2**-1074 for a subnormal result
    last = max(size + scale - 52, -1074)
    u = scale - last
    if u >= 0:
        mantissa = _divide_rounded(_times_power_of_two(numerator, u), fives, 0)
    else:
        mantissa = _divide_rounded(numerator, fives, -u)
    if last + _bit_length(_big(mantissa)) > 1024:
        return math.inf
    if last < -1022:  # mantissa * 2**last in two exact steps (2**last alone is not normal)
        return _scalbn(_scalbn(float(mantissa), last + 1000), -1000)
    return _scalbn(float(mantissa), last)


def _round_int(x: int, ndigits: int) -> int:
    """round(x, ndigits) of an int: x itself for ndigits >= 0, else the nearest multiple of
    10**-ndigits, half to even (OverflowError beyond 64 bits, as any int result)."""
    if ndigits >= 0:
        return x
    if ndigits < -19:
        return 0  # |x| < 2**63 < 10**20 / 2
    if ndigits == -19:  # 10**19 is beyond 64 bits: only |x| > 10**19 / 2 rounds away from 0
        if x > 5000000000000000000 or x < -5000000000000000000:
            raise OverflowError("int result does not fit in 64 bits")
        return 0
    p = 1
    for _ in range(-ndigits):
        p *= 10
    q = x // p
    r = x % p
    if 2 * r > p or (2 * r == p and q % 2 == 1):
        q += 1
    return q * p


# --------------------------------------------------------------------------------------------
# repr(x) and str(x) of a float: the shortest decimal that reads back as x (CPython's repr,
# David Gay's dtoa mode 0), by Steele and White's free-format algorithm on exact big integers
# (Burger and Dybvig's formulation): x and the midpoints to its neighbours scaled to integers
# r / s, m+ / s and m- / s, then one digit per step until the rest is within a midpoint; the
# midpoints count when x's mantissa is even (they round to x), a tie goes to the even digit.
# The integers are fixed lists of 30-bit limbs, changed in place (five lists per call).
# --------------------------------------------------------------------------------------------

REPR_LIMBS = 40  # 1200 bits: enough for 2**1076 * 10**17, the largest value held
TWO_53 = 9007199254740992.0


def _float_repr(x: float) -> str:
    if x != x:
        return "nan"
    if x > MAX_FLOAT:
        return "inf"
    if x < -MAX_FLOAT:
        return "-inf"
    sign = "-" if _float_bits(x) < 0 else ""
    a = abs(x)
    if a == 0.0:
        return sign + "0.0"
    if a < TWO_53 and a == _floor(a):  # an integer below 2**53: all its digits are needed
        return sign + str(int(a)) + ".0"
    digits, count, point = _short_digits_fast(a)
    if count == 0:
        digits, count, point = _shortest_digits(a)
    text = str(digits)
    if point <= -4 or point > 16:
        exponent = point - 1
        mantissa = text[0] + ("." + text[1:] if count > 1 else "")
        padded = ("0" if abs(exponent) < 10 else "") + str(abs(exponent))
        return sign + mantissa + ("e-" if exponent < 0 else "e+") + padded
    if point <= 0:
        return sign + "0." + "0000"[:-point] + text
    if point >= count:
        return sign + text + "0000000000000000"[: point - count] + ".0"
    return sign + text[:point] + "." + text[point:]


def _short_digits_fast(a: float) -> tuple[int, int, int]:
    """The shortest digits without big integers, for 1e-5 <= a < 1e15 when they have at most
    15 significant digits (count 0 otherwise): for k = 0, 1, ... the nearest integer d to
    a * 10**k (the product exact as hi + lo, Dekker; d certain unless a * 10**k is within
    2**-20 of a half) until d / 10**k reads back as a (one correctly rounded division of exact
    operands). The first k that works gives the fewest digits, and d is the nearest of them."""
    if a < 1e-5 or a >= 1e15:
        return 0, 0, 0
    scale = 1.0
    for k in range(23):
        hi = a * scale
        if hi >= 1e15:
            return 0, 0, 0
        d = _floor(hi + 0.5)
        rest = (hi - d) + _product_error(a, scale, hi)
        if abs(rest) > 0.5 - 9.5367431640625e-07:  # within 2**-20 of a half: undecided
            return 0, 0, 0
        if d != 0.0 and d / scale == a:
            digits = int(d)
            count = len(str(digits))
            return digits, count, count - k
        scale *= 10.0
    return 0, 0, 0


def _shortest_digits(a: float) -> tuple[int, int, int]:
    """The shortest digits d (an int, count of them) and the decimal point with
    a ~ 0.d * 10**point, for a finite a > 0 that is not an integer below 2**53."""
    bits = _float_bits(a)
    biased = bits >> 52
    f = (bits & 0xFFFFFFFFFFFFF) | (1 << 52) if biased else bits & 0xFFFFFFFFFFFFF
    e = biased - 1075 if biased else -1074
    inclusive = (f & 1) == 0
    r = [0] * REPR_LIMBS
    s = [0] * REPR_LIMBS
    high = [0] * REPR_LIMBS
    low = [0] * REPR_LIMBS
    scratch = [0] * REPR_LIMBS
    narrow_below = f == 1 << 52 and biased > 1  # the gap to the next lower double is half
    if e >= 0:
        _limbs_set(r, f * (4 if narrow_below else 2), e)
        _limbs_set(s, 4 if narrow_below else 2, 0)
        _limbs_set(high, 2 if narrow_below else 1, e)
        _limbs_set(low, 1, e)
    else:
        _limbs_set(r, f * (4 if narrow_below else 2), 0)
        _limbs_set(s, 1, (2 if narrow_below else 1) - e)
        _limbs_set(high, 2 if narrow_below else 1, 0)
        _limbs_set(low, 1, 0)
    point = math.ceil(log10(a))  # an estimate, fixed below
    if point >= 0:
        _limbs_times_power_of_ten(s, point)
    else:
        _limbs_times_power_of_ten(r, -point)
        _limbs_times_power_of_ten(high, -point)
        _limbs_times_power_of_ten(low, -point)
    # fix the estimate: r + high below 10**point (at most equal when exclusive), not below /10
    _limbs_add(scratch, r, high)
    while _compare(scratch, s) >= (0 if inclusive else 1):
        _limbs_times_small(s, 10)
        point += 1
    _limbs_times_small(scratch, 10)
    while _compare(scratch, s) < (0 if inclusive else 1):
        _limbs_times_small(r, 10)
        _limbs_times_small(high, 10)
        _limbs_times_small(low, 10)
        _limbs_times_small(scratch, 10)
        point -= 1
    digits = 0
    count = 0
    while True:
        _limbs_times_small(r, 10)
        _limbs_times_small(high, 10)
        _limbs_times_small(low, 10)
        d = 0
        while _compare(r, s) >= 0:
            _subtract(r, s)
            d += 1
        below = _compare(r, low) <= (0 if inclusive else -1)
        _limbs_add(scratch, r, high)
        above = _compare(scratch, s) >= (0 if inclusive else 1)
        if below and above:  # both ends within reach: the nearer, the even one at a tie
            _limbs_add(scratch, r, r)
            half = _compare(scratch, s)
            if half > 0 or (half == 0 and (d & 1) == 1):
                d += 1
        elif above:
            d += 1
        digits = digits * 10 + d
        count += 1
        if below or above:
            return digits, count, point


def _limbs_set(a: list[int], v: int, shift: int) -> None:
    """a = v * 2**shift, for 0 < v < 2**60."""
    for i in range(len(a)):
        a[i] = 0
    whole = shift // LIMB_BITS
    part = shift % LIMB_BITS
    i = whole
    while v:
        low = v & LIMB_MASK
        v >>= LIMB_BITS
        wide = low << part  # below 2**59
        a[i] += wide & LIMB_MASK
        a[i + 1] += wide >> LIMB_BITS
        i += 1


def _limbs_times_small(a: list[int], k: int) -> None:
    """a *= k in place, for 0 < k < 2**31 (a limb times k plus a carry stays below 2**62)."""
    carry = 0
    for i in range(len(a)):
        t = a[i] * k + carry
        a[i] = t & LIMB_MASK
        carry = t >> LIMB_BITS


def _limbs_times_power_of_ten(a: list[int], n: int) -> None:
    while n >= 9:
        _limbs_times_small(a, 1000000000)
        n -= 9
    factor = 1
    for _ in range(n):
        factor *= 10
    _limbs_times_small(a, factor)


def _limbs_add(out: list[int], a: list[int], b: list[int]) -> None:
    """out = a + b (lists of one length)."""
    carry = 0
    for i in range(len(a)):
        t = a[i] + b[i] + carry
        out[i] = t & LIMB_MASK
        carry = t >> LIMB_BITS


# --------------------------------------------------------------------------------------------
# f-string format specs (read at compile time by support/formatspec.py into these arguments):
# kind (float: '' f F e E g G %; int: '' x X o b c), precision (-1: none), sign (0 '-', 1 '+',
# 2 ' '), flags (1 '#', 2 'z'), fill, align (0 none, 1 '<', 2 '>', 3 '^', 4 '='), width,
# grouping (0 none, 1 ',', 2 '_'). Digits are exact: x * 10**q rounded half to even on limbs.
# --------------------------------------------------------------------------------------------


def _format_float(
    x: float, kind: int, precision: int, sign: int, flags: int, fill: str, align: int,
    width: int, grouping: int,
) -> str:  # fmt: skip
    """format(x, spec) as CPython's float.__format__ for the parsed spec."""
    negative = _float_bits(x) < 0 and x == x
    alternate = (flags & 1) == 1
    upper = kind == 2 or kind == 4 or kind == 6
    a = abs(x) * 100.0 if kind == 7 else abs(x)  # '%' multiplies first, as CPython
    if x != x or a > MAX_FLOAT:
        body = "nan" if x != x else "inf"
        if upper:
            body = "NAN" if x != x else "INF"
        if kind == 7:
            body += "%"
        return _pad(_sign_text(negative, sign), body, fill, align, width)
    if kind == 0 and precision < 0:
        body = _float_repr(a)
    elif kind == 0:
        body = _general(a, 1 if precision == 0 else precision, alternate, True, False)
    elif kind == 1 or kind == 2:
        body = _fixed(a, 6 if precision < 0 else precision, alternate)
    elif kind == 3 or kind == 4:
        body = _exponential(a, 6 if precision < 0 else precision, alternate, upper)
    elif kind == 5 or kind == 6:
        p = 6 if precision < 0 else precision
        body = _general(a, 1 if p == 0 else p, alternate, False, upper)
    else:
        body = _fixed(a, 6 if precision < 0 else precision, alternate) + "%"
    if (flags & 2) == 2 and negative and _all_zero_digits(body):
        negative = False
    if grouping:
        room = width - len(_sign_text(negative, sign)) if fill == "0" and align == 4 else 0
        body = _grouped(body, "," if grouping == 1 else "_", 3, _integer_part_end(body), room)
    return _pad(_sign_text(negative, sign), body, fill, align, width)


def _format_int(
    n: int, kind: int, precision: int, sign: int, flags: int, fill: str, align: int,
    width: int, grouping: int,
) -> str:  # fmt: skip
    """format(n, spec) as CPython's int.__format__ (precision is never given for an int)."""
    if kind == 5:  # 'c': the character of code point n
        if n < 0 or n > 0x10FFFF:
            raise OverflowError("%c arg not in range(0x110000)")
        return _pad("", _chr(n), fill, align, width)
    if kind == 0:
        text = str(n)
        digits = text[1:] if n < 0 else text
        if grouping:
            room = width - len(_sign_text(n < 0, sign)) if fill == "0" and align == 4 else 0
            digits = _grouped(digits, "," if grouping == 1 else "_", 3, len(digits), room)
        return _pad(_sign_text(n < 0, sign), digits, fill, align, width)
    base = 16 if kind <= 2 else (8 if kind == 3 else 2)
    symbols = "0123456789abcdef" if kind != 2 else "0123456789ABCDEF"
    v = n if n < 0 else -n  # non-positive: even the most negative int has a magnitude here
    digits = ""
    while True:
        d = -(v % -base)
        digits = symbols[d] + digits
        v = (v + d) // base
        if v == 0:
            break
    prefix = ""
    if (flags & 1) == 1:
        prefix = "0x" if kind == 1 else ("0X" if kind == 2 else ("0o" if kind == 3 else "0b"))
    if grouping:
        room = width - len(_sign_text(n < 0, sign)) - len(prefix)
        digits = _grouped(digits, "_", 4, len(digits), room if fill == "0" and align == 4 else 0)
    if (flags & 1) == 1:
        if align == 4:  # '=': the padding goes between the prefix and the digits
            return _pad(_sign_text(n < 0, sign) + prefix, digits, fill, align, width)
        digits = prefix + digits
    return _pad(_sign_text(n < 0, sign), digits, fill, align, width)


def _sign_text(negative: bool, sign: int) -> str:
    if negative:
        return "-"
    if sign == 1:
        return "+"
    return " " if sign == 2 else ""


def _pad(sign: str, body: str, fill: str, align: int, width: int) -> str:
    """sign + body widened to width with fill (numbers align right unless told otherwise)."""
    missing = width - len(sign) - len(body)
    if missing <= 0:
        return sign + body
    if align == 4:
        return sign + _repeat(fill, missing) + body
    if align == 1:
        return sign + body + _repeat(fill, missing)
    if align == 3:
        return _repeat(fill, missing // 2) + sign + body + _repeat(fill, missing - missing // 2)
    return _repeat(fill, missing) + sign + body


def _repeat(text: str, count: int) -> str:
    out = ""
    for _ in range(count):
        out += text
    return out


def _grouped(body: str, separator: str, size: int, end: int, room: int) -> str:
    """body with separator between each size digits of body[:end] (the integer part), first
    widened with zero digits until the grouped body fills ``room`` (zero padding: CPython
    groups the zeros too; a separator never leads)."""
    digits = end
    while digits + (digits - 1) // size + len(body) - end < room:
        digits += 1
    body = _repeat("0", digits - end) + body
    end = digits
    out = ""
    for i in range(end):
        if i > 0 and (end - i) % size == 0:
            out += separator
        out += body[i]
    return out + body[end:]


def _integer_part_end(body: str) -> int:
    end = 0
    while end < len(body) and body[end] in "0123456789":
        end += 1
    return end


def _all_zero_digits(body: str) -> bool:
    for i in range(len(body)):
        if body[i] in "123456789":
            return False
        if body[i] == "e" or body[i] == "E":
            return True
    return True


def _fixed(a: float, precision: int, alternate: bool) -> str:
    """a >= 0 with precision digits after the point, correctly rounded (half to even)."""
    digits = _limbs_to_decimal(_scaled_rounded(a, precision))
    if precision == 0:
        return digits + ("." if alternate else "")
    if len(digits) <= precision:
        digits = _repeat("0", precision + 1 - len(digits)) + digits
    cut = len(digits) - precision
    return digits[:cut] + "." + digits[cut:]


def _significant(a: float, count: int) -> tuple[str, int]:
    """a > 0 rounded to count significant digits: (the digits, exponent of the first), so
    a ~ digits * 10**(exponent - count + 1). Exact at any count (limbs)."""
    exponent = math.floor(log10(a))
    while True:
        text = _limbs_to_decimal(_scaled_rounded(a, count - 1 - exponent))
        if len(text) > count:
            exponent += 1
        elif len(text) < count or text == "0":
            exponent -= 1
        else:
            return text, exponent


def _exponential(a: float, precision: int, alternate: bool, upper: bool) -> str:
    text, exponent = (
        (_repeat("0", precision + 1), 0) if a == 0.0 else _significant(a, precision + 1)
    )
    mantissa = text[0] + ("." + text[1:] if precision > 0 else ("." if alternate else ""))
    return mantissa + ("E" if upper else "e") + _exponent_text(exponent)


def _exponent_text(exponent: int) -> str:
    magnitude = str(abs(exponent))
    return ("-" if exponent < 0 else "+") + ("0" if abs(exponent) < 10 else "") + magnitude


def _general(a: float, precision: int, alternate: bool, dot_zero: bool, upper: bool) -> str:
    """'g' (and the spec without a type, which keeps a '.0' and so takes the exponential form
    one digit earlier): fixed when -4 <= exponent < precision, else exponential, trailing zeros
    dropped unless '#'."""
    exponent = 0 if a == 0.0 else _significant(a, precision)[1]
    if -4 <= exponent < (precision - 1 if dot_zero else precision):
        body = _fixed(a, precision - 1 - exponent, alternate)
        if not alternate:
            body = _without_trailing_zeros(body)
        if dot_zero and "." not in body:
            body += ".0"
        return body
    body = _exponential(a, precision - 1, alternate, upper)
    if alternate:
        return body
    mark = 0
    while body[mark] != "e" and body[mark] != "E":
        mark += 1
    return _without_trailing_zeros(body[:mark]) + body[mark:]


def _without_trailing_zeros(body: str) -> str:
    if "." not in body:
        return body
    end = len(body)
    while body[end - 1] == "0":
        end -= 1
    if body[end - 1] == ".":
        end -= 1
    return body[:end]


def _scaled_rounded(a: float, q: int) -> list[int]:
    """a * 10**q rounded half to even, as limbs, for a finite a >= 0."""
    bits = _float_bits(a)
    biased = bits >> 52
    m = (bits & 0xFFFFFFFFFFFFF) | (1 << 52) if biased else bits & 0xFFFFFFFFFFFFF
    e = biased - 1075 if biased else -1074
    if m == 0:
        return _big(0)
    if q >= 0:
        scaled = _times_power_of_five(_big(m), q)
        if e + q >= 0:
            return _times_power_of_two(scaled, e + q)
        return _shifted_right_rounded(scaled, -(e + q))
    k = -q
    if e >= k:
        return _divide_rounded_limbs(_times_power_of_two(_big(m), e - k), k, 0)
    return _divide_rounded_limbs(_big(m), k, k - e)


def _shifted_right_rounded(a: list[int], s: int) -> list[int]:
    """a / 2**s rounded half to even, for s > 0."""
    whole = s // LIMB_BITS
    part = s % LIMB_BITS
    out = [0] * (len(a) + 1)
    for i in range(len(a) - whole):
        low = a[i + whole] >> part
        high = (a[i + whole + 1] << (LIMB_BITS - part)) & LIMB_MASK if i + whole + 1 < len(a) else 0
        out[i] = low | high
    half_at = s - 1
    limb = half_at // LIMB_BITS
    half = limb < len(a) and ((a[limb] >> (half_at % LIMB_BITS)) & 1) == 1
    sticky = False
    if limb < len(a) and (a[limb] & ((1 << (half_at % LIMB_BITS)) - 1)) != 0:
        sticky = True
    for i in range(min(limb, len(a))):
        if a[i] != 0:
            sticky = True
    if half and (sticky or (out[0] & 1) == 1):
        i = 0
        out[0] += 1
        while out[i] > LIMB_MASK:
            out[i] -= LIMB_MASK + 1
            out[i + 1] += 1
            i += 1
    return out


def _limb_value(a: list[int]) -> int:
    """The value of limbs below 2**62."""
    value = 0
    for i in range(len(a) - 1, -1, -1):
        value = (value << LIMB_BITS) | a[i]
    return value


def _limbs_to_decimal(a: list[int]) -> str:
    rest = a[:]
    text = ""
    while True:
        chunk = _limbs_divide_small(rest, 1000000000)
        zero = True
        for limb in rest:
            if limb != 0:
                zero = False
        if zero:
            return str(chunk) + text
        text = ("00000000" + str(chunk))[-9:] + text


def _limbs_divide_small(a: list[int], k: int) -> int:
    """a //= k in place, the remainder returned, for 0 < k < 2**30."""
    remainder = 0
    for i in range(len(a) - 1, -1, -1):
        current = (remainder << LIMB_BITS) | a[i]
        a[i] = current // k
        remainder = current % k
    return remainder


# --------------------------------------------------------------------------------------------
# float(s), int(s) and repr(s) of a str, as CPython: non-ASCII decimal digits and spaces read
# as ASCII ones first (_PyUnicode_TransformDecimalAndSpaceToASCII), underscores only between
# digits, float() correctly rounded (exact limbs past the fast path), and the ValueError
# messages quoting the input with repr. Text is walked by UTF-8 byte offsets: _byte_length,
# _code_point, _chr and _byte_slice are intrinsics (support/str.wat), as are the Unicode tables
# (support/unicodetables.py).
# --------------------------------------------------------------------------------------------

INT_MAX_STR_DIGITS = 4300  # CPython's default sys.get_int_max_str_digits()
EXPONENT_CAP = 100000  # a decimal exponent beyond it overflows or underflows whatever the digits


def _byte_length(s: str) -> int:
    return len(s.encode())


def _code_point(s: str, at: int) -> int:
    return ord(s.encode()[at:].decode(errors="ignore")[0])


def _chr(c: int) -> str:
    return chr(c)


def _byte_slice(s: str, start: int, end: int) -> str:
    return s.encode()[start:end].decode()


def _table_digit_zeros(i: int) -> int:
    from hatch_pywasm.backends.static.support.unicodetables import digit_zeros_table

    return digit_zeros_table()[i]


def _table_spaces(i: int) -> int:
    from hatch_pywasm.backends.static.support.unicodetables import spaces_table

    return spaces_table()[i]


def _table_unprintable(i: int) -> int:
    from hatch_pywasm.backends.static.support.unicodetables import unprintable_table

    return unprintable_table()[i]


def _table_cased(i: int) -> int:
    from hatch_pywasm.backends.static.support.unicodetables import cased_table

    return cased_table()[i]


def _table_title(i: int) -> int:
    from hatch_pywasm.backends.static.support.unicodetables import title_table

    return title_table()[i]


def _utf8_length(c: int) -> int:
    if c < 0x80:
        return 1
    if c < 0x800:
        return 2
    return 3 if c < 0x10000 else 4


def _is_ascii_space(c: int) -> bool:
    return c == 32 or 9 <= c <= 13  # CPython's Py_ISSPACE


def _as_ascii(s: str) -> str:
    """s with non-ASCII spaces as ' ' and non-ASCII decimal digits as ASCII ones; the first
    other non-ASCII character (or DEL) becomes '?' and ends the text (CPython's transform)."""
    n = _byte_length(s)
    at = 0
    while at < n and _code_point(s, at) < 127:
        at += 1
    if at == n:
        return s
    out = _byte_slice(s, 0, at)
    while at < n:
        c = _code_point(s, at)
        at += _utf8_length(c)
        if c < 127:
            out += _chr(c)
        else:
            digit = _unicode_digit(c)
            if digit >= 0:
                out += _chr(48 + digit)
            elif _is_unicode_space(c):
                out += " "
            else:
                return out + "?"
    return out


def _unicode_digit(c: int) -> int:
    for i in range(1, _table_digit_zeros(0) + 1):
        zero = _table_digit_zeros(i)
        if zero <= c < zero + 10:
            return c - zero
    return -1


def _is_unicode_space(c: int) -> bool:
    return any(_table_spaces(i) == c for i in range(1, _table_spaces(0) + 1))


def _is_printable(c: int) -> bool:
    """str.isprintable() of one code point: a binary search for how many boundaries of the
    unprintable ranges (three 21-bit ones per table word) are <= c; odd means unprintable."""
    if c < 128:
        return 32 <= c < 127
    low = 0  # boundaries [0, low) are <= c, [high, count) are > c
    high = _table_unprintable(0)
    while low < high:
        middle = (low + high) // 2
        if _unprintable_boundary(middle) <= c:
            low = middle + 1
        else:
            high = middle
    return low % 2 == 0


def _unprintable_boundary(i: int) -> int:
    return (_table_unprintable(1 + i // 3) >> (21 * (i % 3))) & 0x1FFFFF


def _hex_digits(c: int, width: int) -> str:
    text = ""
    for _ in range(width):
        text = "0123456789abcdef"[c & 15] + text
        c >>= 4
    return text


def _str_repr(s: str) -> str:
    """repr(s): in single quotes unless s holds ' and no "; backslash escapes as CPython's."""
    n = _byte_length(s)
    single = False
    double = False
    at = 0
    while at < n:
        c = _code_point(s, at)
        single = single or c == 39
        double = double or c == 34
        at += _utf8_length(c)
    quote = 34 if single and not double else 39
    out = _chr(quote)
    run = 0  # where the characters copied as they are begin
    at = 0
    while at < n:
        c = _code_point(s, at)
        escape = ""
        if c == quote or c == 92:
            escape = "\\" + _chr(c)
        elif c == 9:
            escape = "\\t"
        elif c == 10:
            escape = "\\n"
        elif c == 13:
            escape = "\\r"
        elif not _is_printable(c):
            if c < 0x100:
                escape = "\\x" + _hex_digits(c, 2)
            elif c < 0x10000:
                escape = "\\u" + _hex_digits(c, 4)
            else:
                escape = "\\U" + _hex_digits(c, 8)
        if escape != "":
            out += _byte_slice(s, run, at) + escape
            run = at + _utf8_length(c)
        at += _utf8_length(c)
    return out + _byte_slice(s, run, n) + _chr(quote)


def _is_word(text: str, start: int, end: int, word: str) -> bool:
    """Whether ASCII text[start:end] is the lowercase letters ``word`` in any case."""
    if end - start != _byte_length(word):
        return False
    for i in range(end - start):
        if _code_point(text, start + i) | 32 != _code_point(word, i):
            return False
    return True


def _underscores_valid(s: str, start: int, end: int) -> bool:
    """Each '_' in s[start:end] (bytes) between two digits (CPython's check for numbers)."""
    previous = 0
    for at in range(start, end):
        c = _code_point(s, at)
        if c == 95 and not 48 <= previous <= 57:
            return False
        if previous == 95 and not 48 <= c <= 57:
            return False
        previous = c
    return previous != 95


def _stripped(s: str) -> tuple[int, int]:
    """The byte range of ASCII s without its leading and trailing whitespace."""
    start = 0
    end = _byte_length(s)
    while start < end and _is_ascii_space(_code_point(s, start)):
        start += 1
    while end > start and _is_ascii_space(_code_point(s, end - 1)):
        end -= 1
    return start, end


def _parse_int(s: str) -> int:
    """int(s): base 10, sign, single underscores between digits, surrounding whitespace, at
    most 4300 digits; OverflowError beyond 64 bits (as any int result)."""
    text = _as_ascii(s)
    start, end = _stripped(text)
    if start < end and (_code_point(text, start) == 43 or _code_point(text, start) == 45):
        start += 1
    valid = start < end and _code_point(text, start) != 95
    scan = start
    digits = 0
    previous = 0
    while valid and scan < end:
        c = _code_point(text, scan)
        if c == 95:
            valid = previous != 95
        elif 48 <= c <= 57:
            digits += 1
        else:
            break
        previous = c
        scan += 1
    if valid and previous != 95 and digits > INT_MAX_STR_DIGITS:
        raise ValueError(
            "Exceeds the limit (4300 digits) for integer string conversion: value has "
            + str(digits)
            + " digits; use sys.set_int_max_str_digits() to increase the limit"
        )
    if not valid or previous == 95 or digits == 0 or scan != end:
        raise ValueError("invalid literal for int() with base 10: " + _str_repr(s)[:200])
    value = 0  # accumulated negative: -2**63 fits
    for at in range(start, end):
        c = _code_point(text, at)
        if c != 95:
            value = value * 10 - (c - 48)
    negative = _code_point(text, start - 1) == 45 if start > 0 else False
    return value if negative else -value


def _parse_float(s: str) -> float:
    """float(s), correctly rounded; inf, infinity and nan in any case; infinity beyond the
    largest double."""
    text = _as_ascii(s)
    start, end = _stripped(text)
    if start == end or not _underscores_valid(text, start, end):
        raise ValueError("could not convert string to float: " + _str_repr(s))
    negative = False
    c = _code_point(text, start)
    if c == 43 or c == 45:
        negative = c == 45
        start += 1
    value = _float_literal(text, start, end)
    if value != value and not _is_word(text, start, end, "nan"):
        raise ValueError("could not convert string to float: " + _str_repr(s))
    return -value if negative else value


def _float_literal(text: str, start: int, end: int) -> float:
    """The unsigned float literal text[start:end] (underscores valid), NaN when it is none."""
    if _is_word(text, start, end, "inf") or _is_word(text, start, end, "infinity"):
        return math.inf
    if _is_word(text, start, end, "nan"):
        return math.nan
    # digits [. digits] [(e|E) [sign] digits], at least one digit before the exponent
    mantissa_end = start
    point = -1
    count = 0
    while mantissa_end < end:
        c = _code_point(text, mantissa_end)
        if c == 46 and point < 0:
            point = mantissa_end
        elif 48 <= c <= 57:
            count += 1
        elif c != 95:
            break
        mantissa_end += 1
    if count == 0:
        return math.nan
    exponent = 0
    if mantissa_end < end:
        at = mantissa_end + 1
        c = _code_point(text, mantissa_end)
        if (c != 101 and c != 69) or at == end:
            return math.nan
        exponent_negative = _code_point(text, at) == 45
        if _code_point(text, at) == 43 or exponent_negative:
            at += 1
        if at == end:
            return math.nan
        while at < end:
            c = _code_point(text, at)
            if 48 <= c <= 57:
                exponent = min(exponent * 10 + (c - 48), EXPONENT_CAP)
            elif c != 95:
                return math.nan
            at += 1
        if exponent_negative:
            exponent = -exponent
    return _decimal_to_float(text, start, mantissa_end, point, exponent)


def _decimal_to_float(text: str, start: int, end: int, point: int, exponent: int) -> float:
    """The digits of text[start:end] (a point at byte ``point`` or none: -1) times
    10**exponent, correctly rounded: Clinger's fast path when the digits and the power of ten
    are exact doubles, else the exact quotient of limbs (_ratio_to_float)."""
    significant = 0  # digits after the leading zeros
    fraction = 0  # digits after the point
    for at in range(start, end):
        c = _code_point(text, at)
        if 48 <= c <= 57:
            if significant > 0 or c != 48:
                significant += 1
            if 0 <= point < at:
                fraction += 1
    if significant == 0:
        return 0.0
    scale = exponent - fraction  # the value is D * 10**scale, D the digits as an integer
    if significant + scale > 310:
        return math.inf
    if significant + scale < -325:
        return 0.0
    limbs = [0] * (significant // 9 + 2)
    chunk = 0
    size = 0
    for at in range(start, end):
        c = _code_point(text, at)
        if 48 <= c <= 57:
            chunk = chunk * 10 + (c - 48)
            size += 1
            if size == 9:
                _limbs_times_small(limbs, 1000000000)
                _limbs_add_small(limbs, chunk)
                chunk = 0
                size = 0
    factor = 1
    for _ in range(size):
        factor *= 10
    _limbs_times_small(limbs, factor)
    _limbs_add_small(limbs, chunk)
    if significant <= 15 and -22 <= scale <= 22:
        d = float(_limb_value(limbs))
        power = 1.0
        for _ in range(abs(scale)):
            power *= 10.0
        return d * power if scale >= 0 else d / power
    if scale >= 0:
        return _ratio_to_float(_times_power_of_five(limbs, scale), 0, scale)
    return _ratio_to_float(limbs, -scale, scale)


def _limbs_add_small(a: list[int], k: int) -> None:
    """a += k in place, for 0 <= k < 2**31 (a has room for the carry)."""
    carry = k
    i = 0
    while carry:
        t = a[i] + carry
        a[i] = t & LIMB_MASK
        carry = t >> LIMB_BITS
        i += 1


# str methods (irbuild/strings.py calls them): offsets are in bytes of the UTF-8 text, which
# is self-synchronizing, so a byte-wise match of valid UTF-8 starts at a character boundary.


def _byte_find(s: str, sub: str, start: int) -> int:
    """The first byte offset >= start (a character's) where sub (not empty) occurs in s, or
    -1. Only where the first character matches is a slice compared."""
    m = _byte_length(sub)
    first = _code_point(sub, 0)
    at = start
    while at <= _byte_length(s) - m:
        c = _code_point(s, at)
        if c == first and _byte_slice(s, at, at + m) == sub:
            return at
        at += _utf8_length(c)
    return -1


def _char_rfind(s: str, sub: str, offsets: list[int], end: int) -> int:
    """The last character index where sub (not empty) occurs in s ending at or before
    character end, or -1; offsets is _offsets(s). Only where the first character matches is a
    slice compared."""
    m = _byte_length(sub)
    first = _code_point(sub, 0)
    i = end - 1
    while i >= 0:
        at = offsets[i]
        fits = at + m <= offsets[end]
        if fits and _code_point(s, at) == first and _byte_slice(s, at, at + m) == sub:
            return i
        i -= 1
    return -1


def _str_rfind(s: str, sub: str) -> int:
    if sub == "":
        return len(s)
    offsets = _offsets(s)
    return _char_rfind(s, sub, offsets, len(offsets) - 1)


def _str_index(s: str, sub: str) -> int:
    at = s.find(sub)
    if at < 0:
        raise ValueError("substring not found")
    return at


def _str_rindex(s: str, sub: str) -> int:
    at = _str_rfind(s, sub)
    if at < 0:
        raise ValueError("substring not found")
    return at


def _str_removeprefix(s: str, prefix: str) -> str:
    if s.startswith(prefix):
        return _byte_slice(s, _byte_length(prefix), _byte_length(s))
    return s


def _str_removesuffix(s: str, suffix: str) -> str:
    if suffix != "" and s.endswith(suffix):
        return _byte_slice(s, 0, _byte_length(s) - _byte_length(suffix))
    return s


def _str_partition(s: str, sep: str) -> tuple[str, str, str]:
    if sep == "":
        raise ValueError("empty separator")
    at = _byte_find(s, sep, 0)
    if at < 0:
        return (s, "", "")
    return (_byte_slice(s, 0, at), sep, _byte_slice(s, at + _byte_length(sep), _byte_length(s)))


def _str_rpartition(s: str, sep: str) -> tuple[str, str, str]:
    if sep == "":
        raise ValueError("empty separator")
    offsets = _offsets(s)
    i = _char_rfind(s, sep, offsets, len(offsets) - 1)
    if i < 0:
        return ("", "", s)
    at = offsets[i]
    return (_byte_slice(s, 0, at), sep, _byte_slice(s, at + _byte_length(sep), _byte_length(s)))


def _str_zfill(s: str, width: int) -> str:
    n = len(s)
    if n >= width:
        return s
    zeros = "0" * (width - n)
    if _byte_length(s) > 0 and (_code_point(s, 0) == 43 or _code_point(s, 0) == 45):
        return _byte_slice(s, 0, 1) + zeros + _byte_slice(s, 1, _byte_length(s))
    return zeros + s


def _str_pad(s: str, width: int, fill: str, align: int) -> str:
    """s.ljust (align '<'), rjust ('>'), center ('c', CPython's rounding of the margin) or
    a format spec's '^' (the smaller half on the left)."""
    if len(fill) != 1:
        raise TypeError("The fill character must be exactly one character long")
    margin = width - len(s)
    if margin <= 0:
        return s
    left = 0
    if align == 62:
        left = margin
    elif align == 99:
        left = margin // 2 + (margin & width & 1)
    elif align == 94:
        left = margin // 2
    return fill * left + s + fill * (margin - left)


def _str_format(s: str, fill: str, align: int, width: int, precision: int) -> str:
    """f"{s:spec}": at most precision characters, then padded (left-aligned by default)."""
    if 0 <= precision < len(s):
        s = s[:precision]
    return _str_pad(s, width, fill, align)


def _is_space(c: int) -> bool:
    """str.isspace() of one code point (ASCII 28-31 are Unicode separators)."""
    if c < 128:
        return c == 32 or 9 <= c <= 13 or 28 <= c <= 31
    return _is_unicode_space(c)


def _offsets(s: str) -> list[int]:
    """The byte offset of each character of s, then its byte length."""
    out: list[int] = []
    at = 0
    n = _byte_length(s)
    while at < n:
        out.append(at)
        at += _utf8_length(_code_point(s, at))
    out.append(n)
    return out


def _str_split(s: str, sep: str, maxsplit: int) -> list[str]:
    if sep == "":
        raise ValueError("empty separator")
    out: list[str] = []
    start = 0
    while maxsplit != 0:
        at = _byte_find(s, sep, start)
        if at < 0:
            break
        out.append(_byte_slice(s, start, at))
        start = at + _byte_length(sep)
        maxsplit -= 1
    out.append(_byte_slice(s, start, _byte_length(s)))
    return out


def _str_rsplit(s: str, sep: str, maxsplit: int) -> list[str]:
    if sep == "":
        raise ValueError("empty separator")
    out: list[str] = []
    offsets = _offsets(s)
    end = len(offsets) - 1  # characters [0, end) are left
    while maxsplit != 0:
        i = _char_rfind(s, sep, offsets, end)
        if i < 0:
            break
        out.append(_byte_slice(s, offsets[i] + _byte_length(sep), offsets[end]))
        end = i
        maxsplit -= 1
    out.append(_byte_slice(s, 0, offsets[end]))
    out.reverse()
    return out


def _str_split_ws(s: str, maxsplit: int) -> list[str]:
    """s.split(None, maxsplit), as CPython's split_whitespace."""
    offsets = _offsets(s)
    n = len(offsets) - 1
    out: list[str] = []
    i = 0
    while maxsplit != 0:
        while i < n and _is_space(_code_point(s, offsets[i])):
            i += 1
        if i == n:
            break
        j = i
        while i < n and not _is_space(_code_point(s, offsets[i])):
            i += 1
        out.append(_byte_slice(s, offsets[j], offsets[i]))
        maxsplit -= 1
    while i < n and _is_space(_code_point(s, offsets[i])):
        i += 1
    if i < n:
        out.append(_byte_slice(s, offsets[i], offsets[n]))
    return out


def _str_rsplit_ws(s: str, maxsplit: int) -> list[str]:
    """s.rsplit(None, maxsplit), as CPython's rsplit_whitespace."""
    offsets = _offsets(s)
    out: list[str] = []
    i = len(offsets) - 1  # characters [0, i) are left
    while maxsplit != 0:
        while i > 0 and _is_space(_code_point(s, offsets[i - 1])):
            i -= 1
        if i == 0:
            break
        j = i
        while i > 0 and not _is_space(_code_point(s, offsets[i - 1])):
            i -= 1
        out.append(_byte_slice(s, offsets[i], offsets[j]))
        maxsplit -= 1
    while i > 0 and _is_space(_code_point(s, offsets[i - 1])):
        i -= 1
    if i > 0:
        out.append(_byte_slice(s, 0, offsets[i]))
    out.reverse()
    return out


def _is_line_break(c: int) -> bool:
    """A line boundary of str.splitlines (the whole set, Unicode's included)."""
    if c < 128:
        return 10 <= c <= 13 or 28 <= c <= 30
    return c == 0x85 or c == 0x2028 or c == 0x2029


def _str_splitlines(s: str, keepends: bool) -> list[str]:
    out: list[str] = []
    n = _byte_length(s)
    start = 0
    at = 0
    while at < n:
        c = _code_point(s, at)
        if not _is_line_break(c):
            at += _utf8_length(c)
            continue
        end = at + _utf8_length(c)
        if c == 13 and end < n and _code_point(s, end) == 10:
            end += 1
        out.append(_byte_slice(s, start, end if keepends else at))
        start = end
        at = end
    if start < n:
        out.append(_byte_slice(s, start, n))
    return out


def _is_cased(c: int) -> bool:
    """CPython's cased property of one code point: a binary search of the cased ranges'
    boundaries, as _is_printable's."""
    if c < 128:
        return 65 <= c <= 90 or 97 <= c <= 122
    low = 0
    high = _table_cased(0)
    while low < high:
        middle = (low + high) // 2
        if (_table_cased(1 + middle // 3) >> (21 * (middle % 3))) & 0x1FFFFF <= c:
            low = middle + 1
        else:
            high = middle
    return low % 2 == 1


def _title_char(c: int) -> str:
    """The titlecase mapping of one code point: its uppercase one unless the table has it."""
    low = 0
    high = _table_title(0)
    while low < high:
        middle = (low + high) // 2
        key = _table_title(1 + 2 * middle)
        if key == c:
            packed = _table_title(2 + 2 * middle)
            out = ""
            while packed != 0:
                out += _chr(packed & 0x1FFFFF)
                packed >>= 21
            return out
        if key < c:
            low = middle + 1
        else:
            high = middle
    return _chr(c).upper()


def _str_capitalize(s: str) -> str:
    """The first character titlecased, the rest lowercased. s.lower() maps the first one
    alone (a capital sigma's context needs a letter before it), so the rest of it follows."""
    if s == "":
        return s
    c = _code_point(s, 0)
    low = s.lower()
    return _title_char(c) + _byte_slice(low, _byte_length(_chr(c).lower()), _byte_length(low))


def _str_title(s: str) -> str:
    """Each character titlecased after an uncased one, else lowercased: taken from s.lower()
    (a capital sigma's context is the whole str's), whose piece for each character is as long
    as its lowercase mapping alone (final and medial sigma are both two bytes)."""
    low = s.lower()
    pieces: list[str] = []  # joined once: adding to a str in the loop would be quadratic
    run = 0  # where the piece of low not yet taken begins
    at = 0
    lowered = 0
    cased = False
    while at < _byte_length(s):
        c = _code_point(s, at)
        k = _byte_length(_chr(c).lower())
        if not cased:
            pieces.append(_byte_slice(low, run, lowered))
            pieces.append(_title_char(c))
            run = lowered + k
        cased = _is_cased(c)
        at += _utf8_length(c)
        lowered += k
    pieces.append(_byte_slice(low, run, lowered))
    return "".join(pieces)
