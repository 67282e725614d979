"""The one error the static backend raises for source it cannot compile."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SubsetError(Exception):
    """A construct outside the compiled subset (or a type error inside it), at ``file:line``.

    The build hook shows ``str(error)``; with ``backend = "auto"`` it is the reason for falling
    back to componentize-py."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"
