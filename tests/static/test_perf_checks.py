"""The checks codegen makes cheaper or moves keep Python's semantics: overflow checks against a
constant operand, multiplication and division by constants, inline int multiplication and float
division, range() counted inline for a constant step, list items addressed inline through
headers cached before a loop, and every exception leaving through one exit block per function
(tracebacks compared frame by frame with CPython's)."""

from __future__ import annotations

import re
import traceback

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hatch_pywasm.backends.static import ir

from .harness import INT_MAX, INT_MIN, OVERFLOW, Compiled

SOURCE = """
def add_constants(x: int, which: int) -> int:
    if which == 0:
        return x + 1
    if which == 1:
        return 1 + x
    if which == 2:
        return x - 1
    if which == 3:
        return x + 1000
    if which == 4:
        return x - -7
    return x + -1000


def add_max(x: int) -> int:
    return x + 9223372036854775807


def sub_max(x: int) -> int:
    return x - 9223372036854775807


def mul_constants(x: int, which: int) -> int:
    if which == 0:
        return x * 3
    if which == 1:
        return -3 * x
    if which == 2:
        return x * -1
    if which == 3:
        return x * 0
    if which == 4:
        return x * 1
    return x * 4611686018427387904


def div_constants(x: int) -> tuple[int, int, int, int, int, int, int, int]:
    return (x // 2, x % 2, x // 8, x % 8, x // 7, x % 7, x // -3, x % -3)


def div_by_zero(x: int, which: int) -> int:
    if which == 0:
        return x // 0
    return x % 0


def mul(a: int, b: int) -> int:
    return a * b


def fdiv(a: float, b: float) -> float:
    return a / b


def fdiv_constant(a: float) -> float:
    return a / 2.0 + a / -0.5


def fdiv_zero(a: float) -> float:
    return a / 0.0


def first_of_range(a: int, b: int, step: int) -> list[int]:
    seen: list[int] = []
    if step == 3:
        for i in range(a, b, 3):
            seen.append(i)
            if len(seen) == 5:
                break
    elif step == -2:
        for i in range(a, b, -2):
            seen.append(i)
            if len(seen) == 5:
                break
    elif step == 1:
        for i in range(a, b):
            seen.append(i)
            if len(seen) == 5:
                break
    else:
        for i in range(a, b, -1):
            seen.append(i)
            if len(seen) == 5:
                break
    return seen


def dot(xs: list[float], ys: list[float], n: int) -> float:
    total = 0.0
    for i in range(n):
        total += xs[i] * ys[-1 - i]
    return total


def pairs(xs: list[int], reps: int) -> int:
    total = 0
    for _ in range(reps):
        for i in range(len(xs)):
            j = i + 1
            while j < len(xs):
                xs[j] = xs[j] - xs[i] % 5
                total += xs[i] * xs[j] % 97
                j += 1
    return total


def nested(xs: list[int], n: int) -> int:
    total = 0
    for i in range(n):
        for j in range(n - 1, -1, -1):
            total += xs[-j - 1] * 2
        total += xs[i]
    xs[n] = total
    return total


def grow(xs: list[int], n: int) -> int:
    ys = xs
    total = 0
    for i in range(n):
        total += xs[i]
        ys.append(i)
    return total


def push(xs: list[int], v: int) -> None:
    xs.append(v)


def grow_in_callee(xs: list[int], n: int) -> int:
    total = 0
    for i in range(n):
        total += xs[i]
        push(xs, i)
    return total


def rebind(xs: list[int], n: int) -> int:
    total = 0
    for i in range(n):
        total += xs[i]
        xs = [i, i, i]
    return total


def scaled(x: int) -> int:
    return x * 1000003


def entry(i: int, j: int) -> float:
    return 1.0 / ((i + j) * (i + j + 1) // 2 - i)


def entry_sum(n: int, m: int, shift: int) -> float:
    total = 0.0
    for i in range(n):
        for j in range(m):
            total += entry(i, j - shift) * entry(j, i)
    return total


def counters(xs: list[int], a: int, b: int) -> list[int]:
    out: list[int] = []
    for i in range(a, b):
        out.append(i + 1)
        out.append(i - 1)
        out.append(xs[i])
        for j in range(i + 1, b):
            out.append(xs[j - 1] + j)
        if len(out) > 30:
            break
    return out


def last_before(a: int, b: int) -> int:
    for i in range(a, b):
        if i > a + 1 or i == b - 1:
            return i - 1
    return 0


def last_after(a: int, b: int) -> int:
    for i in range(a, b):
        if i > a + 1 or i == b - 1:
            return i + 1
    return 0


def plus_counter(a: int, n: int, left: bool) -> int:
    for k in range(n):
        if k == n - 1:
            return k + a if left else a + k
    return 0


def shifted(x: int, y: int) -> int:
    return x + y + 1


def plus_counter_inlined(a: int, n: int, left: bool) -> int:
    for k in range(n):
        if k == n - 1:
            return shifted(k, a) if left else shifted(a, k)
    return 0


def reassigned(xs: list[int], n: int) -> int:
    total = 0
    for i in range(n):
        i = i - 3
        total += xs[i] + i + 1
    return total


def unrolled(n: int, stop_at: int, skip: int) -> list[int]:
    out: list[int] = []
    i = 0
    while i < n:
        i += 1
        if i % 3 == skip:
            continue
        if i == stop_at:
            break
        out.append(i)
    for k in range(n):
        if k == skip:
            continue
        if k == stop_at:
            break
        out.append(k * 2)
    return out


def store_all(xs: list[int], n: int) -> list[int]:
    for k in range(n):
        xs[k] = k
    return xs


def grid_sum(g: list[list[int]], grow: bool) -> int:
    total = 0
    row = g[0]
    for i in range(len(g)):
        for j in range(len(g[i])):
            total += g[i][j] + row[j % len(row)]
            if grow and j == 0:
                g[0].append(j)  # changes row's header through g: nothing may be cached
    return total


def grid_total(g: list[list[int]]) -> int:
    total = 0
    row = g[-1]
    for i in range(len(g)):
        for j in range(-len(row), len(g[i])):
            total += g[i][j] * row[j % len(row)]  # g and row cached; g[i] is not a name
    return total


def second(xs: list[int]) -> int:
    return xs[1] - xs[-1]


def shadowed(xs: list[int], ys: list[int]) -> int:
    total = 0
    for i in range(len(xs)):
        total += xs[i] * second(ys)  # inlined: its xs is this ys
    return total


def countdown(n: int, limit: int) -> int:
    if n == limit:
        raise ValueError("reached")
    if n < 0:
        return 0
    return countdown(n - 1, limit) + 1


def stepped(n: int) -> int:
    total = 0
    for i in range(n):
        if i == 3:
            continue
        if i > 6:
            break
        total += i
    if n <= 0:
        return total
    return total + stepped(n - 2) * 2


def collect(xs: list[int], n: int) -> int:
    if n <= 0:
        return len(xs)
    xs.append(n)
    return collect(xs, n - 1) + xs[n - 1]


def doubled(n: int) -> int:
    if n == 0:
        return 1
    return doubled(n - 1) * 2


def scaled_sum(a: int, n: int) -> int:
    total = 0
    for k in range(n):
        total += scaled(a + k)
    return total


def call_in_loop(xs: list[int]) -> int:
    total = 0
    for x in xs:
        total += scaled(x)
    return total
"""

