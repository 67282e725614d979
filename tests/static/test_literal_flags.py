"""``Literal`` in the static backend, differential against CPython and against componentize-py:
a module written as a library author writes it, compiled by both backends, both called through
pywasm-runtime and compared with the module run by CPython. Inside, a Literal is its values'
type (a str or int, as CPython sees it: nothing checks it); at the boundary it is the WIT enum
the frontend generates (the same WIT for both builds): a bad argument is the runtime's
ValueError before the call, a bad result componentize-py's TypeError (its result check's
message, with the path to the value)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatch_pywasm import frontend
from hatch_pywasm.backends import static

from . import both_backends
from .both_backends import Builds, Spec, built_by_both, package_block

MODULE = "literal_lib"

LIBRARY = r'''
"""Orders and levels, typed with Literal as a library author writes them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, Flag, IntFlag, auto
from typing import Literal

Side = Literal["buy", "sell"]
Level = Literal[1, 2, 3]
Mode = Literal["fast", "in_progress", "Slow down", "-1"]


@dataclass
class Order:
    side: Side
    qty: int
    level: Level = 1


def flip(side: Side) -> Side:
    return "sell" if side == "buy" else "buy"


def sign(side: Side) -> int:
    return 1 if side in ("buy",) else -1


def next_level(level: Level) -> Level:
    if level == 3:
        return 3
    return level + 1


def parse(text: str) -> Side:
    return text


def level_of(n: int) -> Level:
    return n


def describe(mode: Mode, side: Side = "buy") -> str:
    current: Side = side
    if mode != "fast":
        current = flip(current)
    return f"{mode}/{current}/{current!r}/{current.upper()}"


def make(side: str, qty: int, level: int) -> Order:
    return Order(side, qty, level)


def sides(names: list[str]) -> list[Side]:
    return [n for n in names]


def levels(ns: list[int]) -> list[Level]:
    return [n for n in ns]


def maybe(side: str) -> Side | None:
    return None if side == "" else side


def maybe_level(n: int) -> Level | None:
    return None if n == 0 else n


def totals(orders: list[Order]) -> list[tuple[Side, int]]:
    out: dict[Side, int] = {}
    for o in orders:
        out[o.side] = out.get(o.side, 0) + o.qty * o.level
    found: list[tuple[Side, int]] = []
    for k, v in out.items():
        found.append((k, v))
    return found


def weight(counts: dict[Side, Level]) -> int:
    names: dict[Level, str] = {1: "low", 2: "mid", 3: "high"}
    total = 0
    for k in counts:
        total += len(names[counts[k]]) * (2 if k == "buy" else 3)
    return total


def pair(side: Side, level: Level) -> tuple[Level, Side]:
    return (level, side)


def ranked(levels: list[Level]) -> list[Level]:
    return sorted(levels, reverse=True)


def highest(orders: list[Order]) -> Order | None:
    best: Order | None = None
    for o in orders:
        if best is None or o.level > best.level:
            best = o
    return best


class Perm(Flag):
    """File permissions."""

    READ = auto()
    WRITE = auto()
    EXEC = auto()


class Style(IntFlag):
    BOLD = 2
    ITALIC = 1
    UNDERLINE = 4
    STRIKE = 8


@dataclass
class Entry:
    name: str
    perm: Perm


def grant(perm: Perm, extra: Perm) -> Perm:
    return perm | extra


def revoke(perm: Perm, taken: Perm) -> Perm:
    return perm & ~taken


def toggled(style: Style, other: Style) -> Style:
    return style ^ other


def inverted(style: Style) -> Style:
    return ~style


def describe_perm(perm: Perm) -> str:
    name = perm.name
    if name is None:
        name = "none"
    return f"{perm}|{perm!r}|{name}|{perm.value}|{bool(perm)}|{Perm.READ in perm}"


def describe_style(style: Style) -> str:
    return f"{style}|{repr(style)}|{str(style)}|{style.value}|{Style.BOLD | Style.ITALIC in style}"


