"""A numeric module written as a user would (issue 17's "done when"): it parses its input text,
computes with math, formats its results, allocates in its loops, and needs integers beyond 64
bits. Compiled statically, every answer is compared with CPython's, bit for bit; the big-integer
answers beyond s64 are strict xfails: they cannot cross WIT's s64 yet."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled, same_value

SOURCE = '''
"""Loan schedules and sample statistics for a small finance report."""

import math
from dataclasses import dataclass


@dataclass
class Stats:
    count: int
    mean: float
    stdev: float
    geometric: float


def parse_amounts(lines: list[str]) -> list[float]:
    amounts: list[float] = []
    for line in lines:
        amounts.append(float(line))
    return amounts


def describe(values: list[float]) -> Stats:
    n = len(values)
    total = 0.0
    logs = 0.0
    for v in values:
        total += v
        logs += math.log(v)
    mean = total / n
    spread = 0.0
    for v in values:
        spread += (v - mean) ** 2
    return Stats(n, mean, math.sqrt(spread / n), math.exp(logs / n))


def summary(lines: list[str]) -> str:
    s = describe(parse_amounts(lines))
    return f"n={s.count} mean={s.mean:.4f} sd={s.stdev:.3e} geo={s.geometric:.6g}"


def amortization(principal: float, annual_rate: float, years: int) -> list[str]:
    rate = annual_rate / 12
    months = years * 12
    payment = principal * rate / (1 - (1 + rate) ** -months)
    balance = principal
    lines: list[str] = []
    for month in range(1, months + 1):
        interest = balance * rate
        balance -= payment - interest
        if month % 12 == 0:
            share = interest / payment
            lines.append("{:>3} {:>14,.2f} {:>10.2f} {:8.3%}".format(
                month // 12, balance, interest, share))
    return lines


def npv(rate: float, flows: list[float]) -> float:
    total = 0.0
    for t, flow in enumerate(flows):
        total += flow / (1.0 + rate) ** t
    return total


def wave(samples: int) -> str:
    peak = 0.0
    where = ""
    for i in range(samples):
        t = i / samples
        y = math.exp(-t) * math.sin(2 * math.pi * t) + math.cos(3 * t) / 4
        label = f"t={t:.4f} y={y:+.6e}"
        if y > peak:
            peak = y
            where = label
    return where + " peak " + repr(peak)


def checksum(n: int) -> int:
    total = 0
    for i in range(n):
        text = "{:010.4f}".format(math.sqrt(i) * math.log(i + 2.0))
        total = (total * 31 + int(float(text) * 1000)) % 1000000007
    return total


def parse_counts(texts: list[str]) -> int:
    total = 0
    for text in texts:
        total += int(text)
    return total


def factorial(n: int) -> int:
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def power_digits(n: int) -> str:
    return f"2**{n} = {2 ** n:,}"
'''


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("numeric_example"), SOURCE)


_AMOUNTS = st.lists(st.floats(1e-3, 1e9), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(_AMOUNTS, st.sampled_from(["{!r}", "{:.2f}", "{:.6e}", " {:_.3f}\\n"]))
def test_summary_of_parsed_text(program: Compiled, amounts: list[float], form: str) -> None:
    program.check("summary", [form.format(a).replace("\\n", "\n") for a in amounts])


@settings(max_examples=100, deadline=None)
@given(st.floats(100.0, 1e7), st.floats(0.001, 0.25), st.integers(1, 40))
def test_amortization(program: Compiled, principal: float, rate: float, years: int) -> None:
    program.check("amortization", principal, rate, years)


@settings(max_examples=200, deadline=None)
@given(st.floats(-0.5, 0.5), st.lists(st.floats(-1e6, 1e6), max_size=30))
def test_npv(program: Compiled, rate: float, flows: list[float]) -> None:
    program.check("npv", rate, flows)


def test_npv_issue_case(program: Compiled) -> None:
    assert same_value(program.call("npv", 0.08, [-1000.0, 300.0, 400.0, 500.0]).value,
                      17.62942640857591)  # fmt: skip


@pytest.mark.parametrize("samples", [1, 7, 100, 5000])
def test_wave(program: Compiled, samples: int) -> None:
    program.check("wave", samples)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-(10**17), 10**17).map(lambda n: f" {n:_} "), max_size=20))
def test_parse_counts(program: Compiled, texts: list[str]) -> None:
    program.check("parse_counts", texts)


def test_parse_errors_are_cpythons(program: Compiled) -> None:
    program.check("parse_counts", ["12", "1.5"])
    program.check("summary", ["1.0", "two"])
    program.check("summary", ["1.0", "-1.0"])  # math domain error from log


def test_loop_allocations_stay_bounded(program: Compiled) -> None:
    """300,000 formatted and parsed temporaries, under a 4 MiB memory limit; the answer is
    CPython's."""
    checksum = program.limited("checksum", 4 * 2**20)
    assert checksum(300_000) == program.python["checksum"](300_000)


@pytest.mark.parametrize("n", [0, 1, 20])
def test_integers_within_64_bits(program: Compiled, n: int) -> None:
    program.check("factorial", n)
    program.check("fib", n)
    program.check("power_digits", n)


@pytest.mark.xfail(
    strict=True,
    reason="a result beyond s64 cannot cross WIT's s64 (OverflowError); the math library's ':,' "
    "formatting takes ints within 64 bits only",
)
@pytest.mark.parametrize(("name", "n"), [("factorial", 25), ("fib", 100), ("power_digits", 70)])
def test_integers_beyond_64_bits(program: Compiled, name: str, n: int) -> None:
    got = program.call(name, n)
    assert got.error is None and got.value == program.python[name](n), got


def test_the_module_is_small(program: Compiled) -> None:
    # 80.1 KB measured (formatting, parsing with its Unicode tables, seven math functions);
    # componentize-py's component of the same module is ~19 MB
    assert len(program.wasm) < 96 * 1024
