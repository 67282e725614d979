"""The build cache on its own: keys, atomic entries, entries damaged in any shape dropped
and rebuilt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from hatch_pywasm.cache import COMPONENT_FILE, DIGEST_FILE, BuildCache, cache_key


def test_key_depends_on_every_input_and_not_on_order() -> None:
    base = {"wit": "package a:b;", "source/x": b"print(1)"}
    assert cache_key(base) == cache_key(dict(reversed(base.items())))
    assert cache_key(base) != cache_key({**base, "wit": "package a:c;"})
    assert cache_key(base) != cache_key({**base, "stub-wasi": "True"})
    # Length-prefixed: moving bytes between name and value changes the key.
    assert cache_key({"ab": "c"}) != cache_key({"a": "bc"})


def test_store_then_lookup(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    built = tmp_path / "built.wasm"
    built.write_bytes(b"\0asm component")
    key = cache_key({"x": "1"})
    assert cache.lookup(key) is None
    stored = cache.store(key, built)
    assert cache.lookup(key) == stored and stored.read_bytes() == b"\0asm component"
    # No staging folders left behind.
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [key]


def test_corrupt_or_partial_entries_are_dropped(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    built = tmp_path / "built.wasm"
    built.write_bytes(b"good bytes")
    key = cache_key({"x": "2"})
    stored = cache.store(key, built)
    stored.write_bytes(b"bad bytes")  # a flipped entry
    assert cache.lookup(key) is None
    assert not (tmp_path / key).exists()
    # Storing again repairs it.
    assert cache.lookup(cache_key({"x": "2"})) is None
    cache.store(key, built)
    assert cache.lookup(key) is not None
    (tmp_path / key / COMPONENT_FILE).unlink()  # an entry missing its component
    assert cache.lookup(key) is None
    assert not (tmp_path / key).exists()


def _file_instead_of_entry(entry: Path) -> None:
    shutil.rmtree(entry)
    entry.write_bytes(b"not a folder")


def _link_instead_of_entry(entry: Path) -> None:
    elsewhere = entry.with_name("elsewhere")
    entry.rename(elsewhere)  # a whole, good entry: still not ours to trust through a link
    entry.symlink_to(elsewhere, target_is_directory=True)


def _folder_instead_of_component(entry: Path) -> None:
    (entry / COMPONENT_FILE).unlink()
    (entry / COMPONENT_FILE).mkdir()


def _folder_instead_of_digest(entry: Path) -> None:
    (entry / DIGEST_FILE).unlink()
    (entry / DIGEST_FILE / "inner").mkdir(parents=True)


def _fifo_instead_of_component(entry: Path) -> None:
    (entry / COMPONENT_FILE).unlink()
    os.mkfifo(entry / COMPONENT_FILE)  # reading it would block forever


def _digest_not_text(entry: Path) -> None:
    (entry / DIGEST_FILE).write_bytes(b"\xff\xfe\x00")


def _empty_folder(entry: Path) -> None:
    shutil.rmtree(entry)
    entry.mkdir()


DAMAGES = [
    _file_instead_of_entry,
    _link_instead_of_entry,
    _folder_instead_of_component,
    _folder_instead_of_digest,
    _fifo_instead_of_component,
    _digest_not_text,
    _empty_folder,
]


@pytest.mark.parametrize("damage", DAMAGES, ids=[d.__name__.strip("_") for d in DAMAGES])
def test_an_entry_damaged_in_any_shape_is_rebuilt(tmp_path: Path, damage: Any) -> None:
    cache = BuildCache(tmp_path / "cache")
    built = tmp_path / "built.wasm"
    built.write_bytes(b"\0asm good")
    key = cache_key({"x": "3"})
    cache.store(key, built)
    damage(tmp_path / "cache" / key)
    assert cache.lookup(key) is None
    stored = cache.store(key, built)  # the rebuild stores over whatever was left
    assert cache.lookup(key) == stored and stored.read_bytes() == b"\0asm good"
    assert (tmp_path / "cache" / key).is_dir() and not (tmp_path / "cache" / key).is_symlink()


def test_bytes_are_stored_like_files(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    key = cache_key({"x": "4"})
    assert cache.store_bytes(key, b'{"backend": "static"}').read_bytes() == b'{"backend": "static"}'
    assert cache.lookup(key) is not None
