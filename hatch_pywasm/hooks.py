"""Registers the ``pywasm`` build hook with hatchling (entry point group ``hatch``)."""

from __future__ import annotations

from hatchling.plugin import hookimpl

from hatch_pywasm.plugin import PyWasmBuildHook


@hookimpl
def hatch_register_build_hook() -> type[PyWasmBuildHook]:
    return PyWasmBuildHook
