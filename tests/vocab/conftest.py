"""The bookkeeping project (projects/bookkeeping, written as a typed library is written) built
ONCE per session by the real hook (componentize-py), its wheel unpacked onto ``sys.path``: the
native modules and their wasm twins (``import_wasm``) side by side."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

LEDGER = Path(__file__).parent / "projects" / "bookkeeping"


@pytest.fixture(scope="session")
def ledger_build(
    tmp_path_factory: pytest.TempPathFactory,
    build_project: Callable[..., subprocess.CompletedProcess[str]],
) -> tuple[Path, str]:
    """The built wheel and the build's log."""
    project = tmp_path_factory.mktemp("bookkeeping") / "project"
    shutil.copytree(LEDGER, project, ignore=shutil.ignore_patterns("dist", "__pycache__"))
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
