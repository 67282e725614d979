"""How much a run measures: the full run for the README, the quick one for the test suite."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Mode:
    name: Literal["quick", "full"]
    #: The project whose cold build is compared with the raw componentize-py CLI: example_project
    #: (two components) or the workload project (one component, reused by the other suites).
    build_target: Literal["example", "bench"]
    cold_builds: int  # each costs ~8-10 s and ~400 MB per component
    rebuilds: int
    #: Module counts of the workload component to build (size and time per module count).
    module_counts: tuple[int, ...]
    static_compiles: int
    load_cold_runs: int  # each compiles an 18 MB component with Cranelift (5-10 s)
    load_warm_runs: int
    call_repeats: int
    call_min_seconds: float  # each repetition loops at least this long
    compute_repeats: int
    #: Run Pyodide, MicroPython and the JS glue in Node (Pyodide alone takes 5-20 s to start).
    node_peers: bool
    #: The input of each kernel (the exported function's argument).
    kernel_inputs: dict[str, int] = field(default_factory=dict)


FULL = Mode(
    name="full",
    build_target="example",
    cold_builds=3,
    rebuilds=5,
    module_counts=(1, 2, 3, 4, 5, 6),
    static_compiles=5,
    load_cold_runs=3,
    load_warm_runs=7,
    call_repeats=7,
    call_min_seconds=0.2,
    compute_repeats=5,
    node_peers=True,
    kernel_inputs={
        "fib": 30,
        "mandelbrot": 200,
        "sieve": 1_000_000,
        "nbody": 50_000,
        "spectral_norm": 150,
        "interpret": 10_000,
        "word_count": 20_000,
    },
)

QUICK = Mode(
    name="quick",
    build_target="bench",
    cold_builds=1,
    rebuilds=2,
    module_counts=(6,),
    static_compiles=2,
    load_cold_runs=1,
    load_warm_runs=2,
    call_repeats=3,
    call_min_seconds=0.01,
    compute_repeats=2,
    node_peers=False,
    kernel_inputs={
        "fib": 15,
        "mandelbrot": 20,
        "sieve": 5_000,
        "nbody": 200,
        "spectral_norm": 10,
        "interpret": 200,
        "word_count": 500,
    },
)
