"""The ledger project (project/) built ONCE per session by the real hook with componentize-py,
its wheel unpacked and put on ``sys.path``: the native modules (``ledger.accounts``) and the
wasm-backed ones (``import_wasm("ledger.accounts")``) side by side, for differential tests.

Built without ``PYTHONDONTWRITEBYTECODE`` (which the other build fixtures set), so a build
that writes bytecode into the source tree is seen.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
import pywasm_runtime as pr

PROJECT = Path(__file__).parent / "project"


@dataclass(frozen=True)
class LedgerBuild:
    project: Path  # the built copy of project/
    site: Path  # its wheel, unpacked
    log: str


@pytest.fixture(scope="session")
def ledger_build(
    tmp_path_factory: pytest.TempPathFactory, pywasm_build_env: dict[str, str]
) -> LedgerBuild:
    project = tmp_path_factory.mktemp("ledger") / "project"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns("dist", "__pycache__"))
    env = {k: v for k, v in pywasm_build_env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "build", "--no-isolation", "--wheel"]
    done = subprocess.run(
        [*command, "-o", str(project / "dist"), str(project)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"build of {project} failed:\n{done.stdout}\n{done.stderr}")
    (wheel,) = (project / "dist").glob("*.whl")
    site = tmp_path_factory.mktemp("ledger-site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    return LedgerBuild(project, site, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def ledger_site(ledger_build: LedgerBuild) -> Iterator[Path]:
    """The wheel on ``sys.path`` (as installed), for the whole session."""
    sys.path.insert(0, str(ledger_build.site))
    yield ledger_build.site
    sys.path.remove(str(ledger_build.site))
    for name in [m for m in sys.modules if m == "ledger" or m.startswith("ledger.")]:
        del sys.modules[name]


@pytest.fixture(scope="session")
def native(ledger_site: Path) -> ModuleType:
    import importlib

    return importlib.import_module("ledger.accounts")


@pytest.fixture(scope="session")
def wasm(ledger_site: Path) -> ModuleType:
    return pr.import_wasm("ledger.accounts")
