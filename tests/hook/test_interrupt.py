"""Ctrl-C during a componentize-py build stops every process the build started, at once: the
build frontend, the hook's process and its worker processes (a real SIGINT, to the whole
process group as a terminal sends it, or to the hook's process alone). A hook process killed
outright (SIGKILL: no chance to clean up) takes its workers with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

#: What the hook's process (the build backend, started by the build frontend) runs.
HOOK = "_in_process.py"
#: How soon after the signal every process must be gone (a componentize-py build takes ~10 s
#: more on a quiet machine; waiting for it is what must not happen).
STOPPED_WITHIN = 5.0


def processes() -> dict[int, tuple[int, str, str]]:
    """Every process: pid -> (parent pid, start time, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":  # a zombie has ended
            found[int(entry.name)] = (int(fields[1]), fields[19], command)
    return found


def descendants(root: int) -> dict[int, tuple[int, str, str]]:
    table = processes()
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, info in table.items():
            if info[0] == parent and pid not in found:
                found[pid] = info
                frontier.append(pid)
    return found


@pytest.mark.parametrize(
    ("target", "signum"),
    [("group", signal.SIGINT), ("hook", signal.SIGINT), ("hook", signal.SIGKILL)],
    ids=["ctrl-c", "sigint-to-the-hook", "sigkill-to-the-hook"],
)
def test_ctrl_c_during_a_componentize_build_stops_every_process(
    fresh_example: Path,
    pywasm_build_env: dict[str, str],
    tmp_path: Path,
    target: str,
    signum: signal.Signals,
) -> None:
    env = {**pywasm_build_env, "XDG_CACHE_HOME": str(tmp_path / "cache")}  # nothing cached
    command = [sys.executable, "-m", "build", "--no-isolation", "--wheel", str(fresh_example)]
    build = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    started: dict[int, tuple[int, str, str]] = {}
    try:
        deadline = time.monotonic() + 120
        while not (hook := workers_parent(descendants(build.pid))):
            assert build.poll() is None and time.monotonic() < deadline, "no worker started"
            time.sleep(0.2)
        time.sleep(1)  # componentize-py is at work
        started = {build.pid: processes()[build.pid], **descendants(build.pid)}
        signalled = time.monotonic()
        if target == "group":
            os.killpg(build.pid, signum)
        else:
            os.kill(hook, signum)
        deadline = signalled + STOPPED_WITHIN
        while (left := alive(started)) and time.monotonic() < deadline:
            build.poll()  # reaps the frontend when it has ended
            time.sleep(0.2)
        assert list(left.values()) == []
        assert build.wait(timeout=1) != 0
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        for pid in alive(started):
            os.kill(pid, signal.SIGKILL)


def workers_parent(found: dict[int, tuple[int, str, str]]) -> int | None:
    """The hook's process once it has started a worker process, else None."""
    hooks = [p for p, (_, _, c) in found.items() if HOOK in c]
    return next((h for h in hooks if any(parent == h for parent, _, _ in found.values())), None)


def alive(started: dict[int, tuple[int, str, str]]) -> dict[int, str]:
    """Which of ``started`` still run (the same pid and start time): pid -> command line."""
    now = processes()
    return {p: c for p, (_, t, c) in started.items() if p in now and now[p][1] == t}
