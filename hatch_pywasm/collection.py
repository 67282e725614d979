"""What hatchling's file collection must and must not pick up in a project using the hook.

* Must not: the hook's own outputs in the source tree (``<package>/__wasm__/`` of editable
  builds, the out-dir). The wheel gets its components through ``force_include`` and the sdist
  ships sources only, whatever the project's VCS ignore files say; collected once more, the
  wheel would hold two files at one path (hatchling refuses) and the sdist ~19 MB per component.
* Must: the Python package each shipped ``__wasm__/`` belongs to: the runtime needs its classes
  (records, enums, exceptions), so a wheel with components and without their package cannot work.

Hatchling offers hooks no way to add exclusions; its builder config computes the exclusion spec
once (a cached property), so the hook replaces that value before the build collects files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pathspec

from hatch_pywasm.diagnostics import Diagnostic


def exclude_outputs(build_config: Any, root: Path, outputs: Iterable[Path]) -> list[str]:
    """Adds each output folder under ``root`` to ``build_config``'s exclusions; returns the
    patterns added (root-anchored, as hatchling's own are)."""
    patterns = []
    for folder in outputs:
        try:
            relative = folder.resolve().relative_to(root.resolve())
        except ValueError:
            continue  # outside the project: never collected
        patterns.append(f"/{relative.as_posix()}/")
    if patterns:
        extra = pathspec.GitIgnoreSpec.from_lines(patterns)
        current = build_config.exclude_spec
        build_config.__dict__["exclude_spec"] = extra if current is None else current + extra
    return patterns


def missing_packages(build_config: Any, root: Path, package_dirs: dict[str, Path]) -> list[str]:
    """The top-level packages (of ``package_dirs``: name -> folder in the source tree) whose
    ``__init__.py`` the wheel's file selection leaves out."""
    missing = []
    for name, folder in package_dirs.items():
        init = (folder / "__init__.py").resolve().relative_to(root.resolve()).as_posix()
        if not build_config.include_path(init, is_package=True):
            missing.append(name)
    return missing


def missing_packages_diagnostic(
    pyproject: str, missing: list[str], package_dirs: dict[str, Path]
) -> Diagnostic:
    """The error of a wheel that would leave out ``missing`` packages: what to set, and where."""
    root = Path(pyproject).parent.resolve()
    listed = ", ".join(
        f'"{package_dirs[m].resolve().relative_to(root).as_posix()}"' for m in missing
    )
    return Diagnostic(
        pyproject,
        0,
        0,
        f"[tool.hatch.build.targets.wheel]: the wheel would ship the components of "
        f"{', '.join(missing)} without the Python package itself (the runtime needs its "
        "classes); hatchling's file selection leaves it out",
        hint=f"set packages = [{listed}] in [tool.hatch.build.targets.wheel]",
    )
