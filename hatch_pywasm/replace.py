"""``wheel = "replace"``: the module shipped in place of a compiled one.

The proxy is the module's own source (so its dataclasses, enums, constants and docstrings stay
the very same objects) followed by a trailer that rebinds each exported function and resource
to the component through ``pywasm_runtime.import_wasm``.
"""

from __future__ import annotations

from pywasm_runtime import model

TRAILER = """

# ---- hatch-pywasm (wheel = "replace") ------------------------------------------------------
# The functions and classes below run in the WebAssembly component shipped in __wasm__/; the
# definitions above are kept for the types they declare.
from pywasm_runtime import import_wasm as _pywasm_import_wasm  # noqa: E402

_pywasm_module = _pywasm_import_wasm(__name__)
{bindings}
del _pywasm_import_wasm
"""


def exported_names(interface: model.Interface) -> list[str]:
    """The module's names that run in the component: its functions and resource classes."""
    resources = [
        t.origin.qualname
        for t in interface.types
        if isinstance(t, model.Resource) and t.origin.module == interface.module
    ]
    return [*(f.name for f in interface.functions), *resources]


def proxy_source(source: str, interface: model.Interface) -> str:
    bindings = "\n".join(f"{name} = _pywasm_module.{name}" for name in exported_names(interface))
    return source.rstrip("\n") + TRAILER.format(bindings=bindings)
