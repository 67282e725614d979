"""Print the chosen-point tables of glibc's IBM math functions as hatch_pywasm's
``support/mathdata.py`` holds them (run once; its output is committed).

glibc's atan and atan2 (dbl-64 s_atan.c, e_atan2.c, table uatan.tbl ``cij``) evaluate a
polynomial around one of 241 points x_i near (i + 16)/256. The points were chosen by IBM's
generator (Gal's accurate tables) and the polynomials fitted there, so neither can be recomputed;
the other two columns, atan(x_i) and 1/(1 + x_i**2), are computed by support/mathtables.py (and
checked against the library here). The numbers are read from the libm.so.6 of Debian's glibc
2.36-9+deb12u14 on x86-64 at the addresses its FMA builds index; they are the numbers of
glibc's source tables.

Usage: python scripts/glibc_math_tables.py [/lib/x86_64-linux-gnu/libm.so.6]
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

#: name -> (file offset in that libm.so.6, rows, columns per row, columns kept)
TABLES = {
    "ATAN_POINTS": (0xB92A0, 241, 7, (0, 3, 4, 5, 6)),
}


def read_rows(image: bytes, offset: int, rows: int, columns: int) -> list[tuple[int, ...]]:
    size = 8 * columns
    return [struct.unpack_from(f"<{columns}Q", image, offset + size * row) for row in range(rows)]


def main(path: str) -> None:
    image = Path(path).read_bytes()
    for name, (offset, rows, columns, kept) in TABLES.items():
        words = [row[c] for row in read_rows(image, offset, rows, columns) for c in kept]
        print(f"{name} = (")
        for start in range(0, len(words), 4):
            print("    " + " ".join(f"0x{word:016X}," for word in words[start : start + 4]))
        print(")  # fmt: skip")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/lib/x86_64-linux-gnu/libm.so.6")
