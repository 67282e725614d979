"""A content-addressed cache of built components.

The key is a hash of everything a build reads (guest sources, WIT, adapter, backend version,
options, the build environment's packages), never of output bytes: componentize-py's output is
not byte-reproducible. An entry is a folder ``<key>/`` holding ``component.wasm`` (a built
component, or the backend selection's outcome as JSON) and its ``sha256``; it is written under
a temporary name and renamed, so a reader sees a whole entry or none. An entry damaged in any
shape (bytes that no longer match their digest, a file or link where the folder should be, a
folder where a file should be, files missing) is dropped and rebuilt.
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
        """The cached component for ``key``, or None (also when the entry was damaged: it is
        removed, so the caller's rebuild can store a good one)."""
        entry = self.root / key
        component, digest = entry / COMPONENT_FILE, entry / DIGEST_FILE
        try:
            # Regular files only: a link may point anywhere, a FIFO would block the read.
            good = _regular(component) and _regular(digest)
            if good and file_sha256(component) == digest.read_text(encoding="ascii").strip():
                return component
        except (OSError, UnicodeDecodeError):
            pass
        _remove(entry)
        return None

    def store_bytes(self, key: str, data: bytes) -> Path:
        """Store ``data`` under ``key`` as :meth:`store` stores a file."""
        with tempfile.TemporaryDirectory(prefix="pywasm-entry-") as tmp:
            file = Path(tmp, COMPONENT_FILE)
            file.write_bytes(data)
            return self.store(key, file)

    def store(self, key: str, component: Path) -> Path:
        """Copy ``component`` into the cache under ``key``; returns the cached file."""
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}.", dir=self.root))
        try:
            shutil.copyfile(component, staging / COMPONENT_FILE)
            (staging / DIGEST_FILE).write_text(file_sha256(component) + "\n", encoding="ascii")
            entry = self.root / key
            _remove(entry)  # a damaged leftover
            try:
                staging.rename(entry)
            except OSError:
                # Another build stored the same key meanwhile: its entry is as good as ours.
                if self.lookup(key) is None:
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return entry / COMPONENT_FILE


def _remove(path: Path) -> None:
    """Removes a file, link or folder tree at ``path``, if any (a link: not what it points to)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
        if path.exists():  # something inside could not be removed: retry, making it writable
            for inner in [path, *path.rglob("*")]:
                if not inner.is_symlink():
                    inner.chmod(0o700)
            shutil.rmtree(path)


def _regular(path: Path) -> bool:
    """A regular file, in a regular folder, neither reached through a link."""
    return not path.parent.is_symlink() and not path.is_symlink() and path.is_file()
