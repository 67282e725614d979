"""What a component consists of: its core modules and, inside each, the sections that matter
(code, data: componentize-py's memory snapshot, names), with their bytes. For the sizes suite's
breakdown of the componentize-py component (issue 18)."""

from __future__ import annotations

import io
from typing import NamedTuple

_CORE_MODULE, _COMPONENT = 1, 4
_CORE_SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 5: "memory", 6: "global",
                  7: "export", 9: "element", 10: "code", 11: "data"}  # fmt: skip


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
