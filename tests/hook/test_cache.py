"""The build cache on its own: keys, atomic entries, corrupt entries dropped."""

from __future__ import annotations

from pathlib import Path

from hatch_pywasm.cache import COMPONENT_FILE, BuildCache, cache_key


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
