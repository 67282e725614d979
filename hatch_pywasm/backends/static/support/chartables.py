"""Code point classes of the str predicates (``isdigit``, ``isalpha``, ...) as CPython decides
them, from the compiling interpreter's unicodedata (the CPython a compiled module is compared
with): words 0 and 1 a bitmap of the ASCII code points in the class (bit c % 64 of word
c // 64: the common case without a search); word 2 the number of ranges, then the sorted
ranges, one word ``start << 32 | end`` (inclusive) each. Placed in a module's static data
only when a predicate is called (support/text.wat ``$str.all_in``, ``$cp.in_table``)."""

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
    ascii_bits = sum(1 << c for c in range(0x80) if member[c])
    halves = [ascii_bits & (1 << 64) - 1, ascii_bits >> 64]
    return (*(h - (1 << 64) if h >> 63 else h for h in halves), len(found), *found)


@cache
def case_table(method: str) -> tuple[int, ...]:
    """``lower`` or ``upper`` of every code point above ASCII it changes (but capital sigma,
    whose lowercase depends on its neighbours), read by support/text.wat ``$case.lookup``:
    word 0 the number of runs, then the runs, sorted, of code points mapped to one code point
    at a constant distance (``start << 40 | (count - 1) << 28 | (stride - 1) << 27 | distance
    + 2**26``: start, start + stride, ... for count code points, stride 1 or 2, as Unicode's
    case pairs come); then the number of the other mappings, then pairs (code point, the
    mapping's UTF-8 bytes | their number << 56), sorted. Runs keep the table at ~3 KB."""
    assert method in ("lower", "upper")
    runs: list[list[int]] = []  # [start, count, stride, distance]
    others: list[int] = []
    for c in range(0x80, 0x110000):
        if c == SIGMA and method == "lower":
            continue
        mapped = getattr(chr(c), method)()
        if mapped == chr(c):
            continue
        if len(mapped) == 1:
            distance = ord(mapped) - c
            if runs and _extends(runs[-1], c, distance):
                run = runs[-1]
                run[2] = c - run[0] if run[1] == 1 else run[2]
                run[1] += 1
            else:
                runs.append([c, 1, 1, distance])
            continue
        data = mapped.encode("utf-8", "surrogatepass")
        assert len(data) <= 7, (c, mapped)
        others += [c, int.from_bytes(data, "little") | len(data) << 56]
    words = [s << 40 | (n - 1) << 28 | (k - 1) << 27 | (d + 2**26) for s, n, k, d in runs]
    assert all(n <= 4096 and abs(d) < 2**26 for _, n, _, d in runs)
    return (len(words), *words, len(others) // 2, *others)


def _extends(run: list[int], c: int, distance: int) -> bool:
    """Whether code point ``c`` mapped ``distance`` away continues ``run``."""
    start, count, stride, run_distance = run
    step = c - (start + (count - 1) * stride)
    return run_distance == distance and (step in (1, 2) if count == 1 else step == stride)


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
