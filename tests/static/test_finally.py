"""``except E as e`` (``str(e)``, ``e.args``, f-strings of ``e``) and ``finally`` (run after the
body, a handler or else, also when an exception leaves them, which then goes on): differential
tests against CPython with hypothesis inputs, the tracebacks, and what stays rejected."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .harness import Compiled
from .test_lower import rejection

SOURCE = """
class ParseError(ValueError):
    pass


def parse(s: str) -> int:
    if s == "":
        raise ParseError
    if s == "-":
        raise ParseError("")
    if s == "!":
        raise ValueError
    if s == "?":
        assert len(s) > 1
    return int(s)


def described(s: str) -> str:
    try:
        n = parse(s)
    except ParseError as e:
        return "parse:" + str(e) + ":" + str(len(e.args))
    except ValueError as e:
        return f"value:{e!s}|" + ",".join(e.args) + str(len(e.args))
    except AssertionError as e:
        return "assert" + str(len(e.args)) + str(e)
    return str(n)


def cleanup(xs: list[int], s: str) -> list[int]:
    try:
        xs.append(parse(s))
    finally:
        xs.append(-1)
    return xs


def nested(s: str, log: list[str]) -> list[str]:
    try:
        try:
            log.append(str(parse(s)))
        except ParseError as e:
            log.append("inner " + str(e))
            raise ValueError("again " + str(e))
        else:
            log.append("else")
        finally:
            log.append("f1")
    except ValueError as e:
        log.append("outer " + "|".join(e.args) + str(len(e.args)))
    finally:
        log.append("f2")
    return log


def returned(s: str, log: list[str]) -> list[str]:
    for k in range(3):
        try:
            try:
                if s == str(k):
                    return log
                log.append(str(parse(s) + k))
            finally:
                log.append("in" + str(k))
        finally:
            log.append("out")
    log.append("end")
    return log


def replaced(s: str) -> int:
    try:
        return_value = parse(s)
    finally:
        if s == "x":
            raise KeyError("from finally")
    return return_value


def loop(items: list[str]) -> int:
    done = 0
    for item in items:
        try:
            if item == "stop":
                break
            done += parse(item)
        except ValueError as e:
            done += len(str(e))
            continue
        finally:
            done *= 2
    return done
"""

texts = st.sampled_from(["", "-", "!", "?", "12", "x", "x1", "٣", "stop"]) | st.text(max_size=3)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("finally"), SOURCE)


@given(s=texts, xs=st.lists(st.integers(-9, 9), max_size=3))
def test_handlers_bind_the_exception(program: Compiled, s: str, xs: list[int]) -> None:
    program.check("described", s)  # str(e) and e.args: () raised bare, ("",) with ""
    program.check("cleanup", xs, s)
    program.check("nested", s, [])


@given(s=texts, items=st.lists(texts, max_size=4))
def test_finally_in_loops_and_replacing_errors(program: Compiled, s: str, items: list[str]) -> None:
    program.check("replaced", s)
    program.check("loop", items)
    program.check("returned", s, [])


def frames(traceback: str) -> list[str]:
    return [line.strip() for line in traceback.splitlines() if line.strip().startswith("File")]


def test_an_error_through_finally_keeps_its_traceback(program: Compiled) -> None:
    lines = SOURCE.splitlines()
    result = vars(program.funcs["cleanup"](program.store, [], ""))
    call, raised = (
        lines.index("        xs.append(parse(s))"),
        lines.index("        raise ParseError"),
    )
    assert frames(result["traceback"]) == [
        f'File "kern.py", line {call + 1}, in cleanup',
        f'File "kern.py", line {raised + 1}, in parse',
    ], result["traceback"]
    assert result["traceback"].endswith("kern.ParseError\n")


def test_an_error_raised_in_finally_has_its_own_frames(program: Compiled) -> None:
    lines = SOURCE.splitlines()
    result = vars(program.funcs["replaced"](program.store, "x"))
    raised = lines.index('            raise KeyError("from finally")') + 1
    assert frames(result["traceback"]) == [f'File "kern.py", line {raised}, in replaced']
    assert result["traceback"].endswith("KeyError: 'from finally'\n"), result["traceback"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "def f(x: int) -> int:\n    try:\n        x = 2\n    finally:\n        return x\n",
            "kern.py:5: a return in a finally block is outside the compiled subset",
        ),
        (
            "def f(xs: list[int]) -> int:\n    for x in xs:\n        try:\n            pass\n"
            "        finally:\n            break\n    return 0\n",
            "kern.py:6: a break in a finally block is outside the compiled subset",
        ),
        (
            "def f(s: str) -> int:\n    try:\n        return int(s)\n"
            "    except LookupError as e:\n        return len(e.args)\n",
            "kern.py:5: e.args of an exception that may be a KeyError",
        ),
        (
            "def f(s: str) -> int:\n    try:\n        return int(s)\n"
            "    except ValueError as e:\n        e = ValueError()\n        return 0\n",
            "kern.py:4: assigning 'e' in its handler is outside the compiled subset",
        ),
    ],
)
def test_rejected_with_file_and_line(tmp_path: Path, source: str, expected: str) -> None:
    assert rejection(tmp_path, textwrap.dedent(source)).startswith(expected)
