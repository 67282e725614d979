"""A str result holding a lone surrogate (``chr(0xD800)``, ``f"{n:c}"``) cannot cross the
boundary: a WIT string is UTF-8. CPython would return it; the compiled module raises the
TypeError a componentize-py component raises, with its message (naming the function and the
surrogate's index), instead of the host's trap, and the instance stays usable."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import Compiled, Outcome

SOURCE = """
def char(c: int) -> str:
    return chr(c)


def spliced(prefix: str, n: int) -> str:
    return prefix + f"{n:c}" + "!"
"""

WHERE = (
    "kern.{}() must return str, but returned str "
    "(expected valid Unicode text, got a str with a lone surrogate at {})"
)


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("surrogate_result"), SOURCE)


def refused(function: str, at: int) -> Outcome:
    return Outcome(error="builtins.TypeError", message=WHERE.format(function, at))


@pytest.mark.parametrize("c", [0xD800, 0xDBFF, 0xDC00, 0xDFFF])
def test_a_lone_surrogate_is_a_type_error(program: Compiled, c: int) -> None:
    assert program.call("char", c) == refused("char", 0)
    program.check("char", c - 0x800)  # the instance is still usable


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=12), st.integers(0xD800, 0xDFFF) | st.integers(0, 0x10FFFF))
def test_the_index_counts_code_points(program: Compiled, prefix: str, n: int) -> None:
    if 0xD800 <= n <= 0xDFFF:
        assert program.call("spliced", prefix, n) == refused("spliced", len(prefix))
    else:
        program.check("spliced", prefix, n)