ints = st.integers(INT_MIN, INT_MAX)
edges = st.sampled_from([INT_MIN, INT_MIN + 1, -1, 0, 1, INT_MAX - 1, INT_MAX])
any_int = edges | ints


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("perf"), SOURCE)


def frames(program: Compiled, name: str, *args: object) -> tuple[list[tuple[int, str]], str]:
    """The compiled call's traceback frames (line, function) and its last line."""
    error = vars(program.funcs[name](program.store, *args))
    text = error["traceback"]
    found = re.findall(r'File "kern\.py", line (\d+), in (\w+)', text)
    return [(int(line), fn) for line, fn in found], text.splitlines()[-1]


def cpython_frames(
    program: Compiled, name: str, *args: object
) -> tuple[list[tuple[int, str]], str]:
    try:
        program.python[name](*args)
    except Exception as error:
        tb = traceback.extract_tb(error.__traceback__)
        found = [(f.lineno or 0, f.name) for f in tb if f.filename == "kern.py"]
        return found, f"{type(error).__name__}: {error}"
    raise AssertionError(f"{name}{args} did not raise in CPython")


@given(x=any_int, which=st.integers(0, 5))
@example(x=INT_MAX - 1000, which=3)
@example(x=INT_MAX - 999, which=3)
@example(x=INT_MIN + 1000, which=5)
@example(x=INT_MIN + 999, which=5)
@example(x=INT_MAX - 7, which=4)
@example(x=INT_MAX - 6, which=4)
def test_add_and_subtract_constants(program: Compiled, x: int, which: int) -> None:
    program.check("add_constants", x, which)
    program.check("add_max", x)
    program.check("sub_max", x)


