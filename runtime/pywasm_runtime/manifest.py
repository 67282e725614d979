"""The manifest: which components a wasm-backed package ships and what they export.

The build hook writes ``<top-level package>/__wasm__/manifest.json`` next to the component files;
the runtime reads it to find the component of a module and the model to convert values with.
The JSON is deterministic (sorted keys) so a rebuild with the same inputs writes the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pywasm_runtime import atomic, model

FORMAT = 1
#: The folder inside a top-level package that holds the components and the manifest.
WASM_DIR = "__wasm__"
MANIFEST_NAME = "manifest.json"

Backend = Literal["componentize", "static"]


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
    try:
        entries = tuple(_entry(raw) for raw in data["components"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ManifestError(f"{source}: malformed component entry ({exc})") from None
    return Manifest(entries)


def _entry(raw: dict[str, Any]) -> ComponentEntry:
    component = model.from_data(raw["model"])
    if not isinstance(component, model.Component):
        raise ValueError(f"model is a {type(component).__name__}, expected a Component")
    backend = raw["backend"]
    if backend not in ("componentize", "static"):
        raise ValueError(f"unknown backend {backend!r}")
    return ComponentEntry(
        name=str(raw["name"]),
        file=str(raw["file"]),
        sha256=str(raw["sha256"]),
        backend=backend,
        stub_wasi=bool(raw["stub_wasi"]),
        model=component,
    )


def read(path: Path) -> Manifest:
    return loads(path.read_text(encoding="utf-8"), source=str(path))


def write(path: Path, manifest: Manifest) -> None:
    """Write atomically: readers see the old manifest or the new one, never a part."""
    atomic.write_bytes(path, dumps(manifest).encode("utf-8"))
