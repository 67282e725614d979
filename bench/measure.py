"""Timing: repeated runs summarised as median, min and max."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class BenchError(RuntimeError):
    """A step of the benchmark failed (a build, a subprocess): the message says which."""


@dataclass(frozen=True)
class Sample:
    """Repeated measurements of one quantity."""

    median: float
    min: float
    max: float
    runs: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Sample:
        if not values:
            raise ValueError("a sample needs at least one measurement")
        return cls(statistics.median(values), min(values), max(values), len(values))

    def scaled(self, factor: float) -> Sample:
        """The same sample in another unit (seconds to microseconds, say)."""
        return Sample(self.median * factor, self.min * factor, self.max * factor, self.runs)


def seconds_of(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def repeat(action: Callable[[], Any], repeats: int) -> Sample:
    """Wall time of ``action``, run ``repeats`` times."""
    return Sample.of([seconds_of(action) for _ in range(repeats)])


def per_call(call: Callable[[], Any], repeats: int, min_seconds: float) -> Sample:
    """Seconds per call of ``call``: each repetition runs it in a loop long enough
    (``min_seconds``) for the clock's resolution and the loop not to matter."""
    loops = _calibrated(call, min_seconds)
    return Sample.of([_loop(call, loops) / loops for _ in range(repeats)])


def per_call_in_turn(
    calls: Mapping[str, Callable[[], Any]], repeats: int, min_seconds: float
) -> dict[str, Sample]:
    """:func:`per_call` of each of ``calls``, their repetitions taken in turn (a loop of each,
    then the next round): a change of the machine's state while they are measured (another
    process, the CPU's clock) weighs on all of them alike, as a ratio between them needs."""
    loops = {name: _calibrated(call, min_seconds) for name, call in calls.items()}
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            times[name].append(_loop(call, loops[name]) / loops[name])
    return {name: Sample.of(values) for name, values in times.items()}


def _calibrated(call: Callable[[], Any], min_seconds: float) -> int:
    """How many calls of ``call`` take at least ``min_seconds``, after a warm-up call (first-call
    costs, lazy binding and caches, are the load suite's business)."""
    call()
    loops = 1
    while (elapsed := _loop(call, loops)) < min_seconds:
        loops = max(loops * 2, int(loops * min_seconds / max(elapsed, 1e-9)))
    return loops


def _loop(call: Callable[[], Any], loops: int) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        call()
    return time.perf_counter() - start


def run(
    command: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run ``command``; its wall time and its completed process. A failure is a BenchError
    carrying the command's output."""
    start = time.perf_counter()
    done = subprocess.run(
        list(command), env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise BenchError(
            f"command failed (exit {done.returncode}): {' '.join(command)}\n"
            f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        )
    return seconds, done
