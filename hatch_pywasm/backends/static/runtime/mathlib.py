"""The math library of compiled modules, written in the compiled subset itself.

``math.exp(x)`` in a compiled module calls ``exp`` here, compiled into the same core module (no
host import). The algorithms are fdlibm's (error below 1 ulp, so within 1 ulp of CPython's libm);
the errors are CPython's ``math`` module's. This file is also plain Python: the tests run it in
CPython against ``math`` as well as compiled.

``_float_bits`` and ``_bits_float`` are intrinsics: the compiler replaces calls to them with
``i64.reinterpret_f64`` and ``f64.reinterpret_i64``; the Python bodies serve CPython only.
"""

import math
import struct

LN2_HI = 6.93147180369123816490e-01
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e00
TWO54 = 1.80143985094819840000e16
TWOM1000 = 9.33263618503218878990e-302
EXP_OVERFLOW = 7.09782712893383973096e02
EXP_UNDERFLOW = -7.45133219101941108420e02
P1 = 1.66666666666666019037e-01
P2 = -2.77777777770155933842e-03
P3 = 6.61375632143793436117e-05
P4 = -1.65339022054652515390e-06
P5 = 4.13813679705723846039e-08
LG1 = 6.666666666666735130e-01
LG2 = 3.999999999940941908e-01
LG3 = 2.857142874366239149e-01
LG4 = 2.222219843214978396e-01
LG5 = 1.818357216161805012e-01
LG6 = 1.531383769920937332e-01
LG7 = 1.479819860511658591e-01


def _float_bits(x: float) -> int:
    return struct.unpack("<q", struct.pack("<d", x))[0]


def _bits_float(b: int) -> float:
    return struct.unpack("<d", struct.pack("<q", b))[0]


def exp(x: float) -> float:
    """e**x: fdlibm's __ieee754_exp. Reduce x = k*ln2 + r with |r| <= ln2/2 (ln2 in two parts,
    so k*LN2_HI is exact), approximate exp(r) by a rational function, scale by 2**k."""
    if x != x:
        return x
    bits = _float_bits(x)
    hx = (bits >> 32) & 0x7FFFFFFF
    negative = bits < 0
    if hx >= 0x40862E42:  # |x| >= 709.78: infinite, overflowing or underflowing
        if hx >= 0x7FF00000:
            return 0.0 if negative else x
        if x > EXP_OVERFLOW:
            raise OverflowError("math range error")
        if x < EXP_UNDERFLOW:
            return 0.0
    hi = 0.0
    lo = 0.0
    k = 0
    if hx > 0x3FD62E42:  # |x| > ln2/2
        if hx < 0x3FF0A2B2:  # |x| < 1.5 ln2: k is 1 or -1
            if negative:
                hi = x + LN2_HI
                lo = -LN2_LO
                k = -1
            else:
                hi = x - LN2_HI
                lo = LN2_LO
                k = 1
        else:
            k = int(INV_LN2 * x + (-0.5 if negative else 0.5))
            t = float(k)
            hi = x - t * LN2_HI
            lo = t * LN2_LO
        x = hi - lo
    elif hx < 0x3E300000:  # |x| < 2**-28: 1 + x is exact enough
        return 1.0 + x
    t = x * x
    c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    if k == 0:
        return 1.0 - ((x * c) / (c - 2.0) - x)
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    if k >= -1021:
        return _bits_float(_float_bits(y) + (k << 52))
    return _bits_float(_float_bits(y) + ((k + 1000) << 52)) * TWOM1000


