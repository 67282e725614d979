"""The manifest: which components a wasm-backed package ships and what they export.

The build hook writes ``<top-level package>/__wasm__/manifest.json`` next to the component files;
the runtime reads it to find the component of a module and the model to convert values with.
The JSON is deterministic (sorted keys) so a rebuild with the same inputs writes the same bytes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal, NamedTuple

from pywasm_runtime import atomic, model

FORMAT = 1
#: The folder inside a top-level package that holds the components and the manifest.
WASM_DIR = "__wasm__"
MANIFEST_NAME = "manifest.json"

Backend = Literal["componentize", "static"]

#: A sha256 as the build hook writes it (it names compile-cache entries: nothing else may pass).
_DIGEST = re.compile(r"[0-9a-f]{64}")
#: A component's file: a plain name inside the manifest's folder (no separators, no "..").
_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.wasm")


class ManifestError(ValueError):
    """A manifest that cannot be read: names the file and what was expected."""


class ComponentEntry(NamedTuple):
    name: str
    file: str  # the component's file name, relative to the manifest's folder
    sha256: str
    backend: Backend
    stub_wasi: bool
    model: model.Component


class Manifest(NamedTuple):
    components: tuple[ComponentEntry, ...]

    def component_for_module(self, module: str) -> ComponentEntry:
        """The component that exports ``module`` (a dotted name)."""
        for entry in self.components:
            if any(i.module == module for i in entry.model.exports):
                return entry
        shipped = sorted(i.module for e in self.components for i in e.model.exports)
        raise LookupError(f"no component exports {module!r}; this package ships {shipped}")


def dumps(manifest: Manifest) -> str:
    data = {
        "format": FORMAT,
        "components": [
            {
                "name": e.name,
                "file": e.file,
                "sha256": e.sha256,
                "backend": e.backend,
                "stub_wasi": e.stub_wasi,
                "model": model.to_data(e.model),
            }
            for e in manifest.components
        ],
    }
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def loads(text: str, *, source: str = "<manifest>") -> Manifest:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{source}: not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ManifestError(
            f"{source}: expected a manifest of format {FORMAT}, found {found!r}; "
            "rebuild the package with a matching hatch-pywasm"
        )
    components = data.get("components")
    if not isinstance(components, list):
        raise ManifestError(f"{source}: 'components' must be a list, found {components!r}")
    entries: list[ComponentEntry] = []
    problems: list[str] = []
    for index, raw in enumerate(components):
        try:
            entries.append(_entry(raw))
        except (KeyError, TypeError, ValueError) as exc:
            reason = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            problems.append(f"component {index}: {reason}")
    if problems:
        raise ManifestError(f"{source}: malformed component entry ({'; '.join(problems)})")
    return Manifest(tuple(entries))


def _entry(raw: object) -> ComponentEntry:
    if not isinstance(raw, dict):
        raise TypeError(f"expected an object, found {type(raw).__name__}")
    name, file, sha256 = raw["name"], raw["file"], raw["sha256"]
    backend, stub_wasi = raw["backend"], raw["stub_wasi"]
    # Checked before use: ``file`` is joined to the package folder and ``sha256`` names a
    # compile-cache entry, so a path in either would reach outside them.
    problems = [
        problem
        for problem, bad in (
            (f"name must be a string, found {name!r}", not isinstance(name, str)),
            (
                f"file must be a plain *.wasm name inside {WASM_DIR}/, found {file!r}",
                not isinstance(file, str) or not _FILE_NAME.fullmatch(file),
            ),
            (
                f"sha256 must be 64 lowercase hex digits, found {sha256!r}",
                not isinstance(sha256, str) or not _DIGEST.fullmatch(sha256),
            ),
            (f"unknown backend {backend!r}", backend not in ("componentize", "static")),
            (f"stub_wasi must be true or false, found {stub_wasi!r}", type(stub_wasi) is not bool),
        )
        if bad
    ]
    if problems:
        raise ValueError("; ".join(problems))
    component = model.from_data(raw["model"])
    if not isinstance(component, model.Component):
        raise ValueError(f"model is a {type(component).__name__}, expected a Component")
    return ComponentEntry(name, file, sha256, backend, stub_wasi, component)


def read(path: Path) -> Manifest:
    return loads(path.read_text(encoding="utf-8"), source=str(path))


def write(path: Path, manifest: Manifest) -> None:
    """Write atomically: readers see the old manifest or the new one, never a part."""
    atomic.write_bytes(path, dumps(manifest).encode("utf-8"))