def can(entry: Entry, wanted: Perm) -> bool:
    return bool(wanted) and wanted in entry.perm and entry.perm is not Perm.EXEC


def entries(names: list[str], perm: Perm) -> list[Entry]:
    return [Entry(n, perm if len(n) % 2 else perm | Perm.EXEC) for n in names]


def merged(perms: list[Perm]) -> Perm | None:
    if not perms:
        return None
    found = perms[0]
    for p in perms[1:]:
        found |= p
    return found


def styles(counts: dict[Style, int]) -> list[Style]:
    out: list[Style] = []
    for style in counts:
        if counts[style] > 0:
            out.append(style)
    return out


class Color(Enum):
    RED = 1
    BLUE = 2


def pick(x: int) -> Color | None:
    """(Color.RED, the first member, is present: not None)"""
    return Color.RED if x > 0 else None


def picked(x: int) -> bool:
    c = pick(x)
    return c is not None and c == Color.RED


def no_perm(x: int) -> Perm | None:
    return None if x else Perm.READ & Perm.WRITE


def maybe_bool(x: int) -> bool | None:
    return None if x == 0 else x > 0


class Speed(Flag):
    """Member values that are not WIT's bits (member i is bit i there)."""

    SLOW = 8
    FAST = 2
    QUIET = 32


def speeds(m: Speed, other: Speed) -> list[Speed]:
    return [m, m | other, m & other, ~m, m ^ other, Speed.QUIET]


def speed_names(m: Speed) -> list[str]:
    return [f"{m}", repr(m), str(~m), str(m.value)]


def styled(counts: dict[Style, int], style: Style) -> int:
    return counts[style]
