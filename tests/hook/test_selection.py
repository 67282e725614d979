"""Backend selection beyond the subset check: ``auto`` falls back when the static compile of code
inside the subset fails, ``static`` then fails; the trial compile is the build's compile; and
``python -m hatch_pywasm check`` reports an unmet ``backend = "static"`` with file:line, without
building anything."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from hatch_pywasm import wit
from hatch_pywasm.backends import BackendError, BuildJob, scheduler, selection, static
from hatch_pywasm.cache import BuildCache
from hatch_pywasm.config import ComponentConfig
from hatch_pywasm.frontend import analyze

INSIDE = """
def twice(x: int) -> int:
    return 2 * x
"""

OUTSIDE = """
def twice(x: int) -> int:
    return 2 * x


def describe(x: int) -> str:
    return "%d" % x
"""


def project(root: Path, source: str, backend: str) -> Path:
    """A project of one component ``k`` (module ``calc.ops``) with the given backend option."""
    (root / "src" / "calc").mkdir(parents=True)
    (root / "src" / "calc" / "__init__.py").write_text("")
    (root / "src" / "calc" / "ops.py").write_text(textwrap.dedent(source))
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""
            [project]
            name = "calc"
            version = "0.1.0"
            [tool.hatch.build.hooks.pywasm]
            [[tool.hatch.build.hooks.pywasm.components]]
            name = "k"
            modules = ["calc.ops"]
            backend = "{backend}"
            """
        )
    )
    return root


def model_of(root: Path) -> Any:
    spec = ComponentConfig(name="k", modules=("calc.ops",))
    return analyze(root, spec, namespace="calc", package="calc", version="0.1.0")


def fail(*_: Any) -> bytes:
    raise RuntimeError("wasm-tools component new failed: type mismatch")


def test_auto_falls_back_when_the_static_compile_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The subset check passes; the compile after it fails. No input is known to do that (it
    # would be a compiler bug), so the failure is simulated at the compile step only.
    root = project(tmp_path, INSIDE, "auto")
    component = model_of(root)
    monkeypatch.setattr(selection.static, "compile_component", fail)
    assert selection.choose("auto", component, root) == selection.Choice(
        "componentize",
        'backend = "auto", falling back: the static compiler failed (RuntimeError: wasm-tools '
        "component new failed: type mismatch), please report it",
    )
    failed = r"the static compiler failed \(RuntimeError: wasm-tools component new failed"
    with pytest.raises(BackendError, match=rf"component 'k' \(backend = \"static\"\): {failed}"):
        selection.choose("static", component, root)
    # without the trial compile (the CLI's check), only the subset is checked
    assert selection.choose("static", component, root, trial=False).backend == "static"


def test_the_trial_compile_is_the_builds_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path, INSIDE, "auto")
    component = model_of(root)
    choice = selection.choose("auto", component, root)
    assert choice.backend == "static"
    sources = static.read_sources(root, component)
    assert choice.static_wasm == static.compile_component(component, sources)
    assert choice.static_wasm.startswith(b"\0asm")
    # The build stores the trial's component: it does not compile again.
    monkeypatch.setattr(static, "compile_component", fail)
    file = root / "src" / "calc" / "ops.py"
    job = BuildJob(
        component=component,
        wit=wit.render(component),
        python_path=(),
        preload=("calc.ops",),
        sources=(("calc.ops", str(file)),),
        backend="static",
        static_wasm=choice.static_wasm,
    )
    (built,) = scheduler.build_components([job], BuildCache(tmp_path / "cache"), 1, print)
    assert built.path.read_bytes() == choice.static_wasm


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hatch_pywasm", "check", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_reports_an_unmet_static_backend_with_file_and_line(tmp_path: Path) -> None:
    root = project(tmp_path, OUTSIDE, "static")
    result = check(root)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "src/calc/ops.py:7: component 'k' (backend = \"static\"): the operator Mod on str is "
        'outside the compiled subset (hint: use backend = "auto" to fall back to componentize-py)',
        "1 problem(s) found",
    ]
    built = [p for p in root.rglob("*") if p.suffix == ".wasm" or p.name == "__wasm__"]
    assert built == []  # nothing was built


@pytest.mark.parametrize(("source", "backend"), [(OUTSIDE, "auto"), (INSIDE, "static")])
def test_check_passes_when_the_backend_can_be_met(
    tmp_path: Path, source: str, backend: str
) -> None:
    result = check(project(tmp_path, source, backend))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "ok: 1 component(s), 1 interface(s)\n"
