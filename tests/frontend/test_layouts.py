"""Finding modules (src and flat layouts, packages) and following names across them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pywasm_runtime import model

from hatch_pywasm import frontend

from .conftest import Spec, analyze, render_valid, write

MODELS = """
from dataclasses import dataclass


@dataclass
class Item:
    sku: str
"""


@pytest.mark.parametrize("prefix", ["", "src/"])
def test_src_and_flat_layouts(tmp_path: Path, prefix: str) -> None:
    write(
        tmp_path,
        {
            f"{prefix}pkg/__init__.py": "def version() -> str: ...\n",
            f"{prefix}pkg/models.py": MODELS,
            f"{prefix}pkg/api.py": "from .models import Item\n\ndef get() -> Item: ...\n",
        },
    )
    component = analyze(tmp_path, ("pkg", "pkg.api"))
    assert [i.file for i in component.exports] == [
        f"{prefix}pkg/__init__.py",
        f"{prefix}pkg/api.py",
    ]
    assert [i.name for i in component.exports] == ["pkg", "api"]
    assert component.exports[1].types[0].origin == model.Origin(
        "pkg.models", "Item", f"{prefix}pkg/models.py", 6
    )
    render_valid(component)


def test_src_layout_wins_over_flat(tmp_path: Path) -> None:
    write(tmp_path, {"src/m.py": "def a() -> None: ...\n", "m.py": "def b() -> None: ...\n"})
    assert [f.name for f in analyze(tmp_path, ("m",)).exports[0].functions] == ["a"]


def test_custom_source_roots(tmp_path: Path) -> None:
    write(tmp_path, {"lib/m.py": "def a() -> None: ...\n"})
    component = frontend.analyze(
        tmp_path, Spec("c", ("m",)), namespace="n", package="p", version="1.0.0",
        source_roots=("lib",),
    )  # fmt: skip
    assert component.exports[0].file == "lib/m.py"


@pytest.mark.parametrize(
    "imports",
    [
        "from pkg.models import Item",
        "from pkg.models import Item as Thing\nItem = Thing",
        "from . import models\nItem = models.Item",
        "import pkg.models as models\nItem = models.Item",
        "from pkg import Item",  # re-exported by the package's __init__
        "from .deep.sub import Item",  # re-exported twice, relative
    ],
)
def test_names_resolve_across_modules(tmp_path: Path, imports: str) -> None:
    write(
        tmp_path,
        {
            "pkg/__init__.py": "from .models import Item\n",
            "pkg/models.py": MODELS,
            "pkg/deep/__init__.py": "",
            "pkg/deep/sub.py": "from ..models import Item\n",
            "pkg/api.py": f"{imports}\n\ndef get(item: Item) -> list[Item]: ...\n",
        },
    )
    component = analyze(tmp_path, ("pkg.api",))
    (item,) = component.exports[0].types
    assert (item.name, item.origin.module) == ("Item", "pkg.models")
    render_valid(component)


def test_all_reexports_a_function_under_its_listed_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "impl.py": "def _area(r: float) -> float:\n    return r\n",
            "api.py": "from impl import _area as area\n__all__ = ['area']\n",
        },
    )
    (function,) = analyze(tmp_path, ("api",)).exports[0].functions
    assert (function.name, function.params[0].name) == ("area", "r")


def test_shared_types_go_to_the_types_interface(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "models.py": MODELS,
            "a.py": "from models import Item\n\ndef a(i: Item) -> None: ...\n",
            "b.py": "from models import Item\n\ndef b() -> list[Item]: ...\n",
            "c.py": "from models import Item\n\ndef c(i: Item) -> None: ...\n",
        },
    )
    shared = analyze(tmp_path, ("a", "b"))
    assert shared.shared is not None and [t.name for t in shared.shared.types] == ["Item"]
    assert all(not i.types for i in shared.exports)
    assert "  use types.{guest-error, item};\n" in render_valid(shared)
    alone = analyze(tmp_path, ("a",), ("c",))  # an import module counts as a user too
    assert alone.shared is not None
    single = analyze(tmp_path, ("a",))
    assert single.shared is None and [t.name for t in single.exports[0].types] == ["Item"]


def test_resources_stay_with_their_module_and_are_used_elsewhere(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "counters.py": "class Counter:\n    def __init__(self) -> None: ...\n",
            "users.py": (
                "from dataclasses import dataclass\nfrom counters import Counter\n\n"
                "@dataclass\nclass Holder:\n    c: Counter\n\n"
                "def use(c: Counter) -> Holder: ...\n"
            ),
        },
    )
    component = analyze(tmp_path, ("counters", "users"))
    counters, users = component.exports
    assert [t.name for t in counters.types] == ["Counter", "Holder"]  # Holder holds a Counter
    assert users.types == ()
    text = render_valid(component)
    assert "  use counters.{counter, holder};\n" in text
    assert "use: func(c: borrow<counter>) -> result<holder, guest-error>;" in text


def test_interface_names_stay_unique(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "a/util.py": "def f() -> None: ...\n",
            "b/util.py": "def g() -> None: ...\n",
            "x/types.py": "def h() -> None: ...\n",
            "demo.py": "def k() -> None: ...\n",
        },
    )
    component = analyze(tmp_path, ("a.util", "b.util", "x.types", "demo"))
    assert [i.name for i in component.exports] == ["a-util", "b-util", "x-types", "demo-module"]
    render_valid(component)
