"""``import_wasm("pkg.mod")``: a compiled module of an installed (or editable) wasm-backed package.

The package's top-level folder holds ``__wasm__/manifest.json`` (written by the build hook); it
names the component that exports the module and carries the model the values are converted with.
The package itself is located without being imported (``importlib.util.find_spec``).

Modules of one component share one instance (as they share one interpreter in the guest) when
imported with default options; ``imports``/``limits``/``output`` give a private instance.
"""

from __future__ import annotations

import importlib.util
import threading
import types
from collections.abc import Mapping
from pathlib import Path

from pywasm_runtime import freshness, manifest, sandbox
from pywasm_runtime.component import Component, load
from pywasm_runtime.instance import Instance
from pywasm_runtime.limits import Limits

_components: dict[Path, Component] = {}
_shared: dict[Path, Instance] = {}
_lock = threading.Lock()
#: (``__wasm__`` folder, component) pairs whose freshness this process checked.
_checked: set[tuple[Path, str]] = set()


class WasmModule(types.ModuleType):
    """A module-like object whose functions and classes run in a component instance."""

    __wasm_instance__: Instance


def find_manifest(module: str) -> Path:
    """The manifest of ``module``'s top-level package, in any of its search locations."""
    top = module.partition(".")[0]
    spec = importlib.util.find_spec(top)
    if spec is None:
        raise ModuleNotFoundError(
            f"no package {top!r} is installed (looking for {module!r})", name=top
        )
    locations = list(spec.submodule_search_locations or [])
    for location in locations:
        candidate = Path(location) / manifest.WASM_DIR / manifest.MANIFEST_NAME
        if candidate.is_file():
            return candidate
    searched = ", ".join(locations) or "(not a package)"
    raise ModuleNotFoundError(
        f"package {top!r} has no {manifest.WASM_DIR}/{manifest.MANIFEST_NAME} "
        f"(searched {searched}); was it built with hatch-pywasm?",
        name=module,
    )


def import_wasm(
    module: str,
    *,
    imports: Mapping[str, object] | None = None,
    limits: Limits | None = None,
    output: sandbox.Output = "forward",
) -> WasmModule:
    path = find_manifest(module)
    entry = manifest.read(path).component_for_module(module)
    file = path.parent / entry.file
    if (path.parent, entry.name) not in _checked:
        # An editable build's component is checked against its sources once per process.
        _checked.add((path.parent, entry.name))
        if freshness.ensure_fresh(path.parent, entry.name):
            entry = manifest.read(path).component_for_module(module)
            with _lock:
                _components.pop(file, None)
                _shared.pop(file, None)
    with _lock:
        component = _components.get(file)
        if component is None:
            component = _components[file] = load(file, spec=entry.model, sha256=entry.sha256)
        if imports is None and limits is None and output == "forward":
            instance = _shared.get(file)
            if instance is None:
                instance = _shared[file] = component.instantiate()
        else:
            instance = component.instantiate(imports=imports, limits=limits, output=output)
    interface = entry.model.export_for_module(module)
    namespace = instance.interface(interface.module)
    wasm_module = WasmModule(module, interface.doc or None)
    wasm_module.__file__ = str(file)
    wasm_module.__wasm_instance__ = instance
    for name, value in vars(namespace).items():
        if not name.startswith("__"):
            setattr(wasm_module, name, value)
    return wasm_module
