"""The static backend and the new rows: a function whose signature uses a type outside the
compiled subset is built with componentize-py (``backend = "auto"``), the reason naming
file:line; ``backend = "static"`` refuses it with the same reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from hatch_pywasm.backends import BackendError, selection
from hatch_pywasm.frontend import analyze

#: (annotation, the imports it needs): a row whose import the subset already refuses falls back
#: at that import, which is as good a reason
ROWS = [
    ("set[bytes]", ""), ("frozenset[bytes]", ""), ("bytearray", ""), ("memoryview", ""),
    ("dict[bytes, int]", ""),  # (Mapping[str, int] is a dict parameter the subset compiles)
    ("Literal['asc', 1]", "from typing import Literal"),  # (one type inside: str or int)
    ("Movie", "from typing import TypedDict\n\n\nclass Movie(TypedDict):\n    title: str"),
    ("date", "from datetime import date"), ("timedelta", "from datetime import timedelta"),
    ("Decimal", "from decimal import Decimal"), ("Fraction", "from fractions import Fraction"),
    ("UUID", "from uuid import UUID"),
    ("Counter", "from collections.abc import Iterator\n\n\n"
     "class Counter:\n    def __init__(self, n: int) -> None:\n        self.n = n\n\n"
     "    def __iter__(self) -> Iterator[int]:\n        return iter([self.n])"),
]  # fmt: skip


@dataclass(frozen=True)
class Spec:
    name: str
    modules: tuple[str, ...]
    imports: tuple[str, ...] = ()


@pytest.mark.parametrize(("annotation", "imports"), ROWS, ids=[r[0] for r in ROWS])
def test_new_types_fall_back_with_a_reason(tmp_path: Path, annotation: str, imports: str) -> None:
    source = f"{imports}\n\n\ndef f(x: {annotation}) -> int:\n    return 0\n"
    (tmp_path / "kern.py").write_text(source)
    component = analyze(tmp_path, Spec("k", ("kern",)), namespace="t", package="t", version="1")
    choice = selection.choose("auto", component, tmp_path, trial=False)
    assert choice.backend == "componentize"
    assert re.search(r"kern\.py:\d+", choice.reason), choice.reason
    with pytest.raises(BackendError, match=r"kern\.py:\d+"):
        selection.choose("static", component, tmp_path, trial=False)


#: Rows the subset compiles: in WIT and in the static code they are lists (the host makes the
#: tuple or iterator the annotation promises).
STATIC_ROWS = [
    ("tuple[int, ...]", ""),
    ("Sequence[int]", "from collections.abc import Sequence"),
    ("Iterator[int]", "from collections.abc import Iterator"),
]


@pytest.mark.parametrize(("annotation", "imports"), STATIC_ROWS, ids=[r[0] for r in STATIC_ROWS])
def test_list_like_rows_are_in_the_subset(tmp_path: Path, annotation: str, imports: str) -> None:
    source = f"{imports}\n\n\ndef total(x: {annotation}) -> int:\n    s = 0\n"
    source += "    for v in x:\n        s += v\n    return s\n"
    (tmp_path / "kern.py").write_text(source)
    component = analyze(tmp_path, Spec("k", ("kern",)), namespace="t", package="t", version="1")
    choice = selection.choose("auto", component, tmp_path)
    assert choice.backend == "static", choice.reason
    assert choice.static_wasm


#: The parameter rows and the other new spellings, as whole modules: those the subset compiles
#: (static), and those it does not (componentize-py, the reason naming file:line).
SIGNATURES_STATIC = {
    "keyword-only": "def f(x: int, *, width: int = 0) -> int:\n    return x + width\n",
    "positional-only": "def f(x: int, /, y: int = 2) -> int:\n    return x + y\n",
    "negative and tuple defaults": "def f(x: int = -3, p: tuple[int, int] = (1, 2)) -> int:\n"
    "    return x + p[0]\n",
    "module constant default": "WIDTH = 80\n\n\ndef f(x: int = WIDTH) -> int:\n    return x\n",
    "type alias": "Rows = list[int]\n\n\ndef f(x: Rows) -> int:\n    return len(x)\n",
    "Literal": "from typing import Literal\n\n\ndef f(x: Literal['asc', 'desc']) -> int:\n"
    "    return len(x)\n",
}
SIGNATURES_FALLBACK = {
    "None default": "def f(x: int | None = None) -> int:\n    return 0 if x is None else x\n",
    "enum member default": "import enum\n\n\nclass Side(enum.Enum):\n    A = 'a'\n\n\n"
    "def f(s: Side = Side.A) -> int:\n    return 1\n",
    "*args": "def f(*xs: int) -> int:\n    return len(xs)\n",
    "**kwargs": "def f(**kw: int) -> int:\n    return len(kw)\n",
    "NewType": "from typing import NewType\n\nUserId = NewType('UserId', int)\n\n\n"
    "def f(x: UserId) -> int:\n    return x\n",
}


def _choice(tmp_path: Path, source: str) -> selection.Choice:
    (tmp_path / "kern.py").write_text(source)
    component = analyze(tmp_path, Spec("k", ("kern",)), namespace="t", package="t", version="1")
    return selection.choose("auto", component, tmp_path, trial=False)


@pytest.mark.parametrize("row", sorted(SIGNATURES_STATIC))
def test_signature_rows_in_the_subset(tmp_path: Path, row: str) -> None:
    choice = _choice(tmp_path, SIGNATURES_STATIC[row])
    assert choice.backend == "static", choice.reason


@pytest.mark.parametrize("row", sorted(SIGNATURES_FALLBACK))
def test_signature_rows_fall_back_with_a_reason(tmp_path: Path, row: str) -> None:
    choice = _choice(tmp_path, SIGNATURES_FALLBACK[row])
    assert choice.backend == "componentize"
    assert re.search(r"kern\.py:\d+", choice.reason), choice.reason
