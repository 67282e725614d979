"""Differential: control flow, calls, recursion and raised exceptions, compiled vs CPython."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .harness import INT_MAX, Compiled

SOURCE = '''
def fib(n: int) -> int:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def gcd(a: int, b: int) -> int:
    while b != 0:
        t = a % b
        a = b
        b = t
    return abs(a)


def collatz_steps(n: int) -> int:
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def range_sum(start: int, stop: int, step: int) -> int:
    total = 0
    for i in range(start, stop, step):
        total += i
    return total


def range_last(start: int, stop: int, step: int) -> int:
    """The loop variable after the loop, and a body that reassigns it."""
    last = -1
    for i in range(start, stop, step):
        last = i
        i = 1000
    return last


def loops(n: int) -> int:
    """break, continue, nested loops, while True."""
    found = 0
    for i in range(n):
        if i % 3 == 0:
            continue
        for j in range(i):
            if j * j > i:
                break
            found += j
    k = 0
    while True:
        k += 1
        if k >= n:
            break
    return found * 100 + k


def classify(x: float) -> int:
    if x < -1.0:
        return -2
    elif x < 0.0:
        return -1
    elif x == 0.0:
        return 0
    elif 0.0 < x <= 1.0:
        return 1
    else:
        return 2


def chained(a: int, b: int, c: int) -> bool:
    return a < b <= c != a


def short_circuit(a: int, b: int) -> bool:
    """The right operand would raise ZeroDivisionError if it were evaluated."""
    return (b != 0 and a // b > 1) or (b == 0 or a % b == 0)


def pick(a: int, b: int) -> int:
    return (a or b) + 10 * (a and b)


def conditional(x: float, y: float) -> float:
    return x if x > y else y * 2.0 if y > 0.0 else -y


def augmented(a: int, x: float) -> float:
    n = a
    n += 3
    n *= 2
    n -= a
    n //= 3
    n %= 1000
    y: float = n
    y += x
    y *= 0.5
    y /= 4.0
    return y


def raises(kind: int) -> int:
    if kind == 0:
        raise ValueError("kind must not be zero")
    if kind == 1:
        raise KeyError("missing")
    if kind == 2:
        raise RuntimeError
    assert kind < 10, "kind too large"
    return kind // (kind - 5)


def deep(n: int) -> int:
    """An exception raised deep in a recursion unwinds every frame."""
    if n == 0:
        raise OverflowError("bottom reached")
    return deep(n - 1) + 1


def mandelbrot_inside(width: int, height: int, limit: int) -> int:
    """Parallel assignment: every value is computed before any name is rebound."""
    inside = 0
    for py in range(height):
        for px in range(width):
            cr = 2.0 * px / width - 1.5
            ci = 2.0 * py / height - 1.0
            zr, zi = 0.0, 0.0
            escaped = False
            for _ in range(limit):
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                if zr * zr + zi * zi > 4.0:
                    escaped = True
                    break
            if not escaped:
                inside += 1
    return inside


def nothing(n: int) -> None:
    if n < 0:
        raise ValueError("negative")
'''


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("control"), SOURCE)


def test_recursion(program: Compiled) -> None:
    for n in (0, 1, 2, 10, 20):
        program.check("fib", n)


@given(a=st.integers(-(10**12), 10**12), b=st.integers(-(10**12), 10**12))
def test_gcd(program: Compiled, a: int, b: int) -> None:
    program.check("gcd", a, b)


@given(n=st.integers(1, 10**6))
def test_collatz(program: Compiled, n: int) -> None:
    program.check("collatz_steps", n)


@given(start=st.integers(-50, 50), stop=st.integers(-50, 50), step=st.integers(-7, 7))
@example(start=0, stop=10, step=0)
@example(start=INT_MAX - 5, stop=INT_MAX, step=2)
@example(start=-INT_MAX - 1, stop=INT_MAX, step=INT_MAX)
def test_range(program: Compiled, start: int, stop: int, step: int) -> None:
    program.check("range_last", start, stop, step)
    if abs(stop - start) < 1000:
        program.check("range_sum", start, stop, step)


@given(n=st.integers(0, 60))
def test_loops(program: Compiled, n: int) -> None:
    program.check("loops", n)


@given(x=st.floats(allow_nan=True) | st.sampled_from([-1.0, 0.0, -0.0, 1.0]))
def test_if_elif(program: Compiled, x: float) -> None:
    program.check("classify", x)


@given(a=st.integers(-3, 3), b=st.integers(-3, 3), c=st.integers(-3, 3))
def test_chained_and_short_circuit(program: Compiled, a: int, b: int, c: int) -> None:
    program.check("chained", a, b, c)
    program.check("short_circuit", a, b)
    program.check("pick", a, b)


@given(x=st.floats(-1e9, 1e9), y=st.floats(-1e9, 1e9), a=st.integers(-(10**9), 10**9))
def test_conditional_and_augmented(program: Compiled, x: float, y: float, a: int) -> None:
    program.check("conditional", x, y)
    program.check("augmented", a, x)


@pytest.mark.parametrize("kind", [0, 1, 2, 3, 5, 9, 12])
def test_raise_reaches_host_as_guest_error(program: Compiled, kind: int) -> None:
    program.check("raises", kind)


@given(w=st.integers(1, 30), h=st.integers(1, 30), limit=st.integers(0, 60))
def test_parallel_assignment(program: Compiled, w: int, h: int, limit: int) -> None:
    program.check("mandelbrot_inside", w, h, limit)


def test_guest_error_carries_a_traceback(program: Compiled) -> None:
    """componentize-py's layout: every frame from the export down to the raise, then the error."""
    error = vars(program.funcs["raises"](program.store, 0))
    assert error["traceback"] == (
        "Traceback (most recent call last):\n"
        f'  File "kern.py", line {raise_line("kind must not be zero")}, in raises\n'
        "ValueError: kind must not be zero\n"
    )
    error = vars(program.funcs["raises"](program.store, 5))
    assert error["traceback"] == (
        "Traceback (most recent call last):\n"
        f'  File "kern.py", line {raise_line("return kind // (kind - 5)")}, in raises\n'
        "ZeroDivisionError: integer division or modulo by zero\n"
    )
    error = vars(program.funcs["deep"](program.store, 2))
    recursion = f'  File "kern.py", line {raise_line("return deep(n - 1) + 1")}, in deep\n'
    bottom = f'  File "kern.py", line {raise_line("bottom reached")}, in deep\n'
    assert error["traceback"] == (
        "Traceback (most recent call last):\n"
        + recursion * 2
        + bottom
        + "OverflowError: bottom reached\n"
    )


def raise_line(message: str) -> int:
    return next(n for n, text in enumerate(SOURCE.splitlines(), 1) if message in text)


def test_exception_unwinds_recursion_and_instance_stays_usable(program: Compiled) -> None:
    program.check("deep", 50)
    program.check("fib", 15)
    program.check("nothing", -1)
    program.check("nothing", 1)
