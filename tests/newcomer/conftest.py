"""Fixtures of the newcomer tests: the README's own project.

It is the README's ``pyproject.toml`` example with example_project's ``shop`` package under
``src/`` (the README points there), so its components are example_project's ``store`` and
``codec``: built once per session, shared through the session's build cache."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

MakeProject = Callable[..., Path]


def write_readme_project(project: Path, pyproject: str) -> Path:
    """``project`` with ``pyproject`` and a copy of ``shop`` in ``src/``; no .gitignore, as a
    new project has."""
    shutil.copytree(
        REPO / "example_project" / "src" / "shop",
        project / "src" / "shop",
        ignore=shutil.ignore_patterns("__wasm__", "__pycache__"),
    )
    (project / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def readme_project(
    tmp_path_factory: pytest.TempPathFactory, readme_blocks: dict[str, str]
) -> MakeProject:
    """``readme_project(label, pyproject=None)``: a new folder ``wasm-shop`` holding the
    README's project (or its ``src/`` with ``pyproject`` instead of the README's)."""
    assert {"pyproject", "usage", "check", "wheelhouse", "project"} <= set(readme_blocks)

    def make(label: str, pyproject: str | None = None) -> Path:
        text = readme_blocks["pyproject"] if pyproject is None else pyproject
        return write_readme_project(tmp_path_factory.mktemp(label) / "wasm-shop", text)

    return make
