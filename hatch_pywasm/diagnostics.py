"""Problems found in a user's project, each pointing at a place in it, and the one root of the
errors hatch-pywasm raises for them.

Every stage that checks user input collects :class:`Diagnostic` values instead of stopping at
the first, and raises one :class:`PyWasmError` (a subclass naming the stage) carrying all of
them, so one run reports every problem of a build, each in the same ``file:line:col: message``
format.
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
        """``file:line:col: [in function f, parameter p: ]message (hint: ...)``; the line and
        column are left out when not known (0): ``file:line: ...``, ``file: ...``."""
        where = []
        if self.function:
            where.append(f"function {self.function!r}")
        if self.parameter:
            where.append(f"parameter {self.parameter!r}")
        context = f"in {', '.join(where)}: " if where else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        place = "".join(f":{n}" for n in (self.line, self.col) if n)
        if self.col and not self.line:
            place = f":0:{self.col}"
        return f"{self.file}{place}: {context}{self.message}{hint}"


#: Where problems of a component as a whole point (its configuration).
CONFIG_FILE = "pyproject.toml"

Problem = Diagnostic | str


class PyWasmError(Exception):
    """The root of every error hatch-pywasm reports to a user: one or more diagnostics, sorted
    by place; ``str()`` lists one per line. A plain message stands for a problem of the
    configured project as a whole (a :data:`CONFIG_FILE` diagnostic without a line)."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        items = [problems] if isinstance(problems, Diagnostic | str) else list(problems)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            sorted({Diagnostic(CONFIG_FILE, 0, 0, p) if isinstance(p, str) else p for p in items})
        )
        if not self.diagnostics:
            raise ValueError(f"{type(self).__name__} needs at least one diagnostic")
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self) -> tuple[type, tuple[tuple[Diagnostic, ...]]]:
        # Raised in build worker processes and pickled back: rebuilt from its diagnostics.
        return type(self), (self.diagnostics,)


class DiagnosticError(PyWasmError):
    """Problems in a project's sources (the frontend's)."""
