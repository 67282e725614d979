"""The fuzzing host, run in a process of its own by test_fuzz.py (a crash must not take the
test run with it): feeds mutants of a component, of its compile-cache entry, or of a package
manifest to the runtime and prints, as JSON, how many of each outcome it saw.

    python fuzz_host.py component SEED COUNT COMPONENT.wasm WORKDIR
    python fuzz_host.py cache SEED COUNT COMPONENT.wasm WORKDIR
    python fuzz_host.py manifest SEED COUNT SITE WORKDIR

Every mutant must end in a result or a Python exception (never a crash of the process, never
a wrong result from a damaged cache entry); the outcome counts name the exception types.
"""

from __future__ import annotations

import collections
import json
import os
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pywasm_runtime as pr
from pywasm_runtime import engine


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to eight random edits: flipped bits, overwritten, inserted or deleted runs, a cut."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(max(len(out), 1))
        kind = rng.randrange(5)
        if kind == 0 and out:
            out[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            out[at : at + 4] = rng.randbytes(4)
        elif kind == 2:
            out[at:at] = rng.randbytes(rng.randint(1, 16))
        elif kind == 3:
            del out[at : at + rng.randint(1, 16)]
        else:
            out[at:] = out[at : at + rng.randint(0, 64)]
    return bytes(out)


def outcome(action: Callable[[], object]) -> str:
    try:
        action()
    except Exception as exc:  # what the fuzzing counts
        return type(exc).__qualname__
    return "ok"


def fuzz_component(rng: random.Random, count: int, source: Path, work: Path) -> dict[str, int]:
    data = source.read_bytes()
    seen: collections.Counter[str] = collections.Counter()
    for i in range(count):
        path = work / f"mutant{i}.wasm"
        path.write_bytes(mutate(data, rng))

        def run(path: Path = path) -> None:
            instance = pr.load(path).instantiate()
            instance.world.add(2, 3)

        seen[outcome(run)] += 1
        path.unlink()
    return dict(seen)


def fuzz_cache(rng: random.Random, count: int, source: Path, work: Path) -> dict[str, int]:
    """Damaged entries of the component in the cache: each must be detected and recompiled,
    so every call returns the right sum."""
    pr.load(source).instantiate()  # the entry and its record
    (entry,) = [p for p in Path(os.environ[engine.CACHE_ENV]).rglob("*.cwasm")]
    good = entry.read_bytes()
    seen: collections.Counter[str] = collections.Counter()
    for _ in range(count):
        entry.write_bytes(mutate(good, rng))

        def run() -> None:
            total = pr.load(source).instantiate().world.add(2, 3)
            if total != 5:
                raise AssertionError(f"a damaged entry ran: add(2, 3) = {total}")

        seen[outcome(run)] += 1
    return dict(seen)


def _mutate_json(value: object, rng: random.Random) -> object:
    """A random edit somewhere in a JSON value: a key dropped, a value replaced by junk."""
    junk = [None, True, 0, -1, 1.5, "", "x", "../../x", "/etc/passwd", [], {}, "A" * 64, [None]]
    if isinstance(value, dict) and value and rng.random() < 0.7:
        key = rng.choice(sorted(value))
        copy = dict(value)
        if rng.random() < 0.2:
            del copy[key]
        else:
            copy[key] = _mutate_json(value[key], rng)
        return copy
    if isinstance(value, list) and value and rng.random() < 0.7:
        at = rng.randrange(len(value))
        return [*value[:at], _mutate_json(value[at], rng), *value[at + 1 :]]
    return rng.choice(junk)


def fuzz_manifest(rng: random.Random, count: int, site: Path, work: Path) -> dict[str, int]:
    """Mutants of the rtshop package's manifest, installed as package ``fuzzpkg``."""
    source = site / "rtshop" / "__wasm__"
    text = (source / "manifest.json").read_text().replace('"rtshop.', '"fuzzpkg.')
    data = json.loads(text)
    package = work / "fuzzpkg"
    (package / "__wasm__").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    os.link(source / "rtshop.wasm", package / "__wasm__" / "fuzzpkg.wasm")
    sys.path.insert(0, str(work))
    seen: collections.Counter[str] = collections.Counter()
    for i in range(count):
        mutant = data
        for _ in range(rng.randint(1, 3)):
            mutant = _mutate_json(mutant, rng)
        raw = json.dumps(mutant)
        if i % 10 == 0:  # and some byte-level damage
            raw = mutate(raw.encode(), rng).decode("utf-8", errors="replace")
        (package / "__wasm__" / "manifest.json").write_text(raw)

        def run() -> None:
            pr.import_wasm("fuzzpkg.echo", imports={"fuzzpkg.host": {"suffix": str}}).add(2, 3)

        seen[outcome(run)] += 1
        for name in [n for n in sys.modules if n.startswith("fuzzpkg")]:
            del sys.modules[name]
        from pywasm_runtime import loader

        loader._components.clear()  # each mutant read afresh (white box: the loader's memo)
        loader._shared.clear()
    shutil.rmtree(package)
    return dict(seen)


def main() -> None:
    mode, seed, count, source, work = sys.argv[1:6]
    rng = random.Random(int(seed))
    fuzz = {"component": fuzz_component, "cache": fuzz_cache, "manifest": fuzz_manifest}[mode]
    print(json.dumps(fuzz(rng, int(count), Path(source), Path(work))))


if __name__ == "__main__":
    main()
