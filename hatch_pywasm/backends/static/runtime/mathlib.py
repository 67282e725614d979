"""The math library of compiled modules, written in the compiled subset itself.

``math.exp(x)`` in a compiled module calls ``exp`` here, compiled into the same core module (no
host import). The algorithms are fdlibm's (error below 1 ulp, so within 1 ulp of CPython's libm);
the errors are CPython's ``math`` module's. This file is also plain Python: the tests run it in
CPython against ``math`` as well as compiled.

``_float_bits`` and ``_bits_float`` are intrinsics: the compiler replaces calls to them with
``i64.reinterpret_f64`` and ``f64.reinterpret_i64``; the Python bodies serve CPython only.
"""

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