def log(x: float) -> float:
    """The natural logarithm: fdlibm's __ieee754_log. Write x = 2**k * (1 + f) with
    sqrt(2)/2 < 1 + f < sqrt(2), then log(1 + f) = 2s + 2/3 s**3 + ... with s = f / (2 + f)."""
    if x != x:
        return x
    bits = _float_bits(x)
    hx = bits >> 32
    lx = bits & 0xFFFFFFFF
    k = 0
    if hx < 0x00100000:  # zero, negative or subnormal
        if hx < 0 or ((hx & 0x7FFFFFFF) | lx) == 0:
            raise ValueError("math domain error")
        k -= 54
        x *= TWO54
        bits = _float_bits(x)
        hx = bits >> 32
        lx = bits & 0xFFFFFFFF
    if hx >= 0x7FF00000:
        return x + x
    k += (hx >> 20) - 1023
    hx &= 0x000FFFFF
    i = (hx + 0x95F64) & 0x100000
    x = _bits_float(((hx | (i ^ 0x3FF00000)) << 32) | lx)  # x or x/2, near 1
    k += i >> 20
    f = x - 1.0
    dk = float(k)
    if (0x000FFFFF & (2 + hx)) < 3:  # |f| < 2**-20
        if f == 0.0:
            if k == 0:
                return 0.0
            return dk * LN2_HI + dk * LN2_LO
        r = f * f * (0.5 - 0.33333333333333333 * f)
        if k == 0:
            return f - r
        return dk * LN2_HI - ((r - dk * LN2_LO) - f)
    s = f / (2.0 + f)
    z = s * s
    i = hx - 0x6147A
    w = z * z
    j = 0x6B851 - hx
    t1 = w * (LG2 + w * (LG4 + w * LG6))
    t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
    i |= j
    r = t2 + t1
    if i > 0:
        hfsq = 0.5 * f * f
        if k == 0:
            return f - (hfsq - s * (hfsq + r))
        return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
    if k == 0:
        return f - s * (f - r)
    return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)


IVLN2_HI = 1.44269504072144627571e00
IVLN2_LO = 1.67517131648865118353e-10
IVLN10_HI = 4.34294481878168880939e-01
IVLN10_LO = 2.50829467116452752298e-11
LOG10_2HI = 3.01029995663611771306e-01
LOG10_2LO = 3.69423907715893078616e-13
SMALLEST_NORMAL = 2.2250738585072014e-308
MAX_FLOAT = 1.7976931348623157e308  # beyond it: infinity


def _exponent(x: float) -> int:
    """k with x = 2**k * m and sqrt(2)/2 < m < sqrt(2), for a finite x > 0."""
    k = 0
    if x < SMALLEST_NORMAL:
        x *= TWO54
        k = -54
    hx = _float_bits(x) >> 32
    k += (hx >> 20) - 1023
    return k + (((hx & 0x000FFFFF) + 0x95F64) >> 20)


def _mantissa(x: float, k: int) -> float:
    """m = x / 2**k, exactly (the exponent field is rewritten)."""
    if x < SMALLEST_NORMAL:
        x *= TWO54
        k += 54
    return _bits_float(_float_bits(x) - (k << 52))


def _log1p_tail(f: float) -> float:
    """log(1 + f) - f + f*f/2 for sqrt(2)/2 - 1 < f < sqrt(2) - 1 (FreeBSD's k_log1p)."""
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (LG2 + w * (LG4 + w * LG6))
    t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
    r = t2 + t1
    return s * (0.5 * f * f + r)


def _log_domain(x: float) -> bool:
    """Whether log2/log10 compute x: False for NaN and infinity (returned as they are)."""
    if x <= 0.0:
        raise ValueError("math domain error")
    return x == x and x <= MAX_FLOAT


def log2(x: float) -> float:
    """FreeBSD's e_log2.c: log(1 + f) in extra precision (hi + lo), times 1/ln2 in two parts."""
    if not _log_domain(x):
        return x
    k = _exponent(x)
    f = _mantissa(x, k) - 1.0
    hfsq = 0.5 * f * f
    r = _log1p_tail(f)
    hi = _bits_float(_float_bits(f - hfsq) & -0x100000000)  # the low word cleared
    lo = (f - hi) - hfsq + r
    val_hi = hi * IVLN2_HI
    val_lo = (lo + hi) * IVLN2_LO + lo * IVLN2_HI
    y = float(k)
    w = y + val_hi
    val_lo += (y - w) + val_hi
    return val_lo + w


def log10(x: float) -> float:
    """FreeBSD's e_log10.c: as log2, times 1/ln10 in two parts, plus k*log10(2) in two parts."""
    if not _log_domain(x):
        return x
    k = _exponent(x)
    f = _mantissa(x, k) - 1.0
    hfsq = 0.5 * f * f
    r = _log1p_tail(f)
    hi = _bits_float(_float_bits(f - hfsq) & -0x100000000)
    lo = (f - hi) - hfsq + r
    val_hi = hi * IVLN10_HI
    y = float(k)
    y2 = y * LOG10_2HI
    val_lo = y * LOG10_2LO + (lo + hi) * IVLN10_LO + lo * IVLN10_HI
    w = y2 + val_hi
    val_lo += (y2 - w) + val_hi
    return val_lo + w


