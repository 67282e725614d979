"""The README's first command, as a user runs it: ``scripts/demo.sh`` builds a wheelhouse of
this checkout, runs ``hatch build`` in an isolated build environment that installs hatch-pywasm
and pywasm-runtime from it (neither is on PyPI), installs the wheel into a fresh environment and
calls the components (example_project/demo.py)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_the_demo_command_builds_installs_and_calls_the_components(
    example_build: Any, fresh_example: Path, pywasm_build_env: dict[str, str], tmp_path: Path
) -> None:
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    env = {
        **pywasm_build_env,  # the session's component cache: example_build filled it
        "PYWASM_NO_SETUP": "1",  # this test session's environment is installed already
        "PYWASM_PROJECT": str(fresh_example),
        "PYWASM_WORK": str(tmp_path / "work"),
        # Package downloads stay in the user's caches (the session cache is for components).
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR") or str(home_cache / "uv"),
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR") or str(home_cache / "pip"),
    }
    demo = subprocess.run(
        ["bash", str(REPO / "scripts" / "demo.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = demo.stdout + demo.stderr
    assert demo.returncode == 0, output
    assert "[pywasm] done in" in output
    lines = demo.stdout.splitlines()
    # every call labelled with the component (and backend) that served it
    assert "[store, componentize] total: 4589 cents" in lines
    assert "[shop] reserved 2 x dune" in lines  # the host import ran on the host
    assert "[store, componentize] out of stock: chess: 5 wanted, 1 left" in lines
    assert "[codec, componentize] round trip: True" in lines
    assert "[kernels, static] card number valid: True" in lines
    # the table: each component's backend, size and build time (seconds, or the cache)
    header = next(i for i, line in enumerate(lines) if line.startswith("component "))
    table = {line.split()[0]: line.split(None, 2)[2] for line in lines[header + 1 : header + 4]}
    assert set(table) == {"store", "codec", "kernels"}
    for name, row in table.items():
        assert re.match(r"\d+\.\d (MB|KB)  (\d+\.\d\d s|from the build cache)$", row), (name, row)
    assert (
        table["kernels"].endswith(("KB  from the build cache", " s")) and "KB" in table["kernels"]
    )
    # the demo installs no browser and no Node tools (only the tests need them)
    assert "chromium" not in output.lower()
