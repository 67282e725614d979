"""The static component has exactly the frontend's WIT and the componentize calling convention."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hatch_pywasm import wit
from hatch_pywasm.backends import static
from hatch_pywasm.backends.static.tools import wasm_tools
from hatch_pywasm.backends.static.wrap_component import wrap_component

from .harness import Compiled

SOURCE = """
def scale(x: float, times: int) -> float:
    return x * times


def flag(on: bool) -> bool:
    return not on


def reset(level: int) -> None:
    if level > 3:
        raise ValueError("level too high")
"""


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("component"), SOURCE)


def test_component_wit_is_the_frontends(compiled: Compiled, tmp_path: Path) -> None:
    path = tmp_path / "c.wasm"
    path.write_bytes(compiled.wasm)
    printed = subprocess.run(
        [wasm_tools(), "component", "wit", str(path)], capture_output=True, text=True, check=True
    ).stdout
    expected = wit.render(compiled.component)
    # wasm-tools prints the world's package; compare the function signatures it declares
    for line in expected.splitlines():
        if "func(" in line:
            assert line.strip() in printed


def test_core_module_has_no_imports(compiled: Compiled) -> None:
    core = static.compile_core(compiled.component, {"kern": SOURCE})
    printed = subprocess.run(
        [wasm_tools(), "print"], input=core, capture_output=True, check=True
    ).stdout.decode()
    assert "(import" not in printed


def test_values_cross_the_boundary(compiled: Compiled) -> None:
    compiled.check("scale", 1.5, 3)
    compiled.check("flag", True)
    compiled.check("flag", False)
    compiled.check("reset", 1)
    compiled.check("reset", 9)


def test_read_sources_finds_the_modules_of_the_model(compiled: Compiled, tmp_path: Path) -> None:
    root = Path(compiled.source_root)
    assert static.read_sources(root, compiled.component) == {"kern": SOURCE}


EMPTY_CORE = b"\0asm\x01\0\0\0"  # a valid core module without the exports the WIT needs


def test_a_failing_wasm_tools_step_is_named_with_its_message() -> None:
    # embed accepts any module for a valid world; new then finds the exports missing
    world = "package t:t;\nworld w {\n  export f: func();\n}\n"
    missing = r"(?s)^wasm-tools component new failed: .*failed to find export of function `f`"
    with pytest.raises(RuntimeError, match=missing):
        wrap_component(EMPTY_CORE, world)
    with pytest.raises(RuntimeError, match=r"^wasm-tools component embed failed: .+"):
        wrap_component(EMPTY_CORE, "package t:t;\nworld w {\n  export f: nonsense;\n}\n")
