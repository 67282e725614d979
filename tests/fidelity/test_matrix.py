"""Every row of the type table in every position, against native CPython, from one build.

One generated package, ``matrix`` (written from :data:`ROWS`, built once by the real hook with
componentize-py): for each row type ``T``

* ``echo_<row>(value: T) -> T``: a free function's parameter and result;
* ``class Box<Row>``: ``__init__(self, value: T)`` (constructor), ``get() -> T`` (method
  result), ``swap(value: T) -> T`` (method parameter and result);
* ``relay_<row>(value: T) -> T``: the same through a host import (``matrix.host``), both ways;
* ``in_record_<row>``, ``in_list_<row>``, ``in_option_<row>``: ``T`` nested in a dataclass, a
  list and an option.

Each call runs natively (the package imported from the wheel) and through ``import_wasm``;
results must be equal and of the same type at every level.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pytest
import pywasm_runtime as pr

pytestmark = pytest.mark.slow


class Row(NamedTuple):
    name: str
    annotation: str
    samples: str  # a Python list expression of values, evaluated in the package's namespace
    resource: bool = False  # a resource cannot go through a host import


ROWS = [
    Row("int", "int", "[0, -7, 2**62]"),
    Row("u8", 'Annotated[int, "u8"]', "[0, 255]"),
    Row("float", "float", "[0.5, -1e300, float('inf')]"),
    Row("bool", "bool", "[True, False]"),
    Row("str", "str", "['', 'naïve ☃', 'x' * 300]"),
    Row("bytes", "bytes", "[b'', bytes(range(256))]"),
    Row("ints", "list[int]", "[[], [1, 2, 3]]"),
    Row("pair", "tuple[int, str]", "[(1, 'a')]"),
    Row("table", "dict[str, int]", "[{}, {'a': 1, 'b': 2}]"),
    Row("maybe", "int | None", "[None, 4]"),
    Row("point", "Point", "[Point(1.5, -2.0)]"),
    Row("span", "Span", "[Span(1, 9)]"),
    Row("color", "Color", "[Color.RED, Color.DARK_GREEN]"),
    Row("perm", "Perm", "[Perm(0), Perm.READ | Perm.WRITE]"),
    Row("shape", "Shape", "[Circle(Point(0.0, 0.0), 2.0), Square(3.0)]"),
    Row("counter", "Counter", "[Counter(5)]", resource=True),
]

MODELS = '''
"""Types of the matrix."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple


class Color(enum.Enum):
    RED = 1
    DARK_GREEN = 2


class Perm(enum.Flag):
    READ = enum.auto()
    WRITE = enum.auto()


@dataclass(frozen=True)
class Point:
    x: float
    y: float


class Span(NamedTuple):
    start: int
    stop: int


@dataclass(frozen=True)
class Circle:
    center: Point
    radius: float


@dataclass(frozen=True)
class Square:
    side: float


