"""The one error the static backend raises for source it cannot compile."""

from __future__ import annotations


class SubsetError(Exception):
    """A construct outside the compiled subset (or a type error inside it), at ``file:line``.

    The build hook shows ``str(error)``; with ``backend = "auto"`` it is the reason for falling
    back to componentize-py. (A plain class: an exception must accept ``__traceback__``.)"""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(file, line, message)
        self.file, self.line, self.message = file, line, message

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SubsetError) and other.args == self.args

    def __hash__(self) -> int:
        return hash(self.args)
