"""Finding 9, the install side: ``scripts/demo.sh`` installs only what the demo needs. Its
setup step (``scripts/setup.sh demo``), run in a fresh copy of this checkout, makes a virtual
environment with the plugin, the runtime, hatch and uv, and neither the test tools, nor the
Node tools, nor Chromium. (The demo itself runs in tests/hook/test_isolated_build.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow


def test_the_demos_setup_installs_python_tools_only(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in tracked)):
        if (REPO / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, checkout / name)
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR") or str(home_cache / "pip")
    # python3 is the machine's, as on a fresh one, not this session's virtual environment
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if "venv" not in p)
    done = subprocess.run(
        ["bash", "scripts/setup.sh", "demo"], cwd=checkout, env=env,
        capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    bin_dir = checkout / ".venv" / "bin"
    for tool in ("hatch", "uv", "hatch-pywasm", "python"):
        assert (bin_dir / tool).is_file(), tool
    assert not (bin_dir / "pytest").exists()  # the test tools are the tests' business
    assert not (checkout / "node_modules").exists()  # no npm ci
    assert "chromium" not in (done.stdout + done.stderr).lower()
    shown = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True, text=True, check=True,
    ).stdout.lower()  # fmt: skip
    assert "pywasm-runtime==" in shown and "hatch-pywasm==" in shown
