"""pywasm-runtime: call WebAssembly components built by hatch-pywasm with the source's own types.

* ``import_wasm("pkg.mod")``: a compiled module of an installed wasm-backed package, with the
  source's signatures and types.
* ``load(path)``: any component file; ``.instantiate(imports=..., limits=..., output=...)``.
* Errors: guest exceptions come back as themselves (builtins, the package's own classes) or as
  :class:`GuestError`; traps as :class:`Trap` (:class:`OutOfFuel`, :class:`Timeout`,
  :class:`MemoryLimitExceeded`), after which the instance is replaced before the next call.
"""

from pywasm_runtime.classes import Case
from pywasm_runtime.component import Component, load
from pywasm_runtime.errors import (
    GuestError,
    MemoryLimitExceeded,
    MissingImports,
    NotAComponent,
    OutOfFuel,
    Timeout,
    Trap,
)
from pywasm_runtime.instance import Instance
from pywasm_runtime.limits import Limits
from pywasm_runtime.loader import import_wasm
from pywasm_runtime.resource import Resource

__all__ = [
    "Case",
    "Component",
    "GuestError",
    "Instance",
    "Limits",
    "MemoryLimitExceeded",
    "MissingImports",
    "NotAComponent",
    "OutOfFuel",
    "Resource",
    "Timeout",
    "Trap",
    "import_wasm",
    "load",
]
