"""Finding and running jco, the tool that turns a WebAssembly component into an ES module."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from hatch_pywasm.diagnostics import PyWasmError

#: The jco the glue is made and tested with (the repo's package-lock.json pins the same).
JCO_VERSION = "1.35.0"
#: The WASI shim the transpiled glue imports (`@bytecodealliance/preview2-shim/<name>`).
PREVIEW2_SHIM_VERSION = "0.26.1"
#: The option that names a jco command, for messages.
CONFIG_KEY = "tool.hatch.build.hooks.pywasm.jco"
#: A transpile takes seconds; npx's first run also downloads jco (~140 packages).
TIMEOUT_SECONDS = 900


class JcoError(PyWasmError):
    """jco is missing, or it failed on a component."""


def find_jco(jco_command: str | None) -> list[str]:
    """The command that runs jco: the configured command, a ``jco`` on PATH, else the pinned
    release through ``npx`` (which needs Node.js; it downloads jco once into npm's cache)."""
    if jco_command is not None:
        command = shlex.split(jco_command)
        if not command or shutil.which(command[0]) is None:
            raise JcoError(
                f"{CONFIG_KEY} = {jco_command!r}: {command[0] if command else 'an empty command'}"
                " is not an executable; expected a command that runs jco, e.g."
                " 'node_modules/.bin/jco' or 'npx --yes @bytecodealliance/jco@"
                f"{JCO_VERSION}'"
            )
        return command
    on_path = shutil.which("jco")
    if on_path is not None:
        return [on_path]
    npx = shutil.which("npx")
    if npx is None:
        raise JcoError(
            "JS glue (js = true) needs jco, which runs on Node.js: install Node.js 20 or newer"
            " (it provides npx; on Debian/Ubuntu: apt-get install nodejs npm), or install jco"
            f" (npm install -g @bytecodealliance/jco@{JCO_VERSION}), or set {CONFIG_KEY} to a"
            " command that runs it"
        )
    return [npx, "--yes", f"@bytecodealliance/jco@{JCO_VERSION}"]


def transpile(
    jco: list[str], component_file: Path, out_dir: Path, *, name: str, import_map: Mapping[str, str]
) -> None:
    """Writes ``<name>.js``, ``<name>.d.ts``, the core modules and ``interfaces/*.d.ts`` of
    ``component_file`` into ``out_dir``. ``import_map`` sends the component's own (non-WASI)
    imports to JS modules (``"ns:pkg/iface" -> "../module.js#export"``)."""
    maps = [arg for spec, target in import_map.items() for arg in ("--map", f"{spec}={target}")]
    command = [*jco, "transpile", str(component_file), "-o", str(out_dir), "--name", name]
    # --minify: the glue shrinks by a third and loads faster; -q: no size table on stdout.
    command += ["--minify", "-q", *maps]
    # npx asks before installing unless --yes; CI=1 also keeps npm from prompting elsewhere.
    env = {**os.environ, "CI": "1"}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=TIMEOUT_SECONDS, check=False
        )
    except OSError as error:
        raise JcoError(f"cannot run jco ({shlex.join(jco)}): {error}") from error
    except subprocess.TimeoutExpired as error:
        raise JcoError(
            f"jco did not finish within {TIMEOUT_SECONDS} s on {component_file}:"
            f" {shlex.join(command)}"
        ) from error
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()
        raise JcoError(
            f"jco failed on {component_file} (exit {done.returncode}): {shlex.join(command)}\n"
            f"{output}"
        )
