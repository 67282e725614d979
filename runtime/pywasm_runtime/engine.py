"""Engines and the compile cache.

Compiling a componentize-py component with Cranelift takes 5-10 s; loading a serialized one
takes milliseconds. Serialized components live in a user cache directory, one file per
(component hash, wasmtime version, engine settings). Entries are written to a temporary file and
renamed, so concurrent processes see a whole entry or none; an entry wasmtime refuses (corrupt,
other version, other settings) is compiled again and replaced.
"""

from __future__ import annotations

import contextlib
import os
import threading
from functools import cache
from pathlib import Path
from typing import NamedTuple

import wasmtime
from wasmtime import component as wc

from pywasm_runtime import atomic
from pywasm_runtime.limits import EpochTicker

#: Overrides the cache location; ``PYWASM_RUNTIME_CACHE=off`` disables the cache.
CACHE_ENV = "PYWASM_RUNTIME_CACHE"


class EngineSettings(NamedTuple):
    """The engine options a serialized component depends on. Each is on only when a limit asks
    for it, because each slows guest code down: epoch interruption (timeouts) puts a check in
    every loop and function entry (+12-39% on the static backend's compute kernels), fuel
    metering counts every instruction."""

    epoch: bool = False
    fuel: bool = False

    @property
    def key(self) -> str:
        return f"epoch{int(self.epoch)}-fuel{int(self.fuel)}"


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


def file_sha256(path: Path) -> str:
    import hashlib  # ~2 ms: only components loaded without a manifest's hash need it

    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_path(sha256: str, settings: EngineSettings) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    return root / f"wasmtime-{wasmtime_version()}" / f"{sha256}-{settings.key}.cwasm"


def compile_component(engine: Engine, path: Path, sha256: str) -> wc.Component:
    """The compiled component, from the cache when a usable entry exists."""
    entry = cache_path(sha256, engine.settings)
    if entry is not None and entry.is_file():
        try:
            return wc.Component.deserialize_file(engine.wasmtime, str(entry))
        except wasmtime.WasmtimeError:
            pass  # corrupt or incompatible: compile again and replace it below
    try:
        compiled = wc.Component.from_file(engine.wasmtime, str(path))
    except wasmtime.WasmtimeError as exc:
        reason = str(exc).split("\n", 1)[0]
        raise ValueError(f"{path}: not a loadable WebAssembly component ({reason})") from None
    if entry is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is skipped
            atomic.write_bytes(entry, compiled.serialize())
    return compiled
