"""Mutated components, compile-cache entries and manifests: never a crash, always a result or
a Python exception (and never a wrong result). The fuzzing runs in a host process of its own
(fuzz_host.py), so that a crash fails the test instead of ending the run. The default suite
runs a short version; ``-m long`` a long one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pywasm_runtime import engine

HOST = Path(__file__).with_name("fuzz_host.py")

#: Exceptions a mutant may end in: the runtime's own errors (a damaged component: not a
#: component, refused by wasmtime, or its trap; a damaged manifest: ManifestError, a
#: ValueError; a manifest naming what is not there), and nothing else.
EXPECTED = {
    "ok",
    "NotAComponent",
    "ValueError",
    "ManifestError",
    "Trap",
    "MissingImports",
    "LookupError",
    "FileNotFoundError",
    "ModuleNotFoundError",
    "AttributeError",
    "TypeError",
}


def _fuzz(mode: str, count: int, source: Path, work: Path, cache: Path | str) -> dict[str, int]:
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, engine.CACHE_ENV: str(cache)}
    done = subprocess.run(
        [sys.executable, str(HOST), mode, "14", str(count), str(source), str(work)],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
        check=False,
    )
    assert done.returncode == 0, f"the fuzzing host died ({done.returncode}): {done.stderr[-3000:]}"
    seen: dict[str, int] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nfuzz {mode}: {count} mutants: {seen}")  # the figures in runtime/README.md
    assert sum(seen.values()) == count
    assert set(seen) <= EXPECTED, seen
    return seen


SHORT, LONG = 150, 3000


@pytest.mark.parametrize("count", [SHORT, pytest.param(LONG, marks=pytest.mark.long)])
def test_mutated_components(small_wasm: Path, tmp_path: Path, count: int) -> None:
    seen = _fuzz("component", count, small_wasm, tmp_path / "work", "off")
    assert seen.get("NotAComponent", 0) + seen.get("ValueError", 0) > 0  # damage was seen


@pytest.mark.parametrize("count", [SHORT, pytest.param(LONG, marks=pytest.mark.long)])
def test_damaged_cache_entries(small_wasm: Path, tmp_path: Path, count: int) -> None:
    seen = _fuzz("cache", count, small_wasm, tmp_path / "work", tmp_path / "cache")
    assert seen == {"ok": count}  # each damaged entry detected, recompiled, right result


@pytest.mark.parametrize("count", [SHORT, pytest.param(LONG, marks=pytest.mark.long)])
def test_mutated_manifests(rtshop_package: Path, tmp_path: Path, count: int) -> None:
    seen = _fuzz("manifest", count, rtshop_package, tmp_path / "work", os.environ[engine.CACHE_ENV])
    assert seen.get("ManifestError", 0) > 0
