"""Building every component of a project: from the cache when its inputs are unchanged, else
with the backend, several at once in worker processes (each componentize-py build takes seconds
and ~400 MB, and holds the GIL)."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hatch_pywasm.backends import BackendError, BuildJob, componentize
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
    name: str
    path: Path  # the component file, inside the cache
    key: str
    cached: bool  # taken from the cache, the backend did not run
    seconds: float


def job_key(job: BuildJob) -> str:
    inputs: dict[str, bytes | str] = {
        "backend": f"{componentize.NAME} {componentize.version()}",
        "stub-wasi": str(job.stub_wasi),
        "environment": "\n".join(job.environment),
        "preload": "\n".join(job.preload),
    }
    for name, text in componentize.inputs(job).items():
        inputs[f"generated/{name}"] = text
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


def _compile_into_cache(job: BuildJob, cache_root: str, key: str) -> tuple[str, float]:
    """One build, in a worker process: compile, then store under ``key``. Returns the cached
    file and the seconds the build took."""
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pywasm-build-") as tmp:
        output = Path(tmp) / f"{job.component.name}.wasm"
        componentize.compile_component(job, output)
        stored = BuildCache(Path(cache_root)).store(key, output)
    return str(stored), time.monotonic() - began


def build_components(
    jobs: list[BuildJob], cache: BuildCache, workers: int | None, report: Report
) -> list[Built]:
    """Every job's component, in the order of ``jobs``. Raises one BackendError naming every
    component that failed."""
    keys = [job_key(job) for job in jobs]
    built: dict[str, Built] = {}
    pending: list[tuple[BuildJob, str]] = []
    for job, key in zip(jobs, keys, strict=True):
        hit = cache.lookup(key)
        if hit is not None:
            report(f"{job.component.name}: unchanged, taken from the build cache")
            built[job.component.name] = Built(job.component.name, hit, key, True, 0.0)
        else:
            pending.append((job, key))
    if pending:
        count = workers or default_workers(len(pending))
        for item in _run(pending, cache, min(count, len(pending)), report):
            built[item.name] = item
    return [built[job.component.name] for job in jobs]


def _run(
    pending: list[tuple[BuildJob, str]], cache: BuildCache, workers: int, report: Report
) -> list[Built]:
    start = time.monotonic()
    names = ", ".join(job.component.name for job, _ in pending)
    report(f"compiling {names} with componentize-py ({workers} at a time)")
    results: list[Built] = []
    errors: list[str] = []
    # Always in worker processes, even one: the ~400 MB each build takes are returned when it
    # ends, and the main process stays free to report progress. Spawned, not forked: the build
    # front-end's process may hold threads and locks.
    context = multiprocessing.get_context("spawn")
    queue = list(pending)
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        running: dict[concurrent.futures.Future[tuple[str, float]], tuple[BuildJob, str]] = {}
        while queue or running:
            # Submitted only when a worker is free, so "running" means running.
            while queue and len(running) < workers:
                job, key = queue.pop(0)
                running[pool.submit(_compile_into_cache, job, str(cache.root), key)] = (job, key)
            done, _ = concurrent.futures.wait(
                running, PROGRESS_INTERVAL, concurrent.futures.FIRST_COMPLETED
            )
            for future in done:
                job, key = running.pop(future)
                try:
                    path, seconds = future.result()
                except BackendError as exc:
                    errors.append(str(exc))
                    continue
                report(f"{job.component.name}: built in {seconds:.1f} s")
                results.append(Built(job.component.name, Path(path), key, False, seconds))
            if not done:
                names = ", ".join(job.component.name for job, _ in running.values())
                report(f"still compiling {names} ({time.monotonic() - start:.0f} s)")
    return _checked(results, errors)


def _checked(results: list[Built], errors: list[str]) -> list[Built]:
    if errors:
        raise BackendError("\n".join(errors))
    return results
