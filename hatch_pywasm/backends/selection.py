"""Which backend builds a component, from its ``backend`` option and its sources.

``auto`` takes the static compiler when every exported function, and everything it reaches, is
in the compiled subset, else componentize-py; ``static`` makes a construct outside the subset an
error; ``componentize`` never looks at the subset. The choice comes with a reason for the build
log: for a fallback, ``file:line`` of the first construct outside the subset, or the failure of
a static compile of code inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pywasm_runtime import manifest, model

from hatch_pywasm.backends import BackendError, static
from hatch_pywasm.config import Backend


@dataclass(frozen=True)
class Choice:
    backend: manifest.Backend
    reason: str  # why, as the build log says it
    # The static backend's component from the trial compile: the build stores it (the build
    # cache permitting) instead of compiling again.
    static_wasm: bytes | None = field(default=None, repr=False)


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
    try:
        problems = [str(p) for p in static.check_subset(component, sources)]
    except Exception as exc:
        # A crash of the (young) static compiler must not break a build that componentize-py
        # can do: "auto" falls back, naming it; "static" reports it as the failure.
        problems = [_crash(exc)]
    compiled = None
    if not problems and trial:
        try:
            compiled = static.compile_component(component, sources)
        except Exception as exc:
            problems = [_crash(exc)]
    if not problems:
        reason = f'backend = "{wanted}": every export is in the compiled subset'
        return Choice("static", reason, compiled)
    if wanted == "static":
        raise BackendError(
            f'component {component.name!r} (backend = "static"): {problems[0]}; '
            'use backend = "auto" to fall back to componentize-py'
        )
    return Choice("componentize", f'backend = "auto", falling back: {problems[0]}')


def _crash(exc: Exception) -> str:
    return f"the static compiler failed ({type(exc).__name__}: {exc}), please report it"


def describe(name: str, choice: Choice) -> str:
    """The build log's line for one component's choice."""
    label = {"static": "the static compiler", "componentize": "componentize-py"}[choice.backend]
    return f"{name}: {label} ({choice.reason})"
