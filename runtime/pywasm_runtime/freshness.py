"""Editable installs stay live: before a component of an editable build is first loaded in a
process, the files that went into it are compared (modification times) with those its build
recorded in ``__wasm__/editable.json``. When one changed, the project is rebuilt through
hatch-pywasm (``hatch_pywasm.editable.rebuild``: a static component in about a second,
componentize-py ones with progress messages on stderr), or, when rebuilding is turned off or
hatch-pywasm cannot be imported here, a :class:`StaleComponentWarning` says what to do.

Installed wheels have no ``editable.json``: for them the check is one failed ``stat``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

EDITABLE_FILE = "editable.json"
#: ``HATCH_PYWASM_EDITABLE_REBUILD=0``: never rebuild, warn instead (the project's
#: ``editable-rebuild = false`` says the same; the hook's config model reads this variable
#: for that option at build time, this module at import time).
REBUILD_ENV = "HATCH_PYWASM_EDITABLE_REBUILD"
_OFF = ("0", "false", "no", "off")


class StaleComponentWarning(UserWarning):
    """A component of an editable install is older than its sources."""


def changed_sources(wasm_dir: Path, component: str) -> tuple[dict, list[str]] | None:
    """The editable record and the sources of ``component`` that changed since its build;
    None for a folder that is not an editable build's."""
    try:
        text = (wasm_dir / EDITABLE_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    record = json.loads(text)
    changed = []
    for path, mtime in record["components"].get(component, {}).items():
        try:
            if os.stat(path).st_mtime_ns != mtime:  # noqa: PTH116 (no Path: ~1 us per file)
                changed.append(path)
        except FileNotFoundError:
            changed.append(path)
    return record, changed


def ensure_fresh(wasm_dir: Path, component: str) -> bool:
    """Rebuilds (or warns about) ``component`` of an editable build if a source changed;
    True when it was rebuilt (the caller reads the manifest again)."""
    found = changed_sources(wasm_dir, component)
    if found is None or not found[1]:
        return False
    record, changed = found
    names = ", ".join(Path(p).name for p in changed)
    project = record["project"]
    setting = os.environ.get(REBUILD_ENV, "").strip().lower()  # set, it wins over the record
    if not (setting not in _OFF if setting else record.get("rebuild", True)):
        _warn(f"component {component!r} is older than {names}: rebuild it (pip install -e "
              f"{project}) or it runs the old code")  # fmt: skip
        return False
    try:
        from hatch_pywasm import editable  # the build tool, only when there is work for it
    except ImportError:
        _warn(f"component {component!r} is older than {names}, and hatch-pywasm is not "
              f"installed here to rebuild it: pip install hatch-pywasm, or rebuild with "
              f"pip install -e {project}")  # fmt: skip
        return False
    print(f"[pywasm] {names} changed since component {component!r} was built: rebuilding "
          f"{project}", file=sys.stderr, flush=True)  # fmt: skip
    editable.rebuild(Path(project))
    return True


def _warn(message: str) -> None:
    import warnings

    warnings.warn(message, StaleComponentWarning, stacklevel=4)