@given(x=any_int, which=st.integers(0, 5))
@example(x=INT_MAX // 3, which=0)
@example(x=INT_MAX // 3 + 1, which=0)
@example(x=INT_MIN // 3, which=0)
@example(x=INT_MIN // 3 - 1, which=0)
@example(x=-(INT_MAX // 3), which=1)
@example(x=-(INT_MAX // 3) - 1, which=1)
@example(x=INT_MIN, which=2)
@example(x=-2, which=5)
@example(x=-3, which=5)
@example(x=2, which=5)
def test_multiply_by_constants(program: Compiled, x: int, which: int) -> None:
    program.check("mul_constants", x, which)


@given(x=any_int)
def test_divide_by_constants(program: Compiled, x: int) -> None:
    program.check("div_constants", x)
    program.check("div_by_zero", x, 0)
    program.check("div_by_zero", x, 1)


@given(a=any_int, b=any_int)
@example(a=-1, b=INT_MIN)
@example(a=INT_MIN, b=-1)
@example(a=2**32, b=2**30)
@example(a=2**32, b=2**31)
@example(a=-(2**32), b=2**31)
@example(a=0, b=INT_MIN)
def test_multiply(program: Compiled, a: int, b: int) -> None:
    program.check("mul", a, b)


@given(a=st.floats(), b=st.floats() | st.sampled_from([0.0, -0.0]))
def test_float_division(program: Compiled, a: float, b: float) -> None:
    program.check("fdiv", a, b)
    program.check("fdiv_constant", a)
    program.check("fdiv_zero", a)


@given(a=any_int, b=any_int, step=st.sampled_from([3, -2, 1, -1]))
@example(a=INT_MIN, b=INT_MAX, step=3)
@example(a=INT_MAX, b=INT_MIN, step=-2)
@example(a=INT_MAX - 2, b=INT_MAX, step=1)
@example(a=INT_MIN + 1, b=INT_MIN, step=-1)
def test_range_with_a_constant_step(program: Compiled, a: int, b: int, step: int) -> None:
    program.check("first_of_range", a, b, step)


@given(
    xs=st.lists(st.floats(-1e6, 1e6), max_size=8),
    ys=st.lists(st.floats(-1e6, 1e6), max_size=8),
    n=st.integers(0, 10),
)
def test_indexing_through_cached_headers(
    program: Compiled, xs: list[float], ys: list[float], n: int
) -> None:
    program.check("dot", xs, ys, n)  # IndexError from inside the loop when n is too large


@given(xs=st.lists(st.integers(-1000, 1000), max_size=8), reps=st.integers(0, 3))
def test_nested_loops_store_through_cached_headers(
    program: Compiled, xs: list[int], reps: int
) -> None:
    program.check("pairs", xs, reps)


@given(
    g=st.lists(st.lists(st.integers(-99, 99), min_size=1, max_size=4), min_size=1, max_size=4),
    grow=st.booleans(),
)
def test_lists_of_lists_in_loops(program: Compiled, g: list[list[int]], grow: bool) -> None:
    program.check("grid_sum", g, grow)
    program.check("grid_total", g)  # IndexError once j reaches below -len(g[i])


@given(xs=st.lists(st.integers(-1000, 1000), max_size=5), n=st.integers(0, 12))
def test_lists_changed_in_the_loop_are_not_cached(program: Compiled, xs: list[int], n: int) -> None:
    program.check("grow", list(xs), n)  # appends through an alias
    program.check("grow_in_callee", list(xs), n)  # appends in a called function
    program.check("rebind", list(xs), n)  # re-binds the name


@given(
    n=st.integers(0, 6),
    m=st.integers(0, 6),
    shift=st.integers(-3, 10) | st.integers(-(2**30), 2**30),
)
def test_inlined_helper(program: Compiled, n: int, m: int, shift: int) -> None:
    program.check("entry_sum", n, m, shift)  # ZeroDivisionError inside the inlined entry()


@given(
    n=st.integers(-2, 30), limit=st.integers(-3, 30), xs=st.lists(st.integers(-99, 99), max_size=3)
)
def test_recursion_inlined_into_itself(
    program: Compiled, n: int, limit: int, xs: list[int]
) -> None:
    program.check("countdown", n, limit)
    program.check("stepped", n)
    program.check("collect", list(xs), n)
    program.check("doubled", n + 40)  # OverflowError from n + 40 = 63 on


def test_small_recursive_functions_are_unrolled(program: Compiled) -> None:
    """The functions the recursion tests exercise really take the inlined path."""
    from hatch_pywasm.backends.static import lower_component
    from hatch_pywasm.backends.static.transform.inline import unrolls_recursion

    (module,) = lower_component(program.component, {"kern": program.source})
    unrolled = {fn.name for fn in module.functions if unrolls_recursion(fn)}
    assert {"countdown", "stepped", "collect", "doubled"} <= unrolled


@given(xs=st.lists(st.integers(-99, 99), max_size=4), ys=st.lists(st.integers(-99, 99), max_size=4))
def test_inlined_helper_indexing_its_list_parameter(
    program: Compiled, xs: list[int], ys: list[int]
) -> None:
    program.check("shadowed", xs, ys)


@given(
    xs=st.lists(st.integers(-99, 99), min_size=1, max_size=6),
    a=st.integers(-8, 8) | st.sampled_from([INT_MIN + 1, INT_MAX - 1, INT_MAX]),
    b=st.integers(-8, 8) | st.sampled_from([INT_MIN + 1, INT_MAX - 1, INT_MAX]),
)
@example(xs=[1, 2, 3], a=INT_MAX - 2, b=INT_MAX)
@example(xs=[1, 2, 3], a=INT_MIN + 1, b=INT_MIN + 3)
@example(xs=[1, 2, 3], a=-3, b=3)
def test_loop_counter_facts(program: Compiled, xs: list[int], a: int, b: int) -> None:
    program.check("counters", xs, a, b)  # i + 1, i - 1, xs[i], xs[j - 1] of range counters
    program.check("reassigned", xs, max(0, min(b, 10)))


@given(a=any_int, b=any_int)
@example(a=INT_MIN, b=INT_MIN + 1)
@example(a=INT_MAX - 2, b=INT_MAX)
def test_counter_arithmetic_at_the_limits(program: Compiled, a: int, b: int) -> None:
    program.check("last_before", a, b)
    program.check("last_after", a, b)


@given(a=any_int, n=st.integers(0, 5), left=st.booleans())
@example(a=INT_MAX - 3, n=4, left=True)
@example(a=INT_MAX - 3, n=5, left=False)
@example(a=INT_MAX - 4, n=5, left=True)
@example(a=INT_MIN, n=3, left=False)
def test_adding_a_non_negative_counter(program: Compiled, a: int, n: int, left: bool) -> None:
    program.check("plus_counter", a, n, left)  # one compare: the sum is below the other operand
    program.check("plus_counter_inlined", a, n, left)  # the facts pass into an inlined helper


@given(n=st.integers(0, 20), stop_at=st.integers(-1, 21), skip=st.integers(-1, 3))
def test_unrolled_loops(program: Compiled, n: int, stop_at: int, skip: int) -> None:
    """Small innermost loops run two or four copies of their body per trip: break and continue
    from any copy, any trip count."""
    program.check("unrolled", n, stop_at, skip)
    program.check("store_all", [0] * 5, n)


def test_small_loops_are_unrolled(program: Compiled) -> None:
    from hatch_pywasm.backends.static import lower_component, transform

    (module,) = lower_component(program.component, {"kern": program.source})
    functions = {f.name: f for f in transform.pipeline(module).functions}
    loops = [s for s in functions["unrolled"].body if isinstance(s, ir.While | ir.ForRange)]
    assert [s.copies for s in loops] == [2, 2]
    (store,) = (s for s in functions["store_all"].body if isinstance(s, ir.ForRange))
    assert store.copies == 4
    (summed,) = (s for s in functions["scaled_sum"].body if isinstance(s, ir.ForRange))
    assert "inline scaled(" in ir.format_function(functions["scaled_sum"])
    assert summed.copies > 1  # an inlined call does not prevent copies


@given(a=st.integers(0, 2**44) | st.just(INT_MAX // 1000003 - 3), n=st.integers(0, 9))
def test_unrolled_loop_of_an_inlined_helper(program: Compiled, a: int, n: int) -> None:
    program.check("scaled_sum", a, n)  # OverflowError inside the inlined scaled()


# non-negative: a partial sum overflows only when the total does (CPython has no limit)
@given(xs=st.lists(st.integers(0, 2**44), max_size=5))
def test_calls_in_a_loop(program: Compiled, xs: list[int]) -> None:
    program.check("call_in_loop", xs)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("dot", ([1.0, 2.0], [3.0, 4.0, 5.0], 3)),
        ("dot", ([1.0, 2.0, 3.0], [3.0, 4.0], 3)),
        ("grow_in_callee", ([], 1)),
        ("nested", ([1, 2], 3)),
        ("nested", ([1, 2], 2)),
        ("fdiv_zero", (1.0,)),
        ("entry_sum", (3, 4, 2)),
        *(("store_all", ([0, 0, 0], n)) for n in range(4, 8)),
        *(("countdown", (n, limit)) for n in range(7) for limit in range(-1, n + 1)),
        ("div_by_zero", (3, 1)),
    ],
)
def test_tracebacks_match_cpython(program: Compiled, name: str, args: tuple[object, ...]) -> None:
    assert frames(program, name, *args) == cpython_frames(program, name, *args)


def test_overflow_tracebacks(program: Compiled) -> None:
    """CPython does not overflow, nor does the subset (support/bigint.wat): a result beyond
    s64 is the subset's OverflowError at the boundary, with no frame of ours."""
    big = INT_MAX // 1000003 + 1
    for name, args in (("call_in_loop", ([1, 2, big],)), ("add_max", (1,)), ("mul", (INT_MIN, -1))):
        assert frames(program, name, *args) == ([], f"OverflowError: {OVERFLOW}")
        program.check(name, *args)


def line(text: str) -> int:
    return next(n for n, source in enumerate(SOURCE.splitlines(), 1) if text in source)
