"""The one error the static backend raises for source it cannot compile."""

from __future__ import annotations

from hatch_pywasm.diagnostics import Diagnostic, PyWasmError


class SubsetError(PyWasmError):
    """A construct outside the compiled subset (or a type error inside it), at ``file:line``
    (and ``col`` when known): one diagnostic, in the format of every other.

    The build hook shows ``str(error)``; with ``backend = "auto"`` it is the reason for falling
    back to componentize-py."""

    def __init__(self, file: str, line: int, message: str, col: int = 0) -> None:
        super().__init__(Diagnostic(file, line, col, message))
        self.file, self.line, self.col, self.message = file, line, col, message

    def __reduce__(self) -> tuple[type, tuple[str, int, str, int]]:
        return type(self), (self.file, self.line, self.message, self.col)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SubsetError) and other.diagnostics == self.diagnostics

    def __hash__(self) -> int:
        return hash(self.diagnostics)
