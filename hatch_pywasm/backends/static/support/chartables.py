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
    return _ranges_of([test(chr(c)) for c in range(0x110000)])


def _ranges_of(member: list[bool]) -> tuple[int, ...]:
    found: list[int] = []
    start = None
    for c, inside in enumerate([*member, False]):
        if inside and start is None:
            start = c
        elif not inside and start is not None:
            found.append(start << 32 | (c - 1))
            start = None
    return (len(found), *found)


@cache
def case_table(method: str) -> tuple[int, ...]:
    """``lower`` or ``upper`` of every code point above ASCII it changes (but capital sigma,
    whose lowercase depends on its neighbours): word 0 the count, then pairs (code point, the
    mapping's UTF-8 bytes | their number << 56), sorted."""
    assert method in ("lower", "upper")
    words: list[int] = []
    for c in range(0x80, 0x110000):
        if c == SIGMA and method == "lower":
            continue
        mapped = getattr(chr(c), method)()
        if mapped != chr(c):
            data = mapped.encode("utf-8", "surrogatepass")
            assert len(data) <= 7, (c, mapped)
            words += [c, int.from_bytes(data, "little") | len(data) << 56]
    return (len(words) // 2, *words)


#: GREEK CAPITAL LETTER SIGMA: lowercased final or not by its context in str.lower().
SIGMA = 0x3A3


@cache
def sigma_tables() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The code points CPython's final-sigma rule skips (case-ignorable) and those that count
    as a cased neighbour, read from CPython's own str.lower(): after "A", a skipped code point
    lets the sigma see the cased "A"; alone before the sigma, only a cased one makes it final."""
    cased, ignorable = [], []
    for c in range(0x110000):
        ch = chr(c)
        final_alone = (ch + "Σ").lower().endswith("ς")
        final_after_a = ("A" + ch + "Σ").lower().endswith("ς")
        cased.append(final_alone)
        ignorable.append(final_after_a and not final_alone)
    return _ranges_of(ignorable), _ranges_of(cased)
