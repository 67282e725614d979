"""Session fixtures every test area shares: example_project built ONCE by the real hook.

componentize-py builds take seconds and hundreds of MB each, so the example is built once per
session (``python -m build --wheel --no-isolation`` in a copy, with the plugin of this checkout)
and every later build in the session goes through the same build cache (``pywasm_build_env``),
so a build whose inputs did not change calls componentize-py no more.

Fixtures (all session-scoped):

* ``run_shared``: a folder every pytest-xdist worker of the run shares, and ``lock(name)``, a
  lock across those workers, so a build two workers need is done by one and reused by the other.
* ``pywasm_build_env``: environment for build subprocesses (a run-wide build cache).
* ``build_project``: run a real build of a project folder; returns the completed process.
* ``example_build``: the built copy of example_project (project dir, wheel, out-dir, log).
* ``example_wheel``: path of ``wasm_shop-0.1.0-py3-none-any.whl``.
* ``example_out_dir``: ``<copy>/dist/wasm``, one folder per component with ``<name>.wasm`` and
  ``<name>.wit``.
* ``fresh_example`` (function-scoped): a new copy of example_project to change and build;
  build it after ``example_build`` to reuse the session cache.
* ``copy_example``: ``copy_example(label)`` makes a new copy of example_project, for a changed
  example that a module- or session-scoped fixture builds once.
* ``example_site``: the wheel unpacked into a folder to put on ``sys.path`` (a pure wheel
  unpacked is installed): ``shop`` with ``shop/__wasm__/manifest.json``.
* ``readme_blocks``: the README's examples, by name (tests run each one as written).
* ``ctrl_c``: ``ctrl_c(script, *args)`` sends a real SIGINT to a host process in a guest loop;
  returns its output after the interrupt and how long the ``KeyboardInterrupt`` took.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs a fixed, reproducible set of generated examples, so a landing is never decided by the
# luck of a seed; local runs explore new examples every time (and keep failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PROJECT = REPO / "example_project"
README = REPO / "README.md"
#: A README example: a fenced block with ``<!-- readme-test: NAME -->`` on the line before it.
README_BLOCK = re.compile(
    r"<!-- readme-test: (?P<name>[\w-]+) -->\n```(?P<lang>\w+)\n(?P<body>.*?)```", re.S
)
#: What a copy of a project leaves out: earlier outputs.
LEFTOVER_NAMES = ("dist", "build", "__wasm__", "__pycache__")
BUILD_LEFTOVERS = shutil.ignore_patterns(*LEFTOVER_NAMES)

BuildProject = Callable[..., subprocess.CompletedProcess[str]]
CtrlC = Callable[..., tuple[list[str], float]]


@dataclass(frozen=True)
class ExampleBuild:
    project: Path  # the copy of example_project that was built (its out-dir is inside)
    wheel: Path
    out_dir: Path
    log: str  # the build's stdout and stderr


def copy_project(source: Path, dest: Path) -> Path:
    """A copy of a project folder without build outputs."""
    shutil.copytree(source, dest, ignore=BUILD_LEFTOVERS)
    return dest


@dataclass(frozen=True)
class RunShared:
    """A folder of this test run that all its pytest-xdist workers share (a session fixture
    runs once per worker), with locks across those workers."""

    root: Path

    @contextlib.contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Held by one worker at a time: the first builds, the next finds the result."""
        locks = self.root / "locks"
        locks.mkdir(exist_ok=True)
        with (locks / name).open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
            yield


@pytest.fixture(scope="session")
def run_shared(tmp_path_factory: pytest.TempPathFactory) -> RunShared:
    base = tmp_path_factory.getbasetemp()
    # A worker's basetemp is <run's basetemp>/popen-gwN; without xdist the run is one process.
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    shared = root / "shared"
    shared.mkdir(exist_ok=True)
    return RunShared(shared)


def tree_digest(root: Path, extra: Iterable[str] = ()) -> str:
    """A digest of a folder's files (names and bytes, build outputs left out) and ``extra``."""
    digest = hashlib.sha256(repr(sorted(extra)).encode())
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not set(relative.parts) & set(LEFTOVER_NAMES):
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


@pytest.fixture(scope="session")
def pywasm_build_env(run_shared: RunShared) -> dict[str, str]:
    """Environment for build subprocesses: the run's build cache (``XDG_CACHE_HOME``, shared by
    the xdist workers: entries are written atomically), so builds of unchanged inputs in any
    test reuse the components built before. Set ``PYWASM_TEST_CACHE_HOME`` to keep that cache
    across sessions while working on tests."""
    cache_home = os.environ.get("PYWASM_TEST_CACHE_HOME") or run_shared.root / "cache"
    return {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="session")
