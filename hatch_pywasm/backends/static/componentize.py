"""Core module + the component's WIT -> component, with ``wasm-tools component embed`` and
``component new`` (the core module already follows the canonical ABI; see abi.py)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .tools import wasm_tools


def componentize(core: bytes, wit: str) -> bytes:
    """Wrap ``core`` as a component of the one world in ``wit`` (the frontend's WIT text)."""
    with tempfile.TemporaryDirectory(prefix="pywasm-static-") as tmp:
        work = Path(tmp)
        (work / "world.wit").write_text(wit)
        (work / "core.wasm").write_bytes(core)
        _run("embed", "component", "embed", "world.wit", "core.wasm", "-o", "e.wasm", cwd=work)
        _run("new", "component", "new", "e.wasm", "-o", "component.wasm", cwd=work)
        return (work / "component.wasm").read_bytes()


def _run(step: str, *args: str, cwd: Path) -> None:
    done = subprocess.run([wasm_tools(), *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wasm-tools component {step} failed: {done.stderr.strip()}")
