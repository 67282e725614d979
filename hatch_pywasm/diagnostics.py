"""Problems found in a user's project, each pointing at a place in its source.

Every stage that checks user input collects :class:`Diagnostic` values instead of stopping at
the first, and raises one :class:`DiagnosticError` carrying all of them, so one run reports
every problem of a build.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is (``file:line:col``), what it is about, and how to fix it."""

    file: str  # path as the user should see it (relative to the project root when possible)
    line: int  # 1-based; 0 when the problem is about the file as a whole
    col: int  # 1-based, as editors count
    message: str
    function: str = ""  # the function or method concerned, e.g. "area" or "Counter.incr"
    parameter: str = ""  # the parameter concerned; "return" for the return annotation
    hint: str = ""  # what would be accepted instead

    def format(self) -> str:
        """``file:line:col: [in function f, parameter p: ]message (hint: ...)``."""
        where = []
        if self.function:
            where.append(f"function {self.function!r}")
        if self.parameter:
            where.append(f"parameter {self.parameter!r}")
        context = f"in {', '.join(where)}: " if where else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.col}: {context}{self.message}{hint}"


class DiagnosticError(Exception):
    """Every problem of one run, sorted by place; ``str()`` lists one per line."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(set(diagnostics)))
        if not self.diagnostics:
            raise ValueError("DiagnosticError needs at least one diagnostic")
        super().__init__("\n".join(d.format() for d in self.diagnostics))
