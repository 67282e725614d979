"""Fixtures of the newcomer tests: the README's project (see readme.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .readme import REPO, MakeProject, readme_blocks


@pytest.fixture(scope="session")
def readme_project(tmp_path_factory: pytest.TempPathFactory) -> MakeProject:
    """``readme_project(label, pyproject=None)``: a new project folder with the README's
    pyproject.toml (or ``pyproject``) and ``src/shop``; no .gitignore, as a new project has."""

    def make(label: str, pyproject: str | None = None) -> Path:
        project = tmp_path_factory.mktemp(label) / "wasm-shop"
        shutil.copytree(
            REPO / "example_project" / "src" / "shop",
            project / "src" / "shop",
            ignore=shutil.ignore_patterns("__wasm__", "__pycache__"),
        )
        text = readme_blocks()["pyproject"] if pyproject is None else pyproject
        (project / "pyproject.toml").write_text(text, encoding="utf-8")
        return project

    return make
