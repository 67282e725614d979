"""Finding 3: ``pip install -e .`` stays live. After a source of a component changed, the next
``import_wasm`` in a process rebuilds it (the static one quietly but for its two lines; the
componentize-py one with progress on stderr), or, turned off, warns that it is stale. Real
editable installs by pip into a virtual environment that sees this checkout's packages."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import uuid
from pathlib import Path

import pytest

from .conftest import MakeProject

pytestmark = pytest.mark.slow

PYPROJECT = """\
[build-system]
requires = ["hatchling", "hatch-pywasm"]
build-backend = "hatchling.build"

[project]
name = "livecalc"
version = "0.1.0"
dependencies = ["pywasm-runtime>=0.1,<0.2"]

[tool.hatch.build.targets.wheel]
packages = ["src/livecalc"]

[tool.hatch.build.hooks.pywasm]
modules = ["livecalc.ops"]
backend = "static"
"""
OPS = "def scale(x: int) -> int:\n    return x * {factor}\n"
CALL = "from pywasm_runtime import import_wasm; print(import_wasm('livecalc.ops').scale(7))"


@pytest.fixture
def venv(tmp_path: Path) -> Path:
    """A virtual environment on top of this one (hatch-pywasm and the runtime are there), as a
    .pth file: a user's has them installed."""
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    outer = sysconfig.get_paths()["purelib"]  # with its own .pth files (editable installs)
    Path(site, "outer.pth").write_text(f"import site; site.addsitedir({outer!r})\n", "utf-8")
    return python


def install_editable(python: Path, project: Path, env: dict[str, str]) -> None:
    """``pip install -v -e``: with ``-v`` (as the README says) pip shows the hook's progress."""
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-v", "--no-deps", "--no-build-isolation", "-e",
         str(project)],
        env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[pywasm] done in" in done.stdout + done.stderr


def run(python: Path, code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-c", code], env=env, cwd="/", capture_output=True, text=True,
        check=False, timeout=600,
    )  # fmt: skip


@pytest.fixture
def livecalc(tmp_path: Path, venv: Path, pywasm_build_env: dict[str, str]) -> Path:
    project = tmp_path / "livecalc"
    (project / "src" / "livecalc").mkdir(parents=True)
    (project / "src" / "livecalc" / "__init__.py").write_text("", encoding="utf-8")
    (project / "src" / "livecalc" / "ops.py").write_text(OPS.format(factor=2), encoding="utf-8")
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    install_editable(venv, project, pywasm_build_env)
    assert (project / "src" / "livecalc" / "__wasm__" / "editable.json").is_file()
    return project


def edit(project: Path, factor: int) -> None:
    ops = project / "src" / "livecalc" / "ops.py"
    before = ops.stat().st_mtime_ns
    ops.write_text(OPS.format(factor=factor), encoding="utf-8")
    os.utime(ops, ns=(before + 10**9, before + 10**9))  # a later time, whatever the clock


def test_a_changed_static_component_is_rebuilt_on_import(
    livecalc: Path, venv: Path, pywasm_build_env: dict[str, str]
) -> None:
    first = run(venv, CALL, pywasm_build_env)
    assert (first.stdout, first.stderr) == ("14\n", "")  # fresh: no message, no rebuild
    edit(livecalc, 3)
    second = run(venv, CALL, pywasm_build_env)
    assert second.stdout == "21\n", second.stderr
    assert "ops.py changed since component 'livecalc' was built: rebuilding" in second.stderr
    assert "[pywasm] rebuilt in" in second.stderr
    third = run(venv, CALL, pywasm_build_env)
    assert (third.stdout, third.stderr) == ("21\n", "")  # rebuilt once, then fresh again


def test_turned_off_it_warns_that_the_component_is_stale(
    livecalc: Path, venv: Path, pywasm_build_env: dict[str, str]
) -> None:
    edit(livecalc, 5)
    done = run(venv, CALL, {**pywasm_build_env, "HATCH_PYWASM_EDITABLE_REBUILD": "0"})
    assert done.stdout == "14\n"  # the old component, as the warning says
    assert "StaleComponentWarning: component 'livecalc' is older than ops.py" in done.stderr


def test_a_changed_componentize_component_shows_progress(
    tmp_path: Path,
    venv: Path,
    pywasm_build_env: dict[str, str],
    example_build,
    readme_project: MakeProject,
) -> None:
    """The README's project: its components come from the session cache, until a change."""
    project = readme_project("editable-componentize")
    install_editable(venv, project, pywasm_build_env)
    codec = project / "src" / "shop" / "codec.py"
    text = codec.read_text(encoding="utf-8")
    before = codec.stat().st_mtime_ns
    # a new text each run, so a build cache kept across sessions cannot have it
    codec.write_text(text.replace('"""', f'"""Edited. {uuid.uuid4()} ', 1), encoding="utf-8")
    os.utime(codec, ns=(before + 10**9, before + 10**9))
    call = "from pywasm_runtime import import_wasm; print(import_wasm('shop.codec').__doc__[:7])"
    done = run(venv, call, pywasm_build_env)
    assert done.stdout == "Edited.\n", done.stderr
    assert "codec.py changed since component 'codec' was built: rebuilding" in done.stderr
    assert "compiling codec" in done.stderr  # the progress of the long step
    assert "[pywasm] codec: built in" in done.stderr
