"""Building every component of a project: from the build cache when its inputs are unchanged,
else with its backend. Backends whose builds are slow and large (componentize-py: seconds and
~400 MB each, holding the GIL) run several at once in worker processes; the others (the static
compiler: ~0.1 s) one after the other in this process, before the worker pool starts. Which is
which, and what goes into a key, each backend says (``backends.Backend``)."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hatch_pywasm.backends import BackendError, BuildJob, backend
from hatch_pywasm.backends.workers import Worker, WorkerError, wait_any, worker_processes
from hatch_pywasm.cache import BuildCache, cache_key

#: Memory one componentize-py build needs, with headroom (measured: ~400 MB RSS).
MEMORY_PER_BUILD = 600 * 2**20
#: Cores one componentize-py build keeps busy: it is multi-threaded (measured on 2 cores: two
#: example_project components took 16.5 s side by side and 16 s one after the other).
CORES_PER_BUILD = 2
#: How often a waiting build reports that it is still running.
PROGRESS_INTERVAL = 5.0

Report = Callable[[str], None]


@dataclass(frozen=True)
class Built:
    """Where the build cache holds one job's component (``placement.Output`` adds what placing
    it needs)."""

    name: str
    path: Path  # the component file, inside the cache
    key: str
    cached: bool  # taken from the cache, the backend did not run
    seconds: float


def job_key(job: BuildJob) -> str:
    """The build cache key: the backend's identity and inputs, and every project source."""
    chosen = backend(job.backend)
    inputs: dict[str, bytes | str] = {"backend": chosen.identity(), **chosen.key_inputs(job)}
    for module, file in job.sources:
        inputs[f"source/{module}"] = Path(file).read_bytes()
    return cache_key(inputs)


def default_workers(pending: int) -> int:
    """As many parallel builds as cores and available memory allow."""
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        available = MEMORY_PER_BUILD
    cores = (os.cpu_count() or 1) // CORES_PER_BUILD
    return max(1, min(pending, cores, available // MEMORY_PER_BUILD))


def build_into_cache(job: BuildJob, cache_root: str, key: str) -> tuple[str, float]:
    """One build (in this process or a worker): build, then store under ``key``. Returns the
    cached file and the seconds the build took."""
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pywasm-build-") as tmp:
        output = Path(tmp) / f"{job.name}.wasm"
        backend(job.backend).build(job, output)
        stored = BuildCache(Path(cache_root)).store(key, output)
    return str(stored), time.monotonic() - began


def build_components(
    jobs: list[BuildJob], cache: BuildCache, workers: int | None, report: Report
) -> list[Built]:
    """Every job's component, in the order of ``jobs``. Raises one BackendError naming every
    component that failed."""
    built: dict[str, Built] = {}
    here: list[tuple[BuildJob, str]] = []
    elsewhere: list[tuple[BuildJob, str]] = []
    for job in jobs:
        key = job_key(job)
        hit = cache.lookup(key)
        if hit is not None:
            report(f"{job.name}: unchanged, taken from the build cache")
            built[job.name] = Built(job.name, hit, key, True, 0.0)
        else:
            (elsewhere if backend(job.backend).in_workers else here).append((job, key))
    errors: list[BackendError] = []
    for job, key in here:
        try:
            path, seconds = build_into_cache(job, str(cache.root), key)
        except BackendError as exc:
            errors.append(exc)
            continue
        name = job.name
        built[name] = Built(name, Path(path), key, False, seconds)
        report(f"{name}: built in {seconds:.2f} s by {backend(job.backend).label}")
    if elsewhere and not errors:  # a failed build fails the build: no need to wait
        count = workers or default_workers(len(elsewhere))
        results, failed = _run(elsewhere, cache, min(count, len(elsewhere)), report)
        built.update((item.name, item) for item in results)
        errors += failed
    if errors:
        raise BackendError(d for error in errors for d in error.diagnostics)
    return [built[job.name] for job in jobs]


def _run(
    pending: list[tuple[BuildJob, str]], cache: BuildCache, workers: int, report: Report
) -> tuple[list[Built], list[BackendError]]:
    """Builds in worker processes, ``workers`` at a time: what was built, and each failure.

    Always in worker processes, even one: the ~400 MB each build takes are returned when it
    ends, and this process stays free to report progress. Whatever ends this function (an
    error, Ctrl-C) ends the workers too."""
    start = time.monotonic()
    names = ", ".join(job.name for job, _ in pending)
    labels = " and ".join(sorted({backend(job.backend).label for job, _ in pending}))
    report(f"compiling {names} with {labels} ({workers} at a time)")
    results: list[Built] = []
    errors: list[BackendError] = []
    queue = list(pending)
    with worker_processes() as start_worker:
        running: dict[Worker, tuple[BuildJob, str]] = {}
        while queue or running:
            # Started only when a worker is free, so "running" means running.
            while queue and len(running) < workers:
                job, key = queue.pop(0)
                worker = start_worker(build_into_cache, job, str(cache.root), key)
                running[worker] = (job, key)
            done = wait_any(list(running), PROGRESS_INTERVAL)
            for worker in done:
                job, key = running.pop(worker)
                try:
                    path, seconds = worker.result()
                except BackendError as exc:
                    errors.append(exc)
                    continue
                except WorkerError as exc:
                    label = backend(job.backend).label
                    errors.append(BackendError(f"{label} could not build {job.name!r}: {exc}"))
                    continue
                report(f"{job.name}: built in {seconds:.1f} s")
                results.append(Built(job.name, Path(path), key, False, seconds))
            if not done:
                names = ", ".join(job.name for job, _ in running.values())
                report(f"still compiling {names} ({time.monotonic() - start:.0f} s)")
    return results, errors