ATAN_HI0 = 4.63647609000806093515e-01
ATAN_HI1 = 7.85398163397448278999e-01
ATAN_HI2 = 9.82793723247329054082e-01
ATAN_HI3 = 1.57079632679489655800e00
ATAN_LO0 = 2.26987774529616870924e-17
ATAN_LO1 = 3.06161699786838301793e-17
ATAN_LO2 = 1.39033110312309984516e-17
ATAN_LO3 = 6.12323399573676603587e-17
AT0 = 3.33333333333329318027e-01
AT1 = -1.99999999998764832476e-01
AT2 = 1.42857142725034663711e-01
AT3 = -1.11111104054623557880e-01
AT4 = 9.09088713343650656196e-02
AT5 = -7.69187620504482999495e-02
AT6 = 6.66107313738753120669e-02
AT7 = -5.83357013379057348645e-02
AT8 = 4.97687799461593236017e-02
AT9 = -3.65315727442169155270e-02
AT10 = 1.62858201153657823623e-02
PI = 3.1415926535897931160e00
PI_LO = 1.2246467991473531772e-16


def atan(x: float) -> float:
    """fdlibm's s_atan.c: reduce |x| to one of five ranges around atan(0), atan(1/2), atan(1),
    atan(3/2), atan(inf), then an odd polynomial."""
    if x != x:
        return x
    hx = _float_bits(x) >> 32
    ix = hx & 0x7FFFFFFF
    if ix >= 0x44100000:  # |x| >= 2**66
        return ATAN_HI3 + ATAN_LO3 if hx > 0 else -ATAN_HI3 - ATAN_LO3
    part = -1
    if ix < 0x3FDC0000:  # |x| < 0.4375
        if ix < 0x3E200000:  # |x| < 2**-29
            return x
    else:
        x = abs(x)
        if ix < 0x3FF30000:  # |x| < 1.1875
            if ix < 0x3FE60000:  # 7/16 <= |x| < 11/16
                part = 0
                x = (2.0 * x - 1.0) / (2.0 + x)
            else:  # 11/16 <= |x| < 19/16
                part = 1
                x = (x - 1.0) / (x + 1.0)
        elif ix < 0x40038000:  # |x| < 2.4375
            part = 2
            x = (x - 1.5) / (1.0 + 1.5 * x)
        else:  # 2.4375 <= |x| < 2**66
            part = 3
            x = -1.0 / x
    z = x * x
    w = z * z
    s1 = z * (AT0 + w * (AT2 + w * (AT4 + w * (AT6 + w * (AT8 + w * AT10)))))
    s2 = w * (AT1 + w * (AT3 + w * (AT5 + w * (AT7 + w * AT9))))
    if part < 0:
        return x - x * (s1 + s2)
    hi = ATAN_HI0
    lo = ATAN_LO0
    if part == 1:
        hi = ATAN_HI1
        lo = ATAN_LO1
    elif part == 2:
        hi = ATAN_HI2
        lo = ATAN_LO2
    elif part == 3:
        hi = ATAN_HI3
        lo = ATAN_LO3
    z = hi - ((x * (s1 + s2) - lo) - x)
    return -z if hx < 0 else z


def atan2(y: float, x: float) -> float:
    """CPython's special cases (m_atan2), then fdlibm's e_atan2.c."""
    if x != x or y != y:
        return x + y
    if abs(y) > MAX_FLOAT:
        if abs(x) > MAX_FLOAT:
            quarter = 0.25 * PI if math.copysign(1.0, x) == 1.0 else 0.75 * PI
            return math.copysign(quarter, y)
        return math.copysign(0.5 * PI, y)
    if abs(x) > MAX_FLOAT or y == 0.0:
        return math.copysign(0.0 if math.copysign(1.0, x) == 1.0 else PI, y)
    if x == 1.0:
        return atan(y)
    if x == 0.0:
        return -0.5 * PI if y < 0.0 else 0.5 * PI
    hx = _float_bits(x) >> 32
    k = (((_float_bits(y) >> 32) & 0x7FFFFFFF) - (hx & 0x7FFFFFFF)) >> 20
    z = 0.0
    if k > 60:  # |y/x| > 2**60
        z = 0.5 * PI + 0.5 * PI_LO
    elif hx < 0 and k < -60:  # |y|/x < -2**60
        z = 0.0
    else:
        z = atan(abs(y / x))
    if x > 0.0:
        return z if y > 0.0 else -z
    if y > 0.0:
        return PI - (z - PI_LO)
    return (z - PI_LO) - PI


