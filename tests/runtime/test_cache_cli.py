"""The compile cache (reuse, corrupt entries, settings in the key) and the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import pywasm_runtime as pr
from pywasm_runtime import engine
from wasmtime import component as wc


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(engine.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.cwasm"))


def test_compiled_once_then_loaded(
    small_wasm: Path, empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pr.load(small_wasm).instantiate().world.add(2, 40) == 42
    (entry,) = _entries(empty_cache)
    assert f"wasmtime-{engine.wasmtime_version()}" in str(entry)

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled although the cache holds the component")

    monkeypatch.setattr(wc.Component, "from_file", no_compiling)
    assert pr.load(small_wasm).instantiate().world.add(1, 1) == 2


def test_corrupt_entry_is_recompiled(small_wasm: Path, empty_cache: Path) -> None:
    pr.load(small_wasm).instantiate()
    (entry,) = _entries(empty_cache)
    good = entry.read_bytes()
    entry.write_bytes(b"\x7fELF not really a compiled component")
    assert pr.load(small_wasm).instantiate().world.add(2, 2) == 4
    assert entry.read_bytes()[:4] == good[:4] and len(entry.read_bytes()) == len(good)


def test_engine_settings_are_part_of_the_key(small_wasm: Path, empty_cache: Path) -> None:
    pr.load(small_wasm).instantiate()
    pr.load(small_wasm).instantiate(limits=pr.Limits(fuel=1000))
    names = [p.name for p in _entries(empty_cache)]
    assert len(names) == 2 and any("fuel1" in n for n in names) and any("fuel0" in n for n in names)


def test_cache_can_be_disabled(
    small_wasm: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(engine.CACHE_ENV, "off")
    assert pr.load(small_wasm).instantiate().world.add(3, 4) == 7
    assert engine.cache_dir() is None


def _cli(*args: str, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [sys.executable, "-m", "pywasm_runtime", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_cli_inspect_and_call_a_foreign_component(small_wasm: Path) -> None:
    shown = _cli("inspect", str(small_wasm))
    assert shown.returncode == 0, shown.stderr
    assert "add: func(a: s64, b: s64) -> s64" in shown.stdout
    assert "guest: no Python interpreter" in shown.stdout  # a core module, no CPython inside
    called = _cli("call", str(small_wasm), "add", "[40, 2]")
    assert (called.returncode, called.stdout.strip()) == (0, "42")
    assert _cli("call", str(small_wasm), "add", '{"a": 1, "b": 2}').stdout.strip() == "3"


def test_cli_uses_the_manifest(rtshop_package: Path) -> None:
    component = rtshop_package / "rtshop" / "__wasm__" / "rtshop.wasm"
    shown = _cli("inspect", str(component), pythonpath=rtshop_package)
    assert "test:rtshop/echo@0.1.0  (Python: rtshop.echo)" in shown.stdout
    assert "guest: CPython 3.14." in shown.stdout  # componentize-py's, whatever the host runs
    assert "test:rtshop/host@0.1.0" in shown.stdout.split("imports:")[1]
    called = _cli("call", str(component), "echo.add", "[1, 2]", pythonpath=rtshop_package)
    assert (called.returncode, called.stdout.strip()) == (0, "3"), called.stderr
    failed = _cli(
        "call", str(component), "faults.raise_builtin", '["nope"]', pythonpath=rtshop_package
    )
    assert failed.returncode == 1 and "ValueError: nope" in failed.stderr
    point = _cli(
        "call", str(component), "echo.echo_point", '[{"x": 1, "y": 2}]', pythonpath=rtshop_package
    )
    assert json.loads(point.stdout) == {"x": 1.0, "y": 2.0}, point.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["call", "{wasm}", "add", "[1,"], "ARGS_JSON is not JSON"),
        (["call", "{wasm}", "add", "7"], "must be a JSON array or object"),
        (["call", "{wasm}", "add", '["a", 1]'], "argument 'a': expected int, got str"),
        (["call", "{wasm}", "nope", "[]"], "no function 'nope'"),
        (["inspect", "/nonexistent.wasm"], "no such component file"),
    ],
)
def test_cli_bad_input(small_wasm: Path, args: list[str], message: str) -> None:
    result = _cli(*(a.format(wasm=small_wasm) for a in args))
    assert result.returncode != 0
    assert message in result.stderr


def test_cli_generic_records(rtshop_wasm: Path, tmp_path: Path) -> None:
    """Without a manifest (and without imports, which a foreign component may need): the
    error lists the missing import, naming the interface."""
    result = _cli("call", str(rtshop_wasm), "echo.echo_point", json.dumps([{"x": 1, "y": 2}]))
    assert result.returncode == 1 and "test:rtshop/host@0.1.0" in result.stderr
