"""``python -m hatch_pywasm``: what a build would generate, without building.

* ``wit [PROJECT_DIR]`` prints the WIT of every configured component.
* ``check [PROJECT_DIR]`` reports every problem (configuration, annotations, WIT, and a
  ``backend = "static"`` component outside the compiled subset, with file:line) at once,
  without building.

Both exit with 1 when the project has a problem (listed on stderr), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pywasm_runtime import model

from hatch_pywasm import frontend, wit
from hatch_pywasm.backends import BackendError, selection
from hatch_pywasm.config import BuildConfig, ConfigError, read_project_config
from hatch_pywasm.diagnostics import Diagnostic, DiagnosticError


@dataclass(frozen=True)
class _Analysis:
    root: Path
    config: BuildConfig
    texts: list[tuple[model.Component, str]]  # each component with its WIT


def _analyse(project_dir: Path) -> _Analysis:
    texts = []
    problems = []
    project, config = read_project_config(project_dir)
    components = frontend.analyze_components(
        project.root,
        config.components,
        namespace=config.namespace,
        package=config.package,
        version=project.version,
    )
    for component in components:
        text = wit.render(component)
        try:
            wit.validate(text)
        except wit.WitError as error:  # a frontend bug or a WIT limit the frontend missed
            message = f"generated WIT of component {component.name!r} is invalid: {error}"
            problems.append(Diagnostic("pyproject.toml", 0, 0, message))
        texts.append((component, text))
    if problems:
        raise DiagnosticError(problems)
    return _Analysis(project.root, config, texts)


def _backend_problems(analysis: _Analysis) -> list[str]:
    """Why a ``backend = "static"`` component cannot be compiled (the build would fail the
    same way), found by the build's own backend selection, without compiling anything."""
    problems = []
    for spec, (component, _) in zip(analysis.config.components, analysis.texts, strict=True):
        try:
            selection.choose(spec.backend, component, analysis.root, trial=False)
        except BackendError as error:
            problems.append(str(error))
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hatch_pywasm", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("wit", "print the WIT a build would generate"),
        ("check", "report every problem of the project; exit 1 on any"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("project_dir", nargs="?", default=".", type=Path)
    args = parser.parse_args(argv)
    try:
        analysis = _analyse(args.project_dir.resolve())
    except (ConfigError, DiagnosticError) as error:
        print(error, file=sys.stderr)
        count = len(error.diagnostics) if isinstance(error, DiagnosticError) else 1
        print(f"{count} problem(s) found", file=sys.stderr)
        return 1
    texts = analysis.texts
    if args.command == "check" and (problems := _backend_problems(analysis)):
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    if args.command == "wit":
        for index, (component, text) in enumerate(texts):
            if len(texts) > 1:  # several packages: say which is which
                print(f"{'' if index == 0 else chr(10)}// component {component.name}")
            print(text, end="")
    else:
        interfaces = sum(len(c.exports) + len(c.imports) for c, _ in texts)
        print(f"ok: {len(texts)} component(s), {interfaces} interface(s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader stopped early (``wit | head``): not an error. Point stdout at devnull so the
        # interpreter's final flush does not raise again (the recipe in Python's signal docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
