"""Code point classes of the str predicates (``isdigit``, ``isalpha``, ...) as CPython decides
them, from the compiling interpreter's unicodedata (the CPython a compiled module is compared
with): sorted ranges, one word ``start << 32 | end`` (inclusive) each, after word 0, their
number. Placed in a module's static data only when a predicate is called (support/text.wat
``$str.all_in``)."""

from __future__ import annotations

from functools import cache

#: The predicates a table exists for.
PREDICATES = ("isdigit", "isalpha", "isalnum", "isspace", "isdecimal", "isnumeric")


@cache
def ranges(predicate: str) -> tuple[int, ...]:
    assert predicate in PREDICATES, predicate
    test = getattr(str, predicate)
    found: list[int] = []
    start = None
    for c in range(0x110001):
        member = c < 0x110000 and test(chr(c))
        if member and start is None:
            start = c
        elif not member and start is not None:
            found.append(start << 32 | (c - 1))
            start = None
    return (len(found), *found)
