"""A content-addressed cache of built components.

The key is a hash of everything a build reads (guest sources, WIT, adapter, backend version,
options, the build environment's packages), never of output bytes: componentize-py's output is
not byte-reproducible. An entry is a folder ``<key>/`` holding ``component.wasm`` and its
``sha256``; it is written under a temporary name and renamed, so a reader sees a whole entry or
none, and an entry whose bytes no longer match their digest is dropped and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

COMPONENT_FILE = "component.wasm"
DIGEST_FILE = "sha256"


def default_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hatch-pywasm"


def cache_key(inputs: Mapping[str, bytes | str]) -> str:
    """A digest of named inputs; names and values are length-prefixed so no two different
    input sets can produce the same byte stream."""
    digest = hashlib.sha256()
    for name in sorted(inputs):
        value = inputs[name]
        data = value.encode("utf-8") if isinstance(value, str) else value
        for part in (name.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class BuildCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def lookup(self, key: str) -> Path | None:
        """The cached component for ``key``, or None (also when the entry was corrupt: it is
        removed, so the caller's rebuild can store a good one)."""
        entry = self.root / key
        component = entry / COMPONENT_FILE
        try:
            expected = (entry / DIGEST_FILE).read_text(encoding="ascii").strip()
            if file_sha256(component) == expected:
                return component
        except (OSError, UnicodeDecodeError):
            if not entry.exists():
                return None
        shutil.rmtree(entry, ignore_errors=True)
        return None

    def store(self, key: str, component: Path) -> Path:
        """Copy ``component`` into the cache under ``key``; returns the cached file."""
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}.", dir=self.root))
        try:
            shutil.copyfile(component, staging / COMPONENT_FILE)
            (staging / DIGEST_FILE).write_text(file_sha256(component) + "\n", encoding="ascii")
            entry = self.root / key
            shutil.rmtree(entry, ignore_errors=True)  # a corrupt leftover
            try:
                staging.rename(entry)
            except OSError:
                # Another build stored the same key meanwhile: its entry is as good as ours.
                if self.lookup(key) is None:
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return entry / COMPONENT_FILE
