"""Typed IR -> WAT text of one core module (mypyc's codegen stage).

Exceptions: there is no try/except in the subset, so a raised exception only has to unwind to
the export. A raise stores the address of a static error record (type name, message) in the
global ``$exc`` and returns; every call that may raise is followed by a check of ``$exc`` that
returns at once. The export wrappers (abi.py) turn a set ``$exc`` into ``result::err``. This needs
no wasm exception-handling proposal, so the module runs in every engine and browser.

Memory layout: static data (strings, error records, the return area, the allocator's free-list
heads) from address 16, the heap after it (support/alloc.wat).

- :mod:`.data`: static data; :mod:`.ops`: primitive operations;
- :mod:`.function`: one function; :mod:`.module`: the whole module.
"""

from .data import StaticData, function_name
from .module import CoreModule, generate

__all__ = ["CoreModule", "StaticData", "function_name", "generate"]
