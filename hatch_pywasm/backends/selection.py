"""Which backend builds a component, from its ``backend`` option and its sources.

``auto`` takes the static compiler when every exported function, and everything it reaches, is
in the compiled subset, else componentize-py; ``static`` makes a construct outside the subset an
error; ``componentize`` never looks at the subset. The choice comes with a reason for the build
log: for a fallback, ``file:line`` of the first construct outside the subset, or the failure of
a static compile of code inside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pywasm_runtime import manifest, model

from hatch_pywasm.backends import BackendError, backend, static
from hatch_pywasm.config import Backend
from hatch_pywasm.diagnostics import CONFIG_FILE, Diagnostic


@dataclass(frozen=True)
class Choice:
    backend: manifest.Backend
    reason: str  # why, as the build log says it
    # The static backend's component from the trial compile: the build stores it (the build
    # cache permitting) instead of compiling again.
    static_wasm: bytes | None = field(default=None, repr=False)
    # False when the outcome may differ next time (the static compiler crashed): not cached.
    remember: bool = field(default=True, compare=False)

    def to_json(self) -> str:
        """The choice as the build cache keeps it (without the component)."""
        return json.dumps({"backend": self.backend, "reason": self.reason})

    @classmethod
    def from_json(cls, text: str) -> Choice | None:
        """A choice the build cache kept; None when the text is not one (a damaged entry)."""
        try:
            found = json.loads(text)
            backend, reason = found["backend"], found["reason"]
        except (ValueError, TypeError, KeyError):
            return None
        if backend not in ("static", "componentize") or not isinstance(reason, str):
            return None
        return cls(backend, reason)


def choose(
    wanted: Backend, component: model.Component, project_root: Path, *, trial: bool = True
) -> Choice:
    """The backend for ``component`` (analysed from sources under ``project_root``). Raises
    BackendError when ``wanted`` is ``static`` and the sources are outside the subset.

    With ``trial`` (the build hook), the component is also compiled once the subset check passes:
    when that fails (a compiler bug, wasm-tools), ``auto`` falls back to componentize-py naming
    the failure, and ``static`` raises BackendError; the compiled component comes with the
    choice, so the build does not compile again. ``python -m hatch_pywasm check`` passes False:
    it reports without building."""
    if wanted == "componentize":
        return Choice("componentize", 'backend = "componentize"')
    sources = static.read_sources(project_root, component)
    problems: list[static.SubsetError | str]  # the reason at file:line, or a compiler crash
    try:
        problems = [*static.check_subset(component, sources)]
    except Exception as exc:
        # A crash of the (young) static compiler must not break a build that componentize-py
        # can do: "auto" falls back, naming it; "static" reports it as the failure.
        problems = [_crash(exc)]
    compiled, crashed = None, bool(problems and isinstance(problems[0], str))
    if not problems and trial:
        try:
            compiled = static.compile_component(component, sources)
        except Exception as exc:
            problems, crashed = [_crash(exc)], True
    if not problems:
        reason = f'backend = "{wanted}": every export is in the compiled subset'
        return Choice("static", reason, compiled)
    if wanted == "static":
        raise BackendError(_unmet(component.name, problems[0]))
    reason = f'backend = "auto", falling back: {problems[0]}'
    return Choice("componentize", reason, remember=not crashed)


def _unmet(name: str, problem: static.SubsetError | str) -> Diagnostic:
    """``backend = "static"`` cannot be met: at the construct outside the subset (or, for a
    compiler crash, the component's configuration)."""
    hint = 'use backend = "auto" to fall back to componentize-py'
    unmet = f'component {name!r} (backend = "static")'
    if isinstance(problem, str):
        return Diagnostic(CONFIG_FILE, 0, 0, f"{unmet}: {problem}", hint=hint)
    message = f"{unmet}: {problem.message}"
    return Diagnostic(problem.file, problem.line, problem.col, message, hint=hint)


def _crash(exc: Exception) -> str:
    return f"the static compiler failed ({type(exc).__name__}: {exc}), please report it"


def describe(name: str, choice: Choice) -> str:
    """The build log's line for one component's choice."""
    return f"{name}: {backend(choice.backend).label} ({choice.reason})"
