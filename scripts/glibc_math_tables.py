"""Print the chosen-point tables of glibc's IBM math functions as hatch_pywasm's
``support/mathdata.py`` holds them (run once; its output is committed).

glibc's atan and atan2 (dbl-64 s_atan.c, e_atan2.c, table uatan.tbl ``cij``) evaluate a
polynomial around one of 241 points x_i near (i + 16)/256; asin and acos (e_asin.c, tables
asincos.tbl ``asncs`` and root.tbl ``inroot``) one around the center of each 1/256 of
[0.125, 0.96875), and start a square root from an approximation of 1/sqrt by 1/64 of [0.5, 2).
IBM's generator chose the atan points and the approximations of 1/sqrt and fitted the
polynomials' higher coefficients, so none of those can be recomputed; support/mathtables.py
computes the rest (the asin centers, atan(x_i), asin of the centers, 1/(1 + x_i**2)). The numbers
are read from the libm.so.6 of Debian's glibc 2.36-9+deb12u14 on x86-64 at the addresses its FMA
builds index; they are the numbers of glibc's source tables.

Usage: python scripts/glibc_math_tables.py [/lib/x86_64-linux-gnu/libm.so.6]
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

#: name -> (file offset in that libm.so.6, its parts: (rows, doubles per row, columns kept))
TABLES = {
    "ATAN_POINTS": (0xB92A0, ((241, 7, (0, 3, 4, 5, 6)),)),
    # asin's segments [0.125, 0.25), [0.25, 0.5), [0.5, 0.75), [0.75, 0.921875),
    # [0.921875, 0.953125), [0.953125, 0.96875): per row the coefficients of z .. z**d and the
    # constant term's low part (without the center, first, and asin's high part, last)
    "ASIN_COEFFICIENTS": (
        0xB0D80,
        (
            (32, 11, tuple(range(1, 8))),
            (64, 11, tuple(range(1, 8))),
            (64, 12, tuple(range(1, 9))),
            (44, 13, tuple(range(1, 10))),
            (8, 14, tuple(range(1, 11))),
            (4, 15, tuple(range(1, 12))),
        ),
    ),
    "INVERSE_ROOTS": (0xB0980, ((128, 1, (0,)),)),
}
#: tan (s_tan.c, table utan.tbl ``xfg``): 186 points x_i near (i + 16)/256, printed as their
#: distance in ulps from (i + 16)/256 (the rest of a row, tan and cot of x_i, is recomputed)
TAN_POINTS = (0xBC780, 186, 4)


def read_words(
    image: bytes, offset: int, parts: tuple[tuple[int, int, tuple[int, ...]], ...]
) -> list[int]:
    words = []
    for rows, columns, kept in parts:
        for _ in range(rows):
            row = struct.unpack_from(f"<{columns}Q", image, offset)
            words += [row[c] for c in kept]
            offset += 8 * columns
    return words


def tan_point_ulps(image: bytes) -> list[int]:
    offset, rows, columns = TAN_POINTS
    ulps = []
    for i in range(rows):
        (point,) = struct.unpack_from("<Q", image, offset + 8 * columns * i)
        (nominal,) = struct.unpack("<Q", struct.pack("<d", (i + 16) / 256))
        ulps.append(point - nominal)
    return ulps


def main(path: str) -> None:
    image = Path(path).read_bytes()
    for name, (offset, parts) in TABLES.items():
        words = read_words(image, offset, parts)
        print(f"{name} = (")
        for start in range(0, len(words), 4):
            print("    " + " ".join(f"0x{word:016X}," for word in words[start : start + 4]))
        print(")  # fmt: skip")
    ulps = tan_point_ulps(image)
    print("TAN_POINT_ULPS = (")
    for start in range(0, len(ulps), 8):
        print("    " + " ".join(f"{u}," for u in ulps[start : start + 8]))
    print(")  # fmt: skip")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/lib/x86_64-linux-gnu/libm.so.6")
