"""The README's examples, read from README.md at test time, and the project they describe.

Blocks are marked ``<!-- readme-test: NAME -->`` on the line before their opening fence; the
project is the README's ``pyproject.toml`` example with example_project's ``shop`` package under
``src/`` (the README points there), so its components are example_project's ``store`` and
``codec``: built once per session, shared through the session's build cache."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
_BLOCK = re.compile(
    r"<!-- readme-test: (?P<name>[\w-]+) -->\n```(?P<lang>\w+)\n(?P<body>.*?)```", re.S
)


def readme_blocks() -> dict[str, str]:
    """Every marked block of README.md, by name."""
    found = {m["name"]: m["body"] for m in _BLOCK.finditer(README.read_text(encoding="utf-8"))}
    assert {"pyproject", "usage", "check", "wheelhouse", "project"} <= set(found), found.keys()
    return found


MakeProject = Callable[..., Path]