POW_BP1 = 1.5
POW_DP_H1 = 5.84962487220764160156e-01
POW_DP_L1 = 1.35003920212974897128e-08
TWO53 = 9007199254740992.0
L1 = 5.99999999999994648725e-01
L2 = 4.28571428578550184252e-01
L3 = 3.33333329818377432918e-01
L4 = 2.72728123808534006489e-01
L5 = 2.30660745775561754067e-01
L6 = 2.06975017800338417784e-01
POW_LG2 = 6.93147180559945286227e-01
POW_LG2_H = 6.93147182464599609375e-01
POW_LG2_L = -1.90465429995776804525e-09
OVT = 8.0085662595372944372e-17
CP = 9.61796693925975554329e-01
CP_H = 9.61796700954437255859e-01
CP_L = -7.02846165095275826516e-09
IVLN2 = 1.44269504088896338700e00
IVLN2_H = 1.44269502162933349609e00
IVLN2_L = 1.92596299112661746887e-08


def _low_cleared(x: float) -> float:
    """x with the low 32 bits of its representation zeroed (fdlibm's __LO(x) = 0)."""
    return _bits_float(_float_bits(x) & -0x100000000)


def _is_odd_integer(y: float) -> bool:
    return abs(y) < TWO53 and y == float(int(y)) and int(y) % 2 == 1


def _power(x: float, y: float) -> float:
    """x ** y: CPython's float_pow (its special cases and errors) around fdlibm's e_pow.c."""
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
    same fdlibm core as ``**``."""
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
    fdlibm; the errors of math.pow or of ``**`` (which would give a complex number)."""
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
    """math.fmod: exact (runtime/floatmod.wat), with CPython's domain errors."""
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
    """sqrt(x*x + y*y) without undue overflow: CPython's special cases, then fdlibm's e_hypot.c
    (a and b split into high and low parts so the sum of squares is nearly exact)."""
    if abs(x) > MAX_FLOAT or abs(y) > MAX_FLOAT:
        return MAX_FLOAT * 2.0  # inf, even with a NaN
    if x != x or y != y:
        return x + y
    ha = (_float_bits(x) >> 32) & 0x7FFFFFFF
    hb = (_float_bits(y) >> 32) & 0x7FFFFFFF
    a = abs(x)
    b = abs(y)
    if hb > ha:
        a = abs(y)
        b = abs(x)
        ha, hb = hb, ha
    if ha - hb > 0x3C00000:  # a / b > 2**60
        return a + b
    k = 0
    if ha > 0x5F300000:  # a > 2**500: scale by 2**-600
        ha -= 0x25800000
        hb -= 0x25800000
        k += 600
        a = _with_high_word(a, ha)
        b = _with_high_word(b, hb)
    if hb < 0x20B00000:  # b < 2**-500
        if hb <= 0x000FFFFF:  # subnormal b or zero
            if b == 0.0:
                return a
            b *= 4.49423283715578976932e307  # 2**1022
            a *= 4.49423283715578976932e307
            k -= 1022
            ha = _float_bits(a) >> 32
            hb = _float_bits(b) >> 32
        else:  # scale by 2**600
            ha += 0x25800000
            hb += 0x25800000
            k -= 600
            a = _with_high_word(a, ha)
            b = _with_high_word(b, hb)
    w = a - b
    if w > b:
        t1 = _bits_float(ha << 32)
        t2 = a - t1
        w = math.sqrt(t1 * t1 - (b * (-b) - t2 * (a + t1)))
    else:
        a = a + a
        y1 = _bits_float(hb << 32)
        y2 = b - y1
        t1 = _bits_float((ha + 0x00100000) << 32)
        t2 = a - t1
        w = math.sqrt(t1 * y1 - (w * (-w) - (t1 * y2 + t2 * b)))
    if k != 0:
        return _bits_float((0x3FF + k) << 52) * w
    return w


def _with_high_word(x: float, high: int) -> float:
    return _bits_float((high << 32) | (_float_bits(x) & 0xFFFFFFFF))


