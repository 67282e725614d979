"""What a file is, from its first bytes: a component, a core module, WebAssembly text, or
something else. wasmtime reports a core module as "failed to parse WebAssembly module" and
random bytes as "input was not valid utf-8" (it tries them as text); ``load()`` says instead
what the file is and that a component was expected."""

from __future__ import annotations

import codecs

#: Bytes read to tell: the magic number and the version/layer fields.
SIZE = 8
_MAGIC = b"\0asm"
_COMPONENT = b"\x0d\x00\x01\x00"  # version 0x0d, layer 1: the component binary format
_CORE = b"\x01\x00\x00\x00"  # version 1, layer 0: a core module


def problem(head: bytes) -> str | None:
    """Why a file starting with ``head`` is not a component, or None if it may be one
    (a binary component, or text that wasmtime will parse as WAT)."""
    if head.startswith(_MAGIC):
        version = head[4:8]
        if version == _COMPONENT:
            return None
        if version == _CORE:
            return (
                "a core WebAssembly module, not a component; expected a component "
                "(make one with `wasm-tools component new`, or build the package with hatch-pywasm)"
            )
        return f"WebAssembly of an unknown version/layer {version.hex()}; expected a component"
    if not head:
        return "an empty file; expected a WebAssembly component"
    if _is_text(head):
        return None  # possibly WAT: wasmtime says what is wrong with it, if anything
    return (
        f"not WebAssembly (it starts with {head[:SIZE]!r}, a component starts with "
        f"{_MAGIC + _COMPONENT!r}); expected a WebAssembly component"
    )


def _is_text(head: bytes) -> bool:
    try:  # not final: a multi-byte character cut at SIZE bytes is still text
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\t\r\n" for c in text)
