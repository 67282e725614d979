"""What a component consists of: its core modules and, inside each, the sections that matter
(code, data: componentize-py's memory snapshot, names), with their bytes. For the sizes suite's
breakdown of the componentize-py component (issue 18)."""

from __future__ import annotations

import io
from typing import NamedTuple

_CORE_MODULE, _COMPONENT = 1, 4
_CORE_SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 5: "memory", 6: "global",
                  7: "export", 9: "element", 10: "code", 11: "data"}  # fmt: skip


#: i32.const, i64.const, global.get: a data segment's offset expression.
_OFFSET_OPCODES = (0x41, 0x42, 0x23)


class Part(NamedTuple):
    module: int  # the core module's index in the component (depth-first), -1: the component's
    section: str  # "code", "data", "custom name", ...
    size: int


def _leb128(f: io.BytesIO) -> int:
    result = shift = 0
    while True:
        byte = f.read(1)[0]
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result


def _sections(data: bytes) -> list[tuple[int, bytes]]:
    f = io.BytesIO(data)
    f.seek(8)  # magic and version
    found = []
    while section := f.read(1):
        found.append((section[0], f.read(_leb128(f))))
    return found


def _section_name(section_id: int, body: bytes) -> str:
    if section_id != 0:
        return _CORE_SECTIONS.get(section_id, f"section {section_id}")
    f = io.BytesIO(body)
    return "custom " + f.read(_leb128(f)).decode("utf-8", "replace")


def parts(component: bytes) -> list[Part]:
    """Every section of every core module (nested components included), and the component's
    own sections other than modules, as one part each."""
    found: list[Part] = []

    def walk(data: bytes) -> None:
        for section_id, body in _sections(data):
            if section_id == _CORE_MODULE:
                index = len({p.module for p in found if p.module >= 0})
                for core_id, core_body in _sections(body):
                    found.append(Part(index, _section_name(core_id, core_body), len(core_body)))
            elif section_id == _COMPONENT:
                walk(body)
            else:
                found.append(Part(-1, f"component section {section_id}", len(body)))

    walk(component)
    return found


def _data_segments(body: bytes) -> list[bytes]:
    """The bytes of each segment of a core module's data section."""
    f = io.BytesIO(body)
    segments = []
    for _ in range(_leb128(f)):
        flags = _leb128(f)
        if flags == 2:  # active, with a memory index
            _leb128(f)
        if flags in (0, 2):  # the offset: i32.const, i64.const or global.get, then end
            if f.read(1)[0] not in _OFFSET_OPCODES:
                raise ValueError("a data segment offset that is not a constant")
            _leb128(f)  # (a signed LEB128 has the same length rule)
            if f.read(1) != b"\x0b":
                raise ValueError("a data segment offset of more than one instruction")
        segments.append(f.read(_leb128(f)))
    return segments


def zero_runs(component: bytes, at_least: int) -> int:
    """The bytes of the data segments of every core module that lie in runs of at least
    ``at_least`` zero bytes: what splitting the segments at those runs would take off the raw
    size (a fresh memory is zero already), less a few bytes per new segment header."""
    total = 0

    def walk(data: bytes) -> None:
        nonlocal total
        for section_id, body in _sections(data):
            if section_id == _CORE_MODULE:
                for core_id, core_body in _sections(body):
                    if core_id == 11:
                        for segment in _data_segments(core_body):
                            total += _zeros_in_runs(segment, at_least)
            elif section_id == _COMPONENT:
                walk(body)

    walk(component)
    return total


def _zeros_in_runs(segment: bytes, at_least: int) -> int:
    found, start = 0, 0
    while (start := segment.find(b"\0" * at_least, start)) >= 0:
        end = start + at_least
        while end < len(segment) and segment[end] == 0:
            end += 1
        found += end - start
        start = end
    return found
