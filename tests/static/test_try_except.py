"""try/except/else, exception classes of the project (raised and caught by class, with their
subclasses, and crossing to the host as ``module.Class`` with their message), ``raise ... from
None``, and the str predicates (isdigit, isalpha, ...): differential tests against CPython
with hypothesis inputs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled

SOURCE = """
class AppError(Exception):
    '''The errors of this module.'''


class ParseError(AppError):
    pass


class LimitError(ValueError):
    pass


def parse(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ParseError(f"not a number: {text!r}") from None
    else:
        if value > 1000:
            raise LimitError(f"{value} is too big")
    return value


def parse_or(text: str, default: int) -> int:
    try:
        return parse(text)
    except ParseError:
        return default


def classify(text: str) -> str:
    try:
        parse(text)
    except LimitError:
        return "big"
    except AppError:
        return "bad"
    return "ok"


def safe_div(a: int, b: int) -> int:
    try:
        result = a // b
    except (ZeroDivisionError, OverflowError):
        result = 0
    return result


def nested(xs: list[int], i: int) -> int:
    total = 0
    for x in xs:
        try:
            try:
                total += 100 // x
            except ZeroDivisionError:
                total += xs[i]  # an IndexError here goes to the outer handler
                continue
        except IndexError:
            total -= 1
            break
    return total


def lookup(xs: list[int], i: int) -> int:
    try:
        return xs[i]
    except LookupError:
        return -1


def not_caught(xs: list[int], i: int) -> int:
    try:
        return xs[i] // xs[0]
    except IndexError:
        return 0


def everything(a: int, b: int) -> int:
    try:
        return a // b
    except Exception:
        return 0


def bare(a: int, b: int) -> int:
    try:
        q = a // b
    except:  # noqa: E722
        q = -1
    return q


def predicates(s: str) -> list[bool]:
    return [s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.isdecimal(), s.isnumeric()]
"""

small = st.integers(-3, 3)
numbers = st.integers(-2000, 2000).map(str) | st.text(st.sampled_from("12 x-+٣²"), max_size=5)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("try_except"), SOURCE)


@given(text=numbers, default=small)
def test_project_exceptions_raised_and_caught(program: Compiled, text: str, default: int):
    program.check("parse", text)  # kern.ParseError / kern.LimitError with their messages
    program.check("parse_or", text, default)
    program.check("classify", text)


@given(a=st.integers(-10, 10) | st.just(-(2**63)), b=small)
def test_builtin_exceptions_caught(program: Compiled, a: int, b: int) -> None:
    program.check("safe_div", a, b)  # OverflowError of -2**63 // -1 too
    program.check("everything", a, b)
    program.check("bare", a, b)


@given(xs=st.lists(small, max_size=5), i=st.integers(-7, 7))
def test_nested_handlers_and_propagation(program: Compiled, xs: list[int], i: int) -> None:
    program.check("nested", xs, i)
    program.check("lookup", xs, i)
    program.check("not_caught", xs, i)  # ZeroDivisionError goes through the IndexError handler


@given(s=st.text(st.characters(codec="utf-8"), max_size=4) | st.sampled_from(["٣", "²", " \t", ""]))
def test_str_predicates(program: Compiled, s: str) -> None:
    program.check("predicates", s)


def test_an_error_raised_in_a_handler_has_its_own_traceback(program: Compiled) -> None:
    result = program.funcs["parse"](program.store, "x")
    lines = SOURCE.splitlines()
    raised = lines.index('        raise ParseError(f"not a number: {text!r}") from None') + 1
    assert vars(result)["traceback"].endswith(
        f"  File \"kern.py\", line {raised}, in parse\nkern.ParseError: not a number: 'x'\n"
    ), vars(result)["traceback"]


def test_a_caught_error_leaves_no_frames_behind(program: Compiled) -> None:
    assert program.call("parse_or", "x", 7).value == 7
    result = program.funcs["not_caught"](program.store, [0, 1], 1)
    lines = SOURCE.splitlines()
    raised = lines.index("        return xs[i] // xs[0]") + 1
    traceback = vars(result)["traceback"]
    assert traceback.count("File ") == 1, traceback
    assert f"line {raised}, in not_caught\nZeroDivisionError" in traceback, traceback
