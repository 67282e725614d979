# ruff: noqa: E501 (the table of bad inputs reads best as one case per line)
"""Every kind of bad input: one diagnostic with file:line:col, function, parameter and hint;
all problems of a run reported together."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatch_pywasm.diagnostics import Diagnostic, DiagnosticError

from .conftest import OneModule, analyze, problems, write

PRELUDE = """\
import enum
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
"""
LINE = PRELUDE.count("\n") + 1  # the line of the first statement after the prelude

# (id, source after the prelude, function, parameter, message fragment, hint fragment, col)
CASES = [
    ("any", "def f(x: Any) -> None: ...", "f", "x", "'Any' is not supported", "annotate the actual", 10),
    ("object", "def f(x: object) -> None: ...", "f", "x", "'object' is not supported", "annotate the actual", 10),
    ("bare-list", "def f(x: list) -> None: ...", "f", "x", "'list' is not supported", "list[int]", 10),
    ("bare-dict", "def f(x: dict) -> None: ...", "f", "x", "'dict' is not supported", "dict[str, int]", 10),
    ("bare-tuple", "def f() -> tuple: ...", "f", "return", "'tuple' is not supported", "tuple[int, str]", 12),
    ("bare-List", "def f(x: typing.List) -> None: ...", "f", "x", "'typing.List' is not supported", "list[int]", 10),
    ("callable", "def f(x: Callable[[int], int]) -> None: ...", "f", "x", "is not supported", "functions cannot cross", 10),
    ("unresolved", "def f(x: Order) -> None: ...", "f", "x", "cannot resolve 'Order'", "supported:", 10),
    ("external", "from numpy import ndarray\ndef f(x: ndarray) -> None: ...", "f", "x", "'numpy', which is not a module of this project", "supported:", 10),
    ("missing-param", "def f(x) -> None: ...", "f", "x", "missing type annotation", "x: int", 7),
    ("missing-return", "def f(x: int): ...", "f", "return", "missing return annotation", "-> None", 1),
    ("default-list", "def f(x: list[int] = []) -> None: ...", "f", "x", "unsupported default []", "immutable literals", 22),
    ("default-call", "def f(x: int = len('a')) -> None: ...", "f", "x", "unsupported default len('a')", "immutable literals", 16),
    ("async", "async def f() -> None: ...", "f", "", "async functions", "plain def", 1),
    ("annotated-unknown", 'def f(x: Annotated[int, "u128"]) -> None: ...', "f", "x", "unknown WIT type 'u128'", "u8", 25),
    ("annotated-mismatch", 'def f(x: Annotated[str, "u8"]) -> None: ...', "f", "x", "u8 refines int, not str", 'Annotated[int, "u8"]', 10),
    ("union-of-scalars", "def f(x: int | str) -> None: ...", "f", "x", "'int' in a union", "dataclass or NamedTuple", 10),
    ("none-param", "def f(x: None) -> None: ...", "f", "x", "'None' is not supported", "return type", 10),
    ("not-a-type", "def f(x: 3) -> None: ...", "f", "x", "'3' is not a type annotation", "supported:", 10),
    ("function-as-type", "def g() -> None: ...\ndef f(x: g) -> None: ...", "f", "x", "'g' is a function, not a type", "supported:", 10),
    ("exception-as-type", "class E(Exception): ...\ndef f(x: E) -> None: ...", "f", "x", "class E cannot be used as a type", "exceptions travel as errors", 10),
    ("subclass", "class B: ...\nclass C(B):\n    def __init__(self) -> None: ...\ndef f(x: C) -> None: ...", "f", "x", "class C cannot be used as a type", "supported:", 10),
    ("class-without-init", "class C:\n    pass\ndef f(x: C) -> None: ...", "C", "", "has no __init__ to make it a resource", "supported:", 1),
    ("recursive", "@dataclass\nclass Node:\n    children: list['Node']\ndef f(x: Node) -> None: ...", "Node", "children", "recursive type Node -> Node", "cannot contain themselves", 20),
    ("empty-dataclass", "@dataclass\nclass E:\n    pass\ndef f(x: E) -> None: ...", "E", "", "dataclass E has no fields", "add a field", 1),
    ("empty-enum", "class E(enum.Enum):\n    pass\ndef f(x: E) -> None: ...", "E", "", "E has no members", "add one", 1),
    ("bad-field", "@dataclass\nclass R:\n    x: Any\ndef f(x: R) -> None: ...", "R", "x", "'Any' is not supported", "annotate the actual", 8),
    ("resource-method", "class C:\n    def __init__(self) -> None: ...\n    def m(self, x) -> int: ...\ndef f(x: C) -> None: ...", "C.m", "x", "missing type annotation", "x: int", 17),
    ("resource-decorator", "class C:\n    def __init__(self) -> None: ...\n    @typing.overload\n    def m(cls) -> int: ...\ndef f(x: C) -> None: ...", "C.m", "", "decorator typing.overload on C.m is not supported", "@classmethod", 6),
    ("default-mutable-dataclass", "@dataclass\nclass P:\n    x: int\ndef f(p: P = P(1)) -> None: ...", "f", "p", "unsupported default P(1): P is not a frozen dataclass", "frozen dataclasses", 14),
    ("default-unknown-member", "class E(enum.Enum):\n    A = 1\ndef f(e: E = E.B) -> None: ...", "f", "e", "E has no member B", "enum or flag members", 14),
    ("default-self-reference", "X = Y\nY = X\ndef f(x: int = X) -> None: ...", "f", "x", "is defined in terms of itself", "module constants", 16),
    ("literal-bool", "def f(x: typing.Literal[True]) -> None: ...", "f", "x", "Literal value True is not a str or an int", "Literal[", 25),
    ("literal-case-clash", "def f(x: typing.Literal['Open', 'open']) -> None: ...", "f", "x", "both become the WIT case 'open'", "differ in more", 10),
    ("variadic-tuple-misplaced", "def f(x: tuple[..., int]) -> None: ...", "f", "x", "... must be the second of two", "tuple[T, ...]", 10),
    ("protocol", "class P(typing.Protocol):\n    def m(self) -> int: ...\ndef f(x: P) -> None: ...", "f", "x", "class P cannot be used as a type", "a Protocol has no data", 10),
    ("generic-class", "T = typing.TypeVar('T')\n@dataclass\nclass Box(typing.Generic[T]):\n    item: T\ndef f(x: Box[int]) -> None: ...", "f", "x", "is not supported", "", 10),
    ("generic-class-bare", "T = typing.TypeVar('T')\n@dataclass\nclass Box(typing.Generic[T]):\n    item: T\ndef f(x: Box) -> None: ...", "f", "x", "class Box cannot be used as a type", "a generic class has no one WIT type", 10),
    ("not-required-outside", "def f(x: typing.NotRequired[int]) -> None: ...", "f", "x", "is not supported", "only valid on a TypedDict key", 10),
    ("typeddict-missing-none", "class TD(typing.TypedDict, total=False):\n    a: int | None\ndef f(x: TD) -> None: ...", "TD", "a", "may be missing cannot also be None", "drop None", 5),
    ("bad-name", "def f(_: int) -> None: ...", "f", "_", "parameter name '_' has no WIT spelling", "", 7),
    ("string-syntax", "def f(x: 'list[') -> None: ...", "f", "x", "string annotation 'list[' does not parse", "supported:", 10),
    ("all-not-literal", "__all__ = list(NAMES)\ndef f() -> None: ...", "", "", "__all__ must be a literal list of strings", "__all__ =", 11),
    ("all-augmented", "__all__ = ['f']\n__all__ += NAMES\ndef f() -> None: ...", "", "", "__all__ must be a literal list of strings", "__all__ =", 1),
    ("all-constant", "__all__ = ['VERSION']\nVERSION = '1.0'", "", "", "'VERSION', a value, not a function or type", "remove it from __all__", 12),
    ("all-missing", "__all__ = ['nothing']", "", "", "'nothing', which is not a function, class or type alias", "remove it", 12),
    ("field-clash", "@dataclass\nclass R:\n    a_b: int\n    aB: int\ndef f(x: R) -> None: ...", "R", "", "'a_b' and 'aB' both become 'a-b' in WIT", "rename one", 1),
    ("member-clash", "class E(enum.Enum):\n    RED = 1\n    red = 2\ndef f(x: E) -> None: ...", "E", "", "'RED' and 'red' both become 'red'", "rename one", 1),
    ("dataclass-base", "class B: ...\n@dataclass\nclass R(B):\n    a: int\ndef f(x: R) -> None: ...", "R", "", "base class B of R is not a dataclass", "other dataclass classes only", 9),
    ("self-outside-class", "from typing import Self\ndef f(x: Self) -> None: ...", "f", "x", "'Self' is not supported", "supported:", 10),
    ("name-clash", "@dataclass\nclass Point:\n    x: int\ndef point(p: Point) -> None: ...", "", "", "'Point' and 'point' both become 'point'", "rename one", 1),
]  # fmt: skip
FLAGS = "class Many(enum.Flag):\n" + "".join(f"    F{i} = {1 << i}\n" for i in range(33))
CASES.append(
    ("too-many-flags", FLAGS + "def f(x: Many) -> None: ...", "Many", "", "33 flags; WIT allows at most 32", "", 1)
)  # fmt: skip


@pytest.mark.parametrize(
    ("source", "function", "parameter", "message", "hint", "col"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_bad_input(
    one_module: OneModule,
    source: str,
    function: str,
    parameter: str,
    message: str,
    hint: str,
    col: int,
) -> None:
    (problem,) = one_module.problems(PRELUDE + source + "\n")
    assert message in problem.message
    assert hint in problem.hint
    assert (problem.file, problem.function, problem.parameter) == ("m.py", function, parameter)
    assert problem.line >= LINE
    assert problem.col == col
    assert problem.format().startswith(f"m.py:{problem.line}:{col}: ")


def test_positions_point_at_the_annotation(one_module: OneModule) -> None:
    (problem,) = one_module.problems(PRELUDE + "\n\ndef f(a: int,\n      b: Any) -> None: ...\n")
    assert (problem.line, problem.col) == (LINE + 3, 10)
    assert problem.format() == (
        f"m.py:{LINE + 3}:10: in function 'f', parameter 'b': 'Any' is not supported "
        "(hint: Any has no WIT type; annotate the actual type)"
    )


def test_all_problems_at_once(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a.py": "from typing import Any\ndef f(x: Any, y) -> None: ...\ndef g() -> list: ...\n",
            "b.py": "def h(z: object) -> None: ...\ndef k(:\n",
            "c.py": "def ok() -> int: ...\n",
        },
    )
    found = problems(tmp_path, ("a", "b", "c", "missing.mod"))
    assert [(p.file, p.line, p.function, p.parameter) for p in found] == [
        ("a.py", 2, "f", "x"),
        ("a.py", 2, "f", "y"),
        ("a.py", 3, "g", "return"),
        ("b.py", 2, "", ""),  # the syntax error
        ("pyproject.toml", 0, "", ""),  # the missing module
    ]
    assert found[-1].message == "component 'demo': module 'missing.mod' not found"
    assert found[-1].hint == (
        "looked for src/missing/mod{.py,/__init__.py}, missing/mod{.py,/__init__.py}"
    )


def test_a_broken_type_is_reported_once(one_module: OneModule) -> None:
    found = one_module.problems(
        PRELUDE
        + "@dataclass\nclass R:\n    x: Any\ndef f(x: R) -> R: ...\ndef g(r: R) -> None: ...\n"
    )
    assert len(found) == 1


def test_same_type_name_from_two_modules(tmp_path: Path) -> None:
    record = "from dataclasses import dataclass\n@dataclass\nclass Item:\n    x: int\n"
    write(
        tmp_path,
        {
            "a.py": record,
            "b.py": record,
            "m.py": "import a\nimport b\ndef f(x: a.Item, y: b.Item) -> None: ...\n",
        },
    )
    (problem,) = problems(tmp_path, ("m",))
    assert "type name 'Item' already stands for a.Item" in problem.message
    assert problem.parameter == "y"


def test_error_lists_every_problem_in_its_text(one_module: OneModule) -> None:
    one_module.root.joinpath("m.py").write_text("def f(x, y) -> None: ...\n")
    with pytest.raises(DiagnosticError) as caught:
        analyze(one_module.root, ("m",))
    assert str(caught.value).splitlines() == [
        "m.py:1:7: in function 'f', parameter 'x': missing type annotation (hint: annotate it, "
        "e.g. x: int)",
        "m.py:1:10: in function 'f', parameter 'y': missing type annotation (hint: annotate it, "
        "e.g. y: int)",
    ]


def test_diagnostic_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one"):
        DiagnosticError([])
    assert Diagnostic("f.py", 1, 2, "bad").format() == "f.py:1:2: bad"


RESOURCE = (
    "class Box:\n    def __init__(self, n: int) -> None: ...\n    def get(self) -> int: ...\n"
)


@pytest.mark.parametrize(
    ("files", "where"),
    [
        # the host defines a resource (its class would be the host's to implement)
        (
            {"h.py": RESOURCE + "def make(n: int) -> Box: ...\n", "m.py": "def f() -> int: ...\n"},
            "h.py",
        ),
        # the component passes its own resource to the host
        ({"m.py": RESOURCE, "h.py": "from m import Box\ndef look(b: Box) -> int: ...\n"}, "m.py"),
        # ... or inside a record
        (
            {
                "m.py": RESOURCE,
                "h.py": "from dataclasses import dataclass\nfrom m import Box\n@dataclass\n"
                "class Held:\n    box: Box\ndef look(h: Held) -> int: ...\n",
            },
            "m.py",
        ),
    ],
    ids=["host-defined", "passed-to-host", "inside-a-record"],
)
def test_resources_cannot_cross_host_imports(
    tmp_path: Path, files: dict[str, str], where: str
) -> None:
    """Not supported yet by the guest adapter or the runtime's host side: one clear error at the
    class, instead of WIT that wasm-tools rejects."""
    write(tmp_path, files)
    (problem,) = problems(tmp_path, ("m",), ("h",))
    assert (problem.file, problem.line) == (where, 1)
    assert problem.message.startswith("type Box is a resource (a class with methods) reached ")
    assert "host import interface h; resources cannot cross host imports yet" in problem.message
