"""``python -m pywasm_runtime inspect X.wasm``, ``call X.wasm iface.func ARGS_JSON`` and
``run X.wasm [--dir HOST[::GUEST]] [--timeout S] [--fuel N] [--memory BYTES] -- ARGS``.

``call`` takes the arguments as a JSON array (positional) or object (by name); records are JSON
objects, enums strings, flags arrays of names, variants ``{"case": payload}``, bytes arrays of
ints. The result is printed as JSON. A component inside a built package (a ``manifest.json``
next to it lists the file) is decoded with its model; any other with its own types.

``run`` runs a WASI command component (``wasi:cli/run``) with ARGS, this process's stdin and
stdout, the limits given and only the directories granted; it exits with the command's status.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pywasm_runtime import command, component, describe, errors, exports, manifest
from pywasm_runtime.limits import DEFAULT_MEMORY, Limits


def _load(path: Path) -> component.Component:
    listing = path.parent / manifest.MANIFEST_NAME
    if listing.is_file():
        for entry in manifest.read(listing).components:
            if entry.file == path.name:
                return component.load(path, spec=entry.model, sha256=entry.sha256)
    return component.load(path)


def guest_python(path: Path) -> str:
    """The guest's Python: a componentize-py component embeds CPython, whose ``sys.version``
    text is in the file (``3.14.0 (main, ...) [Clang ... wasi-sdk ...``); a static-backend
    component has no interpreter. Read from the bytes, so nothing of the guest runs."""
    found = _SYS_VERSION.search(path.read_bytes())
    if found is None:
        return "no Python interpreter (compiled ahead of time, e.g. by the static backend)"
    return f"CPython {found[1].decode()} (wasm32-wasi), whatever Python the host runs"


_SYS_VERSION = re.compile(rb"(3\.\d+\.\d+[a-z0-9]*) \(main, [^)\x00]*\) \[Clang [^\]\x00]*wasi")


def _inspect(path: Path) -> str:
    loaded = _load(path)
    lines = [f"component {path}", f"guest: {guest_python(path)}"]
    for title, interfaces in (("exports", loaded.exports()), ("imports", loaded.imports())):
        lines.append(f"{title}:")
        lines.extend(describe.interface(i) for i in interfaces)
        if not interfaces:
            lines.append("  (none)")
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _jsonable(v) for k, v in value._asdict().items()}
    if isinstance(value, enum.Flag):
        return [member.name for member in type(value) if member in value]
    if isinstance(value, enum.Enum):
        return value.name if not isinstance(value, str) else str(value)
    if isinstance(value, bytes):
        return list(value)
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _call(path: Path, target: str, raw_args: str) -> Any:
    try:
        args = json.loads(raw_args)
    except json.JSONDecodeError as exc:
        raise SystemExit(f"ARGS_JSON is not JSON ({exc}); expected an array or an object") from None
    if not isinstance(args, list | dict):
        raise SystemExit(f"ARGS_JSON must be a JSON array or object, got {raw_args!r}")
    interface_name, _, function = target.rpartition(".")
    loaded = _load(path)
    interface = exports.find(loaded.exports(), interface_name or exports.WORLD)
    info = interface.function(function)
    func = getattr(loaded.instantiate().interface(interface.id), info.python_name)
    result = func(*args) if isinstance(args, list) else func(**args)
    return _jsonable(result)


def _run(options: argparse.Namespace) -> int:
    dirs = {}
    for grant in options.dir:
        host, _, guest = grant.partition("::")
        dirs[guest or host] = host
    memory = DEFAULT_MEMORY if options.memory is None else options.memory
    limits = Limits(timeout=options.timeout, fuel=options.fuel, memory=memory)
    sys.stdout.flush()
    return command.run(
        options.component, options.args, stdin=command.INHERIT, dirs=dirs, limits=limits
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pywasm_runtime", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("inspect", help="show a component's exports and imports")
    show.add_argument("component", type=Path)
    run = commands.add_parser("call", help="call one exported function")
    run.add_argument("component", type=Path)
    run.add_argument(
        "function", help="interface.function (e.g. shapes.area), or a world-level name"
    )
    run.add_argument("args", nargs="?", default="[]", help="arguments as a JSON array or object")
    execute = commands.add_parser("run", help="run a WASI command component")
    execute.add_argument("component", type=Path)
    execute.add_argument(
        "--dir",
        action="append",
        default=[],
        metavar="HOST[::GUEST]",
        help="grant a host directory (seen as GUEST, default the same path); none by default",
    )
    execute.add_argument("--timeout", type=float, help="seconds of wall-clock time")
    execute.add_argument("--fuel", type=int, help="wasmtime fuel units (~instructions)")
    execute.add_argument(
        "--memory", type=int, help=f"bytes of linear memory (default {DEFAULT_MEMORY})"
    )
    execute.add_argument("args", nargs="*", help="the command's arguments (after --)")
    argv = list(sys.argv[1:] if argv is None else argv)
    passed: list[str] = []
    if argv[:1] == ["run"] and "--" in argv:
        # Everything after -- is the command's, options look-alikes too.
        argv, passed = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    options = parser.parse_args(argv)
    if options.command == "run":
        options.args += passed
    try:
        if options.command == "inspect":
            print(_inspect(options.component))
        elif options.command == "run":
            return _run(options)
        else:
            print(json.dumps(_call(options.component, options.function, options.args)))
    except (
        OSError,
        AttributeError,
        LookupError,
        TypeError,
        ValueError,
        errors.GuestError,
        errors.Trap,
    ) as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the guest was interrupted; a shell's status for it
        return 128 + signal.SIGINT
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
