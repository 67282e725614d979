"""Engines and the compile cache.

Compiling a componentize-py component with Cranelift takes 5-10 s; loading a serialized one
takes milliseconds. Serialized components live in a user cache directory, one file per
(component hash, wasmtime version, engine settings), with an integrity record next to it
(``.check``). Entries are written to a temporary file and renamed, so concurrent processes see a
whole entry or none; an entry that fails its integrity check or that wasmtime refuses (other
version, other settings) is compiled again and replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import zlib
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import wasmtime
from wasmtime import component as wc

from pywasm_runtime import atomic, interrupts
from pywasm_runtime.limits import EpochTicker, Limits

#: Overrides the cache location; ``PYWASM_RUNTIME_CACHE=off`` disables the cache.
CACHE_ENV = "PYWASM_RUNTIME_CACHE"


class EngineSettings(NamedTuple):
    """The engine options a serialized component depends on, and who advances the epoch. Each
    option slows guest code down, so each is on only when a limit asks for it: epoch
    interruption (timeouts, Ctrl-C) puts a check in every loop and function entry (+12-39% on
    the static backend's compute kernels), fuel metering counts every instruction.

    ``ticking``: the epoch advances every limits.TICK (timeouts); else only on SIGINT
    (interrupts.watch). Serialized components do not depend on it (not in ``key``)."""

    epoch: bool = False
    fuel: bool = False
    ticking: bool = False

    @property
    def key(self) -> str:
        return f"epoch{int(self.epoch)}-fuel{int(self.fuel)}"

    @classmethod
    def for_limits(cls, limits: Limits) -> EngineSettings:
        timed = limits.timeout is not None
        return cls(epoch=timed or limits.interrupt, fuel=limits.fuel is not None, ticking=timed)


class Engine(NamedTuple):
    settings: EngineSettings
    wasmtime: wasmtime.Engine
    ticker: EpochTicker


_engines: dict[EngineSettings, Engine] = {}
_engines_lock = threading.Lock()


def engine_for(settings: EngineSettings) -> Engine:
    """One engine per settings in the process (engines are thread-safe and shareable)."""
    with _engines_lock:
        found = _engines.get(settings)
        if found is None:
            config = wasmtime.Config()
            config.epoch_interruption = settings.epoch
            config.consume_fuel = settings.fuel
            engine = wasmtime.Engine(config)
            found = _engines[settings] = Engine(settings, engine, EpochTicker(engine))
            if settings.epoch and not settings.ticking:
                interrupts.watch(engine)
        return found


@cache
def wasmtime_version() -> str:
    """Read from wasmtime's dist-info folder name: ``importlib.metadata`` would add ~10 ms of
    imports to every process's first call."""
    site = Path(wasmtime.__file__).parent.parent
    found = sorted(site.glob("wasmtime-*.dist-info"))
    if len(found) == 1:
        return found[0].name.removeprefix("wasmtime-").removesuffix(".dist-info")
    from importlib import metadata  # unusual layouts only: the slow way, imported late

    return metadata.version("wasmtime")


def cache_dir() -> Path | None:
    """Where serialized components go: $PYWASM_RUNTIME_CACHE, else the user cache directory."""
    configured = os.environ.get(CACHE_ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pywasm-runtime"


#: What identifies an unchanged file without reading it (as git's index does): a write
#: changes the size, mtime or ctime, a replacement the inode; ctime cannot be set back.
FileIdentity = tuple[int, int, int, int, int]


def file_identity(path: Path) -> FileIdentity:
    st = path.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _write_record(path: Path, record: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written is skipped
        atomic.write_bytes(path, json.dumps(record).encode())


def file_sha256(path: Path) -> str:
    import hashlib  # ~2 ms: only components not hashed before need it

    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def component_sha256(path: Path) -> str:
    """The sha256 of the component file, as the runtime read it: the compile cache is keyed on
    it, never on what a manifest claims. Hashing an 18 MB component costs ~15 ms, so the digest
    is remembered in the cache with the file's identity and reused while that is unchanged."""
    root = cache_dir()
    identity = list(file_identity(path))
    if root is None:
        return file_sha256(path)
    resolved = str(path.resolve())
    memo = root / "digests" / f"{zlib.crc32(resolved.encode()):08x}.json"
    record = _read_record(memo)
    if (
        record is not None
        and record.get("path") == resolved
        and record.get("identity") == identity
        and isinstance(record.get("sha256"), str)
    ):
        return record["sha256"]
    digest = file_sha256(path)
    _write_record(memo, {"path": resolved, "identity": identity, "sha256": digest})
    return digest


def cache_path(sha256: str, settings: EngineSettings) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    return root / f"wasmtime-{wasmtime_version()}" / f"{sha256}-{settings.key}.cwasm"


def _check_path(entry: Path) -> Path:
    """The integrity record of a cache entry: the component it was compiled from, its size and
    crc32, and the entry file's identity when last verified."""
    return entry.with_suffix(".check")


def _load_entry(engine: Engine, entry: Path, sha256: str) -> wc.Component | None:
    """The cached component, if the entry is whole and was compiled from ``sha256``.

    wasmtime runs a deserialized entry's machine code as is (a flipped byte crashes the host
    or computes wrong results), so it is checked first: an entry copied from another
    component's fails the source check; a damaged one fails the crc32 of its bytes. Reading
    and summing a 34 MB entry costs tens of ms, so that runs only when the entry file's identity
    differs from the one recorded when it was last verified (a write or a replacement changes
    it); otherwise the entry is mapped without being read."""
    record = _read_record(_check_path(entry))
    if record is None or record.get("source") != sha256:
        return None
    try:
        identity = list(file_identity(entry))
        if identity != record.get("identity"):
            data = entry.read_bytes()
            if len(data) != record.get("size") or zlib.crc32(data) != record.get("crc32"):
                return None
            _write_record(_check_path(entry), {**record, "identity": identity})
        return wc.Component.deserialize_file(engine.wasmtime, str(entry))
    except (OSError, wasmtime.WasmtimeError):
        return None  # gone, or refused by wasmtime: compile again


def _store_entry(entry: Path, sha256: str, serialized: bytes) -> None:
    with contextlib.suppress(OSError):  # a cache that cannot be written is skipped
        atomic.write_bytes(entry, serialized)
        record = {
            "source": sha256,
            "size": len(serialized),
            "crc32": zlib.crc32(serialized),
            "identity": list(file_identity(entry)),
        }
        _write_record(_check_path(entry), record)


def compile_component(engine: Engine, path: Path, sha256: str) -> wc.Component:
    """The compiled component of ``path`` (whose sha256 is ``sha256``), from the cache when a
    sound entry exists."""
    entry = cache_path(sha256, engine.settings)
    if entry is not None:
        cached = _load_entry(engine, entry, sha256)
        if cached is not None:
            return cached
    try:
        compiled = wc.Component.from_file(engine.wasmtime, str(path))
    except wasmtime.WasmtimeError as exc:
        reason = str(exc).split("\n", 1)[0]
        raise ValueError(f"{path}: not a loadable WebAssembly component ({reason})") from None
    if entry is not None:
        _store_entry(entry, sha256, compiled.serialize())
    return compiled
