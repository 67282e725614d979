"""``python -m hatch_pywasm``: what a build would generate, without building.

* ``wit [PROJECT_DIR]`` prints the WIT of every configured component.
* ``check [PROJECT_DIR]`` reports every problem a build would report (configuration,
  annotations, WIT, placement, and a ``backend = "static"`` component outside the compiled
  subset, with file:line) at once, without building: it runs the build's own pipeline
  (:mod:`hatch_pywasm.pipeline`) short of compiling.
* ``schema`` prints the JSON Schema of the hook table (for editors and validate-pyproject).

``wit`` and ``check`` exit with 1 when the project has a problem (listed on stderr), 2 on a
usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hatch_pywasm import pipeline, schema
from hatch_pywasm.config import read_project_config
from hatch_pywasm.diagnostics import PyWasmError


def _check(project_dir: Path, *, backends: bool) -> list[pipeline.Analysed]:
    """The build's own stages short of compiling (a build would fail the same way); with
    ``backends``, the backend selection's subset check too."""
    project, config = read_project_config(project_dir)
    if backends:
        return list(pipeline.check(project, config).components)
    return pipeline.analyse(project, config)[0]


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
    commands.add_parser("schema", help="print the JSON Schema of the hook table")
    args = parser.parse_args(argv)
    if args.command == "schema":
        print(schema.schema_text(), end="")
        return 0
    try:
        analysed = _check(args.project_dir.resolve(), backends=args.command == "check")
    except PyWasmError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.diagnostics)} problem(s) found", file=sys.stderr)
        return 1
    texts = [(item.component, item.wit) for item in analysed]
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