def _positive_power(x: float, y: float) -> float:
    """fdlibm's __ieee754_pow for a finite x > 0, x != 1 and a finite y != 0: log2(x) in extra
    precision (t1 + t2), times y in two parts, then 2**(that) as in exp."""
    xbits = _float_bits(x)
    ybits = _float_bits(y)
    ix = xbits >> 32
    hy = ybits >> 32
    iy = hy & 0x7FFFFFFF
    if (ybits & 0xFFFFFFFF) == 0:
        if iy == 0x3FF00000:
            return 1.0 / x if hy < 0 else x
        if hy == 0x40000000:
            return x * x
        if hy == 0x3FE00000:
            return math.sqrt(x)
    t1 = 0.0
    t2 = 0.0
    if iy > 0x41E00000:  # |y| > 2**31: overflow or underflow unless x is very near 1
        if iy > 0x43F00000 or ix < 0x3FEFFFFF or ix > 0x3FF00000:
            return MAX_FLOAT * 2.0 if (hy < 0) == (ix < 0x3FF00000) else 0.0
        t = x - 1.0  # |t| <= 2**-20: log(x) by a short series
        w = (t * t) * (0.5 - t * (0.3333333333333333333333 - t * 0.25))
        u = IVLN2_H * t
        v = t * IVLN2_L - w * IVLN2
        t1 = _low_cleared(u + v)
        t2 = v - (t1 - u)
    else:
        ax = x
        n = 0
        if ix < 0x00100000:  # subnormal
            ax *= TWO53
            n -= 53
            ix = _float_bits(ax) >> 32
        n += (ix >> 20) - 0x3FF
        j = ix & 0x000FFFFF
        ix = j | 0x3FF00000
        k = 0
        if j > 0x3988E:  # |x| >= sqrt(3/2)
            if j < 0xBB67A:  # |x| < sqrt(3)
                k = 1
            else:
                n += 1
                ix -= 0x00100000
        ax = _bits_float((ix << 32) | (_float_bits(ax) & 0xFFFFFFFF))
        bp = POW_BP1 if k == 1 else 1.0
        dp_h = POW_DP_H1 if k == 1 else 0.0
        dp_l = POW_DP_L1 if k == 1 else 0.0
        u = ax - bp
        v = 1.0 / (ax + bp)
        ss = u * v
        s_h = _low_cleared(ss)
        t_h = _bits_float((((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18)) << 32)
        t_l = ax - (t_h - bp)
        s_l = v * ((u - s_h * t_h) - s_h * t_l)
        s2 = ss * ss
        r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))))
        r += s_l * (s_h + ss)
        s2 = s_h * s_h
        t_h = _low_cleared(3.0 + s2 + r)
        t_l = r - ((t_h - 3.0) - s2)
        u = s_h * t_h
        v = s_l * t_h + t_l * ss
        p_h = _low_cleared(u + v)
        p_l = v - (p_h - u)
        z_h = CP_H * p_h
        z_l = CP_L * p_h + p_l * CP + dp_l
        t = float(n)
        t1 = _low_cleared(((z_h + z_l) + dp_h) + t)
        t2 = z_l - (((t1 - t) - dp_h) - z_h)
    y1 = _low_cleared(y)
    p_l = (y - y1) * t1 + y * t2
    p_h = y1 * t1
    z = p_l + p_h
    zbits = _float_bits(z)
    j = zbits >> 32
    i = zbits & 0xFFFFFFFF
    if j >= 0x40900000:  # z >= 1024
        if j != 0x40900000 or i != 0 or p_l + OVT > z - p_h:
            return MAX_FLOAT * 2.0
    elif (j & 0x7FFFFFFF) >= 0x4090CC00 and (j != -0x3F6F3400 or i != 0 or p_l <= z - p_h):
        return 0.0  # z <= -1075
    i = j & 0x7FFFFFFF
    k = (i >> 20) - 0x3FF
    n = 0
    if i > 0x3FE00000:  # |z| > 0.5: n = nearest integer to z
        n = j + (0x00100000 >> (k + 1))
        k = ((n & 0x7FFFFFFF) >> 20) - 0x3FF
        t = _bits_float((n & ~(0x000FFFFF >> k)) << 32)
        n = ((n & 0x000FFFFF) | 0x00100000) >> (20 - k)
        if j < 0:
            n = -n
        p_h -= t
    t = _low_cleared(p_l + p_h)
    u = t * POW_LG2_H
    v = (p_l - (t - p_h)) * POW_LG2 + t * POW_LG2_L
    z = u + v
    w = v - (z - u)
    t = z * z
    t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    r = (z * t1) / (t1 - 2.0) - (w + z * w)
    z = 1.0 - (r - z)
    if ((_float_bits(z) >> 52) + n) <= 0:  # a subnormal result: scale in two exact steps
        return z * TWOM1000 * _bits_float((n + 1000 + 1023) << 52)
    return _bits_float(_float_bits(z) + (n << 52))
