"""The bookkeeping project (projects/bookkeeping, written as a typed library is written) built
ONCE per session by the real hook (componentize-py, ``js = true`` with the repo's pinned jco),
its wheel unpacked onto ``sys.path``: the native modules and their wasm twins (``import_wasm``)
side by side; its npm package in the out-dir for the Node and TypeScript tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

LEDGER = Path(__file__).parent / "projects" / "bookkeeping"
REPO = Path(__file__).parent.parent.parent
JCO = REPO / "node_modules" / ".bin" / "jco"
HOOK_TABLE = "[tool.hatch.build.hooks.pywasm]\n"


@pytest.fixture(scope="session")
def ledger_build(
    tmp_path_factory: pytest.TempPathFactory,
    build_project: Callable[..., subprocess.CompletedProcess[str]],
) -> tuple[Path, str]:
    """The built wheel and the build's log; the npm package is ``bookkeeping_js``'s."""
    if not JCO.exists():
        pytest.fail(f"{JCO} is missing: run scripts/setup_js.sh (npm ci from package-lock.json)")
    project = tmp_path_factory.mktemp("bookkeeping") / "project"
    shutil.copytree(LEDGER, project, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    pyproject = project / "pyproject.toml"
    options = f'out-dir = "dist/wasm"\njs = true\njco = "{JCO}"\n'
    pyproject.write_text(pyproject.read_text().replace(HOOK_TABLE, HOOK_TABLE + options))
    done = build_project(project, "--wheel")
    (wheel,) = (project / "dist").glob("*.whl")
    return wheel, done.stdout + done.stderr


@pytest.fixture(scope="session")
def ledger_site(
    ledger_build: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    site = tmp_path_factory.mktemp("bookkeeping-site")
    with zipfile.ZipFile(ledger_build[0]) as wheel:
        wheel.extractall(site)
    sys.path.insert(0, str(site))
    yield site
    sys.path.remove(str(site))
    for name in [n for n in sys.modules if n == "bookkeeping" or n.startswith("bookkeeping.")]:
        del sys.modules[name]


@pytest.fixture(scope="session")
def bookkeeping_js(ledger_build: tuple[Path, str]) -> Path:
    """The built npm package (``<out-dir>/bookkeeping/js``), the WASI shim linked beside it as
    if installed."""
    wheel, _ = ledger_build
    project = wheel.parent.parent
    modules = project / "node_modules"
    if not modules.exists():
        modules.mkdir()
        (modules / "@bytecodealliance").symlink_to(REPO / "node_modules" / "@bytecodealliance")
    return project / "dist" / "wasm" / "bookkeeping" / "js"