Shape = Circle | Square
'''


def _title(name: str) -> str:
    return name.capitalize()


def _exported(rows: list[Row]) -> str:
    lines = [
        '"""Every row in every position (generated from tests/fidelity/test_matrix.py)."""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        "from typing import Annotated",
        "",
        "from matrix import host",
        "from matrix.models import Circle, Color, Perm, Point, Shape, Span, Square",
        "",
        "__all__ = [",
        *(f"    {n!r}," for r in rows for n in _names(r)),
        '    "Counter",',
        "]",
        "",
        "",
        "class Counter:",
        "    def __init__(self, start: int) -> None:",
        "        self.count = start",
        "",
        "    def value(self) -> int:",
        "        return self.count",
        "",
    ]
    for row in rows:
        t, r = row.annotation, row.name
        lines += [
            "",
            f"def echo_{r}(value: {t}) -> {t}:",
            "    return value",
            "",
            "",
            f"class Box{_title(r)}:",
            f"    def __init__(self, value: {t}) -> None:",
            "        self.value = value",
            "",
            f"    def get(self) -> {t}:",
            "        return self.value",
            "",
            f"    def swap(self, value: {t}) -> {t}:",
            "        old, self.value = self.value, value",
            "        return old",
            "",
            "",
            "@dataclass(frozen=True)",
            f"class Holder{_title(r)}:",
            f"    value: {t}",
            "    label: str",
            "",
            "",
            f"def in_record_{r}(holder: Holder{_title(r)}) -> Holder{_title(r)}:",
            "    return holder",
            "",
            "",
            f"def in_list_{r}(values: list[{t}]) -> list[{t}]:",
            "    return values[::-1]",
        ]
        if not t.endswith("| None"):
            lines += [
                "",
                "",
                f"def in_option_{r}(value: {t} | None) -> {t} | None:",
                "    return value",
            ]
        if not row.resource:
            lines += [
                "",
                "",
                f"def relay_{r}(value: {t}) -> {t}:",
                f"    return host.back_{r}(value)",
            ]
        lines.append("")
    return "\n".join(lines) + "\n"


def _names(row: Row) -> list[str]:
    names = [f"echo_{row.name}", f"Box{_title(row.name)}", f"Holder{_title(row.name)}"]
    names += [f"in_record_{row.name}", f"in_list_{row.name}"]
    if not row.annotation.endswith("| None"):
        names.append(f"in_option_{row.name}")
    if not row.resource:
        names.append(f"relay_{row.name}")
    return names


def _host(rows: list[Row]) -> str:
    lines = [
        '"""Functions the host provides (generated from tests/fidelity/test_matrix.py)."""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Annotated",
        "",
        "from matrix.models import Color, Perm, Point, Shape, Span",
        "",
    ]
    for row in rows:
        if not row.resource:
            t = row.annotation
            lines += ["", f"def back_{row.name}(value: {t}) -> {t}:", "    return value", ""]
    return "\n".join(lines)


PYPROJECT = """\
[build-system]
requires = ["hatchling>=1.26", "hatch-pywasm"]
build-backend = "hatchling.build"

[project]
name = "matrix"
version = "0.1.0"
dependencies = ["pywasm-runtime>=0.1,<0.2"]

[tool.hatch.build.targets.wheel]
packages = ["src/matrix"]

[tool.hatch.build.hooks.pywasm]
modules = ["matrix.rows"]
imports = ["matrix.host"]
backend = "componentize"
"""


@pytest.fixture(scope="module")
def matrix_site(
    tmp_path_factory: pytest.TempPathFactory, pywasm_build_env: dict[str, str]
) -> Iterator[Path]:
    project = tmp_path_factory.mktemp("matrix") / "project"
    package = project / "src" / "matrix"
    package.mkdir(parents=True)
    (project / "pyproject.toml").write_text(PYPROJECT)
    (package / "__init__.py").write_text('"""The type matrix."""\n')
    (package / "models.py").write_text(textwrap.dedent(MODELS).lstrip())
    (package / "rows.py").write_text(_exported(ROWS))
    (package / "host.py").write_text(_host(ROWS))
    command = [sys.executable, "-m", "build", "--no-isolation", "--wheel"]
    done = subprocess.run(
        [*command, "-o", str(project / "dist"), str(project)],
        capture_output=True,
        text=True,
        env=pywasm_build_env,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"build of the matrix failed:\n{done.stdout}\n{done.stderr}")
    site = tmp_path_factory.mktemp("matrix-site")
    with zipfile.ZipFile(next((project / "dist").glob("*.whl"))) as archive:
        archive.extractall(site)
    sys.path.insert(0, str(site))
    yield site
    sys.path.remove(str(site))
    for name in [m for m in sys.modules if m == "matrix" or m.startswith("matrix.")]:
        del sys.modules[name]
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="module")
def sides(matrix_site: Path) -> tuple[ModuleType, ModuleType]:
    import importlib

    return importlib.import_module("matrix.rows"), pr.import_wasm("matrix.rows")


def same(got: Any, expected: Any) -> bool:
    """Equal, and of the same type at every level (a resource: the same state)."""
    if type(got).__name__ == "Counter" and type(expected).__name__ == "Counter":
        return got.value() == expected.value()
    if type(got) is not type(expected):
        return False
    if isinstance(expected, list | tuple):
        return len(got) == len(expected) and all(map(same, got, expected))
    if isinstance(expected, dict):
        return list(got) == list(expected) and all(same(got[k], expected[k]) for k in expected)
    if dataclasses.is_dataclass(expected):
        return all(
            same(getattr(got, f.name), getattr(expected, f.name))
            for f in dataclasses.fields(expected)
        )
    if isinstance(expected, float) and expected != expected:
        return got != got
    return bool(got == expected)


def _samples(row: Row, module: ModuleType) -> list[Any]:
    namespace = {**vars(sys.modules["matrix.models"]), "Counter": module.Counter}
    return eval(row.samples, namespace)  # the table's own literals


def _positions(row: Row) -> list[str]:
    positions = ["echo", "constructor", "method", "in_record", "in_list"]
    if not row.annotation.endswith("| None"):
        positions.append("in_option")
    if not row.resource:
        positions.append("host_import")
    return positions


CASES = [(row, position) for row in ROWS for position in _positions(row)]


def _call(module: ModuleType, row: Row, position: str, value: Any) -> Any:
    r, title = row.name, _title(row.name)
    if position == "echo":
        return getattr(module, f"echo_{r}")(value)
    if position == "constructor":
        return getattr(module, f"Box{title}")(value).get()
    if position == "method":
        box = getattr(module, f"Box{title}")(value)
        return box.swap(value), box.get()
    if position == "in_record":
        holder = getattr(sys.modules["matrix.rows"], f"Holder{title}")
        return getattr(module, f"in_record_{r}")(holder(value, "label"))
    if position == "in_list":
        # A resource handle passed into the guest is moved (WIT ``own``): the same object
        # twice in one call is a difference from native code (the second is closed).
        values = [value] if row.resource else [value, value]
        return getattr(module, f"in_list_{r}")(values)
    if position == "in_option":
        return [getattr(module, f"in_option_{r}")(v) for v in (value, None)]
    return getattr(module, f"relay_{r}")(value)


@pytest.mark.parametrize(("row", "position"), CASES, ids=[f"{r.name}-{p}" for r, p in CASES])
def test_row_in_position(sides: tuple[ModuleType, ModuleType], row: Row, position: str) -> None:
    native, wasm = sides
    for native_value, wasm_value in zip(_samples(row, native), _samples(row, wasm), strict=True):
        expected = _call(native, row, position, native_value)
        got = _call(wasm, row, position, wasm_value)
        assert same(got, expected), (native_value, got, expected)
