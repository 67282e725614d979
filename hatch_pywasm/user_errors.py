"""The errors that mean a problem in the user's project, not in hatch-pywasm: builds and the
CLI show them as diagnostics (file:line, what, hint), never as a traceback."""

from __future__ import annotations

from hatch_pywasm.backends import BackendError
from hatch_pywasm.backends.componentize.adapter import AdapterError
from hatch_pywasm.config import ConfigError
from hatch_pywasm.diagnostics import DiagnosticError
from hatch_pywasm.js.jco import JcoError
from hatch_pywasm.placement import PlacementError
from hatch_pywasm.wit import WitError

#: Errors in the user's project (configuration, sources, what a backend or jco reported):
#: shown as diagnostics, not as a traceback.
USER_ERRORS = (
    ConfigError,
    DiagnosticError,
    BackendError,
    PlacementError,
    WitError,
    AdapterError,
    JcoError,
)