def build_project(pywasm_build_env: dict[str, str], run_shared: RunShared) -> BuildProject:
    """``build_project(project_dir, *args, check=True, cache_home=None, env=None)``: ``python
    -m build --no-isolation <args> -o <project>/dist <project>`` with this checkout's plugin and
    the session cache (or ``cache_home``'s), and ``env``'s variables. Returns the completed
    process (text output); ``check=False`` to inspect failures. Builds of the same files with
    the same arguments wait for each other across xdist workers, so the later one is served
    from the cache instead of running componentize-py again."""

    def run(
        project: Path,
        *args: str,
        check: bool = True,
        cache_home: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "build", "--no-isolation", *args]
        command += ["-o", str(project / "dist"), str(project)]
        env = {**pywasm_build_env, **(env or {})}
        if cache_home is not None:
            env["XDG_CACHE_HOME"] = str(cache_home)
        same_build = tree_digest(project, [*args, *(f"{k}={v}" for k, v in (env or {}).items())])
        with run_shared.lock(f"build-{same_build}"):
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if check and done.returncode != 0:
            pytest.fail(f"build of {project} failed:\n{done.stdout}\n{done.stderr}")
        return done

    return run


@pytest.fixture(scope="session")
def example_build(
    tmp_path_factory: pytest.TempPathFactory, build_project: BuildProject
) -> ExampleBuild:
    """example_project built once: wheel (from the source tree) and out-dir."""
    project = copy_project(EXAMPLE_PROJECT, tmp_path_factory.mktemp("example") / "project")
    done = build_project(project, "--wheel")
    (wheel,) = (project / "dist").glob("*.whl")
    return ExampleBuild(project, wheel, project / "dist" / "wasm", done.stdout + done.stderr)


@pytest.fixture(scope="session")
def example_wheel(example_build: ExampleBuild) -> Path:
    """The example's wheel (sidecar mode: ``shop/__wasm__/{store,codec,kernels}.wasm`` +
    manifest; kernels is built by the static compiler, the others by componentize-py)."""
    return example_build.wheel


@pytest.fixture(scope="session")
def example_out_dir(example_build: ExampleBuild) -> Path:
    """``dist/wasm`` of the built example: ``store/store.wasm``, ``store/store.wit``, and the
    same for ``codec`` and ``kernels``."""
    return example_build.out_dir


@pytest.fixture(scope="session")
def example_site(example_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example's wheel unpacked: prepend it to ``sys.path`` to import ``shop`` as
    installed (the runtime then finds ``shop/__wasm__/manifest.json``)."""
    site = tmp_path_factory.mktemp("example-site")
    with zipfile.ZipFile(example_wheel) as wheel:
        wheel.extractall(site)
    yield site


@pytest.fixture(scope="session")
def copy_example(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``copy_example(label)``: a new copy of example_project (no outputs), in a new folder."""
    return lambda label: copy_project(EXAMPLE_PROJECT, tmp_path_factory.mktemp(label) / "project")


@pytest.fixture
def fresh_example(tmp_path: Path) -> Path:
    """A new copy of example_project (no outputs) for a test to change and build."""
    return copy_project(EXAMPLE_PROJECT, tmp_path / "project")


@pytest.fixture(scope="session")
def readme_blocks() -> dict[str, str]:
    """Every marked example of README.md, by name, read at test time: the README cannot drift
    from what the tests run (tests/newcomer: the first screen, the project, its use and the
    checks; tests/command: the WASI command)."""
    return {m["name"]: m["body"] for m in README_BLOCK.finditer(README.read_text("utf-8"))}


def _ctrl_c(script: str, *args: str) -> tuple[list[str], float]:
    """Runs ``python -c script *args``, which prints ``spinning`` as its guest starts an endless
    loop and ``interrupted <time.monotonic()>`` when the KeyboardInterrupt comes; sends SIGINT
    once it spins. Returns the lines after ``interrupted`` and the latency in seconds (both
    processes read CLOCK_MONOTONIC)."""
    host = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )  # fmt: skip
    try:
        assert host.stdout is not None
        assert host.stdout.readline() == "spinning\n"
        time.sleep(0.5)  # inside the guest by now
        sent = time.monotonic()
        host.send_signal(signal.SIGINT)
        out, err = host.communicate(timeout=120)
    finally:
        host.kill()
    lines = out.splitlines()
    assert host.returncode == 0, err
    assert lines and lines[0].startswith("interrupted "), out + err
    return lines[1:], float(lines[0].split()[1]) - sent


@pytest.fixture(scope="session")
def ctrl_c() -> CtrlC:
    return _ctrl_c
