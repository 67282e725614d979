"""Compile-cache entries are checked before wasmtime runs their machine code: an entry replaced
by another component's, or with damaged code, is compiled again (never run)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import pywasm_runtime as pr
from pywasm_runtime import engine


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(engine.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entry(cache: Path, component: Path) -> Path:
    """The default-settings entry of ``component`` (compiled into the cache first)."""
    pr.load(component).instantiate()
    (entry,) = [
        p for p in cache.rglob("*.cwasm") if p.name.startswith(engine.file_sha256(component))
    ]
    return entry


def _add_in_a_fresh_process(component: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys, pywasm_runtime as pr; "
        "print(pr.load(sys.argv[1]).instantiate().world.add(2, 3))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(component)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )


def test_entry_substituted_by_another_components(
    small_wasm: Path, small_sub_wasm: Path, empty_cache: Path
) -> None:
    add_entry = _entry(empty_cache, small_wasm)
    sub_entry = _entry(empty_cache, small_sub_wasm)
    shutil.copyfile(sub_entry, add_entry)  # same interface, other code: 2 - 3 if it ran
    assert pr.load(small_wasm).instantiate().world.add(2, 3) == 5
    assert pr.load(small_sub_wasm).instantiate().world.add(2, 3) == -1


def _text_section(elf: bytes) -> tuple[int, int]:
    """(offset, size) of the ``.text`` section of an ELF64 file (a serialized component)."""
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)

    def header(i: int) -> tuple[int, int, int]:
        name, _, _, _, offset, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        return name, offset, size

    strtab = header(shstrndx)[1]
    for i in range(shnum):
        name, offset, size = header(i)
        if elf[strtab + name : elf.index(b"\0", strtab + name)] == b".text":
            return offset, size
    raise AssertionError("no .text section")


def test_entry_with_damaged_code(small_wasm: Path, empty_cache: Path) -> None:
    """Its machine code overwritten with int3: run as is, the call dies of SIGTRAP (a fresh
    process, so a crash cannot take the test run with it)."""
    entry = _entry(empty_cache, small_wasm)
    data = bytearray(entry.read_bytes())
    offset, size = _text_section(data)
    data[offset : offset + size] = b"\xcc" * size
    entry.write_bytes(data)
    called = _add_in_a_fresh_process(small_wasm)
    assert (called.returncode, called.stdout.strip()) == (0, "5"), called.stderr
    assert entry.read_bytes()[offset : offset + size] != b"\xcc" * size  # replaced


def test_damaged_entry_with_its_old_timestamps(small_wasm: Path, empty_cache: Path) -> None:
    """Restoring the mtime does not hide a write (ctime changes, as git's index relies on)."""
    entry = _entry(empty_cache, small_wasm)
    before = entry.stat()
    data = bytearray(entry.read_bytes())
    offset, size = _text_section(data)
    data[offset : offset + size] = b"\xcc" * size
    entry.write_bytes(data)
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
    called = _add_in_a_fresh_process(small_wasm)
    assert (called.returncode, called.stdout.strip()) == (0, "5"), called.stderr


@pytest.mark.parametrize("shape", ["directory", "empty", "truncated"])
def test_entry_of_any_shape_is_replaced(small_wasm: Path, empty_cache: Path, shape: str) -> None:
    entry = _entry(empty_cache, small_wasm)
    data = entry.read_bytes()
    entry.unlink()
    if shape == "directory":
        entry.mkdir()
    else:
        entry.write_bytes(b"" if shape == "empty" else data[: len(data) // 2])
    assert pr.load(small_wasm).instantiate().world.add(2, 3) == 5


def test_cache_key_is_the_files_own_digest(small_wasm: Path, empty_cache: Path) -> None:
    """A manifest's sha256 does not choose the entry: a wrong one is an error naming the file."""
    entry = _entry(empty_cache, small_wasm)
    assert entry.name.startswith(engine.file_sha256(small_wasm))
    with pytest.raises(ValueError, match=r"small\.wasm: the file's sha256 is .* manifest says"):
        pr.load(small_wasm, sha256="0" * 64).instantiate()
