"""``python -m hatch_pywasm wit|check`` on real project folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import write

HERE = Path(__file__).parent
SHOP = HERE / "projects" / "shop"
EXAMPLE = HERE.parents[1] / "example_project"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hatch_pywasm", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_wit_prints_every_component() -> None:
    result = run("wit", SHOP)
    assert result.returncode == 0, result.stderr
    golden = [(HERE / "golden" / f"{n}.wit").read_text() for n in ("shop", "points")]
    # the golden files are analysed as version 0.1.0; the project says 1.0 (WIT: 1.0.0)
    golden = [g.replace("@0.1.0", "@1.0.0").replace("test:demo", "acme:shop") for g in golden]
    assert result.stdout == f"// component shop\n{golden[0]}\n// component points\n{golden[1]}"


def test_check_passes_on_a_good_project() -> None:
    result = run("check", SHOP)
    assert (result.returncode, result.stdout) == (0, "ok: 2 component(s), 5 interface(s)\n")


def test_example_project() -> None:
    checked = run("check", EXAMPLE)
    assert checked.returncode == 0, checked.stderr
    printed = run("wit", EXAMPLE)
    assert printed.returncode == 0, printed.stderr
    components = int(checked.stdout.split()[1])  # "ok: N component(s), M interface(s)"
    assert components >= 1
    assert printed.stdout.count("\nworld ") == components
    assert printed.stdout.count("\npackage ") + printed.stdout.startswith("package ") == components


def test_check_reports_every_problem(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """
                [project]
                name = "bad"
                version = "0.1"
                [tool.hatch.build.hooks.pywasm]
                [[tool.hatch.build.hooks.pywasm.components]]
                name = "one"
                modules = ["bad.api"]
                [[tool.hatch.build.hooks.pywasm.components]]
                name = "two"
                modules = ["bad.more"]
                """,
            "bad/__init__.py": "",
            "bad/api.py": "def f(x) -> None: ...\n",
            "bad/more.py": "from typing import Any\ndef g() -> Any: ...\n",
        },
    )
    for command in ("check", "wit"):
        result = run(command, tmp_path)
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.splitlines() == [
            "bad/api.py:1:7: in function 'f', parameter 'x': missing type annotation "
            "(hint: annotate it, e.g. x: int)",
            "bad/more.py:2:12: in function 'g', parameter 'return': 'Any' is not supported "
            "(hint: Any has no WIT type; annotate the actual type)",
            "2 problem(s) found",
        ]


def test_check_reports_configuration_errors(tmp_path: Path) -> None:
    result = run("check", tmp_path)
    assert result.returncode == 1
    assert "no pyproject.toml" in result.stderr


def test_usage_error_exits_2() -> None:
    assert run("frobnicate").returncode == 2