'''


@pytest.fixture(scope="module")
def builds(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[Builds]:
    cache = Path(pytestconfig.cache.mkdir("literal-componentize"))
    root = tmp_path_factory.mktemp("literal-flags")
    with built_by_both(root, "literal-lib", MODULE, LIBRARY, cache) as built:
        yield built


def test_both_builds_have_the_same_wit(builds: Builds) -> None:
    ours, theirs = (
        package_block(w, "literal-lib") for w in (builds.static_wasm, builds.componentize_wasm)
    )
    assert "enum side {" in ours and "enum level {" in ours and "flags perm {" in ours
    assert ours == theirs


def observed(value: Any) -> Any:
    """What a caller can see of a value: a record by its class name and fields."""
    if type(value).__name__ == "Order":
        return ("Order", value.side, value.qty, value.level)
    if isinstance(value, list | tuple):
        return type(value)([observed(v) for v in value])
    return value


def outcome(step: Callable[[], Any]) -> tuple[Any, ...]:
    return both_backends.outcome(step, observed, MODULE)


DIFFERENTIAL = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: valid values and near misses (another case, another type, a value of the other Literal); a
#: bad one's repr is in the message: code points whose printability CPython 3.11 (the static
#: build's tables) and componentize-py's 3.14 agree on
TEXT = st.text(st.characters(max_codepoint=0x2FF), max_size=3)
SIDES = st.sampled_from(["buy", "sell", "Buy", "x'y", "", "in_progress", "\n"]) | TEXT
LEVELS = st.sampled_from([1, 2, 3]) | st.integers(-4, 8)
MODES = st.sampled_from(["fast", "in_progress", "Slow down", "-1", "in-progress", "slow_down"])


def _calls(builds: Builds, data: st.DataObject) -> list[tuple[str, tuple[Any, ...]]]:
    order = st.builds(builds.native.Order, st.sampled_from(["buy", "sell"]), st.integers(0, 9),
                      st.sampled_from([1, 2, 3]))  # fmt: skip
    draw = data.draw

    def flag(name: str) -> Any:
        """A value of the flag class ``name``: any of its members ORed (zero too)."""
        cls = getattr(builds.native, name)
        return functools.reduce(operator.or_, draw(st.lists(st.sampled_from(list(cls)))), cls(0))

    return [
        ("flip", (draw(SIDES),)),
        ("sign", (draw(SIDES),)),
        ("next_level", (draw(LEVELS),)),
        ("parse", (draw(SIDES),)),
        ("level_of", (draw(LEVELS),)),
        ("describe", (draw(MODES), draw(SIDES))),
        ("describe", (draw(MODES),)),
        ("make", (draw(SIDES), draw(st.integers(-5, 5)), draw(LEVELS))),
        ("sides", (draw(st.lists(SIDES, max_size=4)),)),
        ("levels", (draw(st.lists(LEVELS, max_size=4)),)),
        ("maybe", (draw(SIDES),)),
        ("maybe_level", (draw(LEVELS),)),
        ("totals", (draw(st.lists(order, max_size=5)),)),
        ("weight", (draw(st.dictionaries(SIDES, LEVELS, max_size=3)),)),
        ("pair", (draw(SIDES), draw(LEVELS))),
        ("ranked", (draw(st.lists(LEVELS, max_size=5)),)),
        ("highest", (draw(st.lists(order, max_size=4)),)),
        ("grant", (flag("Perm"), flag("Perm"))),
        ("revoke", (flag("Perm"), flag("Perm"))),
        ("toggled", (flag("Style"), flag("Style"))),
        ("inverted", (flag("Style"),)),
        ("describe_perm", (flag("Perm"),)),
        ("describe_style", (flag("Style"),)),
        ("can", (builds.native.Entry(draw(TEXT), flag("Perm")), flag("Perm"))),
        ("entries", (draw(st.lists(TEXT, max_size=3)), flag("Perm"))),
        ("merged", ([flag("Perm") for _ in range(draw(st.integers(0, 3)))],)),
        ("styles", ({flag("Style"): draw(st.integers(-1, 2)) for _ in range(3)},)),
        ("speeds", (flag("Speed"), flag("Speed"))),
        ("speed_names", (flag("Speed"),)),
        ("pick", (draw(st.integers(-1, 1)),)),
        ("picked", (draw(st.integers(-1, 1)),)),
        ("no_perm", (draw(st.integers(0, 1)),)),
        ("maybe_bool", (draw(st.integers(-1, 1)),)),
    ]


def _side(v: Any) -> bool:
    return v in ("buy", "sell")


def _level(v: Any) -> bool:
    return v in (1, 2, 3)


def _order(v: Any) -> bool:  # (observed: "Order", side, qty, level)
    return _side(v[1]) and _level(v[3])


#: Per function, whether the Literals inside a native result hold their values (else CPython
#: returns what no WIT enum can carry, and both builds raise the result check's TypeError).
FITS: dict[str, Callable[[Any], bool]] = {
    "flip": _side,
    "parse": _side,
    "maybe": lambda v: v is None or _side(v),
    "sides": lambda v: all(map(_side, v)),
    "make": _order,
    "highest": lambda v: v is None or _order(v),
    "totals": lambda v: all(_side(k) for k, _ in v),
    "pair": lambda v: _level(v[0]) and _side(v[1]),
    "next_level": _level,
    "level_of": _level,
    "maybe_level": lambda v: v is None or _level(v),
    "levels": lambda v: all(map(_level, v)),
    "ranked": lambda v: all(map(_level, v)),
}


@DIFFERENTIAL
@given(st.data())
def test_literals_as_natively_and_as_componentize_py(builds: Builds, data: st.DataObject) -> None:
    for name, args in _calls(builds, data):
        native, *built = (
            outcome(lambda api=api, name=name, args=args: getattr(api, name)(*args))
            for api in (builds.native, builds.static, builds.componentize)
        )
        assert both_backends.agree(built), (name, args, built)
        fits = native[0] == "raised" or FITS.get(name, lambda _: True)(native[1])
        refused = built[0][0] == "raised" and built[0][1] is ValueError
        if refused and "expected one of" in built[0][2]:
            continue  # an argument outside its Literal: refused before the call (a WIT enum)
        if not fits:
            assert built[0][1] is TypeError, built  # the result check's
        else:
            assert both_backends.agree([native, *built]), (name, args, native, built)


def test_a_missing_flag_key(builds: Builds) -> None:
    # The KeyError's message is the key's repr on both builds; the host rebuilds a static
    # guest's key from that text only when it is a literal (pywasm_runtime.errors), so here its
    # str() quotes it and its args hold the text, where componentize-py's hold the member
    style = builds.native.Style
    static_outcome, theirs = (outcome(lambda api=api: api.styled({style.BOLD: 1}, style.ITALIC))
                              for api in (builds.static, builds.componentize))  # fmt: skip
    assert static_outcome[1] is theirs[1] is KeyError
    assert static_outcome[3] == ("<Style.ITALIC: 1>",) and theirs[3] == (style.ITALIC,)
    assert outcome(lambda: builds.static.styled({style.BOLD: 3}, style.BOLD)) == ("returned", 3)


def test_a_bad_result_names_the_path_as_componentize_py(builds: Builds) -> None:
    for call in (
        lambda api: api.parse("x"),
        lambda api: api.level_of(7),
        lambda api: api.make("sell", 1, 9),
        lambda api: api.sides(["buy", "x'y"]),
        lambda api: api.maybe("q"),
    ):
        static_outcome, theirs = (outcome(lambda api=api, call=call: call(api))
                                  for api in (builds.static, builds.componentize))  # fmt: skip
        assert static_outcome == theirs
        assert static_outcome[1] is TypeError
    message = outcome(lambda: builds.static.make("sell", 1, 9))[2]
    assert message == (
        "literal_lib.make() must return Order, but returned literal_lib.Order "
        "(level: expected one of [1, 2, 3], got 9)"
    )


def test_the_static_build_takes_the_component_path(builds: Builds) -> None:
    # corecall.py (the fast path) has no WIT flags: every call goes through wasmtime's
    # component values, as a componentize-py component's do
    assert not builds.fast


REJECTED = [
    (
        "from typing import Literal\n\ndef f(x: Literal['a', 1]) -> int:\n    return 0\n",
        "literal_rejected.py:3: parameter 'x' of type AOrV1 (Literal['a', 1] mixes str and int "
        "values) is outside the compiled subset",
    ),
    (
        "from typing import Literal\n\n"
        "def f(xs: list[str]) -> dict[Literal['a', 'b'], int]:\n    return {x: 1 for x in xs}\n",
        "a Literal inside a returned dict",
    ),
    (
        "from enum import IntFlag\n\nclass S(IntFlag):\n    A = 1\n    B = 4\n\n"
        "def f(s: S) -> S:\n    return ~s\n",
        "literal_rejected.py:8: ~ of the IntFlag S, whose members leave gaps (CPython sets those "
        "bits too) is outside the compiled subset",
    ),
    (
        "from enum import Flag\n\nclass S(Flag):\n    A = 1\n    AB = 3\n\n"
        "def f(s: S) -> S:\n    return s\n",
        "literal_rejected.py:5: the member S.AB (distinct single-bit int values) is outside",
    ),
    (
        "from enum import IntFlag\n\nclass S(IntFlag):\n    A = 1\n\n"
        "def f(s: S) -> S:\n    return s | 2\n",
        "the operator or on S and int is outside",
    ),
]


@pytest.mark.parametrize(("source", "why"), REJECTED)
def test_what_stays_outside(tmp_path: Path, source: str, why: str) -> None:
    (tmp_path / "literal_rejected.py").write_text(source)
    component = frontend.analyze(tmp_path, Spec("literal-rejected", ("literal_rejected",)),
                                 namespace="test", package="literal-rejected",
                                 version="0.1.0")  # fmt: skip
    errors = static.check_subset(component, static.read_sources(tmp_path, component))
    assert len(errors) == 1 and why in str(errors[0]), errors
