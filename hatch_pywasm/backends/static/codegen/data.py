"""Static data: bytes placed in memory at DATA_BASE (strings, str literals, error records, the
return area, the allocator's free-list heads), and constants of the memory layout."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

from ..types import NONE, Type, wasm_type

DATA_BASE = 16
#: Size classes of the heap allocator (support/alloc.wat): blocks of 16 B to 2 GiB.
ALLOC_CLASSES = 28
#: Zero bytes kept inside a data segment rather than starting a new one (a segment's header
#: costs about as much).
_ZERO_GAP = 7


@dataclass
class StaticData:
    """Bytes placed in memory at DATA_BASE: interned strings and error records."""

    content: bytearray = field(default_factory=bytearray)
    strings: dict[str, int] = field(default_factory=dict)
    errors: dict[tuple[str | int, ...], int] = field(default_factory=dict)  # and frame records
    tables: dict[str, int] = field(default_factory=dict)  # the math library's, by name

    def allocate(self, size: int, align: int) -> int:
        while (DATA_BASE + len(self.content)) % align:
            self.content.append(0)
        address = DATA_BASE + len(self.content)
        self.content += bytes(size)
        return address

    def string(self, text: str) -> tuple[int, int]:
        encoded = text.encode()
        if text not in self.strings:
            self.strings[text] = DATA_BASE + len(self.content)
            self.content += encoded
        return self.strings[text], len(encoded)

    def str_object(self, text: str | bytes) -> int:
        """A str (or bytes) literal as a static str object: [byte length: i32][UTF-8 bytes]."""
        encoded = text if isinstance(text, bytes) else text.encode()
        address = self.allocate(4 + len(encoded), 4)
        offset = address - DATA_BASE
        self.content[offset : offset + 4 + len(encoded)] = struct.pack("<I", len(encoded)) + encoded
        return address

    def words(self, name: str, values: tuple[int, ...]) -> int:
        """A table of 64-bit words (little-endian, 8-aligned), placed once per name."""
        if name not in self.tables:
            address = self.allocate(8 * len(values), 8)
            packed = struct.pack(f"<{len(values)}q", *values)
            offset = address - DATA_BASE
            self.content[offset : offset + len(packed)] = packed
            self.tables[name] = address
        return self.tables[name]

    def struct_object(self, slots: tuple[int, ...]) -> int:
        """A tuple of constants as a static block of 8-byte slots (each slot's bits), placed
        once per content: a tuple cannot change, so every evaluation may share it."""
        return self.words(f"tuple.{slots}", slots)

    def frame_info(self, file: str, function: str) -> int:
        """A function's traceback frame: the text before and after its line number (a 16-byte
        record of two (pointer, length) pairs; support/traceback.wat renders it)."""
        function = function.split("@", 1)[0]  # a specialisation's (f@x=int): its function's
        function = function.removesuffix(".setter").rsplit(".", 1)[-1]  # "Class.name": "name"
        key = ("frame", file, function)
        if key not in self.errors:
            fields = (*self.string(f'  File "{file}", line '), *self.string(f", in {function}\n"))
            address = self.allocate(16, 4)
            self.content[address - DATA_BASE : address - DATA_BASE + 16] = struct.pack(
                "<4I", *fields
            )
            self.errors[key] = address
        return self.errors[key]

    def error_record(self, exception: str, message: str, arguments: int = 1) -> int:
        """A 24-byte record: (pointer, length) of the type name, the message, and the last line
        of the traceback (``ValueError: message``), as componentize-py's layout ends. An
        exception raised with no argument (``arguments`` 0: its args is ()) has a message
        pointer of 0, which ``e.args`` tells from an empty message (support/exc.wat)."""
        key = (exception, message, arguments)
        if key not in self.errors:
            name = exception.removeprefix("builtins.")
            last = f"{name}: {message}\n" if message else f"{name}\n"
            text = self.string(message) if arguments or message else (0, 0)
            fields = (*self.string(exception), *text, *self.string(last))
            address = self.allocate(24, 4)
            self.content[address - DATA_BASE : address - DATA_BASE + 24] = struct.pack(
                "<6I", *fields
            )
            self.errors[key] = address
        return self.errors[key]

    @property
    def end(self) -> int:
        return DATA_BASE + len(self.content)

    def segments(self) -> list[str]:
        """Data segments of the non-zero bytes only: memory starts zeroed, and the zero areas
        (free-list heads, traceback frames, the return area) would be a third of the data."""
        found = []
        for run in re.finditer(rb"[^\0](?:[^\0]|\0{1,%d}(?=[^\0]))*" % _ZERO_GAP, self.content):
            escaped = "".join(f"\\{b:02x}" for b in run.group())
            found.append(f'(data (i32.const {DATA_BASE + run.start()}) "{escaped}")')
        return found


def zero(t: Type) -> str:
    return "" if t is NONE else f"{wasm_type(t)}.const 0"


def float_literal(value: float) -> str:
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return value.hex()


def function_name(module: str, name: str) -> str:
    return f"${module}.{name}"
