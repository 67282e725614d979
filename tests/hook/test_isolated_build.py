"""The README's first command, as a user runs it: ``hatch build`` in an isolated build
environment that installs hatch-pywasm and pywasm-runtime from a local wheelhouse (neither is on
PyPI), then the wheel installed into a fresh environment and its components called."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_hatch_build_with_a_wheelhouse_then_call_the_components(
    example_build: Any, fresh_example: Path, pywasm_build_env: dict[str, str], tmp_path: Path
) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheelhouse)]
    subprocess.run([*pip_wheel, str(REPO), str(REPO / "runtime")], check=True)
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    env = {
        **pywasm_build_env,  # the session's component cache
        "PIP_FIND_LINKS": str(wheelhouse),
        "UV_FIND_LINKS": str(wheelhouse),
        # A new hatch data dir: hatch's build env gets this checkout's plugin, not a stale one.
        "HATCH_DATA_DIR": str(tmp_path / "hatch-data"),
        # Package downloads stay in the user's caches (the session cache is for components).
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR") or str(home_cache / "uv"),
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR") or str(home_cache / "pip"),
    }
    hatch = Path(sys.executable).with_name("hatch")
    built = subprocess.run(
        [str(hatch), "build", "-t", "wheel"],
        cwd=fresh_example,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "[pywasm] done in" in built.stdout + built.stderr
    (wheel,) = (fresh_example / "dist").glob("*.whl")

    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", str(venv)], env=env, check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        ["uv", "pip", "install", "-q", "--python", str(python), str(wheel)], env=env, check=True
    )
    demo = subprocess.run(
        [str(python), str(fresh_example / "demo.py")],
        cwd=tmp_path,  # imports shop from the installed wheel, not the project's source
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    lines = demo.stdout.splitlines()
    assert "total: 4589 cents" in lines
    assert "[shop] reserved 2 x dune" in lines  # the host import ran on the host
    assert "out of stock: chess: 5 wanted, 1 left" in lines
    assert "round trip: True" in lines
