"""A component with host imports is outside the compiled subset: check_subset names the import
statement's file:line in the exported module (absolute, dotted, relative), or the host module
when no exported module imports it directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatch_pywasm import frontend
from hatch_pywasm.backends import static

from .harness import Spec

HOST = '''
def rate(currency: str) -> float:
    """Provided by the host."""
    ...
'''


def check(root: Path, source: str, module: str = "app.kern") -> list[str]:
    package = root / "app"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "host.py").write_text(HOST)
    (package / "kern.py").write_text(source)
    component = frontend.analyze(
        root, Spec("k", (module,), imports=("app.host",)), namespace="t", package="k", version="1.0"
    )
    return [str(e) for e in static.check_subset(component, static.read_sources(root, component))]


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("import math\nfrom app.host import rate\n\ndef f(x: float) -> float:\n    return x\n", 2),
        ("\n\nimport app.host\n\ndef f(x: float) -> float:\n    return app.host.rate('a')\n", 3),
        ("from app import host\n\ndef f(x: float) -> float:\n    return x\n", 1),
        ("def f(x: float) -> float:\n    from .host import rate\n    return rate('x')\n", 2),
    ],
)
def test_names_the_import_statement(tmp_path: Path, source: str, line: int) -> None:
    assert check(tmp_path, source) == [
        f"app/kern.py:{line}: importing the host interface app.host (host functions) is "
        "outside the compiled subset"
    ]


def test_without_a_direct_import_names_the_host_module(tmp_path: Path) -> None:
    source = "def f(x: float) -> float:\n    return x\n"
    assert check(tmp_path, source) == [
        "app/host.py:1: the component imports the host interface app.host (host functions), "
        "which is outside the compiled subset"
    ]
